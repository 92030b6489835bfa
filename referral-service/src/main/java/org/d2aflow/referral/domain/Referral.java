package org.d2aflow.referral.domain;

import org.d2aflow.contracts.reference.RefusalCode;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.reference.DischargeCodes;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.referral.domain.ReferralCommand.DecidePathway;
import org.d2aflow.referral.domain.ReferralCommand.RecordDischarge;
import org.d2aflow.referral.domain.ReferralCommand.SetDischargeReadyDate;
import org.d2aflow.referral.domain.ReferralCommand.SubmitReferral;
import org.d2aflow.referral.domain.ReferralCommand.Withdraw;

/**
 * A discharge case. It decides (checks a command against its state and returns the events it causes) and
 * applies (changes state from an event); no clock, no I/O. Invariants: admission &le; discharge ready date
 * &le; discharge; pathway and service type agree; death method (4, 5) if and only if destination 79;
 * nothing changes after a discharge or a withdrawal.
 */
public final class Referral {

    /** Longest free-text value the domain accepts. */
    public static final int MAX_TEXT = 200;

    private String id;
    private long version;
    private ReferralStatus status;
    private LocalDate admissionDate;
    private LocalDate dischargeReadyDate;
    private Pathway pathway;
    private ServiceType serviceType;
    private LocalDate dischargeDate;

    private Referral() {
    }

    /** Rebuilds a referral from its history; an empty history is a referral that does not exist yet. */
    public static Referral from(List<? extends ReferralEvent> history) {
        Referral r = new Referral();
        history.forEach(r::apply);
        return r;
    }

    public boolean exists() {
        return status != null;
    }

    public long version() {
        return version;
    }

    public ReferralStatus status() {
        return status;
    }

    public Pathway pathway() {
        return pathway;
    }

    // --- decide -------------------------------------------------------------------------------------------

    public List<ReferralEvent> decide(SubmitReferral c) {
        if (exists()) {
            throw new IllegalTransitionException(RefusalCode.REFERRAL_EXISTS, "Referral " + id + " already exists");
        }
        List<FieldError> errors = new ArrayList<>();
        if (c.admissionDate().isAfter(c.today())) {
            errors.add(new FieldError("admissionDate", "must not be in the future"));
        }
        if (c.dateOfBirth().isAfter(c.admissionDate())) {
            errors.add(new FieldError("dateOfBirth", "must not be after the admission date"));
        } else if (Period.between(c.dateOfBirth(), c.admissionDate()).getYears() > 130) {
            errors.add(new FieldError("dateOfBirth", "gives an age over 130 at admission"));
        }
        requireText(errors, "locality", c.locality());
        requireText(errors, "site", c.site());
        requireText(errors, "ward", c.ward());
        failIfAny(errors);
        int age = Period.between(c.dateOfBirth(), c.admissionDate()).getYears();
        return List.of(new ReferralSubmitted(c.referralId(), c.patientKey(), age, c.sex(), c.locality().strip(), c.site().strip(),
                c.admissionDate(), c.usualResidence(), c.organisation()));
    }

    public List<ReferralEvent> decide(SetDischargeReadyDate c) {
        requireOpen("set a discharge ready date");
        if (c.dischargeReadyDate().isBefore(admissionDate)) {
            throw new InvalidCommandException("dischargeReadyDate", "must not be before the admission date " + admissionDate);
        }
        if (c.dischargeReadyDate().equals(dischargeReadyDate)) {
            return List.of();
        }
        return List.of(new DischargeReadyDateSet(id, c.dischargeReadyDate()));
    }

    public List<ReferralEvent> decide(DecidePathway c) {
        requireOpen("decide a pathway");
        List<FieldError> errors = new ArrayList<>();
        if (c.serviceType().pathway() != c.pathway()) {
            errors.add(new FieldError("serviceType", c.serviceType() + " is a " + c.serviceType().pathway()
                    + " service and cannot be used on pathway " + c.pathway()));
        }
        if (c.decidedAt().isBefore(admissionDate)) {
            errors.add(new FieldError("decidedAt", "must not be before the admission date " + admissionDate));
        }
        if (c.decidedAt().isAfter(c.today())) {
            errors.add(new FieldError("decidedAt", "must not be in the future"));
        }
        failIfAny(errors);
        return List.of(new PathwayDecided(id, c.pathway(), c.serviceType(), c.decidedAt()));
    }

