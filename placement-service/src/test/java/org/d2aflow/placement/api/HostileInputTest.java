package org.d2aflow.placement.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.placement.PlacementFixtures.today;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.placement.PlacementApi;
import org.d2aflow.placement.PlacementFixtures;
import org.d2aflow.placement.PlacementFixtures.Pending;
import org.d2aflow.placement.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.hostile.HostileCampaign;
import org.d2aflow.testkit.hostile.HostileRequests;
import org.d2aflow.testkit.hostile.ProblemShape;
import org.d2aflow.testkit.hostile.RawHttp;
import org.d2aflow.testkit.hostile.HostileSuite;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input suite for placement-service: about 2,000 bad requests generated from the service's own OpenAPI
 * document (see test-kit's {@code hostile} package), sent to the real service on the real database and broker. Not one
 * may get a 5xx, every refusal is a problem naming the field at fault, and no refused request writes a row or a record.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class HostileInputTest {

    @Inject
    PlacementFixtures fixtures;

    @Inject
    Tables tables;

    @Test
    void refusesEveryGeneratedBadRequestWithAProblemAndWritesNothing() throws Exception {
        LocalDate today = today();
        Pending pending = fixtures.pending(ServiceType.REABLEMENT_HOME, today.minusDays(100));
        Pending active = fixtures.pendingAt(pending.serviceId(), today.minusDays(100));
        PlacementApi.start(active.placementId(), today.minusDays(90)).statusCode(200);
        Pending followed = fixtures.pendingAt(pending.serviceId(), today.minusDays(100));
        PlacementApi.start(followed.placementId(), today.minusDays(90)).statusCode(200);
        PlacementApi.followUp(followed.placementId(), "AT_HOME", today.minusDays(5)).statusCode(200);
        Map<String, Object> bodies = Map.of(
                "POST /placements/{id}/start", Map.of("startDate", today.minusDays(80).toString()),
                "POST /placements/{id}/end", Map.of("endDate", today.minusDays(2).toString(), "endReason", "NO_ONGOING_SUPPORT"),
                "POST /placements/{id}/follow-up", Map.of("day91Status", "AT_HOME", "obtainedOn", today.minusDays(1).toString()),
                "POST /placements/{id}/follow-up/corrections", Map.of("day91Status", "CARE_HOME", "obtainedOn",
                        today.minusDays(4).toString(), "reason", "Status typed against the wrong person"));

        HostileCampaign.Report report = HostileSuite.run("placement-service", RestAssured.port, List.of("homefirst", "coordinator",
                "commissioner", "admin"), DefaultToken.TEST_ORG, "d2a_placement", Tables.WRITTEN, List.of(Topics.PLACEMENTS), "outbox", g -> g
                        .pathValues((path, name) -> path.endsWith("/start") || path.equals("/placements/{id}") ? pending.placementId()
                                : path.endsWith("/corrections") ? followed.placementId() : active.placementId())
                        .bodies(bodies)
                        .queryValue("status", "ACTIVE").queryValue("serviceId", pending.serviceId()).queryValue("serviceType", "REABLEMENT_HOME")
                        .queryValue("referralId", active.referralId()).queryValue("onOrBefore", today.toString())
                        .queryValue("page", "0").queryValue("size", "20"));

        report.assertClean(HostileSuite.requests());
    }

    @Test
    void aBodyThatIsNotUtf8IsRefusedNamingTheBodyAndWritesNothing() {
        LocalDate today = today();
        Pending p = fixtures.pending(ServiceType.REABLEMENT_HOME, today.minusDays(100));
        PlacementApi.start(p.placementId(), today.minusDays(90)).statusCode(200);
        PlacementApi.followUp(p.placementId(), "AT_HOME", today.minusDays(5)).statusCode(200);
        Map<String, Long> before = tables.counts();
        // C0 AF is an overlong '/': the JSON parser read it as one; so an encoded surrogate (ED A0 80) and a code point past U+10FFFF.
        for (byte[] bad : List.of(new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80})) {
            byte[] head = ("{\"day91Status\":\"CARE_HOME\",\"reason\":\"typed a").getBytes(StandardCharsets.UTF_8);
            byte[] tail = "b\"}".getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(bad, 0, body, head.length, bad.length);
            System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
            RawHttp.Answer a = new RawHttp("localhost", RestAssured.port, 20_000)
                    .send(HostileRequests.post("/placements/" + p.placementId() + "/follow-up/corrections", body, false));
            assertThat(a.status()).isEqualTo(400);
            assertThat(ProblemShape.violations(400, a.header("Content-Type"), a.body())).isEmpty();
            assertThat(ProblemShape.fields(a.body())).containsExactly("body");
        }
        assertThat(tables.counts()).isEqualTo(before);
    }

}
