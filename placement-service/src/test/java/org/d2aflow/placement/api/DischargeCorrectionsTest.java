package org.d2aflow.placement.api;

import static io.restassured.RestAssured.given;
import static org.d2aflow.placement.PlacementFixtures.today;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import java.util.List;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.placement.Events;
import org.d2aflow.placement.PlacementApi;
import org.d2aflow.placement.PlacementFixtures;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

/**
 * referral-service's corrections as this service applies them: a corrected discharge date moves day 91 and the due list;
 * a voided discharge puts the referral back in hospital (pending placements cannot start; started ones stay and are
 * flagged); a corrected discharge ready date changes nothing here.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class DischargeCorrectionsTest {

    @Inject
    PlacementFixtures fixtures;

    private final LocalDate today = today();

    /** A referral discharged on a date, with the discharge's event id (which a correction names) and a claim at the service. */
    private record Discharged(String referral, String dischargeEventId, String placement) {
    }

    private Discharged claimedAfterDischarge(String service, LocalDate date) {
        String referral = fixtures.referral((LocalDate) null);
        String dischargeEventId = discharge(referral, date);
        return new Discharged(referral, dischargeEventId, fixtures.claim(service, referral, date));
    }

    private String discharge(String referralId, LocalDate date) {
        return fixtures.referral(Events.dischargedHome(referralId, date));
    }

    @Test
    void aCorrectedDischargeDateMovesDay91AndTheDueList() {
        String service = fixtures.service(ServiceType.REABLEMENT_HOME);
        LocalDate typed = today.minusDays(80);
        Discharged d = claimedAfterDischarge(service, typed);
        String referral = d.referral();
        String discharged = d.dischargeEventId();
        String placement = d.placement();
        PlacementApi.start(placement, typed).statusCode(200);
        given().queryParam("serviceId", service).get("/follow-ups/due").then().body("total", equalTo(0));

        LocalDate actual = today.minusDays(95);
        fixtures.referral(Events.dischargeCorrected(referral, discharged, actual));

        PlacementApi.get(placement).statusCode(200)
                .body("dischargeDate", equalTo(actual.toString()))
                .body("followUpDueDate", equalTo(actual.plusDays(91).toString()))
                .body("dischargeCorrectedAt", notNullValue())
                .body("attention", nullValue());
        given().queryParam("serviceId", service).get("/follow-ups/due").then()
                .body("items.placementId", equalTo(List.of(placement)))
                .body("items[0].dueDate", equalTo(actual.plusDays(91).toString()))
                .body("items[0].daysOverdue", equalTo(4));
        PlacementApi.followUp(placement, "AT_HOME").statusCode(200);
    }

    @Test
    void aDischargeCorrectedToAfterTheStartFlagsThePlacementWithoutChangingIt() {
        LocalDate typed = today.minusDays(10);
        Discharged d = claimedAfterDischarge(fixtures.service(ServiceType.BEDDED_REHAB), typed);
        String referral = d.referral();
        String placement = d.placement();
        PlacementApi.start(placement, typed).statusCode(200);

        fixtures.referral(Events.dischargeCorrected(referral, d.dischargeEventId(), typed.plusDays(2)));

        PlacementApi.get(placement).statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("startDate", equalTo(typed.toString()))
                .body("attention.code", equalTo(List.of("start-before-discharge")))
                .body("attention[0].detail", containsString(typed.plusDays(2).toString()));
        given().queryParam("referralId", referral).get("/placements").then()
                .body("items[0].attention.code", equalTo(List.of("start-before-discharge")));
    }

    @Test
    void aVoidedDischargeStopsPendingPlacementsFlagsStartedOnesAndDropsThemFromTheDueList() {
        String service = fixtures.service(ServiceType.REABLEMENT_HOME);
        LocalDate typed = today.minusDays(95);
        Discharged d = claimedAfterDischarge(service, typed);
        String referral = d.referral();
        String discharged = d.dischargeEventId();
        String started = d.placement();
        PlacementApi.start(started, today.minusDays(90)).statusCode(200);
        String pending = fixtures.claim(fixtures.service(ServiceType.REHAB_HOME), referral, today);
        given().queryParam("serviceId", service).get("/follow-ups/due").then().body("items.placementId", hasItem(started));

        fixtures.referral(Events.dischargeVoided(referral, discharged));

        PlacementApi.start(pending, today).statusCode(409).body("code", equalTo("not-discharged"))
                .body("detail", containsString("voided"));
        PlacementApi.get(started).statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("dischargeDate", nullValue())
                .body("dischargeVoidedAt", notNullValue())
                .body("followUpDueDate", nullValue())
                .body("attention.code", equalTo(List.of("not-discharged")));
        given().queryParam("serviceId", service).get("/follow-ups/due").then().body("items.placementId", not(hasItem(started)));
        PlacementApi.followUp(started, "AT_HOME").statusCode(409).body("code", equalTo("discharge-date-unknown"));

        // Discharged again (a new patient-discharged): the pending placement can start, the flag goes.
        discharge(referral, typed);
        PlacementApi.get(started).body("attention", nullValue()).body("dischargeVoidedAt", nullValue());
        PlacementApi.start(pending, today).statusCode(200);
    }

    @Test
    void aCorrectedDischargeReadyDateChangesNothingHere() {
        Discharged d = claimedAfterDischarge(fixtures.service(ServiceType.REABLEMENT_HOME), today.minusDays(3));
        String referral = d.referral();
        String placement = d.placement();
        var before = PlacementApi.get(placement).extract().<java.util.Map<String, Object>>path("");

        fixtures.referral(Events.readyDateCorrected(referral, Events.newId(), today.minusDays(5)));

        PlacementApi.get(placement).statusCode(200).body("", equalTo(before));
    }
}
