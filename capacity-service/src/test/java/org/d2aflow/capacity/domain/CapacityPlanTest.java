package org.d2aflow.capacity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CapacityPlanTest {

    private static final LocalDate D = LocalDate.of(2026, 11, 20);

    @Test
    void aServiceWithoutDeclarationsHasNoUnits() {
        CapacityPlan plan = new CapacityPlan(Map.of(), List.of());

        assertThat(plan.unitsOn(D)).isZero();
        assertThat(plan.claimableFrom(D)).isZero();
    }

    @Test
    void theUnitsOfADayAreThoseOfTheLatestDeclarationOnOrBeforeIt() {
        CapacityPlan plan = new CapacityPlan(Map.of(D, 10, D.plusDays(5), 4), List.of());

        assertThat(plan.unitsOn(D.minusDays(1))).isZero();
        assertThat(plan.unitsOn(D)).isEqualTo(10);
        assertThat(plan.unitsOn(D.plusDays(4))).isEqualTo(10);
        assertThat(plan.unitsOn(D.plusDays(5))).isEqualTo(4);
        assertThat(plan.unitsOn(D.plusYears(3))).isEqualTo(4);
    }

    @Test
    void aClaimOccupiesItsUnitFromItsStartDateOn() {
        CapacityPlan plan = new CapacityPlan(Map.of(D, 10), List.of(D.plusDays(2), D, D.plusDays(2)));

        assertThat(plan.occupiedOn(D.minusDays(1))).isZero();
        assertThat(plan.occupiedOn(D)).isEqualTo(1);
        assertThat(plan.occupiedOn(D.plusDays(1))).isEqualTo(1);
        assertThat(plan.occupiedOn(D.plusDays(2))).isEqualTo(3);
        assertThat(plan.freeOn(D.plusDays(99))).isEqualTo(7);
    }

    @Test
    void claimableUnitsAreTheFewestFreeOnThatDayOrAnyLaterOne() {
        CapacityPlan plan = new CapacityPlan(Map.of(D, 10, D.plusDays(10), 6), List.of(D, D, D.plusDays(3), D.plusDays(3)));

        assertThat(plan.freeOn(D)).isEqualTo(8);
        assertThat(plan.claimableFrom(D)).isEqualTo(2);
        assertThat(plan.claimableFrom(D.plusDays(10))).isEqualTo(2);
    }

    @Test
    void theFirstShortfallIsTheFirstDayOccupancyWouldExceedTheUnits() {
        CapacityPlan plan = new CapacityPlan(Map.of(D, 2, D.plusDays(4), 1), List.of(D.plusDays(1)));

        assertThat(plan.firstShortfall(D, 1)).isEqualTo(java.util.Optional.of(D.plusDays(4)));
        assertThat(plan.firstShortfall(D, 0)).isEmpty();
        assertThat(plan.withUnits(D.plusDays(4), 2).firstShortfall(D, 1)).isEmpty();
    }

    @Test
    void aReleasedClaimHeldItsUnitUpToTheDayBeforeItsRelease() {
        CapacityPlan plan = CapacityPlan.of(Map.of(D, 2), List.of(new CapacityPlan.Hold(D, D.plusDays(3)), CapacityPlan.Hold.open(D.plusDays(1))));

        assertThat(plan.occupiedOn(D)).isEqualTo(1);
        assertThat(plan.occupiedOn(D.plusDays(2))).isEqualTo(2);
        assertThat(plan.occupiedOn(D.plusDays(3))).isEqualTo(1);
        assertThat(plan.claimableFrom(D)).isZero();
        assertThat(plan.claimableFrom(D.plusDays(3))).isEqualTo(1);
        assertThat(plan.firstShortfall(D, 1)).isEqualTo(java.util.Optional.of(D.plusDays(1)));
    }

    @Test
    void aClaimReleasedOnOrBeforeItsStartHeldNoDay() {
        CapacityPlan plan = CapacityPlan.of(Map.of(D, 1), List.of(new CapacityPlan.Hold(D.plusDays(5), D), new CapacityPlan.Hold(D, D)));

        assertThat(plan.occupiedOn(D)).isZero();
        assertThat(plan.occupiedOn(D.plusDays(6))).isZero();
        assertThat(plan.claimableFrom(D)).isEqualTo(1);
    }
}
