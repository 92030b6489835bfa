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

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.reference.RefusalCode;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.referral.domain.ReferralCommand.CorrectDischarge;
import org.d2aflow.referral.domain.ReferralCommand.Correction;
import org.junit.jupiter.api.Test;

/** Amending a recorded discharge: the values given replace the discharge's, the rest are carried, under a discharge's rules. */
class CorrectDischargeTest {

    private static final LocalDate DRD = ADMITTED.plusDays(7);
    private static final LocalDate DISCHARGED = DRD.plusDays(2);
    private static final String FACT = "6d1a7f0e-2c55-4d0b-9a53-0d6d3f1b2a10";
    private static final Correction BECAUSE = new Correction(FACT, "  Typed the transport day, not the discharge day ", CORRECTOR);

    private static CorrectDischarge correct(LocalDate date, String destination, String method) {
        return new CorrectDischarge(BECAUSE, date, destination, method, null, WINDOW);
    }

    private static Referral discharged() {
        return given(aReferral().withDischargeReadyDate(DRD).onPathway(Pathway.P1, ServiceType.REABLEMENT_HOME)
                .dischargedAged(DISCHARGED, 84));
    }

    @Test
    void replacesTheDateAndCarriesTheCodesNamingTheFactWhoAndWhy() {
        assertThat(discharged().decide(new CorrectDischarge(BECAUSE, DISCHARGED.plusDays(1), null, null, 85, WINDOW)))
                .containsExactly(new DischargeCorrected(REFERRAL_ID, FACT, DISCHARGED.plusDays(1), "19", "1", 85,
                        "Typed the transport day, not the discharge day", CORRECTOR));
    }

    @Test
    void replacesTheDestinationAndCarriesTheDateAndTheAgeAtDischarge() {
        assertThat(discharged().decide(correct(null, "85", null)))
                .containsExactly(new DischargeCorrected(REFERRAL_ID, FACT, DISCHARGED, "85", "1", 84,
                        "Typed the transport day, not the discharge day", CORRECTOR));
    }

    @Test
    void correctsACorrectionWhichThenStandsForTheDischarge() {
        Referral referral = given(aReferral().dischargedOn(DISCHARGED).dischargeCorrectedTo(DISCHARGED, "85", "1"));

        assertThat(referral.decide(correct(null, null, "6"))).singleElement()
                .satisfies(e -> assertThat(((DischargeCorrected) e).destinationCode()).isEqualTo("85"));
        assertThat(referral.dischargeFact()).as("the correction, version 3, stands for the discharge").isEqualTo(3);
        assertThat(referral.status()).isEqualTo(ReferralStatus.DISCHARGED);
    }

    @Test
    void refusesWhenThereIsNoDischargeToCorrect() {
        Referral inHospital = given(aReferral().onPathway(Pathway.P1, ServiceType.REABLEMENT_HOME));

        assertThatThrownBy(() -> inHospital.decide(new CorrectDischarge(new Correction(null, "why", CORRECTOR), DISCHARGED, null, null,
                null, WINDOW))).isExactlyInstanceOf(IllegalTransitionException.class)
                .satisfies(e -> assertThat(((IllegalTransitionException) e).code()).isEqualTo(RefusalCode.NO_DISCHARGE_TO_CORRECT.code()));
        assertThat(inHospital.dischargeFact()).isZero();
    }

    @Test
    void refusesABlankMissingOrOverlongReason() {
        for (String reason : new String[] {null, "", "   ", "x".repeat(Referral.MAX_REASON + 1)}) {
            assertInvalid(() -> discharged().decide(new CorrectDischarge(new Correction(FACT, reason, CORRECTOR), null, "85", null, null,
                    WINDOW)), "reason");
        }
        assertThat(discharged().decide(new CorrectDischarge(new Correction(FACT, "x".repeat(Referral.MAX_REASON), CORRECTOR), null,
                "85", null, null, WINDOW))).hasSize(1);
    }

    @Test
    void refusesACorrectionThatChangesNothing() {
        assertInvalid(() -> discharged().decide(correct(null, null, null)), "dischargeDate");
        assertInvalid(() -> discharged().decide(correct(DISCHARGED, "19", "1")), "dischargeDate");
        assertInvalid(() -> discharged().decide(correct(null, "19", null)), "destinationCode");
    }

    @Test
    void theCorrectedDischargeObeysTheCodeRules() {
        assertInvalid(() -> discharged().decide(correct(null, "20", null)), "destinationCode");
        assertInvalid(() -> discharged().decide(correct(null, null, "0")), "methodCode");
        // Died: destination 79 with the carried method 1 is inconsistent, and so is method 4 with the carried destination 19.
        assertInvalid(() -> discharged().decide(correct(null, "79", null)), "methodCode");
        assertInvalid(() -> discharged().decide(correct(null, null, "4")), "methodCode");
        assertThat(discharged().decide(correct(null, "79", "4"))).hasSize(1);
    }

    @Test
    void theCorrectedDateIsNotBeforeAdmissionNorInTheFuture() {
        assertInvalid(() -> discharged().decide(correct(ADMITTED.minusDays(1), null, null)), "dischargeDate");
        assertInvalid(() -> discharged().decide(correct(TODAY.plusDays(1), null, null)), "dischargeDate");
    }

    @Test
    void theCorrectedDateIsNotBeforeTheDischargeReadyDate() {
        assertThatThrownBy(() -> discharged().decide(correct(DRD.minusDays(1), null, null)))
                .isExactlyInstanceOf(IllegalTransitionException.class)
                .satisfies(e -> assertThat(((IllegalTransitionException) e).code())
                        .isEqualTo(RefusalCode.DISCHARGE_BEFORE_READY_DATE.code()));
        assertThat(discharged().decide(correct(DRD, null, null))).hasSize(1);
    }

    @Test
    void aNewDateMustBeWithinTheWindowButACarriedOneNeedNot() {
        LocalDate longAgo = TODAY.minusDays(200);
        Referral old = given(aReferral().admittedOn(longAgo).dischargedOn(longAgo.plusDays(5)));

        assertThat(old.decide(correct(null, "85", null))).as("only the destination is new").hasSize(1);
        assertInvalid(() -> old.decide(correct(TODAY.minusDays(91), null, null)), "dischargeDate");
        assertThat(old.decide(correct(TODAY.minusDays(90), null, null))).hasSize(1);
    }
}
