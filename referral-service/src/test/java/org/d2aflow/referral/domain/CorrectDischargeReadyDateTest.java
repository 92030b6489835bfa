package org.d2aflow.referral.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.d2aflow.referral.domain.ReferralTestData.ADMITTED;
import static org.d2aflow.referral.domain.ReferralTestData.CORRECTOR;
import static org.d2aflow.referral.domain.ReferralTestData.REFERRAL_ID;
import static org.d2aflow.referral.domain.ReferralTestData.TODAY;
import static org.d2aflow.referral.domain.ReferralTestData.WINDOW;
import static org.d2aflow.referral.domain.ReferralTestData.aReferral;
import static org.d2aflow.referral.domain.ReferralTestData.given;
import static org.d2aflow.testkit.Refusals.assertInvalid;

import java.time.LocalDate;

import org.d2aflow.contracts.reference.RefusalCode;
import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.referral.domain.ReferralCommand.CorrectDischargeReadyDate;
import org.d2aflow.referral.domain.ReferralCommand.Correction;
import org.d2aflow.referral.domain.ReferralCommand.RecordDischarge;
import org.junit.jupiter.api.Test;

/** A discharge ready date that was never right is replaced, also after the discharge, naming the date it corrects. */
class CorrectDischargeReadyDateTest {

    private static final LocalDate DRD = ADMITTED.plusDays(7);
    private static final String FACT = "a7e3c1d2-4b5f-4e6a-8c9d-0b1a2c3d4e5f";

    private static CorrectDischargeReadyDate correct(LocalDate date) {
        return new CorrectDischargeReadyDate(new Correction(FACT, "MDT notes say the 8th", CORRECTOR), date, WINDOW);
    }

    @Test
    void correctsTheDischargeReadyDateNamingTheFactWhoAndWhy() {
        Referral referral = given(aReferral().withDischargeReadyDate(DRD));

        assertThat(referral.decide(correct(DRD.minusDays(1))))
                .containsExactly(new DischargeReadyDateCorrected(REFERRAL_ID, FACT, DRD.minusDays(1), "MDT notes say the 8th", CORRECTOR));
    }

    @Test
    void theLatestSetOrCorrectionIsTheFactToCorrect() {
        Referral referral = given(aReferral().withDischargeReadyDate(DRD).readyDateCorrectedTo(DRD.minusDays(1)));

        assertThat(referral.readyDateFact()).isEqualTo(3);
        // The corrected date now stands: a discharge on the original date is on or after it.
        assertThat(referral.decide(new RecordDischarge(DRD.minusDays(1), "19", "1", WINDOW))).hasSize(1);
    }

    @Test
    void correctsItAfterTheDischargeWhenTheDischargeIsNotBeforeIt() {
        Referral referral = given(aReferral().withDischargeReadyDate(DRD).dischargedOn(DRD.plusDays(3)));

        assertThat(referral.decide(correct(DRD.plusDays(3)))).hasSize(1);
        assertThatThrownBy(() -> referral.decide(correct(DRD.plusDays(4)))).isExactlyInstanceOf(IllegalTransitionException.class)
                .satisfies(e -> assertThat(((IllegalTransitionException) e).code()).isEqualTo(RefusalCode.DISCHARGE_BEFORE_READY_DATE.code()));
    }

    @Test
    void refusesWhenThereIsNoDischargeReadyDate() {
        assertThatThrownBy(() -> given(aReferral()).decide(new CorrectDischargeReadyDate(new Correction(null, "why", CORRECTOR), DRD,
                WINDOW))).isExactlyInstanceOf(IllegalTransitionException.class)
                .satisfies(e -> assertThat(((IllegalTransitionException) e).code()).isEqualTo(RefusalCode.NO_READY_DATE_TO_CORRECT.code()));
    }

    @Test
    void refusesOnAWithdrawnReferral() {
        assertThatThrownBy(() -> given(aReferral().withDischargeReadyDate(DRD).withdrawn()).decide(correct(DRD.plusDays(1))))
                .isExactlyInstanceOf(IllegalTransitionException.class)
                .satisfies(e -> assertThat(((IllegalTransitionException) e).code()).isEqualTo(RefusalCode.REFERRAL_WITHDRAWN.code()));
    }

    @Test
    void refusesTheSameDateADateBeforeAdmissionOrBeyondTheWindow() {
        assertInvalid(() -> given(aReferral().withDischargeReadyDate(DRD)).decide(correct(DRD)), "dischargeReadyDate");
        assertInvalid(() -> given(aReferral().withDischargeReadyDate(DRD)).decide(correct(ADMITTED.minusDays(1))), "dischargeReadyDate");
        Referral old = given(aReferral().admittedOn(TODAY.minusDays(200)).withDischargeReadyDate(TODAY.minusDays(10)));
        assertInvalid(() -> old.decide(correct(TODAY.minusDays(91))), "dischargeReadyDate");
        assertThat(old.decide(correct(TODAY.minusDays(90)))).hasSize(1);
    }

    @Test
    void aCorrectedDateMayLieInTheFutureBeforeTheDischarge() {
        assertThat(given(aReferral().withDischargeReadyDate(DRD)).decide(correct(TODAY.plusDays(2)))).hasSize(1);
    }

    @Test
    void refusesWithoutAReason() {
        assertInvalid(() -> given(aReferral().withDischargeReadyDate(DRD)).decide(new CorrectDischargeReadyDate(
                new Correction(FACT, "", CORRECTOR), DRD.plusDays(1), WINDOW)), "reason");
    }
}
