package org.d2aflow.contracts.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.d2aflow.contracts.EventEnvelope;

/**
 * Kafka value serializer writing an {@link EventEnvelope} in CloudEvents binary mode: attributes into the
 * record's headers, the event's JSON body as the value. Pair it with a {@code StringSerializer} key of
 * {@code envelope.subject()}.
 */
public final class CloudEventSerializer implements Serializer<EventEnvelope<?>> {

    /** Always fails: binary mode needs the record headers, which this overload does not receive. */
    @Override
    public byte[] serialize(String topic, EventEnvelope<?> data) {
        throw new UnsupportedOperationException(
                "CloudEvents binary mode writes the attributes into Kafka headers; call serialize(topic, headers, data)");
    }

    /** Adds the CloudEvents headers (replacing any of the same name) and returns the JSON body; null stays null. */
    @Override
    public byte[] serialize(String topic, Headers headers, EventEnvelope<?> data) {
        if (data == null) {
            return null;
        }
        SerializedEvent serialized = CloudEventHeaders.serialize(data);
        serialized.headers().forEach((name, text) -> {
            headers.remove(name);
            headers.add(name, text.getBytes(StandardCharsets.UTF_8));
        });
        return serialized.value();
    }
}
