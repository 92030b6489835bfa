package org.d2aflow.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.d2aflow.testkit.TestStack;

/** Reads raw records (dead letters, figure snapshots) from the real broker. */
public final class FigureReader {

    private FigureReader() {
    }

    /** Records of a topic with a key (or every record when key is null), read from the beginning for up to the timeout. */
    public static List<ConsumerRecord<String, byte[]>> rawRecords(String topic, String key, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "raw-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && found.isEmpty()) {
                for (var r : consumer.poll(Duration.ofMillis(300))) {
                    if (key == null || key.equals(r.key())) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }
}
