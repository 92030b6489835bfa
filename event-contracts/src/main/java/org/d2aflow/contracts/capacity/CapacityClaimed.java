package org.d2aflow.contracts.capacity;

import java.time.LocalDate;
import org.d2aflow.contracts.internal.Require;

/** One unit of the service was claimed for a referral from a start date; it stays occupied until released. */
public record CapacityClaimed(String serviceId, String claimId, String referralId, LocalDate startDate)
        implements CapacityEvent {

    public static final String TYPE = "d2a.capacity.claimed.v1";

    public CapacityClaimed {
        Require.text(serviceId, "serviceId");
        Require.text(claimId, "claimId");
        Require.text(referralId, "referralId");
        Require.present(startDate, "startDate");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
