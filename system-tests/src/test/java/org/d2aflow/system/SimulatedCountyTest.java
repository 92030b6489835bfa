package org.d2aflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.d2aflow.stack.Processes;
import org.d2aflow.testkit.EventLogScan;
import org.d2aflow.testkit.TestStack;
import org.d2aflow.testkit.TestTokens;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The suite end to end: the simulator drives a small county for a few weeks through the REST APIs of the
 * packaged services; metrics-service's figures must equal what an independent computation makes of the
 * simulator's own record of what it entered. The simulated business dates end yesterday; other tests sharing
 * the services date their facts today, so the compared period holds the county alone.
 */
class SimulatedCountyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DAYS = 21;

    /** The simulator's record of the run, made once for all the tests of this class. */
    private static List<JsonNode> referrals;

    private static synchronized List<JsonNode> simulated() throws Exception {
        if (referrals != null) {
            return referrals;
        }
        Suite suite = Suite.get();
        Path repo = Path.of(System.getProperty("d2a.repo", "..")).toAbsolutePath();
        Path classes = repo.resolve("simulator/target/classes");
        String classpath = classes + java.io.File.pathSeparator
                + Files.readString(classes.resolve("org/d2aflow/simulator/simulator.classpath")).trim();
        Path record = Path.of("target", "simulated-county.jsonl").toAbsolutePath();
        Files.deleteIfExists(record);
        Path log = Path.of("target", "simulator.log").toAbsolutePath();
        Process sim = Processes.startLogged(List.of(Processes.javaExecutable(), "-cp", classpath, "org.d2aflow.simulator.Simulator",
                "--days", Integer.toString(DAYS), "--scale", "0.15", "--seed", "7", "--run-id", "system-test",
                "--referral-url", suite.referral.url(), "--capacity-url", suite.capacity.url(), "--placement-url", suite.placement.url(),
                "--record", record.toString(), "--issuer-home", TestStack.get().home().toString()), log, Map.of());
        assertThat(sim.waitFor(8, TimeUnit.MINUTES)).as("simulator finished").isTrue();
        assertThat(sim.exitValue()).as(Processes.tail(log, 30)).isIn(0, 3);
        List<JsonNode> found = new ArrayList<>();
        for (String line : Files.readAllLines(record)) {
            JsonNode n = JSON.readTree(line);
            if ("referral".equals(n.path("record").asText())) {
                found.add(n);
            }
        }
        referrals = found;
        return referrals;
    }

    @Test
    void theFiguresEqualAnIndependentComputationFromTheSimulatorsRecord() throws Exception {
        List<JsonNode> referrals = simulated();
        Suite suite = Suite.get();
        LocalDate yesterday = LocalDate.now(ZoneId.of("Europe/London")).minusDays(1);
        LocalDate from = yesterday.minusDays(DAYS - 1L);
        List<JsonNode> discharged = referrals.stream().filter(r -> inPeriod(r.path("dischargeDate"), from, yesterday)).toList();
        assertThat(discharged).as("a few weeks of a small county").hasSizeGreaterThan(50);

        // Independent computation of METRICS.md section 1 (default options) and 3 from the record.
        long denominator = 0;
        long numerator = 0;
        long losSum = 0;
        java.util.TreeSet<String> counted = new java.util.TreeSet<>();
        for (JsonNode r : discharged) {
            losSum += r.path("lengthOfStay").asLong();
            String dest = r.path("destinationCode").asText();
            String method = r.path("methodCode").asText();
            if (r.path("ageAtAdmission").asInt() < 18 || Set.of("4", "5").contains(method) || "79".equals(dest) || "98".equals(dest)) {
                continue;
            }
            denominator++;
            counted.add(r.path("referralId").asText());
            if ("19".equals(dest)) {
                numerator++;
            }
        }
        long expectedDenominator = denominator;
        long expectedNumerator = numerator;
        BigDecimal expectedMeanStay = BigDecimal.valueOf(losSum).divide(BigDecimal.valueOf(discharged.size()), 2, RoundingMode.HALF_EVEN);
        Map<String, String> period = Map.of("from", from.toString(), "to", yesterday.toString());

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(Suite.as("commissioner").baseUri(suite.metrics.url()).queryParams(period).get("/figures/length-of-stay").then().statusCode(200)
                        .extract().<Integer>path("measures.count")).isEqualTo(discharged.size()));
        var figure = Suite.as("commissioner").baseUri(suite.metrics.url()).queryParams(period).get("/figures/discharge-to-usual-residence").then()
                .statusCode(200).extract();
        List<String> fromMetrics = Suite.as("commissioner").baseUri(suite.metrics.url()).queryParams(period)
                .get("/figures/discharge-to-usual-residence/drill-down").then().extract().path("referrals.denominator");
        java.util.TreeSet<String> onlyMetrics = new java.util.TreeSet<>(fromMetrics);
        onlyMetrics.removeAll(counted);
        java.util.TreeSet<String> onlyRecord = new java.util.TreeSet<>(counted);
        onlyRecord.removeAll(fromMetrics);
        String differences = "only in metrics: " + onlyMetrics.stream().map(id -> referrals.stream()
                .filter(r -> id.equals(r.path("referralId").asText())).findFirst().map(JsonNode::toString).orElse(id)).toList()
                + "; only in the record: " + onlyRecord;
        assertThat(figure.<Integer>path("denominator").longValue()).as(differences).isEqualTo(expectedDenominator);
        assertThat(figure.<Integer>path("numerator").longValue()).isEqualTo(expectedNumerator);
        String mean = Suite.as("commissioner").baseUri(suite.metrics.url()).queryParams(period).get("/figures/length-of-stay").then().extract()
                .jsonPath().getString("measures.mean");
        assertThat(new BigDecimal(mean)).isEqualByComparingTo(expectedMeanStay);

        long decided = referrals.stream().filter(r -> inPeriod(r.path("decidedAt"), from, yesterday)).count();
        assertThat(Suite.as("commissioner").baseUri(suite.metrics.url()).queryParams(period).get("/figures/pathway-mix").then().extract()
                .<Integer>path("denominator").longValue()).isEqualTo(decided);
    }

    @Test
    void noRecordOnAnyTopicCarriesAnNhsNumberNameOrDateOfBirth() throws Exception {
        List<JsonNode> people = simulated();
        List<String> forbidden = new ArrayList<>();
        for (JsonNode r : people) {
            String nhs = r.path("nhsNumber").asText();
            forbidden.add(nhs);
            forbidden.add(nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " " + nhs.substring(6));
            forbidden.add(nhs.substring(0, 3) + "-" + nhs.substring(3, 6) + "-" + nhs.substring(6));
            forbidden.add(r.path("name").asText());
            forbidden.add(r.path("dateOfBirth").asText());
        }
        assertThat(people).allSatisfy(r -> assertThat(r.path("nhsNumber").asText()).matches("999\\d{7}"));
        // The identities other system tests entered, too.
        forbidden.addAll(DischargeToPlacementFlowTest.IDENTITY);

        EventLogScan scan = EventLogScan.everyTopic(TestStack.get().bootstrapServers());
        assertThat(scan.records()).as("records read from " + scan.topics()).isGreaterThan(people.size());
        assertThat(scan.topics()).contains("d2a.referrals", "d2a.capacity", "d2a.placements", "d2a.figures");
        assertThat(scan.recordsContainingAnyOf(forbidden)).as("records carrying identity").isEmpty();
        // The scan is not blind: the pseudonymous key of every simulated referral is there.
        assertThat(scan.recordsContainingAnyOf(people.stream().map(r -> r.path("referralId").asText()).toList())).isNotEmpty();
    }

    @Test
    void everyIdentityReadIsInTheAuditWithWhoAndWhy() throws Exception {
        List<JsonNode> people = simulated().stream().filter(r -> r.hasNonNull("referralId")).limit(3).toList();
        assertThat(people).hasSize(3);
        Suite suite = Suite.get();
        String coordinator = "Bearer " + TestTokens.issuer().token("coordinator", "SIM-ACUTE");
        List<String> reasons = new ArrayList<>();
        for (JsonNode r : people) {
            String reason = "Confirming identity before transport (system test " + reasons.size() + ")";
            String nhs = RestAssured.given().baseUri(suite.referral.url()).header("Authorization", coordinator).queryParam("reason", reason)
                    .get("/referrals/{id}/identity", r.path("referralId").asText()).then().statusCode(200).extract().path("nhsNumber");
            assertThat(nhs.replace(" ", "")).isEqualTo(r.path("nhsNumber").asText());
            reasons.add(reason);
        }
        // Another organisation cannot read it, and its attempt reads nothing.
        Suite.as("coordinator").baseUri(suite.referral.url()).queryParam("reason", "curious")
                .get("/referrals/{id}/identity", people.get(0).path("referralId").asText()).then().statusCode(404);

        for (int i = 0; i < people.size(); i++) {
            String referralId = people.get(i).path("referralId").asText();
            var audit = Suite.as("admin").baseUri(suite.referral.url()).queryParam("referralId", referralId)
                    .get("/audit/identity-reads").then().statusCode(200).extract().jsonPath();
            assertThat(audit.getList("items.reason", String.class)).containsExactly(reasons.get(i));
            assertThat(audit.getList("items.reader", String.class)).containsExactly("dev-coordinator@SIM-ACUTE");
        }
    }

    private static boolean inPeriod(JsonNode date, LocalDate from, LocalDate to) {
        if (date.isMissingNode() || date.isNull()) {
            return false;
        }
        LocalDate d = LocalDate.parse(date.asText());
        return !d.isBefore(from) && !d.isAfter(to);
    }
}
