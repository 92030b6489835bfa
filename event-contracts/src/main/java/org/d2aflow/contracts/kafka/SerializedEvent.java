package org.d2aflow.contracts.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.d2aflow.contracts.internal.Require;

/**
 * An event ready for Kafka: topic, key, headers and value bytes, exactly as they will be published.
 *
 * <p>This is what a transactional outbox stores in its row (the headers as text, the value as bytes) and what
 * its relay later turns into a {@link ProducerRecord} with {@link #toProducerRecord()}, so the relay needs no
 * knowledge of events. The header map keeps its order, which is the order the headers are sent in.
 *
 * @param topic   the topic of the event's family
 * @param key     the Kafka key: the event's stream id
 * @param headers the CloudEvents headers by name, values as text (sent as UTF-8)
 * @param value   the JSON body
 */
public record SerializedEvent(String topic, String key, Map<String, String> headers, byte[] value) {

    public SerializedEvent {
        Require.text(topic, "topic");
        Require.text(key, "key");
        Require.present(headers, "headers");
        Require.present(value, "value");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        value = value.clone();
    }

    /** The value bytes (a copy). */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The CloudEvents id, which consumers deduplicate on. */
    public String eventId() {
        return headers.get(CloudEventHeaders.ID);
    }

    /** The headers as Kafka headers, in order, values UTF-8 encoded. */
    public List<Header> kafkaHeaders() {
        List<Header> list = new ArrayList<>(headers.size());
        headers.forEach((name, text) -> list.add(new RecordHeader(name, text.getBytes(StandardCharsets.UTF_8))));
        return list;
    }

    /** A record to send with a {@code StringSerializer} key and a {@code ByteArraySerializer} value. */
    public ProducerRecord<String, byte[]> toProducerRecord() {
        return new ProducerRecord<>(topic, null, key, value(), kafkaHeaders());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SerializedEvent
                && topic.equals(((SerializedEvent) other).topic)
                && key.equals(((SerializedEvent) other).key)
                && headers.equals(((SerializedEvent) other).headers)
                && Arrays.equals(value, ((SerializedEvent) other).value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * topic.hashCode() + key.hashCode()) + headers.hashCode()) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "SerializedEvent[topic=" + topic + ", key=" + key + ", headers=" + headers
                + ", value=" + new String(value, StandardCharsets.UTF_8) + "]";
    }
}
