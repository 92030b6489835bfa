package org.d2aflow.contracts.referral;

import java.time.LocalDate;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.internal.Require;

/** The discharge pathway and the service type needed were decided for a referral. */
public record PathwayDecided(String referralId, Pathway pathway, ServiceType serviceType, LocalDate decidedAt)
        implements ReferralEvent {

    public static final String TYPE = "d2a.referral.pathway-decided.v1";

    public PathwayDecided {
        Require.text(referralId, "referralId");
        Require.present(pathway, "pathway");
        Require.present(serviceType, "serviceType");
        Require.present(decidedAt, "decidedAt");
        if (serviceType.pathway() != pathway) {
            throw new IllegalArgumentException(
                    "serviceType " + serviceType + " belongs to pathway " + serviceType.pathway() + ", not " + pathway);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
