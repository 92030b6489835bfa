package org.d2aflow.placement.domain;

import java.time.LocalDate;

import org.d2aflow.contracts.reference.DischargeCodes;

/**
 * What this service knows of a referral from the referral topic, corrections included.
 *
 * @param dischargeDate        the hospital discharge date (as last corrected); null until the discharge arrives, and again
 *                             once it is voided
 * @param dischargeDestination NHS Data Dictionary destination code of that discharge (79 = died)
 * @param withdrawn            the referral was withdrawn
 * @param dischargeVoided      the last discharge heard of was voided (recorded for the wrong referral) and none has followed
 */
public record ReferralFacts(LocalDate dischargeDate, String dischargeDestination, boolean withdrawn, boolean dischargeVoided) {

    public ReferralFacts(LocalDate dischargeDate, String dischargeDestination, boolean withdrawn) {
        this(dischargeDate, dischargeDestination, withdrawn, false);
    }

    /** Nothing heard about the referral yet. */
    public static ReferralFacts unknown() {
        return new ReferralFacts(null, null, false, false);
    }

    public boolean discharged() {
        return dischargeDate != null;
    }

    public boolean diedInHospital() {
        return DischargeCodes.DESTINATION_DIED.equals(dischargeDestination);
    }
}
