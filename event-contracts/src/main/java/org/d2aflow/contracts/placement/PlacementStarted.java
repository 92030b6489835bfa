package org.d2aflow.contracts.placement;

import java.time.LocalDate;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.internal.Require;

/** The person started receiving a short-term service on a date. */
public record PlacementStarted(String referralId, String placementId, String serviceId, ServiceType serviceType, LocalDate startDate)
        implements PlacementEvent {

    public static final String TYPE = "d2a.placement.started.v1";

    public PlacementStarted {
        Require.text(referralId, "referralId");
        Require.text(placementId, "placementId");
        Require.text(serviceId, "serviceId");
        Require.present(serviceType, "serviceType");
        Require.present(startDate, "startDate");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
