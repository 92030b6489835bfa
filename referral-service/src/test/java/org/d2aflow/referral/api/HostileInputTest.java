package org.d2aflow.referral.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.ReferralTestData.aReferralRequest;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import org.d2aflow.contracts.Topics;
import org.d2aflow.referral.ReferralApi;
import org.d2aflow.referral.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.hostile.HostileCampaign;
import org.d2aflow.testkit.hostile.HostileRequests;
import org.d2aflow.testkit.hostile.ProblemShape;
import org.d2aflow.testkit.hostile.RawHttp;
import org.d2aflow.testkit.hostile.HostileSuite;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The hostile-input suite for referral-service: about 2,000 bad requests generated from the service's own OpenAPI
 * document (see test-kit's {@code hostile} package), sent to the real service on the real database and broker. Not one
 * may get a 5xx, every refusal is a problem naming the field at fault, and no refused request writes a row or a record.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now();

    @Test
    void refusesEveryGeneratedBadRequestWithAProblemAndWritesNothing() throws Exception {
        String open = ReferralApi.create(aReferralRequest().with("admissionDate", TODAY.minusDays(10).toString()).build());
        ReferralApi.setDrd(open, TODAY.minusDays(3)).statusCode(200);
        String discharged = ReferralApi.create(aReferralRequest().with("admissionDate", TODAY.minusDays(10).toString()).build());
        ReferralApi.discharge(discharged, TODAY.minusDays(1), "19", "1").statusCode(200);
        Map<String, Object> bodies = Map.of(
                "POST /referrals", aReferralRequest().with("admissionDate", TODAY.minusDays(5).toString()).build(),
                "PUT /referrals/{id}/discharge-ready-date", Map.of("dischargeReadyDate", TODAY.minusDays(2).toString()),
                "PUT /referrals/{id}/pathway-decision", Map.of("pathway", "P1", "serviceType", "REABLEMENT_HOME", "decidedAt",
                        TODAY.minusDays(1).toString()),
                "POST /referrals/{id}/discharge", Map.of("dischargeDate", TODAY.toString(), "destinationCode", "19", "methodCode", "1"),
                "POST /referrals/{id}/discharge/corrections", Map.of("dischargeDate", TODAY.toString(), "destinationCode", "19",
                        "methodCode", "1", "reason", "Typed the wrong day"),
                "POST /referrals/{id}/discharge/void", Map.of("reason", "Recorded against the wrong referral"),
                "POST /referrals/{id}/discharge-ready-date/corrections", Map.of("dischargeReadyDate", TODAY.minusDays(4).toString(),
                        "reason", "MDT notes show the 4th"),
                "POST /referrals/{id}/withdrawal", Map.of("reason", "Transferred to another trust"));

        HostileCampaign.Report report = HostileSuite.run("referral-service", RestAssured.port, List.of("coordinator", "homefirst",
                "commissioner", "admin"), DefaultToken.TEST_ORG, "d2a_referral", Tables.WRITTEN,
                List.of(Topics.REFERRALS), "outbox", g -> g
                        .pathValues((path, name) -> path.contains("/discharge/") ? discharged : open)
                        .bodies(bodies)
                        .queryValue("status", "SUBMITTED").queryValue("pathway", "P1").queryValue("dischargedFrom", TODAY.minusDays(30).toString())
                        .queryValue("dischargedTo", TODAY.toString()).queryValue("reason", "Care review").queryValue("page", "0")
                        .queryValue("size", "20"));

        report.assertClean(HostileSuite.requests());
    }

    @Test
    void aChunkedBodyIsRefusedWith411AndTheSameBodyWithALengthIsAccepted() throws Exception {
        String body = JSON.writeValueAsString(aReferralRequest().with("admissionDate", TODAY.minusDays(5).toString()).build());
        RawHttp http = new RawHttp("localhost", RestAssured.port, 20_000);
        RawHttp.Answer chunked = http.send(HostileRequests.post("/referrals", body, true));
        assertThat(chunked.status()).isEqualTo(411);
        assertThat(chunked.header("Content-Type")).startsWith("application/problem+json");
        assertThat(ProblemShape.violations(411, chunked.header("Content-Type"), chunked.body())).isEmpty();
        assertThat(http.send(HostileRequests.post("/referrals", body, false)).status()).isEqualTo(201);
    }

}
