package org.d2aflow.capacity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.capacity.domain.CareServiceTestData.CLAIM_ID;
import static org.d2aflow.capacity.domain.CareServiceTestData.OTHER_SERVICE_ID;
import static org.d2aflow.capacity.domain.CareServiceTestData.REFERRAL_ID;
import static org.d2aflow.capacity.domain.CareServiceTestData.SERVICE_ID;
import static org.d2aflow.capacity.domain.CareServiceTestData.TODAY;
import static org.d2aflow.capacity.domain.CareServiceTestData.WINDOW;
import static org.d2aflow.capacity.domain.CareServiceTestData.aReferral;
import static org.d2aflow.capacity.domain.CareServiceTestData.aService;
import static org.d2aflow.capacity.domain.CareServiceTestData.given;
import static org.d2aflow.testkit.Refusals.assertIllegalTransition;
import static org.d2aflow.testkit.Refusals.assertInvalid;
import static org.d2aflow.testkit.Refusals.assertNotFound;

import java.time.LocalDate;

import org.d2aflow.capacity.domain.CareServiceCommand.ClaimUnit;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClaimUnitTest {

    private static ClaimUnit claim(CareServiceTestData.StandingBuilder referral, LocalDate start) {
        return new ClaimUnit(CLAIM_ID, referral.build(), start, WINDOW);
    }

    private static ClaimUnit claimToday() {
        return claim(aReferral(), TODAY);
    }

    @Test
    void claimsAFreeUnitForAReferralWaitingForTheServiceType() {
        assertThat(given(aService().withUnits(35).withClaims(10)).decide(claimToday()))
                .containsExactly(new CapacityClaimed(SERVICE_ID, CLAIM_ID, REFERRAL_ID, TODAY, "PROV-A"));
    }

    @Test
    void claimsTheLastUnit() {
        assertThat(given(aService().withUnits(3).withClaims(2)).decide(claimToday())).hasSize(1);
    }

    @Test
    void claimsFromALaterStartDate() {
        assertThat(given(aService().withUnits(1)).decide(claim(aReferral(), TODAY.plusDays(5))))
                .containsExactly(new CapacityClaimed(SERVICE_ID, CLAIM_ID, REFERRAL_ID, TODAY.plusDays(5), "PROV-A"));
    }

    @Test
    void refusesWhenTheServiceIsFullAndNamesTheDay() {
        CareService full = given(aService().withUnits(3).withClaims(3));

        assertIllegalTransition(() -> full.decide(claimToday()), CareService.NO_FREE_UNIT + TODAY, "3 declared, 3 occupied");
    }

    @Test
    void aFullServiceAndAnUnknownReferralAreToldApartByTheRefusalsCodeNotItsWording() {
        org.d2aflow.kit.domain.IllegalTransitionException full = org.assertj.core.api.Assertions.catchThrowableOfType(
                org.d2aflow.kit.domain.IllegalTransitionException.class,
                () -> given(aService().withUnits(3).withClaims(3)).decide(claimToday()));
        org.d2aflow.kit.domain.IllegalTransitionException unknown = org.assertj.core.api.Assertions.catchThrowableOfType(
                org.d2aflow.kit.domain.IllegalTransitionException.class,
                () -> given(aService().withUnits(5)).decide(claim(aReferral().unknown(), TODAY)));

        assertThat(full.code()).isEqualTo(CareService.FULL);
        assertThat(unknown.code()).isEqualTo(org.d2aflow.contracts.reference.RefusalCode.REFERRAL_UNKNOWN.code());
    }

    @Test
    void refusesWhenNoCapacityWasEverDeclaredNamingTheStartDate() {
        InvalidCommandException e = assertInvalid(() -> given(aService()).decide(claimToday()), "startDate");

        assertThat(e.errors().get(0).message()).contains("first declared capacity", "declared none yet");
    }

    @Test
    void aServiceClosedWithZeroUnitsIsFullNotUndeclared() {
        assertIllegalTransition(() -> given(aService().withUnits(0)).decide(claimToday()), CareService.NO_FREE_UNIT + TODAY, "0 declared");
    }

    @Test
    void refusesAClaimThatWouldOverbookALaterDayWhenCapacityDrops() {
        // A free unit today, but claims are open-ended and capacity falls to one next week, already taken.
        CareService service = given(aService().withUnits(2).withUnits(1, TODAY.plusDays(7)).withClaims(1));

        assertIllegalTransition(() -> service.decide(claimToday()), CareService.NO_FREE_UNIT + TODAY.plusDays(7),
                "1 declared, 1 occupied", "would still hold its unit");
    }

    @Test
    void refusesAClaimThatWouldOverbookTheDayAnotherClaimStarts() {
        CareService service = given(aService().withUnits(1).withClaims(1, TODAY.plusDays(3)));

        assertIllegalTransition(() -> service.decide(claimToday()), CareService.NO_FREE_UNIT + TODAY.plusDays(3));
    }

    @Test
    void acceptsAClaimStartingOnceCapacityRises() {
        CareService service = given(aService().withUnits(0).withUnits(1, TODAY.plusDays(3)));

        assertIllegalTransition(() -> service.decide(claimToday()), CareService.NO_FREE_UNIT + TODAY);
        assertThat(service.decide(claim(aReferral(), TODAY.plusDays(3)))).hasSize(1);
    }

    @Test
    void aReleasedClaimFreesItsUnit() {
        CareService service = given(aService().withUnits(1).withClaims(1).released("claim-1"));

        assertThat(service.decide(claimToday())).hasSize(1);
    }

    @Test
    void aClaimTakesAUnitForTheNextClaim() {
        CareService service = given(aService().withUnits(1));
        service.decide(claimToday()).forEach(service::apply);

        assertIllegalTransition(() -> service.decide(new ClaimUnit("another-claim", aReferral().id("another-referral").build(), TODAY, WINDOW)),
                CareService.NO_FREE_UNIT);
        assertThat(service.plan().occupiedOn(TODAY)).isEqualTo(1);
    }

    @Test
    void refusesAClaimIdThatWasUsedBefore() {
        CareService service = given(aService().withUnits(5).withClaim(CLAIM_ID, "someone-else", TODAY));

        assertIllegalTransition(() -> service.decide(claim(aReferral(), TODAY)), "Claim " + CLAIM_ID + " already exists");
    }

    @Test
    void refusesAReferralThatIsUnknownHere() {
        assertIllegalTransition(() -> given(aService().withUnits(5)).decide(claim(aReferral().unknown(), TODAY)), REFERRAL_ID, "unknown");
    }

    @Test
    void refusesAWithdrawnReferral() {
        assertIllegalTransition(() -> given(aService().withUnits(5)).decide(claim(aReferral().withdrawn(), TODAY)), "withdrawn");
    }

    @Test
    void refusesAReferralWithoutAPathwayDecision() {
        assertIllegalTransition(() -> given(aService().withUnits(5)).decide(claim(aReferral().undecided(), TODAY)), "no pathway decision");
    }

    @Test
    void refusesAReferralDecidedForPathwayZero() {
        assertIllegalTransition(() -> given(aService().withUnits(5)).decide(claim(aReferral().decidedFor(ServiceType.SOCIAL_SUPPORT), TODAY)),
                "pathway P0");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ServiceType.class, names = {"REABLEMENT_HOME", "SOCIAL_SUPPORT"}, mode = EnumSource.Mode.EXCLUDE)
    void refusesAReferralWaitingForAnotherServiceType(ServiceType other) {
        CareService service = given(aService().withUnits(5));

        assertIllegalTransition(() -> service.decide(claim(aReferral().decidedFor(other), TODAY)),
                "waiting for " + other, "not for REABLEMENT_HOME");
    }

    @Test
    void refusesAReferralThatHoldsAClaimOnAnotherService() {
        assertIllegalTransition(() -> given(aService().withUnits(5)).decide(claim(aReferral().holding("held-claim", OTHER_SERVICE_ID), TODAY)),
                "already holds claim held-claim on service " + OTHER_SERVICE_ID);
    }

    @Test
    void refusesASecondClaimForTheSameReferralOnThisService() {
        CareService service = given(aService().withUnits(5).withClaim("first-claim", REFERRAL_ID, TODAY));

        assertIllegalTransition(() -> service.decide(claimToday()), "already holds claim first-claim");
    }

    @Test
    void refusesTheReferralBeforeLookingAtCapacity() {
        CareService full = given(aService().withUnits(1).withClaims(1));

        assertIllegalTransition(() -> full.decide(claim(aReferral().withdrawn(), TODAY)), "withdrawn");
    }

    @Test
    void refusesAStartDateOlderThanTheLateEntryWindowAndNamesTheLimit() {
        CareService service = given(aService().withUnits(5, TODAY.minusDays(200)));

        InvalidCommandException e = assertInvalid(() -> service.decide(claim(aReferral(), TODAY.minusDays(91))), "startDate");
        assertThat(e.errors().get(0).message()).contains("on or after " + TODAY.minusDays(90), "90 days late");
    }

    @Test
    void refusesAStartDateBeyondThePlanningHorizon() {
        assertInvalid(() -> given(aService().withUnits(5)).decide(claim(aReferral(), TODAY.plusDays(CareService.HORIZON_DAYS + 1))),
                "startDate");
    }

    @Test
    void refusesAClaimOnAServiceThatIsNotRegistered() {
        assertNotFound(() -> given(aService().notRegistered()).decide(claimToday()), "Service");
    }

    // --- business dates: claims entered late ------------------------------------------------------------

    @Test
    void acceptsAClaimStartingOnTheFirstDayOfTheLateEntryWindow() {
        CareService service = given(aService().withUnits(1, TODAY.minusDays(120)));

        assertThat(service.decide(claim(aReferral(), TODAY.minusDays(90))))
                .containsExactly(new CapacityClaimed(SERVICE_ID, CLAIM_ID, REFERRAL_ID, TODAY.minusDays(90), "PROV-A"));
    }

    @Test
    void theWindowIsTheCallersOrganisationsOwn() {
        CareService service = given(aService().withUnits(1, TODAY.minusDays(120)));
        ClaimUnit tenDaysBack = new ClaimUnit(CLAIM_ID, aReferral().build(), TODAY.minusDays(10), new org.d2aflow.kit.domain.EntryWindow(TODAY, 7));

        assertInvalid(() -> service.decide(tenDaysBack), "startDate");
    }

    @Test
    void aBackDatedClaimCountsAClaimReleasedSinceOnTheDaysItHeldItsUnit() {
        // One unit; a claim held it from 20 days ago until 10 days ago (free again on that day).
        CareService service = given(aService().withUnits(1, TODAY.minusDays(30)).withClaim("old", "old-referral", TODAY.minusDays(20))
                .released("old", TODAY.minusDays(10)));

        assertIllegalTransition(() -> service.decide(claim(aReferral(), TODAY.minusDays(15))),
                CareService.NO_FREE_UNIT + TODAY.minusDays(15), "1 declared, 1 occupied");
        assertThat(service.decide(claim(aReferral(), TODAY.minusDays(10)))).hasSize(1);
    }

    @Test
    void aBackDatedClaimMustStillFitOnEveryLaterDay() {
        CareService service = given(aService().withUnits(1, TODAY.minusDays(30)).withClaims(1, TODAY.minusDays(5)));

        assertIllegalTransition(() -> service.decide(claim(aReferral(), TODAY.minusDays(20))),
                CareService.NO_FREE_UNIT + TODAY.minusDays(5), "would still hold its unit");
    }

    @Test
    void refusesAClaimStartingBeforeTheCapacityItWouldUseNamingTheStartDate() {
        CareService service = given(aService().withUnits(3, TODAY.minusDays(10)));

        InvalidCommandException e = assertInvalid(() -> service.decide(claim(aReferral(), TODAY.minusDays(12))), "startDate");
        assertThat(e.errors().get(0).message()).contains("first declared capacity (from " + TODAY.minusDays(10) + ")",
                TODAY.minusDays(12) + " has no units declared");
        assertThat(service.decide(claim(aReferral(), TODAY.minusDays(10)))).hasSize(1);
    }

    @Test
    void aReleaseWrittenWithoutItsDateIsTakenToHaveHeldItsUnitUntilToday() {
        // Its day is unknown to the aggregate: assuming the unit was held until today never finds room that was not there.
        CareService service = given(aService().withUnits(1, TODAY.minusDays(30)).withClaim("old", "old-referral", TODAY.minusDays(20))
                .releasedWithoutDate("old"));

        assertIllegalTransition(() -> service.decide(claim(aReferral(), TODAY.minusDays(15))), CareService.NO_FREE_UNIT + TODAY.minusDays(15));
        assertThat(service.decide(claimToday())).hasSize(1);
    }
}
