package org.d2aflow.referral.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.domain.ReferralTestData.ADMITTED;
import static org.d2aflow.referral.domain.ReferralTestData.REFERRAL_ID;
import static org.d2aflow.referral.domain.ReferralTestData.WINDOW;
import static org.d2aflow.referral.domain.ReferralTestData.aReferral;
import static org.d2aflow.referral.domain.ReferralTestData.given;
import static org.d2aflow.testkit.Refusals.assertIllegalTransition;
import static org.d2aflow.testkit.Refusals.assertInvalid;

import java.time.LocalDate;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.referral.domain.ReferralCommand.RecordDischarge;
import org.d2aflow.referral.domain.ReferralCommand.SetDischargeReadyDate;
import org.junit.jupiter.api.Test;

class SetDischargeReadyDateTest {

    private static final LocalDate DRD = ADMITTED.plusDays(7);

    private static SetDischargeReadyDate drd(LocalDate date) {
        return new SetDischargeReadyDate(date, WINDOW);
    }

    @Test
    void setsTheFirstDischargeReadyDate() {
        Referral referral = given(aReferral().admittedOn(ADMITTED));

        assertThat(referral.decide(drd(DRD))).containsExactly(new DischargeReadyDateSet(REFERRAL_ID, DRD));
    }

    @Test
    void movesTheDischargeReadyDateLater() {
        Referral referral = given(aReferral().withDischargeReadyDate(DRD));

        assertThat(referral.decide(drd(DRD.plusDays(2)))).containsExactly(new DischargeReadyDateSet(REFERRAL_ID, DRD.plusDays(2)));
    }

    @Test
    void movesTheDischargeReadyDateEarlier() {
        Referral referral = given(aReferral().withDischargeReadyDate(DRD));

        assertThat(referral.decide(drd(DRD.minusDays(3)))).containsExactly(new DischargeReadyDateSet(REFERRAL_ID, DRD.minusDays(3)));
    }

    @Test
    void theLatestDischargeReadyDateWinsWhenItWasMovedLater() {
        Referral referral = given(aReferral().withDischargeReadyDate(DRD).withDischargeReadyDate(DRD.plusDays(4)));

        // A discharge on the first DRD is now before the current one.
        assertIllegalTransition(() -> referral.decide(new RecordDischarge(DRD, "19", "1", WINDOW)), "discharge ready date");
    }

    @Test
    void theLatestDischargeReadyDateWinsWhenItWasMovedEarlier() {
        Referral referral = given(aReferral().withDischargeReadyDate(DRD).withDischargeReadyDate(DRD.minusDays(4)));

        assertThat(referral.decide(new RecordDischarge(DRD.minusDays(4), "19", "1", WINDOW))).hasSize(1);
    }

    @Test
    void givesNoEventWhenTheSameDateIsSetAgain() {
        Referral referral = given(aReferral().withDischargeReadyDate(DRD));

        assertThat(referral.decide(drd(DRD))).isEmpty();
    }

    @Test
    void givesNoEventWhenTheLatestDateIsSetAgainAfterAMove() {
        Referral referral = given(aReferral().withDischargeReadyDate(DRD).withDischargeReadyDate(DRD.plusDays(1)));

        assertThat(referral.decide(drd(DRD.plusDays(1)))).isEmpty();
        assertThat(referral.decide(drd(DRD))).containsExactly(new DischargeReadyDateSet(REFERRAL_ID, DRD));
    }

    @Test
    void allowsTheDischargeReadyDateOnTheAdmissionDay() {
        Referral referral = given(aReferral().admittedOn(ADMITTED));

        assertThat(referral.decide(drd(ADMITTED))).containsExactly(new DischargeReadyDateSet(REFERRAL_ID, ADMITTED));
    }

    @Test
    void refusesADischargeReadyDateBeforeTheAdmission() {
        Referral referral = given(aReferral().admittedOn(ADMITTED));

        assertInvalid(() -> referral.decide(drd(ADMITTED.minusDays(1))), "dischargeReadyDate");
    }

    @Test
    void allowsSettingTheDischargeReadyDateAfterThePathwayIsDecided() {
        Referral referral = given(aReferral().onPathway(Pathway.P1, ServiceType.REABLEMENT_HOME));

        assertThat(referral.decide(drd(DRD))).containsExactly(new DischargeReadyDateSet(REFERRAL_ID, DRD));
    }

    @Test
    void refusesADischargeReadyDateAfterTheDischarge() {
        Referral referral = given(aReferral().withDischargeReadyDate(DRD).dischargedOn(DRD.plusDays(1)));

        assertIllegalTransition(() -> referral.decide(drd(DRD.plusDays(2))), "discharged");
    }

    @Test
    void refusesADischargeReadyDateAfterTheWithdrawal() {
        Referral referral = given(aReferral().withdrawn());

        assertIllegalTransition(() -> referral.decide(drd(DRD)), "withdrawn");
    }
}
