package org.d2aflow.metrics.infrastructure.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.quarkus.arc.properties.IfBuildProperty;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Operability meters of the Kafka Streams topology (STREAMS.md section 7), bound when quarkus-kafka-streams has created
 * its {@link KafkaStreams} (the CDI event it fires at start-up):
 * <ul>
 * <li>the client's own metrics through Micrometer's {@link KafkaStreamsMetrics}, among them the consumer's
 * {@code records-lag} per topic-partition ({@code kafka_consumer_fetch_manager_records_lag}). Bound here rather than by
 * Quarkus' Kafka binder ({@code quarkus.micrometer.binder.kafka.enabled=false}), which looks for new Kafka metrics every 60 s:
 * partitions assigned by a rebalance show their lag after at most {@link #REFRESH};</li>
 * <li>{@code d2a.metrics.store.bytes{store}} and {@code d2a.metrics.store.keys{store}} for every state store of the
 * topology, summed over this instance's tasks at each scrape from the RocksDB property metrics Kafka Streams already keeps
 * per store and task (recording level INFO): bytes are {@code total-sst-files-size + size-all-mem-tables} (on disk, and
 * written but not yet flushed to an SST file, which under exactly-once happens only every 10,000 records or so), keys
 * {@code estimate-num-keys}. Read from the metrics, not from the stores: no store lock, no interactive query (IQv2 can
 * deadlock with the stream thread in 4.1.2, KAFKA-19629), and a store added to the topology is counted without a change
 * here.</li>
 * </ul>
 */
@ApplicationScoped
@IfBuildProperty(name = StreamsTopologyProducer.SWITCH, stringValue = "true")
public class StreamsMeters {

    /** How often the Kafka binder looks for Kafka metrics that appeared (new partitions, tasks, stores). */
    static final Duration REFRESH = Duration.ofSeconds(5);
    static final String STATE_GROUP = "stream-state-metrics";

    @Inject
    MeterRegistry registry;

    @Inject
    Topology topology;

    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "d2a-streams-meters");
        t.setDaemon(true);
        return t;
    });
    private KafkaStreamsMetrics client;

    synchronized void created(@Observes KafkaStreams streams) {
        if (client != null) {
            return;
        }
        client = new KafkaStreamsMetrics(streams, List.of(), refresher, REFRESH);
        client.bindTo(registry);
        for (String store : stores(topology)) {
            Gauge.builder("d2a.metrics.store.bytes", streams, s -> sum(s.metrics(), store, "total-sst-files-size", "size-all-mem-tables"))
                    .tag("store", store).baseUnit("bytes")
                    .description("RocksDB bytes of the state store over this instance's tasks: SST files and memtables")
                    .register(registry);
            Gauge.builder("d2a.metrics.store.keys", streams, s -> sum(s.metrics(), store, "estimate-num-keys"))
                    .tag("store", store)
                    .description("RocksDB's estimate of the keys of the state store over this instance's tasks")
                    .register(registry);
        }
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
        refresher.shutdownNow();
    }

    /** The names of the topology's state stores, in order. */
    static TreeSet<String> stores(Topology topology) {
        TreeSet<String> stores = new TreeSet<>();
        for (TopologyDescription.Subtopology s : topology.describe().subtopologies()) {
            for (TopologyDescription.Node n : s.nodes()) {
                if (n instanceof TopologyDescription.Processor p) {
                    stores.addAll(p.stores());
                }
            }
        }
        return stores;
    }

    /** The named RocksDB property metrics of the store added up over its tasks (a store not opened yet: 0). */
    static double sum(Map<MetricName, ? extends Metric> metrics, String store, String... names) {
        List<String> wanted = List.of(names);
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName n = e.getKey();
            if (STATE_GROUP.equals(n.group()) && wanted.contains(n.name()) && store.equals(n.tags().get("rocksdb-state-id"))
                    && e.getValue().metricValue() instanceof Number v) {
                sum += v.doubleValue();
            }
        }
        return sum;
    }
}
