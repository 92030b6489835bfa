package org.d2aflow.contracts.referral;

import org.d2aflow.contracts.internal.Require;

/** The referral was closed without a discharge through D2A (entered in error, patient no longer needs it...). */
public record ReferralWithdrawn(String referralId, String reason) implements ReferralEvent {

    public static final String TYPE = "d2a.referral.withdrawn.v1";

    public ReferralWithdrawn {
        Require.text(referralId, "referralId");
        Require.text(reason, "reason");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
