package org.d2aflow.capacity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import org.d2aflow.testkit.TestStack;

/**
 * Plays the other services on the real broker: publishes their events as CloudEvents through one producer kept
 * for the whole run (the test kit's TopicWriter opens one per record, too slow for seeding hundreds), and reads
 * raw records such as dead letters, which are not events.
 */
public final class EventLog {

    public static final String REFERRAL_SERVICE = "/d2a/referral-service";
    public static final String PLACEMENT_SERVICE = "/d2a/placement-service";

    private static KafkaProducer<String, byte[]> producer;

    private EventLog() {
    }

    /** Wraps events of one stream in envelopes numbered from {@code firstVersion}, recorded now. */
    public static List<EventEnvelope<D2aEvent>> envelopes(String source, long firstVersion, List<? extends D2aEvent> events) {
        List<EventEnvelope<D2aEvent>> out = new ArrayList<>();
        long version = firstVersion;
        for (D2aEvent e : events) {
            out.add(EventEnvelope.of(UUID.randomUUID().toString(), source, Instant.now(), version++, e));
        }
        return out;
    }

    /** Publishes the envelopes in order and waits until the broker has them all. */
    public static void publish(List<? extends EventEnvelope<?>> envelopes) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (EventEnvelope<?> e : envelopes) {
            SerializedEvent s = CloudEventHeaders.serialize(e);
            sent.add(producer().send(new ProducerRecord<>(s.topic(), null, s.key(), s.value(), s.kafkaHeaders())));
        }
        producer().flush();
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (Exception ex) {
                throw new IllegalStateException("The broker did not take an event: " + ex, ex);
            }
        }
    }

    public static EventEnvelope<D2aEvent> publish(String source, long version, D2aEvent event) {
        EventEnvelope<D2aEvent> e = envelopes(source, version, List.of(event)).get(0);
        publish(List.of(e));
        return e;
    }

    /** A record as a broken producer might send it. */
    public static void publishRaw(String topic, String key, Map<String, String> headers, String value) {
        List<Header> h = headers.entrySet().stream()
                .<Header>map(x -> new RecordHeader(x.getKey(), x.getValue().getBytes(StandardCharsets.UTF_8))).toList();
        try {
            producer().send(new ProducerRecord<>(topic, null, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), h))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception ex) {
            throw new IllegalStateException("The broker did not take the record: " + ex, ex);
        }
    }

    /** Records of a topic with the key, read raw from the beginning, until {@code enough} or the timeout. */
    public static List<ConsumerRecord<String, byte[]>> readRaw(String topic, String key, Duration timeout,
            java.util.function.Predicate<List<ConsumerRecord<String, byte[]>>> enough) {
        return org.d2aflow.testkit.TopicReader.readRaw(topic, key, timeout, enough);
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 2), new StringSerializer(), new ByteArraySerializer());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> producer.close(Duration.ofSeconds(2))));
        }
        return producer;
    }
}
