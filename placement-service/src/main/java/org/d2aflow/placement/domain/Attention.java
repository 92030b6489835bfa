package org.d2aflow.placement.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.d2aflow.contracts.reference.RefusalCode;

/**
 * What a placement now contradicts after its referral's discharge was corrected or voided. A started placement is never
 * changed by another service's correction (its start, end and follow-up are facts its staff recorded), but nothing is
 * left silently wrong either: each contradiction is shown with the code of the rule it would now be refused by, for
 * staff to resolve (correct the follow-up, or take it up with the discharge coordinator).
 *
 * @param code   the {@link RefusalCode} of the rule the placement no longer meets
 * @param detail what disagrees, with the dates
 */
public record Attention(String code, String detail) {

    /** The contradictions of a placement in this state with the referral facts as now known; empty when all agree. */
    public static List<Attention> of(PlacementStatus status, LocalDate startDate, LocalDate followUpObtainedOn, ReferralFacts referral) {
        List<Attention> found = new ArrayList<>();
        if (status != PlacementStatus.ACTIVE && status != PlacementStatus.ENDED) {
            return found;
        }
        if (!referral.discharged()) {
            if (referral.dischargeVoided()) {
                found.add(new Attention(RefusalCode.NOT_DISCHARGED.code(), "The hospital discharge of this referral was voided after the "
                        + "placement started on " + startDate + ": the placement stays as recorded; check it with the discharge coordinator"));
            }
            return found;
        }
        if (referral.diedInHospital()) {
            found.add(new Attention(RefusalCode.DIED_IN_HOSPITAL.code(), "The hospital discharge, as corrected, says the patient died in "
                    + "hospital on " + referral.dischargeDate() + ", yet the placement started on " + startDate));
        }
        if (startDate.isBefore(referral.dischargeDate())) {
            found.add(new Attention(RefusalCode.START_BEFORE_DISCHARGE.code(), "The placement started on " + startDate
                    + ", before the hospital discharge date as corrected, " + referral.dischargeDate()));
        }
        LocalDate due = FollowUpSchedule.dueDate(referral.dischargeDate());
        if (followUpObtainedOn != null && followUpObtainedOn.isBefore(due)) {
            found.add(new Attention(RefusalCode.FOLLOW_UP_NOT_DUE.code(), "The 91-day follow-up was obtained on " + followUpObtainedOn
                    + ", before day 91 of the hospital discharge as corrected (" + due + "): correct the follow-up"));
        }
        return found;
    }
}
