package org.d2aflow.simulator.driver;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.d2aflow.simulator.driver.CaseRun.ClaimOutcome;
import org.d2aflow.simulator.driver.CaseRun.FollowUpOutcome;
import org.d2aflow.simulator.driver.Http.Answer;
import org.d2aflow.simulator.model.ServiceCatalog.Organisations;
import org.d2aflow.simulator.model.SyntheticNames;
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
 * <p>A simulated day has three parts. The coordinators' steps dated that day (submission, discharge ready date,
 * pathway decision, and the discharge of patients who need no service) run in parallel across patients, each
 * patient's steps in order. Then the placements ending that day are ended and due follow-ups recorded. Then the
 * day's claims are made one after another in the plan's order, after capacity-service has applied the releases the
 * ends cause (they reach it through Kafka), so that each claim meets exactly the occupancy the plan expects and its
 * outcome does not depend on timing. A claim refused for want of a unit becomes a recorded decline.
 *
 * <p>What waits on Kafka is kept off the critical path where the order allows it: a day's claims run alongside the
 * next day's coordinators' steps (which cannot touch capacity), and the discharge and placement start of a claimed
 * patient (which wait for placement-service to hear of the claim and the discharge) run on their own, joined only by
 * that placement's end or follow-up. Ends always follow the previous day's claims and precede the day's own. With
 * {@code concurrency} 1 nothing overlaps, and the exact sequence of calls repeats from run to run.
 */
public final class ApiDriver {

    /** Where the services are and how hard to push them. */
    public record Settings(String referralUrl, String capacityUrl, String placementUrl, int concurrency, String runId, Duration patience,
            Credentials credentials) {
    }

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
        END, FOLLOW_UP, SUBMIT, DISCHARGE_READY, DECIDE, DISCHARGE
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

    /** Steps per business day, per patient, in the order a patient's steps of one day are entered. */
    private final Map<LocalDate, Map<CaseRun, Set<Step>>> calendar = new TreeMap<>();
    private final Map<LocalDate, List<CaseRun>> claimsByDay = new TreeMap<>();
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
    private final AtomicLong failures = new AtomicLong();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final Map<String, int[]> claimCounts = new LinkedHashMap<>();
    private long startedAt;
    /** Wall time spent in each phase of the days, to see where a run's time goes. */
    private final long[] phaseNanos = new long[5];
    private final Credentials credentials;
    private LocalDate reachedDay;
    private String abortReason;

