package org.d2aflow.placement.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.placement.PlacementFixtures.today;
import static org.hamcrest.Matchers.containsString;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.placement.PlacementApi;
import org.d2aflow.placement.PlacementFixtures;
import org.d2aflow.placement.PlacementFixtures.Pending;
import org.d2aflow.placement.application.PlacementMetrics;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class PlacementMetricsTest {

    @Inject
    PlacementFixtures fixtures;

    @Inject
    PlacementMetrics metrics;

    @Test
    void startsEndsAndFollowUpsAreCountedByTypeReasonAndStatus() {
        LocalDate discharged = today().minusDays(95);
        Pending p = fixtures.pending(ServiceType.BEDDED_REHAB, discharged);
        PlacementApi.start(p.placementId(), today().minusDays(90)).statusCode(200);
        PlacementApi.followUp(p.placementId(), "DIED").statusCode(200);
        PlacementApi.end(p.placementId(), today().minusDays(2), "DIED").statusCode(200);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("d2a_placements_started_total{serviceType=\"BEDDED_REHAB\"}"))
                .body(containsString("d2a_placements_ended_total{endReason=\"DIED\"}"))
                .body(containsString("d2a_placements_follow_ups_total{day91Status=\"DIED\"}"))
                .body(containsString("d2a_placements_claims_received_total"));
    }

    @Test
    void followUpCorrectionsAreCountedByTheCorrectedStatus() {
        LocalDate discharged = today().minusDays(92);
        Pending p = fixtures.pending(ServiceType.REHAB_HOME, discharged);
        PlacementApi.start(p.placementId(), today().minusDays(90)).statusCode(200);
        PlacementApi.followUp(p.placementId(), "AT_HOME").statusCode(200);

        PlacementApi.correctFollowUp(p.placementId(), "SHARED_LIVES", null, "Shared Lives carer, not her own home").statusCode(200);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("d2a_placements_follow_up_corrections_total{day91Status=\"SHARED_LIVES\"}"));
    }

    @Test
    void theOverdueGaugeCountsFollowUpsPastTheirDueDate() {
        LocalDate discharged = today().minusDays(100);
        Pending p = fixtures.pending(ServiceType.REABLEMENT_HOME, discharged);
        PlacementApi.start(p.placementId(), today().minusDays(90)).statusCode(200);
        metrics.refreshOverdue();
        long withIt = metrics.overdueFollowUps();

        PlacementApi.followUp(p.placementId(), "AT_HOME").statusCode(200);
        metrics.refreshOverdue();

        assertThat(withIt).isPositive();
        assertThat(metrics.overdueFollowUps()).isEqualTo(withIt - 1);
        assertThat(gauge()).isEqualTo(metrics.overdueFollowUps());
    }

    private static long gauge() {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^d2a_placements_follow_ups_overdue(?:\\{[^}]*\\})? ([0-9.E+-]+)$").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }
}
