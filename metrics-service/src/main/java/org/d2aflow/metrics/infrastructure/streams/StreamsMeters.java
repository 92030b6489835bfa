package org.d2aflow.metrics.infrastructure.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.jboss.logging.Logger;

/**
 * Operability meters of the Kafka Streams topology (STREAMS.md section 7), bound when quarkus-kafka-streams has created
 * its {@link KafkaStreams} (the CDI event it fires at start-up):
 * <ul>
 * <li>the client's own metrics through Micrometer's {@link KafkaStreamsMetrics}, among them the consumer's
 * {@code records-lag} per topic-partition ({@code kafka_consumer_fetch_manager_records_lag}). Bound here rather than by
 * Quarkus' Kafka binder ({@code quarkus.micrometer.binder.kafka.enabled=false}), which looks for new Kafka metrics every 60 s:
 * partitions assigned by a rebalance show their lag after at most {@link #REFRESH};</li>
 * <li>{@code d2a.metrics.store.bytes{store}} and {@code d2a.metrics.store.keys{store}} for every RocksDB store among the
 * client's metrics (looked for every {@link #REFRESH}), summed over this instance's tasks at each scrape from the RocksDB property metrics Kafka Streams already keeps
 * per store and task (recording level INFO): bytes are {@code total-sst-files-size + size-all-mem-tables} (on disk, and
 * written but not yet flushed to an SST file, which under exactly-once happens only every 10,000 records or so), keys
 * {@code estimate-num-keys}. Read from the metrics, not from the stores: no store lock, no interactive query (IQv2 can
 * deadlock with the stream thread in 4.1.2, KAFKA-19629), and a store added to the topology is counted without a change
 * here.</li>
 * </ul>
 */
@ApplicationScoped
public class StreamsMeters {

    /** How often the Kafka binder looks for Kafka metrics that appeared (new partitions, tasks, stores). */
    static final Duration REFRESH = Duration.ofSeconds(5);
    static final String STATE_GROUP = "stream-state-metrics";
    static final String STORE_TAG = "rocksdb-state-id";
    private static final Logger LOG = Logger.getLogger(StreamsMeters.class);

    @Inject
    MeterRegistry registry;

    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "d2a-streams-meters");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> metered = ConcurrentHashMap.newKeySet();
    private KafkaStreamsMetrics client;

    synchronized void created(@Observes KafkaStreams streams) {
        if (client != null) {
            return;
        }
        client = new KafkaStreamsMetrics(streams, List.of(), refresher, REFRESH);
        client.bindTo(registry);
        refresher.scheduleWithFixedDelay(() -> {
            try {
                meterStores(streams);
            } catch (RuntimeException e) { // a failure must not stop the next looks
                LOG.warn("Could not meter the Kafka Streams state stores", e);
            }
        }, 0, REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Gauges for the stores that appeared among the client's metrics since the last look (a task's stores open at its assignment). */
    private void meterStores(KafkaStreams streams) {
        for (String store : stores(streams.metrics())) {
            if (!metered.add(store)) {
                continue;
            }
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

    /** The RocksDB stores the client has metrics of (those of the tasks assigned to this instance now or before), in order. */
    static TreeSet<String> stores(Map<MetricName, ? extends Metric> metrics) {
        TreeSet<String> stores = new TreeSet<>();
        for (MetricName n : metrics.keySet()) {
            String store = n.tags().get(STORE_TAG);
            if (STATE_GROUP.equals(n.group()) && store != null) {
                stores.add(store);
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
            if (STATE_GROUP.equals(n.group()) && wanted.contains(n.name()) && store.equals(n.tags().get(STORE_TAG))
                    && e.getValue().metricValue() instanceof Number v) {
                sum += v.doubleValue();
            }
        }
        return sum;
    }
}
