package org.d2aflow.capacity.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.capacity.Referrals.aReferral;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

import org.d2aflow.capacity.CapacityApi;
import org.d2aflow.capacity.EventLog;
import org.d2aflow.capacity.Referrals.Story;
import org.d2aflow.capacity.Tables;
import org.d2aflow.capacity.Today;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.testkit.D2aStackResource;
import org.junit.jupiter.api.Test;

/** Claims, releases, declines, the waiting list, availability and the next offer, with referrals fed through the broker. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_capacity"))
class ClaimApiTest {

    static {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    private static final ServiceType HOME = ServiceType.REABLEMENT_HOME;

    @Inject
    Tables tables;

    private final LocalDate today = Today.date();
    private final String locality = CapacityApi.freshLocality();

    /** Publishes the referrals' events on d2a.referrals and waits until capacity-service has applied them. */
    private List<String> feed(Story... stories) {
        List<List<EventEnvelope<D2aEvent>>> published = new ArrayList<>();
        for (Story s : stories) {
            List<EventEnvelope<D2aEvent>> envelopes = s.envelopes();
            EventLog.publish(envelopes);
            published.add(envelopes);
        }
        published.forEach(tables::awaitReferralEvents);
        return List.of(stories).stream().map(Story::id).toList();
    }

    private String waiting(ServiceType type) {
        return feed(aReferral().inLocality(locality).readyOn(today.minusDays(1)).decidedFor(type)).get(0);
    }

    // --- claims -------------------------------------------------------------------------------------------

    @Test
    void claimsAUnitForAWaitingReferralWhichLeavesTheWaitingList() {
        String service = CapacityApi.serviceWith(HOME, locality, 5);
        String referral = waiting(HOME);
        CapacityApi.waitingList(HOME, locality).body("items.referralId", equalTo(List.of(referral)));

        Response r = given().contentType(ContentType.JSON).body(Map.of("referralId", referral, "startDate", today.plusDays(1).toString()))
                .post("/services/{id}/claims", service);

        r.then().statusCode(201)
                .header("Location", endsWith("/services/" + service + "/claims/" + r.path("id")))
                .body("status", equalTo("ACTIVE"))
                .body("referralId", equalTo(referral))
                .body("startDate", equalTo(today.plusDays(1).toString()));
        given().get("/services/{id}/claims/{claimId}", service, r.path("id")).then().statusCode(200).body("status", equalTo("ACTIVE"));
        CapacityApi.waitingList(HOME, locality).body("total", equalTo(0));
        CapacityApi.availability(service, today, today.plusDays(1)).body("days.occupied", equalTo(List.of(0, 1)))
                .body("days.free", equalTo(List.of(5, 4)));
        assertThat(tables.outboxTypes(service)).last().isEqualTo("d2a.capacity.claimed.v1");
    }

    @Test
    void rejectsClaimWhenServiceIsFullNamingTheDayAndWritesNothing() {
        String service = CapacityApi.serviceWith(HOME, locality, 1);
        List<String> referrals = feed(aReferral().inLocality(locality).decidedFor(HOME), aReferral().inLocality(locality).decidedFor(HOME));
        CapacityApi.claim(service, referrals.get(0)).statusCode(201);
        Map<String, Long> before = tables.counts();

        CapacityApi.claim(service, referrals.get(1)).statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("No free unit on " + today)).body("code", org.hamcrest.Matchers.equalTo("no-free-unit"));
        assertThat(tables.counts()).isEqualTo(before);
        assertThat(CapacityApi.occupiedToday(service)).isEqualTo(1);
    }

    @Test
    void rejectsClaimThatWouldOverbookALaterDayWhenCapacityDrops() {
        String service = CapacityApi.serviceWith(HOME, locality, 2);
        CapacityApi.setCapacity(service, 1, today.plusDays(7)).statusCode(200);
        List<String> referrals = feed(aReferral().inLocality(locality).decidedFor(HOME), aReferral().inLocality(locality).decidedFor(HOME));
        CapacityApi.claim(service, referrals.get(0)).statusCode(201);

        CapacityApi.claim(service, referrals.get(1)).statusCode(409).body("detail", containsString("No free unit on " + today.plusDays(7)));
        CapacityApi.availability(service, today, today).body("days[0].free", equalTo(1)).body("days[0].claimable", equalTo(0));
    }

    @Test
    void refusesClaimsForReferralsThatCannotTakeOneWithTheReasonAndWritesNothing() {
        String service = CapacityApi.serviceWith(HOME, locality, 10);
        String other = CapacityApi.serviceWith(ServiceType.REHAB_HOME, locality, 10);
        Story holder = aReferral().inLocality(locality).decidedFor(ServiceType.REHAB_HOME);
        List<String> r = feed(
                aReferral().inLocality(locality).decidedFor(HOME).withdrawn("Transferred to another trust"),
                aReferral().inLocality(locality).decidedFor(ServiceType.BEDDED_REHAB),
                aReferral().inLocality(locality),
                aReferral().inLocality(locality).decidedFor(ServiceType.SOCIAL_SUPPORT),
                holder);
        String holding = holder.id();
        CapacityApi.claim(other, holding).statusCode(201);
        CapacityApi.claim(service, holding).statusCode(409).body("detail", containsString("waiting for REHAB_HOME"));
        feed(holder.decidedFor(HOME, today));
        Map<String, Long> before = tables.counts();

        CapacityApi.claim(service, UUID.randomUUID().toString()).statusCode(409).body("detail", containsString("unknown"));
        CapacityApi.claim(service, r.get(0)).statusCode(409).body("detail", containsString("withdrawn"));
        CapacityApi.claim(service, r.get(1)).statusCode(409).body("detail", containsString("waiting for BEDDED_REHAB"));
        CapacityApi.claim(service, r.get(2)).statusCode(409).body("detail", containsString("no pathway decision"));
        CapacityApi.claim(service, r.get(3)).statusCode(409).body("detail", containsString("pathway P0"));
        assertThat(tables.counts()).isEqualTo(before);

        // Re-decided to home reablement, the referral's claim on the rehab service was released: it can claim here now.
        given().queryParam("status", "ACTIVE").get("/services/{id}/claims", other).then().body("id", hasSize(0));
        CapacityApi.claim(service, holding).statusCode(201);
        CapacityApi.claim(service, holding).statusCode(409).body("detail", containsString("already holds claim"))
                .body("code", org.hamcrest.Matchers.equalTo("already-claimed"));
    }

    @Test
    void aClaimOnAnUnknownServiceIsNotFound() {
        CapacityApi.claim(UUID.randomUUID().toString(), UUID.randomUUID().toString()).statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameClaimAndAnotherRequestWithItIsRefused() {
        String service = CapacityApi.serviceWith(HOME, locality, 3);
        List<String> r = feed(aReferral().inLocality(locality).decidedFor(HOME), aReferral().inLocality(locality).decidedFor(HOME));
        String key = UUID.randomUUID().toString();
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(Map.of("referralId", r.get(0)))
                .post("/services/{id}/claims", service).then().statusCode(201).extract().path("id");
        Map<String, Long> before = tables.counts();
        String refused = "d2a_capacity_claims_refused_total{reason=\"referral\",serviceType=\"" + HOME.name() + "\"}";
        double refusedBefore = meter(refused);

        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(Map.of("referralId", r.get(0)))
                .post("/services/{id}/claims", service).then().statusCode(201).header("Idempotent-Replay", "true")
                .body("id", equalTo(first));
        // The retry runs the claim again (refused: the referral holds one) before it replays: that refusal is not counted.
        assertThat(meter(refused)).isEqualTo(refusedBefore);
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(Map.of("referralId", r.get(1)))
                .post("/services/{id}/claims", service).then().statusCode(422).body("errors[0].field", equalTo("Idempotency-Key"))
                .body("errors[0].message", containsString("different request"));
        assertThat(tables.counts()).isEqualTo(before);
        assertThat(CapacityApi.occupiedToday(service)).isEqualTo(1);
    }

    @Test
    void capacityCannotBeCutBelowTheUnitsClaimed() {
        String service = CapacityApi.serviceWith(HOME, locality, 4);
        List<String> r = feed(aReferral().inLocality(locality).decidedFor(HOME), aReferral().inLocality(locality).decidedFor(HOME),
                aReferral().inLocality(locality).decidedFor(HOME));
        r.forEach(id -> CapacityApi.claim(service, id, today.plusDays(2)).statusCode(201));
        Map<String, Long> before = tables.counts();

        CapacityApi.setCapacity(service, 2, today.plusDays(10)).statusCode(409)
                .body("detail", containsString("3 units are occupied on " + today.plusDays(10)));
        assertThat(tables.counts()).isEqualTo(before);
        CapacityApi.setCapacity(service, 3, today.plusDays(10)).statusCode(200);
        CapacityApi.setCapacity(service, 0, today).statusCode(409).body("detail", containsString("3 units are occupied on " + today.plusDays(2)));
    }

    // --- releases -----------------------------------------------------------------------------------------

    @Test
    void releasesAClaimFreeingItsUnitAndTheReferralWaitsAgain() {
        String service = CapacityApi.serviceWith(HOME, locality, 1);
        String referral = waiting(HOME);
        String claim = CapacityApi.claim(service, referral).statusCode(201).extract().path("id");

        CapacityApi.release(service, claim, "Start postponed: patient unwell").statusCode(200)
                .body("status", equalTo("RELEASED"))
                .body("releaseReason", equalTo("Start postponed: patient unwell"))
                .body("releasedOn", equalTo(today.toString()));

        assertThat(CapacityApi.occupiedToday(service)).isZero();
        CapacityApi.waitingList(HOME, locality).body("items.referralId", equalTo(List.of(referral)));
        given().queryParam("status", "RELEASED").get("/services/{id}/claims", service).then().body("id", equalTo(List.of(claim)));
        assertThat(tables.streamTypes(service)).last().isEqualTo("d2a.capacity.released.v1");
    }

    @Test
    void releasingTwiceIsAConflictAndAnUnknownClaimIsNotFound() {
        String service = CapacityApi.serviceWith(HOME, locality, 1);
        String other = CapacityApi.serviceWith(HOME, locality, 1);
        String claim = CapacityApi.claim(service, waiting(HOME)).statusCode(201).extract().path("id");
        CapacityApi.release(service, claim, "Care arranged by family").statusCode(200);
        Map<String, Long> before = tables.counts();

        CapacityApi.release(service, claim, "Again").statusCode(409).body("detail", containsString("already released"));
        CapacityApi.release(service, UUID.randomUUID().toString(), "No such claim").statusCode(404);
        CapacityApi.release(other, claim, "Wrong service").statusCode(404);
        given().get("/services/{id}/claims/{claimId}", other, claim).then().statusCode(404);
        assertThat(tables.counts()).isEqualTo(before);
    }

    // --- declines -----------------------------------------------------------------------------------------

    @Test
    void recordsADeclineWhichTakesTheReferralOffTheWaitingList() {
        String service = CapacityApi.serviceWith(HOME, locality, 0);
        String referral = waiting(HOME);

        Response r = given().contentType(ContentType.JSON)
                .body(Map.of("referralId", referral, "reason", "No capacity this week: referred to market home care"))
                .post("/services/{id}/declines", service);

        r.then().statusCode(201).header("Location", endsWith("/services/" + service + "/declines/" + r.path("id")))
                .body("serviceType", equalTo("REABLEMENT_HOME"))
                .body("locality", equalTo(locality))
                .body("reason", equalTo("No capacity this week: referred to market home care"));
        CapacityApi.waitingList(HOME, locality).body("total", equalTo(0));
        given().get("/services/{id}/declines", service).then().body("referralId", equalTo(List.of(referral)));
        given().get("/services/{id}/declines/{d}", service, r.path("id")).then().statusCode(200);
        assertThat(tables.outboxTypes(service)).last().isEqualTo("d2a.capacity.declined.v1");

        Map<String, Long> before = tables.counts();
        CapacityApi.decline(service, referral, "Again").statusCode(409).body("detail", containsString("already declined"));
        CapacityApi.decline(service, UUID.randomUUID().toString(), "Who?").statusCode(409).body("detail", containsString("unknown"));
        assertThat(tables.counts()).isEqualTo(before);
    }

    @Test
    void aNewPathwayDecisionAfterADeclinePutsTheReferralBackOnTheList() {
        String service = CapacityApi.serviceWith(HOME, locality, 0);
        Story story = aReferral().inLocality(locality).decidedFor(HOME);
        feed(story);
        CapacityApi.decline(service, story.id(), "No capacity").statusCode(201);
        CapacityApi.waitingList(HOME, locality).body("total", equalTo(0));

        feed(story.decidedFor(HOME, today));

        CapacityApi.waitingList(HOME, locality).body("items.referralId", equalTo(List.of(story.id())));
    }

    // --- waiting list, availability, next offer -----------------------------------------------------------

    @Test
    void theWaitingListIsOrderedByDischargeReadyDateThenDecisionWithDaysWaiting() {
        Story late = aReferral().inLocality(locality).readyOn(today.minusDays(1)).decidedFor(HOME, today.minusDays(2));
        Story noDrd = aReferral().inLocality(locality).decidedFor(HOME, today.minusDays(9));
        Story early = aReferral().inLocality(locality).readyOn(today.minusDays(4)).decidedFor(HOME, today.minusDays(3));
        Story sameDrdDecidedEarlier = aReferral().inLocality(locality).readyOn(today.minusDays(4)).decidedFor(HOME, today.minusDays(5));
        Story otherType = aReferral().inLocality(locality).readyOn(today.minusDays(9)).decidedFor(ServiceType.BEDDED_REHAB);
        Story movedDrd = aReferral().inLocality(locality).readyOn(today.minusDays(8)).decidedFor(HOME, today.minusDays(2))
                .readyOn(today);
        feed(late, noDrd, early, sameDrdDecidedEarlier, otherType, movedDrd);

        CapacityApi.waitingList(HOME, locality).statusCode(200)
                .body("items.referralId", equalTo(List.of(sameDrdDecidedEarlier.id(), early.id(), late.id(), movedDrd.id(), noDrd.id())))
                .body("items.daysWaiting", equalTo(List.of(5, 3, 2, 2, 9)))
                .body("items[0].dischargeReadyDate", equalTo(today.minusDays(4).toString()))
                .body("items[4].dischargeReadyDate", nullValue())
                .body("total", equalTo(5));
        given().queryParam("locality", locality).queryParam("serviceType", "REABLEMENT_HOME").queryParam("size", 2)
                .queryParam("page", 2).get("/waiting-list").then().body("items.referralId", equalTo(List.of(noDrd.id())));
        CapacityApi.waitingList(ServiceType.BEDDED_REHAB, locality).body("items.referralId", equalTo(List.of(otherType.id())));
    }

    @Test
    void withdrawalsDischargesAndPathwayZeroLeaveTheWaitingListAndReDecisionsMoveBetweenLists() {
        Story withdrawn = aReferral().inLocality(locality).decidedFor(HOME);
        Story discharged = aReferral().inLocality(locality).decidedFor(HOME);
        Story toP0 = aReferral().inLocality(locality).decidedFor(HOME);
        Story moved = aReferral().inLocality(locality).decidedFor(HOME);
        Story stays = aReferral().inLocality(locality).decidedFor(HOME);
        feed(withdrawn, discharged, toP0, moved, stays);
        CapacityApi.waitingList(HOME, locality).body("total", equalTo(5));

        feed(withdrawn.withdrawn("Entered in error"), discharged.discharged(today), toP0.decidedFor(ServiceType.SOCIAL_SUPPORT, today),
                moved.decidedFor(ServiceType.SHORT_TERM_CARE_HOME, today));

        CapacityApi.waitingList(HOME, locality).body("items.referralId", equalTo(List.of(stays.id())));
        CapacityApi.waitingList(ServiceType.SHORT_TERM_CARE_HOME, locality).body("items.referralId", equalTo(List.of(moved.id())));
    }

    @Test
    void theNextOfferIsTheFirstWaitingReferralWhenAUnitCanBeClaimed() {
        String service = CapacityApi.serviceWith(HOME, locality, 1);
        given().get("/services/{id}/next-offer", service).then().statusCode(200)
                .body("claimable", equalTo(1)).body("waiting", equalTo(0)).body("candidate", nullValue())
                .body("summary", containsString("nobody waits"));
        Story second = aReferral().inLocality(locality).readyOn(today.minusDays(1)).decidedFor(HOME);
        Story first = aReferral().inLocality(locality).readyOn(today.minusDays(3)).decidedFor(HOME);
        feed(second, first);

        given().get("/services/{id}/next-offer", service).then().statusCode(200)
                .body("date", equalTo(today.toString()))
                .body("waiting", equalTo(2))
                .body("candidate.referralId", equalTo(first.id()))
                .body("candidate.daysWaiting", equalTo(1));

        CapacityApi.claim(service, first.id()).statusCode(201);
        given().get("/services/{id}/next-offer", service).then()
                .body("claimable", equalTo(0)).body("waiting", equalTo(1)).body("candidate", nullValue())
                .body("summary", containsString("No unit can be claimed"));
        given().queryParam("date", today.plusDays(30).toString()).get("/services/{id}/next-offer", service).then()
                .body("claimable", equalTo(0));
    }

    @Test
    void availabilityShowsUnitsOccupiedFreeAndClaimablePerDay() {
        String service = CapacityApi.serviceWith(HOME, locality, 3);
        CapacityApi.setCapacity(service, 5, today.plusDays(2)).statusCode(200);
        CapacityApi.setCapacity(service, 2, today.plusDays(4)).statusCode(200);
        List<String> r = feed(aReferral().inLocality(locality).decidedFor(HOME), aReferral().inLocality(locality).decidedFor(HOME));
        CapacityApi.claim(service, r.get(0), today.plusDays(1)).statusCode(201);
        CapacityApi.claim(service, r.get(1), today.plusDays(3)).statusCode(201);

        CapacityApi.availability(service, today.minusDays(1), today.plusDays(5)).statusCode(200)
                .body("unit", equalTo("PACKAGE"))
                .body("days", hasSize(7))
                .body("days.units", equalTo(List.of(0, 3, 3, 5, 5, 2, 2)))
                .body("days.occupied", equalTo(List.of(0, 0, 1, 1, 2, 2, 2)))
                .body("days.free", equalTo(List.of(0, 3, 2, 4, 3, 0, 0)))
                .body("days.claimable", equalTo(List.of(0, 0, 0, 0, 0, 0, 0)));
        given().get("/services/{id}/availability", service).then().statusCode(200).body("days", hasSize(14))
                .body("from", equalTo(today.toString()));
    }

    // --- metrics ------------------------------------------------------------------------------------------

    @Test
    void claimsRefusalsDeclinesAndReleasesAreCountedByServiceTypeWithoutIds() {
        ServiceType type = ServiceType.SHORT_TERM_DOMCARE;
        String service = CapacityApi.serviceWith(type, locality, 1);
        List<String> r = feed(aReferral().inLocality(locality).decidedFor(type), aReferral().inLocality(locality).decidedFor(type));
        double claims = meter("d2a_capacity_claims_total{serviceType=\"SHORT_TERM_DOMCARE\"}");
        double full = meter("d2a_capacity_claims_refused_total{reason=\"full\",serviceType=\"SHORT_TERM_DOMCARE\"}");

        String claim = CapacityApi.claim(service, r.get(0)).statusCode(201).extract().path("id");
        CapacityApi.claim(service, r.get(1)).statusCode(409);
        CapacityApi.decline(service, r.get(1), "No capacity").statusCode(201);
        CapacityApi.release(service, claim, "Start postponed").statusCode(200);

        assertThat(meter("d2a_capacity_claims_total{serviceType=\"SHORT_TERM_DOMCARE\"}")).isEqualTo(claims + 1);
        assertThat(meter("d2a_capacity_claims_refused_total{reason=\"full\",serviceType=\"SHORT_TERM_DOMCARE\"}")).isEqualTo(full + 1);
        assertThat(meter("d2a_capacity_declines_total{serviceType=\"SHORT_TERM_DOMCARE\"}")).isPositive();
        assertThat(meter("d2a_capacity_releases_total{serviceType=\"SHORT_TERM_DOMCARE\",trigger=\"request\"}")).isPositive();
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("d2a_capacity_waiting{serviceType=\"SHORT_TERM_DOMCARE\"}").doesNotContain(service)
                .doesNotContain(r.get(0));
    }

    /** The value of one Prometheus sample, 0 when it is not there yet. */
    private static double meter(String sample) {
        for (String line : given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
    }
}
