package org.d2aflow.metrics.escalation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.escalation.EscalationAcknowledged;
import org.d2aflow.contracts.escalation.EscalationEvent;
import org.d2aflow.contracts.escalation.EscalationLevelChanged;
import org.d2aflow.metrics.config.EscalationConfig;
import org.d2aflow.metrics.domain.EscalationEvaluator;
import org.d2aflow.metrics.domain.EscalationReadings;
import org.d2aflow.metrics.domain.EscalationRules;
import org.d2aflow.metrics.infrastructure.Retry;
import org.d2aflow.metrics.query.LiveReadings;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Live escalation: evaluates the triggers (EscalationEvaluator) on every live snapshot and every check interval, writes
 * each level change to d2a.escalation and hands it to the webhook notifier, and keeps the acknowledgements of the current
 * level. At start it restores the level, its triggers' levels and the acknowledgements from d2a.escalation, and evaluates
 * nothing before that. Writing and notifying run on their own thread: a snapshot never waits for the broker or a receiver.
 * Every instance evaluates (for GET /escalation), but only the holder of the {@link EscalationLease} writes level changes
 * and sends webhooks; on taking the lease it first reads d2a.escalation to its end and continues from the last written level.
 */
@ApplicationScoped
public class EscalationService implements EscalationLease.Holder {

    private static final Logger LOG = Logger.getLogger(EscalationService.class);

    static final Map<String, String[]> TRIGGERS = new LinkedHashMap<>();
    static {
        TRIGGERS.put(EscalationReadings.PAST_DISCHARGE_READY_DATE, new String[] {"Patients in hospital past their discharge ready date", "patients"});
        TRIGGERS.put(EscalationReadings.HOME_FIRST_WAITING_LIST, new String[] {"People waiting for a Home First (P1) service", "people"});
        TRIGGERS.put(EscalationReadings.HOME_FIRST_OLDEST_WAIT_DAYS, new String[] {"Longest wait for a Home First (P1) service", "days"});
        TRIGGERS.put(EscalationReadings.HOME_FIRST_UTILISATION, new String[] {"Home First capacity in use today", "fraction"});
        TRIGGERS.put(EscalationReadings.STRANDED, new String[] {"Patients in hospital for 7 days or more", "patients"});
        TRIGGERS.put(EscalationReadings.FRESHNESS_MINUTES, new String[] {"Minutes since the newest event reached the log", "minutes"});
    }

    static final String[] LEVEL_NAMES = {"", "Level 1: steady", "Level 2: moderate pressure", "Level 3: severe pressure",
        "Level 4: extreme pressure"};
    static final String[] LEVEL_DESCRIPTIONS = {"",
        "Flow as planned: every trigger is below its level 2 threshold.",
        "Early signs of strain: partners act within their own services to keep patients flowing.",
        "Flow is compromised: partners escalate actions across the system and report to the D2A leads.",
        "Flow has broken down: system-wide actions with senior oversight; the board is told at once."};

    @Inject
    EscalationConfig config;

    @Inject
    EscalationLog log;

