package org.d2aflow.referral.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

import org.d2aflow.referral.ReferralApi;
import org.d2aflow.referral.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

/**
 * Reasons for delay over REST: the default 2023 list and one loaded from a directory at start-up, both clocks on the
 * event, the list and version kept on each record, corrections by date, and refusals naming the field.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class DelayReasonsTest {

    // The test directory of code lists is loaded by every test of this module (%test.d2a.referral.delay-reason-lists-directory
    // in application.properties), not by a test profile of this class: one Quarkus build and start fewer.

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Tables tables;

    private final LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));

    /** Admitted ten days ago, ready six days ago: version 2. */
    private String waiting() {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(10).build());
        ReferralApi.setDrd(id, today.minusDays(6)).statusCode(200);
        return id;
    }

    private static ValidatableResponse record(String id, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString()).body(body)
                .post("/referrals/{id}/delay-reasons", id).then();
    }

    private static Map<String, Object> reason(String code, LocalDate from) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("effectiveFrom", from.toString());
        return body;
    }

    private JsonNode lastPayload(String id) throws Exception {
        List<String> payloads = tables.outboxPayloads(id);
        return JSON.readTree(payloads.get(payloads.size() - 1));
    }

    @Test
    void listsShowTheDefaultAndTheLoadedOneWithSourceAndValidity() {
        given().get("/delay-reason-lists").then().statusCode(200)
                .body("listId", equalTo(List.of("acute-sitrep-2023", "test-trust-2026")))
                .body("[0].version", equalTo(1))
                .body("[0].codes.size()", equalTo(18))
                .body("[0].codes[14].label", equalTo(
                        "Pathway 3: awaiting availability of a bed in a residential or nursing home that is likely to be a permanent placement"))
                .body("[0].validFrom", equalTo("2023-01-01"))
                .body("[0].source", equalTo("https://github.com/HFAnalyticsLab/Intermediate-care-open-data-clean/blob/main/Scripts/00c_Wrangling_functions.R"))
                .body("[1].codes.code", equalTo(List.of("T1", "T2")));
    }

    @Test
    void aReasonNamesItsListAndVersionAndIsDatedInTheBody() throws Exception {
        String id = waiting();
        record(id, reason("15", today.minusDays(4))).statusCode(200).header("ETag", "\"3\"")
                .body("delayReason.listId", equalTo("acute-sitrep-2023"))
                .body("delayReason.listVersion", equalTo(1))
                .body("delayReason.code", equalTo("15"))
                .body("delayReason.effectiveFrom", equalTo(today.minusDays(4).toString()));
        JsonNode event = lastPayload(id);
        assertThat(event.toString()).isEqualTo("{\"referralId\":\"" + id + "\",\"listId\":\"acute-sitrep-2023\",\"listVersion\":1,"
                + "\"code\":\"15\",\"effectiveFrom\":\"" + today.minusDays(4) + "\"}");
        assertThat(tables.outboxHeaders(id).get(2)).contains("d2a.referral.delay-reason-recorded.v1");

        // A later reason from the loaded list takes over; the view shows the reason from the latest date.
        Map<String, Object> local = reason("T2", today.minusDays(1));
        local.put("listId", "test-trust-2026");
        record(id, local).statusCode(200).body("delayReason.listId", equalTo("test-trust-2026")).body("delayReason.code", equalTo("T2"));
        // A correction of the earlier date does not displace the later reason in the view, and is in the history.
        record(id, reason("13", today.minusDays(4))).statusCode(200).header("ETag", "\"5\"").body("delayReason.code", equalTo("T2"));
        given().get("/referrals/{id}", id).then().statusCode(200)
                .body("history.type", hasItem("d2a.referral.delay-reason-recorded.v1"))
                .body("history[4].data.code", equalTo("13"));
        // The same reason for the same date again changes nothing.
        record(id, reason("13", today.minusDays(4))).statusCode(200).header("ETag", "\"5\"");
    }

    @Test
    void badReasonsAreRefusedNamingTheFieldAndWriteNothing() {
        String id = waiting();
        expect422(record(id, reason("19", today)), "code");
        Map<String, Object> unknownList = reason("1", today);
        unknownList.put("listId", "no-such-list");
        expect422(record(id, unknownList), "listId");
        Map<String, Object> unknownVersion = reason("1", today);
        unknownVersion.put("listVersion", 7);
        expect422(record(id, unknownVersion), "listVersion");
        Map<String, Object> notYetValid = reason("T1", LocalDate.of(2025, 12, 31));
        notYetValid.put("listId", "test-trust-2026");
        expect422(record(id, notYetValid), "effectiveFrom");
        expect422(record(id, reason("1", today.minusDays(7))), "effectiveFrom");
        expect422(record(id, reason("1", today.plusDays(1))), "effectiveFrom");
        record(id, Map.of("effectiveFrom", today.toString())).statusCode(400).contentType("application/problem+json");

        ReferralApi.discharge(id, today.minusDays(2), "19", "1").statusCode(200);
        expect422(record(id, reason("1", today.minusDays(2))), "effectiveFrom");
        given().get("/referrals/{id}", id).then().statusCode(200).body("version", equalTo(3)).body("delayReason", nullValue());
        // Before the discharge it is accepted, also after the patient left (entered late).
        record(id, reason("8", today.minusDays(3))).statusCode(200).body("delayReason.code", equalTo("8"));
    }

    @Test
    void noDischargeReadyDateNoDelay() {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(3).build());
        expect422(record(id, reason("12", today)), "effectiveFrom");
    }

    @Test
    void theAdmissionMethodIsKeptWhenGivenAndCheckedAgainstTheDataDictionary() throws Exception {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(3).with("admissionMethod", "2A").build());
        given().get("/referrals/{id}", id).then().statusCode(200).body("admissionMethod", equalTo("2A"));
        assertThat(JSON.readTree(tables.outboxPayloads(id).get(0)).get("admissionMethod").asText()).isEqualTo("2A");
        given().contentType(ContentType.JSON).body(aReferralRequest().with("admissionMethod", "28").build()).post("/referrals").then()
                .statusCode(422).contentType("application/problem+json").body("errors.field", hasItem("admissionMethod"));
        String without = ReferralApi.create(aReferralRequest().admittedDaysAgo(3).build());
        assertThat(JSON.readTree(tables.outboxPayloads(without).get(0)).has("admissionMethod")).isFalse();
    }

    private static void expect422(ValidatableResponse response, String field) {
        response.statusCode(422).contentType("application/problem+json").body("errors.field", hasItem(field));
    }
}
