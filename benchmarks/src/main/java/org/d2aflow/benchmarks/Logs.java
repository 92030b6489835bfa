package org.d2aflow.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What is on the topics. */
final class Logs {

    private Logs() {
    }

    /**
     * Offsets per topic (sum of end offsets; the topics are never trimmed): the record count, plus one offset per
     * partition per Kafka transaction for the markers of what the outbox relays published (not for logs written directly).
     */
    static Map<String, Long> endOffsets(String bootstrap, List<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String topic : topics) {
                List<TopicPartition> parts = new ArrayList<>();
                for (PartitionInfo info : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                    parts.add(new TopicPartition(topic, info.partition()));
                }
                out.put(topic, c.endOffsets(parts, Duration.ofSeconds(30)).values().stream().mapToLong(Long::longValue).sum());
            }
            return out;
        }
    }
}
