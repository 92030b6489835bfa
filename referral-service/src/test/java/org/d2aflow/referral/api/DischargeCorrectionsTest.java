package org.d2aflow.referral.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

import org.d2aflow.referral.ReferralApi;
import org.d2aflow.referral.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Corrections over REST: each appends an event naming the fact it corrects, who and why; the referral shows the
 * corrected facts and its history the corrections; refusals write nothing.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class DischargeCorrectionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The default test token's subject (see DefaultToken): the caller every correction here names. */
    private static final String CORRECTOR = "test-user@" + DefaultToken.TEST_ORG;
    private static final String DISCHARGED = "d2a.referral.patient-discharged.v1";

    @Inject
    Tables tables;

    /** The service's calendar is Europe/London's. */
    private final LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));

    /** Admitted ten days ago, ready five days ago, on P1, discharged three days ago to home: version 4. */
    private String discharged() {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(10).with("dateOfBirth", "1941-06-02").build());
        ReferralApi.setDrd(id, today.minusDays(5)).statusCode(200);
        ReferralApi.decide(id, "P1", "REABLEMENT_HOME", today.minusDays(5)).statusCode(200);
        ReferralApi.discharge(id, today.minusDays(3), "19", "1").statusCode(200).header("ETag", "\"4\"");
        return id;
    }

    /** Each correction endpoint (path, then a body it accepts for a referral made by {@link #discharged()}). */
    private List<String[]> corrections() {
        return List.of(
                new String[] {"/referrals/{id}/discharge/corrections", "{\"destinationCode\": \"85\", \"reason\": \"Care home\"}"},
                new String[] {"/referrals/{id}/discharge/void", "{\"reason\": \"Wrong patient\"}"},
                new String[] {"/referrals/{id}/discharge-ready-date/corrections",
                        "{\"dischargeReadyDate\": \"" + today.minusDays(6) + "\", \"reason\": \"Earlier\"}"});
    }

    private static JsonPath read(String id) {
        return given().get("/referrals/{id}", id).then().statusCode(200).extract().jsonPath();
    }

    private JsonNode lastPayload(String id) throws Exception {
        List<String> payloads = tables.outboxPayloads(id);
        return JSON.readTree(payloads.get(payloads.size() - 1));
    }

    private JsonNode lastHeaders(String id) throws Exception {
        List<String> headers = tables.outboxHeaders(id);
        return JSON.readTree(headers.get(headers.size() - 1));
    }

    @Test
    void amendsTheDischargeDateKeepingTheCodesAndNamesTheFactWhoAndWhy() throws Exception {
        String id = discharged();
        String dischargeEventId = read(id).getString("history[3].eventId");

        given().contentType(ContentType.JSON).header("If-Match", "\"4\"")
                .body(Map.of("dischargeDate", today.minusDays(2).toString(), "reason", "Left on the 2nd; the 3rd was the transport booking"))
                .post("/referrals/{id}/discharge/corrections", id)
                .then().statusCode(200).header("ETag", "\"5\"")
                .body("status", equalTo("DISCHARGED"))
                .body("dischargeDate", equalTo(today.minusDays(2).toString()))
                .body("destinationCode", equalTo("19"))
                .body("methodCode", equalTo("1"));

        JsonPath shown = read(id);
        assertThat(shown.getString("dischargeDate")).isEqualTo(today.minusDays(2).toString());
        assertThat(shown.getString("history[4].type")).isEqualTo("d2a.referral.discharge-corrected.v1");
        assertThat(shown.getString("history[4].corrects.eventId")).isEqualTo(dischargeEventId);
        assertThat(shown.getString("history[4].corrects.type")).isEqualTo(DISCHARGED);
        assertThat(shown.getInt("history[4].corrects.version")).isEqualTo(4);
        assertThat(shown.getString("history[4].corrects.correctedBy")).isEqualTo(CORRECTOR);
        assertThat(shown.getString("history[4].corrects.reason")).isEqualTo("Left on the 2nd; the 3rd was the transport booking");
        assertThat(shown.getString("history[4].recordedAt")).isNotBlank();
        assertThat(shown.getString("history[3].supersededBy")).isEqualTo(shown.getString("history[4].eventId"));
        assertThat(shown.getString("history[3].data.dischargeDate")).as("the original stays as it was")
                .isEqualTo(today.minusDays(3).toString());

        JsonNode event = lastPayload(id);
        assertThat(event.get("correctsEventId").asText()).isEqualTo(dischargeEventId);
        assertThat(event.get("correctedBy").asText()).isEqualTo(CORRECTOR);
        assertThat(event.get("reason").asText()).isEqualTo("Left on the 2nd; the 3rd was the transport booking");
        assertThat(event.get("destinationCode").asText()).isEqualTo("19");
        assertThat(event.get("ageAtDischarge").asInt()).isEqualTo(java.time.Period.between(LocalDate.of(1941, 6, 2), today.minusDays(2)).getYears());
        assertThat(lastHeaders(id).get("ce_type").asText()).isEqualTo("d2a.referral.discharge-corrected.v1");
    }

    @Test
    void aSecondCorrectionNamesTheFirstAndTheReferralShowsTheLatest() throws Exception {
        String id = discharged();
        ReferralApi.correctDischarge(id, Map.of("destinationCode", "85", "reason", "Went to a care home")).statusCode(200);
        String firstCorrection = read(id).getString("history[4].eventId");

        ReferralApi.correctDischarge(id, Map.of("methodCode", "6", "reason", "Self-discharged against advice")).statusCode(200)
                .body("destinationCode", equalTo("85")).body("methodCode", equalTo("6"));

        assertThat(lastPayload(id).get("correctsEventId").asText()).isEqualTo(firstCorrection);
        assertThat(read(id).getString("history[4].supersededBy")).isEqualTo(read(id).getString("history[5].eventId"));
    }

    @Test
    void voidsADischargeRecordedForTheWrongReferralWhichMayThenBeDischargedAgain() throws Exception {
        String id = discharged();
        String dischargeEventId = read(id).getString("history[3].eventId");

        given().contentType(ContentType.JSON).header("If-Match", "\"4\"").body(Map.of("reason", "Recorded against the wrong patient"))
                .post("/referrals/{id}/discharge/void", id)
                .then().statusCode(200).header("ETag", "\"5\"")
                .body("status", equalTo("PATHWAY_DECIDED"))
                .body("dischargeDate", nullValue())
                .body("destinationCode", nullValue());

        JsonNode event = lastPayload(id);
        assertThat(event.get("correctsEventId").asText()).isEqualTo(dischargeEventId);
        assertThat(event.get("correctedBy").asText()).isEqualTo(CORRECTOR);
        assertThat(lastHeaders(id).get("ce_type").asText()).isEqualTo("d2a.referral.discharge-voided.v1");
        JsonPath shown = read(id);
        assertThat(shown.getString("history[4].corrects.reason")).isEqualTo("Recorded against the wrong patient");
        assertThat(shown.getString("history[3].supersededBy")).isEqualTo(shown.getString("history[4].eventId"));
        assertThat(given().queryParam("status", "DISCHARGED").queryParam("size", 200).get("/referrals").then().statusCode(200)
                .extract().<List<String>>path("items.id")).doesNotContain(id);

        ReferralApi.discharge(id, today.minusDays(1), "19", "1").statusCode(200).body("status", equalTo("DISCHARGED"))
                .body("dischargeDate", equalTo(today.minusDays(1).toString()));
        assertThat(tables.events(id, DISCHARGED)).isEqualTo(2);
    }

    @Test
    void correctsADischargeReadyDateAfterTheDischarge() throws Exception {
        String id = discharged();
        String drdEventId = read(id).getString("history[1].eventId");

        given().contentType(ContentType.JSON).header("If-Match", "\"4\"")
                .body(Map.of("dischargeReadyDate", today.minusDays(6).toString(), "reason", "MDT notes: no criteria to reside a day earlier"))
                .post("/referrals/{id}/discharge-ready-date/corrections", id)
                .then().statusCode(200).header("ETag", "\"5\"").body("dischargeReadyDate", equalTo(today.minusDays(6).toString()));

        JsonNode event = lastPayload(id);
        assertThat(event.get("correctsEventId").asText()).isEqualTo(drdEventId);
        assertThat(event.get("correctedBy").asText()).isEqualTo(CORRECTOR);
        assertThat(event.get("reason").asText()).isEqualTo("MDT notes: no criteria to reside a day earlier");
        assertThat(read(id).getString("history[4].corrects.type")).isEqualTo("d2a.referral.discharge-ready-date-set.v1");

        // After the discharge, the ready date may not move past it: the delay would be negative.
        Map<String, Long> before = tables.counts();
        ReferralApi.correctDrd(id, today.minusDays(2), "Later still").statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("discharge-before-ready-date"));
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void withNothingToCorrectEachCorrectionIsAConflictWithItsCodeAndWritesNothing() {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(10).build());
        Map<String, Long> before = tables.counts();

        ReferralApi.correctDischarge(id, Map.of("destinationCode", "85", "reason", "No discharge yet")).statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("no-discharge-to-correct"));
        ReferralApi.voidDischarge(id, "No discharge yet").statusCode(409).body("code", equalTo("no-discharge-to-correct"));
        ReferralApi.correctDrd(id, today.minusDays(1), "No date yet").statusCode(409).body("code", equalTo("no-ready-date-to-correct"));
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void aStaleIfMatchIsRefusedForEachCorrectionAndWritesNothing() {
        String id = discharged();
        Map<String, Long> before = tables.counts();

        for (String[] call : corrections()) {
            given().contentType(ContentType.JSON).header("If-Match", "\"3\"").body(call[1]).post(call[0], id)
                    .then().statusCode(412).contentType("application/problem+json");
        }
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void aBlankOrOverlongReasonIsUnprocessableNamingTheReasonAndWritesNothing() {
        String id = discharged();
        Map<String, Long> before = tables.counts();

        for (String reason : new String[] {"   ", "", "r".repeat(501)}) {
            ReferralApi.correctDischarge(id, Map.of("destinationCode", "85", "reason", reason)).statusCode(422)
                    .contentType("application/problem+json").body("errors.field", equalTo(List.of("reason")));
            ReferralApi.voidDischarge(id, reason).statusCode(422).body("errors.field", equalTo(List.of("reason")));
            ReferralApi.correctDrd(id, today.minusDays(6), reason).statusCode(422).body("errors.field", equalTo(List.of("reason")));
        }
        ReferralApi.correctDischarge(id, Map.of("destinationCode", "85")).statusCode(422).body("errors.field", equalTo(List.of("reason")));
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void correctedValuesObeyTheDischargeRules() {
        String id = discharged();
        Map<String, Long> before = tables.counts();

        ReferralApi.correctDischarge(id, Map.of("destinationCode", "79", "reason", "Died")).statusCode(422)
                .body("errors.field", equalTo(List.of("methodCode")));
        ReferralApi.correctDischarge(id, Map.of("dischargeDate", today.minusDays(11).toString(), "reason", "Earlier")).statusCode(422)
                .body("errors.field", equalTo(List.of("dischargeDate")));
        ReferralApi.correctDischarge(id, Map.of("dischargeDate", today.plusDays(1).toString(), "reason", "Later")).statusCode(422)
                .body("errors.field", equalTo(List.of("dischargeDate")));
        ReferralApi.correctDischarge(id, Map.of("dischargeDate", today.minusDays(6).toString(), "reason", "Before ready")).statusCode(409)
                .body("code", equalTo("discharge-before-ready-date"));
        ReferralApi.correctDischarge(id, Map.of("destinationCode", "19", "reason", "Same")).statusCode(422)
                .body("errors.field", equalTo(List.of("destinationCode")));
        ReferralApi.correctDischarge(id, Map.of("destinationCode", "7", "reason", "Bad shape")).statusCode(400)
                .body("errors.field", equalTo(List.of("destinationCode")));
        assertThat(tables.counts()).isEqualTo(before);

        ReferralApi.correctDischarge(id, Map.of("destinationCode", "79", "methodCode", "4", "reason", "Died on the ward")).statusCode(200)
                .body("destinationCode", equalTo("79")).body("methodCode", equalTo("4"));
    }

    @Test
    void anotherOrganisationSeesNoReferralAndAnotherRoleIsForbiddenBothWritingNothing() {
        String id = discharged();
        Map<String, Long> before = tables.counts();

        for (String[] call : corrections()) {
            for (String role : List.of("homefirst", "commissioner", "admin")) {
                given().header("Authorization", TestTokens.bearer(role, DefaultToken.TEST_ORG)).contentType(ContentType.JSON).body(call[1])
                        .post(call[0], id).then().statusCode(403).contentType("application/problem+json");
            }
            // Coordinators of another organisation: the referral answers as if it did not exist (its existence is not disclosed).
            given().header("Authorization", TestTokens.bearer("coordinator", "ANOTHER-TRUST")).contentType(ContentType.JSON).body(call[1])
                    .post(call[0], id).then().statusCode(404).contentType("application/problem+json");
            given().contentType(ContentType.JSON).header("Authorization", "").body(call[1]).post(call[0], id).then().statusCode(401);
        }
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void aRetriedCorrectionWithTheSameIdempotencyKeyIsReplayedAndAppendsOnce() {
        String id = discharged();
        String key = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("destinationCode", "85", "reason", "Went to a care home");
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/referrals/{id}/discharge/corrections", id).then().statusCode(200).extract().asString();
        Map<String, Long> before = tables.counts();

        String again = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post("/referrals/{id}/discharge/corrections", id).then().statusCode(200).header("Idempotent-Replay", "true")
                .extract().asString();

        assertThat(again).isEqualTo(first);
        assertThat(tables.counts()).isEqualTo(before);
        assertThat(tables.events(id, "d2a.referral.discharge-corrected.v1")).isEqualTo(1);
    }

    @Test
    void factsOlderThanTheLateEntryWindowAreRefusedNamingTheFieldAndTheLimit() {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(200).build());
        LocalDate edge = today.minusDays(90);
        Map<String, Long> before = tables.counts();

        ReferralApi.setDrd(id, today.minusDays(91)).statusCode(422).body("errors.field", equalTo(List.of("dischargeReadyDate")))
                .body("errors[0].message", org.hamcrest.Matchers.containsString(edge.toString()));
        ReferralApi.decide(id, "P1", "REABLEMENT_HOME", today.minusDays(91)).statusCode(422)
                .body("errors.field", equalTo(List.of("decidedAt")));
        ReferralApi.discharge(id, today.minusDays(91), "19", "1").statusCode(422).body("errors.field", equalTo(List.of("dischargeDate")))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("90 days late"));
        assertThat(tables.counts()).isEqualTo(before);

        ReferralApi.setDrd(id, edge).statusCode(200);
        ReferralApi.decide(id, "P1", "REABLEMENT_HOME", edge).statusCode(200);
        ReferralApi.discharge(id, edge, "19", "1").statusCode(200);
        // A correction's new date is windowed too; a carried one is not.
        ReferralApi.correctDischarge(id, Map.of("dischargeDate", today.minusDays(91).toString(), "reason", "Earlier")).statusCode(422)
                .body("errors.field", equalTo(List.of("dischargeDate")));
        ReferralApi.correctDrd(id, today.minusDays(91), "Earlier").statusCode(422).body("errors.field", equalTo(List.of("dischargeReadyDate")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiDocumentDescribesEachCorrectionWithAnExampleAndItsRefusals() {
        Map<String, Object> paths = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths");

        for (String path : List.of("/referrals/{id}/discharge/corrections", "/referrals/{id}/discharge/void",
                "/referrals/{id}/discharge-ready-date/corrections")) {
            Map<String, Object> post = (Map<String, Object>) ((Map<String, Object>) paths.get(path)).get("post");
            assertThat(post).as(path).containsKeys("summary", "description", "requestBody");
            assertThat(post.toString()).as(path).contains("reason").contains("example").contains("409").contains("412").contains("422")
                    .contains("If-Match").contains("Idempotency-Key");
        }
    }
}
