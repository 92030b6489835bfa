package org.d2aflow.placement.domain;

import java.time.LocalDate;

import org.d2aflow.contracts.reference.DischargeCodes;

/**
 * What this service knows of a referral from the referral topic.
 *
 * @param dischargeDate       the hospital discharge date; null until the discharge arrives
 * @param dischargeDestination NHS Data Dictionary destination code of that discharge (79 = died)
 * @param withdrawn           the referral was withdrawn
 */
public record ReferralFacts(LocalDate dischargeDate, String dischargeDestination, boolean withdrawn) {

    /** Nothing heard about the referral yet. */
    public static ReferralFacts unknown() {
        return new ReferralFacts(null, null, false);
    }

    public boolean discharged() {
        return dischargeDate != null;
    }

    public boolean diedInHospital() {
        return DischargeCodes.DESTINATION_DIED.equals(dischargeDestination);
    }
}
