package org.d2aflow.capacity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.capacity.domain.CareServiceTestData.SERVICE_ID;
import static org.d2aflow.capacity.domain.CareServiceTestData.TODAY;
import static org.d2aflow.capacity.domain.CareServiceTestData.WINDOW;
import static org.d2aflow.capacity.domain.CareServiceTestData.aService;
import static org.d2aflow.capacity.domain.CareServiceTestData.given;
import static org.d2aflow.testkit.Refusals.assertIllegalTransition;
import static org.d2aflow.testkit.Refusals.assertInvalid;
import static org.d2aflow.testkit.Refusals.assertNotFound;

import java.time.LocalDate;

import org.d2aflow.capacity.domain.CareServiceCommand.SetCapacity;
import org.d2aflow.contracts.capacity.CapacitySet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SetCapacityTest {

    private static SetCapacity units(int units, LocalDate from) {
        return new SetCapacity(units, from, WINDOW);
    }

    @Test
    void declaresUnitsFromToday() {
        assertThat(given(aService()).decide(units(35, TODAY))).containsExactly(new CapacitySet(SERVICE_ID, 35, TODAY));
    }

    @Test
    void declaresAChangeFromALaterDateAndKeepsTheUnitsBeforeIt() {
        CareService service = given(aService().withUnits(35));

        service.decide(units(30, TODAY.plusDays(7))).forEach(service::apply);

        assertThat(service.plan().unitsOn(TODAY.plusDays(6))).isEqualTo(35);
        assertThat(service.plan().unitsOn(TODAY.plusDays(7))).isEqualTo(30);
        assertThat(service.plan().unitsOn(TODAY.plusDays(400))).isEqualTo(30);
    }

    @Test
    void aLaterDeclarationForTheSameDateReplacesTheEarlierOne() {
        CareService service = given(aService().withUnits(10, TODAY.plusDays(3)).withUnits(12, TODAY.plusDays(3)));

        assertThat(service.plan().unitsOn(TODAY.plusDays(3))).isEqualTo(12);
        assertThat(service.plan().declarations()).hasSize(1);
    }

    @Test
    void declaringTheUnitsAlreadyInForceRecordsNothing() {
        assertThat(given(aService().withUnits(35)).decide(units(35, TODAY.plusDays(2)))).isEmpty();
    }

    @Test
    void zeroUnitsCloseTheService() {
        assertThat(given(aService().withUnits(5)).decide(units(0, TODAY.plusDays(1))))
                .containsExactly(new CapacitySet(SERVICE_ID, 0, TODAY.plusDays(1)));
    }

    @Test
    void cutsCapacityDownToExactlyTheUnitsClaimed() {
        CareService service = given(aService().withUnits(10).withClaims(4));

        assertThat(service.decide(units(4, TODAY))).containsExactly(new CapacitySet(SERVICE_ID, 4, TODAY));
    }

    @Test
    void refusesToCutBelowTheUnitsClaimedAndNamesHowManyAreOccupied() {
        CareService service = given(aService().withUnits(10).withClaims(4));

        assertIllegalTransition(() -> service.decide(units(3, TODAY)), "Cannot declare 3 units", "4 units are occupied on " + TODAY);
    }

    @Test
    void refusesAFutureCutBelowClaimsThatWillHaveStartedByThen() {
        // Claims hold their unit until released: two claims starting next week still hold them the week after.
        CareService service = given(aService().withUnits(10).withClaims(2, TODAY.plusDays(7)));

        assertIllegalTransition(() -> service.decide(units(1, TODAY.plusDays(14))), "2 units are occupied on " + TODAY.plusDays(14));
    }

    @Test
    void refusesACutThatStrandsAClaimStartingAfterIt() {
        CareService service = given(aService().withUnits(3).withClaims(3, TODAY.plusDays(10)));

        assertIllegalTransition(() -> service.decide(units(2, TODAY.plusDays(2))), "3 units are occupied on " + TODAY.plusDays(10));
    }

    @Test
    void allowsACutOnDaysBeforeClaimsStartWhenTheUnitsReturnInTime() {
        CareService service = given(aService().withUnits(3).withUnits(3, TODAY.plusDays(10)).withClaims(3, TODAY.plusDays(10)));

        assertThat(service.decide(units(0, TODAY.plusDays(2)))).containsExactly(new CapacitySet(SERVICE_ID, 0, TODAY.plusDays(2)));
    }

    @Test
    void aReleasedClaimNoLongerHoldsCapacity() {
        CareService service = given(aService().withUnits(2).withClaims(2).released("claim-1"));

        assertThat(service.decide(units(1, TODAY))).containsExactly(new CapacitySet(SERVICE_ID, 1, TODAY));
    }

    @Test
    void refusesADateOlderThanTheLateEntryWindow() {
        assertInvalid(() -> given(aService()).decide(units(5, TODAY.minusDays(91))), "fromDate");
    }

    @Test
    void refusesADateBeyondThePlanningHorizon() {
        assertInvalid(() -> given(aService()).decide(units(5, TODAY.plusDays(CareService.HORIZON_DAYS + 1))), "fromDate");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, CareService.MAX_UNITS + 1, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void refusesUnitsOutOfRange(int units) {
        assertInvalid(() -> given(aService()).decide(units(units, TODAY)), "units");
    }

    @Test
    void refusesBothBadValuesAtOnce() {
        assertInvalid(() -> given(aService()).decide(units(-5, TODAY.minusDays(300))), "units", "fromDate");
    }

    @Test
    void refusesCapacityForAServiceThatIsNotRegistered() {
        assertNotFound(() -> given(aService().notRegistered()).decide(units(5, TODAY)), "Service");
    }

    // --- business dates: capacity declared late -----------------------------------------------------------

    @Test
    void declaresUnitsFromTheFirstDayOfTheLateEntryWindow() {
        assertThat(given(aService()).decide(units(5, TODAY.minusDays(90)))).containsExactly(new CapacitySet(SERVICE_ID, 5, TODAY.minusDays(90)));
    }

    @Test
    void refusesTheDayBeforeTheWindowAndNamesTheLimit() {
        org.d2aflow.kit.domain.InvalidCommandException e = assertInvalid(() -> given(aService()).decide(units(5, TODAY.minusDays(91))),
                "fromDate");

        assertThat(e.errors().get(0).message()).contains("must be on or after " + TODAY.minusDays(90), "91 days ago");
    }

    @Test
    void aBackDatedDeclarationShowsOnItsOwnDaysOnly() {
        CareService service = given(aService().withUnits(10));
        service.decide(units(4, TODAY.minusDays(7))).forEach(service::apply);

        assertThat(service.plan().unitsOn(TODAY.minusDays(8))).isZero();
        assertThat(service.plan().unitsOn(TODAY.minusDays(7))).isEqualTo(4);
        assertThat(service.plan().unitsOn(TODAY)).isEqualTo(10);
    }

    @Test
    void aBackDatedCutCountsClaimsReleasedSinceOnTheDaysTheyHeldTheirUnit() {
        // Three claims held units from 20 days ago; one was given back 5 days ago.
        CareService service = given(aService().withUnits(3, TODAY.minusDays(30)).withClaims(3, TODAY.minusDays(20))
                .released("claim-1", TODAY.minusDays(5)));

        assertIllegalTransition(() -> service.decide(units(2, TODAY.minusDays(25))), "Cannot declare 2 units",
                "3 units are occupied on " + TODAY.minusDays(20));
        assertThat(service.decide(units(2, TODAY.minusDays(5)))).containsExactly(new CapacitySet(SERVICE_ID, 2, TODAY.minusDays(5)));
    }
}
