package org.d2aflow.contracts.capacity;

import java.time.LocalDate;
import org.d2aflow.contracts.internal.Require;

/**
 * One unit of the service was claimed for a referral from a start date; it stays occupied until released.
 * {@code providerOrganisation} (optional, added compatibly) repeats the service's provider so that placements
 * made from the claim are scoped to it without a lookup.
 */
public record CapacityClaimed(String serviceId, String claimId, String referralId, LocalDate startDate,
        String providerOrganisation) implements CapacityEvent {

    public static final String TYPE = "d2a.capacity.claimed.v1";

    public CapacityClaimed {
        Require.text(serviceId, "serviceId");
        Require.text(claimId, "claimId");
        Require.text(referralId, "referralId");
        Require.present(startDate, "startDate");
        if (providerOrganisation != null) {
            Require.text(providerOrganisation, "providerOrganisation");
        }
    }

    /** A claim without the optional provider organisation, as records written before the field existed. */
    public CapacityClaimed(String serviceId, String claimId, String referralId, LocalDate startDate) {
        this(serviceId, claimId, referralId, startDate, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
