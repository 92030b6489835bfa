package org.d2aflow.placement.domain;

import java.time.LocalDate;

import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.kit.domain.EntryWindow;

/**
 * What provider staff ask of a placement. Facts the placement's own stream does not hold (the claim, the
 * referral's discharge, the id of the follow-up fact in force) travel in the command; {@code window} is the
 * caller's organisation's late-entry window as of the service's calendar date (its {@code today()}), from its clock.
 */
public sealed interface PlacementCommand {

    /** The person started receiving the claimed service on {@code startDate}. */
    record StartPlacement(Claim claim, ReferralFacts referral, LocalDate startDate, EntryWindow window) implements PlacementCommand {
    }

    /** The service ended on {@code endDate}, for {@code endReason}. */
    record EndPlacement(LocalDate endDate, EndReason endReason, EntryWindow window) implements PlacementCommand {
    }

    /**
     * Where the person was 91 days after hospital discharge.
     *
     * @param obtainedOn                   the day the status was obtained; null means today
     * @param dischargeDate                the referral's hospital discharge date
     * @param alreadyFollowedUpOnPlacement another placement of the same referral that already carries the follow-up, or null
     * @param statusSince                  for DIED or CARE_HOME, the day the status began (optional)
     */
    record RecordFollowUp(Day91Status day91Status, LocalDate obtainedOn, LocalDate dischargeDate, String alreadyFollowedUpOnPlacement,
            EntryWindow window, LocalDate statusSince) implements PlacementCommand {

        public RecordFollowUp(Day91Status day91Status, LocalDate obtainedOn, LocalDate dischargeDate, String alreadyFollowedUpOnPlacement,
                EntryWindow window) {
            this(day91Status, obtainedOn, dischargeDate, alreadyFollowedUpOnPlacement, window, null);
        }
    }

    /**
     * A follow-up recorded wrongly is amended with a new status and/or date; the fact it amends stays on the log.
     *
     * @param obtainedOn              the day the corrected status was obtained; null keeps the date of the follow-up in force
     * @param reason                  why, in the words of the person correcting
     * @param correctedBy             who corrects it: the subject of their token
     * @param inForce                 the follow-up fact this placement carries now (original or latest correction), or null
     * @param dischargeDate           the referral's hospital discharge date (as corrected)
     * @param followedUpOnPlacement   another placement of the same referral that carries the follow-up, or null
     * @param statusSince             for DIED or CARE_HOME, the day the status began (optional; the corrected follow-up has
     *                                none when left out)
     */
    record CorrectFollowUp(Day91Status day91Status, LocalDate obtainedOn, String reason, String correctedBy, FollowUpFact inForce,
            LocalDate dischargeDate, String followedUpOnPlacement, EntryWindow window, LocalDate statusSince) implements PlacementCommand {

        public CorrectFollowUp(Day91Status day91Status, LocalDate obtainedOn, String reason, String correctedBy, FollowUpFact inForce,
                LocalDate dischargeDate, String followedUpOnPlacement, EntryWindow window) {
            this(day91Status, obtainedOn, reason, correctedBy, inForce, dischargeDate, followedUpOnPlacement, window, null);
        }
    }

    /**
     * The follow-up fact in force, as the event log knows it.
     *
     * @param eventId    its CloudEvents id, which a correction names
     * @param obtainedOn the day its status was obtained (for a record without one, the day it was recorded)
     */
    record FollowUpFact(String eventId, LocalDate obtainedOn) {
    }
}
