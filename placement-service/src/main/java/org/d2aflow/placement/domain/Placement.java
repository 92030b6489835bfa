package org.d2aflow.placement.domain;

import org.d2aflow.contracts.reference.RefusalCode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.FollowUpCorrected;
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementEvent;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.kit.domain.EntryWindow;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.placement.domain.PlacementCommand.CorrectFollowUp;
import org.d2aflow.placement.domain.PlacementCommand.EndPlacement;
import org.d2aflow.placement.domain.PlacementCommand.RecordFollowUp;
import org.d2aflow.placement.domain.PlacementCommand.StartPlacement;

/**
 * One short-term placement made from a capacity claim (placement id = claim id). It decides (checks a command
 * against its state and returns the events it causes) and applies (changes state from an event); no clock, no
 * I/O. Its stream starts with the start: before that the placement is a pending claim in the read model.
 *
 * <p>Invariants: it starts once, on or after the hospital discharge date, with the type of the claimed service; it
 * ends once, on or after its start; the 91-day follow-up is recorded once per referral, only for reablement and
 * rehabilitation, obtained not before discharge + 91 days nor before the start. Every business date entered (start,
 * end, the day a follow-up status was obtained) lies within the caller's late-entry window and never in the future.
 * A follow-up does not need the placement to have ended: day 91 often falls while a bedded placement is still
 * running. A follow-up recorded wrongly is corrected by a new event naming the fact it amends, never rewritten.
 */
public final class Placement {

    private String placementId;
    private String referralId;
    private String serviceId;
    private ServiceType serviceType;
    private PlacementStatus status;
    private LocalDate startDate;
    private LocalDate endDate;
    private EndReason endReason;
    private Day91Status day91Status;
    /** The date of the follow-up in force; null before one, and for a record written before the field existed. */
    private LocalDate followUpObtainedOn;
    private long version;

    private static final String START_DATE = "startDate";
    private static final String END_DATE = "endDate";
    private static final String DAY_91_STATUS = "day91Status";
    private static final String OBTAINED_ON = "obtainedOn";
    private static final String STATUS_SINCE = "statusSince";

    private Placement() {
    }

    /** Rebuilds a placement from its history; an empty history is a placement that has not started. */
    public static Placement from(List<? extends PlacementEvent> history) {
        Placement p = new Placement();
        history.forEach(p::apply);
        return p;
    }

    public boolean started() {
        return status != null;
    }

    public long version() {
        return version;
    }

    /** ACTIVE or ENDED once started; null before. */
    public PlacementStatus status() {
        return status;
    }

    public ServiceType serviceType() {
        return serviceType;
    }

    public LocalDate startDate() {
        return startDate;
    }

    public LocalDate endDate() {
        return endDate;
    }

    /** The status of the follow-up in force (the latest correction, else the record); null before one. */
    public Day91Status day91Status() {
        return day91Status;
    }

    public LocalDate followUpObtainedOn() {
        return followUpObtainedOn;
    }

    // --- decide -------------------------------------------------------------------------------------------

