package org.d2aflow.referral.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import org.d2aflow.referral.ReferralApi;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.MetricsScrape;
import org.junit.jupiter.api.Test;

/** What an operator reads when requests are refused or replayed: d2a_http_refused_total by reason, d2a_idempotency_replays_total. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class OperatorMetricsTest {

    private static final String REFUSED = "d2a_http_refused_total";
    private final LocalDate today = LocalDate.now();

    @Test
    void refusalsAreCountedByStatusReasonAndCodeAndReplaysByOperation() {
        String id = ReferralApi.create(aReferralRequest().admittedDaysAgo(9).build());
        ReferralApi.setDrd(id, today.minusDays(2)).statusCode(200);
        ReferralApi.decide(id, "P0", "SOCIAL_SUPPORT", today.minusDays(3)).statusCode(200);
        String before = scrape();

        // Refused before JAX-RS (RouteProblems): a TRACE and a body that is not JSON.
        given().when().request("TRACE", "/referrals").then().statusCode(405);
        given().contentType("text/plain").body("hello").when().post("/referrals").then().statusCode(415);
        // Refused through JAX-RS (ProblemMappers): an unreadable date, and a second discharge.
        given().contentType(ContentType.JSON).body(Map.of("dischargeReadyDate", "not-a-date"))
                .when().put("/referrals/{id}/discharge-ready-date", id).then().statusCode(400);
        String key = UUID.randomUUID().toString();
        Map<String, String> discharge = Map.of("dischargeDate", today.minusDays(1).toString(), "destinationCode", "19", "methodCode", "1");
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(discharge).post("/referrals/{id}/discharge", id)
                .then().statusCode(200);
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(discharge).post("/referrals/{id}/discharge", id)
                .then().statusCode(200).header("Idempotent-Replay", "true");
        ReferralApi.discharge(id, today.minusDays(1), "19", "1").statusCode(409);

        String after = scrape();
        assertThat(delta(before, after, REFUSED, "status=\"405\"", "reason=\"method-not-allowed\"", "code=\"none\"")).isEqualTo(1);
        assertThat(delta(before, after, REFUSED, "status=\"415\"", "reason=\"unsupported-media-type\"")).isEqualTo(1);
        assertThat(delta(before, after, REFUSED, "status=\"400\"")).isEqualTo(1);
        assertThat(delta(before, after, REFUSED, "status=\"409\"", "reason=\"illegal-transition\"")).isEqualTo(1);
        assertThat(delta(before, after, REFUSED, "status=\"200\"")).isZero();
        assertThat(delta(before, after, "d2a_idempotency_replays_total")).isEqualTo(1);
    }

    private static double delta(String before, String after, String name, String... labels) {
        return MetricsScrape.sum(after, name, labels) - MetricsScrape.sum(before, name, labels);
    }

    private static String scrape() {
        return given().accept("text/plain").when().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
