package org.d2aflow.contracts.placement;

import java.time.LocalDate;

import org.d2aflow.contracts.internal.Require;

/**
 * The 91-day follow-up after hospital discharge was recorded for a placement.
 * {@code statusSince} (optional, added compatibly) is the business date the status began, given only for {@code DIED}
 * (the date of death) and {@code CARE_HOME} (the date of admission to residential or nursing care) and not after the
 * date the status was obtained: with it a death or care-home admission after the placement ended is a dated fact.
 */
public record FollowUpRecorded(String referralId, String placementId, Day91Status day91Status, LocalDate obtainedOn,
        LocalDate statusSince) implements PlacementEvent {

    public static final String TYPE = "d2a.placement.follow-up-recorded.v1";

    public FollowUpRecorded {
        Require.text(referralId, "referralId");
        Require.text(placementId, "placementId");
        Require.present(day91Status, "day91Status");
        Day91Status.checkStatusSince(day91Status, statusSince, obtainedOn);
    }

    /** A follow-up without the date its status began, as records written before the field existed. */
    public FollowUpRecorded(String referralId, String placementId, Day91Status day91Status, LocalDate obtainedOn) {
        this(referralId, placementId, day91Status, obtainedOn, null);
    }

    /** A follow-up without the date its status was obtained, as records written before the field existed. */
    public FollowUpRecorded(String referralId, String placementId, Day91Status day91Status) {
        this(referralId, placementId, day91Status, null, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
