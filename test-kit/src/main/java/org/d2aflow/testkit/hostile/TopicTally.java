package org.d2aflow.testkit.hostile;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the committed records published to some topics since it was made. End offsets alone overcount: the outbox
 * relay publishes in Kafka transactions, and every commit marker takes an offset.
 */
final class TopicTally {

    private final String bootstrap;
    private final Collection<String> topics;
    private final Map<TopicPartition, Long> start;

    /** Starts counting once the topics are quiet (the seed data's records published: two reads a second apart agree). */
    TopicTally(String bootstrap, Collection<String> topics) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        Map<TopicPartition, Long> previous = ends();
        for (int i = 0; i < 60; i++) {
            HostileCampaign.sleep(1000);
            Map<TopicPartition, Long> now = ends();
            if (now.equals(previous)) {
                break;
            }
            previous = now;
        }
        this.start = previous;
    }

    /** Committed records per topic since the start. */
    Map<String, Long> count() {
        Map<String, Long> counts = new TreeMap<>();
        topics.forEach(t -> counts.put(t, 0L));
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            Map<TopicPartition, Long> end = consumer.endOffsets(start.keySet());
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            long deadline = System.currentTimeMillis() + 30_000;
            while (!reached(consumer, end) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        counts.merge(r.topic(), 1L, Long::sum);
                    }
                }
            }
        }
        return counts;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Map<TopicPartition, Long> ends() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = topics.stream().flatMap(t -> consumer.partitionsFor(t).stream()
                    .map(p -> new TopicPartition(t, p.partition()))).toList();
            return new HashMap<>(consumer.endOffsets(partitions));
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }
}
