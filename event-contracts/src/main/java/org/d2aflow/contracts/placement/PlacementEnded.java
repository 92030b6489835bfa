package org.d2aflow.contracts.placement;

import java.time.LocalDate;
import org.d2aflow.contracts.internal.Require;

/** The short-term service ended on a date, for a reason; capacity-service releases the claim on it. */
public record PlacementEnded(String referralId, String placementId, LocalDate endDate, EndReason endReason)
        implements PlacementEvent {

    public static final String TYPE = "d2a.placement.ended.v1";

    public PlacementEnded {
        Require.text(referralId, "referralId");
        Require.text(placementId, "placementId");
        Require.present(endDate, "endDate");
        Require.present(endReason, "endReason");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