    public List<PlacementEvent> decide(StartPlacement c) {
        Claim claim = c.claim();
        if (started()) {
            throw new IllegalTransitionException(RefusalCode.PLACEMENT_STARTED, "Placement " + placementId + " already started on " + startDate);
        }
        if (claim.released()) {
            throw new IllegalTransitionException(RefusalCode.PLACEMENT_CANCELLED, "Cannot start placement " + claim.placementId()
                    + ": its capacity claim was released before it started");
        }
        if (claim.serviceType() == null) {
            throw new IllegalTransitionException(RefusalCode.SERVICE_UNKNOWN, "Cannot start placement " + claim.placementId() + ": service " + claim.serviceId()
                    + " is not known here yet (its registration has not arrived); try again shortly");
        }
        ReferralFacts referral = c.referral();
        if (referral.withdrawn()) {
            throw new IllegalTransitionException(RefusalCode.REFERRAL_WITHDRAWN, "Cannot start placement " + claim.placementId() + ": referral " + claim.referralId()
                    + " was withdrawn");
        }
        if (!referral.discharged()) {
            throw new IllegalTransitionException(RefusalCode.NOT_DISCHARGED, "Cannot start placement " + claim.placementId() + ": the patient has not been "
                    + "discharged from hospital" + (referral.dischargeVoided() ? " (the discharge recorded earlier was voided)" : " yet")
                    + ", and a placement cannot start before the hospital discharge date");
        }
        if (referral.diedInHospital()) {
            throw new IllegalTransitionException(RefusalCode.DIED_IN_HOSPITAL, "Cannot start placement " + claim.placementId() + ": the patient died in hospital on "
                    + referral.dischargeDate());
        }
        List<FieldError> errors = new ArrayList<>();
        if (c.startDate() == null) {
            errors.add(new FieldError(START_DATE, "is required"));
        }
        c.window().check(START_DATE, c.startDate(), errors);
        failIfAny(errors);
        if (c.startDate().isBefore(referral.dischargeDate())) {
            throw new IllegalTransitionException(RefusalCode.START_BEFORE_DISCHARGE, "The start date " + c.startDate() + " is before the hospital discharge date "
                    + referral.dischargeDate() + ": a placement cannot start before the patient leaves hospital");
        }
        return List.of(new PlacementStarted(claim.referralId(), claim.placementId(), claim.serviceId(), claim.serviceType(),
                c.startDate()));
    }

    public List<PlacementEvent> decide(EndPlacement c) {
        requireStarted("end it");
        if (status == PlacementStatus.ENDED) {
            throw new IllegalTransitionException(RefusalCode.PLACEMENT_ENDED, "Placement " + placementId + " already ended on " + endDate + " (" + endReason + ")");
        }
        List<FieldError> errors = new ArrayList<>();
        if (c.endDate() == null) {
            errors.add(new FieldError(END_DATE, "is required"));
        }
        c.window().check(END_DATE, c.endDate(), errors);
        if (c.endReason() == null) {
            errors.add(new FieldError("endReason", "is required"));
        }
        failIfAny(errors);
        if (c.endDate().isBefore(startDate)) {
            throw new IllegalTransitionException(RefusalCode.END_BEFORE_START, "The end date " + c.endDate() + " is before the start date " + startDate
                    + ": a placement cannot end before it starts");
        }
        return List.of(new PlacementEnded(referralId, placementId, c.endDate(), c.endReason()));
    }

    /**
     * Records the follow-up. Nothing can be recorded before day 91 (409 {@code follow-up-not-due}); from day 91 on, the
     * date the status was obtained is a field like any other: within the late-entry window, not in the future, not before
     * day 91 and not before the placement started (422 naming {@code obtainedOn}).
     */
    public List<PlacementEvent> decide(RecordFollowUp c) {
        requireFollowedUpType("record its 91-day follow-up");
        if (day91Status != null) {
            throw new IllegalTransitionException(RefusalCode.FOLLOW_UP_RECORDED, "The 91-day follow-up of placement " + placementId + " was already recorded ("
                    + day91Status + "); a wrong one is corrected, not recorded again");
        }
        if (c.alreadyFollowedUpOnPlacement() != null) {
            throw new IllegalTransitionException(RefusalCode.FOLLOW_UP_RECORDED, "The 91-day follow-up of referral " + referralId + " was already recorded, on placement "
                    + c.alreadyFollowedUpOnPlacement() + ": it is taken once per hospital discharge");
        }
        if (c.day91Status() == null) {
            throw new InvalidCommandException(DAY_91_STATUS, "is required");
        }
        LocalDate due = requireDue(c.dischargeDate(), c.window());
        LocalDate obtainedOn = c.obtainedOn() == null ? c.window().today() : c.obtainedOn();
        List<FieldError> errors = new ArrayList<>();
        checkObtainedOn(obtainedOn, true, due, c.window(), errors);
        checkStatusSince(c.day91Status(), c.statusSince(), obtainedOn, c.dischargeDate(), errors);
        failIfAny(errors);
        requireDiedIfDiedByDay91(c.day91Status(), due);
        return List.of(new FollowUpRecorded(referralId, placementId, c.day91Status(), obtainedOn, c.statusSince()));
    }

