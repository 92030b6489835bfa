package org.d2aflow.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.placement.domain.PlacementTestData.DISCHARGED;
import static org.d2aflow.placement.domain.PlacementTestData.aPlacement;
import static org.d2aflow.placement.domain.PlacementTestData.given;

import java.time.LocalDate;
import java.util.List;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.PlacementEvent;
import org.junit.jupiter.api.Test;

class PlacementApplyTest {

    @Test
    void anEmptyHistoryIsAPlacementThatHasNotStarted() {
        Placement placement = Placement.from(List.of());

        assertThat(placement.started()).isFalse();
        assertThat(placement.version()).isZero();
        assertThat(placement.status()).isNull();
    }

    @Test
    void aStartedPlacementIsActiveAtVersionOneWithItsServiceTypeAndDate() {
        Placement placement = given(aPlacement().of(ServiceType.BEDDED_REABLEMENT).startedOn(DISCHARGED));

        assertThat(placement.started()).isTrue();
        assertThat(placement.version()).isEqualTo(1);
        assertThat(placement.status()).isEqualTo(PlacementStatus.ACTIVE);
        assertThat(placement.serviceType()).isEqualTo(ServiceType.BEDDED_REABLEMENT);
        assertThat(placement.startDate()).isEqualTo(DISCHARGED);
    }

    @Test
    void anEndedPlacementKeepsItsEndDate() {
        Placement placement = given(aPlacement().startedOn(DISCHARGED).endedOn(DISCHARGED.plusDays(9), EndReason.READMITTED));

        assertThat(placement.status()).isEqualTo(PlacementStatus.ENDED);
        assertThat(placement.endDate()).isEqualTo(DISCHARGED.plusDays(9));
        assertThat(placement.version()).isEqualTo(2);
    }

    @Test
    void aFollowUpDoesNotChangeTheStatus() {
        Placement placement = given(aPlacement().startedOn(DISCHARGED).followedUp(Day91Status.AT_HOME));

        assertThat(placement.status()).isEqualTo(PlacementStatus.ACTIVE);
        assertThat(placement.day91Status()).isEqualTo(Day91Status.AT_HOME);
    }

    @Test
    void eachEventIncrementsTheVersionByOne() {
        List<PlacementEvent> history = aPlacement().startedOn(DISCHARGED).endedOn(DISCHARGED.plusDays(20))
                .followedUp(Day91Status.SHARED_LIVES).events();

        Placement placement = Placement.from(List.of());
        for (int i = 0; i < history.size(); i++) {
            placement.apply(history.get(i));
            assertThat(placement.version()).isEqualTo(i + 1);
        }
        assertThat(Placement.from(history).version()).isEqualTo(3);
    }

    @Test
    void aCorrectionReplacesTheStatusAndDateInForce() {
        LocalDate obtained = DISCHARGED.plusDays(95);
        Placement placement = given(aPlacement().startedOn(DISCHARGED).followedUp(Day91Status.AT_HOME, obtained)
                .corrected("evt-1", Day91Status.CARE_HOME, obtained.minusDays(2)));

        assertThat(placement.day91Status()).isEqualTo(Day91Status.CARE_HOME);
        assertThat(placement.followUpObtainedOn()).isEqualTo(obtained.minusDays(2));
        assertThat(placement.version()).isEqualTo(3);
    }
}
