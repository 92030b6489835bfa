package org.d2aflow.simulator.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.d2aflow.simulator.model.CountyModel;
import org.d2aflow.simulator.model.CountyPlan;
import org.d2aflow.simulator.model.CountyPlan.ClaimPlan;
import org.d2aflow.simulator.model.CountyPlan.PlannedCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The driver against an in-process stand-in of the services: flow, ordering, retries and determinism, without the stack. */
class ApiDriverTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(List<String> accepted, List<JsonNode> record, String output, boolean aborted, long failed, int overCapacity) {
    }

    static CountyPlan plan() {
        return CountyPlan.of(new CountyModel(7, 0.1), TODAY.minusDays(130), TODAY.minusDays(1), TODAY);
    }

    Run run(CountyPlan plan, int concurrency, String name) throws Exception {
        long lag = Long.getLong("fake.lag", 3);
        return run(plan, concurrency, name, lag, lag, null, ApiDriver.DEFAULT_PROGRESS_EVERY);
    }

    Run run(CountyPlan plan, int concurrency, String name, long lag, long releaseLag, Path status, Duration progressEvery) throws Exception {
        return run(plan, concurrency, name, lag, releaseLag, status, progressEvery, LateEntries.NONE, null);
    }

    Run run(CountyPlan plan, int concurrency, String name, long lag, long releaseLag, Path status, Duration progressEvery, LateEntries late,
            LocalDate checkpoint) throws Exception {
        try (FakeSuite fake = new FakeSuite(TODAY, lag, releaseLag)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
            ApiDriver driver = new ApiDriver(new ApiDriver.Settings(fake.url(), fake.url(), fake.url(), concurrency, "test",
                    Duration.ofSeconds(10), new Credentials((role, org) -> role + "." + org), status, progressEvery, late), plan, out);
            if (checkpoint != null) {
                driver.checkpointAfter(List.of(checkpoint));
            }
            driver.run();
            driver.printSummary();
            Path file = dir.resolve(name + ".jsonl");
            driver.writeRecord(file, 7);
            List<JsonNode> lines = new ArrayList<>();
            for (String l : Files.readAllLines(file)) {
                lines.add(JSON.readTree(l));
            }
            return new Run(fake.acceptedChanges(), lines, bytes.toString(StandardCharsets.UTF_8), driver.aborted(), driver.failedSteps(),
                    fake.timesOverCapacity());
        }
    }

    @Test
    void entersEveryPatientAsPlannedAndClaimsMeetThePlannedOccupancy() throws Exception {
        CountyPlan plan = plan();
        Run run = run(plan, 4, "parallel");
        System.out.println(run.output());
        assertThat(run.aborted()).as(run.output()).isFalse();
        assertThat(run.failed()).as(run.output()).isZero();
        assertThat(run.overCapacity()).isZero();
        assertThat(run.output()).contains("day ", "referrals", "P1 claims declined for capacity");

        JsonNode head = run.record().get(0);
        assertThat(head.get("record").asText()).isEqualTo("run");
        // The stand-in refuses past dates for capacity and claims, as capacity-service does.
        assertThat(head.get("capacityFromToday").asBoolean()).isTrue();
        assertThat(head.get("claimsDatedToday").asBoolean()).isTrue();

        Map<String, PlannedCase> planned = plan.cases().stream().collect(Collectors.toMap(c -> c.patient().id(), c -> c));
        List<JsonNode> referrals = run.record().stream().filter(n -> n.get("record").asText().equals("referral")).toList();
        assertThat(referrals).hasSize(plan.cases().size());
        int declined = 0;
        int reasons = 0;
        int datedOutcomes = 0;
        for (JsonNode r : referrals) {
            PlannedCase c = planned.get(r.get("patientId").asText());
            assertThat(r.has("errors")).as(r.toString()).isFalse();
            assertThat(r.get("admissionMethod").asText()).isIn("21", "22", "2A", "11");
            // A reason for delay is recorded from the ready date for each patient who stays past it.
            assertThat(r.hasNonNull("delayReason")).as(r.toString())
                    .isEqualTo(r.hasNonNull("dischargeReadyDate") && c.patient().delayReasonCode() != null);
            reasons += r.hasNonNull("delayReason") ? 1 : 0;
            datedOutcomes += r.at("/followUp/statusSince").isTextual() ? 1 : 0;
            boolean inWindow = plan.inWindow(c.patient().dischargeDate());
            assertThat(r.has("dischargeDate")).as(r.toString()).isEqualTo(inWindow);
            assertThat(r.get("inHospitalAtEnd").asBoolean()).isEqualTo(!inWindow);
            if (c.claim() != ClaimPlan.NONE) {
                assertThat(r.at("/claim/outcome").asText()).as(r.toString()).isEqualTo(c.claim().name());
                declined += c.claim() == ClaimPlan.DECLINED ? 1 : 0;
            }
            if (c.claim() == ClaimPlan.CLAIMED) {
                assertThat(r.at("/placement/startDate").asText()).isEqualTo(c.patient().dischargeDate().toString());
                assertThat(r.at("/placement/status").asText()).isEqualTo(plan.endEntered(c.patient()) ? "ENDED" : "ACTIVE");
                if (c.patient().followUpDue() != null) {
                    String outcome = r.at("/followUp/outcome").asText();
                    if (c.patient().followUpDue().isAfter(TODAY)) {
                        assertThat(outcome).isEqualTo("NOT_DUE");
                    } else {
                        assertThat(outcome).isIn("RECORDED", "LEFT_MISSING");
                    }
                }
            } else {
                assertThat(r.at("/placement/startDate").isMissingNode()).as(r.toString()).isTrue();
            }
        }
        assertThat(declined).as("the window is long enough for the services to fill").isPositive();
        assertThat(reasons).as("reasons for delay recorded").isPositive();
        assertThat(datedOutcomes).as("follow-ups dating a death or a care-home move").isPositive();
        assertThat(run.output()).contains("Reasons for delay recorded: " + reasons);
    }

    @Test
    void theSameSeedMakesTheSameCallsWithTheSameBodies() throws Exception {
        Run first = run(plan(), 1, "first");
        Run second = run(plan(), 1, "second");
        assertThat(first.failed()).as(first.output()).isZero();
        assertThat(first.accepted()).hasSizeGreaterThan(1000);
        assertThat(second.accepted()).isEqualTo(first.accepted());
        // In parallel the calls of one day interleave differently, but what is entered is the same.
        Run parallel = run(plan(), 4, "parallel");
        assertThat(withoutIds(parallel.record())).isEqualTo(withoutIds(first.record()));
    }

    @Test
    void eachServiceTakesItsClaimsInThePlansOrderWhileEventsLag() throws Exception {
        CountyPlan plan = plan();
        // Decisions, claims and discharges take 20 ms to travel; a release takes 150 ms, so that claims meet services
        // that capacity-service still shows fuller than the run expects.
        Run run = run(plan, 8, "lagging", 20, 150, null, ApiDriver.DEFAULT_PROGRESS_EVERY);
        assertThat(run.aborted()).as(run.output()).isFalse();
        assertThat(run.failed()).as(run.output()).isZero();
        assertThat(run.overCapacity()).isZero();
        assertThat(run.output()).contains("Claim outcomes different from the plan: 0");

        Map<String, String> patientOfReferral = new java.util.HashMap<>();
        Map<String, String> serviceKeyOfId = new java.util.HashMap<>();
        for (JsonNode n : run.record()) {
            if (n.get("record").asText().equals("referral") && n.has("referralId")) {
                patientOfReferral.put(n.get("referralId").asText(), n.get("patientId").asText());
            } else if (n.get("record").asText().equals("service")) {
                serviceKeyOfId.put(n.get("serviceId").asText(), n.get("key").asText());
            }
        }
        // What each service was asked to claim or decline, in the order capacity-service accepted it ...
        Map<String, List<String>> entered = new java.util.TreeMap<>();
        java.util.regex.Pattern call = java.util.regex.Pattern.compile("POST /services/([^/]+)/(claims|declines) .*\"referralId\":\"([^\"]+)\".*");
        for (String c : run.accepted()) {
            java.util.regex.Matcher m = call.matcher(c);
            if (m.matches()) {
                entered.computeIfAbsent(serviceKeyOfId.get(m.group(1)), k -> new ArrayList<>()).add(patientOfReferral.get(m.group(3)));
            }
        }
        // ... is the plan's order: by discharge date, and within a day in the plan's order.
        Map<String, List<String>> planned = new java.util.TreeMap<>();
        plan.cases().stream().filter(c -> c.claim() != ClaimPlan.NONE && plan.inWindow(c.patient().dischargeDate()))
                .sorted(java.util.Comparator.comparing(c -> c.patient().dischargeDate()))
                .forEach(c -> planned.computeIfAbsent(org.d2aflow.simulator.model.ServiceCatalog.forType(c.patient().serviceType())
                        .orElseThrow().key(), k -> new ArrayList<>()).add(c.patient().id()));
        assertThat(entered).isEqualTo(planned);
    }

    @Test
    void progressComesEverySoOftenAndTheStatusFileEndsSayingDone() throws Exception {
        Path status = dir.resolve("run").resolve("simulator.status");
        Run run = run(plan(), 4, "progress", 3, 3, status, Duration.ofMillis(100));
        assertThat(run.failed()).as(run.output()).isZero();
        List<String> lines = run.output().lines().filter(l -> l.contains(" day ")).toList();
        assertThat(lines).as(run.output()).hasSizeGreaterThan(1);
        assertThat(lines.get(lines.size() - 1)).matches("2026-11-22  day 130/130  referrals .* calls +\\d+ \\(\\d+ writes, \\d+ reads\\) "
                + "\\d+/s  done in \\d+ s");
        assertThat(lines.stream().filter(l -> l.contains("ETA"))).as(run.output()).isNotEmpty();
        String last = Files.readString(status).strip();
        assertThat(last).isEqualTo(lines.get(lines.size() - 1));
    }

    @Test
    void theStatusFileSaysAbortedWhenTheServicesAreNotThere() throws Exception {
        Path status = dir.resolve("simulator.status");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String nobody = "http://127.0.0.1:" + port;
        ApiDriver driver = new ApiDriver(new ApiDriver.Settings(nobody, nobody, nobody, 2, "test", Duration.ofSeconds(1),
                new Credentials((role, org) -> role + "." + org), status, Duration.ofMillis(100), LateEntries.NONE), plan(),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        driver.run();
        assertThat(driver.aborted()).isTrue();
        assertThat(Files.readString(status)).contains("aborted after", "nothing answers at " + nobody);
    }

    @Test
    void entersAShareOfFactsLateKeepingTheirBusinessDates() throws Exception {
        CountyPlan plan = plan();
        LocalDate checkpoint = plan.first().plusDays(60);
        Run run = run(plan, 4, "late", 3, 50, null, ApiDriver.DEFAULT_PROGRESS_EVERY, new LateEntries(0.3, 0, 7), checkpoint);
        assertThat(run.aborted()).as(run.output()).isFalse();
        assertThat(run.failed()).as(run.output()).isZero();
        assertThat(run.output()).contains("Claim outcomes different from the plan: 0");
        List<JsonNode> referrals = run.record().stream().filter(n -> n.get("record").asText().equals("referral")).toList();
        Map<String, Integer> lateFacts = new java.util.TreeMap<>();
        for (JsonNode r : referrals) {
            // Every accepted fact has the instant it was accepted, in order for one patient.
            assertThat(r.at("/entered/submitted").asText()).as(r.toString()).matches("\\d{4}-.*Z");
            r.path("enteredLateOn").fields().forEachRemaining(e -> lateFacts.merge(e.getKey(), 1, Integer::sum));
            LocalDate lateDischarge = r.at("/enteredLateOn/discharge").isMissingNode() ? null : LocalDate.parse(r.at("/enteredLateOn/discharge").asText());
            if (lateDischarge != null) {
                assertThat(lateDischarge).isAfter(LocalDate.parse(r.get("dischargeDate").asText()));
                assertThat(r.has("claim")).as("only patients needing no service leave on paper late").isFalse();
            }
            if (r.at("/followUp/outcome").asText().equals("RECORDED")) {
                assertThat(r.at("/followUp/obtainedOn").asText()).isEqualTo(r.at("/followUp/dueDate").asText());
            }
            if (r.at("/claim/declineRecorded").asBoolean()) {
                assertThat(r.at("/claim/declinedOn").asText()).isEqualTo(r.get("dischargeDate").asText());
            }
        }
        assertThat(lateFacts).containsKeys("discharge", "followUp", "decline");
        // The checkpoint: an instant when nothing was on its way, between the facts entered before and after it.
        JsonNode head = run.record().get(0);
        assertThat(head.at("/checkpoints/0/day").asText()).isEqualTo(checkpoint.toString());
        java.time.Instant at = java.time.Instant.parse(head.at("/checkpoints/0/at").asText());
        long before = referrals.stream().filter(r -> java.time.Instant.parse(r.at("/entered/submitted").asText()).isBefore(at)).count();
        assertThat(before).isPositive().isLessThan(referrals.size());
        assertThat(referrals).noneMatch(r -> r.has("dischargeDate") && LocalDate.parse(r.get("dischargeDate").asText()).isAfter(checkpoint.plusDays(
                ApiDriver.DAYS_AHEAD + 1)) && java.time.Instant.parse(r.at("/entered/discharge").asText()).isBefore(at));
        assertThat(lateFacts.get("discharge")).as("about 30%% of the discharges of patients needing no service: " + lateFacts)
                .isGreaterThan(referrals.size() / 6);
        // A late discharge reaches referral-service after discharges dated later than it.
        List<String> discharges = run.accepted().stream().filter(c -> c.matches("POST /referrals/[^/]+/discharge .*")).toList();
        List<LocalDate> order = discharges.stream().map(c -> LocalDate.parse(c.replaceAll(".*\"dischargeDate\":\"([^\"]+)\".*", "$1"))).toList();
        assertThat(order).isNotEqualTo(order.stream().sorted().toList());
        // The services saw the business dates: declines and follow-ups carry their own.
        assertThat(run.accepted()).anyMatch(c -> c.contains("/declines") && c.contains("\"declinedOn\""));
        assertThat(run.accepted()).anyMatch(c -> c.contains("/follow-up") && c.contains("\"obtainedOn\""));
        // Each service's record lists its capacity, claims, declines and releases with the instant each was entered.
        JsonNode homeFirst = run.record().stream().filter(n -> n.get("record").asText().equals("service")).findFirst().orElseThrow();
        assertThat(homeFirst.at("/capacity/0/units").asInt()).isPositive();
        assertThat(homeFirst.at("/claims/0/enteredAt").asText()).endsWith("Z");
        assertThat(homeFirst.at("/releases/0/releasedOn").asText()).isNotEmpty();
    }

    @Test
    void correctsAFewFactsAndKeepsEveryVersionInTheRecord() throws Exception {
        CountyPlan plan = plan();
        Run run = run(plan, 4, "corrections", 3, 3, null, ApiDriver.DEFAULT_PROGRESS_EVERY, new LateEntries(0.2, 8, 7), plan.last());
        assertThat(run.aborted()).as(run.output()).isFalse();
        assertThat(run.failed()).as(run.output()).isZero();
        assertThat(run.output()).contains("Corrections made: 8 of 8");
        List<JsonNode> corrected = run.record().stream().filter(n -> n.has("correction")).toList();
        Map<String, List<JsonNode>> byKind = corrected.stream().collect(Collectors.groupingBy(n -> n.get("correction").asText()));
        assertThat(byKind).containsOnlyKeys("DISCHARGE_DATE", "VOID_AND_ENTER_AGAIN", "DESTINATION", "FOLLOW_UP");
        for (JsonNode r : byKind.get("DISCHARGE_DATE")) {
            JsonNode h = r.get("dischargeHistory");
            assertThat(h).hasSize(2);
            assertThat(LocalDate.parse(h.get(1).get("dischargeDate").asText())).isEqualTo(LocalDate.parse(h.get(0).get("dischargeDate").asText()).plusDays(1));
            assertThat(r.get("dischargeDate").asText()).isEqualTo(h.get(1).get("dischargeDate").asText());
            assertThat(r.get("lengthOfStay").asLong()).isEqualTo(LocalDate.parse(r.get("dischargeDate").asText()).toEpochDay()
                    - LocalDate.parse(r.get("admissionDate").asText()).toEpochDay());
        }
        List<java.time.Instant> checkpoints = new ArrayList<>();
        run.record().get(0).get("checkpoints").forEach(c -> checkpoints.add(java.time.Instant.parse(c.get("at").asText())));
        assertThat(checkpoints).as("the one asked for, and one while each voided discharge awaits its new entry").hasSize(3);
        for (JsonNode r : byKind.get("VOID_AND_ENTER_AGAIN")) {
            JsonNode h = r.get("dischargeHistory");
            assertThat(h).extracting(v -> v.get("kind").asText()).containsExactly("RECORDED", "VOIDED", "RECORDED");
            java.time.Instant voided = java.time.Instant.parse(h.get(1).get("enteredAt").asText());
            java.time.Instant again = java.time.Instant.parse(h.get(2).get("enteredAt").asText());
            assertThat(checkpoints).anyMatch(c -> c.isAfter(voided) && c.isBefore(again));
            assertThat(h.get(1).has("dischargeDate")).isFalse();
            assertThat(r.get("dischargeDate").asText()).isEqualTo(h.get(0).get("dischargeDate").asText());
        }
        for (JsonNode r : byKind.get("DESTINATION")) {
            JsonNode h = r.get("dischargeHistory");
            assertThat(h.get(1).get("destinationCode").asText()).isNotEqualTo(h.get(0).get("destinationCode").asText())
                    .isEqualTo(r.get("destinationCode").asText());
        }
        for (JsonNode r : byKind.get("FOLLOW_UP")) {
            JsonNode h = r.get("followUpHistory");
            assertThat(h).hasSize(2);
            assertThat(r.at("/followUp/day91Status").asText()).isEqualTo(h.get(1).get("day91Status").asText())
                    .isNotEqualTo(h.get(0).get("day91Status").asText());
        }
        assertThat(run.accepted()).anyMatch(c -> c.startsWith("POST /referrals/") && c.contains("/discharge/void "));
        assertThat(run.accepted()).anyMatch(c -> c.startsWith("POST /placements/") && c.contains("/follow-up/corrections "));
    }

    /** The record without the services' ids and the instants things were entered, which differ from run to run. */
    private static List<String> withoutIds(List<JsonNode> record) {
        return record.stream().skip(1).map(n -> n.toString().replaceAll("\"(referralId|claimId|serviceId)\":\"[^\"]*\"", "")
                .replaceAll("\"[A-Za-z]+\":\"\\d{4}-\\d\\d-\\d\\dT[^\"]*\"", "")).toList();
    }
}
