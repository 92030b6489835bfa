package org.d2aflow.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.kafka.CloudEventDeserializer;

/** Reads a topic of the real broker from the beginning, as a downstream consumer would. */
public final class TopicReader {

    private TopicReader() {
    }

    /** Records of the topic whose key matches, waiting until {@code enough} says there are enough (or the timeout). */
    public static List<ConsumerRecord<String, EventEnvelope<D2aEvent>>> read(String topic, String key, Duration timeout,
            Predicate<List<ConsumerRecord<String, EventEnvelope<D2aEvent>>>> enough) {
        return read(topic, key::equals, timeout, enough, new CloudEventDeserializer());
    }

    /**
     * Records of the topic whose key is one of {@code keys}, in log order, in one read: one quiet window for several keys
     * (each key gets the whole {@code timeout}) instead of one window after another.
     */
    public static List<ConsumerRecord<String, EventEnvelope<D2aEvent>>> read(String topic, java.util.Set<String> keys, Duration timeout,
            Predicate<List<ConsumerRecord<String, EventEnvelope<D2aEvent>>>> enough) {
        return read(topic, keys::contains, timeout, enough, new CloudEventDeserializer());
    }

    /** The same, with the values as the bytes on the log (for tests of headers and bodies as written). */
    public static List<ConsumerRecord<String, byte[]>> readRaw(String topic, String key, Duration timeout,
            Predicate<List<ConsumerRecord<String, byte[]>>> enough) {
        return read(topic, key::equals, timeout, enough, new ByteArrayDeserializer());
    }

    private static <V> List<ConsumerRecord<String, V>> read(String topic, Predicate<String> key, Duration timeout,
            Predicate<List<ConsumerRecord<String, V>>> enough, Deserializer<V> values) {
        List<ConsumerRecord<String, V>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // as every consumer of the suite: the outbox relays publish in Kafka transactions
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !enough.test(found)) {
                for (var record : consumer.poll(Duration.ofMillis(300))) {
                    if (record.key() != null && key.test(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }
}
