package org.d2aflow.contracts.referral;

import java.time.LocalDate;
import java.util.regex.Pattern;
import org.d2aflow.contracts.internal.Require;
import org.d2aflow.contracts.reference.AdmissionMethods;

/**
 * A discharge case was opened for an adult in an acute bed; the first event of every referral stream.
 *
 * <p>Identity never leaves referral-service: {@code patientKey} is a keyed hash of the NHS number, and there is
 * deliberately no NHS number, name or date of birth here. {@code organisation} (optional, added compatibly) is the
 * code of the organisation that owns the case (the coordinator's trust); it scopes who may see the referral.
 * {@code admissionMethod} (optional, added compatibly) is the NHS Data Dictionary ADMISSION METHOD of the hospital
 * spell (see {@link org.d2aflow.contracts.reference.AdmissionMethods}), which links emergency readmissions.
 */
public record ReferralSubmitted(
        String referralId,
        String patientKey,
        int ageAtAdmission,
        Sex sex,
        String locality,
        String site,
        LocalDate admissionDate,
        UsualResidence usualResidence,
        String organisation,
        String admissionMethod) implements ReferralEvent {

    public static final String TYPE = "d2a.referral.submitted.v1";

    // Ten digits, optionally grouped 3-3-4: what an NHS number looks like, which a pseudonym must not.
    private static final Pattern NHS_NUMBER_SHAPE = Pattern.compile("\\d{3}[ -]?\\d{3}[ -]?\\d{4}");

    public ReferralSubmitted {
        Require.text(referralId, "referralId");
        Require.text(patientKey, "patientKey");
        if (NHS_NUMBER_SHAPE.matcher(patientKey.strip()).matches()) {
            throw new IllegalArgumentException("patientKey must be a pseudonym, not an NHS number");
        }
        Require.between(ageAtAdmission, 0, 130, "ageAtAdmission");
        Require.present(sex, "sex");
        Require.text(locality, "locality");
        Require.text(site, "site");
        Require.present(admissionDate, "admissionDate");
        Require.present(usualResidence, "usualResidence");
        if (organisation != null) {
            Require.text(organisation, "organisation");
        }
        if (admissionMethod != null && !AdmissionMethods.ALL.contains(admissionMethod)) {
            throw new IllegalArgumentException("admissionMethod '" + admissionMethod + "' is not an NHS Data Dictionary admission method code");
        }
    }

    /** A referral without the optional admission method, as records written before the field existed. */
    public ReferralSubmitted(String referralId, String patientKey, int ageAtAdmission, Sex sex, String locality, String site,
            LocalDate admissionDate, UsualResidence usualResidence, String organisation) {
        this(referralId, patientKey, ageAtAdmission, sex, locality, site, admissionDate, usualResidence, organisation, null);
    }

    /** A referral without the optional owning organisation, as records written before the field existed. */
    public ReferralSubmitted(String referralId, String patientKey, int ageAtAdmission, Sex sex, String locality, String site,
            LocalDate admissionDate, UsualResidence usualResidence) {
        this(referralId, patientKey, ageAtAdmission, sex, locality, site, admissionDate, usualResidence, null, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
