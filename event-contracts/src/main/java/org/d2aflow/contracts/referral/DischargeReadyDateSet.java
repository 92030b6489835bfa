package org.d2aflow.contracts.referral;

import java.time.LocalDate;
import org.d2aflow.contracts.internal.Require;

/** The patient no longer meets the criteria to reside from this date; it can be set again, the latest wins. */
public record DischargeReadyDateSet(String referralId, LocalDate dischargeReadyDate) implements ReferralEvent {

    public static final String TYPE = "d2a.referral.discharge-ready-date-set.v1";

    public DischargeReadyDateSet {
        Require.text(referralId, "referralId");
        Require.present(dischargeReadyDate, "dischargeReadyDate");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
