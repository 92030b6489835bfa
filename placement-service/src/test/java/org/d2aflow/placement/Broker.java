package org.d2aflow.placement;

import java.nio.charset.StandardCharsets;
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
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.testkit.TestStack;
import org.d2aflow.testkit.TopicWriter;

/** The real broker as the other services use it: what they publish, and what lands on the dead-letter topic. */
public final class Broker {

    private Broker() {
    }

    /** Publishes as capacity-service would. */
    public static EventEnvelope<D2aEvent> publish(CapacityEvent event) {
        return TopicWriter.publish(Events.CAPACITY_SOURCE, 1, event);
    }

    /** Publishes as referral-service would. */
    public static EventEnvelope<D2aEvent> publish(ReferralEvent event) {
        return TopicWriter.publish(Events.REFERRAL_SOURCE, 1, event);
    }

    /** Dead-lettered records with the key, read raw (they are by definition not readable as events). */
    public static List<ConsumerRecord<String, byte[]>> deadLetters(String key, int atLeast, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-dead-letters-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DEAD_LETTER));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && found.size() < atLeast) {
                for (var record : consumer.poll(Duration.ofMillis(300))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
