package org.d2aflow.metrics.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.returns.ReturnSubmitted;
import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.returns.NationalReturn;
import org.d2aflow.metrics.domain.returns.ReturnTable;
import org.d2aflow.metrics.domain.returns.Revisions;
import org.d2aflow.metrics.domain.returns.Submission;
import org.d2aflow.metrics.infrastructure.ProjectionManager;
import org.d2aflow.metrics.infrastructure.Retry;
import org.d2aflow.metrics.infrastructure.ReturnsLog;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Submissions of the national returns (README "Submissions and revisions"). A submission is written to d2a.returns and
 * answered only once the broker has it; the list is restored from that topic at start, and read again from it (at most once a
 * second) when a list is asked for or an id is not known here (another instance may have recorded it). Regenerating a submission recomputes the
 * return for its period as known at its instant and checks the bytes against the SHA-256 recorded.
 */
@ApplicationScoped
public class SubmissionsService {

    private static final Logger LOG = Logger.getLogger(SubmissionsService.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    @Inject
    ReturnsLog log;

    @Inject
    ProjectionManager projections;

    @Inject
    Clock clock;

    private static final Duration REFRESH_AT_MOST_EVERY = Duration.ofSeconds(1);

    private final Map<String, Submission> byId = new LinkedHashMap<>();
    private volatile long lastRefresh = System.nanoTime() - REFRESH_AT_MOST_EVERY.toNanos();
    private volatile boolean restored;
    private volatile boolean closed;

    /** The submission could not be served now (not restored yet, the projection still catching up, or the broker silent). */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** A regenerated submission: the CSV and whether its SHA-256 is the one recorded. */
    public record Regenerated(Submission submission, String csv, String sha256) {
        public boolean matches() {
            return sha256.equals(submission.sha256());
        }
    }

    void start(@Observes StartupEvent event) {
        Thread restore = new Thread(this::restore, "returns-restore");
        restore.setDaemon(true);
        restore.start();
    }

    private void restore() {
        Retry.untilDone(() -> !restored && !closed, () -> {
            refresh();
            restored = true;
            LOG.infof("Returns submissions restored from d2a.returns: %d", byId.size());
        }, (e, wait) -> LOG.warnf("Could not read d2a.returns (%s); trying again in %d ms", e.toString(), wait));
    }

    /** Reads d2a.returns to its end and takes what it holds (it holds at least what this instance wrote). */
    private void refresh() {
        List<EventEnvelope<ReturnSubmitted>> events = log.readAll(READ_TIMEOUT);
        synchronized (this) {
            events.forEach(e -> byId.putIfAbsent(e.id(), of(e)));
        }
    }

    private static Submission of(EventEnvelope<ReturnSubmitted> e) {
        ReturnSubmitted s = e.event();
        return new Submission(e.id(), s.name(), s.period(), s.asKnownAt(), s.layoutVersion(), s.sha256(), e.time(), s.submittedBy());
    }

    /** Generates the return and records the submission on d2a.returns; answers once the broker acknowledged it. */
    public Submission submit(NationalReturn r, ReturnPeriod period, Instant asKnownAt, String who) {
        ready();
        String csv = projections.read(facts -> r.compute(facts, period, asKnownAt).csv());
        String sha = Submission.sha256(csv);
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long version;
        synchronized (this) {
            version = byId.values().stream().filter(s -> s.name().equals(r.name())).count() + 1;
        }
        try {
            log.write(new ReturnSubmitted(r.name(), period.label(), asKnownAt, r.layoutVersion(), sha, who), now, version, id);
        } catch (Exception e) {
            throw new Unavailable("The broker did not confirm the submission in time; GET /returns/" + r.name()
                    + "/submissions shows whether it was recorded");
        }
        Submission s = new Submission(id, r.name(), period.label(), asKnownAt, r.layoutVersion(), sha, now, who);
        synchronized (this) {
            byId.putIfAbsent(id, s);
        }
        return s;
    }

    /** The submissions of a return (of one period when given), oldest first, as d2a.returns holds them now. */
    public List<Submission> list(String name, String period) {
        ready();
        tryRefresh();
        synchronized (this) {
            return byId.values().stream().filter(s -> s.name().equals(name) && (period == null || s.period().equals(period)))
                    .sorted(Comparator.comparing(Submission::recordedAt).thenComparing(Submission::id)).toList();
        }
    }

    /** One submission of a return, looked for on d2a.returns again when this instance does not know it. */
    public Optional<Submission> find(String name, String id) {
        ready();
        Optional<Submission> s = known(id);
        if (s.isEmpty()) {
            tryRefresh();
            s = known(id);
        }
        return s.filter(x -> x.name().equals(name));
    }

    private synchronized Optional<Submission> known(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The return regenerated for the submission's period as known at its instant, with the SHA-256 of those bytes. */
    public Regenerated regenerate(NationalReturn r, Submission s) {
        ready();
        ReturnPeriod period = r.periodKind().parse(s.period()).orElseThrow();
        String csv = projections.read(facts -> r.compute(facts, period, s.asKnownAt()).csv());
        return new Regenerated(s, csv, Submission.sha256(csv));
    }

    /**
     * The revision report from one submission to another of the same return and period: the facts behind each change are
     * those recorded after the earlier as-known-at and at or before the later one.
     */
    public List<Revisions.Change> revisions(NationalReturn r, Submission from, Submission to) {
        ready();
        ReturnPeriod period = r.periodKind().parse(from.period()).orElseThrow();
        Instant earlier = from.asKnownAt().isAfter(to.asKnownAt()) ? to.asKnownAt() : from.asKnownAt();
        Instant later = from.asKnownAt().isAfter(to.asKnownAt()) ? from.asKnownAt() : to.asKnownAt();
        return projections.read(facts -> {
            ReturnTable before = r.compute(facts, period, from.asKnownAt());
            ReturnTable after = r.compute(facts, period, to.asKnownAt());
            return Revisions.between(r, before, after, facts, earlier, later);
        });
    }

    /** Reads d2a.returns again, at most once a second (a burst of lists or unknown ids reads the topic once). */
    private void tryRefresh() {
        long now = System.nanoTime();
        if (now - lastRefresh < REFRESH_AT_MOST_EVERY.toNanos()) {
            return;
        }
        lastRefresh = now;
        try {
            refresh();
        } catch (Exception e) {
            LOG.warnf("Could not read d2a.returns again (%s); answering from the submissions known here", e.toString());
        }
    }

    private void ready() {
        if (!restored) {
            throw new Unavailable("The submissions are still being restored from d2a.returns");
        }
        if (!projections.serving().caughtUp()) {
            throw new Unavailable("The figures projection is still reading the log; a return generated now would miss facts");
        }
    }

    @jakarta.annotation.PreDestroy
    void close() {
        closed = true;
    }
}
