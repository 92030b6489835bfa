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
}
