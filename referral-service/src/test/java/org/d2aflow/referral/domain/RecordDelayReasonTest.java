package org.d2aflow.referral.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.d2aflow.referral.domain.ReferralTestData.ADMITTED;
import static org.d2aflow.referral.domain.ReferralTestData.REFERRAL_ID;
import static org.d2aflow.referral.domain.ReferralTestData.TODAY;
import static org.d2aflow.referral.domain.ReferralTestData.WINDOW;
import static org.d2aflow.referral.domain.ReferralTestData.aReferral;
import static org.d2aflow.referral.domain.ReferralTestData.given;
import static org.d2aflow.testkit.Refusals.assertInvalid;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.d2aflow.contracts.referral.DelayReasonRecorded;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.referral.domain.ReferralCommand.RecordDelayReason;
import org.junit.jupiter.api.Test;

/** A reason for delay applies from a date between the discharge ready date and the discharge; one per date, the latest wins. */
class RecordDelayReasonTest {

    private static final LocalDate DRD = ADMITTED.plusDays(7);

    private static RecordDelayReason reason(String code, LocalDate from) {
        return new RecordDelayReason("acute-sitrep-2023", 1, code, from, WINDOW);
    }

    @Test
    void recordsTheReasonWithItsListVersionAndDate() {
        Referral referral = given(aReferral().withDischargeReadyDate(DRD));
        assertThat(referral.decide(reason("15", DRD))).containsExactly(new DelayReasonRecorded(REFERRAL_ID, "acute-sitrep-2023", 1, "15", DRD));
    }

    @Test
    void aSecondReasonForADateReplacesTheFirstAndTheSameAgainIsNothing() {
        List<ReferralEvent> history = new ArrayList<>(aReferral().withDischargeReadyDate(DRD).events());
        history.add(new DelayReasonRecorded(REFERRAL_ID, "acute-sitrep-2023", 1, "15", DRD));
        Referral referral = Referral.from(history);
        assertThat(referral.decide(reason("15", DRD))).isEmpty();
        assertThat(referral.decide(reason("13", DRD))).hasSize(1);
        // Same code, another list version: a different record.
        assertThat(referral.decide(new RecordDelayReason("acute-sitrep-2023", 2, "15", DRD, WINDOW))).hasSize(1);
    }

    @Test
    void theDateLiesFromTheReadyDateToTheDayBeforeTheDischarge() {
        assertInvalid(() -> given(aReferral()).decide(reason("1", DRD)), "effectiveFrom");
        Referral waiting = given(aReferral().withDischargeReadyDate(DRD));
        assertInvalid(() -> waiting.decide(reason("1", DRD.minusDays(1))), "effectiveFrom");
        assertInvalid(() -> waiting.decide(reason("1", TODAY.plusDays(1))), "effectiveFrom");
        Referral discharged = given(aReferral().withDischargeReadyDate(DRD).dischargedOn(DRD.plusDays(3)));
        assertInvalid(() -> discharged.decide(reason("1", DRD.plusDays(3))), "effectiveFrom");
        assertThat(discharged.decide(reason("1", DRD.plusDays(2)))).hasSize(1);
    }

    @Test
    void notOnAWithdrawnReferral() {
        Referral withdrawn = given(aReferral().withDischargeReadyDate(DRD).withdrawn());
        assertThatThrownBy(() -> withdrawn.decide(reason("1", DRD))).isExactlyInstanceOf(IllegalTransitionException.class);
    }
}
