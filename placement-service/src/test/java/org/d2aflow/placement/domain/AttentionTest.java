package org.d2aflow.placement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.placement.domain.PlacementTestData.DISCHARGED;

import java.time.LocalDate;

import org.d2aflow.contracts.reference.DischargeCodes;
import org.junit.jupiter.api.Test;

class AttentionTest {

    private static final ReferralFacts AS_RECORDED = new ReferralFacts(DISCHARGED, "19", false);

    @Test
    void aPlacementThatAgreesWithItsDischargeNeedsNothing() {
        assertThat(Attention.of(PlacementStatus.ACTIVE, DISCHARGED, DISCHARGED.plusDays(91), AS_RECORDED)).isEmpty();
    }

    @Test
    void aStartedPlacementWhoseDischargeWasVoidedIsFlaggedNotChanged() {
        ReferralFacts voided = new ReferralFacts(null, null, false, true);

        assertThat(Attention.of(PlacementStatus.ENDED, DISCHARGED, null, voided)).singleElement()
                .satisfies(a -> {
                    assertThat(a.code()).isEqualTo("not-discharged");
                    assertThat(a.detail()).contains("voided", DISCHARGED.toString());
                });
    }

    @Test
    void aPendingPlacementIsNotFlaggedItsStartIsRefusedInstead() {
        assertThat(Attention.of(PlacementStatus.PENDING, null, null, new ReferralFacts(null, null, false, true))).isEmpty();
    }

    @Test
    void aDischargeCorrectedToAfterTheStartFlagsTheStartAndAFollowUpNowBeforeDay91() {
        LocalDate corrected = DISCHARGED.plusDays(4);
        ReferralFacts later = new ReferralFacts(corrected, "19", false);

        assertThat(Attention.of(PlacementStatus.ACTIVE, DISCHARGED, DISCHARGED.plusDays(92), later))
                .extracting(Attention::code).containsExactly("start-before-discharge", "follow-up-not-due");
    }

    @Test
    void aDischargeCorrectedToADeathInHospitalIsFlagged() {
        ReferralFacts died = new ReferralFacts(DISCHARGED, DischargeCodes.DESTINATION_DIED, false);

        assertThat(Attention.of(PlacementStatus.ACTIVE, DISCHARGED, null, died)).extracting(Attention::code)
                .containsExactly("died-in-hospital");
    }
}
