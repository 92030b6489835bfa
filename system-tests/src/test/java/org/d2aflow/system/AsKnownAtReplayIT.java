package org.d2aflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Proof by replay (issue 15, item 5): a long randomised history goes through the real services' REST APIs (late
 * entries, corrections, retried writes, a record delivered twice on the broker); at instants T1..Tn while it runs,
 * with writes paused and the log settled, every figure, breakdown, drill-down and trend, capacity-demand and its
 * waiting list are read live; at the end, after more facts and corrections of facts entered before those instants,
 * every one of those requests asked again with {@code asKnownAt=Ti} must answer the same bytes.
 *
 * <p>A failsafe test, so it runs in a JVM of its own, with its own broker, database and services: its business dates
 * cover the last five months, which the simulated county of {@link SimulatedCountyTest} compares as its own.
 */
class AsKnownAtReplayIT {

    private static final Logger LOG = Logger.getLogger(AsKnownAtReplayIT.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    /** Fixed unless -Dd2a.replay.seed is given; logged either way, so a failure can be run again exactly. */
    private static final long SEED = Long.getLong("d2a.replay.seed", 20261207L);
    private static final int CASES = 70;
    private static final int FACTS_PER_INSTANT = 35;
    private static final List<String> LOCALITIES = List.of("Replay North", "Replay South");

    private final Random random = new Random(SEED);
    private final LocalDate today = LocalDate.now(LONDON);
    private final Suite suite = Suite.get();
    /** Services by type and locality: two each, so that one can decline a referral and the other take it. */
    private final Map<String, List<String>> services = new TreeMap<>();
    private final List<Case> cases = new ArrayList<>();
    private final Map<String, Integer> accepted = new TreeMap<>();
    private final Map<String, Integer> refused = new TreeMap<>();
    private final List<Served> served = new ArrayList<>();
    private int facts;
    private int factsAtLastInstant;
    private int retries;
    private int corrections;
    /** Time spent waiting for the log to settle, and settling plus reading, at the instants. */
    private long settling;
    private long reading;

    /** One figure request answered live, and the instant its answer says it used. */
    private record Served(String path, Map<String, String> params, String asKnownAt, String body) {
    }

    @Test
    void everyFigureAskedAsKnownAtAnEarlierInstantAnswersWhatWasServedLiveThen() throws Exception {
        LOG.info("AsKnownAtReplayIT seed " + SEED + " (run again with -Dd2a.replay.seed=" + SEED + "), today " + today);
        long started = System.nanoTime();
        try (SettledLog log = new SettledLog()) {
            registerServices();
            for (int i = 0; i < CASES; i++) {
                cases.add(plan(i));
            }
            List<String> figures = figureIds();
            int redelivered = 0;
            List<String> redeliveries = new ArrayList<>();
            int instant = 0;
            // The history: a random case takes its next step; every FACTS_PER_INSTANT accepted facts, writes pause for an instant.
            while (true) {
                List<Case> open = cases.stream().filter(c -> !c.steps.isEmpty()).toList();
                if (open.isEmpty()) {
                    break;
                }
                Case c = open.get(random.nextInt(open.size()));
                c.steps.poll().run();
                if (facts - factsAtLastInstant >= FACTS_PER_INSTANT) {
                    factsAtLastInstant = facts;
                    instant++;
                    if (instant % 3 == 0) {
                        // A second delivery straight onto the topic, as a relay retry would make: same partition, key, value, headers.
                        redeliveries.add(log.redeliver(random));
                        redelivered++;
                    }
                    readLive(log, figures, instant);
                    planCorrections(2);
                }
            }
            // After the last instant: corrections of facts entered before it, and more facts, then the replay.
            planCorrections(6);
            cases.forEach(c -> {
                while (!c.steps.isEmpty()) {
                    c.steps.poll().run();
                }
            });
            log.await(suite, Duration.ofSeconds(90));
            long history = System.nanoTime();

            LOG.info("AsKnownAtReplayIT: " + facts + " facts accepted " + accepted + ", refused " + refused + ", " + retries
                    + " retried writes, " + redelivered + " redelivered records " + redeliveries + ", " + served.size()
                    + " live answers at " + instant + " instants");
            List<String> differences = new ArrayList<>();
            Map<String, Integer> differingPaths = new TreeMap<>();
            int changedSince = 0;
            Map<String, String> now = new java.util.HashMap<>();
            for (Served s : served) {
                Map<String, String> params = new LinkedHashMap<>(s.params());
                params.put("asKnownAt", s.asKnownAt());
                // Compared whole: no member is removed. The members that name the request's instant (asKnownAt, clocks.asKnownAt)
                // name Ti live, and the replay passes exactly Ti back, so they must match too.
                String replayed = get(s.path(), params);
                if (!replayed.equals(s.body())) {
                    differingPaths.merge(s.path(), 1, Integer::sum);
                    differences.add(s.path() + " " + s.params() + " asKnownAt=" + s.asKnownAt() + "\n  live:   " + s.body() + "\n  replay: "
                            + replayed);
                }
                String current = now.computeIfAbsent(s.path() + " " + new TreeMap<>(s.params()), k -> get(s.path(), s.params()));
                if (!current.replace(asKnownAtOf(current, s.path()), "").equals(s.body().replace(s.asKnownAt(), ""))) {
                    changedSince++;
                }
            }
            LOG.info("AsKnownAtReplayIT: " + served.size() + " answers replayed, " + differences.size() + " differ; " + changedSince
                    + " differ from the same request asked now; history " + Duration.ofNanos(history - started).toSeconds() + " s (settling "
                    + Duration.ofNanos(settling).toMillis() + " ms, settling and reading " + Duration.ofNanos(reading).toMillis()
                    + " ms), replay " + Duration.ofNanos(System.nanoTime() - history).toSeconds() + " s");
            assertThat(differences.size()).as(differences.size() + " of " + served.size() + " answers differ when asked as known at the "
                    + "instant they were served (seed " + SEED + "), by path " + differingPaths + "; the first ones:\n" + String.join("\n", differences.subList(0,
                    Math.min(3, differences.size())))).isZero();
            // The replay is not comparing a history that stood still: most answers have changed since they were served.
            assertThat(changedSince).as("answers that differ now from what was served at their instant").isGreaterThan(served.size() / 2);

            assertThat(instant).as("instants T1..Tn").isGreaterThanOrEqualTo(8);
            assertThat(facts).as("facts accepted").isGreaterThanOrEqualTo(250);
            assertThat(accepted.keySet()).as("kinds of fact accepted").contains("referral", "discharge-ready-date", "decision", "discharge",
                    "claim", "decline", "start", "end", "follow-up", "withdrawal", "release", "discharge-corrected", "discharge-voided",
                    "discharge-ready-date-corrected", "follow-up-corrected");
            assertThat(retries).as("writes retried with the same Idempotency-Key").isGreaterThan(10);

            // Duplicates never count twice: every record was read by the projection, and each CloudEvents id applied once.
            var status = SettledLog.projection(suite);
            assertThat(status.getLong("serving.recordsRead")).as("records read by metrics-service").isEqualTo(log.records());
            assertThat(status.getLong("serving.eventsApplied")).as("events applied: distinct CloudEvents ids").isEqualTo(log.distinctIds());
            assertThat(status.getLong("serving.duplicatesIgnored")).as("second deliveries ignored")
                    .isEqualTo(log.records() - log.distinctIds()).isGreaterThanOrEqualTo(redelivered);
            assertThat(status.getLong("serving.poisonRecords")).isZero();
        }
    }

    // ---- reading the figures ------------------------------------------------------------------------------------------

    /** The figures metrics-service serves, as its 404 for an unknown figure lists them. */
    private List<String> figureIds() {
        String detail = commissioner().get("/figures/{figure}", "no-such-figure").then().statusCode(404).extract().path("detail");
        String known = detail.substring(detail.indexOf("known figures: ") + "known figures: ".length(), detail.lastIndexOf(')'));
        List<String> ids = List.of(known.split(", "));
        assertThat(ids).as("figures served").hasSizeGreaterThanOrEqualTo(11).contains("capacity-demand", "still-at-home-91");
        return ids;
    }

    private void readLive(SettledLog log, List<String> figures, int instant) {
        long t0 = System.nanoTime();
        log.await(suite, Duration.ofSeconds(90));
        settling += System.nanoTime() - t0;
        String from = today.minusDays(180).toString();
        String to = today.toString();
        List<Map.Entry<String, Map<String, String>>> requests = new ArrayList<>();
        requests.add(Map.entry("/figures", Map.of()));
        requests.add(Map.entry("/figures", Map.of("from", from, "to", to)));
        for (String f : figures) {
            Map<String, String> period = Map.of("from", from, "to", to);
            requests.add(Map.entry("/figures/" + f, period));
            requests.add(Map.entry("/figures/" + f + "/drill-down", period));
            requests.add(Map.entry("/figures/" + f + "/trend", Map.of("from", today.minusDays(120).toString(), "to", to, "granularity", "month")));
            if (f.equals("capacity-demand")) {
                // No breakdown; the series by day, and the waiting list on an earlier census date.
                requests.add(Map.entry("/figures/" + f, Map.of("from", today.minusDays(60).toString(), "to", to, "granularity", "day")));
                requests.add(Map.entry("/figures/" + f, Map.of("from", from, "to", to, "at", today.minusDays(20).toString())));
                requests.add(Map.entry("/figures/" + f + "/drill-down", Map.of("from", today.minusDays(30).toString(), "to", to)));
                continue;
            }
            // Two breakdowns each, between them every kind: locality, then age band, service type or pathway in turn.
            List<String> breakdowns = List.of("locality", f.contains("census") ? "pathway" : List.of("age-band", "service-type", "pathway",
                    "site").get(figures.indexOf(f) % 4));
            for (String b : breakdowns) {
                requests.add(Map.entry("/figures/" + f, Map.of("from", from, "to", to, "breakdown", b)));
            }
            requests.add(Map.entry("/figures/" + f + "/drill-down", Map.of("from", from, "to", to, "breakdown", breakdowns.get(0))));
            if (f.contains("census")) {
                requests.add(Map.entry("/figures/" + f, Map.of("at", today.minusDays(30).toString(), "breakdown", "pathway")));
            }
            if (f.equals("still-at-home-91") || f.equals("discharge-to-usual-residence")) {
                requests.add(Map.entry("/figures/" + f, Map.of("from", from, "to", to, "count29AsHome", "true", "excludeUnknown99", "true")));
                requests.add(Map.entry("/figures/" + f + "/trend", Map.of("from", today.minusDays(84).toString(), "to", to, "granularity", "week")));
            }
        }
        for (var r : requests) {
            String body = get(r.getKey(), r.getValue());
            served.add(new Served(r.getKey(), r.getValue(), asKnownAtOf(body, r.getKey()), body));
        }
        reading += System.nanoTime() - t0;
        LOG.info("AsKnownAtReplayIT: instant T" + instant + " after " + facts + " facts: " + requests.size() + " answers, asKnownAt "
                + served.get(served.size() - 1).asKnownAt());
    }

    private String get(String path, Map<String, String> params) {
        Response r = commissioner().queryParams(params).get(path);
        assertThat(r.statusCode()).as(path + " " + params + ": " + r.asString()).isEqualTo(200);
        return r.asString();
    }

    /** The instant an answer says it used: its asKnownAt member (for all headlines at once, the one every figure names). */
    private static String asKnownAtOf(String body, String path) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n.has("asKnownAt")) {
                return n.get("asKnownAt").asText();
            }
            java.util.Set<String> instants = new java.util.TreeSet<>();
            n.elements().forEachRemaining(f -> instants.add(f.path("asKnownAt").asText()));
            assertThat(instants).as("one asKnownAt for every headline of " + path + ": " + body).hasSize(1).doesNotContain("");
            return instants.iterator().next();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(path + " answered no JSON: " + body, e);
        }
    }

    private RequestSpecification commissioner() {
        return Suite.as("commissioner").baseUri(suite.metrics.url());
    }

    // ---- the history --------------------------------------------------------------------------------------------------

    /** One referral's planned facts, in order, with what the services answered so far. */
    private final class Case {
        final int n;
        final String locality;
        final LocalDate admission;
        LocalDate drd;
        String id;
        String serviceType;
        LocalDate decided;
        LocalDate discharge;
        String destination = "19";
        String method = "1";
        String claimId;
        String serviceId;
        LocalDate start;
        String day91;
        final Deque<Runnable> steps = new ArrayDeque<>();

        Case(int n, String locality, LocalDate admission) {
            this.n = n;
            this.locality = locality;
            this.admission = admission;
        }
    }

    private void registerServices() {
        for (String type : List.of("REABLEMENT_HOME", "SHORT_TERM_DOMCARE", "BEDDED_REABLEMENT")) {
            for (String locality : LOCALITIES) {
                for (String which : List.of("A", "B")) {
                    String id = Suite.as("admin").baseUri(suite.capacity.url()).contentType(ContentType.JSON)
                            .body(Map.of("name", type + " " + locality + " " + which, "serviceType", type, "locality", locality, "unit",
                                    type.startsWith("BEDDED") ? "BED" : "PACKAGE", "providerOrganisation", Suite.PROVIDER))
                            .post("/services").then().statusCode(201).extract().path("id");
                    // Declared late: from five and a half months back.
                    write("capacity", () -> provider(suite.capacity.url()).body(Map.of("units", 30, "fromDate", today.minusDays(170).toString()))
                            .put("/services/{id}/capacity", id), false);
                    services.computeIfAbsent(type + "|" + locality, k -> new ArrayList<>()).add(id);
                }
            }
        }
    }

    /** A referral's facts, each dated in the past (entered late), in an order the services accept. */
    private Case plan(int n) {
        boolean old = random.nextInt(100) < 40; // discharged long enough ago for day 91 to have come
        LocalDate admission = today.minusDays(old ? 135 + random.nextInt(25) : 8 + random.nextInt(62));
        Case c = new Case(n, LOCALITIES.get(random.nextInt(LOCALITIES.size())), admission);
        c.drd = admission.plusDays(1 + random.nextInt(5));
        int kind = random.nextInt(100);
        c.serviceType = kind < 15 ? "SOCIAL_SUPPORT" : kind < 55 ? "REABLEMENT_HOME" : kind < 70 ? "SHORT_TERM_DOMCARE" : "BEDDED_REABLEMENT";
        String pathway = switch (c.serviceType) {
            case "SOCIAL_SUPPORT" -> "P0";
            case "BEDDED_REABLEMENT" -> "P2";
            default -> "P1";
        };
        LocalDate decided = c.drd.minusDays(random.nextInt(3));
        c.decided = decided.isBefore(admission) ? admission : decided;
        int fate = random.nextInt(100);
        c.steps.add(() -> submit(c, old));
        c.steps.add(() -> write("discharge-ready-date", () -> coordinator().body(Map.of("dischargeReadyDate", c.drd.toString()))
                .put("/referrals/{id}/discharge-ready-date", c.id), false));
        if (fate < 7) {
            c.steps.add(() -> write("withdrawal", () -> coordinator().body(Map.of("reason", "Transferred to another trust"))
                    .post("/referrals/{id}/withdrawal", c.id), true));
            return c;
        }
        c.steps.add(() -> write("decision", () -> coordinator().body(Map.of("pathway", pathway, "serviceType", c.serviceType, "decidedAt",
                c.decided.toString())).put("/referrals/{id}/pathway-decision", c.id), false));
        if (fate < 12) {
            return c; // still in hospital, waiting
        }
        LocalDate discharge = c.drd.plusDays(random.nextInt(5));
        c.discharge = discharge.isAfter(today) ? today : discharge;
        int d = random.nextInt(100);
        if (d < 6) {
            c.destination = "79";
            c.method = "4";
        } else if (d < 14) {
            c.destination = "54";
        } else if (d < 19) {
            c.destination = "29";
        } else if (d < 24) {
            c.destination = "99";
        }
        boolean offered = !pathway.equals("P0") && !c.method.equals("4");
        if (offered && random.nextInt(100) < 25) {
            LocalDate on = c.decided.plusDays(random.nextInt(2));
            c.steps.add(() -> untilAccepted(c, "decline", () -> provider(suite.capacity.url()).body(Map.of("referralId", c.id, "reason",
                    "No capacity that week", "declinedOn", (on.isAfter(today) ? today : on).toString()))
                    .post("/services/{id}/declines", services.get(c.serviceType + "|" + c.locality).get(0))));
        }
        c.steps.add(() -> write("discharge", () -> coordinator().body(Map.of("dischargeDate", c.discharge.toString(), "destinationCode",
                c.destination, "methodCode", c.method)).post("/referrals/{id}/discharge", c.id), true));
        if (!offered) {
            return c;
        }
        c.steps.add(() -> claim(c));
        if (random.nextInt(100) < 10) {
            c.steps.add(() -> write("release", () -> provider(suite.capacity.url()).body(Map.of("reason", "Patient declined the service",
                    "releasedOn", c.discharge.plusDays(1).isAfter(today) ? today.toString() : c.discharge.plusDays(1).toString()))
                    .post("/services/{id}/claims/{claim}/release", c.serviceId, c.claimId), true));
            return c;
        }
        c.steps.add(() -> startPlacement(c));
        LocalDate end = c.discharge.plusDays(7 + random.nextInt(34));
        if (end.isAfter(today)) {
            return c;
        }
        List<String> reasons = List.of("NO_ONGOING_SUPPORT", "LONG_TERM_HOME_CARE", "READMITTED", "LA_FUNDED_PLACEMENT");
        String reason = reasons.get(random.nextInt(reasons.size()));
        c.steps.add(() -> write("end", () -> provider(suite.placement.url()).body(Map.of("endDate", end.toString(), "endReason", reason))
                .post("/placements/{id}/end", c.claimId), true));
        LocalDate obtained = c.discharge.plusDays(91 + random.nextInt(21));
        if (obtained.isAfter(today) || c.serviceType.equals("SHORT_TERM_DOMCARE")) {
            return c;
        }
        List<String> statuses = List.of("AT_HOME", "AT_HOME", "AT_HOME", "CARE_HOME", "IN_HOSPITAL", "EXTRA_CARE_HOUSING", "DIED");
        c.day91 = statuses.get(random.nextInt(statuses.size()));
        c.steps.add(() -> write("follow-up", () -> provider(suite.placement.url()).body(Map.of("day91Status", c.day91, "obtainedOn",
                obtained.toString())).post("/placements/{id}/follow-up", c.claimId), true));
        return c;
    }

    /** Corrections of facts already entered (before the instant just read), appended to their cases' plans. */
    private void planCorrections(int count) {
        for (int i = 0; i < count; i++) {
            List<Case> discharged = cases.stream().filter(c -> c.id != null && c.discharge != null && c.steps.isEmpty()).toList();
            if (discharged.isEmpty()) {
                return;
            }
            // The four kinds in turn, each on a case it fits.
            int kind = corrections++ % 4;
            List<Case> fit = discharged.stream().filter(c -> switch (kind) {
                case 0 -> c.day91 != null && c.claimId != null;
                case 1 -> c.claimId == null;
                case 2 -> c.drd.isAfter(c.admission);
                default -> !c.method.equals("4");
            }).toList();
            if (fit.isEmpty()) {
                continue;
            }
            Case c = fit.get(random.nextInt(fit.size()));
            if (kind == 0) {
                String status = c.day91.equals("AT_HOME") ? "CARE_HOME" : "AT_HOME";
                c.steps.add(() -> write("follow-up-corrected", () -> provider(suite.placement.url()).body(Map.of("day91Status", status,
                        "reason", "Status taken from the wrong person's notes")).post("/placements/{id}/follow-up/corrections", c.claimId), true));
                c.day91 = status;
            } else if (kind == 1) {
                // Recorded for the wrong referral: voided, then the right discharge entered again, a day later.
                c.steps.add(() -> write("discharge-voided", () -> coordinator().body(Map.of("reason", "Discharge entered against the wrong referral"))
                        .post("/referrals/{id}/discharge/void", c.id), true));
                LocalDate again = c.discharge.plusDays(1).isAfter(today) ? c.discharge : c.discharge.plusDays(1);
                c.discharge = again;
                c.steps.add(() -> write("discharge", () -> coordinator().body(Map.of("dischargeDate", again.toString(), "destinationCode",
                        c.destination, "methodCode", c.method)).post("/referrals/{id}/discharge", c.id), true));
            } else if (kind == 2) {
                LocalDate drd = c.drd.minusDays(1);
                c.drd = drd;
                c.steps.add(() -> write("discharge-ready-date-corrected", () -> coordinator().body(Map.of("dischargeReadyDate", drd.toString(),
                        "reason", "MDT notes show readiness a day earlier")).post("/referrals/{id}/discharge-ready-date/corrections", c.id), true));
            } else {
                Map<String, String> body = new LinkedHashMap<>();
                if (c.discharge.isAfter(c.drd)) {
                    c.discharge = c.discharge.minusDays(1);
                    body.put("dischargeDate", c.discharge.toString());
                } else {
                    c.destination = c.destination.equals("19") ? "54" : "19";
                    body.put("destinationCode", c.destination);
                }
                body.put("reason", "Ward typed the wrong discharge details");
                c.steps.add(() -> write("discharge-corrected", () -> coordinator().body(body).post("/referrals/{id}/discharge/corrections", c.id), true));
            }
        }
    }

    private void submit(Case c, boolean old) {
        int age = random.nextInt(100) < 15 ? 40 + random.nextInt(20) : 66 + random.nextInt(30);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nhsNumber", nhsNumber());
        body.put("dateOfBirth", c.admission.minusYears(age).minusDays(random.nextInt(365)).toString());
        body.put("sex", random.nextBoolean() ? "FEMALE" : "MALE");
        body.put("locality", c.locality);
        body.put("site", random.nextBoolean() ? "County Hospital" : "Community Hospital");
        body.put("ward", "Ward " + (1 + random.nextInt(9)));
        body.put("admissionDate", c.admission.toString());
        body.put("usualResidence", random.nextInt(100) < 10 ? "CARE_HOME" : "PRIVATE_HOME");
        Response r = write("referral", () -> coordinator().body(body).post("/referrals"), true);
        assertThat(r.statusCode()).as("referral %d (%s): %s", c.n, old ? "old" : "recent", r.asString()).isEqualTo(201);
        c.id = r.path("id");
    }

    private void claim(Case c) {
        List<String> candidates = services.get(c.serviceType + "|" + c.locality);
        c.serviceId = candidates.get(1);
        c.start = c.discharge;
        Response r = untilAccepted(c, "claim", () -> provider(suite.capacity.url()).body(Map.of("referralId", c.id, "startDate",
                c.start.toString())).post("/services/{id}/claims", c.serviceId));
        if (r.statusCode() == 201) {
            c.claimId = r.path("id");
        }
    }

    /**
     * A capacity-service write about a referral: it learns of the decision and the discharge from the log, so a write sent
     * before it has is refused (409) and sent again, for up to 20 s (a refusal writes nothing: it is not a fact). Only the
     * outcome is counted, so that the service's timing does not change the history's random choices.
     */
    private Response untilAccepted(Case c, String kind, Supplier<Response> send) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            String key = "replay-" + UUID.randomUUID();
            Response r = withKey(send, key);
            if (r.statusCode() != 409 || System.nanoTime() > deadline) {
                return counted(kind, r, key, send);
            }
            pause(100);
        }
    }

    private void startPlacement(Case c) {
        if (c.claimId == null) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (provider(suite.placement.url()).get("/placements/{id}", c.claimId).statusCode() != 200) {
            assertThat(System.nanoTime()).as("placement %s appears after its claim", c.claimId).isLessThan(deadline);
            pause(100);
        }
        write("start", () -> provider(suite.placement.url()).body(Map.of("startDate", c.start.toString()))
                .post("/placements/{id}/start", c.claimId), true);
    }

    /**
     * One write. POSTs carry an Idempotency-Key, and one in six is sent a second time with it, as a client that lost the
     * answer would: the retry must replay the first answer and write nothing. Refusals (4xx) are counted, never a 5xx.
     */
    private Response write(String kind, Supplier<Response> send, boolean post) {
        String key = "replay-" + UUID.randomUUID();
        Response r = post ? withKey(send, key) : send.get();
        return counted(kind, r, post ? key : null, send);
    }

    /** Counts a write's answer; an accepted POST ({@code key} not null) is, one time in six, sent again with its key. */
    private Response counted(String kind, Response r, String key, Supplier<Response> send) {
        boolean post = key != null;
        // Drawn for every write, accepted or not, so that a refusal does not shift the random choices that follow.
        boolean retry = random.nextInt(6) == 0;
        assertThat(r.statusCode()).as(kind + ": " + r.asString()).isLessThan(500);
        if (r.statusCode() < 300) {
            facts++;
            accepted.merge(kind, 1, Integer::sum);
            if (post && retry) {
                Response again = withKey(send, key);
                retries++;
                assertThat(again.statusCode()).as(kind + " retried with the same Idempotency-Key").isEqualTo(r.statusCode());
                assertThat(again.header("Idempotent-Replay")).as(kind + " retried: a replay").isEqualTo("true");
                assertThat(again.asString()).as(kind + " retried: the first answer").isEqualTo(r.asString());
            }
        } else {
            String code = r.contentType().contains("json") ? String.valueOf((Object) r.path("code")) : "";
            refused.merge(kind + " " + r.statusCode() + " " + code, 1, Integer::sum);
        }
        return r;
    }

    private static Response withKey(Supplier<Response> send, String key) {
        KEY.set(key);
        try {
            return send.get();
        } finally {
            KEY.remove();
        }
    }

    private static final ThreadLocal<String> KEY = new ThreadLocal<>();

    private RequestSpecification coordinator() {
        return keyed(Suite.as("coordinator").baseUri(suite.referral.url()).contentType(ContentType.JSON));
    }

    private RequestSpecification provider(String url) {
        return keyed(Suite.as("homefirst").baseUri(url).contentType(ContentType.JSON));
    }

    private static RequestSpecification keyed(RequestSpecification spec) {
        String key = KEY.get();
        return key == null ? spec : spec.header("Idempotency-Key", key);
    }

    /** A synthetic NHS number (999 prefix, never issued) with a valid modulus-11 check digit. */
    private String nhsNumber() {
        while (true) {
            int[] d = new int[9];
            d[0] = 9;
            d[1] = 9;
            d[2] = 9;
            int sum = 9 * 10 + 9 * 9 + 9 * 8;
            StringBuilder s = new StringBuilder("999");
            for (int i = 3; i < 9; i++) {
                d[i] = random.nextInt(10);
                sum += d[i] * (10 - i);
                s.append(d[i]);
            }
            int check = 11 - sum % 11;
            if (check == 11) {
                check = 0;
            }
            if (check != 10) {
                return s.append(check).toString();
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
