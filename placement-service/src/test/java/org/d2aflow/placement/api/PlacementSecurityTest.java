package org.d2aflow.placement.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.placement.Events;
import org.d2aflow.placement.PlacementFixtures;
import org.d2aflow.placement.PlacementFixtures.Pending;
import org.d2aflow.placement.Tables;
import org.d2aflow.testkit.AccessMatrix;
import org.d2aflow.testkit.AccessMatrix.Call;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.TestTokens;
import org.junit.jupiter.api.Test;

/** Who may call what in placement-service, and that a provider sees only the placements of its own services. */
@QuarkusTest
@DefaultToken(roles = {})
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class PlacementSecurityTest {

    private static final String PROVIDER = "PROV-PL-A";
    private static final String OTHER_PROVIDER = "PROV-PL-B";

    @Inject
    PlacementFixtures fixtures;

    @Inject
    Tables tables;

    private final LocalDate today = PlacementFixtures.today();

    @Test
    void everyEndpointRefusesMissingBadAndWrongRoleTokensAndServesTheRightRole() {
        LocalDate discharged = today.minusDays(100);
        Pending p = pendingOf(PROVIDER, discharged);
        String id = p.placementId();
        AccessMatrix.verify(null, Call.of("GET", "/placements", null, PROVIDER, 200, "homefirst"));
        AccessMatrix.verify(null, Call.of("GET", "/placements/" + id, null, PROVIDER, 200, "homefirst"));
        AccessMatrix.verify(null, Call.of("POST", "/placements/" + id + "/start", Map.of("startDate", discharged.plusDays(10).toString()),
                PROVIDER, 200, "homefirst"));
        AccessMatrix.verify(null, Call.of("GET", "/follow-ups/due", null, PROVIDER, 200, "homefirst"));
        AccessMatrix.verify(null, Call.of("POST", "/placements/" + id + "/follow-up", Map.of("day91Status", "AT_HOME"), PROVIDER, 200,
                "homefirst"));
        AccessMatrix.verify(null, Call.of("POST", "/placements/" + id + "/follow-up/corrections",
                Map.of("day91Status", "CARE_HOME", "reason", "Typed against the wrong person"), PROVIDER, 200, "homefirst"));
        AccessMatrix.verify(null, Call.of("POST", "/placements/" + id + "/end",
                Map.of("endDate", discharged.plusDays(30).toString(), "endReason", "NO_ONGOING_SUPPORT"), PROVIDER, 200, "homefirst"));
    }

    @Test
    void aProviderSeesAndChangesOnlyThePlacementsOfItsOwnServices() {
        LocalDate discharged = today.minusDays(100);
        Pending ours = pendingOf(PROVIDER, discharged);
        Pending theirs = pendingOf(OTHER_PROVIDER, discharged);
        given().header("Authorization", staff(PROVIDER)).contentType(ContentType.JSON).body(Map.of("startDate", today.minusDays(90).toString()))
                .post("/placements/{id}/start", ours.placementId()).then().statusCode(200);
        given().header("Authorization", staff(OTHER_PROVIDER)).contentType(ContentType.JSON).body(Map.of("startDate", today.minusDays(90).toString()))
                .post("/placements/{id}/start", theirs.placementId()).then().statusCode(200);

        List<String> listed = given().header("Authorization", staff(PROVIDER)).queryParam("size", 200).get("/placements")
                .then().statusCode(200).extract().path("items.placementId");
        assertThat(listed).contains(ours.placementId()).doesNotContain(theirs.placementId());
        List<String> due = given().header("Authorization", staff(PROVIDER)).queryParam("size", 200).get("/follow-ups/due")
                .then().statusCode(200).extract().path("items.placementId");
        assertThat(due).contains(ours.placementId()).doesNotContain(theirs.placementId());

        // Another provider's placement answers as a missing one, and nothing is written.
        Map<String, Long> before = tables.counts();
        given().header("Authorization", staff(PROVIDER)).get("/placements/{id}", theirs.placementId()).then().statusCode(404);
        given().header("Authorization", staff(PROVIDER)).contentType(ContentType.JSON).body(Map.of("day91Status", "AT_HOME"))
                .post("/placements/{id}/follow-up", theirs.placementId()).then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", staff(PROVIDER)).contentType(ContentType.JSON)
                .body(Map.of("endDate", today.toString(), "endReason", "OTHER")).post("/placements/{id}/end", theirs.placementId())
                .then().statusCode(404);
        given().header("Authorization", staff(PROVIDER)).contentType(ContentType.JSON)
                .body(Map.of("day91Status", "CARE_HOME", "reason", "wrong person"))
                .post("/placements/{id}/follow-up/corrections", theirs.placementId()).then().statusCode(404);
        assertThat(tables.counts()).isEqualTo(before);

        given().header("Authorization", "Bearer " + TestTokens.issuer().token("homefirst", null)).get("/placements")
                .then().statusCode(403);
    }

    @Test
    void aClaimThatNamesNoProviderBelongsToTheServicesProvider() {
        String service = Events.newId();
        fixtures.capacity(Events.serviceRegistered(service, ServiceType.REABLEMENT_HOME, PROVIDER));
        String referral = fixtures.referral(today.minusDays(2));
        String placement = Events.newId();
        fixtures.capacity(Events.claimed(service, placement, referral, today.minusDays(2), null));

        given().header("Authorization", staff(PROVIDER)).get("/placements/{id}", placement).then().statusCode(200);
        given().header("Authorization", staff(OTHER_PROVIDER)).get("/placements/{id}", placement).then().statusCode(404);
    }

    private Pending pendingOf(String provider, LocalDate discharged) {
        String service = Events.newId();
        fixtures.capacity(Events.serviceRegistered(service, ServiceType.REABLEMENT_HOME, provider));
        String referral = fixtures.referral(discharged);
        String placement = Events.newId();
        fixtures.capacity(Events.claimed(service, placement, referral, discharged, provider));
        return new Pending(service, referral, placement);
    }

    private static String staff(String org) {
        return TestTokens.bearer("homefirst", org);
    }
}
