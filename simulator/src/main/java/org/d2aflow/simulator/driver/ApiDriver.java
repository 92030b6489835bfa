package org.d2aflow.simulator.driver;

import org.d2aflow.contracts.reference.RefusalCode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.d2aflow.simulator.driver.CaseRun.ClaimOutcome;
import org.d2aflow.simulator.driver.CaseRun.FollowUpOutcome;
import org.d2aflow.simulator.driver.Http.Answer;
import org.d2aflow.simulator.model.ServiceCatalog.Organisations;
import org.d2aflow.simulator.model.SyntheticNames;
import org.d2aflow.simulator.model.Codes.Day91Status;
import org.d2aflow.simulator.model.Codes.Pathway;
import org.d2aflow.simulator.model.CountyPlan;
import org.d2aflow.simulator.model.CountyPlan.ClaimPlan;
import org.d2aflow.simulator.model.CountyPlan.PlannedCase;
import org.d2aflow.simulator.model.NhsNumbers;
import org.d2aflow.simulator.model.PlannedPatient;
import org.d2aflow.simulator.model.ServiceCatalog;
import org.d2aflow.simulator.model.ServiceCatalog.ServiceSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Plays a {@link CountyPlan} against the running suite through its REST APIs, day by day in business-date order,
 * as the coordinators and provider staff would: every call carries back-dated business dates, because the
 * services refuse future ones.
 *
 * <p>Two kinds of work make a day. The coordinators' steps dated that day (submission, discharge ready date, pathway
 * decision, and the discharge of patients who need no service) run in parallel across patients, each patient's steps
 * in order, one day after another. They never touch capacity, so they may run up to {@link #DAYS_AHEAD} days ahead of
 * the rest. Each service has its own lane, which takes the days in order: the placements of that service ending on
 * the day are ended (and due follow-ups recorded), then the day's claims on that service are made one after another in
 * the plan's order. Occupancy is per service, so each claim meets exactly the occupancy the plan expects whatever the
 * other lanes do: capacity-service can only show more units taken than the run expects (a release still on its way
 * through Kafka), never fewer, and a claim refused for want of a unit while the run expects one free is retried until
 * the release arrives. A claim refused when the plan has no unit free becomes a recorded decline.
 *
 * <p>The discharge and placement start of a claimed patient (which wait for placement-service to hear of the claim
 * and the discharge) run on their own, joined only by that placement's end or follow-up. With {@code concurrency} 1
 * nothing overlaps (each day: the coordinators' steps, then the lanes in catalogue order), and the exact sequence of
 * calls repeats from run to run.
 */
public final class ApiDriver {

    /**
     * Where the services are and how hard to push them; {@code statusFile} (may be null) gets the latest progress line,
     * written every {@code progressEvery} and once more at the end.
     */
    public record Settings(String referralUrl, String capacityUrl, String placementUrl, int concurrency, String runId, Duration patience,
            Credentials credentials, Path statusFile, Duration progressEvery, LateEntries late) {

        public Settings(String referralUrl, String capacityUrl, String placementUrl, int concurrency, String runId, Duration patience,
                Credentials credentials) {
            this(referralUrl, capacityUrl, placementUrl, concurrency, runId, patience, credentials, null, DEFAULT_PROGRESS_EVERY,
                    LateEntries.NONE);
        }

        public Settings(String referralUrl, String capacityUrl, String placementUrl, int concurrency, String runId, Duration patience,
                Credentials credentials, LateEntries late) {
            this(referralUrl, capacityUrl, placementUrl, concurrency, runId, patience, credentials, null, DEFAULT_PROGRESS_EVERY, late);
        }
    }

    /** How often the progress line is printed (and the status file rewritten). */
    public static final Duration DEFAULT_PROGRESS_EVERY = Duration.ofSeconds(5);

    /**
     * How many days the coordinators' steps may run ahead of the slowest service lane. They cannot change a claim's
     * outcome, and going ahead means a claim's pathway decision has usually reached capacity-service long before the
     * claim; bounded so that the services see the days in roughly their order and the dashboard fills in evenly.
     */
    static final int DAYS_AHEAD = 7;

    /** The roles of the suite's tokens, as its services name them. */
    static final class Roles {
        static final String COORDINATOR = "coordinator";
        static final String HOMEFIRST = "homefirst";
        static final String ADMIN = "admin";

        private Roles() {
        }
    }

    /** Why the run stopped early. */
    public static final class AbortedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AbortedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private enum Step {
        END, FOLLOW_UP, CORRECT_FOLLOW_UP, DECLINE, SUBMIT, DISCHARGE_READY, DECIDE, DISCHARGE, CORRECT_DISCHARGE, DISCHARGE_AGAIN
    }

    /** The corrections a run makes, in turn. */
    enum Correction {
        /** The discharge was a day later than typed. */
        DISCHARGE_DATE,
        /** Recorded against the wrong referral: voided, and entered again two days later. */
        VOID_AND_ENTER_AGAIN,
        /** The destination was mistyped. */
        DESTINATION,
        /** The 91-day status was typed against the wrong person. */
        FOLLOW_UP
    }

    private static final int ABORT_AFTER_CONSECUTIVE_FAILURES = 25;

    private final Settings settings;
    private final CountyPlan plan;
    private final PrintStream out;
    private final Http http;
    private final ObjectMapper json;
    private final ExecutorService pool;
    /** Discharges and placement starts of claimed patients: they wait on Kafka, so they run apart from the day's other work. */
    private final ExecutorService startPool;
    private final List<Future<?>> pendingStarts = new ArrayList<>();
    private final List<CaseRun> runs = new ArrayList<>();

    /** The coordinators' steps per business day, per patient, in the order a patient's steps of one day are entered. */
    private final Map<LocalDate, Map<CaseRun, Set<Step>>> calendar = new TreeMap<>();
    /** Per service: its claims per day in the plan's order, and the ends and follow-ups its claims put on later days. */
    private final Map<String, Map<LocalDate, List<CaseRun>>> claimsByDay = new HashMap<>();
    private final Map<String, Map<LocalDate, Map<CaseRun, Set<Step>>>> laneCalendar = new HashMap<>();
    private final List<CaseRun> followUpsToday = new ArrayList<>();

    private final Map<String, String> serviceIds = new LinkedHashMap<>();
    private final Map<String, Integer> units = new HashMap<>();
    private final Map<String, AtomicInteger> expectedActive = new HashMap<>();
    private volatile boolean claimsDatedToday;
    private boolean capacityFromToday;
    private final List<String> notes = new ArrayList<>();

    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong discharged = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();
    private final AtomicLong followUps = new AtomicLong();
    private final AtomicLong delayReasons = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final Map<String, int[]> claimCounts = new LinkedHashMap<>();
    private long startedAt;

    /** Days done: the coordinators' last finished day, and each lane's; guarded by itself. */
    private final Object clock = new Object();
    private LocalDate coordinatorsDone;
    private final Map<String, LocalDate> lanesDone = new HashMap<>();

    /** Where the time goes (nanoseconds), to see what limits a run. */
    private final AtomicLong coordinatorNanos = new AtomicLong();
    private final AtomicLong coordinatorsWaitingNanos = new AtomicLong();
    private final AtomicLong laneEndsNanos = new AtomicLong();
    private final AtomicLong laneClaimsNanos = new AtomicLong();
    private final AtomicLong lanesWaitingNanos = new AtomicLong();
    private final AtomicLong leavingNanos = new AtomicLong();
    private final AtomicLong decisionWaitNanos = new AtomicLong();
    private final AtomicLong releaseWaitNanos = new AtomicLong();
    private final AtomicLong claimAttempts = new AtomicLong();
    private final AtomicLong startAttempts = new AtomicLong();

    private final Credentials credentials;
    private final LateEntries late;
    /** capacity-service does not take a decline's own date (declinedOn): declines are dated the day they are entered. */
    private volatile boolean declinesUndated;
    /** placement-service does not take the date a follow-up status was obtained (obtainedOn). */
    private volatile boolean followUpsUndated;
    /** referral-service answered a correction with 404 or 405: it has no corrections, none are tried again. */
    private volatile boolean correctionsUnsupported;
    private volatile boolean delayReasonsUnsupported;
    private volatile boolean admissionMethodsUnsupported;
    private volatile boolean statusSinceUnsupported;
    private volatile boolean followUpCorrectionsUnsupported;
    private final AtomicLong corrected = new AtomicLong();
    private final List<CaseRun> followUpCorrections = new ArrayList<>();
    /** The capacity declared per service, as entered: from-date (null: today), units, when. */
    private final Map<String, List<Map<String, Object>>> declarations = new LinkedHashMap<>();
    private volatile LocalDate reachedDay;
    private volatile String abortReason;
    private volatile boolean finished;
    private volatile java.time.Instant finishedAt;
    private final java.util.NavigableSet<LocalDate> checkpointDays = new java.util.concurrent.ConcurrentSkipListSet<>();
    private final Map<LocalDate, java.time.Instant> checkpoints = new java.util.concurrent.ConcurrentSkipListMap<>();
    private long lastTickCalls;
    private long lastTickNanos;

    public ApiDriver(Settings settings, CountyPlan plan, PrintStream out) {
        this.settings = settings;
        this.plan = plan;
        this.out = out;
        this.json = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.http = new Http(json, Duration.ofSeconds(30));
        this.credentials = settings.credentials();
        this.late = settings.late() == null ? LateEntries.NONE : settings.late();
        this.pool = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()), daemon("simulator-worker"));
        this.startPool = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()), daemon("simulator-starts"));
        for (ServiceSpec s : ServiceCatalog.SERVICES) {
            claimCounts.put(s.key(), new int[3]);
            claimsByDay.put(s.key(), new TreeMap<>());
            laneCalendar.put(s.key(), new TreeMap<>());
        }
        for (PlannedCase c : plan.cases()) {
            PlannedPatient p = c.patient();
            ServiceSpec service = p.needsService() ? ServiceCatalog.forType(p.serviceType()).orElseThrow() : null;
            CaseRun run = new CaseRun(c, service);
            runs.add(run);
            schedule(plan.enteredOn(p.admissionDate()), run, Step.SUBMIT);
            if (p.dischargeReadyDate() != null && !p.dischargeReadyDate().isAfter(plan.last())) {
                schedule(plan.enteredOn(p.dischargeReadyDate()), run, Step.DISCHARGE_READY);
            }
            if (p.decidedAt() != null && !p.decidedAt().isAfter(plan.last())) {
                schedule(plan.enteredOn(p.decidedAt()), run, Step.DECIDE);
            }
            if (plan.inWindow(p.dischargeDate())) {
                if (service == null) {
                    // Patients who need no service may be discharged on paper a few days after they left.
                    LocalDate enterOn = lateDay(p.dischargeDate(), late.dischargeDays(p.id()));
                    run.enteredLate("discharge", p.dischargeDate(), enterOn);
                    schedule(enterOn, run, Step.DISCHARGE);
                    run.dischargeEnteredOn = enterOn;
                } else {
                    claimsByDay.get(service.key()).computeIfAbsent(p.dischargeDate(), d -> new ArrayList<>()).add(run);
                }
            }
        }
        chooseDischargeCorrections();
    }

    /**
     * Picks, from the seed, the patients whose discharge is corrected: patients needing no service (no placement to
     * contradict), not deaths, discharged early enough in the window for the correction to fall in it, and for a
     * changed date one whose age is the same on both days. The correction is entered three days after the discharge,
     * a voided discharge is entered again two days after the void. Every fourth correction is a follow-up's, chosen once
     * follow-ups are recorded.
     */
    private void chooseDischargeCorrections() {
        int wanted = late.corrections() - late.corrections() / Correction.values().length;
        List<CaseRun> eligible = new ArrayList<>();
        for (CaseRun r : runs) {
            PlannedPatient p = r.p;
            if (r.service == null && r.dischargeEnteredOn != null && p.category() != PlannedPatient.Category.DIED
                    && !r.dischargeEnteredOn.plusDays(6).isAfter(plan.last())) {
                eligible.add(r);
            }
        }
        eligible.sort(Comparator.comparing(r -> r.p.id()));
        java.util.SplittableRandom random = new java.util.SplittableRandom(late.seed() ^ 0x5eedc0aL);
        int made = 0;
        for (int i = 0; made < wanted && i < 50 * Math.max(1, wanted) && !eligible.isEmpty(); i++) {
            CaseRun r = eligible.remove(random.nextInt(eligible.size()));
            Correction kind = List.of(Correction.DISCHARGE_DATE, Correction.VOID_AND_ENTER_AGAIN, Correction.DESTINATION).get(made % 3);
            if (kind == Correction.DISCHARGE_DATE && r.p.ageAtDischarge() != ageOn(r.p, r.p.dischargeDate().plusDays(1))) {
                continue;
            }
            r.correction = kind;
            LocalDate on = r.dischargeEnteredOn.plusDays(3);
            schedule(on, r, Step.CORRECT_DISCHARGE);
            if (kind == Correction.VOID_AND_ENTER_AGAIN) {
                schedule(on.plusDays(2), r, Step.DISCHARGE_AGAIN);
            }
            made++;
        }
    }

    private static int ageOn(PlannedPatient p, LocalDate date) {
        return java.time.Period.between(p.dateOfBirth(), date).getYears();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs the plan; returns normally also when the run was aborted (see {@link #aborted()}). */
    public void run() {
        startedAt = System.nanoTime();
        lastTickNanos = startedAt;
        ExecutorService laneThreads = Executors.newFixedThreadPool(ServiceCatalog.SERVICES.size(), daemon("simulator-claims"));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("simulator-progress"));
        try {
            checkServicesAnswer();
            registerServices();
            out.printf("Simulating %s to %s (%d days), %d patients planned, %d at a time%n", plan.first(), plan.last(), totalDays(),
                    runs.size(), settings.concurrency());
            long every = Math.max(10, settings.progressEvery().toMillis());
            ticker.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
            if (settings.concurrency() == 1) {
                for (LocalDate day = plan.first(); !day.isAfter(plan.last()); day = day.plusDays(1)) {
                    reachedDay = day;
                    coordinatorsDay(day);
                    for (ServiceSpec s : ServiceCatalog.SERVICES) {
                        laneDay(s, day);
                        laneDone(s, day);
                    }
                    checkpoint(day, List.of());
                }
            } else {
                List<Future<?>> lanes = new ArrayList<>();
                for (ServiceSpec s : ServiceCatalog.SERVICES) {
                    lanes.add(laneThreads.submit(() -> lane(s)));
                }
                for (LocalDate day = plan.first(); !day.isAfter(plan.last()); day = day.plusDays(1)) {
                    long w = System.nanoTime();
                    awaitLanes(day.minusDays(DAYS_AHEAD), lanes);
                    coordinatorsWaitingNanos.addAndGet(System.nanoTime() - w);
                    reachedDay = day;
                    coordinatorsDay(day);
                    checkpoint(day, lanes);
                }
                await(lanes);
            }
            synchronized (pendingStarts) {
                await(pendingStarts);
            }
            // Day 91 of the discharges of 91 days ago is today: placement-service takes those follow-ups too.
            followUpsToday.sort(Comparator.comparing(r -> r.p.id()));
            parallel(followUpsToday, r -> followUp(r));
        } catch (AbortedException e) {
            abortReason = e.getMessage();
            out.println("ABORTED: " + e.getMessage());
        } finally {
            finishedAt = CaseRun.now();
            finished = true;
            ticker.shutdownNow();
            laneThreads.shutdownNow();
            startPool.shutdownNow();
            pool.shutdownNow();
            progress();
        }
    }

    /**
     * After each of the given simulated days, the run stops entering anything until all it entered has settled (every
     * lane done with the day, every placement start made, capacity-service showing the occupancy the run expects, so that
     * the releases of ended placements have arrived), notes the instant in the record, and goes on. Figures as known at
     * that instant can then be recomputed from the record exactly: nothing was on its way. With any checkpoint asked
     * for, one is also taken after each day a discharge is voided, while the patient is back in hospital on paper.
     */
    public void checkpointAfter(java.util.Collection<LocalDate> days) {
        checkpointDays.addAll(days);
        if (!days.isEmpty()) {
            runs.stream().filter(r -> r.correction == Correction.VOID_AND_ENTER_AGAIN).forEach(r -> checkpointDays.add(r.dischargeEnteredOn.plusDays(3)));
        }
    }

    private void checkpoint(LocalDate day, List<Future<?>> lanes) {
        if (!checkpointDays.contains(day)) {
            return;
        }
        awaitLanes(day, lanes);
        List<Future<?>> starts;
        synchronized (pendingStarts) {
            starts = new ArrayList<>(pendingStarts);
        }
        await(starts);
        long deadline = System.nanoTime() + settings.patience().toNanos();
        for (ServiceSpec s : ServiceCatalog.SERVICES) {
            while (occupied(s) != expectedActive.get(s.key()).get()) {
                if (System.nanoTime() > deadline) {
                    throw new AbortedException("checkpoint: " + s.name() + " still shows " + occupied(s) + " units occupied, the run expects "
                            + expectedActive.get(s.key()).get(), null);
                }
                Http.sleep(100);
            }
        }
        Http.sleep(50);
        java.time.Instant at = CaseRun.now();
        checkpoints.put(day, at);
        Http.sleep(50);
        out.printf("Checkpoint after %s: everything entered had settled at %s%n", day, at);
    }

    private int occupied(ServiceSpec s) {
        Answer now = http.get(settings.capacityUrl() + "/services/" + serviceIds.get(s.key()), credentials.as(Roles.ADMIN, Organisations.ACUTE_TRUST));
        return now.body().path("today").path("occupied").asInt(-1);
    }

    public boolean aborted() {
        return abortReason != null;
    }

    /** Steps the services refused (or that never became possible), over the whole run. */
    public long failedSteps() {
        return failures.get();
    }

    // --- the day ----------------------------------------------------------------------------------------------

    private static final Set<Step> REFERRAL_STEPS = EnumSet.of(Step.SUBMIT, Step.DISCHARGE_READY, Step.DECIDE, Step.DISCHARGE,
            Step.CORRECT_DISCHARGE, Step.DISCHARGE_AGAIN);

    /** The coordinators' steps dated that day, in parallel across patients; returns when all are done. */
    private void coordinatorsDay(LocalDate day) {
        long t0 = System.nanoTime();
        Map<CaseRun, Set<Step>> steps;
        synchronized (calendar) {
            steps = calendar.remove(day);
        }
        await(submitSteps(steps, day, REFERRAL_STEPS));
        coordinatorNanos.addAndGet(System.nanoTime() - t0);
        synchronized (clock) {
            coordinatorsDone = day;
            clock.notifyAll();
        }
    }

    /** A service's lane: its days in order, each once the coordinators have entered that day. */
    private void lane(ServiceSpec s) {
        for (LocalDate day = plan.first(); !day.isAfter(plan.last()); day = day.plusDays(1)) {
            long w = System.nanoTime();
            synchronized (clock) {
                while (coordinatorsDone == null || coordinatorsDone.isBefore(day)) {
                    waitOn(clock);
                }
            }
            lanesWaitingNanos.addAndGet(System.nanoTime() - w);
            laneDay(s, day);
            laneDone(s, day);
        }
    }

    private void laneDone(ServiceSpec s, LocalDate day) {
        synchronized (clock) {
            lanesDone.put(s.key(), day);
            clock.notifyAll();
        }
    }

    /** Waits until every lane has finished {@code day}; a lane that failed ends the run. */
    private void awaitLanes(LocalDate day, List<Future<?>> lanes) {
        if (day.isBefore(plan.first())) {
            return;
        }
        synchronized (clock) {
            while (lanesDone.size() < ServiceCatalog.SERVICES.size() || lanesDone.values().stream().anyMatch(d -> d.isBefore(day))) {
                for (Future<?> f : lanes) {
                    if (f.isDone()) {
                        join(f);
                    }
                }
                waitOn(clock);
            }
        }
    }

    private static void waitOn(Object monitor) {
        try {
            monitor.wait(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbortedException("interrupted", e);
        }
    }

    /** The last day every part of the run has finished, or null before the first. */
    private LocalDate dayDone() {
        synchronized (clock) {
            if (coordinatorsDone == null || lanesDone.size() < ServiceCatalog.SERVICES.size()) {
                return null;
            }
            LocalDate d = coordinatorsDone;
            for (LocalDate l : lanesDone.values()) {
                d = l.isBefore(d) ? l : d;
            }
            return d;
        }
    }

    private long totalDays() {
        return plan.last().toEpochDay() - plan.first().toEpochDay() + 1;
    }

    /** Starts, on the pool, each patient's steps of the given kinds dated that day, in order. */
    private List<Future<?>> submitSteps(Map<CaseRun, Set<Step>> steps, LocalDate day, Set<Step> kinds) {
        if (steps == null) {
            return List.of();
        }
        List<CaseRun> who = new ArrayList<>();
        for (Map.Entry<CaseRun, Set<Step>> e : steps.entrySet()) {
            if (e.getValue().stream().anyMatch(kinds::contains)) {
                who.add(e.getKey());
            }
        }
        who.sort(Comparator.comparing(r -> r.p.id()));
        return submit(who, r -> {
            for (Step s : steps.get(r)) {
                if (r.broken) {
                    return;
                }
                if (kinds.contains(s)) {
                    step(r, s, day);
                }
            }
        });
    }

    /**
     * One day of one service: the ends of its placements dated that day (and due follow-ups), which free units, then
     * its claims of the day one after another in the plan's order. The discharge of those patients and the start of
     * their placements then go their own way: only that placement's end and follow-up, a day or more later, wait for them.
     */
    private void laneDay(ServiceSpec s, LocalDate day) {
        long t0 = System.nanoTime();
        Map<CaseRun, Set<Step>> steps;
        Map<LocalDate, Map<CaseRun, Set<Step>>> own = laneCalendar.get(s.key());
        synchronized (own) {
            steps = own.remove(day);
        }
        if (steps != null) {
            List<CaseRun> who = new ArrayList<>(steps.keySet());
            who.sort(Comparator.comparing(r -> r.p.id()));
            for (CaseRun r : who) {
                guarded(r, x -> {
                    for (Step step : steps.get(x)) {
                        if (x.broken) {
                            return;
                        }
                        step(x, step, day);
                    }
                });
            }
        }
        long t1 = System.nanoTime();
        laneEndsNanos.addAndGet(t1 - t0);
        List<CaseRun> claims = claimsByDay.get(s.key()).getOrDefault(day, List.of());
        for (CaseRun r : claims) {
            if (!r.broken && r.referralId != null) {
                guarded(r, this::claim);
            }
        }
        laneClaimsNanos.addAndGet(System.nanoTime() - t1);
        for (CaseRun r : claims) {
            if (r.broken || r.referralId == null) {
                continue;
            }
            java.util.function.Consumer<CaseRun> leave = x -> {
                long t = System.nanoTime();
                discharge(x);
                if (!x.broken && x.claim == ClaimOutcome.CLAIMED) {
                    start(x);
                }
                leavingNanos.addAndGet(System.nanoTime() - t);
            };
            if (settings.concurrency() > 1) {
                r.leaving = startPool.submit(() -> guarded(r, leave));
                synchronized (pendingStarts) {
                    pendingStarts.add(r.leaving);
                }
            } else {
                guarded(r, leave);
            }
        }
    }

    private void step(CaseRun r, Step s, LocalDate day) {
        if (s == Step.END || s == Step.FOLLOW_UP) {
            // The placement must have started; if its start failed, the error is already recorded.
            join(r.leaving);
            if (r.startSent == null) {
                return;
            }
        }
        switch (s) {
            case END:
                end(r);
                break;
            case FOLLOW_UP:
                r.followUpDay = day;
                followUp(r);
                break;
            case DECLINE:
                postDecline(r);
                break;
            case CORRECT_DISCHARGE:
                correctDischarge(r);
                break;
            case DISCHARGE_AGAIN:
                if (r.correction == Correction.VOID_AND_ENTER_AGAIN && r.dischargeSent == null && r.voided) {
                    discharge(r);
                }
                break;
            case CORRECT_FOLLOW_UP:
                correctFollowUp(r);
                break;
            case SUBMIT:
                submit(r);
                break;
            case DISCHARGE_READY:
                dischargeReady(r);
                break;
            case DECIDE:
                decide(r);
                break;
            case DISCHARGE:
                discharge(r);
                break;
            default:
                throw new IllegalStateException("step " + s + " on " + day);
        }
    }

    // --- coordinators: referral-service ------------------------------------------------------------------------

    private void submit(CaseRun r) {
        PlannedPatient p = r.p;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nhsNumber", NhsNumbers.formatted(p.nhsNumber()));
        body.put("dateOfBirth", p.dateOfBirth());
        body.put("sex", p.sex());
        body.put("locality", p.locality());
        body.put("site", p.site());
        body.put("ward", p.ward());
        body.put("admissionDate", p.admissionDate());
        body.put("usualResidence", p.usualResidence());
        body.put("name", SyntheticNames.forPatient(p.id()));
        if (!admissionMethodsUnsupported) {
            body.put("admissionMethod", p.admissionMethod());
        }
        Answer a = http.send("POST", settings.referralUrl() + "/referrals", body,
                credentials.as(Roles.COORDINATOR, Organisations.ACUTE_TRUST, "Idempotency-Key", key(r, "submit")));
        if (a.status() == 400 && a.faults("admissionMethod")) {
            admissionMethodsUnsupported = true;
            note("referral-service does not take admissionMethod: referrals are submitted without it");
            body.remove("admissionMethod");
            a = http.send("POST", settings.referralUrl() + "/referrals", body,
                    credentials.as(Roles.COORDINATOR, Organisations.ACUTE_TRUST, "Idempotency-Key", key(r, "submit")));
        }
        if (a.status() == 201 && a.text("id") != null) {
            r.referralId = a.text("id");
            r.admissionSent = p.admissionDate();
            r.entered("submitted");
            submitted.incrementAndGet();
            succeeded();
        } else {
            failed(r, "submit", a);
        }
    }

    private void dischargeReady(CaseRun r) {
        Answer a = referralChange("PUT", r, "/discharge-ready-date", Map.of("dischargeReadyDate", r.p.dischargeReadyDate()));
        if (a.ok()) {
            r.drdSent = r.p.dischargeReadyDate();
            r.entered("dischargeReadyDate");
            succeeded();
            delayReason(r);
        } else {
            failed(r, "discharge ready date", a);
        }
    }

    /**
     * Why a patient who will stay past the ready date is still in hospital, from that date, as the coordinator records it
     * with the ready date. A referral-service without reasons for delay answers 404 or 405: noted, and none are sent.
     */
    private void delayReason(CaseRun r) {
        String code = r.p.delayReasonCode();
        if (code == null || delayReasonsUnsupported) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("listId", "acute-sitrep-2023");
        body.put("listVersion", 1);
        body.put("code", code);
        body.put("effectiveFrom", r.p.dischargeReadyDate());
        Answer a = referralChange("POST", r, "/delay-reasons", body);
        if (a.status() == 404 || a.status() == 405) {
            delayReasonsUnsupported = true;
            note("referral-service takes no reasons for delay (" + a.status() + "): none recorded");
        } else if (a.ok()) {
            r.delayReasonSent = code;
            r.entered("delayReason");
            delayReasons.incrementAndGet();
            succeeded();
        } else {
            failed(r, "delay reason", a, false);
        }
    }

    private void decide(CaseRun r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pathway", r.p.pathway());
        body.put("serviceType", r.p.serviceType());
        body.put("decidedAt", r.p.decidedAt());
        Answer a = referralChange("PUT", r, "/pathway-decision", body);
        if (a.ok()) {
            r.decidedSent = r.p.decidedAt();
            r.entered("decision");
            succeeded();
        } else {
            failed(r, "pathway decision", a);
        }
    }

    private void discharge(CaseRun r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dischargeDate", r.p.dischargeDate());
        body.put("destinationCode", r.p.destinationCode());
        body.put("methodCode", r.p.methodCode());
        Answer a = referralChange("POST", r, "/discharge", body);
        if (a.ok()) {
            r.dischargeSent = r.p.dischargeDate();
            r.destinationSent = r.p.destinationCode();
            r.entered("discharge");
            r.dischargeVersion("RECORDED", r.p.ageAtDischarge());
            discharged.incrementAndGet();
            succeeded();
        } else {
            failed(r, "discharge", a);
        }
    }

    /**
     * The patient's discharge corrected as chosen: a date a day later, or another destination (19 and 29 swapped, else
     * 19), or voided (to be entered again later). A referral-service without corrections answers 404 or 405: noted, and
     * the run goes on without them.
     */
    private void correctDischarge(CaseRun r) {
        if (r.dischargeSent == null || correctionsUnsupported) {
            return;
        }
        Answer a;
        if (r.correction == Correction.VOID_AND_ENTER_AGAIN) {
            a = referralChange("POST", r, "/discharge/void", Map.of("reason", "Recorded against the wrong referral (simulated correction)"));
        } else {
            Map<String, Object> body = new LinkedHashMap<>();
            if (r.correction == Correction.DISCHARGE_DATE) {
                body.put("dischargeDate", r.dischargeSent.plusDays(1));
            } else {
                body.put("destinationCode", "19".equals(r.destinationSent) ? "29" : "19");
            }
            body.put("reason", "Mistyped on the ward (simulated correction)");
            a = referralChange("POST", r, "/discharge/corrections", body);
            if (a.ok()) {
                r.dischargeSent = (LocalDate) body.getOrDefault("dischargeDate", r.dischargeSent);
                r.destinationSent = (String) body.getOrDefault("destinationCode", r.destinationSent);
            }
        }
        if (!correctionAccepted(r, a, "referral-service", "discharge correction", () -> correctionsUnsupported = true)) {
            return;
        }
        if (r.correction == Correction.VOID_AND_ENTER_AGAIN) {
            r.dischargeSent = null;
            r.destinationSent = null;
            r.voided = true;
            r.dischargeVersion("VOIDED", null);
        } else {
            r.dischargeVersion("CORRECTED", ageOn(r.p, r.dischargeSent));
        }
    }

    /**
     * Whether a correction was accepted. A service without the endpoint (404 or 405 for a fact it knows) is noted and
     * asked no more; another refusal is a failed step, though the patient's later steps go on.
     */
    private boolean correctionAccepted(CaseRun r, Answer a, String service, String step, Runnable unsupported) {
        if (a.status() == 404 || a.status() == 405) {
            unsupported.run();
            note(service + " takes no " + step + "s (" + a.status() + "): none made");
            return false;
        }
        if (!a.ok()) {
            failed(r, step, a, false);
            return false;
        }
        succeeded();
        corrected.incrementAndGet();
        return true;
    }

    /** A change to a referral; a concurrent write (409 concurrent-update) is retried, which cannot happen unless someone else writes. */
    private Answer referralChange(String method, CaseRun r, String path, Object body) {
        String url = settings.referralUrl() + "/referrals/" + r.referralId + path;
        Answer a = http.send(method, url, body, credentials.as(Roles.COORDINATOR, Organisations.ACUTE_TRUST));
        for (int i = 1; i < 5 && a.status() == 409 && a.body().path("type").asText().endsWith("concurrent-update"); i++) {
            Http.pause(i);
            a = http.send(method, url, body, credentials.as(Roles.COORDINATOR, Organisations.ACUTE_TRUST));
        }
        return a;
    }

    // --- provider staff: capacity-service ----------------------------------------------------------------------

    private void checkServicesAnswer() {
        for (String base : List.of(settings.referralUrl(), settings.capacityUrl(), settings.placementUrl())) {
            try {
                Answer a = http.get(base + "/q/health/ready");
                if (!a.ok()) {
                    throw new AbortedException(base + " is not ready (" + a.status() + "): " + a.body(), null);
                }
            } catch (Http.UnreachableException e) {
                throw new AbortedException("nothing answers at " + base + " (is the stack up? deploy/d2a up)", e);
            }
        }
    }

    /**
     * Registers the county's services (or finds them, when an earlier run registered them) and declares their units
     * from the first simulated day. capacity-service refuses capacity dated in the past; the run then declares it
     * from today and claims from today as well, which keeps occupancy right (a claim holds its unit until released)
     * but dates the claims, unlike everything else, on the real day.
     */
    private void registerServices() {
        for (ServiceSpec s : ServiceCatalog.SERVICES) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", s.name());
            body.put("serviceType", s.serviceType());
            body.put("locality", s.locality());
            body.put("unit", s.unit());
            body.put("providerOrganisation", s.provider());
            Answer a = http.send("POST", settings.capacityUrl() + "/services", body,
                    credentials.as(Roles.ADMIN, Organisations.ACUTE_TRUST, "Idempotency-Key", "sim-" + settings.runId() + "-service-" + s.key()));
            if (a.status() == 401 || a.status() == 403) {
                throw new AbortedException("capacity-service refused the simulator's token (" + a.status() + " " + a.problem()
                        + "): is --issuer-home the home of the running stack?", null);
            }
            String id;
            if (a.status() == 201) {
                id = a.text("id");
            } else if (a.status() == 409) {
                id = existingService(s);
                notes.add("service " + s.name() + " was already registered (" + id + "): reused; run against a fresh stack for clean figures");
            } else {
                throw new AbortedException("registering " + s.name() + " failed: " + a.status() + " " + a.problem(), null);
            }
            serviceIds.put(s.key(), id);
            int n = s.units(plan.scale());
            units.put(s.key(), n);
            declareCapacity(s, id, n);
            Answer now = http.get(settings.capacityUrl() + "/services/" + id, credentials.as(Roles.ADMIN, Organisations.ACUTE_TRUST));
            int occupied = now.body().path("today").path("occupied").asInt(0);
            expectedActive.put(s.key(), new AtomicInteger(occupied));
            if (occupied > 0) {
                notes.add(s.name() + " already had " + occupied + " occupied units at the start");
            }
        }
        claimsDatedToday = capacityFromToday;
        out.printf("Services: %s%n", String.join(", ", ServiceCatalog.SERVICES.stream()
                .map(s -> s.name() + " " + units.get(s.key()) + " " + s.unit().toLowerCase() + "s").toList()));
        if (capacityFromToday) {
            out.println("Note: capacity-service refuses capacity and claims dated in the past; units are declared from today and"
                    + " claims start today (occupancy is still exact: a claim holds its unit until its placement ends).");
        }
    }

    private void declareCapacity(ServiceSpec s, String id, int n) {
        String url = settings.capacityUrl() + "/services/" + id + "/capacity";
        Answer a = http.send("PUT", url, Map.of("units", n, "fromDate", plan.first()), credentials.as(Roles.HOMEFIRST, s.provider()));
        if (a.status() == 422 && a.faults("fromDate")) {
            capacityFromToday = true;
            a = http.send("PUT", url, Map.of("units", n), credentials.as(Roles.HOMEFIRST, s.provider()));
        }
        if (a.ok()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("fromDate", capacityFromToday ? plan.today() : plan.first());
            d.put("units", n);
            d.put("enteredAt", CaseRun.now());
            declarations.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(d);
        } else {
            notes.add("declaring " + n + " units for " + s.name() + " failed: " + a.status() + " " + a.problem());
        }
    }

    private String existingService(ServiceSpec s) {
        Answer a = http.get(settings.capacityUrl() + "/services?serviceType=" + s.serviceType() + "&locality="
                + java.net.URLEncoder.encode(s.locality(), StandardCharsets.UTF_8), credentials.as(Roles.ADMIN, Organisations.ACUTE_TRUST));
        for (JsonNode n : a.body()) {
            if (s.name().equalsIgnoreCase(n.path("name").asText())) {
                return n.path("id").asText();
            }
        }
        throw new AbortedException("service " + s.name() + " exists but could not be found", null);
    }


    /**
     * Claims a unit for the patient. capacity-service can only show more units taken than the run expects (the
     * release of a placement ended today may still be on its way), never fewer: a claim refused for want of a unit when
     * the run expects one free is retried until the release arrives, and one refused when none should be free is a
     * decline, as planned.
     */
    private void claim(CaseRun r) {
        String serviceId = serviceIds.get(r.service.key());
        String url = settings.capacityUrl() + "/services/" + serviceId + "/claims";
        long deadline = System.nanoTime() + settings.patience().toNanos();
        // A release on its way takes well under a second; a service that stays full against the count is noted, not waited for.
        long fullDeadline = System.nanoTime() + Math.min(settings.patience().toNanos(), Duration.ofSeconds(5).toNanos());
        int attempt = 0;
        while (true) {
            attempt++;
            claimAttempts.incrementAndGet();
            boolean today = claimsDatedToday;
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("referralId", r.referralId);
            if (!today) {
                body.put("startDate", r.p.dischargeDate());
            }
            Answer a = http.send("POST", url, body,
                    credentials.as(Roles.HOMEFIRST, r.service.provider(), "Idempotency-Key", key(r, today ? "claim-today" : "claim")));
            if (a.status() == 201) {
                r.claim = ClaimOutcome.CLAIMED;
                r.claimId = a.text("id");
                r.claimStartSent = today ? null : r.p.dischargeDate();
                r.entered("claim");
                expectedActive.get(r.service.key()).incrementAndGet();
                claimCounts.get(r.service.key())[0]++;
                scheduleFollowOn(r);
                succeeded();
                return;
            }
            String why = a.problem();
            if (a.status() == 422 && a.faults("startDate") && !today) {
                claimsDatedToday = true;
                note("capacity-service refuses claims starting in the past (" + why + "): claims start today from now on");
                continue;
            }
            boolean noUnit = a.status() == 409 && a.refused(RefusalCode.NO_FREE_UNIT);
            boolean room = expectedActive.get(r.service.key()).get() < units.get(r.service.key());
            if (noUnit && !room) {
                declineFor(r, serviceId);
                return;
            }
            // Not waiting yet (the decision is still on its way through Kafka), or full while a release is on its way.
            boolean retryable = a.status() == 409 && System.nanoTime() < (noUnit ? fullDeadline : deadline);
            if (!retryable) {
                if (noUnit) {
                    note("claim for " + r.p.id() + " on " + r.service.name() + " found no free unit although " + expectedActive.get(
                            r.service.key()).get() + " of " + units.get(r.service.key()) + " should be taken: recorded as declined");
                    declineFor(r, serviceId);
                    return;
                }
                // The patient still leaves hospital on the day, without a placement from this service.
                r.claim = ClaimOutcome.FAILED;
                claimCounts.get(r.service.key())[2]++;
                failed(r, "claim", a, false);
                return;
            }
            // Each attempt is a write the services must refuse, and on a busy machine an event can take seconds to
            // travel: 25, 50, 100 ... ms, at most a second apart.
            long w = System.nanoTime();
            Http.sleep(Math.min(1000, 25L << Math.min(attempt - 1, 6)));
            (noUnit ? releaseWaitNanos : decisionWaitNanos).addAndGet(System.nanoTime() - w);
        }
    }

    /**
     * The claim found no free unit: the patient is referred elsewhere. The decline is recorded now, or (for a share of
     * them) a few days later in the service's lane, dated the day of the claim either way.
     */
    private void declineFor(CaseRun r, String serviceId) {
        r.claim = ClaimOutcome.DECLINED;
        claimCounts.get(r.service.key())[1]++;
        LocalDate enterOn = lateDay(r.p.dischargeDate(), late.declineDays(r.p.id()));
        if (enterOn.isAfter(r.p.dischargeDate())) {
            r.enteredLate("decline", r.p.dischargeDate(), enterOn);
            scheduleLane(r.service, enterOn, r, Step.DECLINE);
        } else {
            postDecline(r);
        }
    }

    private void postDecline(CaseRun r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("referralId", r.referralId);
        body.put("reason", "No free unit on " + r.p.dischargeDate() + ": referred elsewhere for lack of capacity");
        if (!declinesUndated) {
            body.put("declinedOn", r.p.dischargeDate());
        }
        String url = settings.capacityUrl() + "/services/" + serviceIds.get(r.service.key()) + "/declines";
        long deadline = System.nanoTime() + settings.patience().toNanos();
        while (true) {
            Answer a = http.send("POST", url, body, credentials.as(Roles.HOMEFIRST, r.service.provider()));
            if (a.status() == 201) {
                r.declineRecorded = true;
                r.declinedOnSent = (LocalDate) body.get("declinedOn");
                r.entered("decline");
                succeeded();
                return;
            }
            if (a.status() == 400 && a.faults("declinedOn")) {
                declinesUndated = true;
                note("capacity-service does not take declinedOn: declines are dated the day they are entered");
                body.remove("declinedOn");
                continue;
            }
            if (a.status() != 409 || System.nanoTime() > deadline) {
                r.errors.add("decline: " + a.status() + " " + a.problem());
                failures.incrementAndGet();
                return;
            }
            Http.sleep(50);
        }
    }


    // --- provider staff: placement-service ---------------------------------------------------------------------

    /**
     * Starts the placement (placement id = claim id). The claim and the discharge reach placement-service through
     * Kafka, each in its own time: until both have, it answers 404 (no such placement yet) or 409 (service not known
     * yet, patient not discharged yet), and the start is tried again a little later. Nothing is polled: a start that
     * is refused changes nothing and keeps no Idempotency-Key.
     */
    private void start(CaseRun r) {
        String url = settings.placementUrl() + "/placements/" + r.claimId + "/start";
        long deadline = System.nanoTime() + settings.patience().toNanos();
        // The discharge was entered a moment ago: give it time to reach placement-service before the first try.
        long sleep = settings.concurrency() > 1 ? 100 : 10;
        while (true) {
            Http.sleep(sleep);
            startAttempts.incrementAndGet();
            Answer a = http.send("POST", url, Map.of("startDate", r.p.placementStart()),
                    credentials.as(Roles.HOMEFIRST, r.service.provider(), "Idempotency-Key", key(r, "start")));
            if (a.ok()) {
                r.startSent = r.p.placementStart();
                r.entered("placementStart");
                started.incrementAndGet();
                succeeded();
                labelFollowUp(r);
                return;
            }
            boolean notYet = a.status() == 404 || a.refused(RefusalCode.NOT_DISCHARGED) || a.refused(RefusalCode.SERVICE_UNKNOWN);
            if (!notYet || System.nanoTime() > deadline) {
                failed(r, "placement start", a);
                return;
            }
            // Off the critical path (only the placement's end, a day or more later, waits for it): no hurry.
            sleep = Math.min(2000, sleep * 2);
        }
    }

    /**
     * Once claimed, the placement's end and follow-up go into the service's lane for their own days (from the claim,
     * not the start, so that they are there before those days come even while the start is still on its way).
     */
    private void scheduleFollowOn(CaseRun r) {
        PlannedPatient p = r.p;
        if (plan.endEntered(p)) {
            scheduleLane(r.service, p.placementEnd(), r, Step.END);
        }
        LocalDate due = p.followUpDue();
        if (due == null || due.isAfter(plan.today()) || p.placement().followUpMissing()) {
            return;
        }
        // The status is obtained on day 91; a share of the calls are logged weeks later (those falling after the window
        // are entered today, with the rest of the final pass).
        LocalDate enterOn = due.plusDays(late.followUpDays(p.id()));
        r.enteredLate("followUp", due, enterOn.isAfter(plan.last()) ? plan.today() : enterOn);
        if (enterOn.isAfter(plan.last())) {
            synchronized (followUpsToday) {
                followUpsToday.add(r);
            }
        } else {
            scheduleLane(r.service, enterOn, r, Step.FOLLOW_UP);
        }
    }

    /**
     * Every fourth correction is a follow-up's: the first follow-ups recorded early enough in the window (two days before
     * its end) are corrected two days later, in their service's lane.
     */
    private void maybeCorrectFollowUp(CaseRun r) {
        int wanted = late.corrections() / Correction.values().length;
        LocalDate on = r.followUpDay == null ? null : r.followUpDay.plusDays(2);
        if (wanted == 0 || on == null || on.isAfter(plan.last()) || r.correction != null) {
            return;
        }
        synchronized (followUpCorrections) {
            if (followUpCorrections.size() >= wanted) {
                return;
            }
            followUpCorrections.add(r);
        }
        r.correction = Correction.FOLLOW_UP;
        scheduleLane(r.service, on, r, Step.CORRECT_FOLLOW_UP);
    }

    private void correctFollowUp(CaseRun r) {
        if (r.followUpSent == null || followUpCorrectionsUnsupported) {
            return;
        }
        String status = r.followUpSent == Day91Status.AT_HOME ? "CARE_HOME" : "AT_HOME";
        Answer a = http.send("POST", settings.placementUrl() + "/placements/" + r.claimId + "/follow-up/corrections",
                Map.of("day91Status", status, "reason", "Status typed against the wrong person (simulated correction)"),
                credentials.as(Roles.HOMEFIRST, r.service.provider()));
        if (!correctionAccepted(r, a, "placement-service", "follow-up correction", () -> followUpCorrectionsUnsupported = true)) {
            return;
        }
        r.followUpSent = Day91Status.valueOf(status);
        r.followUpVersion(status, r.obtainedOnSent);
    }

    /** The day a fact dated {@code date} is entered {@code days} late: never after the window's last day. */
    private LocalDate lateDay(LocalDate date, int days) {
        LocalDate d = date.plusDays(days);
        return d.isAfter(plan.last()) && !date.isAfter(plan.last()) ? plan.last() : d;
    }

    /** Follow-ups that are not entered, and why. */
    private void labelFollowUp(CaseRun r) {
        LocalDate due = r.p.followUpDue();
        if (due != null && due.isAfter(plan.today())) {
            r.followUp = FollowUpOutcome.NOT_DUE;
        } else if (due != null && r.p.placement().followUpMissing()) {
            r.followUp = FollowUpOutcome.LEFT_MISSING;
        }
    }

    private void end(CaseRun r) {
        Map<String, Object> body = Map.of("endDate", r.p.placementEnd(), "endReason", r.p.placement().endReason());
        Answer a = http.send("POST", settings.placementUrl() + "/placements/" + r.claimId + "/end", body,
                credentials.as(Roles.HOMEFIRST, r.service.provider()));
        if (a.ok()) {
            r.endSent = r.p.placementEnd();
            r.endReasonSent = r.p.placement().endReason();
            r.entered("placementEnd");
            expectedActive.get(r.service.key()).decrementAndGet();
            ended.incrementAndGet();
            succeeded();
        } else {
            failed(r, "placement end", a);
        }
    }

    private void followUp(CaseRun r) {
        join(r.leaving);
        if (r.startSent == null) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("day91Status", r.p.placement().day91Status());
        if (!followUpsUndated) {
            body.put("obtainedOn", r.p.followUpDue());
            if (r.p.day91StatusSince() != null && !statusSinceUnsupported) {
                body.put("statusSince", r.p.day91StatusSince());
            }
        }
        String url = settings.placementUrl() + "/placements/" + r.claimId + "/follow-up";
        Answer a = http.send("POST", url, body, credentials.as(Roles.HOMEFIRST, r.service.provider()));
        if (a.status() == 400 && a.faults("obtainedOn")) {
            followUpsUndated = true;
            note("placement-service does not take obtainedOn: follow-ups are dated the day they are entered");
            body.remove("obtainedOn");
            body.remove("statusSince");
            a = http.send("POST", url, body, credentials.as(Roles.HOMEFIRST, r.service.provider()));
        }
        if (a.status() == 400 && a.faults("statusSince")) {
            statusSinceUnsupported = true;
            note("placement-service does not take statusSince: deaths and care-home moves after the service go undated");
            body.remove("statusSince");
            a = http.send("POST", url, body, credentials.as(Roles.HOMEFIRST, r.service.provider()));
        }
        if (a.ok()) {
            r.followUpSent = r.p.placement().day91Status();
            r.obtainedOnSent = (LocalDate) body.get("obtainedOn");
            r.statusSinceSent = (LocalDate) body.get("statusSince");
            r.entered("followUp");
            r.followUpVersion(r.followUpSent.name(), r.obtainedOnSent);
            maybeCorrectFollowUp(r);
            r.followUp = FollowUpOutcome.RECORDED;
            followUps.incrementAndGet();
            succeeded();
        } else {
            r.followUp = FollowUpOutcome.FAILED;
            failed(r, "follow-up", a);
        }
    }

    // --- plumbing ---------------------------------------------------------------------------------------------

    private void schedule(LocalDate day, CaseRun r, Step s) {
        synchronized (calendar) {
            calendar.computeIfAbsent(day, d -> new LinkedHashMap<>()).computeIfAbsent(r, x -> EnumSet.noneOf(Step.class)).add(s);
        }
    }

    private void scheduleLane(ServiceSpec service, LocalDate day, CaseRun r, Step s) {
        Map<LocalDate, Map<CaseRun, Set<Step>>> own = laneCalendar.get(service.key());
        synchronized (own) {
            own.computeIfAbsent(day, d -> new LinkedHashMap<>()).computeIfAbsent(r, x -> EnumSet.noneOf(Step.class)).add(s);
        }
    }

    private String key(CaseRun r, String step) {
        return "sim-" + settings.runId() + "-" + r.p.id() + "-" + step;
    }

    private void parallel(List<CaseRun> who, java.util.function.Consumer<CaseRun> work) {
        await(submit(who, work));
    }

    private List<Future<?>> submit(List<CaseRun> who, java.util.function.Consumer<CaseRun> work) {
        List<Future<?>> running = new ArrayList<>(who.size());
        for (CaseRun r : who) {
            running.add(pool.submit(() -> guarded(r, work)));
        }
        return running;
    }

    private static void await(List<Future<?>> running) {
        for (Future<?> f : running) {
            join(f);
        }
    }

    private static void join(Future<?> f) {
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbortedException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AbortedException) {
                throw (AbortedException) e.getCause();
            }
            throw new AbortedException("unexpected failure: " + e.getCause(), e.getCause());
        }
    }

    private void guarded(CaseRun r, java.util.function.Consumer<CaseRun> work) {
        try {
            work.accept(r);
        } catch (Http.UnreachableException e) {
            throw new AbortedException("a service stopped answering: " + e.getMessage(), e);
        } catch (AbortedException e) {
            throw e;
        } catch (RuntimeException e) {
            r.fail("unexpected", e.toString());
            countFailure();
        }
    }

    private void succeeded() {
        consecutiveFailures.set(0);
    }

    private void failed(CaseRun r, String step, Answer a) {
        failed(r, step, a, true);
    }

    /** Records a refused step; {@code stop} skips the patient's later steps. */
    private void failed(CaseRun r, String step, Answer a, boolean stop) {
        if (stop) {
            r.fail(step, a.status() + " " + a.problem());
        } else {
            r.errors.add(step + ": " + a.status() + " " + a.problem());
        }
        countFailure();
        if (failures.get() <= 10) {
            out.printf("  %s %s of %s (referral %s): %d %s%n", reachedDay, step, r.p.id(), r.referralId, a.status(), a.problem());
        }
    }

    private void countFailure() {
        failures.incrementAndGet();
        if (consecutiveFailures.incrementAndGet() >= ABORT_AFTER_CONSECUTIVE_FAILURES) {
            throw new AbortedException(ABORT_AFTER_CONSECUTIVE_FAILURES + " steps failed in a row; the first errors are printed above", null);
        }
    }

    private synchronized void note(String text) {
        if (!notes.contains(text)) {
            notes.add(text);
            out.println("Note: " + text);
        }
    }

    /** Every few seconds: the progress line, on the log and in the status file. */
    private void tick() {
        try {
            progress();
        } catch (RuntimeException e) {
            // A progress line is not worth stopping the run for.
        }
    }

    /**
     * The progress line: the last simulated day every part of the run has finished, how far through the window,
     * what was entered, the calls (writes and reads) and their rate since the last line, and when the run should end.
     * It goes to the log and replaces the status file's line; at the end the status says done or aborted.
     */
    private synchronized void progress() {
        long now = System.nanoTime();
        double seconds = (now - startedAt) / 1e9;
        long calls = http.calls();
        double rate = (calls - lastTickCalls) / Math.max((now - lastTickNanos) / 1e9, 0.001);
        lastTickCalls = calls;
        lastTickNanos = now;
        int ok = 0;
        int declined = 0;
        for (int[] c : claimCounts.values()) {
            ok += c[0];
            declined += c[1];
        }
        LocalDate day = dayDone();
        long done = day == null ? 0 : day.toEpochDay() - plan.first().toEpochDay() + 1;
        long total = totalDays();
        String eta;
        if (finished) {
            eta = aborted() ? "aborted after " + clockTime(seconds) : "done in " + clockTime(seconds);
        } else if (done == 0) {
            eta = "ETA --";
        } else {
            eta = "ETA " + clockTime(seconds * (total - done) / done);
        }
        String line = String.format("%s  day %3d/%d  referrals %6d  discharges %6d  claims %5d ok %4d declined  placements %5d started"
                + " %5d ended  follow-ups %4d  errors %d  calls %7d (%d writes, %d reads) %.0f/s  %s", day == null ? plan.first().minusDays(1)
                : day, done, total, submitted.get(), discharged.get(), ok, declined, started.get(), ended.get(), followUps.get(),
                failures.get(), calls, calls - http.reads(), http.reads(), finished ? calls / Math.max(seconds, 0.001) : rate, eta);
        out.println(line);
        writeStatus(finished && aborted() ? line + "  (" + abortReason + ")" : line);
    }

    private static String clockTime(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : String.format("%d min %02d s", s / 60, s % 60);
    }

    /** Replaces the status file's line (atomically: a reader never sees half a line). */
    private void writeStatus(String line) {
        Path file = settings.statusFile();
        if (file == null) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, line + System.lineSeparator(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            note("could not write the status file " + file + ": " + e.getMessage());
        }
    }

    /** For a run stopped from outside (deploy/d2a down): the status says so instead of a stale "running" line. */
    public void stoppedFromOutside() {
        if (!finished) {
            LocalDate day = dayDone();
            writeStatus("stopped from outside after " + clockTime((System.nanoTime() - startedAt) / 1e9) + ", "
                    + (day == null ? "before the first day" : "with " + day + " done"));
        }
    }

    // --- results ----------------------------------------------------------------------------------------------

    /** The summary printed at the end: counts per pathway and service, declines, placements, follow-ups. */
    public void printSummary() {
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        out.println();
        out.printf("%s %s to %s, run %s, scale %s: %d calls in %.0f s (%.0f/s)%n", aborted() ? "ABORTED" : "Done", plan.first(),
                plan.last(), settings.runId(), plan.scale(), http.calls(), seconds, http.calls() / Math.max(seconds, 0.001));
        long inHospital = runs.stream().filter(r -> r.referralId != null && r.dischargeSent == null).count();
        out.printf("Referrals submitted %d; discharged %d; still in hospital at the end %d%n", submitted.get(), discharged.get(), inHospital);
        Map<String, Integer> byPathway = new TreeMap<>();
        for (CaseRun r : runs) {
            if (r.dischargeSent != null) {
                String k = r.decidedSent == null ? "no decision (" + r.p.category().name().toLowerCase().replace('_', ' ') + ")"
                        : r.p.pathway().name();
                byPathway.merge(k, 1, Integer::sum);
            }
        }
        out.println("Discharges by pathway: " + byPathway);
        int p1Claims = 0;
        int p1Declined = 0;
        for (CaseRun r : runs) {
            if (r.claim != null && r.claim != ClaimOutcome.FAILED && r.p.pathway() == Pathway.P1) {
                p1Claims++;
                p1Declined += r.claim == ClaimOutcome.DECLINED ? 1 : 0;
            }
        }
        out.println("Claims by service (claimed / declined / failed, units):");
        for (ServiceSpec s : ServiceCatalog.SERVICES) {
            int[] c = claimCounts.get(s.key());
            out.printf("  %-34s %5d / %4d / %d  (%d %ss)%n", s.name(), c[0], c[1], c[2], units.getOrDefault(s.key(), 0), s.unit().toLowerCase());
        }
        out.printf("P1 claims declined for capacity: %d of %d (%.1f%%)%n", p1Declined, p1Claims, p1Claims == 0 ? 0 : 100.0 * p1Declined / p1Claims);
        long differ = runs.stream().filter(r -> r.claim != null && r.claim != ClaimOutcome.FAILED
                && (r.claim == ClaimOutcome.CLAIMED) != (r.planned.claim() == ClaimPlan.CLAIMED)).count();
        out.printf("Claim outcomes different from the plan: %d%n", differ);
        long running = runs.stream().filter(CaseRun::placementRunning).count();
        out.printf("Placements started %d, ended %d, still running %d%n", started.get(), ended.get(), running);
        Map<FollowUpOutcome, Integer> fu = new EnumMap<>(FollowUpOutcome.class);
        runs.stream().filter(r -> r.followUp != null).forEach(r -> fu.merge(r.followUp, 1, Integer::sum));
        out.println("91-day follow-ups: " + fu);
        out.printf("Corrections made: %d of %d%n", corrected.get(), late.corrections());
        out.printf("Reasons for delay recorded: %d%n", delayReasons.get());
        out.printf("Failed steps: %d%n", failures.get());
        out.printf("Time: coordinators' steps %.0f s (waiting %.0f s for the service lanes to catch up); service lanes: ends and follow-ups"
                + " %.0f s, claims %.0f s, waiting %.0f s for the coordinators (all five added up); discharges and starts of the"
                + " claimed %.0f s in all, alongside the rest%n", coordinatorNanos.get() / 1e9, coordinatorsWaitingNanos.get() / 1e9,
                laneEndsNanos.get() / 1e9, laneClaimsNanos.get() / 1e9, lanesWaitingNanos.get() / 1e9, leavingNanos.get() / 1e9);
        int claimsMade = claimCounts.values().stream().mapToInt(c -> c[0] + c[1] + c[2]).sum();
        out.printf("Claims: %d claim calls for %d claims, retried %.0f s in all waiting for pathway decisions and %.0f s for releases"
                + " to reach capacity-service; %d start calls for %d starts; %d of the %d calls were reads%n", claimAttempts.get(),
                claimsMade, decisionWaitNanos.get() / 1e9, releaseWaitNanos.get() / 1e9, startAttempts.get(), started.get(), http.reads(),
                http.calls());
        for (String n : notes) {
            out.println("Note: " + n);
        }
        if (aborted()) {
            out.println("Aborted on " + reachedDay + ": " + abortReason);
        }
    }

    /** One line of the record: absent values are left out rather than written as null. */
    private String line(Map<String, Object> fields) throws IOException {
        return json.writeValueAsString(withoutNulls(fields));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutNulls(Map<String, Object> fields) {
        Map<String, Object> kept = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (v instanceof Map) {
                kept.put(k, withoutNulls((Map<String, Object>) v));
            } else if (v instanceof List<?> list) {
                kept.put(k, list.stream().map(x -> x instanceof Map ? withoutNulls((Map<String, Object>) x) : x).toList());
            } else if (v != null) {
                kept.put(k, v);
            }
        });
        return kept;
    }

    /**
     * A service's claims (claimId, referralId, startDate: null when asked for today), declines (referralId, declinedOn:
     * null when undated) or releases (claimId, releasedOn = the placement's end date), each with the instant it was
     * entered. A release is made by capacity-service when it hears of the placement's end: its instant is the end's.
     */
    private List<Map<String, Object>> serviceFacts(ServiceSpec s, String kind) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CaseRun r : runs) {
            if (r.service != s) {
                continue;
            }
            Map<String, Object> f = new LinkedHashMap<>();
            switch (kind) {
                case "claims" -> {
                    if (r.claim != ClaimOutcome.CLAIMED) {
                        continue;
                    }
                    f.put("claimId", r.claimId);
                    f.put("referralId", r.referralId);
                    f.put("startDate", r.claimStartSent);
                    f.put("enteredAt", r.enteredAt("claim"));
                }
                case "declines" -> {
                    if (!r.declineRecorded) {
                        continue;
                    }
                    f.put("referralId", r.referralId);
                    f.put("declinedOn", r.declinedOnSent);
                    f.put("enteredAt", r.enteredAt("decline"));
                }
                default -> {
                    if (r.endSent == null) {
                        continue;
                    }
                    f.put("claimId", r.claimId);
                    f.put("releasedOn", r.endSent);
                    f.put("enteredAt", r.enteredAt("placementEnd"));
                }
            }
            out.add(f);
        }
        return out;
    }

    /** Writes one JSON line for the run, one per service and one per patient that reached the services. */
    public void writeRecord(Path file, long seed) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Map<String, Object> head = new LinkedHashMap<>();
            head.put("record", "run");
            head.put("seed", seed);
            head.put("runId", settings.runId());
            head.put("scale", plan.scale());
            head.put("first", plan.first());
            head.put("last", plan.last());
            head.put("today", plan.today());
            head.put("claimsDatedToday", claimsDatedToday);
            head.put("capacityFromToday", capacityFromToday);
            head.put("declinesUndated", declinesUndated);
            head.put("followUpsUndated", followUpsUndated);
            head.put("lateShare", late.share());
            head.put("finishedAt", finishedAt);
            List<Map<String, Object>> taken = new ArrayList<>();
            checkpoints.forEach((day, at) -> {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("day", day);
                c.put("at", at);
                taken.add(c);
            });
            head.put("checkpoints", taken.isEmpty() ? null : taken);
            head.put("aborted", aborted());
            head.put("calls", http.calls());
            w.write(line(head));
            w.newLine();
            for (ServiceSpec s : ServiceCatalog.SERVICES) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("record", "service");
                m.put("key", s.key());
                m.put("serviceId", serviceIds.get(s.key()));
                m.put("name", s.name());
                m.put("serviceType", s.serviceType());
                m.put("locality", s.locality());
                m.put("unit", s.unit());
                m.put("units", units.get(s.key()));
                m.put("capacity", declarations.getOrDefault(s.key(), List.of()));
                m.put("claims", serviceFacts(s, "claims"));
                m.put("declines", serviceFacts(s, "declines"));
                m.put("releases", serviceFacts(s, "releases"));
                w.write(line(m));
                w.newLine();
            }
            for (CaseRun r : runs) {
                if (r.referralId != null || !r.errors.isEmpty()) {
                    w.write(line(r.record(plan)));
                    w.newLine();
                }
            }
        }
    }
}
