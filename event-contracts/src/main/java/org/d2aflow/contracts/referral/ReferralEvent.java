package org.d2aflow.contracts.referral;

import org.d2aflow.contracts.D2aEvent;

/** The facts of one discharge case, from submission to discharge or withdrawal; the stream id is the referral id. */
public sealed interface ReferralEvent extends D2aEvent
        permits ReferralSubmitted, DischargeReadyDateSet, PathwayDecided, PatientDischarged, ReferralWithdrawn,
        DischargeCorrected, DischargeVoided, DischargeReadyDateCorrected, DelayReasonRecorded {

    /** The referral (discharge case) this fact is about. */
    String referralId();

    @Override
    default String streamId() {
        return referralId();
    }
}
