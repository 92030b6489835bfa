package org.d2aflow.metrics.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.figures.FigureSnapshotPublished;
import org.d2aflow.metrics.config.MetricsConfig;
import org.d2aflow.metrics.domain.Figure;
import org.d2aflow.metrics.domain.FigureEngine;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.infrastructure.EventProducers;
import org.d2aflow.metrics.infrastructure.Projection;
import org.d2aflow.metrics.infrastructure.ProjectionManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * Keeps the live figures: when the log has moved (checked every snapshot interval, so bursts are coalesced) it
 * computes a fresh snapshot of the headline figures, sends it to every SSE subscriber, publishes each figure to
 * the compacted d2a.figures topic, and updates the figure gauges.
 */
@ApplicationScoped
public class LiveFigures {

    private static final Logger LOG = Logger.getLogger(LiveFigures.class);

    @Inject
    FiguresService figures;

    @Inject
    ProjectionManager projections;

    @Inject
    MetricsConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    ObjectMapper json;

    @Inject
    jakarta.enterprise.event.Event<LiveReadings> readings;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final BroadcastProcessor<Snapshot> broadcast = BroadcastProcessor.create();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Double> gaugeValues = new ConcurrentHashMap<>();
    private final Map<String, String> lastPublished = new ConcurrentHashMap<>();
    private volatile Snapshot latest;
    private volatile long seenVersion = -1;
    private volatile long lastRefresh;
    private volatile long lastCost;
    private volatile Projection seenProjection;
    private volatile boolean seenLive;
    private KafkaProducer<String, EventEnvelope<?>> producer;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-figures");
        t.setDaemon(true);
        return t;
    });

    /** The newest snapshot first, then every new one. */
    public Multi<Snapshot> stream() {
        Snapshot now = latest != null ? latest : refresh(true);
        // A slow client gets a buffer rather than a back-pressure failure that would end its stream.
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(now), broadcast.onOverflow().buffer(256));
    }

    /** The newest snapshot, recomputed (and sent to subscribers) first if the log has moved since. */
    public Snapshot latest() {
        Projection p = projections.serving();
        if (latest == null || p != seenProjection || p.version() != seenVersion) {
            return refresh(latest != null);
        }
        return latest;
    }

    /**
     * Starts the check at the configured interval on a thread of its own, one run at a time (a slow snapshot delays the
     * next check rather than stacking them). Not Quarkus' scheduler: it refuses intervals under a second, so 500 ms
     * silently became 1 s (its start-up warning said so).
     */
    void start(@Observes StartupEvent started) {
        long millis = Math.max(1, config.snapshotInterval().toMillis());
        ticker.scheduleWithFixedDelay(this::tickSafely, millis, millis, TimeUnit.MILLISECONDS);
        LOG.debugf("Live figures checked every %d ms", millis);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // A failed check must not end the schedule (a ScheduledExecutorService drops a task that throws).
            LOG.warnf("Live figures check failed: %s", e.toString());
        }
    }

    void tick() {
        Projection p = projections.serving();
        if (p == null) {
            return;
        }
        // A snapshot reads the whole projection under its read lock, which holds back the projection's writer. While
        // the projection catches up, a snapshot every interval would cost time in proportion to what has been read so
        // far, making a rebuild quadratic: until it is live, snapshots take at most a tenth of the time. Once live,
        // the writer has only the new events to apply, and freshness matters more.
        long since = System.nanoTime() - lastRefresh;
        if (!p.caughtUp() && lastRefresh != 0 && since < 9 * lastCost) {
            return;
        }
        // Live, a snapshot still reads every fact, so its cost grows with the log; at most a fifth of a core goes to
        // them (a full simulated year spent 83 CPU seconds here refreshing every interval regardless of cost).
        if (lastRefresh != 0 && since < 4 * lastCost) {
            return;
        }
        // Time moves figures too (follow-ups falling due, the rolling period): refresh at least once a minute.
        boolean stale = lastRefresh == 0 || since > 60_000_000_000L;
        // The first snapshot after the projection caught up also carries escalation's figures, which wait for it.
        boolean justLive = p.caughtUp() && !seenLive;
        if (p != seenProjection || p.version() != seenVersion || stale || justLive) {
            refresh(false);
        }
    }

    synchronized Snapshot refresh(boolean quiet) {
        Projection p = projections.serving();
        long started = System.nanoTime();
        seenProjection = p;
        seenVersion = p.version();
        FigureQuery q = figures.query(null, null, null, FigureQuery.Breakdown.NONE, null, null, null, null);
        // Figures and status under one read lock, so that the snapshot's log position is that of its figures.
        // The escalation triggers' figures are read under the same lock, so that they match the snapshot.
        boolean live = p.caughtUp();
        seenLive = live;
        Read read = p.read(facts -> new Read(figures.headlines(facts, q), p.status(),
                live ? figures.escalationReadings(facts, q.asKnownAt()) : null));
        Map<String, Figure> headline = read.headline();
        Projection.Status status = read.status();
        lastCost = System.nanoTime() - started;
        lastRefresh = System.nanoTime();
        Snapshot s = new Snapshot(sequence.incrementAndGet(), q.asKnownAt(), status.positions(), status.eventsApplied(),
                status.newestRecordedAt(), status.name(), new TreeMap<>(config.targets()), headline);
        latest = s;
        if (!quiet) {
            broadcast.onNext(s);
        }
        if (read.triggerFigures() != null) {
            // Escalation evaluates in the observer: quick, and everything slow (Kafka, webhooks) is handed to its own thread.
            try {
                readings.fire(new LiveReadings(q.asKnownAt(), read.triggerFigures(), status.newestRecordedAt()));
            } catch (RuntimeException e) {
                LOG.warnf("Escalation could not take the live figures: %s", e.toString());
            }
        }
        updateGauges(q);
        if (config.publishFigures()) {
            publish(q, headline, status);
        }
        return s;
    }

    /** What one snapshot reads under the projection's lock. */
    private record Read(Map<String, Figure> headline, Projection.Status status, Map<String, Double> triggerFigures) {
    }

    private void updateGauges(FigureQuery base) {
        for (String id : List.of(FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE, FigureEngine.STILL_AT_HOME_91)) {
            FigureQuery byLocality = new FigureQuery(base.from(), base.to(), base.asKnownAt(), FigureQuery.Breakdown.LOCALITY,
                    base.options(), base.censusDate(), base.granularity());
            Figure f = figures.compute(id, byLocality);
            setGauge(id, "all", f.value());
            if (f.groups() != null) {
                for (Figure.Group g : f.groups()) {
                    setGauge(id, g.key(), g.value());
                }
            }
        }
    }

    private void setGauge(String figure, String locality, java.math.BigDecimal value) {
        String key = figure + "|" + locality;
        boolean fresh = !gaugeValues.containsKey(key);
        gaugeValues.put(key, value == null ? Double.NaN : value.doubleValue());
        if (fresh) {
            Gauge.builder("d2a.figure.value", gaugeValues, m -> m.getOrDefault(key, Double.NaN))
                    .tag("figure", figure).tag("locality", locality)
                    .description("Headline figure over the rolling period, as a fraction").register(registry);
        }
    }

    private void publish(FigureQuery q, Map<String, Figure> headline, Projection.Status status) {
        long position = status.positions().values().stream().mapToLong(Long::longValue).sum();
        Map<String, Figure> toSend = new LinkedHashMap<>();
        headline.forEach((id, f) -> toSend.put(id + FigureSnapshotPublished.KEY_SEPARATOR + "all", f));
        for (String id : List.of(FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE, FigureEngine.STILL_AT_HOME_91)) {
            toSend.put(id + FigureSnapshotPublished.KEY_SEPARATOR + "locality", figures.compute(id, new FigureQuery(q.from(), q.to(),
                    q.asKnownAt(), FigureQuery.Breakdown.LOCALITY, q.options(), q.censusDate(), q.granularity())).withoutDrillDown());
        }
        toSend.forEach((key, f) -> {
            try {
                JsonNode value = json.valueToTree(f);
                // Only a change of the figure itself is news: the as-known-at time (also under clocks) moves on every snapshot.
                ObjectNode bare = (ObjectNode) value.deepCopy();
                bare.remove("asKnownAt");
                if (bare.get("clocks") instanceof ObjectNode clocks) {
                    clocks.remove("asKnownAt");
                }
                String fingerprint = json.writeValueAsString(bare);
                if (fingerprint.equals(lastPublished.get(key))) {
                    return;
                }
                String[] parts = key.split("\\|");
                FigureSnapshotPublished event = new FigureSnapshotPublished(parts[0], parts[1], q.from(), q.to(), q.asKnownAt(), position, value);
                EventEnvelope<FigureSnapshotPublished> envelope = EventEnvelope.of(java.util.UUID.randomUUID().toString(),
                        "/d2a/metrics-service", q.asKnownAt(), sequence.get(), event);
                producer().send(new ProducerRecord<>(Topics.FIGURES, envelope.subject(), envelope));
                lastPublished.put(key, fingerprint);
            } catch (Exception e) {
                LOG.warnf("Could not publish figure %s: %s", key, e.toString());
            }
        });
    }

    private synchronized KafkaProducer<String, EventEnvelope<?>> producer() {
        if (producer == null) {
            producer = EventProducers.cloudEvents(bootstrapServers, "figures-publisher", 5000);
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        ticker.shutdownNow();
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
        }
    }
}
