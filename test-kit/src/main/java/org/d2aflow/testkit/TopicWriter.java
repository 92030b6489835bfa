package org.d2aflow.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.d2aflow.contracts.kafka.SerializedEvent;

/** Publishes events onto the real broker as another service would, for consumer tests; also poison records. */
public final class TopicWriter {

    private TopicWriter() {
    }

    /** Publishes an event as a CloudEvent from {@code source}, recorded now (to the microsecond, as the services record), at the given stream version. */
    public static EventEnvelope<D2aEvent> publish(String source, long streamVersion, D2aEvent event) {
        EventEnvelope<D2aEvent> envelope = EventEnvelope.of(UUID.randomUUID().toString(), source, Instant.now().truncatedTo(ChronoUnit.MICROS),
                streamVersion, event);
        publish(envelope);
        return envelope;
    }

    /** Publishes an envelope exactly (same id twice is a duplicate delivery). */
    public static RecordMetadata publish(EventEnvelope<?> envelope) {
        SerializedEvent e = CloudEventHeaders.serialize(envelope);
        return send(e.topic(), e.key(), e.kafkaHeaders(), e.value());
    }

    /** Publishes an envelope with extra headers, e.g. the W3C {@code traceparent} of the span that sent it. */
    public static RecordMetadata publish(EventEnvelope<?> envelope, Map<String, String> extraHeaders) {
        SerializedEvent e = CloudEventHeaders.serialize(envelope);
        List<Header> headers = new java.util.ArrayList<>(e.kafkaHeaders());
        extraHeaders.forEach((k, v) -> headers.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        return send(e.topic(), e.key(), headers, e.value());
    }

    /**
     * Publishes envelopes in their order through one producer and waits for all of them: they reach the broker
     * together, so a consumer usually reads them in one poll (its batch path).
     */
    public static void publishAll(List<? extends EventEnvelope<?>> envelopes) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 50), new StringSerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new java.util.ArrayList<>();
            for (EventEnvelope<?> envelope : envelopes) {
                SerializedEvent e = CloudEventHeaders.serialize(envelope);
                sent.add(producer.send(new ProducerRecord<>(e.topic(), null, e.key(), e.value(), e.kafkaHeaders())));
            }
            for (var f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish " + envelopes.size() + " events: " + e, e);
        }
    }

    /** Publishes a raw record, e.g. one no consumer can read. */
    public static RecordMetadata publishRaw(String topic, String key, Map<String, String> headers, String value) {
        List<Header> h = headers.entrySet().stream()
                .<Header>map(x -> new RecordHeader(x.getKey(), x.getValue().getBytes(StandardCharsets.UTF_8))).toList();
        return send(topic, key, h, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static RecordMetadata send(String topic, String key, List<Header> headers, byte[] value) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic + ": " + e, e);
        }
    }
}
