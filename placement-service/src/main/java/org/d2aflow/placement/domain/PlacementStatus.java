package org.d2aflow.placement.domain;

/**
 * Where a placement stands. PENDING and CANCELLED exist only in the read model (a claim, and a claim released
 * before anything started); the aggregate's own stream begins with the start.
 */
public enum PlacementStatus {
    /** A unit was claimed for the referral; the service has not started yet. */
    PENDING,
    /** The person is receiving the service. */
    ACTIVE,
    /** The service ended, with an end date and reason. */
    ENDED,
    /** The claim was released before the service started; nothing can happen to it any more. */
    CANCELLED
}
