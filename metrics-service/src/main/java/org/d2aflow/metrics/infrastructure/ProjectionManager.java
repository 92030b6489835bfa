package org.d2aflow.metrics.infrastructure;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.d2aflow.contracts.Topics;
import org.d2aflow.kit.deadletter.DeadLetters;
import org.d2aflow.kit.metrics.ProjectionDelay;
import org.d2aflow.metrics.domain.LogFacts;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Owns the projection that serves figures. At start it builds one from offset 0; a rebuild builds a second
 * from offset 0 while the first keeps serving, and takes over once it has caught up with the log.
 */
@ApplicationScoped
public class ProjectionManager {

    private static final Logger LOG = Logger.getLogger(ProjectionManager.class);
    static final List<String> TOPICS = List.of(Topics.REFERRALS, Topics.CAPACITY, Topics.PLACEMENTS);
    /** The consumer name of the projection in dead letters and meters. */
    static final String CONSUMER = "metrics-service";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "d2a.metrics.consumer-group", defaultValue = "metrics-service")
    String groupId;

    @Inject
    DeadLetters deadLetters;

    @Inject
    java.time.Clock clock;

    @Inject
    Tracer tracer;

    private final AtomicInteger builds = new AtomicInteger();
    private volatile Projection serving;
    private volatile Projection rebuilding;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    void onStart(@Observes StartupEvent e) {
        serving = newProjection(true);
        serving.start();
        io.micrometer.core.instrument.Gauge.builder("d2a.projection.lag.records", this, m -> {
            long lag = m.serving().lag();
            return lag < 0 ? Double.NaN : lag;
        }).description("Records on the event log (all partitions of the three topics) not yet applied by the projection serving "
                + "figures, as of its last poll; NaN before its first").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("d2a.projection.dead.letters", this, m -> m.serving().poisonRecords())
                .description("Records the projection serving figures could not read and sent to the dead-letter topic "
                        + "(counted by that build: starts again after a rebuild takes over)").register(registry);
        io.micrometer.core.instrument.Gauge.builder("d2a.figures.newest.event.age.seconds", this, ProjectionManager::newestEventAgeSeconds)
                .description("Age in seconds of the newest event (by its recorded time) reflected in the figures served now, "
                        + "read from the serving projection at scrape time; NaN while they reflect none")
                .register(registry);
        for (String topic : TOPICS) {
            deadLetters.register(CONSUMER, topic);
            ProjectionDelay.register(registry, CONSUMER, topic);
        }
    }

    /** Starts a rebuild unless one runs already; returns the status of the rebuild. */
    public synchronized Projection.Status rebuild() {
        if (rebuilding == null) {
            rebuilding = newProjection(false);
            rebuilding.start();
            LOG.info("Rebuild started: the current projection keeps serving until the new one catches up");
        }
        return rebuilding.status();
    }

    /** Swaps in a rebuild that has caught up. */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void takeOverWhenCaughtUp() {
        Projection next = rebuilding;
        if (next != null && next.caughtUp()) {
            Projection old = serving;
            next.commitOffsets(true);
            serving = next;
            rebuilding = null;
            LOG.infof("Rebuild %s caught up and took over", next.status().name());
            if (old != null) {
                old.close();
            }
        }
    }

    /** Now less the recorded time of the newest event the serving projection holds; NaN when it holds none. */
    double newestEventAgeSeconds() {
        java.time.Instant newest = serving.read(LogFacts::newestRecordedAt);
        return newest == null ? Double.NaN : java.time.Duration.between(newest, clock.instant()).toMillis() / 1000.0;
    }

    public <T> T read(Function<LogFacts, T> reader) {
        return serving.read(reader);
    }

    public Projection serving() {
        return serving;
    }

    public Projection rebuilding() {
        return rebuilding;
    }

    private Projection newProjection(boolean first) {
        int n = builds.incrementAndGet();
        // Only the serving build commits offsets (for lag monitoring); every build starts from offset 0 regardless.
        return new Projection("build-" + n, bootstrapServers, groupId, TOPICS,
                (record, error) -> deadLetters.send(record, record.key() == null ? null : record.key().getBytes(
                        java.nio.charset.StandardCharsets.UTF_8), CONSUMER, error), first, tracer,
                (topic, recordedAt, appliedAt) -> ProjectionDelay.record(registry, CONSUMER, topic, recordedAt, appliedAt));
    }

    @PreDestroy
    void stop() {
        if (rebuilding != null) {
            rebuilding.close();
        }
        if (serving != null) {
            serving.close();
        }
    }
}
