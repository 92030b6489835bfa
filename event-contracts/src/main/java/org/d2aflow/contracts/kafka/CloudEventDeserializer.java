package org.d2aflow.contracts.kafka;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventTypes;
import org.d2aflow.contracts.MalformedEventException;
import org.d2aflow.contracts.UnknownEventTypeException;

/**
 * Kafka value deserializer reading a CloudEvents binary-mode record into an {@link EventEnvelope}, upcasting
 * older event types to the current record on the way.
 */
public final class CloudEventDeserializer implements Deserializer<EventEnvelope<D2aEvent>> {

    private final EventTypes types;

    /** A deserializer with the standard registry; the constructor Kafka uses when configured by class name. */
    public CloudEventDeserializer() {
        this(EventTypes.standard());
    }

    /** A deserializer with a given registry, e.g. one with extra upcasters. */
    public CloudEventDeserializer(EventTypes types) {
        if (types == null) {
            throw new NullPointerException("types is required");
        }
        this.types = types;
    }

    /** Always fails: binary mode needs the record headers, which this overload does not receive. */
    @Override
    public EventEnvelope<D2aEvent> deserialize(String topic, byte[] data) {
        throw new UnsupportedOperationException(
                "CloudEvents binary mode reads the attributes from Kafka headers; call deserialize(topic, headers, data)");
    }

    /**
     * The envelope of the record; a null value (a tombstone) gives null.
     *
     * @throws MalformedEventException   if a mandatory header is missing or invalid, or the body is bad
     * @throws UnknownEventTypeException if the type is neither current nor upcastable
     */
    @Override
    public EventEnvelope<D2aEvent> deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        return CloudEventHeaders.deserialize(headers, data, types);
    }
}
