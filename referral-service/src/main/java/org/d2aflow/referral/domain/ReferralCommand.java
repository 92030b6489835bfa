package org.d2aflow.referral.domain;

import java.time.LocalDate;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;

/** What a discharge coordinator asks of a referral. {@code today} is the service's calendar date, from its clock. */
public sealed interface ReferralCommand {

    /** Opens a case. The patient key is the keyed hash of the NHS number, computed outside the domain. */
    record SubmitReferral(String referralId, NhsNumber nhsNumber, String patientKey, LocalDate dateOfBirth, Sex sex,
            String locality, String site, String ward, LocalDate admissionDate, UsualResidence usualResidence,
            LocalDate today, String organisation) implements ReferralCommand {
    }

    record SetDischargeReadyDate(LocalDate dischargeReadyDate) implements ReferralCommand {
    }

    record DecidePathway(Pathway pathway, ServiceType serviceType, LocalDate decidedAt, LocalDate today) implements ReferralCommand {
    }

    /** {@code ageAtDischarge} comes from the identity kept outside the aggregate; null when unknown. */
    record RecordDischarge(LocalDate dischargeDate, String destinationCode, String methodCode, LocalDate today, Integer ageAtDischarge)
            implements ReferralCommand {

        public RecordDischarge(LocalDate dischargeDate, String destinationCode, String methodCode, LocalDate today) {
            this(dischargeDate, destinationCode, methodCode, today, null);
        }
    }

    record Withdraw(String reason) implements ReferralCommand {
    }
}
