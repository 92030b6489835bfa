package org.d2aflow.metrics.infrastructure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.kafka.CloudEventDeserializer;

/**
 * Reads one of the service's own topics (d2a.escalation, d2a.returns) from offset 0 to the end offsets seen when it starts:
 * how the service restores what it wrote, having no database. Committed records only; no consumer group.
 */
public final class TopicReplay {

    private TopicReplay() {
    }

    /** Every record of the topic with a value of {@code family} and a key {@code keys} accepts, in offset order per partition. */
    public static <E extends D2aEvent> List<EventEnvelope<E>> readAll(String bootstrapServers, String topic, String clientId, Class<E> family,
            Predicate<String> keys, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        List<EventEnvelope<E>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, EventEnvelope<D2aEvent>> c = new KafkaConsumer<>(p, new StringDeserializer(), new CloudEventDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic, timeout).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, timeout);
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + " not read to its end within " + timeout);
                }
                for (ConsumerRecord<String, EventEnvelope<D2aEvent>> r : c.poll(Duration.ofMillis(200))) {
                    if (keys.test(r.key()) && r.value() != null && family.isInstance(r.value().event())) {
                        out.add(r.value().narrow(family));
                    }
                }
            }
        }
        return out;
    }
}
