package org.d2aflow.metrics.query;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Today's heap engine feeding the {@link LiveFigureHub}: it tells the hub when the log has moved (checked every
 * {@link #CHECK} ms, a volatile read), when the London date has turned and when a minute has passed without either (time
 * alone moves figures: day 91 falls due, the rolling period moves), and computes what the hub asks for under the
 * projection's read lock. Each recompute also updates the figure gauges, publishes changed figures to the compacted
 * d2a.figures topic and hands escalation its readings; {@code GET /figures/live} reads the snapshot of the last one.
 */
@ApplicationScoped
public class LiveFigures implements LiveFigureHub.Source {

    private static final Logger LOG = Logger.getLogger(LiveFigures.class);

    /** How often the log is checked for a move, in milliseconds. */
    static final long CHECK = 10;

    /** The locality breakdowns d2a.figures and the gauges carry, served on the stream as {@code <figure>:locality}. */
    public static final List<String> BY_LOCALITY = List.of(FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE, FigureEngine.STILL_AT_HOME_91);

    /** The stream's name of a figure's locality breakdown. */
    public static final String LOCALITY_SUFFIX = ":locality";

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
    java.time.Clock clock;

    @Inject
    jakarta.enterprise.event.Event<LiveReadings> readings;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Double> gaugeValues = new ConcurrentHashMap<>();
    private final Map<String, String> lastPublished = new ConcurrentHashMap<>();
    private volatile Snapshot latest;
    private volatile long seenVersion = -1;
    private volatile Projection seenProjection;
    private volatile boolean seenLive;
    private volatile long lastSignal;
    private volatile LocalDate seenDate;
    private LiveFigureHub hub;
    private KafkaProducer<String, EventEnvelope<?>> producer;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-figures");
        t.setDaemon(true);
        return t;
    });

    /**
     * The stream's figures: the headlines (the default subscription) and the locality breakdowns, recomputed on every change
     * (they are published and gauged), then every other figure, recomputed only while someone subscribes to it.
     */
    public static List<String> streamed() {
        List<String> out = new ArrayList<>(FiguresService.HEADLINES);
        BY_LOCALITY.forEach(id -> out.add(id + LOCALITY_SUFFIX));
        FigureEngine.FIGURES.stream().filter(id -> !out.contains(id)).forEach(out::add);
        return out;
    }

    /** How many of {@link #streamed()}'s first figures are recomputed on every change. */
    static int alwaysComputed() {
        return FiguresService.HEADLINES.size() + BY_LOCALITY.size();
    }

    public LiveFigureHub hub() {
        return hub;
    }

    /** The snapshot of the newest recompute, recomputed first if the log has moved since. */
    public Snapshot latest() {
        Projection p = projections.serving();
        if (latest == null || p != seenProjection || p.version() != seenVersion) {
            try {
                hub.recomputeNow().get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while recomputing the live figures", e);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("the live figures could not be recomputed: " + e, e);
            }
        }
        return latest;
    }

    /**
     * Starts the hub and the check on a thread of its own. Not Quarkus' scheduler: it refuses intervals under a second (500 ms
     * silently became 1 s). The hub's throttle (at least the configured interval between two recomputes of a figure) coalesces
     * bursts; the check only says that something moved.
     */
    void start(@Observes StartupEvent started) {
        hub = new LiveFigureHub(streamed(), alwaysComputed(), this, config.snapshotInterval(), config.keepAlive());
        ticker.scheduleWithFixedDelay(this::checkSafely, 0, CHECK, TimeUnit.MILLISECONDS);
        LOG.debugf("Live figures: at most one recompute per figure every %s", config.snapshotInterval());
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            // A failed check must not end the schedule (a ScheduledExecutorService drops a task that throws).
            LOG.warnf("Live figures check failed: %s", e.toString());
        }
    }

    private void check() {
        Projection p = projections.serving();
        if (p == null) {
            return;
        }
        long now = System.nanoTime();
        LocalDate today = LocalDate.now(clock.withZone(FigureQuery.ZONE));
        boolean moved = p != seenProjection || p.version() != seenVersion;
        // The first recompute after the projection caught up also carries escalation's figures, which wait for it.
        boolean justLive = p.caughtUp() && !seenLive;
        boolean minute = now - lastSignal > 60_000_000_000L;
        if (moved || justLive || minute || !today.equals(seenDate)) {
            seenProjection = p;
            seenVersion = p.version();
            seenDate = today;
            lastSignal = now;
            hub.changed();
        }
    }

    @Override
    public boolean catchingUp() {
        Projection p = projections.serving();
        return p != null && !p.caughtUp();
    }

    @Override
    public LiveFigureHub.Batch compute(List<String> names) {
        Projection p = projections.serving();
        // The same query as GET /figures/{figure} without parameters, so the stream's figure prints as that answer does.
        FigureQuery q = figures.query(null, null, null, null, null, null, null, null);
        FigureQuery byLocality = new FigureQuery(q.from(), q.to(), q.asKnownAt(), FigureQuery.Breakdown.LOCALITY, q.options(),
                q.censusDate(), q.granularity());
        boolean live = p.caughtUp();
        // Figures, positions and escalation's readings under one read lock: the positions are exactly those the figures include.
        Read read = p.read(facts -> {
            Map<String, Figure> out = new LinkedHashMap<>();
            for (String name : names) {
                String id = name.endsWith(LOCALITY_SUFFIX) ? name.substring(0, name.length() - LOCALITY_SUFFIX.length()) : name;
                out.put(name, figures.compute(facts, id, id.equals(name) ? q : byLocality).withoutDrillDown());
            }
            return new Read(out, p.status(), live ? figures.escalationReadings(facts, q.asKnownAt()) : null);
        });
        seenLive = live;
        Projection.Status status = read.status();
        Map<String, LiveFigureHub.Content> contents = new LinkedHashMap<>();
        Map<String, JsonNode> trees = new LinkedHashMap<>();
        read.figures().forEach((name, f) -> {
            try {
                JsonNode tree = json.valueToTree(f);
                trees.put(name, tree);
                contents.put(name, new LiveFigureHub.Content(json.writeValueAsBytes(f), json.writeValueAsBytes(withoutAsKnownAt(tree))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("figure " + name + " could not be written as JSON", e);
            }
        });
        Map<String, Figure> headline = new LinkedHashMap<>();
        FiguresService.HEADLINES.forEach(id -> {
            if (read.figures().containsKey(id)) {
                headline.put(id, read.figures().get(id));
            }
        });
        if (headline.size() == FiguresService.HEADLINES.size()) {
            latest = new Snapshot(sequence.incrementAndGet(), q.asKnownAt(), status.positions(), status.eventsApplied(),
                    status.newestRecordedAt(), status.name(), new TreeMap<>(config.targets()), headline);
        }
        if (read.triggerFigures() != null) {
            // Escalation evaluates in the observer: quick, and everything slow (Kafka, webhooks) is handed to its own thread.
            try {
                readings.fire(new LiveReadings(q.asKnownAt(), read.triggerFigures(), status.newestRecordedAt()));
            } catch (RuntimeException e) {
                LOG.warnf("Escalation could not take the live figures: %s", e.toString());
            }
        }
        updateGauges(read.figures());
        if (config.publishFigures()) {
            publish(q, trees, contents, status);
        }
        return new LiveFigureHub.Batch(status.positions(), contents);
    }

    /** What one recompute reads under the projection's lock. */
    private record Read(Map<String, Figure> figures, Projection.Status status, Map<String, Double> triggerFigures) {
    }

    /** The figure without its as-known-at instant (also under clocks), which moves on every recompute: what it says. */
    private static JsonNode withoutAsKnownAt(JsonNode figure) {
        ObjectNode bare = (ObjectNode) figure.deepCopy();
        bare.remove("asKnownAt");
        if (bare.get("clocks") instanceof ObjectNode clocks) {
            clocks.remove("asKnownAt");
        }
        return bare;
    }

    private void updateGauges(Map<String, Figure> computed) {
        for (String id : BY_LOCALITY) {
            Figure f = computed.get(id + LOCALITY_SUFFIX);
            if (f == null) {
                continue;
            }
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

    /** Each figure whose content changed since it was last published, keyed {@code <figure>|all} or {@code <figure>|locality}. */
    private void publish(FigureQuery q, Map<String, JsonNode> trees, Map<String, LiveFigureHub.Content> contents, Projection.Status status) {
        long position = status.positions().values().stream().mapToLong(Long::longValue).sum();
        List<String> published = streamed().subList(0, alwaysComputed());
        trees.forEach((name, value) -> {
            if (!published.contains(name)) {
                return; // followed on the stream by someone, not one of d2a.figures' figures
            }
            String key = name.endsWith(LOCALITY_SUFFIX)
                    ? name.substring(0, name.length() - LOCALITY_SUFFIX.length()) + FigureSnapshotPublished.KEY_SEPARATOR + "locality"
                    : name + FigureSnapshotPublished.KEY_SEPARATOR + "all";
            try {
                // Only a change of the figure itself is news: the as-known-at time (also under clocks) moves on every recompute.
                String fingerprint = new String(contents.get(name).identity(), StandardCharsets.UTF_8);
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
        if (hub != null) {
            hub.close();
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
        }
    }
}
