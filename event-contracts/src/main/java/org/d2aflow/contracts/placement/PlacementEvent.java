package org.d2aflow.contracts.placement;

import org.d2aflow.contracts.D2aEvent;

/**
 * The facts of a referral's short-term placements; keyed by referral id so that every placement of a referral
 * stays in order on one partition.
 */
public sealed interface PlacementEvent extends D2aEvent permits PlacementStarted, PlacementEnded, FollowUpRecorded,
        FollowUpCorrected {

    /** The referral the placement serves; the stream id. */
    String referralId();

    /** The placement this fact is about. */
    String placementId();

    @Override
    default String streamId() {
        return referralId();
    }
}
