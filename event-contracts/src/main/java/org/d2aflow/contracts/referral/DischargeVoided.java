package org.d2aflow.contracts.referral;

import org.d2aflow.contracts.internal.Require;

/**
 * A discharge was recorded for the wrong referral: it is voided, and the referral is back in hospital as if the
 * discharge named by {@code correctsEventId} had never been recorded. The original stays on the log; figures as
 * known before this event still show it.
 *
 * @param correctsEventId the CloudEvents id of the discharge (or of its latest correction) being voided
 * @param reason          why, in the words of the person correcting
 * @param correctedBy     who voided it: the subject of their token (a member of staff, never a patient)
 */
public record DischargeVoided(String referralId, String correctsEventId, String reason, String correctedBy) implements ReferralEvent {

    public static final String TYPE = "d2a.referral.discharge-voided.v1";

    public DischargeVoided {
        Require.text(referralId, "referralId");
        Require.text(correctsEventId, "correctsEventId");
        Require.text(reason, "reason");
        Require.text(correctedBy, "correctedBy");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
