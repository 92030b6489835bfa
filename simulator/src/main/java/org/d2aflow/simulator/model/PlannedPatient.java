package org.d2aflow.simulator.model;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;

import org.d2aflow.contracts.reference.DischargeCodes;
import org.d2aflow.simulator.model.Codes.Day91Status;
import org.d2aflow.simulator.model.Codes.EndReason;
import org.d2aflow.simulator.model.Codes.Pathway;
import org.d2aflow.simulator.model.Codes.ServiceType;
import org.d2aflow.simulator.model.Codes.Sex;
import org.d2aflow.simulator.model.Codes.UsualResidence;

/**
 * One synthetic patient discharged on a given day, with everything the coordinator and the providers will enter
 * about them. The placement is what would happen if the service has a unit on the discharge day; whether it has
 * one is decided by capacity (see {@link CountyPlan}).
 *
 * @param id                 stable id: discharge date and index within the day
 * @param dischargeReadyDate null for deaths and self-discharges: they never stopped meeting the criteria to reside
 * @param pathway            null with serviceType and decidedAt when no pathway was decided (deaths, self-discharges)
 * @param placement          null unless the pathway is P1-P3
 */
public record PlannedPatient(String id, String nhsNumber, LocalDate dateOfBirth, Sex sex, String locality, String site, String ward,
        UsualResidence usualResidence, Category category, LocalDate admissionDate, LocalDate dischargeReadyDate, Pathway pathway,
        ServiceType serviceType, LocalDate decidedAt, LocalDate dischargeDate, String destinationCode, String methodCode,
        PlacementPlan placement) {

    /** How the patient leaves hospital. */
    public enum Category {
        /** Pathway 0 arranged by the ward, without the discharge hub. */
        WARD,
        /** Assessed by the discharge hub: pathway 0 with no further support, or pathways 1-3. */
        HUB,
        /** Died in hospital (destination 79, method 4). */
        DIED,
        /** Left against advice (method 6). */
        SELF_DISCHARGE
    }

    /**
     * The short-term service as planned: it starts on the discharge date and lasts {@code daysInService} days.
     *
     * @param day91Status     where the person is at day 91; null for services outside the reablement cohort
     * @param followUpMissing staff never record the follow-up (the figure must report it as missing)
     */
    public record PlacementPlan(int daysInService, EndReason endReason, Day91Status day91Status, boolean followUpMissing) {
    }

    public int ageAtAdmission() {
        return Period.between(dateOfBirth, admissionDate).getYears();
    }

    public int ageAtDischarge() {
        return Period.between(dateOfBirth, dischargeDate).getYears();
    }

    /** Acute length of stay in days (same day = 0). */
    public int lengthOfStay() {
        return (int) ChronoUnit.DAYS.between(admissionDate, dischargeDate);
    }

    /** Days from the discharge ready date to the discharge; -1 without a discharge ready date. */
    public int delayDays() {
        return dischargeReadyDate == null ? -1 : (int) ChronoUnit.DAYS.between(dischargeReadyDate, dischargeDate);
    }

    /** Whether a unit of a short-term service is claimed for the patient (pathways 1-3). */
    public boolean needsService() {
        return placement != null;
    }

    public LocalDate placementStart() {
        return placement == null ? null : dischargeDate;
    }

    public LocalDate placementEnd() {
        return placement == null ? null : dischargeDate.plusDays(placement.daysInService());
    }

    /** Discharge + 91 days, for placements in the reablement cohort; null otherwise. */
    public LocalDate followUpDue() {
        return placement == null || !serviceType.reablementOrRehab() ? null : dischargeDate.plusDays(91);
    }

    public boolean died() {
        return DischargeCodes.DESTINATION_DIED.equals(destinationCode);
    }

    // The facts below (issue 20) come from the patient's own stream, seeded by the patient id, so adding them leaves
    // every draw of the county's seed, and so the calibrated figures, as they were.

    /**
     * NHS Data Dictionary admission method of the spell: acute discharges of this age group come mostly through the
     * emergency department (21), some by GP referral (22) or from another provider's emergency department (2A), and a
     * few from the elective waiting list (11).
     */
    public String admissionMethod() {
        int roll = own(1).nextInt(100);
        return roll < 75 ? "21" : roll < 87 ? "22" : roll < 92 ? "2A" : "11";
    }

    /**
     * Why the patient stayed past the discharge ready date, a code of the 2023 acute situation report list
     * ({@code acute-sitrep-2023}): the pathway's wait for a service (13 for P1, 14 for P2, 15 for P3), else medicines,
     * transport or a medical decision. Null when the patient left on the ready date or never had one.
     */
    public String delayReasonCode() {
        if (delayDays() < 1) {
            return null;
        }
        if (pathway == Pathway.P1) {
            return "13";
        } else if (pathway == Pathway.P2) {
            return "14";
        } else if (pathway == Pathway.P3) {
            return "15";
        }
        return new String[] {"5", "8", "1"}[own(2).nextInt(3)];
    }

    /**
     * For a follow-up of DIED or CARE_HOME, the day the status began: the end of the service when it ended that way, else
     * a day between the end of the service (or discharge) and day 91. Null for other statuses and outside the cohort.
     */
    public LocalDate day91StatusSince() {
        LocalDate due = followUpDue();
        if (due == null || placement.day91Status() == null
                || (placement.day91Status() != Day91Status.DIED && placement.day91Status() != Day91Status.CARE_HOME)) {
            return null;
        }
        LocalDate from = placementEnd().isAfter(due) ? dischargeDate : placementEnd();
        boolean endedThatWay = placement.day91Status() == Day91Status.DIED ? placement.endReason() == EndReason.DIED
                : placement.endReason() == EndReason.LA_FUNDED_PLACEMENT || placement.endReason() == EndReason.NHS_FUNDED_PLACEMENT
                        || placement.endReason() == EndReason.SELF_FUNDED_PLACEMENT;
        if (endedThatWay && !from.isAfter(due)) {
            return from;
        }
        return from.plusDays(own(3).nextLong(ChronoUnit.DAYS.between(from, due) + 1));
    }

    /** A random stream of this patient's own for one purpose, independent of the county's seed stream. */
    private java.util.SplittableRandom own(int purpose) {
        return new java.util.SplittableRandom((id + "/" + nhsNumber).hashCode() * 31L + purpose);
    }
}
