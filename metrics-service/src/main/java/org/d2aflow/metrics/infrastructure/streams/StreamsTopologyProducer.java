package org.d2aflow.metrics.infrastructure.streams;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.lookup.LookupIfProperty;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.Topology;
import org.d2aflow.contracts.Topics;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Gives quarkus-kafka-streams its topology when the service starts with {@value #SWITCH}{@code =true} (off by default).
 * The switch is read at start-up, not at build time: one packaged service runs either way. The extension looks its
 * Topology up through {@code Instance<Topology>}; {@link LookupIfProperty} hides the producer from that lookup when the
 * switch is off, so the extension logs "No Topology producer; Kafka Streams will not be started" and starts nothing, and
 * the heap projection alone serves figures, as before. On, the topology keeps the facts and the cells of both sides
 * (referral and service) next to the heap projection, and {@code FiguresService} serves every figure with an assembler
 * from the cells (STREAMS.md section 10f). The switch lives outside {@code d2a.metrics.*}, whose mapping refuses keys it
 * does not know.
 */
@ApplicationScoped
public class StreamsTopologyProducer {

    /** The start-up switch of the Kafka Streams topology and of serving figures from it. */
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
    @LookupIfProperty(name = SWITCH, stringValue = "true")
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

    /** The topics the topology reads and writes. */
    public StreamsTopics topics() {
        return new StreamsTopics(referrals, placements, capacity, deadLetter);
    }

    /** The cells' recorded-time buckets. */
    public RecordedBuckets buckets() {
        return new RecordedBuckets(recordedBucket);
    }

    Admin admin() {
        return Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }
}