    /**
     * Corrects the follow-up this placement carries, under the rules of recording it: the new date (when it changes) must be
     * within the window; whatever the date, it must not be before day 91 of the discharge as now known, nor before the start.
     * A date left out keeps the one in force, so a status can be corrected however long ago it was obtained.
     */
    public List<PlacementEvent> decide(CorrectFollowUp c) {
        requireStarted("correct its 91-day follow-up");
        if (day91Status == null) {
            throw new IllegalTransitionException(RefusalCode.FOLLOW_UP_NOT_RECORDED, c.followedUpOnPlacement() != null
                    ? "The 91-day follow-up of referral " + referralId + " is recorded on placement " + c.followedUpOnPlacement()
                            + ", not on " + placementId + ": correct it there"
                    : "No 91-day follow-up is recorded for placement " + placementId + ", so there is nothing to correct: record it instead");
        }
        if (c.inForce() == null) {
            throw new IllegalStateException("Placement " + placementId + " carries a follow-up but its event id is not known");
        }
        List<FieldError> errors = new ArrayList<>();
        if (c.day91Status() == null) {
            errors.add(new FieldError(DAY_91_STATUS, "is required"));
        }
        if (c.reason() == null || c.reason().isBlank()) {
            errors.add(new FieldError("reason", "is required: say why the follow-up is corrected"));
        }
        failIfAny(errors);
        LocalDate due = requireDue(c.dischargeDate(), c.window());
        LocalDate obtainedOn = c.obtainedOn() == null ? c.inForce().obtainedOn() : c.obtainedOn();
        boolean newDate = !obtainedOn.equals(c.inForce().obtainedOn());
        checkObtainedOn(obtainedOn, newDate, due, c.window(), errors);
        checkStatusSince(c.day91Status(), c.statusSince(), obtainedOn, c.dischargeDate(), errors);
        if (!newDate && c.day91Status() == day91Status && c.statusSince() == null) {
            errors.add(new FieldError(DAY_91_STATUS, "is already " + day91Status + ", obtained on " + obtainedOn
                    + ": a correction must change the status or " + OBTAINED_ON));
        }
        failIfAny(errors);
        requireDiedIfDiedByDay91(c.day91Status(), due);
        return List.of(new FollowUpCorrected(referralId, placementId, c.inForce().eventId(), c.day91Status(), obtainedOn,
                c.reason().strip(), c.correctedBy(), c.statusSince()));
    }

    // --- apply --------------------------------------------------------------------------------------------

    public void apply(PlacementEvent event) {
        // Java 17 has no pattern switch; the final else keeps the family exhaustive at run time.
        if (event instanceof PlacementStarted e) {
            placementId = e.placementId();
            referralId = e.referralId();
            serviceId = e.serviceId();
            serviceType = e.serviceType();
            startDate = e.startDate();
            status = PlacementStatus.ACTIVE;
        } else if (event instanceof PlacementEnded e) {
            endDate = e.endDate();
            endReason = e.endReason();
            status = PlacementStatus.ENDED;
        } else if (event instanceof FollowUpRecorded e) {
            day91Status = e.day91Status();
            followUpObtainedOn = e.obtainedOn();
        } else if (event instanceof FollowUpCorrected e) {
            day91Status = e.day91Status();
            followUpObtainedOn = e.obtainedOn();
        } else {
            throw new IllegalArgumentException("Unknown placement event " + event.type());
        }
        version++;
    }

    // --- rules --------------------------------------------------------------------------------------------

    private void requireStarted(String action) {
        if (!started()) {
            throw new IllegalTransitionException(RefusalCode.PLACEMENT_NOT_STARTED, "Cannot " + action + ": the placement has not started");
        }
    }

