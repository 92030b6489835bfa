package org.d2aflow.referral.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.domain.ReferralTestData.ADMITTED;
import static org.d2aflow.referral.domain.ReferralTestData.REFERRAL_ID;
import static org.d2aflow.referral.domain.ReferralTestData.aReferral;
import static org.d2aflow.referral.domain.ReferralTestData.given;
import static org.d2aflow.testkit.Refusals.assertIllegalTransition;
import static org.d2aflow.testkit.Refusals.assertInvalid;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.referral.domain.ReferralCommand.Withdraw;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class WithdrawReferralTest {

    @Test
    void withdrawsWithTheReasonTrimmed() {
        Referral referral = given(aReferral());

        assertThat(referral.decide(new Withdraw("  Entered in error \n")))
                .containsExactly(new ReferralWithdrawn(REFERRAL_ID, "Entered in error"));
    }

    @Test
    void withdrawsAfterThePathwayIsDecided() {
        Referral referral = given(aReferral().withDischargeReadyDate(ADMITTED.plusDays(3)).onPathway(Pathway.P2, ServiceType.BEDDED_REHAB));

        assertThat(referral.decide(new Withdraw("Transferred to another trust")))
                .containsExactly(new ReferralWithdrawn(REFERRAL_ID, "Transferred to another trust"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t\n"})
    void refusesABlankReason(String reason) {
        assertInvalid(() -> given(aReferral()).decide(new Withdraw(reason)), "reason");
    }

    @Test
    void refusesAReasonLongerThan200Characters() {
        assertInvalid(() -> given(aReferral()).decide(new Withdraw("r".repeat(Referral.MAX_TEXT + 1))), "reason");
    }

    @Test
    void refusesASecondWithdrawal() {
        Referral referral = given(aReferral().withdrawn());

        assertIllegalTransition(() -> referral.decide(new Withdraw("Again")), "withdraw", "withdrawn");
    }

    @Test
    void refusesAWithdrawalAfterDischarge() {
        Referral referral = given(aReferral().dischargedOn(ADMITTED.plusDays(4)));

        assertIllegalTransition(() -> referral.decide(new Withdraw("Too late")), "withdraw", "discharged");
    }
}