    public ApiDriver(Settings settings, CountyPlan plan, PrintStream out) {
        this.settings = settings;
        this.plan = plan;
        this.out = out;
        this.json = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.http = new Http(json, Duration.ofSeconds(30));
        this.credentials = settings.credentials();
        this.pool = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()), r -> {
            Thread t = new Thread(r, "simulator-worker");
            t.setDaemon(true);
            return t;
        });
        this.startPool = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()), r -> {
            Thread t = new Thread(r, "simulator-starts");
            t.setDaemon(true);
            return t;
        });
        for (ServiceSpec s : ServiceCatalog.SERVICES) {
            claimCounts.put(s.key(), new int[3]);
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
                    schedule(p.dischargeDate(), run, Step.DISCHARGE);
                } else {
                    claimsByDay.computeIfAbsent(p.dischargeDate(), d -> new ArrayList<>()).add(run);
                }
            }
        }
    }

    /** Runs the plan; returns normally also when the run was aborted (see {@link #aborted()}). */
    public void run() {
        startedAt = System.nanoTime();
        ExecutorService laneThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "simulator-claims");
            t.setDaemon(true);
            return t;
        });
        try {
            checkServicesAnswer();
            registerServices();
            out.printf("Simulating %s to %s (%d days), %d patients planned, %d at a time%n", plan.first(), plan.last(),
                    plan.last().toEpochDay() - plan.first().toEpochDay() + 1, runs.size(), settings.concurrency());
            boolean overlap = settings.concurrency() > 1;
            Future<?> lane = null;
            LocalDate laneDay = null;
            for (LocalDate day = plan.first(); !day.isAfter(plan.last()); day = day.plusDays(1)) {
                reachedDay = day;
                Map<CaseRun, Set<Step>> steps;
                synchronized (calendar) {
                    steps = calendar.remove(day);
                }
                long t0 = System.nanoTime();
                // The coordinators' steps of the day go ahead while the previous day's claims finish.
                List<Future<?>> referralSteps = submitSteps(steps, day, REFERRAL_STEPS);
                if (!overlap) {
                    await(referralSteps);
                }
                long t1 = System.nanoTime();
                join(lane);
                long t2 = System.nanoTime();
                await(referralSteps);
                phaseNanos[0] += System.nanoTime() - t0;
                phaseNanos[4] += t2 - t1;
                if (laneDay != null && (laneDay.getDayOfWeek().getValue() == 7)) {
                    progress(laneDay);
                }
                // Ends (which free units) strictly after the previous day's claims and before this day's. Those claims
                // may have put ends (a one-day placement) on today meanwhile: take them too.
                Map<CaseRun, Set<Step>> late;
                synchronized (calendar) {
                    late = calendar.remove(day);
                }
                if (late != null) {
                    if (steps == null) {
                        steps = late;
                    } else {
                        for (Map.Entry<CaseRun, Set<Step>> e : late.entrySet()) {
                            steps.computeIfAbsent(e.getKey(), k -> EnumSet.noneOf(Step.class)).addAll(e.getValue());
                        }
                    }
                }
                long t3 = System.nanoTime();
                await(submitSteps(steps, day, PLACEMENT_STEPS));
                phaseNanos[3] += System.nanoTime() - t3;
                LocalDate today = day;
                if (overlap) {
                    lane = laneThread.submit(() -> claimsAndStarts(today));
                } else {
                    claimsAndStarts(today);
                    lane = null;
                }
                laneDay = day;
            }
            long t4 = System.nanoTime();
            join(lane);
            synchronized (pendingStarts) {
                await(pendingStarts);
            }
            phaseNanos[4] += System.nanoTime() - t4;
            progress(plan.last());
            // Day 91 of the discharges of 91 days ago is today: placement-service takes those follow-ups too.
            followUpsToday.sort(Comparator.comparing(r -> r.p.id()));
            parallel(followUpsToday, r -> followUp(r));
        } catch (AbortedException e) {
            abortReason = e.getMessage();
            out.println("ABORTED: " + e.getMessage());
        } finally {
            laneThread.shutdownNow();
            startPool.shutdownNow();
            pool.shutdownNow();
        }
    }

    public boolean aborted() {
        return abortReason != null;
    }

    /** Steps the services refused (or that never became possible), over the whole run. */
    public long failedSteps() {
        return failures.get();
    }

    // --- the day ----------------------------------------------------------------------------------------------

    private static final Set<Step> REFERRAL_STEPS = EnumSet.of(Step.SUBMIT, Step.DISCHARGE_READY, Step.DECIDE, Step.DISCHARGE);
    private static final Set<Step> PLACEMENT_STEPS = EnumSet.of(Step.END, Step.FOLLOW_UP);

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
     * The day's claims, one after another in the plan's order (after capacity-service has applied the releases).
     * The discharge of those patients and the start of their placements then go their own way: only that
     * placement's end and follow-up, a day or more later, wait for them.
     */
    private void claimsAndStarts(LocalDate day) {
        long t0 = System.nanoTime();
        List<CaseRun> claims = claimsByDay.getOrDefault(day, List.of());
        Set<String> synced = new java.util.HashSet<>();
        for (CaseRun r : claims) {
            if (r.broken || r.referralId == null) {
                continue;
            }
            if (synced.add(r.service.key())) {
                awaitOccupancy(r.service);
            }
            guarded(r, this::claim);
        }
        phaseNanos[1] += System.nanoTime() - t0;
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
                synchronized (phaseNanos) {
                    phaseNanos[2] += System.nanoTime() - t;
                }
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
                followUp(r);
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
        Answer a = http.send("POST", settings.referralUrl() + "/referrals", body,
                credentials.as(Roles.COORDINATOR, Organisations.ACUTE_TRUST, "Idempotency-Key", key(r, "submit")));
        if (a.status() == 201 && a.text("id") != null) {
            r.referralId = a.text("id");
            r.admissionSent = p.admissionDate();
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
            succeeded();
        } else {
            failed(r, "discharge ready date", a);
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
            discharged.incrementAndGet();
            succeeded();
        } else {
            failed(r, "discharge", a);
        }
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
        if (a.status() == 422 && a.problem().contains("fromDate")) {
            capacityFromToday = true;
            a = http.send("PUT", url, Map.of("units", n), credentials.as(Roles.HOMEFIRST, s.provider()));
        }
        if (!a.ok()) {
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

    /** Waits until capacity-service has applied the releases of the placements that ended so far. */
    private void awaitOccupancy(ServiceSpec s) {
        int expected = expectedActive.get(s.key()).get();
        long deadline = System.nanoTime() + settings.patience().toNanos();
        int sleep = 10;
        while (true) {
            Answer a = http.get(settings.capacityUrl() + "/services/" + serviceIds.get(s.key()), credentials.as(Roles.ADMIN, Organisations.ACUTE_TRUST));
            int occupied = a.body().path("today").path("occupied").asInt(-1);
            if (occupied != -1 && occupied <= expected) {
                return;
            }
            if (System.nanoTime() > deadline) {
                note("capacity-service still showed " + occupied + " occupied units of " + s.name() + " where " + expected
                        + " were expected after " + settings.patience().toSeconds() + " s; claiming anyway");
                return;
            }
            Http.sleep(sleep);
            sleep = Math.min(50, sleep * 2);
        }
    }

    private void claim(CaseRun r) {
        String serviceId = serviceIds.get(r.service.key());
        String url = settings.capacityUrl() + "/services/" + serviceId + "/claims";
        long deadline = System.nanoTime() + settings.patience().toNanos();
        // A release on its way takes well under a second; a service that stays full against the count is noted, not waited for.
        long fullDeadline = System.nanoTime() + Math.min(settings.patience().toNanos(), Duration.ofSeconds(5).toNanos());
        int attempt = 0;
        while (true) {
            attempt++;
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
                expectedActive.get(r.service.key()).incrementAndGet();
                claimCounts.get(r.service.key())[0]++;
                scheduleFollowOn(r);
                succeeded();
                return;
            }
            String why = a.problem();
            if (a.status() == 422 && why.contains("startDate") && !today) {
                claimsDatedToday = true;
                note("capacity-service refuses claims starting in the past (" + why + "): claims start today from now on");
                continue;
            }
            boolean noUnit = a.status() == 409 && why.startsWith("No free unit");
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
            Http.sleep(Math.min(50, 10L * attempt));
        }
    }

    private void declineFor(CaseRun r, String serviceId) {
        r.claim = ClaimOutcome.DECLINED;
        claimCounts.get(r.service.key())[1]++;
        Map<String, Object> body = Map.of("referralId", r.referralId, "reason",
                "No free unit on " + r.p.dischargeDate() + ": referred elsewhere for lack of capacity");
        String url = settings.capacityUrl() + "/services/" + serviceId + "/declines";
        long deadline = System.nanoTime() + settings.patience().toNanos();
        while (true) {
            Answer a = http.send("POST", url, body, credentials.as(Roles.HOMEFIRST, r.service.provider()));
            if (a.status() == 201) {
                r.declineRecorded = true;
                succeeded();
                return;
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

    private void start(CaseRun r) {
        String url = settings.placementUrl() + "/placements/" + r.claimId;
        long deadline = System.nanoTime() + settings.patience().toNanos();
        int sleep = 10;
        Answer last = null;
        Answer refusal = null;
        while (System.nanoTime() < deadline) {
            Answer view = http.get(url, credentials.as(Roles.HOMEFIRST, r.service.provider()));
            last = view;
            // The claim and the discharge reach placement-service through Kafka, each in its own time.
            boolean ready = view.ok() && "PENDING".equals(view.text("status")) && view.text("dischargeDate") != null
                    && view.text("serviceType") != null;
            if (ready) {
                Answer a = http.send("POST", url + "/start", Map.of("startDate", r.p.placementStart()),
                        credentials.as(Roles.HOMEFIRST, r.service.provider()));
                if (a.ok()) {
                    r.startSent = r.p.placementStart();
                    started.incrementAndGet();
                    succeeded();
                    labelFollowUp(r);
                    return;
                }
                refusal = a;
                if (a.status() != 409) {
                    break;
                }
            } else if (view.ok() && !"PENDING".equals(view.text("status"))) {
                break;
            }
            Http.sleep(sleep);
            sleep = Math.min(50, sleep * 2);
        }
        failed(r, "placement start", refusal != null ? refusal : last);
    }

    /**
     * Once claimed, the placement's end and follow-up go into the calendar for their own days (from the claim, not
     * the start, so that they are in the calendar before those days come even while the start is still on its way).
     */
    private void scheduleFollowOn(CaseRun r) {
        PlannedPatient p = r.p;
        if (plan.endEntered(p)) {
            schedule(p.placementEnd(), r, Step.END);
        }
        LocalDate due = p.followUpDue();
        if (due == null || due.isAfter(plan.today()) || p.placement().followUpMissing()) {
            return;
        }
        if (due.isAfter(plan.last())) {
            synchronized (followUpsToday) {
                followUpsToday.add(r);
            }
        } else {
            schedule(due, r, Step.FOLLOW_UP);
        }
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
        Answer a = http.send("POST", settings.placementUrl() + "/placements/" + r.claimId + "/follow-up",
                Map.of("day91Status", r.p.placement().day91Status()), credentials.as(Roles.HOMEFIRST, r.service.provider()));
        if (a.ok()) {
            r.followUpSent = r.p.placement().day91Status();
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

    private void progress(LocalDate day) {
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        int ok = 0;
        int declined = 0;
        for (int[] c : claimCounts.values()) {
            ok += c[0];
            declined += c[1];
        }
        long dayNo = day.toEpochDay() - plan.first().toEpochDay() + 1;
        out.printf("%s  day %3d  referrals %6d  discharges %6d  claims %5d ok %4d declined  placements %5d started %5d ended"
                + "  follow-ups %4d  errors %d  calls %7d (%.0f/s)%n", day, dayNo, submitted.get(), discharged.get(), ok, declined,
                started.get(), ended.get(), followUps.get(), failures.get(), http.calls(), http.calls() / Math.max(seconds, 0.001));
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
        out.printf("Failed steps: %d%n", failures.get());
        out.printf("Time: coordinators' steps %.0f s (waiting %.0f s of it for the previous day's claims); ends and follow-ups %.0f s;"
                + " claims %.0f s; discharges and starts of the claimed %.0f s in all, alongside the rest%n", phaseNanos[0] / 1e9,
                phaseNanos[4] / 1e9, phaseNanos[3] / 1e9, phaseNanos[1] / 1e9, phaseNanos[2] / 1e9);
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
            } else if (v != null) {
                kept.put(k, v);
            }
        });
        return kept;
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
