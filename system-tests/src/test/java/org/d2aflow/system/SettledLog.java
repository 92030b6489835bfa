package org.d2aflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.d2aflow.testkit.TestStack;

/**
 * Tells when everything the services have written has reached every consumer, so that a figure read "live" then
 * holds every event recorded up to the instant it names. Settled means, checked in this order and polled until it
 * holds (never a fixed sleep):
 * <ol>
 * <li>no outbox row of the three write services is unpublished (the relay stamps a row after its Kafka transaction);</li>
 * <li>the three event topics have no open transaction (last stable offset = high watermark) and this reader has read
 * them to that end;</li>
 * <li>every consumer group with members assigned to them (capacity-service's, placement-service's) has committed past the
 * last record of each partition of those topics: whatever a service does with an event, including writing new events
 * of its own, happened in the transaction before that commit (metrics-service assigns itself its partitions outside
 * any group membership, and is checked by the next step instead);</li>
 * <li>metrics-service's serving projection ({@code GET /figures/projection}) holds every record: its positions,
 * published with the facts under one lock, are past the last record of each partition;</li>
 * <li>again no unpublished outbox row, and the end offsets have not moved since step 2: nothing a consumer did in
 * steps 3 and 4 wrote anything new.</li>
 * </ol>
 * The reader also keeps every record it read, to count the distinct CloudEvents ids and to re-deliver one on purpose.
 */
final class SettledLog implements AutoCloseable {

    static final List<String> TOPICS = List.of(Topics.REFERRALS, Topics.CAPACITY, Topics.PLACEMENTS);
    private static final List<String> DATABASES = List.of("d2a_referral", "d2a_capacity", "d2a_placement");

    private final Admin admin;
    private final KafkaConsumer<String, byte[]> tail;
    private final KafkaProducer<String, byte[]> producer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    /** Per partition, the offset after the last record read (0 when none). */
    private final Map<TopicPartition, Long> afterLast = new HashMap<>();
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();

    SettledLog() {
        String servers = TestStack.get().bootstrapServers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
        tail = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        // A plain producer, neither idempotent nor transactional: a redelivery as a network retry or a relay rerun makes it.
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false), new StringSerializer(), new ByteArraySerializer());
        for (String topic : TOPICS) {
            tail.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        tail.assign(partitions);
        tail.seekToBeginning(partitions);
        partitions.forEach(tp -> afterLast.put(tp, 0L));
    }

    /** Waits until the log is settled (see the class comment); fails with what was still moving after {@code timeout}. */
    void await(Suite suite, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String waitingFor = "";
        while (System.nanoTime() < deadline) {
            waitingFor = settledOrWhy(suite);
            if (waitingFor == null) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("the log did not settle within " + timeout + ": still waiting for " + waitingFor);
    }

    private String settledOrWhy(Suite suite) {
        String outbox = unpublished();
        if (outbox != null) {
            return outbox;
        }
        Map<TopicPartition, Long> end = endOffsets();
        if (end == null) {
            return "an open transaction on an event topic";
        }
        readTo(end);
        String groups = groupsBehind();
        if (groups != null) {
            return groups;
        }
        String metrics = metricsBehind(suite);
        if (metrics != null) {
            return metrics;
        }
        outbox = unpublished();
        if (outbox != null) {
            return outbox;
        }
        return end.equals(endOffsets()) ? null : "end offsets that moved meanwhile";
    }

    private static String unpublished() {
        for (String db : DATABASES) {
            // rowCounts runs "SELECT count(*) FROM <text>" in one snapshot; the text here narrows it to the rows not yet sent.
            long n = TestStack.get().rowCounts(db, List.of("outbox WHERE published_at IS NULL")).values().iterator().next();
            if (n > 0) {
                return n + " unpublished outbox row(s) in " + db;
            }
        }
        return null;
    }

    /** The end of each partition, or null while a transaction is open on one (last stable offset behind the high watermark). */
    private Map<TopicPartition, Long> endOffsets() {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        try {
            var stable = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS);
            var high = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> end = new HashMap<>();
            for (TopicPartition tp : partitions) {
                if (stable.get(tp).offset() != high.get(tp).offset()) {
                    return null;
                }
                end.put(tp, stable.get(tp).offset());
            }
            return end;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list the end offsets of " + TOPICS, e);
        }
    }

    private void readTo(Map<TopicPartition, Long> end) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partitions.stream().anyMatch(tp -> tail.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("this reader could not read the event topics to " + end);
            }
            for (ConsumerRecord<String, byte[]> r : tail.poll(Duration.ofMillis(200))) {
                records.add(r);
                afterLast.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                Header id = r.headers().lastHeader(CloudEventHeaders.ID);
                assertThat(id).as("ce_id of %s-%d@%d", r.topic(), r.partition(), r.offset()).isNotNull();
                ids.add(new String(id.value(), StandardCharsets.UTF_8));
            }
        }
    }

    private String groupsBehind() {
        try {
            List<String> groups = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream().map(ConsumerGroupListing::groupId).toList();
            Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
            for (String group : groups) {
                Set<String> topics = new HashSet<>();
                for (MemberDescription m : described.get(group).members()) {
                    m.assignment().topicPartitions().forEach(tp -> topics.add(tp.topic()));
                }
                topics.retainAll(TOPICS);
                if (topics.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                for (TopicPartition tp : partitions) {
                    if (!topics.contains(tp.topic()) || afterLast.get(tp) == 0) {
                        continue;
                    }
                    OffsetAndMetadata c = committed.get(tp);
                    if (c == null || c.offset() < afterLast.get(tp)) {
                        return "consumer group " + group + " at " + (c == null ? "nothing" : c.offset()) + " of " + tp + " (last record ends at "
                                + afterLast.get(tp) + ")";
                    }
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the consumer groups' offsets", e);
        }
    }

    private String metricsBehind(Suite suite) {
        var status = projection(suite);
        if (!"LIVE".equals(status.getString("serving.state"))) {
            return "metrics-service's projection to be LIVE";
        }
        Map<String, Object> positions = status.getMap("serving.positions");
        for (TopicPartition tp : partitions) {
            Object at = positions.get(tp.topic() + "-" + tp.partition());
            long reached = at == null ? 0 : ((Number) at).longValue();
            if (reached < afterLast.get(tp)) {
                return "metrics-service at " + reached + " of " + tp + " (last record ends at " + afterLast.get(tp) + ")";
            }
        }
        return null;
    }

    static io.restassured.path.json.JsonPath projection(Suite suite) {
        return Suite.as("commissioner").baseUri(suite.metrics.url()).get("/figures/projection").then().statusCode(200).extract().jsonPath();
    }

    /** Records read so far, every delivery counted. */
    int records() {
        return records.size();
    }

    /** Distinct CloudEvents ids read so far. */
    int distinctIds() {
        return ids.size();
    }

    /**
     * Sends a record read earlier once more, as a second delivery: same topic, partition, key, value and headers (so the
     * same CloudEvents id). Returns the id.
     */
    String redeliver(java.util.Random random) {
        assertThat(records).as("records to redeliver").isNotEmpty();
        ConsumerRecord<String, byte[]> r = records.get(random.nextInt(records.size()));
        try {
            producer.send(new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value(), r.headers())).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot redeliver " + r, e);
        }
        return new String(r.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8) + " ("
                + new String(r.headers().lastHeader(CloudEventHeaders.TYPE).value(), StandardCharsets.UTF_8) + " on " + r.topic() + ")";
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        tail.close(Duration.ofSeconds(10));
        admin.close(Duration.ofSeconds(10));
    }
}
