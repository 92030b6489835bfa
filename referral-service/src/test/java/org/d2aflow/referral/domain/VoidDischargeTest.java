package org.d2aflow.referral.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.d2aflow.referral.domain.ReferralTestData.ADMITTED;
import static org.d2aflow.referral.domain.ReferralTestData.CORRECTOR;
import static org.d2aflow.referral.domain.ReferralTestData.REFERRAL_ID;
import static org.d2aflow.referral.domain.ReferralTestData.WINDOW;
import static org.d2aflow.referral.domain.ReferralTestData.aReferral;
import static org.d2aflow.referral.domain.ReferralTestData.given;
import static org.d2aflow.testkit.Refusals.assertInvalid;

import java.time.LocalDate;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.reference.RefusalCode;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.referral.domain.ReferralCommand.Correction;
import org.d2aflow.referral.domain.ReferralCommand.RecordDischarge;
import org.d2aflow.referral.domain.ReferralCommand.VoidDischarge;
import org.junit.jupiter.api.Test;

/** A discharge recorded for the wrong referral is voided: the patient is back in hospital and may be discharged again. */
class VoidDischargeTest {

    private static final LocalDate DISCHARGED = ADMITTED.plusDays(9);
    private static final String FACT = "0f3c2b1a-8e7d-4c6b-9a5f-1e2d3c4b5a69";

    private static VoidDischarge voiding(String reason) {
        return new VoidDischarge(new Correction(FACT, reason, CORRECTOR));
    }

    @Test
    void voidsTheDischargeNamingTheFactWhoAndWhy() {
        Referral referral = given(aReferral().onPathway(Pathway.P2, ServiceType.BEDDED_REABLEMENT).dischargedOn(DISCHARGED));

        assertThat(referral.decide(voiding("Recorded for the wrong patient ")))
                .containsExactly(new DischargeVoided(REFERRAL_ID, FACT, "Recorded for the wrong patient", CORRECTOR));
    }

    @Test
    void aVoidedDischargePutsTheReferralBackToItsStatusBeforeTheDischarge() {
        Referral decided = given(aReferral().onPathway(Pathway.P2, ServiceType.BEDDED_REABLEMENT).dischargedOn(DISCHARGED).dischargeVoided());
        Referral submitted = given(aReferral().dischargedOn(DISCHARGED).dischargeVoided());

        assertThat(decided.status()).isEqualTo(ReferralStatus.PATHWAY_DECIDED);
        assertThat(submitted.status()).isEqualTo(ReferralStatus.SUBMITTED);
        assertThat(decided.dischargeFact()).isZero();
    }

    @Test
    void aReferralWhoseDischargeWasVoidedMayBeDischargedAgain() {
        Referral referral = given(aReferral().dischargedOn(DISCHARGED).dischargeVoided());

        assertThat(referral.decide(new RecordDischarge(DISCHARGED.plusDays(3), "19", "1", WINDOW)))
                .containsExactly(new PatientDischarged(REFERRAL_ID, DISCHARGED.plusDays(3), "19", "1"));
    }

    @Test
    void aCorrectedDischargeCanBeVoided() {
        Referral referral = given(aReferral().dischargedOn(DISCHARGED).dischargeCorrectedTo(DISCHARGED, "85", "1"));

        assertThat(referral.decide(voiding("Wrong patient"))).hasSize(1);
    }

    @Test
    void refusesWhenThereIsNoDischargeToVoid() {
        for (Referral none : new Referral[] {given(aReferral()), given(aReferral().dischargedOn(DISCHARGED).dischargeVoided()),
                given(aReferral().withdrawn())}) {
            assertThatThrownBy(() -> none.decide(new VoidDischarge(new Correction(null, "why", CORRECTOR))))
                    .isExactlyInstanceOf(IllegalTransitionException.class)
                    .satisfies(e -> assertThat(((IllegalTransitionException) e).code()).isEqualTo(RefusalCode.NO_DISCHARGE_TO_CORRECT.code()));
        }
    }

    @Test
    void refusesWithoutAReason() {
        Referral referral = given(aReferral().dischargedOn(DISCHARGED));

        assertInvalid(() -> referral.decide(voiding(" ")), "reason");
        assertInvalid(() -> referral.decide(voiding(null)), "reason");
    }
}
