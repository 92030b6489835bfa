package org.d2aflow.metrics.infrastructure.streams;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.Topology;
import org.d2aflow.contracts.Topics;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Gives quarkus-kafka-streams its topology, only in a build with {@value #SWITCH}{@code =true} (off by default: without a
 * Topology bean the extension starts nothing and the heap projection alone serves figures, as before). On, the topology
 * runs next to the heap projection, keeps the facts and the cells of both sides (referral and service), and serves nothing yet. The switch is read at build time and lives outside
 * {@code d2a.metrics.*}, whose mapping refuses keys it does not know.
 */
@ApplicationScoped
@IfBuildProperty(name = StreamsTopologyProducer.SWITCH, stringValue = "true")
public class StreamsTopologyProducer {

    /** The build-time switch of the Kafka Streams topology. */
    public static final String SWITCH = "d2a-streams.enabled";
    private static final Logger LOG = Logger.getLogger(StreamsTopologyProducer.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** Source topics: the event log's, unless a deployment (or a test) points the topology at others. */
    @ConfigProperty(name = "d2a-streams.topics.referrals", defaultValue = Topics.REFERRALS)
    String referrals;

    @ConfigProperty(name = "d2a-streams.topics.placements", defaultValue = Topics.PLACEMENTS)
    String placements;

    @ConfigProperty(name = "d2a-streams.topics.capacity", defaultValue = Topics.CAPACITY)
    String capacity;

    @ConfigProperty(name = "d2a-streams.topics.dead-letter", defaultValue = Topics.DEAD_LETTER)
    String deadLetter;

    /** The size of the cells' recorded-time buckets (STREAMS.md section 4); a state directory must be rebuilt when it changes. */
    @ConfigProperty(name = "d2a-streams.recorded-bucket", defaultValue = "P1D")
    Duration recordedBucket;

    @Inject
    MeterRegistry registry;

    @Produces
    public Topology topology() {
        StreamsTopics topics = topics();
        int partitions;
        try (Admin admin = admin()) {
            partitions = CoPartitioning.check(admin, topics, Duration.ofSeconds(30));
        }
        Topology topology = FactsTopology.build(topics, partitions, CellsUpdater.hooks(buckets(), registry), registry);
        LOG.infof("Kafka Streams topology on %s (%d partitions per referral-keyed topic):%n%s", topics, partitions, topology.describe());
        return topology;
    }

    /** The topics the topology reads and writes (for the query fabric, which reads the same partitions). */
    StreamsTopics topics() {
        return new StreamsTopics(referrals, placements, capacity, deadLetter);
    }

    RecordedBuckets buckets() {
        return new RecordedBuckets(recordedBucket);
    }

    Admin admin() {
        return Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
}
