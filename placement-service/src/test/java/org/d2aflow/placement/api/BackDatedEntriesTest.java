package org.d2aflow.placement.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.placement.PlacementFixtures.today;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.placement.Events;
import org.d2aflow.placement.PlacementApi;
import org.d2aflow.placement.PlacementFixtures;
import org.d2aflow.placement.PlacementFixtures.Pending;
import org.d2aflow.placement.Tables;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Facts entered late: start, end and the day a follow-up status was obtained may lie up to the caller's organisation's
 * late-entry window before today (edge included), never beyond it nor in the future, and never contradict each other.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class BackDatedEntriesTest {

    /** An organisation with a 7-day window (src/test/resources/META-INF/microprofile-config.properties). */
    private static final String WEEK_ORG = "PROV-PL-WEEK";

    @Inject
    PlacementFixtures fixtures;

    @Inject
    Tables tables;

    private final LocalDate today = today();

    @Test
    void aStartEndAndFollowUpEnteredLateWithinTheWindowAreAcceptedOnTheirOwnDates() {
        LocalDate discharged = today.minusDays(150);
        LocalDate obtained = today.minusDays(50);
        Pending p = fixtures.pending(ServiceType.REABLEMENT_HOME, discharged);

        PlacementApi.start(p.placementId(), today.minusDays(90)).statusCode(200).body("startDate", equalTo(today.minusDays(90).toString()));
        PlacementApi.end(p.placementId(), today.minusDays(70), "NO_ONGOING_SUPPORT").statusCode(200)
                .body("endDate", equalTo(today.minusDays(70).toString()));
        PlacementApi.followUp(p.placementId(), "AT_HOME", obtained).statusCode(200)
                .body("day91Status", equalTo("AT_HOME"))
                .body("followUpObtainedOn", equalTo(obtained.toString()));

        PlacementApi.get(p.placementId()).statusCode(200)
                .body("history[2].data.obtainedOn", equalTo(obtained.toString()))
                .body("followUpEventId", equalTo(PlacementApi.get(p.placementId()).extract().path("history[2].eventId")));
    }

    @Test
    void aFollowUpWithoutADateIsObtainedTodayAndSaysSoOnTheEvent() {
        Pending p = fixtures.pending(ServiceType.BEDDED_REHAB, today.minusDays(91));
        PlacementApi.start(p.placementId(), today.minusDays(80)).statusCode(200);

        PlacementApi.followUp(p.placementId(), "IN_HOSPITAL").statusCode(200).body("followUpObtainedOn", equalTo(today.toString()));
        PlacementApi.get(p.placementId()).body("history[1].data.obtainedOn", equalTo(today.toString()));
    }

    @Test
    void datesBeyondTheWindowOrInTheFutureAre422ProblemsNamingTheFieldAndTheLimitAndWriteNothing() {
        Pending pending = fixtures.pending(ServiceType.REABLEMENT_HOME, today.minusDays(150));
        Pending active = fixtures.pending(ServiceType.REABLEMENT_HOME, today.minusDays(150));
        PlacementApi.start(active.placementId(), today.minusDays(90)).statusCode(200);
        Map<String, Long> before = tables.counts();

        refusedNaming(PlacementApi.start(pending.placementId(), today.minusDays(91)), "startDate")
                .body("errors[0].message", containsString("on or after " + today.minusDays(90)))
                .body("errors[0].message", containsString("90 days late"));
        refusedNaming(PlacementApi.end(active.placementId(), today.minusDays(91), "OTHER"), "endDate")
                .body("errors[0].message", containsString("on or after " + today.minusDays(90)));
        refusedNaming(PlacementApi.followUp(active.placementId(), "AT_HOME", today.minusDays(91)), "obtainedOn")
                .body("errors[0].message", containsString("on or after " + today.minusDays(90)));
        refusedNaming(PlacementApi.followUp(active.placementId(), "AT_HOME", today.plusDays(1)), "obtainedOn")
                .body("errors[0].message", containsString("future"));
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void aFollowUpCannotBeObtainedBeforeDay91NorBeforeThePlacementStarted() {
        LocalDate discharged = today.minusDays(100);
        LocalDate day91 = discharged.plusDays(91);
        Pending early = fixtures.pending(ServiceType.REABLEMENT_HOME, discharged);
        PlacementApi.start(early.placementId(), discharged.plusDays(10)).statusCode(200);
        Pending lateStart = fixtures.pending(ServiceType.REHAB_HOME, discharged);
        PlacementApi.start(lateStart.placementId(), today.minusDays(3)).statusCode(200);
        Map<String, Long> before = tables.counts();

        refusedNaming(PlacementApi.followUp(early.placementId(), "AT_HOME", day91.minusDays(1)), "obtainedOn")
                .body("errors[0].message", containsString("day 91, " + day91));
        refusedNaming(PlacementApi.followUp(lateStart.placementId(), "AT_HOME", day91), "obtainedOn")
                .body("errors[0].message", containsString("start date " + today.minusDays(3)));
        assertThat(tables.counts()).isEqualTo(before);

        PlacementApi.followUp(early.placementId(), "AT_HOME", day91).statusCode(200);
    }

    @Test
    void beforeDay91TheFollowUpIsStillNotDueWhateverTheDate() {
        LocalDate discharged = today.minusDays(60);
        Pending p = fixtures.pending(ServiceType.REABLEMENT_HOME, discharged);
        PlacementApi.start(p.placementId(), discharged).statusCode(200);

        PlacementApi.followUp(p.placementId(), "AT_HOME", today.minusDays(1)).statusCode(409).body("code", equalTo("follow-up-not-due"))
                .body("detail", containsString("not due until " + discharged.plusDays(91)));
    }

    @Test
    void theWindowIsTheCallersOrganisations() {
        String service = Events.newId();
        fixtures.capacity(Events.serviceRegistered(service, ServiceType.REABLEMENT_HOME, WEEK_ORG));
        LocalDate discharged = today.minusDays(30);
        String referral = fixtures.referral(discharged);
        String placement = Events.newId();
        fixtures.capacity(Events.claimed(service, placement, referral, discharged, WEEK_ORG));
        String staff = TestTokens.bearer("homefirst", WEEK_ORG);

        given().header("Authorization", staff).contentType(ContentType.JSON).body(Map.of("startDate", today.minusDays(8).toString()))
                .post("/placements/{id}/start", placement).then().statusCode(422)
                .body("errors.field", equalTo(List.of("startDate")))
                .body("errors[0].message", containsString("up to 7 days late"));
        given().header("Authorization", staff).contentType(ContentType.JSON).body(Map.of("startDate", today.minusDays(7).toString()))
                .post("/placements/{id}/start", placement).then().statusCode(200);
    }

    private static ValidatableResponse refusedNaming(ValidatableResponse response, String field) {
        return response.statusCode(422).contentType("application/problem+json").body("status", equalTo(422))
                .body("errors.field", equalTo(List.of(field)));
    }
}
