package org.d2aflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;

import org.d2aflow.contracts.Topics;
import org.d2aflow.testkit.TopicReader;
import org.junit.jupiter.api.Test;

/**
 * The whole flow across the four packaged services and the real broker: a coordinator records a P1 discharge,
 * Home First claims a unit for the waiting referral, the placement appears, starts and ends, the unit is free
 * again, and metrics-service counts it all.
 */
class DischargeToPlacementFlowTest {

    private final LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/London"));

    /** The synthetic identity this test enters, which no topic may carry. */
    static final List<String> IDENTITY = List.of("9990000018", "1940-02-29");

    @Test
    void aClaimBecomesAPlacementWhoseEndFreesTheUnitAndEverythingReachesTheFigures() {
        Suite suite = Suite.get();
        String locality = "Golden Valley " + UUID.randomUUID().toString().substring(0, 8);

        String serviceId = suite.homeFirstService(locality, 1, today);

        String referralId = Suite.as("coordinator").baseUri(suite.referral.url()).contentType(ContentType.JSON).body(Map.of(
                        "nhsNumber", IDENTITY.get(0), "dateOfBirth", IDENTITY.get(1), "sex", "FEMALE", "locality", locality,
                        "site", "County Hospital", "ward", "Ward 3", "admissionDate", today.minusDays(6).toString(),
                        "usualResidence", "PRIVATE_HOME"))
                .post("/referrals").then().statusCode(201).extract().path("id");
        Suite.as("coordinator").baseUri(suite.referral.url()).contentType(ContentType.JSON).body(Map.of("dischargeReadyDate", today.minusDays(1).toString()))
                .put("/referrals/{id}/discharge-ready-date", referralId).then().statusCode(200);
        Suite.as("coordinator").baseUri(suite.referral.url()).contentType(ContentType.JSON)
                // Dated today: the simulated county in SimulatedCountyTest owns every business date up to yesterday.
                .body(Map.of("pathway", "P1", "serviceType", "REABLEMENT_HOME", "decidedAt", today.toString()))
                .put("/referrals/{id}/pathway-decision", referralId).then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Suite.as("homefirst").baseUri(suite.capacity.url())
                .queryParams(Map.of("serviceType", "REABLEMENT_HOME", "locality", locality)).get("/waiting-list").then()
                .statusCode(200).body("items.referralId", hasItem(referralId)));

        Suite.as("coordinator").baseUri(suite.referral.url()).contentType(ContentType.JSON)
                .body(Map.of("dischargeDate", today.toString(), "destinationCode", "19", "methodCode", "1"))
                .post("/referrals/{id}/discharge", referralId).then().statusCode(200);
        String claimId = Suite.as("homefirst").baseUri(suite.capacity.url()).contentType(ContentType.JSON)
                .body(Map.of("referralId", referralId, "startDate", today.toString()))
                .post("/services/{id}/claims", serviceId).then().statusCode(201).extract().path("id");
        assertThat(occupied(suite, serviceId)).isEqualTo(1);
        Suite.as("homefirst").baseUri(suite.capacity.url()).queryParams(Map.of("serviceType", "REABLEMENT_HOME", "locality", locality))
                .get("/waiting-list").then().body("items.referralId", org.hamcrest.Matchers.not(hasItem(referralId)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Suite.as("homefirst").baseUri(suite.placement.url())
                .get("/placements/{id}", claimId).then().statusCode(200).body("status", equalTo("PENDING"))
                .body("dischargeDate", equalTo(today.toString())));
        Suite.as("homefirst").baseUri(suite.placement.url()).contentType(ContentType.JSON).body(Map.of("startDate", today.toString()))
                .post("/placements/{id}/start", claimId).then().statusCode(200);
        Suite.as("homefirst").baseUri(suite.placement.url()).contentType(ContentType.JSON)
                .body(Map.of("endDate", today.toString(), "endReason", "NO_ONGOING_SUPPORT"))
                .post("/placements/{id}/end", claimId).then().statusCode(200);

        var ended = TopicReader.read(Topics.PLACEMENTS, referralId, Duration.ofSeconds(30), found -> found.size() >= 2);
        assertThat(ended).extracting(r -> r.value().type()).containsExactly("d2a.placement.started.v1", "d2a.placement.ended.v1");
        await().atMost(Duration.ofSeconds(30)).until(() -> occupied(suite, serviceId) == 0);
        var capacityLog = TopicReader.read(Topics.CAPACITY, serviceId, Duration.ofSeconds(30), found -> found.size() >= 4);
        assertThat(capacityLog).extracting(r -> r.value().type()).containsSubsequence("d2a.capacity.claimed.v1", "d2a.capacity.released.v1");

        Map<String, String> period = Map.of("from", today.toString(), "to", today.toString());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Suite.as("commissioner").baseUri(suite.metrics.url()).queryParams(period)
                .get("/figures/discharge-to-usual-residence/drill-down").then().statusCode(200)
                .body("referrals.numerator", hasItem(referralId)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Suite.as("commissioner").baseUri(suite.metrics.url()).queryParams(period)
                .queryParam("breakdown", "service-type").get("/figures/short-term-services/drill-down").then()
                .body("referrals.denominator", hasItem(referralId)));
        List<String> p1 = Suite.as("commissioner").baseUri(suite.metrics.url()).queryParams(period).get("/figures/capacity-demand/drill-down").then()
                .extract().path("referrals.other.homeFirstNoOngoingSupport");
        assertThat(p1).contains(referralId);
    }

    private static int occupied(Suite suite, String serviceId) {
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/London"));
        return Suite.as("homefirst").baseUri(suite.capacity.url()).queryParams(Map.of("from", today.toString(), "to", today.toString()))
                .get("/services/{id}/availability", serviceId).then().statusCode(200).extract().path("days[0].occupied");
    }
}