    public List<ReferralEvent> decide(RecordDischarge c) {
        requireOpen("record a discharge");
        List<FieldError> errors = new ArrayList<>();
        boolean knownDestination = DischargeCodes.DESTINATIONS.contains(c.destinationCode());
        boolean knownMethod = DischargeCodes.METHODS.contains(c.methodCode());
        if (!knownDestination) {
            errors.add(new FieldError("destinationCode", "'" + c.destinationCode() + "' is not an NHS Data Dictionary discharge destination code"));
        }
        if (!knownMethod) {
            errors.add(new FieldError("methodCode", "'" + c.methodCode() + "' is not an NHS Data Dictionary discharge method code (1-9)"));
        }
        if (knownDestination && knownMethod
                && DischargeCodes.isDeathMethod(c.methodCode()) != DischargeCodes.DESTINATION_DIED.equals(c.destinationCode())) {
            errors.add(new FieldError("methodCode", "method 4 or 5 (death) goes with destination 79 and only with it"));
        }
        if (c.dischargeDate().isBefore(admissionDate)) {
            errors.add(new FieldError("dischargeDate", "must not be before the admission date " + admissionDate));
        }
        if (c.dischargeDate().isAfter(c.today())) {
            errors.add(new FieldError("dischargeDate", "must not be in the future"));
        }
        failIfAny(errors);
        if (dischargeReadyDate != null && c.dischargeDate().isBefore(dischargeReadyDate)) {
            throw new IllegalTransitionException(RefusalCode.DISCHARGE_BEFORE_READY_DATE, "The discharge date " + c.dischargeDate() + " is before the discharge ready date "
                    + dischargeReadyDate + ": move the discharge ready date first");
        }
        return List.of(new PatientDischarged(id, c.dischargeDate(), c.destinationCode(), c.methodCode(), c.ageAtDischarge()));
    }

    public List<ReferralEvent> decide(Withdraw c) {
        requireOpen("withdraw it");
        List<FieldError> errors = new ArrayList<>();
        requireText(errors, "reason", c.reason());
        failIfAny(errors);
        return List.of(new ReferralWithdrawn(id, c.reason().strip()));
    }

    // --- apply --------------------------------------------------------------------------------------------

    public void apply(ReferralEvent event) {
        // Java 17 has no pattern switch; the final else keeps the family exhaustive at run time.
        if (event instanceof ReferralSubmitted e) {
            id = e.referralId();
            admissionDate = e.admissionDate();
            status = ReferralStatus.SUBMITTED;
        } else if (event instanceof DischargeReadyDateSet e) {
            dischargeReadyDate = e.dischargeReadyDate();
        } else if (event instanceof PathwayDecided e) {
            pathway = e.pathway();
            serviceType = e.serviceType();
            status = ReferralStatus.PATHWAY_DECIDED;
        } else if (event instanceof PatientDischarged e) {
            dischargeDate = e.dischargeDate();
            status = ReferralStatus.DISCHARGED;
        } else if (event instanceof ReferralWithdrawn) {
            status = ReferralStatus.WITHDRAWN;
        } else {
            throw new IllegalArgumentException("Unknown referral event " + event.type());
        }
        version++;
    }

    // --- rules --------------------------------------------------------------------------------------------

    private void requireOpen(String action) {
        if (status == ReferralStatus.DISCHARGED) {
            throw new IllegalTransitionException(RefusalCode.DISCHARGED, "Cannot " + action + ": the patient was discharged on " + dischargeDate);
        }
        if (status == ReferralStatus.WITHDRAWN) {
            throw new IllegalTransitionException(RefusalCode.REFERRAL_WITHDRAWN, "Cannot " + action + ": the referral was withdrawn");
        }
    }

    private static void requireText(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() > MAX_TEXT) {
            errors.add(new FieldError(field, "must be at most " + MAX_TEXT + " characters"));
        }
    }

    private static void failIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidCommandException(errors);
        }
    }

    @Override
    public String toString() {
        return "Referral[" + id + " v" + version + " " + status + (serviceType == null ? "" : " " + serviceType) + "]";
    }
}
