package org.d2aflow.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every record of every topic on a broker (internal topics aside), read from the beginning to the end offsets of
 * the moment, as text: key, header values and value. For checks that something never reaches the log.
 */
public final class EventLogScan {

    /** One record as text, with where it came from. */
    public record Text(String topic, int partition, long offset, String text) {
    }

    private final Set<String> topics;
    private final List<Text> records;

    private EventLogScan(Set<String> topics, List<Text> records) {
        this.topics = topics;
        this.records = records;
    }

    public static EventLogScan everyTopic(String bootstrapServers) throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Set<String> names;
        List<TopicPartition> partitions = new ArrayList<>();
        try (Admin client = Admin.create(admin)) {
            names = new TreeSet<>(client.listTopics(new ListTopicsOptions().listInternal(false)).names().get());
            Map<String, TopicDescription> described = client.describeTopics(names).allTopicNames().get();
            described.values().forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "event-log-scan-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Deliberately not read_committed, unlike every consumer: what must never reach the log must not be in an aborted attempt either.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        List<Text> texts = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the log could not be read to its end within 2 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    StringBuilder text = new StringBuilder();
                    if (r.key() != null) {
                        text.append(new String(r.key(), StandardCharsets.UTF_8)).append('\n');
                    }
                    for (Header h : r.headers()) {
                        text.append(h.key()).append('=').append(h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8)).append('\n');
                    }
                    if (r.value() != null) {
                        text.append(new String(r.value(), StandardCharsets.UTF_8));
                    }
                    texts.add(new Text(r.topic(), r.partition(), r.offset(), text.toString()));
                }
            }
        }
        return new EventLogScan(names, texts);
    }

    public Set<String> topics() {
        return topics;
    }

    public int records() {
        return records.size();
    }

    /** Records whose text contains any of the needles, each described with the needles it holds. */
    public List<String> recordsContainingAnyOf(Collection<String> needles) {
        List<String> needlesToFind = needles.stream().filter(n -> n != null && !n.isBlank()).distinct().toList();
        List<String> hits = new ArrayList<>();
        for (Text t : records) {
            List<String> found = needlesToFind.stream().filter(t.text()::contains).toList();
            if (!found.isEmpty()) {
                hits.add(t.topic() + "-" + t.partition() + "@" + t.offset() + " holds " + found.stream().collect(Collectors.joining(", ")));
            }
        }
        return hits;
    }
}
