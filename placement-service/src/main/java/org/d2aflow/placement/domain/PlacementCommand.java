package org.d2aflow.placement.domain;

import java.time.LocalDate;

import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;

/**
 * What provider staff ask of a placement. Facts the placement's own stream does not hold (the claim, the
 * referral's discharge) travel in the command; {@code today} is the service's calendar date, from its clock.
 */
public sealed interface PlacementCommand {

    /** The person started receiving the claimed service on {@code startDate}. */
    record StartPlacement(Claim claim, ReferralFacts referral, LocalDate startDate, LocalDate today) implements PlacementCommand {
    }

    /** The service ended on {@code endDate}, for {@code endReason}. */
    record EndPlacement(LocalDate endDate, EndReason endReason, LocalDate today) implements PlacementCommand {
    }

    /**
     * Where the person was 91 days after hospital discharge.
     *
     * @param dischargeDate                the referral's hospital discharge date
     * @param alreadyFollowedUpOnPlacement another placement of the same referral that already carries the follow-up, or null
     */
    record RecordFollowUp(Day91Status day91Status, LocalDate dischargeDate, String alreadyFollowedUpOnPlacement, LocalDate today)
            implements PlacementCommand {
    }
}
