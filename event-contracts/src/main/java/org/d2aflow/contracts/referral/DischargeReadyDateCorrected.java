package org.d2aflow.contracts.referral;

import java.time.LocalDate;
import org.d2aflow.contracts.internal.Require;

/**
 * A discharge ready date entered wrongly is amended. Unlike {@link DischargeReadyDateSet} (the patient's readiness
 * moved, and the earlier date was true when set), a correction says the earlier date was never right. For the figures
 * both read the same way, the latest wins; the correction keeps who and why for the audit.
 *
 * @param correctsEventId the CloudEvents id of the date being corrected
 * @param reason          why, in the words of the person correcting
 * @param correctedBy     who corrected it: the subject of their token (a member of staff, never a patient)
 */
public record DischargeReadyDateCorrected(String referralId, String correctsEventId, LocalDate dischargeReadyDate, String reason,
        String correctedBy) implements ReferralEvent {

    public static final String TYPE = "d2a.referral.discharge-ready-date-corrected.v1";

    public DischargeReadyDateCorrected {
        Require.text(referralId, "referralId");
        Require.text(correctsEventId, "correctsEventId");
        Require.present(dischargeReadyDate, "dischargeReadyDate");
        Require.text(reason, "reason");
        Require.text(correctedBy, "correctedBy");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
