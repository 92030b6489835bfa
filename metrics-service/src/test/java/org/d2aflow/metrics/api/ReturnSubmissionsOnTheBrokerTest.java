package org.d2aflow.metrics.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.returns.ReturnSubmitted;
import org.d2aflow.metrics.LogWriter;
import org.d2aflow.metrics.domain.returns.Submission;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TestStack;
import org.d2aflow.testkit.TopicReader;
import org.d2aflow.testkit.TopicWriter;
import org.junit.jupiter.api.Test;

/**
 * Issue 20's acceptance on the real broker: returns submitted for August 2016 (a month no other test uses) as known at T1,
 * then a late discharge and two corrections (a discharge date and a destination) recorded after T1. Regenerated as known at T1
 * the returns are byte-identical (same SHA-256); submitted as known at T2 they differ, and the revision report lists exactly
 * the changed cells and the late and corrected facts behind them.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class ReturnSubmissionsOnTheBrokerTest {

    private static final String TIMELINESS = "/returns/drd-timeliness";
    private static final String SITREP = "/returns/discharge-sitrep";

    @Test
    void aSubmissionIsReproducibleAfterLateFactsAndCorrectionsAndTheRevisionReportNamesThem() throws Exception {
        // A: DRD 5 Aug, home on P1 on the 10th (delay 5). B: DRD 10 Aug, home on P1 on the 10th (delay 0).
        List<EventEnvelope<D2aEvent>> a = LogWriter.dischargedReferralEvents("East", 80, day(1), day(5), Pathway.P1, ServiceType.REABLEMENT_HOME,
                day(10), "19", "1");
        List<EventEnvelope<D2aEvent>> b = LogWriter.dischargedReferralEvents("East", 84, day(1), day(10), Pathway.P1, ServiceType.REABLEMENT_HOME,
                day(10), "19", "1");
        String t1Csv = "2016-08,2,5,50.0,50.0,1,50.0,0,0.0,0,0.0,1,50.0,0,0.0,0,0.0,0,0.0,2.50,5.00\r\n";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(csv(TIMELINESS, "2016-08", null)).endsWith(t1Csv));
        Instant t1 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Thread.sleep(5);

        JsonPath first = submit(TIMELINESS, "2016-08", t1);
        JsonPath firstSitrep = submit(SITREP, "2016-08-10", t1);
        String firstBytes = csv(TIMELINESS, "2016-08", t1);
        assertThat(first.getString("sha256")).isEqualTo(Submission.sha256(firstBytes));
        assertThat(first.getString("asKnownAt")).isEqualTo(t1.toString());
        assertThat(first.getString("layoutVersion")).isEqualTo("1");
        assertThat(first.getString("submittedBy")).isNotBlank();

        // Recorded after T1: D discharged on 9 Aug (DRD 8th, delay 1); A's discharge corrected to the 12th (delay 7); B's
        // destination corrected to a care home (54): same day, another sitrep column.
        List<EventEnvelope<D2aEvent>> d = LogWriter.dischargedReferralEvents("East", 90, day(2), day(8), Pathway.P0, ServiceType.SOCIAL_SUPPORT,
                day(9), "19", "1");
        EventEnvelope<D2aEvent> aCorrected = TopicWriter.publish("/d2a/referral-service", 5, new DischargeCorrected(id(a), a.get(3).id(), day(12),
                "19", "1", 80, "Discharge date keyed wrongly", "coordinator-0001"));
        EventEnvelope<D2aEvent> bCorrected = TopicWriter.publish("/d2a/referral-service", 5, new DischargeCorrected(id(b), b.get(3).id(), day(10),
                "54", "1", 84, "Went to a care home", "coordinator-0001"));
        String t2Csv = "2016-08,3,8,33.3,66.7,1,33.3,1,33.3,0,0.0,0,0.0,1,33.3,0,0.0,0,0.0,2.67,4.00\r\n";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(csv(TIMELINESS, "2016-08", null)).endsWith(t2Csv));
        Instant t2 = Instant.now().truncatedTo(ChronoUnit.MICROS);

        // As known at T1: the same bytes, from the endpoint and from the submission (checked against its SHA-256).
        assertThat(csv(TIMELINESS, "2016-08", t1)).isEqualTo(firstBytes);
        String regenerated = given().get(TIMELINESS + "/submissions/" + first.getString("id")).then().statusCode(200)
                .contentType(startsWith("text/csv")).header(ReturnSubmissionsResource.SHA256_HEADER, first.getString("sha256")).extract().asString();
        assertThat(regenerated).isEqualTo(firstBytes);
        given().accept("application/json").get(SITREP + "/submissions/" + firstSitrep.getString("id")).then().statusCode(200)
                .body("reproduced", equalTo(true), "regeneratedSha256", equalTo(firstSitrep.getString("sha256")));

        JsonPath second = submit(TIMELINESS, "2016-08", t2);
        assertThat(second.getString("sha256")).isNotEqualTo(first.getString("sha256")).isEqualTo(Submission.sha256(csv(TIMELINESS, "2016-08", t2)));
        assertThat(csv(TIMELINESS, "2016-08", t2)).endsWith(t2Csv);
        JsonPath secondSitrep = submit(SITREP, "2016-08-10", t2);

        List<Map<String, Object>> listed = given().queryParam("period", "2016-08").get(TIMELINESS + "/submissions").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(listed).extracting(m -> m.get("id")).containsExactly(first.getString("id"), second.getString("id"));

        // The revision report: exactly the changed cells, each with the facts recorded in (T1, T2] about its referrals.
        JsonPath report = given().accept("application/json").queryParam("from", first.getString("id")).queryParam("to", second.getString("id"))
                .get(TIMELINESS + "/revisions").then().statusCode(200).extract().jsonPath();
        assertThat(report.getList("changes", Map.class)).extracting(c -> c.get("column") + ": " + c.get("oldValue") + " -> " + c.get("newValue"))
                .containsExactly(
                        "Total # of patients discharged: 2 -> 3",
                        "Total bed days lost to DD: 5 -> 8",
                        "DoD is same as DRD (%): 50.0 -> 33.3",
                        "DoD is 1+ days after DRD (%): 50.0 -> 66.7",
                        "No delay (%): 50.0 -> 33.3",
                        "1 day (#): 0 -> 1",
                        "1 day (%): 0.0 -> 33.3",
                        "4-6 days (#): 1 -> 0",
                        "4-6 days (%): 50.0 -> 0.0",
                        "7-13 days (#): 0 -> 1",
                        "7-13 days (%): 0.0 -> 33.3",
                        "Average days from DRD to DoD (inc 0-day delays): 2.50 -> 2.67",
                        "Average days from DRD to DoD (exc 0-day delays): 5.00 -> 4.00");
        assertThat(report.getString("changes[0].row.Month")).isEqualTo("2016-08");
        List<String> late = d.stream().map(EventEnvelope::id).toList();
        assertThat(report.getList("changes[0].facts.eventId", String.class)).containsExactlyInAnyOrder(late.get(0), late.get(1), late.get(2),
                late.get(3), aCorrected.id(), bCorrected.id());
        assertThat(report.getList("changes[5].facts.eventId", String.class)).containsExactlyElementsOf(late);
        assertThat(report.getList("changes[5].facts.type", String.class)).containsExactly(ReferralSubmitted.TYPE, DischargeReadyDateSet.TYPE,
                PathwayDecided.TYPE, PatientDischarged.TYPE);
        assertThat(report.getList("changes[5].facts.businessDate", String.class)).containsExactly("2016-08-02", "2016-08-08", "2016-08-08",
                "2016-08-09");
        assertThat(report.getList("changes[7].facts.eventId", String.class)).containsExactly(aCorrected.id());
        assertThat(report.getList("changes[7].facts.type", String.class)).containsExactly(DischargeCorrected.TYPE);
        assertThat(report.getList("changes[7].facts.subject", String.class)).containsExactly("referral:" + id(a));
        for (String recorded : report.getList("changes.facts.flatten().recordedAt", String.class)) {
            assertThat(Instant.parse(recorded)).isAfter(t1).isBeforeOrEqualTo(t2);
        }

        // The sitrep of 10 August: A is no longer discharged that day, B's destination moved to "P1 - Other" (the correction).
        JsonPath sitrepReport = given().accept("application/json").queryParam("from", firstSitrep.getString("id"))
                .queryParam("to", secondSitrep.getString("id")).get(SITREP + "/revisions").then().statusCode(200).extract().jsonPath();
        assertThat(sitrepReport.getList("changes", Map.class)).extracting(c -> c.get("column") + ": " + c.get("oldValue") + " -> " + c.get("newValue"))
                .containsExactly(
                        "Number of patients discharged: 2 -> 1",
                        "P1 - Domestic home with reablement support: 2 -> 0",
                        "P1 - Other with reablement support: 0 -> 1",
                        "Number of patients remaining in hospital who no longer meet the criteria to reside: 0 -> 1");
        assertThat(sitrepReport.getList("changes[2].facts.eventId", String.class)).containsExactly(bCorrected.id());
        assertThat(sitrepReport.getList("changes[3].facts.eventId", String.class)).containsExactly(aCorrected.id());
        String reportCsv = given().accept("text/csv").queryParam("from", firstSitrep.getString("id")).queryParam("to", secondSitrep.getString("id"))
                .get(SITREP + "/revisions").then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        assertThat(reportCsv).startsWith("Row,Column,Change,Old value,New value,Fact type,Subject,Business date,Recorded at,Event id\r\n")
                .contains("2016-08-10,P1 - Other with reablement support,changed,0,1," + DischargeCorrected.TYPE + ",referral:" + id(b)
                        + ",2016-08-10,");

        // Each submission is on d2a.returns, keyed by the return, acknowledged before the 201.
        List<ConsumerRecord<String, EventEnvelope<D2aEvent>>> onTopic = TopicReader.read(Topics.RETURNS, "drd-timeliness", Duration.ofSeconds(5),
                l -> l.size() >= 2);
        assertThat(onTopic).extracting(r -> r.value().id()).contains(first.getString("id"), second.getString("id"));
        ReturnSubmitted written = (ReturnSubmitted) onTopic.stream().filter(r -> r.value().id().equals(first.getString("id"))).findFirst()
                .orElseThrow().value().event();
        assertThat(written.period()).isEqualTo("2016-08");
        assertThat(written.asKnownAt()).isEqualTo(t1);
        assertThat(written.sha256()).isEqualTo(first.getString("sha256"));
    }

    @Test
    void aSubmissionWhoseBytesCannotBeReproducedIsAConflictNotSilence() {
        // Another instance (or an older release) recorded a SHA-256 these facts do not give.
        String id = UUID.randomUUID().toString();
        TopicWriter.publish(EventEnvelope.of(id, "/d2a/metrics-service", Instant.now().truncatedTo(ChronoUnit.MICROS), 1,
                new ReturnSubmitted("drd-timeliness", "2016-02", Instant.parse("2016-03-01T00:00:00Z"), "1", "0".repeat(64), "someone-else")));
        // Found on the topic though this instance did not write it, listed, and refused with both digests named.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(TIMELINESS + "/submissions/" + id).then().statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("0".repeat(64)), "detail", containsString("2016-02")));
        given().queryParam("period", "2016-02").get(TIMELINESS + "/submissions").then().statusCode(200).body("id", hasItem(id));
        // The id is not one of another return's submissions.
        given().get(SITREP + "/submissions/" + id).then().statusCode(404);
    }

    @Test
    void badSubmissionsAndReportsAreProblemsNamingTheField() {
        String future = Instant.now().plus(Duration.ofDays(1)).toString();
        for (Object[] c : new Object[][] {
                {"{}", "period"},
                {"{\"period\":\"2016-13\"}", "period"},
                {"{\"period\":\"2016-08-10\"}", "period"},
                {"{\"period\":\"2016-08\",\"asKnownAt\":\"yesterday\"}", "asKnownAt"},
                {"{\"period\":\"2016-08\",\"asKnownAt\":\"+10000-01-01T00:00:00Z\"}", "asKnownAt"},
                {"{\"period\":\"2016-08\",\"asKnownAt\":\"" + future + "\"}", "asKnownAt"},
                {"{\"period\":\"2016-08\",\"colour\":\"red\"}", "colour"}}) {
            given().contentType("application/json").body(c[0]).post(TIMELINESS + "/submissions").then().statusCode(400)
                    .contentType(startsWith("application/problem+json")).body("errors.field", hasItem(c[1]));
        }
        given().contentType("application/json").post(TIMELINESS + "/submissions").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        given().contentType("application/json").body("{\"period\":\"2016-08\"}").post("/returns/no-such-return/submissions").then()
                .statusCode(404).contentType(startsWith("application/problem+json"));
        given().queryParam("period", "2016-8").get(TIMELINESS + "/submissions").then().statusCode(400).body("errors[0].field", equalTo("period"));
        given().get(TIMELINESS + "/submissions/" + UUID.randomUUID()).then().statusCode(404).contentType(startsWith("application/problem+json"));
        given().get(TIMELINESS + "/revisions").then().statusCode(400).body("errors.field", hasItem("from")).body("errors.field", hasItem("to"));
        given().queryParam("from", "nope").queryParam("to", "nope").get(TIMELINESS + "/revisions").then().statusCode(404);

        String july = submit(TIMELINESS, "2016-07", Instant.parse("2016-08-01T00:00:00Z")).getString("id");
        String june = submit(TIMELINESS, "2016-06", Instant.parse("2016-08-01T00:00:00Z")).getString("id");
        given().queryParam("from", july).queryParam("to", june).get(TIMELINESS + "/revisions").then().statusCode(400)
                .body("errors[0].field", equalTo("to"), "errors[0].message", containsString("2016-07"));
        // The same submission on both sides: nothing changed.
        given().accept("application/json").queryParam("from", july).queryParam("to", july).get(TIMELINESS + "/revisions").then().statusCode(200)
                .body("changes.size()", equalTo(0));
    }

    @Test
    void theCommandWritesAReturnAndSubmitsIt() throws Exception {
        LogWriter.dischargedReferral("West", 79, LocalDate.of(2016, 4, 1), LocalDate.of(2016, 4, 3), Pathway.P0, ServiceType.SOCIAL_SUPPORT,
                LocalDate.of(2016, 4, 4), "19", "1");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(csv(TIMELINESS, "2016-04", null)).contains("\r\n2016-04,1,1,"));
        Instant known = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "return-command");

        Command plain = command("return drd-timeliness 2016-04 --as-known-at " + known + " --out " + dir.resolve("plain.csv"));
        assertThat(plain.exit()).as(plain.output()).isZero();
        assertThat(Files.readString(dir.resolve("plain.csv"))).isEqualTo(csv(TIMELINESS, "2016-04", known));

        Command json = command("return drd-timeliness 2016-04 --format json --as-known-at " + known + " --out " + dir.resolve("rows.json"));
        assertThat(json.exit()).as(json.output()).isZero();
        assertThat(JsonPath.from(dir.resolve("rows.json").toFile()).getString("Month")).isEqualTo("2016-04");

        Command submitted = command("return drd-timeliness 2016-04 --submit --as-known-at " + known + " --out " + dir.resolve("submitted.csv"));
        assertThat(submitted.exit()).as(submitted.output()).isZero();
        String bytes = Files.readString(dir.resolve("submitted.csv"));
        assertThat(bytes).isEqualTo(csv(TIMELINESS, "2016-04", known));
        assertThat(submitted.output()).contains("Submitted drd-timeliness 2016-04").contains("SHA-256 " + Submission.sha256(bytes));
        given().queryParam("period", "2016-04").get(TIMELINESS + "/submissions").then().statusCode(200)
                .body("sha256", hasItem(Submission.sha256(bytes)), "asKnownAt", hasItem(known.toString()));

        // Run from another directory, the file is written there, not in the repository.
        Command relative = run("cd " + dir + " && " + REPO + "/deploy/d2a return drd-timeliness 2016-04 --as-known-at " + known);
        assertThat(relative.exit()).as(relative.output()).isZero();
        assertThat(Files.readString(dir.resolve("drd-timeliness-2016-04.csv"))).isEqualTo(bytes);

        Command bad = command("return drd-timeliness 2016-4 --out " + dir.resolve("bad.csv"));
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.output()).contains("answered 400").contains("period");
        assertThat(dir.resolve("bad.csv")).doesNotExist();
        assertThat(command("return drd-timeliness").exit()).isEqualTo(2);
    }

    private record Command(int exit, String output) {
    }

    /** deploy/d2a as a user runs it, pointed at this test's service and at the test stack's development issuer. */
    private Command command(String args) throws Exception {
        return run("deploy/d2a " + args);
    }

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private Command run(String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(REPO.toFile()).redirectErrorStream(true);
        pb.environment().put("D2A_HOME", TestStack.get().home().toString());
        pb.environment().put("D2A_METRICS_URL", service.toString().replaceAll("/$", ""));
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return new Command(p.exitValue(), out);
    }

    @TestHTTPResource("/")
    java.net.URL service;

    private static JsonPath submit(String path, String period, Instant asKnownAt) {
        return given().contentType("application/json").body(Map.of("period", period, "asKnownAt", asKnownAt.toString())).post(path + "/submissions")
                .then().statusCode(201).header("Location", containsString(path + "/submissions/")).extract().jsonPath();
    }

    private static String csv(String path, String period, Instant asKnownAt) {
        var spec = given().queryParam("period", period);
        if (asKnownAt != null) {
            spec.queryParam("asKnownAt", asKnownAt.toString());
        }
        return spec.get(path).then().statusCode(200).extract().asString();
    }

    private static LocalDate day(int d) {
        return LocalDate.of(2016, 8, d);
    }

    private static String id(List<EventEnvelope<D2aEvent>> events) {
        return events.get(0).event().streamId();
    }
}
