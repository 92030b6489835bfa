package org.d2aflow.contracts.referral;

import java.time.LocalDate;
import java.util.regex.Pattern;
import org.d2aflow.contracts.internal.Require;

/**
 * The patient left the acute hospital.
 *
 * @param destinationCode NHS Data Dictionary discharge destination, two digits (19 = usual place of residence)
 * @param methodCode      NHS Data Dictionary discharge method, one digit (4 = died)
 * @param ageAtDischarge  age in whole years on the discharge date (optional, added compatibly: the 91-day cohort is
 *                        "65+ on the discharge date", which the age at admission cannot always tell)
 */
public record PatientDischarged(String referralId, LocalDate dischargeDate, String destinationCode, String methodCode,
        Integer ageAtDischarge) implements ReferralEvent {

    public static final String TYPE = "d2a.referral.patient-discharged.v1";

    private static final Pattern DESTINATION = Pattern.compile("[0-9]{2}");
    private static final Pattern METHOD = Pattern.compile("[0-9]");

    public PatientDischarged {
        Require.text(referralId, "referralId");
        Require.present(dischargeDate, "dischargeDate");
        Require.matching(destinationCode, DESTINATION, "destinationCode");
        Require.matching(methodCode, METHOD, "methodCode");
        if (ageAtDischarge != null) {
            Require.between(ageAtDischarge, 0, 131, "ageAtDischarge");
        }
    }

    /** A discharge without the optional age, as version 1 records written before the field existed. */
    public PatientDischarged(String referralId, LocalDate dischargeDate, String destinationCode, String methodCode) {
        this(referralId, dischargeDate, destinationCode, methodCode, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
