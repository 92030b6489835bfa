package org.d2aflow.capacity.api;

import static org.d2aflow.capacity.Referrals.aReferral;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;

import org.d2aflow.capacity.CapacityApi;
import org.d2aflow.capacity.EventLog;
import org.d2aflow.capacity.Referrals.Story;
import org.d2aflow.capacity.Tables;
import org.d2aflow.capacity.Today;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.hostile.HostileCampaign;
import org.d2aflow.testkit.hostile.HostileSuite;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input suite for capacity-service: about 2,000 bad requests generated from the service's own OpenAPI
 * document (see test-kit's {@code hostile} package), sent to the real service on the real database and broker. Not one
 * may get a 5xx, every refusal is a problem naming the field at fault, and no refused request writes a row or a record.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_capacity"))
class HostileInputTest {
    private static final ServiceType HOME = ServiceType.REABLEMENT_HOME;

    @Inject
    Tables tables;

    @Test
    void refusesEveryGeneratedBadRequestWithAProblemAndWritesNothing() throws Exception {
        LocalDate today = Today.date();
        String locality = CapacityApi.freshLocality();
        String service = CapacityApi.serviceWith(HOME, locality, 5);
        Story waiting = aReferral().inLocality(locality).readyOn(today.minusDays(1)).decidedFor(HOME);
        Story claimed = aReferral().inLocality(locality).readyOn(today.minusDays(1)).decidedFor(HOME);
        Story declined = aReferral().inLocality(locality).readyOn(today.minusDays(1)).decidedFor(HOME);
        for (Story s : List.of(waiting, claimed, declined)) {
            var envelopes = s.envelopes();
            EventLog.publish(envelopes);
            tables.awaitReferralEvents(envelopes);
        }
        String claim = CapacityApi.claim(service, claimed.id()).statusCode(201).extract().path("id");
        String decline = CapacityApi.decline(service, declined.id(), "No capacity this week").statusCode(201).extract().path("id");
        Map<String, Object> bodies = Map.of(
                "POST /services", CapacityApi.aService(),
                "PUT /services/{id}/capacity", Map.of("units", 4, "fromDate", today.toString()),
                "POST /services/{id}/claims", Map.of("referralId", waiting.id(), "startDate", today.toString()),
                "POST /services/{id}/claims/{claimId}/release", Map.of("reason", "Start postponed: patient unwell"),
                "POST /services/{id}/declines", Map.of("referralId", waiting.id(), "reason", "No capacity: referred to market care"));
        Map<String, String> ids = Map.of("id", service, "claimId", claim, "declineId", decline);

        HostileCampaign.Report report = HostileSuite.run("capacity-service", RestAssured.port, List.of("homefirst", "coordinator",
                "commissioner", "admin"), DefaultToken.TEST_ORG, "d2a_capacity", Tables.WRITTEN, List.of(Topics.CAPACITY), "outbox", g -> g
                        .pathValues((path, name) -> ids.get(name))
                        .bodies(bodies)
                        .queryValue("serviceType", HOME.name()).queryValue("locality", locality).queryValue("status", "ACTIVE")
                        .queryValue("page", "0").queryValue("size", "20").queryValue("from", today.toString())
                        .queryValue("to", today.plusDays(6).toString()));

        report.assertClean(HostileSuite.requests());
    }

}