    private void requireFollowedUpType(String action) {
        requireStarted(action);
        if (!FollowUpSchedule.appliesTo(serviceType)) {
            throw new IllegalTransitionException(RefusalCode.NO_FOLLOW_UP_FOR_SERVICE, "The 91-day follow-up is recorded only for reablement and rehabilitation "
                    + "placements; placement " + placementId + " is " + serviceType);
        }
    }

    /** Day 91 of the discharge, which must be known and not after today. */
    private LocalDate requireDue(LocalDate dischargeDate, EntryWindow window) {
        if (dischargeDate == null) {
            throw new IllegalTransitionException(RefusalCode.DISCHARGE_DATE_UNKNOWN, "The hospital discharge date of referral " + referralId + " is not known here "
                    + "(not arrived yet, or voided), so day 91 cannot be placed");
        }
        LocalDate due = FollowUpSchedule.dueDate(dischargeDate);
        if (window.today().isBefore(due)) {
            throw new IllegalTransitionException(RefusalCode.FOLLOW_UP_NOT_DUE, "The follow-up is not due until " + due + " (hospital discharge date "
                    + dischargeDate + " + " + FollowUpSchedule.DAYS_AFTER_DISCHARGE + " days)");
        }
        return due;
    }

    /**
     * The date a follow-up status was obtained: a newly entered one must be within the window and not in the future; any
     * must be on or after day 91 and on or after the placement's start (effective dates cannot contradict each other).
     */
    private void checkObtainedOn(LocalDate obtainedOn, boolean newlyEntered, LocalDate due, EntryWindow window, List<FieldError> errors) {
        int before = errors.size();
        if (newlyEntered) {
            window.check(OBTAINED_ON, obtainedOn, errors);
        }
        if (errors.size() > before) {
            return;
        }
        if (obtainedOn.isBefore(due)) {
            errors.add(new FieldError(OBTAINED_ON, "must be on or after day 91, " + due + " (hospital discharge date " + due.minusDays(
                    FollowUpSchedule.DAYS_AFTER_DISCHARGE) + " + " + FollowUpSchedule.DAYS_AFTER_DISCHARGE + " days), not " + obtainedOn));
        } else if (obtainedOn.isBefore(startDate)) {
            errors.add(new FieldError(OBTAINED_ON, "must be on or after the placement's start date " + startDate + ", not " + obtainedOn
                    + ": a follow-up is not obtained on a placement before it started"));
        }
    }

    /** A placement that ended with the person's death on or before day 91 can only be followed up as DIED. */
    /**
     * The day a DIED or CARE_HOME status began (a date of death, of admission to a care home), when given: for those two
     * statuses only, not before the hospital discharge and not after the day the status was obtained.
     */
    private static void checkStatusSince(Day91Status status, LocalDate since, LocalDate obtainedOn, LocalDate dischargeDate,
            List<FieldError> errors) {
        if (since == null || status == null) {
            return;
        }
        if (!status.isDatedOutcome()) {
            errors.add(new FieldError(STATUS_SINCE, "is given only for DIED (date of death) or CARE_HOME (date of admission), not " + status));
        } else if (since.isAfter(obtainedOn)) {
            errors.add(new FieldError(STATUS_SINCE, "must not be after " + OBTAINED_ON + " " + obtainedOn));
        } else if (dischargeDate != null && since.isBefore(dischargeDate)) {
            errors.add(new FieldError(STATUS_SINCE, "must not be before the hospital discharge " + dischargeDate));
        }
    }

    private void requireDiedIfDiedByDay91(Day91Status status, LocalDate due) {
        if (endReason == EndReason.DIED && !endDate.isAfter(due) && status != Day91Status.DIED) {
            throw new InvalidCommandException(DAY_91_STATUS, "must be DIED: the placement ended with the person's death on "
                    + endDate + ", on or before day 91 (" + due + ")");
        }
    }

    private static void failIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidCommandException(errors);
        }
    }

    @Override
    public String toString() {
        return "Placement[" + placementId + " v" + version + " " + status + (serviceType == null ? "" : " " + serviceType) + "]";
    }
}
