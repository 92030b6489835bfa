package org.d2aflow.referral.domain;

import java.time.LocalDate;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.kit.domain.EntryWindow;

/**
 * What a discharge coordinator asks of a referral. {@code today} is the service's calendar date, from its clock;
 * {@code window} is the late-entry window of the caller's organisation as of today (its {@code today()} is that date).
 */
public sealed interface ReferralCommand {

    /** Opens a case. The patient key is the keyed hash of the NHS number, computed outside the domain. */
    record SubmitReferral(String referralId, NhsNumber nhsNumber, String patientKey, LocalDate dateOfBirth, Sex sex,
            String locality, String site, String ward, LocalDate admissionDate, UsualResidence usualResidence,
            LocalDate today, String organisation, String admissionMethod) implements ReferralCommand {

        /** A submission without an admission method (optional on the API). */
        public SubmitReferral(String referralId, NhsNumber nhsNumber, String patientKey, LocalDate dateOfBirth, Sex sex,
                String locality, String site, String ward, LocalDate admissionDate, UsualResidence usualResidence,
                LocalDate today, String organisation) {
            this(referralId, nhsNumber, patientKey, dateOfBirth, sex, locality, site, ward, admissionDate, usualResidence, today,
                    organisation, null);
        }
    }

    record SetDischargeReadyDate(LocalDate dischargeReadyDate, EntryWindow window) implements ReferralCommand {
    }

    record DecidePathway(Pathway pathway, ServiceType serviceType, LocalDate decidedAt, EntryWindow window) implements ReferralCommand {
    }

    /** {@code ageAtDischarge} comes from the identity kept outside the aggregate; null when unknown. */
    record RecordDischarge(LocalDate dischargeDate, String destinationCode, String methodCode, EntryWindow window, Integer ageAtDischarge)
            implements ReferralCommand {

        public RecordDischarge(LocalDate dischargeDate, String destinationCode, String methodCode, EntryWindow window) {
            this(dischargeDate, destinationCode, methodCode, window, null);
        }
    }

    record Withdraw(String reason) implements ReferralCommand {
    }

    /**
     * Who corrects a fact and why. {@code correctsEventId} is the CloudEvents id of the fact as it stands (the original
     * or its latest correction), looked up outside the aggregate at the version the aggregate names (see
     * {@link Referral#dischargeFact()}); null when there is none, which the aggregate refuses.
     */
    record Correction(String correctsEventId, String reason, String correctedBy) {
    }

    /**
     * Amends the standing discharge: each non-null value replaces the current one, the rest are carried.
     * {@code ageAtDischarge} is the age on the new {@code dischargeDate} (null when no new date or unknown).
     */
    record CorrectDischarge(Correction correction, LocalDate dischargeDate, String destinationCode, String methodCode,
            Integer ageAtDischarge, EntryWindow window) implements ReferralCommand {
    }

    /** Voids the standing discharge, recorded for the wrong referral: the patient is back in hospital. */
    record VoidDischarge(Correction correction) implements ReferralCommand {
    }

    /**
     * Records why the patient is still in hospital from {@code effectiveFrom}: a code of a code list the service has
     * already checked (list, version and code exist, the list is valid on the date), so the aggregate checks only the
     * dates against the case.
     */
    record RecordDelayReason(String listId, int listVersion, String code, LocalDate effectiveFrom, EntryWindow window)
            implements ReferralCommand {
    }

    /** Replaces a discharge ready date that was never right (moving a date that was right is {@link SetDischargeReadyDate}). */
    record CorrectDischargeReadyDate(Correction correction, LocalDate dischargeReadyDate, EntryWindow window) implements ReferralCommand {
    }
}
