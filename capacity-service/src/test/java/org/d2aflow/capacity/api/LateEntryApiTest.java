package org.d2aflow.capacity.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.capacity.Referrals.aReferral;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

import org.d2aflow.capacity.CapacityApi;
import org.d2aflow.capacity.EventLog;
import org.d2aflow.capacity.Referrals.Story;
import org.d2aflow.capacity.Tables;
import org.d2aflow.capacity.Today;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

/**
 * Facts entered late (two clocks): capacity, claims, releases and declines dated back within the late-entry window
 * (90 days by default) are accepted and show on the days they are about; beyond the window, in the future where the
 * future is not allowed, or contradicting another fact's date, a 422 problem names the field and the limit and
 * nothing is written.
 */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_capacity"))
class LateEntryApiTest {

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static final ServiceType HOME = ServiceType.REABLEMENT_HOME;

    @Inject
    Tables tables;

    private final LocalDate today = Today.date();
    private final String locality = CapacityApi.freshLocality();

    private Story waitingSince(LocalDate decided) {
        Story s = aReferral().inLocality(locality).decidedFor(HOME, decided);
        var envelopes = s.envelopes();
        EventLog.publish(envelopes);
        tables.awaitReferralEvents(envelopes);
        return s;
    }

    private void assertRefused(ValidatableResponse response, String field, String... messageFragments) {
        response.statusCode(422).contentType(startsWith("application/problem+json")).body("status", equalTo(422))
                .body("errors.field", equalTo(List.of(field)));
        for (String fragment : messageFragments) {
            response.body("errors[0].message", containsString(fragment));
        }
    }

    @Test
    void capacityDeclaredFromTheFirstDayOfTheWindowShowsOnItsDaysAndADayOlderIsRefused() {
        String service = CapacityApi.serviceWith(HOME, locality, 4);

        CapacityApi.setCapacity(service, 3, today.minusDays(90)).statusCode(200).body("capacity.fromDate",
                equalTo(List.of(today.minusDays(90).toString(), today.toString())));
        CapacityApi.availability(service, today.minusDays(91), today.minusDays(90)).body("days.units", equalTo(List.of(0, 3)));

        Map<String, Long> before = tables.counts();
        assertRefused(CapacityApi.setCapacity(service, 3, today.minusDays(91)), "fromDate", "on or after " + today.minusDays(90),
                "90 days late");
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void aClaimEnteredLateStartsOnItsOwnDayAndItsReleaseEnteredLateFreesTheUnitFromItsOwn() {
        String service = CapacityApi.serviceWith(HOME, locality, 1, today.minusDays(30));
        Story referral = waitingSince(today.minusDays(20));

        String claim = CapacityApi.claim(service, referral.id(), today.minusDays(14)).statusCode(201)
                .body("startDate", equalTo(today.minusDays(14).toString())).extract().path("id");
        CapacityApi.availability(service, today.minusDays(15), today.minusDays(13)).body("days.occupied", equalTo(List.of(0, 1, 1)))
                .body("days.claimable", equalTo(List.of(0, 0, 0)));

        CapacityApi.release(service, claim, "Care arranged by family", today.minusDays(3)).statusCode(200)
                .body("status", equalTo("RELEASED")).body("releasedOn", equalTo(today.minusDays(3).toString()));
        CapacityApi.availability(service, today.minusDays(4), today.minusDays(3)).body("days.occupied", equalTo(List.of(1, 0)))
                .body("days.free", equalTo(List.of(0, 1)));
        assertThat(tables.streamTypes(service)).endsWith("d2a.capacity.claimed.v1", "d2a.capacity.released.v1");
    }

    @Test
    void aClaimEnteredLateMustFitOnThePastDaysAClaimSinceReleasedHeldItsUnit() {
        String service = CapacityApi.serviceWith(HOME, locality, 1, today.minusDays(30));
        Story first = waitingSince(today.minusDays(25));
        Story second = waitingSince(today.minusDays(25));
        String claim = CapacityApi.claim(service, first.id(), today.minusDays(20)).statusCode(201).extract().path("id");
        CapacityApi.release(service, claim, "Placement ended early", today.minusDays(10)).statusCode(200);
        Map<String, Long> before = tables.counts();

        CapacityApi.claim(service, second.id(), today.minusDays(12)).statusCode(409).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("no-free-unit")).body("detail", containsString("No free unit on " + today.minusDays(12)));
        assertThat(tables.counts()).isEqualTo(before);
        CapacityApi.claim(service, second.id(), today.minusDays(10)).statusCode(201);
    }

    @Test
    void refusesAClaimBeforeTheCapacityItWouldUseAndOneOlderThanTheWindow() {
        String service = CapacityApi.serviceWith(HOME, locality, 2, today.minusDays(10));
        Story referral = waitingSince(today.minusDays(20));
        Map<String, Long> before = tables.counts();

        assertRefused(CapacityApi.claim(service, referral.id(), today.minusDays(11)), "startDate",
                "first declared capacity (from " + today.minusDays(10) + ")");
        assertRefused(CapacityApi.claim(service, referral.id(), today.minusDays(91)), "startDate", "on or after " + today.minusDays(90));
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void refusesAReleaseInTheFutureOrBeforeTheClaimStarted() {
        String service = CapacityApi.serviceWith(HOME, locality, 1, today.minusDays(30));
        Story referral = waitingSince(today.minusDays(20));
        String claim = CapacityApi.claim(service, referral.id(), today.minusDays(5)).statusCode(201).extract().path("id");
        Map<String, Long> before = tables.counts();

        assertRefused(CapacityApi.release(service, claim, "Care arranged", today.plusDays(1)), "releasedOn", "must not be in the future");
        assertRefused(CapacityApi.release(service, claim, "Care arranged", today.minusDays(6)), "releasedOn",
                "before the claim's start date (" + today.minusDays(5) + ")");
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void aDeclineEnteredLateCarriesTheDayItHappened() {
        String service = CapacityApi.serviceWith(HOME, locality, 0);
        Story referral = waitingSince(today.minusDays(6));

        String id = CapacityApi.decline(service, referral.id(), "No capacity that week", today.minusDays(4)).statusCode(201)
                .body("declinedOn", equalTo(today.minusDays(4).toString())).extract().path("id");

        given().get("/services/{id}/declines/{d}", service, id).then().body("declinedOn", equalTo(today.minusDays(4).toString()));
        CapacityApi.waitingList(HOME, locality).body("total", equalTo(0));
    }

    @Test
    void refusesADeclineInTheFutureBeyondTheWindowOrBeforeThePathwayDecision() {
        String service = CapacityApi.serviceWith(HOME, locality, 0);
        Story referral = waitingSince(today.minusDays(6));
        Map<String, Long> before = tables.counts();

        assertRefused(CapacityApi.decline(service, referral.id(), "Full", today.plusDays(1)), "declinedOn", "must not be in the future");
        assertRefused(CapacityApi.decline(service, referral.id(), "Full", today.minusDays(91)), "declinedOn",
                "on or after " + today.minusDays(90));
        assertRefused(CapacityApi.decline(service, referral.id(), "Full", today.minusDays(7)), "declinedOn",
                "pathway decision (" + today.minusDays(6) + ")");
        assertThat(tables.counts()).isEqualTo(before);
        CapacityApi.waitingList(HOME, locality).body("items.referralId", equalTo(List.of(referral.id())));
    }
}
