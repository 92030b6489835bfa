package org.d2aflow.placement.api;

import static io.restassured.RestAssured.given;
import static org.d2aflow.placement.PlacementFixtures.today;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.LocalDate;
import java.util.List;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.placement.PlacementApi;
import org.d2aflow.placement.PlacementFixtures;
import org.d2aflow.placement.PlacementFixtures.Pending;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

/** The 91-day worklist. Each test uses a service of its own, so its list is only what the test made. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class FollowUpsDueTest {

    @Inject
    PlacementFixtures fixtures;

    private final LocalDate today = today();

    /** A started placement at the service for a referral discharged {@code daysAgo} days ago. */
    /** Discharged the days ago, started then or, for an older discharge, as far back as the late-entry window allows. */
    private Pending startedAt(String serviceId, int daysAgo) {
        Pending p = fixtures.pendingAt(serviceId, today.minusDays(daysAgo));
        PlacementApi.start(p.placementId(), today.minusDays(Math.min(daysAgo, 90))).statusCode(200);
        return p;
    }

    @Test
    void listsOverdueAndDueTodayFollowUpsOldestFirstWithDaysOverdue() {
        String service = fixtures.service(ServiceType.REABLEMENT_HOME);
        Pending overdue = startedAt(service, 120);
        Pending dueToday = startedAt(service, 91);
        Pending ended = startedAt(service, 100);
        PlacementApi.end(ended.placementId(), today.minusDays(40), "NO_ONGOING_SUPPORT").statusCode(200);
        startedAt(service, 90);
        startedAt(service, 30);

        given().queryParam("serviceId", service).get("/follow-ups/due").then().statusCode(200)
                .body("today", equalTo(today.toString()))
                .body("onOrBefore", equalTo(today.toString()))
                .body("total", equalTo(3))
                .body("items.placementId", equalTo(List.of(overdue.placementId(), ended.placementId(), dueToday.placementId())))
                .body("items.daysOverdue", equalTo(List.of(29, 9, 0)))
                .body("items[0].referralId", equalTo(overdue.referralId()))
                .body("items[0].serviceId", equalTo(service))
                .body("items[0].serviceType", equalTo("REABLEMENT_HOME"))
                .body("items[0].placementStatus", equalTo("ACTIVE"))
                .body("items[0].ageAtAdmission", equalTo(84))
                .body("items[0].dischargeDate", equalTo(today.minusDays(120).toString()))
                .body("items[0].dueDate", equalTo(today.minusDays(29).toString()))
                .body("items[1].placementStatus", equalTo("ENDED"));
    }

    @Test
    void aLaterDateAlsoListsFollowUpsNotYetDueWithoutDaysOverdue() {
        String service = fixtures.service(ServiceType.BEDDED_REHAB);
        Pending overdue = startedAt(service, 95);
        Pending soon = startedAt(service, 85);
        startedAt(service, 30);

        given().queryParam("serviceId", service).queryParam("onOrBefore", today.plusDays(7).toString()).get("/follow-ups/due").then()
                .statusCode(200)
                .body("onOrBefore", equalTo(today.plusDays(7).toString()))
                .body("items.placementId", equalTo(List.of(overdue.placementId(), soon.placementId())))
                .body("items.dueDate", equalTo(List.of(today.minusDays(4).toString(), today.plusDays(6).toString())))
                .body("items.daysOverdue", equalTo(List.of(4, 0)));
        given().queryParam("serviceId", service).queryParam("onOrBefore", today.minusDays(5).toString()).get("/follow-ups/due").then()
                .body("total", equalTo(0));
    }

    @Test
    void recordedPendingAndNonReablementPlacementsAreNotListed() {
        String service = fixtures.service(ServiceType.REABLEMENT_HOME);
        Pending followedUp = startedAt(service, 130);
        PlacementApi.followUp(followedUp.placementId(), "AT_HOME").statusCode(200);
        fixtures.pendingAt(service, today.minusDays(130));
        String careHome = fixtures.service(ServiceType.SHORT_TERM_CARE_HOME);
        startedAt(careHome, 130);
        Pending stillDue = startedAt(service, 130);

        given().queryParam("serviceId", service).get("/follow-ups/due").then()
                .body("items.placementId", equalTo(List.of(stillDue.placementId())));
        given().queryParam("serviceId", careHome).get("/follow-ups/due").then().body("total", equalTo(0));
        given().queryParam("size", 200).get("/follow-ups/due").then()
                .body("items.placementId", not(hasItem(followedUp.placementId())));
    }

    @Test
    void aReferralWithTwoPlacementsIsListedOnceUnderTheLatestUntilEitherRecordsIt() {
        LocalDate discharged = today.minusDays(110);
        PlacementFixtures.StepDown placements = fixtures.steppedDown(discharged, discharged.plusDays(20), discharged.plusDays(24));
        String bedded = placements.beddedService();
        String home = placements.homeService();
        String first = placements.bedded();
        String second = placements.home();

        given().queryParam("serviceId", home).get("/follow-ups/due").then().body("items.placementId", equalTo(List.of(second)));
        given().queryParam("serviceId", bedded).get("/follow-ups/due").then().body("total", equalTo(0));

        PlacementApi.followUp(first, "SHARED_LIVES").statusCode(200);
        given().queryParam("serviceId", home).get("/follow-ups/due").then().body("total", equalTo(0));
    }

    @Test
    void pagesThroughTheList() {
        String service = fixtures.service(ServiceType.REHAB_HOME);
        Pending a = startedAt(service, 140);
        Pending b = startedAt(service, 130);
        Pending c = startedAt(service, 120);

        given().queryParam("serviceId", service).queryParam("size", 2).get("/follow-ups/due").then()
                .body("items.placementId", equalTo(List.of(a.placementId(), b.placementId()))).body("total", equalTo(3));
        given().queryParam("serviceId", service).queryParam("size", 2).queryParam("page", 1).get("/follow-ups/due").then()
                .body("items.placementId", equalTo(List.of(c.placementId()))).body("page", equalTo(1)).body("size", equalTo(2));
    }
}
