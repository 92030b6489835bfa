package org.d2aflow.metrics.infrastructure.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.d2aflow.metrics.query.FiguresUnavailable;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether this instance's Kafka Streams client may answer figures (STREAMS.md section 10f): started, RUNNING, and caught up,
 * that is, the application's committed offsets have reached, on every partition of the event-log topics it reads, where the
 * log ended (last stable offset) when this instance first looked, and on the claims' repartition topic where it ends now.
 * Like the heap projection's readiness: caught up once, it stays so (later lag is freshness, section 7, not unreadiness);
 * a client that leaves RUNNING (a rebalance) answers 503 until it is back. Read with an admin client (committed offsets of
 * the application's group, end offsets of the topics), at most every {@link #LOOK_EVERY} until caught up; the task metadata
 * of the client is no use here, its offsets are only refreshed when a thread changes state.
 *
 * <p>Also the readiness check "Figures from Kafka Streams" (the extension's own checks are left off at build time: they
 * report DOWN when the switch leaves Kafka Streams off at start-up): UP when off, else whether figures can be answered.
 */
@Readiness
@Default // @Readiness is a qualifier: ServingCellPartials injects it as a plain bean
@ApplicationScoped
public class StreamsServing implements HealthCheck {

    static final Duration LOOK_EVERY = Duration.ofMillis(500);
    static final String CHECK = "Figures from Kafka Streams";

    @ConfigProperty(name = StreamsTopologyProducer.SWITCH, defaultValue = "false")
    boolean enabled;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.kafka-streams.application-id")
    String applicationId;

    @Inject
    StreamsTopologyProducer topology;

    private volatile KafkaStreams client;
    private volatile boolean caughtUp;
    private volatile String notYet = "Kafka Streams has not started";
    /** Where the event-log topics ended when first looked at: partition counts and the offsets to reach. */
    private Map<TopicPartition, Long> target;
    private long lookedAt;
    private Admin admin;

    void started(@Observes KafkaStreams streams) {
        client = streams;
    }

    /**
     * The client, when it can answer figures now.
     *
     * @throws FiguresUnavailable not started, not RUNNING, or not caught up yet (the reason is the message)
     */
    public KafkaStreams serving() {
        KafkaStreams c = client;
        if (c == null) {
            throw new FiguresUnavailable(notYet);
        }
        KafkaStreams.State state = c.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new FiguresUnavailable("Kafka Streams is " + state + ", not RUNNING");
        }
        if (!caughtUp()) {
            throw new FiguresUnavailable(notYet);
        }
        return c;
    }

    /** The number of partitions of a topic the topology reads, from the first look (0 before it). */
    public synchronized int partitions(String topic) {
        return target == null ? 0 : (int) target.keySet().stream().filter(tp -> tp.topic().equals(topic)).count();
    }

    private synchronized boolean caughtUp() {
        if (caughtUp) {
            return true;
        }
        long now = System.nanoTime();
        if (lookedAt != 0 && now - lookedAt < LOOK_EVERY.toNanos()) {
            return false;
        }
        lookedAt = now;
        try {
            if (admin == null) {
                admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
            }
            StreamsTopics topics = topology.topics();
            if (target == null) {
                List<String> inputs = List.of(topics.referrals(), topics.placements(), topics.capacity());
                List<TopicPartition> partitions = new ArrayList<>();
                admin.describeTopics(inputs).allTopicNames().get(10, TimeUnit.SECONDS)
                        .forEach((name, d) -> d.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
                target = ends(partitions);
            }
            // the claims' repartition topic, written by the application itself: as far as it is written now
            List<TopicPartition> repartition = new ArrayList<>();
            String internal = applicationId + "-" + FactsTopology.CAPACITY_BY_REFERRAL + "-repartition";
            for (int p = 0; p < partitions(topics.referrals()); p++) {
                repartition.add(new TopicPartition(internal, p));
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> ends = new HashMap<>(target);
            ends.putAll(ends(repartition));
            long lag = lag(ends, committed);
            caughtUp = lag == 0;
            notYet = "Kafka Streams is catching up with the log: " + lag + " records behind";
        } catch (Exception e) {
            notYet = "Kafka Streams' progress could not be read: " + e;
        }
        return caughtUp;
    }

    /** Records between the committed offsets (none: 0) and the ends, over every partition. */
    static long lag(Map<TopicPartition, Long> ends, Map<TopicPartition, OffsetAndMetadata> committed) {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += Math.max(0, e.getValue() - (c == null ? 0 : c.offset()));
        }
        return lag;
    }

    private Map<TopicPartition, Long> ends(List<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS)
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    @Override
    public HealthCheckResponse call() {
        if (!enabled) {
            return HealthCheckResponse.named(CHECK).up().withData("enabled", false).build();
        }
        try {
            KafkaStreams c = serving();
            return HealthCheckResponse.named(CHECK).up().withData("state", c.state().name()).build();
        } catch (FiguresUnavailable e) {
            return HealthCheckResponse.named(CHECK).down().withData("reason", e.getMessage()).build();
        }
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
    }
}