    @Inject
    WebhookNotifier webhook;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    private EscalationRules rules;
    private EscalationEvaluator evaluator;
    private volatile boolean restored;
    private volatile boolean writing;
    private volatile boolean closed;
    private volatile EscalationLease lease;
    private volatile LiveReadings lastReadings;
    private EscalationEvaluator.Assessment latest;
    private long version;
    private final List<EscalationStatus.Acknowledgement> acknowledgements = new ArrayList<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "escalation-writer");
        t.setDaemon(true);
        return t;
    });

    void start(@Observes StartupEvent event) {
        rules = rules(config);
        synchronized (this) {
            evaluator = new EscalationEvaluator(rules, EscalationRules.LOWEST, clock.instant().truncatedTo(ChronoUnit.MICROS), Map.of());
        }
        if (!config.enabled()) {
            return;
        }
        Thread restore = new Thread(this::restore, "escalation-restore");
        restore.setDaemon(true);
        restore.start();
    }

    /** The rules from configuration: every known trigger, with the thresholds and margin configured for it (none: off). */
    static EscalationRules rules(EscalationConfig config) {
        for (String id : config.triggers().keySet()) {
            if (!TRIGGERS.containsKey(id)) {
                throw new IllegalArgumentException("d2a.escalation.triggers." + id + ": unknown trigger (known: " + String.join(", ", TRIGGERS.keySet()) + ")");
            }
        }
        List<EscalationRules.Trigger> triggers = new ArrayList<>();
        TRIGGERS.forEach((id, words) -> {
            EscalationConfig.Trigger c = config.triggers().get(id);
            List<Double> thresholds = new ArrayList<>();
            thresholds.add(c == null ? null : c.level2().orElse(null));
            thresholds.add(c == null ? null : c.level3().orElse(null));
            thresholds.add(c == null ? null : c.level4().orElse(null));
            triggers.add(new EscalationRules.Trigger(id, words[0], words[1], thresholds, c == null ? 0 : c.margin()));
        });
        return new EscalationRules(triggers, config.hold());
    }

    private void restore() {
        readAndEvaluate("restored", () -> !restored && !closed, false);
        if (restored) {
            startLease();
        }
    }

    /**
     * Reads this system's events on d2a.escalation to the end, continues from them (as the writer when {@code writer}) and
     * evaluates; tried again with doubling waits while {@code wanted}.
     */
    private void readAndEvaluate(String what, BooleanSupplier wanted, boolean writer) {
        Retry.untilDone(wanted, () -> {
            List<EventEnvelope<EscalationEvent>> events = log.readAll(config.system(), Duration.ofSeconds(30));
            synchronized (this) {
                apply(events);
                restored = true;
                writing = writer;
            }
            LOG.infof("Escalation %s from %d event(s) on d2a.escalation: level %d since %s", what, events.size(), evaluator.level(),
                    evaluator.since());
            evaluate();
        }, (e, wait) -> LOG.warnf("Escalation could not read d2a.escalation (%s, %s); trying again in %d ms", what, e.toString(), wait));
    }

    private synchronized void startLease() {
        if (lease == null && !closed) {
            lease = new EscalationLease(log.bootstrapServers(), config.lead().group(), config.lead().sessionTimeout(), this);
            lease.start();
        }
    }

    /** The lease is ours: catch up with what the previous writer wrote, then write from there (called on the lease's thread). */
    @Override
    public void acquired() {
        readAndEvaluate("writer caught up", () -> !closed && lease.held(), true);
    }

    /** The lease is gone: stop writing, and let the writes already handed over finish before the next holder reads the topic. */
    @Override
    public void released() {
        writing = false;
        try {
            writer.submit(() -> { }).get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warnf("Escalation writes still pending when the lease was released: %s", e.toString());
        }
    }

    /** Whether this instance writes level changes and sends webhooks now (it holds the lease and has caught up). */
    boolean writing() {
        return writing;
    }

    /** What d2a.escalation says of a system: its level, since when, each trigger's level, this level's acknowledgements. */
    record Restored(int level, Instant since, Map<String, Integer> triggerLevels, List<EscalationStatus.Acknowledgement> acknowledgements,
            long version) {
    }

    /** Replays a system's escalation events in the order written; null when there has been no level change yet. */
    static Restored replay(List<EventEnvelope<EscalationEvent>> events) {
        Restored r = null;
        long version = 0;
        List<EscalationStatus.Acknowledgement> acks = new ArrayList<>();
        for (EventEnvelope<EscalationEvent> e : events) {
            version = Math.max(version, e.streamVersion());
            if (e.event() instanceof EscalationLevelChanged c) {
                Map<String, Integer> levels = new HashMap<>();
                for (JsonNode t : c.triggers()) {
                    levels.put(t.path("trigger").asText(), t.path("level").asInt(EscalationRules.LOWEST));
                }
                acks = new ArrayList<>();
                r = new Restored(c.level(), c.since(), levels, acks, version);
            } else if (e.event() instanceof EscalationAcknowledged a && (r == null || a.levelSince().equals(r.since()))) {
                acks.add(new EscalationStatus.Acknowledgement(a.level(), a.levelSince(), a.acknowledgedBy(), a.role(), e.time(), a.comment()));
            }
        }
        return r == null ? new Restored(EscalationRules.LOWEST, null, Map.of(), acks, version)
                : new Restored(r.level(), r.since(), r.triggerLevels(), acks, version);
    }

    private synchronized void apply(List<EventEnvelope<EscalationEvent>> events) {
        Restored r = replay(events);
        version = r.version();
        if (r.since() != null) {
            evaluator = new EscalationEvaluator(rules, r.level(), r.since(), r.triggerLevels());
        }
        acknowledgements.clear();
        acknowledgements.addAll(r.acknowledgements().stream().filter(a -> a.levelSince().equals(evaluator.since())).toList());
    }

    void onReadings(@Observes LiveReadings readings) {
        lastReadings = readings;
        evaluate();
    }

    @Scheduled(every = "${d2a.escalation.check-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        evaluate();
    }

    private synchronized void evaluate() {
        LiveReadings r = lastReadings;
        if (!config.enabled() || !restored || r == null) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Map<String, Double> figures = new HashMap<>(r.figures());
        figures.put(EscalationReadings.FRESHNESS_MINUTES, EscalationReadings.freshnessMinutes(r.newestEventRecordedAt(), now));
        EscalationEvaluator.Assessment a = evaluator.evaluate(figures, now);
        latest = a;
        if (a.changed()) {
            acknowledgements.clear();
            if (!writing) {
                LOG.debugf("Escalation level %d -> %d seen here; the lease holder writes it", a.previousLevel(), a.level());
                return;
            }
            EscalationLevelChanged change = new EscalationLevelChanged(config.system(), a.previousLevel(), a.level(), a.since(),
                    json.valueToTree(a.triggers()));
            long v = ++version;
            LOG.infof("Escalation level %d -> %d (%s)", a.previousLevel(), a.level(), String.join("; ", reasons(a)));
            writer.execute(() -> publish(change, now, v));
        }
    }

    private void publish(EscalationLevelChanged change, Instant now, long v) {
        if (!writing) {
            return; // the lease passed on since the change was seen: the next holder writes it from its own reading
        }
        String id = UUID.randomUUID().toString();
        try {
            log.write(change, now, v, id);
        } catch (Exception e) {
            LOG.errorf("Escalation level change %d -> %d could not be written to d2a.escalation: %s", change.previousLevel(), change.level(),
                    e.toString());
        }
        if (webhook.enabled()) {
            webhook.notify(webhookBody(change, now, id), id);
        }
    }

    /** The webhook body: the change as a CloudEvents structured-mode JSON object. */
    String webhookBody(EscalationLevelChanged change, Instant now, String id) {
        ObjectNode body = json.createObjectNode();
        body.put("specversion", "1.0");
        body.put("id", id);
        body.put("source", EscalationLog.SOURCE);
        body.put("type", EscalationLevelChanged.TYPE);
        body.put("subject", change.system());
        body.put("time", now.toString());
        body.put("datacontenttype", "application/json");
        ObjectNode data = body.putObject("data");
        data.put("system", change.system());
        data.put("previousLevel", change.previousLevel());
        data.put("level", change.level());
        data.put("levelName", LEVEL_NAMES[change.level()]);
        data.put("since", change.since().toString());
        data.set("triggers", change.triggers());
        try {
            return json.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The current level, why, since when, and its acknowledgements. */
    public synchronized EscalationStatus status() {
        EscalationEvaluator.Assessment a = latest;
        int level = evaluator.level();
        return new EscalationStatus(config.system(), config.enabled() && restored && a != null, level, LEVEL_NAMES[level],
                LEVEL_DESCRIPTIONS[level], evaluator.since(), a == null ? null : a.evaluatedAt(), rules.hold().toString(),
                a == null ? List.of() : reasons(a), a == null ? List.of() : a.triggers(), List.copyOf(acknowledgements));
    }

    /**
     * Records an acknowledgement of the current level: written to d2a.escalation (the audit) before it is answered.
     *
     * @throws IllegalStateException when the level has not been restored yet
     */
    public EscalationStatus.Acknowledgement acknowledge(String who, String role, String comment) throws Exception {
        int level;
        Instant since;
        long v;
        synchronized (this) {
            if (config.enabled() && !restored) {
                throw new IllegalStateException("The escalation level is still being restored from d2a.escalation");
            }
            level = evaluator.level();
            since = evaluator.since();
            v = ++version;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        log.write(new EscalationAcknowledged(config.system(), level, since, who, role, comment), now, v, UUID.randomUUID().toString());
        EscalationStatus.Acknowledgement ack = new EscalationStatus.Acknowledgement(level, since, who, role, now, comment);
        synchronized (this) {
            if (since.equals(evaluator.since())) {
                acknowledgements.add(ack);
            }
        }
        return ack;
    }

    /** Why the level is what it is, in words: each trigger holding a level above 1. */
    static List<String> reasons(EscalationEvaluator.Assessment a) {
        List<String> out = new ArrayList<>();
        for (EscalationEvaluator.TriggerView t : a.triggers()) {
            if (t.level() <= EscalationRules.LOWEST) {
                continue;
            }
            Double threshold = t.thresholds().get(Integer.toString(t.level()));
            String figure = t.figure() == null ? "no reading" : number(t.figure()) + " " + t.unit();
            String why = t.levelAsked() >= t.level()
                    ? "at or above the level " + t.level() + " threshold" + (threshold == null ? "" : " of " + number(threshold))
                    : "held at level " + t.level() + " until it has stayed below " + (threshold == null ? "its threshold"
                            : number(threshold - t.margin())) + " for the hold time";
            out.add(t.label() + ": " + figure + ", " + why);
        }
        if (out.isEmpty()) {
            out.add("Every trigger is below its level 2 threshold");
        }
        return out;
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    @PreDestroy
    void close() {
        EscalationLease l;
        synchronized (this) {
            closed = true;
            l = lease;
        }
        if (l != null) {
            l.close();
        }
        writer.shutdown();
    }
}
