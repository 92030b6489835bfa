package org.d2aflow.referral.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

import org.d2aflow.referral.ReferralApi;
import org.d2aflow.referral.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class ReferralApiTest {

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Inject
    Tables tables;

    private final LocalDate today = LocalDate.now();

    @Test
    void createsAReferralWithLocationAndEtagAndShowsNoIdentity() {
        Map<String, Object> body = aReferralRequest().with("dateOfBirth", "1940-01-15").admittedDaysAgo(3).build();
        Response r = given().contentType(ContentType.JSON).body(body).post("/referrals");

        r.then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/referrals/" + r.path("id")))
                .header("ETag", "\"1\"")
                .body("status", equalTo("SUBMITTED"))
                .body("version", equalTo(1))
                .body("ageAtAdmission", equalTo(today.minusDays(3).getYear() - 1940 - (today.minusDays(3).getDayOfYear() < 15 ? 1 : 0)))
                .body("nhsNumber", nullValue())
                .body("dateOfBirth", nullValue())
                .body("patientKey", notNullValue());
        assertThat(r.asString()).doesNotContain((String) body.get("nhsNumber")).doesNotContain("1940-01-15");
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameReferralAndWritesOnce() {
        Map<String, Object> body = aReferralRequest().build();
        String key = UUID.randomUUID().toString();
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/referrals")
                .then().statusCode(201).extract().path("id");
        Map<String, Long> before = tables.counts();

        String second = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/referrals")
                .then().statusCode(201).header("Idempotent-Replay", "true").extract().path("id");

        assertThat(second).isEqualTo(first);
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void anIdempotencyKeyReusedForADifferentRequestIsRefused() {
        String key = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(aReferralRequest().build()).post("/referrals")
                .then().statusCode(201);
        Map<String, Long> before = tables.counts();

        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(aReferralRequest().build()).post("/referrals")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("Idempotency-Key"));
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void aWholeCaseIsReadBackWithItsStateVersionAndHistory() {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(12).build());
        ReferralApi.setDrd(id, today.minusDays(5)).statusCode(200).header("ETag", "\"2\"");
        ReferralApi.setDrd(id, today.minusDays(4)).statusCode(200).body("dischargeReadyDate", equalTo(today.minusDays(4).toString()));
        ReferralApi.decide(id, "P1", "REABLEMENT_HOME", today.minusDays(4)).statusCode(200).body("status", equalTo("PATHWAY_DECIDED"));
        ReferralApi.discharge(id, today.minusDays(1), "19", "1").statusCode(200).body("status", equalTo("DISCHARGED"));

        given().get("/referrals/{id}", id).then().statusCode(200)
                .header("ETag", "\"5\"")
                .body("version", equalTo(5))
                .body("pathway", equalTo("P1"))
                .body("serviceType", equalTo("REABLEMENT_HOME"))
                .body("dischargeDate", equalTo(today.minusDays(1).toString()))
                .body("destinationCode", equalTo("19"))
                .body("history", hasSize(5))
                .body("history.type", equalTo(List.of("d2a.referral.submitted.v1", "d2a.referral.discharge-ready-date-set.v1",
                        "d2a.referral.discharge-ready-date-set.v1", "d2a.referral.pathway-decided.v1", "d2a.referral.patient-discharged.v1")))
                .body("history.version", equalTo(List.of(1, 2, 3, 4, 5)));
    }

    @Test
    void aStaleIfMatchIsRefusedAndWritesNothing() {
        String id = ReferralApi.create(aReferralRequest().build());
        ReferralApi.setDrd(id, today.minusDays(2)).statusCode(200);
        Map<String, Long> before = tables.counts();

        given().contentType(ContentType.JSON).header("If-Match", "\"1\"")
                .body(Map.of("pathway", "P0", "serviceType", "SOCIAL_SUPPORT"))
                .put("/referrals/{id}/pathway-decision", id)
                .then().statusCode(412).contentType("application/problem+json");
        assertThat(tables.counts()).isEqualTo(before);

        given().contentType(ContentType.JSON).header("If-Match", "\"2\"")
                .body(Map.of("pathway", "P0", "serviceType", "SOCIAL_SUPPORT"))
                .put("/referrals/{id}/pathway-decision", id)
                .then().statusCode(200).header("ETag", "\"3\"").body("decidedAt", equalTo(today.toString()));
    }

    @Test
    void illegalTransitionsAreConflictsWithTheReasonAndWriteNothing() {
        String withdrawn = ReferralApi.create(aReferralRequest().build());
        ReferralApi.withdraw(withdrawn, "Transferred to another trust").statusCode(200).body("status", equalTo("WITHDRAWN"));
        String discharged = ReferralApi.create(aReferralRequest().admittedDaysAgo(8).build());
        ReferralApi.setDrd(discharged, today.minusDays(2)).statusCode(200);
        Map<String, Long> before = tables.counts();

        ReferralApi.decide(withdrawn, "P1", "REABLEMENT_HOME", today).statusCode(409)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("withdrawn"))
                .body("code", equalTo("referral-withdrawn"));
        ReferralApi.discharge(discharged, today.minusDays(3), "19", "1").statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("discharge ready date"))
                .body("code", equalTo("discharge-before-ready-date"));
        assertThat(tables.counts()).isEqualTo(before);

        ReferralApi.discharge(discharged, today.minusDays(2), "19", "1").statusCode(200);
        ReferralApi.discharge(discharged, today.minusDays(1), "19", "1").statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("discharged")).body("code", equalTo("referral-discharged"));
    }

    @Test
    void anUnknownReferralIsNotFound() {
        given().get("/referrals/{id}", UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        ReferralApi.setDrd(UUID.randomUUID().toString(), today).statusCode(404).contentType("application/problem+json");
    }

    @Test
    void listsFilterByStatusLocalityPathwayAndDischargeDates() {
        String locality = "Golden Valley " + UUID.randomUUID();
        String p1 = ReferralApi.create(aReferralRequest().inLocality(locality).admittedDaysAgo(20).build());
        ReferralApi.decide(p1, "P1", "REHAB_HOME", today.minusDays(10)).statusCode(200);
        ReferralApi.discharge(p1, today.minusDays(9), "19", "1").statusCode(200);
        String p2 = ReferralApi.create(aReferralRequest().inLocality(locality).admittedDaysAgo(20).build());
        ReferralApi.decide(p2, "P2", "BEDDED_REABLEMENT", today.minusDays(10)).statusCode(200);
        ReferralApi.discharge(p2, today.minusDays(2), "51", "1").statusCode(200);
        ReferralApi.create(aReferralRequest().inLocality(locality).build());

        given().queryParam("locality", locality).get("/referrals").then().statusCode(200).body("total", equalTo(3));
        given().queryParam("locality", locality).queryParam("status", "DISCHARGED").get("/referrals").then()
                .body("total", equalTo(2));
        given().queryParam("locality", locality).queryParam("pathway", "P2").get("/referrals").then()
                .body("items.id", equalTo(List.of(p2)));
        given().queryParam("locality", locality).queryParam("dischargedFrom", today.minusDays(10).toString())
                .queryParam("dischargedTo", today.minusDays(5).toString()).get("/referrals").then()
                .body("items.id", equalTo(List.of(p1)));
        given().queryParam("locality", locality).queryParam("size", 2).queryParam("page", 1).get("/referrals").then()
                .body("items", hasSize(1)).body("page", equalTo(1)).body("size", equalTo(2)).body("total", equalTo(3));
    }

    @Test
    void eventsCarryThePatientKeyButNeverTheNhsNumberOrDateOfBirth() {
        Map<String, Object> body = aReferralRequest().with("dateOfBirth", "1939-12-01").build();
        String nhs = (String) body.get("nhsNumber");
        String id = ReferralApi.create(body);
        String again = ReferralApi.create(aReferralRequest().with("nhsNumber", nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " "
                + nhs.substring(6)).build());

        List<String> payloads = tables.outboxPayloads(id);
        assertThat(payloads).hasSize(1);
        assertThat(payloads.get(0)).contains("\"patientKey\"").doesNotContain(nhs).doesNotContain("1939-12-01");
        String key = given().get("/referrals/{id}", id).path("patientKey");
        assertThat(given().get("/referrals/{id}", again).<String>path("patientKey")).as("same patient, same key").isEqualTo(key);
    }
}
