package org.d2aflow.contracts.referral;

import java.time.LocalDate;
import java.util.regex.Pattern;
import org.d2aflow.contracts.internal.Require;

/**
 * A discharge recorded wrongly is amended: the fields here replace those of the discharge named by
 * {@code correctsEventId} (the CloudEvents id of the {@code patient-discharged} or of an earlier correction). The
 * original stays on the log; figures as known before this event still show it.
 *
 * @param correctsEventId the CloudEvents id of the fact this corrects
 * @param reason          why, in the words of the person correcting
 * @param correctedBy     who corrected it: the subject of their token (a member of staff, never a patient)
 */
public record DischargeCorrected(String referralId, String correctsEventId, LocalDate dischargeDate, String destinationCode,
        String methodCode, Integer ageAtDischarge, String reason, String correctedBy) implements ReferralEvent {

    public static final String TYPE = "d2a.referral.discharge-corrected.v1";

    private static final Pattern DESTINATION = Pattern.compile("[0-9]{2}");
    private static final Pattern METHOD = Pattern.compile("[0-9]");

    public DischargeCorrected {
        Require.text(referralId, "referralId");
        Require.text(correctsEventId, "correctsEventId");
        Require.present(dischargeDate, "dischargeDate");
        Require.matching(destinationCode, DESTINATION, "destinationCode");
        Require.matching(methodCode, METHOD, "methodCode");
        if (ageAtDischarge != null) {
            Require.between(ageAtDischarge, 0, 131, "ageAtDischarge");
        }
        Require.text(reason, "reason");
        Require.text(correctedBy, "correctedBy");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
