package org.d2aflow.referral.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;
import static org.hamcrest.Matchers.equalTo;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

import org.d2aflow.referral.ReferralApi;
import org.d2aflow.referral.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TestStack;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on the coordinators' non-idempotent writes: replays are byte for byte and write nothing. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class IdempotentWritesTest {

    private static final String DISCHARGED = "d2a.referral.patient-discharged.v1";

    @Inject
    Tables tables;

    private final LocalDate today = LocalDate.now();

    private String readyReferral() {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(9).build());
        ReferralApi.setDrd(id, today.minusDays(2)).statusCode(200);
        ReferralApi.decide(id, "P0", "SOCIAL_SUPPORT", today.minusDays(3)).statusCode(200);
        return id;
    }

    private Response discharge(String id, String key, LocalDate date) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("dischargeDate", date.toString(), "destinationCode", "19", "methodCode", "1"))
                .post("/referrals/{id}/discharge", id);
    }

    @Test
    void dischargingTwiceWithTheSameKeyAnswersTheSameTwiceAndWritesOneEvent() {
        String id = readyReferral();
        String key = UUID.randomUUID().toString();

        Response first = discharge(id, key, today.minusDays(1));
        first.then().statusCode(200).header("Idempotent-Replay", (String) null);
        Map<String, Long> before = tables.counts();
        Response second = discharge(id, key, today.minusDays(1));

        second.then().statusCode(200).header("Idempotent-Replay", "true");
        assertThat(second.asByteArray()).isEqualTo(first.asByteArray());
        assertThat(second.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(second.contentType()).isEqualTo(first.contentType());
        assertThat(tables.events(id, DISCHARGED)).isEqualTo(1);
        assertThat(tables.counts()).isEqualTo(before);
        // Without the key, the same retry is what it always was: a second discharge, refused.
        ReferralApi.discharge(id, today.minusDays(1), "19", "1").statusCode(409);
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedAndWritesNothing() {
        String id = readyReferral();
        String key = UUID.randomUUID().toString();
        discharge(id, key, today.minusDays(1)).then().statusCode(200);
        Map<String, Long> before = tables.counts();

        discharge(id, key, today).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void aRefusedRequestKeepsNoKeySoItsCorrectedRetryRuns() {
        String id = readyReferral();
        String key = UUID.randomUUID().toString();
        Map<String, Long> before = tables.counts();
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).header("If-Match", "\"1\"")
                .body(Map.of("dischargeDate", today.minusDays(1).toString(), "destinationCode", "19", "methodCode", "1"))
                .post("/referrals/{id}/discharge", id).then().statusCode(412);
        assertThat(tables.counts()).isEqualTo(before);

        discharge(id, key, today.minusDays(1)).then().statusCode(200).header("Idempotent-Replay", (String) null);
        assertThat(tables.events(id, DISCHARGED)).isEqualTo(1);
    }

    @Test
    void identicalRequestsAtTheSameMomentCreateOneReferral() throws Exception {
        Map<String, Object> body = aReferralRequest().build();
        String key = UUID.randomUUID().toString();
        Map<String, Long> before = tables.counts();
        List<Response> responses = atOnce(6, () -> given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/referrals"));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(responses.stream().map(r -> r.jsonPath().getString("id")).distinct()).hasSize(1);
        assertThat(responses.stream().filter(r -> "true".equals(r.header("Idempotent-Replay")))).hasSize(5);
        assertThat(responses.stream().map(Response::asString).distinct()).hasSize(1);
        Map<String, Long> after = tables.counts();
        assertThat(after.get("referral")).isEqualTo(before.get("referral") + 1);
        assertThat(after.get("event_store")).isEqualTo(before.get("event_store") + 1);
        assertThat(after.get("idempotency_key")).isEqualTo(before.get("idempotency_key") + 1);
    }

    @Test
    void identicalChangesAtTheSameMomentWriteOneEventAndAnswerTheSameBytes() throws Exception {
        // The twins race for the stream's next version: the losers fail on it, find the winner's key and replay its answer.
        String id = readyReferral();
        String key = UUID.randomUUID().toString();
        Map<String, Long> before = tables.counts();
        List<Response> responses = atOnce(6, () -> discharge(id, key, today.minusDays(1)));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(responses.stream().filter(r -> "true".equals(r.header("Idempotent-Replay")))).hasSize(5);
        assertThat(responses.stream().map(Response::asString).distinct()).hasSize(1);
        assertThat(responses.stream().map(r -> r.header("ETag")).distinct()).hasSize(1);
        assertThat(tables.events(id, DISCHARGED)).isEqualTo(1);
        Map<String, Long> after = tables.counts();
        assertThat(after.get("event_store")).isEqualTo(before.get("event_store") + 1);
        assertThat(after.get("idempotency_key")).isEqualTo(before.get("idempotency_key") + 1);
    }

    @Test
    void aKeyPastItsRetentionIsFreeAgain() throws Exception {
        Map<String, Object> body = aReferralRequest().build();
        String key = UUID.randomUUID().toString();
        Response first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/referrals");
        first.then().statusCode(201);
        try (java.sql.Connection c = TestStack.get().postgres().connect("d2a_referral");
                java.sql.PreparedStatement st = c.prepareStatement("UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE key = ?")) {
            st.setString(1, key);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        Map<String, Long> before = tables.counts();

        Response again = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/referrals");

        again.then().statusCode(201).header("Idempotent-Replay", (String) null);
        assertThat(again.jsonPath().getString("id")).isNotEqualTo(first.jsonPath().getString("id"));
        Map<String, Long> after = tables.counts();
        assertThat(after.get("referral")).isEqualTo(before.get("referral") + 1);
        assertThat(after.get("idempotency_key")).isEqualTo(before.get("idempotency_key"));
        // The key now holds the second answer.
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/referrals").then().statusCode(201)
                .header("Idempotent-Replay", "true").body("id", equalTo(again.jsonPath().getString("id")));
    }

    private static List<Response> atOnce(int n, Callable<Response> request) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            return pool.invokeAll(java.util.Collections.nCopies(n, request)).stream().map(f -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        } finally {
            pool.shutdown();
        }
    }
}
