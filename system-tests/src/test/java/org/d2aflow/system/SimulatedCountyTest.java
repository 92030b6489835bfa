package org.d2aflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.d2aflow.stack.Processes;
import org.d2aflow.testkit.EventLogScan;
import org.d2aflow.testkit.TestStack;
import org.d2aflow.testkit.TestTokens;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The suite end to end: the simulator drives a small county for a few months through the REST APIs of the packaged
 * services, entering a share of its facts late (and, where the services take them, a few corrections). Every section of
 * shared/METRICS.md is then compared three ways over the simulated period: metrics-service's live figures, its figures
 * after a rebuild from offset 0, and {@link FigureOracle}'s independent computation from the simulator's own record
 * of what it entered. The simulated business dates end yesterday; other tests sharing the services date their facts
 * in the last week, so the compared period ends a week earlier and holds the county alone.
 */
class SimulatedCountyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Long enough for the 91-day follow-ups of the first few weeks' discharges to fall due, so that every section has
     * numbers; small enough (scale 0.15: about 8 discharges a day) to keep the run to a few minutes.
     */
    static final int DAYS = Integer.getInteger("d2a.simulated.days", 112);
    /** The simulated day after which the run settles and notes the instant: the figures as known then are compared too. */
    private static final int CHECKPOINT = DAYS - 21;
    /** The last days of the run, which the module's other tests also date facts in. */
    private static final int FOREIGN_DAYS = 7;

    /** The simulator's record of the run, made once for all the tests of this class. */
    private static List<JsonNode> referrals;
    private static CountyRecord county;

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
        long t0 = System.nanoTime();
        Process sim = Processes.startLogged(List.of(Processes.javaExecutable(), "-cp", classpath, "org.d2aflow.simulator.Simulator",
                "--days", Integer.toString(DAYS), "--scale", "0.15", "--seed", "7", "--run-id", "system-test",
                "--referral-url", suite.referral.url(), "--capacity-url", suite.capacity.url(), "--placement-url", suite.placement.url(),
                "--checkpoint", Integer.toString(CHECKPOINT), "--record", record.toString(), "--issuer-home", TestStack.get().home().toString()), log, Map.of());
        assertThat(sim.waitFor(10, TimeUnit.MINUTES)).as("simulator finished").isTrue();
        assertThat(sim.exitValue()).as(Processes.tail(log, 30)).isIn(0, 3);
        System.out.printf("SimulatedCountyTest: %d days simulated in %.0f s%n", DAYS, (System.nanoTime() - t0) / 1e9);
        List<JsonNode> found = new ArrayList<>();
        for (String line : Files.readAllLines(record)) {
            JsonNode n = JSON.readTree(line);
            if ("referral".equals(n.path("record").asText())) {
                found.add(n);
            }
        }
        county = CountyRecord.read(record);
        referrals = found;
        return referrals;
    }

    /** One figure query: the figure, its parameters, and what the oracle makes of it. */
    private record Query(String figure, Map<String, String> params, ObjectNode expected) {

        String where() {
            return figure + new TreeMap<>(params);
        }
    }

    private static List<Query> queries(FigureOracle oracle, LocalDate from, LocalDate to) {
        Map<String, String> period = Map.of("from", from.toString(), "to", to.toString());
        List<Query> q = new ArrayList<>();
        LocalDate midway = from.plusDays(DAYS / 2);
        q.add(new Query("discharge-to-usual-residence", period, oracle.dischargeToUsualResidence(null, false, false)));
        for (String b : List.of("locality", "site", "pathway", "service-type", "age-band")) {
            q.add(new Query("discharge-to-usual-residence", with(period, "breakdown", b), oracle.dischargeToUsualResidence(b, false, false)));
        }
        Map<String, String> options = with(with(period, "count29AsHome", "true"), "excludeUnknown99", "true");
        q.add(new Query("discharge-to-usual-residence", with(options, "breakdown", "age-band"), oracle.dischargeToUsualResidence("age-band", true, true)));
        q.add(new Query("returned-to-own-usual-residence", period, oracle.returnedToOwnUsualResidence(null)));
        q.add(new Query("returned-to-own-usual-residence", with(period, "breakdown", "locality"), oracle.returnedToOwnUsualResidence("locality")));
        q.add(new Query("still-at-home-91", period, oracle.stillAtHome91(null)));
        q.add(new Query("still-at-home-91", with(period, "breakdown", "service-type"), oracle.stillAtHome91("service-type")));
        q.add(new Query("still-at-home-91", with(period, "breakdown", "age-band"), oracle.stillAtHome91("age-band")));
        q.add(new Query("length-of-stay", period, oracle.lengthOfStay(null)));
        q.add(new Query("length-of-stay", with(period, "breakdown", "pathway"), oracle.lengthOfStay("pathway")));
        q.add(new Query("length-of-stay", with(period, "breakdown", "locality"), oracle.lengthOfStay("locality")));
        for (LocalDate census : List.of(midway, to)) {
            q.add(new Query("length-of-stay-census", with(period, "at", census.toString()), oracle.lengthOfStayCensus(census)));
            q.add(new Query("delay-census", with(period, "at", census.toString()), oracle.delayCensus(census)));
        }
        q.add(new Query("discharge-delay", period, oracle.dischargeDelay(null)));
        q.add(new Query("discharge-delay", with(period, "breakdown", "pathway"), oracle.dischargeDelay("pathway")));
        q.add(new Query("pathway-mix", period, oracle.pathwayMix()));
        q.add(new Query("flow-times", period, oracle.flowTimes()));
        q.add(new Query("capacity-demand", with(with(period, "granularity", "day"), "at", to.toString()), oracle.capacityDemandByDay(to)));
        q.add(new Query("short-term-services", period, oracle.shortTermServices(null)));
        q.add(new Query("short-term-services", with(period, "breakdown", "service-type"), oracle.shortTermServices("service-type")));
        return q;
    }

    private static Map<String, String> with(Map<String, String> params, String name, String value) {
        Map<String, String> m = new TreeMap<>(params);
        m.put(name, value);
        return m;
    }

    /** The figure and, where the oracle names the ids behind it, the drill-down, both as known at the instant. */
    private static Map<String, String> answers(String metricsUrl, List<Query> queries, Instant at) {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (Query q : queries) {
            Map<String, String> params = with(q.params(), "asKnownAt", at.toString());
            bodies.put(q.where(), Suite.as("commissioner").baseUri(metricsUrl).queryParams(params).get("/figures/" + q.figure()).then()
                    .statusCode(200).extract().asString());
            if (q.expected().has("drillDown")) {
                params.remove("granularity");
                bodies.put(q.where() + " drill-down", Suite.as("commissioner").baseUri(metricsUrl).queryParams(params)
                        .get("/figures/" + q.figure() + "/drill-down").then().statusCode(200).extract().asString());
            }
        }
        return bodies;
    }

    private static List<String> differences(List<Query> queries, Map<String, String> bodies) throws Exception {
        List<String> diffs = new ArrayList<>();
        for (Query q : queries) {
            ObjectNode expected = q.expected().deepCopy();
            JsonNode drill = expected.remove("drillDown");
            diffs.addAll(FigureDiff.of(q.where(), expected, JSON.readTree(bodies.get(q.where()))));
            if (drill != null) {
                diffs.addAll(FigureDiff.of(q.where() + " drill-down", drill, JSON.readTree(bodies.get(q.where() + " drill-down")).path("referrals")));
            }
        }
        return diffs;
    }

    @Test
    void everySectionOfTheMetricsEqualsTheOracleLiveAndAfterARebuildFromOffsetZero() throws Exception {
        simulated();
        Suite suite = Suite.get();
        LocalDate from = county.run().first();
        // The compared period (and the census dates) end a week before the run's last day: the module's other tests
        // (the discharge-to-placement flow, the READMEs' examples) enter patients admitted up to 6 days ago, who are in
        // hospital on those days but not in the simulator's record.
        LocalDate to = county.run().last().minusDays(FOREIGN_DAYS);
        assertThat(county.referrals()).as("a few months of a small county").hasSizeGreaterThan(500);

        // Live: once every event has travelled (releases follow placement ends through capacity-service), metrics-service
        // answers as the oracle does for the same instant.
        long t0 = System.nanoTime();
        Instant[] at = new Instant[1];
        List<Query>[] queries = new List[1];
        Map<String, String>[] live = new Map[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            at[0] = Instant.now().truncatedTo(ChronoUnit.MICROS);
            queries[0] = queries(new FigureOracle(county, from, to, at[0]), from, to);
            live[0] = answers(suite.metrics.url(), queries[0], at[0]);
            List<String> diffs = differences(queries[0], live[0]);
            assertThat(diffs).as(diffs.size() + " differences between metrics-service (live) and the oracle:%n%s", String.join("\n", diffs)).isEmpty();
        });
        System.out.printf("SimulatedCountyTest: live figures equal the oracle after %.0f s, %d queries%n", (System.nanoTime() - t0) / 1e9,
                live[0].size());
        nonTrivial(queries[0]);

        // As known at each checkpoint, when the run had settled (the one asked for, and one while each voided discharge
        // awaited its new entry): the facts entered late or corrected after it are left out, by metrics-service and by the
        // oracle alike, and they are there as known now.
        assertThat(county.run().checkpoints()).as("the run's checkpoints").isNotEmpty();
        Map<Instant, Map<String, String>> liveThen = new LinkedHashMap<>();
        Map<Instant, List<Query>> queriesThen = new LinkedHashMap<>();
        for (CountyRecord.Checkpoint c : county.run().checkpoints()) {
            List<Query> then = queries(new FigureOracle(county, from, to, c.at()), from, to);
            Map<String, String> answered = answers(suite.metrics.url(), then, c.at());
            List<String> diffsThen = differences(then, answered);
            assertThat(diffsThen).as(diffsThen.size() + " differences as known at the checkpoint after %s (%s):%n%s", c.day(), c.at(),
                    String.join("\n", diffsThen)).isEmpty();
            queriesThen.put(c.at(), then);
            liveThen.put(c.at(), answered);
        }
        CountyRecord.Checkpoint asked = county.run().checkpoints().stream().filter(c -> c.day().equals(from.plusDays(CHECKPOINT - 1L))).findFirst()
                .orElseThrow();
        ObjectNode knownThen = new FigureOracle(county, from, asked.day(), asked.at()).dischargeToUsualResidence(null, false, false);
        ObjectNode knownNow = new FigureOracle(county, from, asked.day(), at[0]).dischargeToUsualResidence(null, false, false);
        assertThat(knownNow.path("denominator").asInt()).as("discharges up to %s entered after the checkpoint", asked.day())
                .isGreaterThan(knownThen.path("denominator").asInt());

        // Rebuilt: a second build reads the topics from offset 0 and takes over; as known at the same instant, every
        // answer is the same, byte for byte.
        String previous = Suite.as("admin").baseUri(suite.metrics.url()).get("/figures/projection").then().statusCode(200).extract()
                .path("serving.name");
        String rebuild = Suite.as("admin").baseUri(suite.metrics.url()).post("/figures/projection/rebuild").then().statusCode(202).extract()
                .path("name");
        assertThat(rebuild).isNotEqualTo(previous);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode p = JSON.readTree(Suite.as("admin").baseUri(suite.metrics.url()).get("/figures/projection").then().extract().asString());
            return rebuild.equals(p.path("serving").path("name").asText()) && p.path("rebuilding").isNull();
        });
        Map<String, String> rebuilt = answers(suite.metrics.url(), queries[0], at[0]);
        for (Map.Entry<String, String> e : live[0].entrySet()) {
            assertThat(rebuilt.get(e.getKey())).as("after the rebuild: " + e.getKey()).isEqualTo(e.getValue());
        }
        List<String> diffs = differences(queries[0], rebuilt);
        assertThat(diffs).as("after the rebuild:%n%s", String.join("\n", diffs)).isEmpty();
        for (Map.Entry<Instant, List<Query>> c : queriesThen.entrySet()) {
            Map<String, String> rebuiltThen = answers(suite.metrics.url(), c.getValue(), c.getKey());
            for (Map.Entry<String, String> e : liveThen.get(c.getKey()).entrySet()) {
                assertThat(rebuiltThen.get(e.getKey())).as("after the rebuild, as known at " + c.getKey() + ": " + e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    /** Every section has numbers to compare: an empty figure would agree with anything. */
    private static void nonTrivial(List<Query> queries) {
        Map<String, JsonNode> headline = new TreeMap<>();
        // The first query of each figure is its headline (no breakdown).
        queries.forEach(q -> headline.putIfAbsent(q.figure(), q.expected()));
        assertThat(headline.get("discharge-to-usual-residence").path("numerator").asInt()).isGreaterThan(300);
        JsonNode still = headline.get("still-at-home-91");
        assertThat(still.path("denominator").asInt()).as("day 91 reached: " + still).isGreaterThan(3);
        assertThat(still.at("/measures/pending").asInt()).as("day 91 not reached yet: " + still).isPositive();
        assertThat(headline.get("length-of-stay").at("/measures/shareAtLeast21").decimalValue()).isPositive();
        assertThat(headline.get("discharge-delay").at("/measures/bands/7-13").asInt()).isPositive();
        assertThat(headline.get("pathway-mix").at("/measures/decisions/P3/count").asInt()).isPositive();
        assertThat(headline.get("flow-times").at("/measures/dischargeToPlacementStartDays/count").asInt()).isPositive();
        JsonNode capacity = headline.get("capacity-demand").path("measures");
        assertThat(capacity.at("/p1DeclinedForCapacity/numerator").asInt()).as(capacity.toString()).isPositive();
        assertThat(capacity.at("/homeFirstEndedWithNoOngoingSupport/numerator").asInt()).isPositive();
        assertThat(headline.get("short-term-services").at("/measures/count").asInt()).isGreaterThan(10);
        queries.stream().filter(q -> q.figure().equals("delay-census")).forEach(q ->
                assertThat(q.expected().at("/measures/count").asInt()).as(q.where()).isPositive());
        // Facts were entered late, of each kind.
        Map<String, Integer> late = new TreeMap<>();
        referrals.forEach(r -> r.path("enteredLateOn").fieldNames().forEachRemaining(k -> late.merge(k, 1, Integer::sum)));
        assertThat(late).as("facts entered late").containsKeys("discharge", "followUp", "decline");
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
}
