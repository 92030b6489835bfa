package org.d2aflow.contracts.placement;

import java.time.LocalDate;

import org.d2aflow.contracts.internal.Require;

/** The 91-day follow-up after hospital discharge was recorded for a placement. */
public record FollowUpRecorded(String referralId, String placementId, Day91Status day91Status, LocalDate obtainedOn)
        implements PlacementEvent {

    public static final String TYPE = "d2a.placement.follow-up-recorded.v1";

    public FollowUpRecorded {
        Require.text(referralId, "referralId");
        Require.text(placementId, "placementId");
        Require.present(day91Status, "day91Status");
    }

    /** A follow-up without the date its status was obtained, as records written before the field existed. */
    public FollowUpRecorded(String referralId, String placementId, Day91Status day91Status) {
        this(referralId, placementId, day91Status, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
