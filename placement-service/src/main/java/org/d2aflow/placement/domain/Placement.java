package org.d2aflow.placement.domain;

import org.d2aflow.contracts.reference.RefusalCode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementEvent;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.placement.domain.PlacementCommand.EndPlacement;
import org.d2aflow.placement.domain.PlacementCommand.RecordFollowUp;
import org.d2aflow.placement.domain.PlacementCommand.StartPlacement;

/**
 * One short-term placement made from a capacity claim (placement id = claim id). It decides (checks a command
 * against its state and returns the events it causes) and applies (changes state from an event); no clock, no
 * I/O. Its stream starts with the start: before that the placement is a pending claim in the read model.
 *
 * <p>Invariants: it starts once, on or after the hospital discharge date and never in the future, with the
 * type of the claimed service; it ends once, on or after its start; the 91-day follow-up is recorded once per
 * referral, only for reablement and rehabilitation, and not before discharge + 91 days. A follow-up does not
 * need the placement to have ended: day 91 often falls while a bedded placement is still running.
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
    private long version;

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

    public Day91Status day91Status() {
        return day91Status;
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
                    + "discharged from hospital yet, and a placement cannot start before the hospital discharge date");
        }
        if (referral.diedInHospital()) {
            throw new IllegalTransitionException(RefusalCode.DIED_IN_HOSPITAL, "Cannot start placement " + claim.placementId() + ": the patient died in hospital on "
                    + referral.dischargeDate());
        }
        List<FieldError> errors = new ArrayList<>();
        if (c.startDate() == null) {
            errors.add(new FieldError("startDate", "is required"));
        } else if (c.startDate().isAfter(c.today())) {
            errors.add(new FieldError("startDate", "must not be in the future"));
        }
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
            errors.add(new FieldError("endDate", "is required"));
        } else if (c.endDate().isAfter(c.today())) {
            errors.add(new FieldError("endDate", "must not be in the future"));
        }
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

    public List<PlacementEvent> decide(RecordFollowUp c) {
        requireStarted("record its 91-day follow-up");
        if (!FollowUpSchedule.appliesTo(serviceType)) {
            throw new IllegalTransitionException(RefusalCode.NO_FOLLOW_UP_FOR_SERVICE, "The 91-day follow-up is recorded only for reablement and rehabilitation "
                    + "placements; placement " + placementId + " is " + serviceType);
        }
        if (day91Status != null) {
            throw new IllegalTransitionException(RefusalCode.FOLLOW_UP_RECORDED, "The 91-day follow-up of placement " + placementId + " was already recorded ("
                    + day91Status + ")");
        }
        if (c.alreadyFollowedUpOnPlacement() != null) {
            throw new IllegalTransitionException(RefusalCode.FOLLOW_UP_RECORDED, "The 91-day follow-up of referral " + referralId + " was already recorded, on placement "
                    + c.alreadyFollowedUpOnPlacement() + ": it is taken once per hospital discharge");
        }
        if (c.dischargeDate() == null) {
            throw new IllegalTransitionException(RefusalCode.DISCHARGE_DATE_UNKNOWN, "The hospital discharge date of referral " + referralId + " is not known here, "
                    + "so day 91 cannot be placed");
        }
        if (c.day91Status() == null) {
            throw new InvalidCommandException("day91Status", "is required");
        }
        LocalDate due = FollowUpSchedule.dueDate(c.dischargeDate());
        if (c.today().isBefore(due)) {
            throw new IllegalTransitionException(RefusalCode.FOLLOW_UP_NOT_DUE, "The follow-up is not due until " + due + " (hospital discharge date "
                    + c.dischargeDate() + " + " + FollowUpSchedule.DAYS_AFTER_DISCHARGE + " days)");
        }
        if (endReason == EndReason.DIED && !endDate.isAfter(due) && c.day91Status() != Day91Status.DIED) {
            throw new InvalidCommandException("day91Status", "must be DIED: the placement ended with the person's death on "
                    + endDate + ", on or before day 91 (" + due + ")");
        }
        return List.of(new FollowUpRecorded(referralId, placementId, c.day91Status()));
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
