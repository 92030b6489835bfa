package org.d2aflow.referral.domain;

import org.d2aflow.contracts.reference.RefusalCode;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.reference.AdmissionMethods;
import org.d2aflow.contracts.reference.DischargeCodes;
import org.d2aflow.contracts.referral.DelayReasonRecorded;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.kit.domain.EntryWindow;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.referral.domain.ReferralCommand.CorrectDischarge;
import org.d2aflow.referral.domain.ReferralCommand.CorrectDischargeReadyDate;
import org.d2aflow.referral.domain.ReferralCommand.Correction;
import org.d2aflow.referral.domain.ReferralCommand.DecidePathway;
import org.d2aflow.referral.domain.ReferralCommand.RecordDelayReason;
import org.d2aflow.referral.domain.ReferralCommand.RecordDischarge;
import org.d2aflow.referral.domain.ReferralCommand.SetDischargeReadyDate;
import org.d2aflow.referral.domain.ReferralCommand.SubmitReferral;
import org.d2aflow.referral.domain.ReferralCommand.VoidDischarge;
import org.d2aflow.referral.domain.ReferralCommand.Withdraw;

/**
 * A discharge case. It decides (checks a command against its state and returns the events it causes) and
 * applies (changes state from an event); no clock, no I/O. Invariants: admission &le; discharge ready date
 * &le; discharge; pathway and service type agree; death method (4, 5) if and only if destination 79;
 * business dates (decision, discharge, discharge ready date) within the caller's late-entry window; nothing changes
 * after a discharge or a withdrawal except by an explicit correction (amend or void the discharge, correct the
 * discharge ready date), which names the fact it corrects, who and why.
 */
public final class Referral {

    /** Longest free-text value the domain accepts. */
    public static final int MAX_TEXT = 200;

    /** Longest reason for a correction: room for a sentence or two of explanation for the audit. */
    public static final int MAX_REASON = 500;

    private String id;
    private long version;
    private ReferralStatus status;
    private LocalDate admissionDate;
    private LocalDate dischargeReadyDate;
    private Pathway pathway;
    private ServiceType serviceType;
    private LocalDate dischargeDate;
    private String destinationCode;
    private String methodCode;
    private Integer ageAtDischarge;
    /** Stream versions of the facts that stand for the discharge and the discharge ready date (0: none). */
    private long dischargeFact;
    private long readyDateFact;
    /** The reasons for delay in force, by the date each applies from (a later record for a date replaces the earlier). */
    private final Map<LocalDate, DelayReasonRecorded> delayReasons = new HashMap<>();

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

    /**
     * The stream version of the event that the discharge stands on (the patient-discharged or its latest correction),
     * 0 when there is no discharge: a correction names that event's CloudEvents id.
     */
    public long dischargeFact() {
        return dischargeFact;
    }

    /** The stream version of the event that sets the current discharge ready date, 0 when there is none. */
    public long readyDateFact() {
        return readyDateFact;
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
        requireText(errors, "locality", c.locality(), MAX_TEXT);
        requireText(errors, "site", c.site(), MAX_TEXT);
        requireText(errors, "ward", c.ward(), MAX_TEXT);
        if (c.admissionMethod() != null && !AdmissionMethods.ALL.contains(c.admissionMethod())) {
            errors.add(new FieldError("admissionMethod", "'" + c.admissionMethod() + "' is not an NHS Data Dictionary admission method code"
                    + " (11-13, 21-25, 2A-2D, 31, 32, 81-83)"));
        }
        failIfAny(errors);
        int age = Period.between(c.dateOfBirth(), c.admissionDate()).getYears();
        return List.of(new ReferralSubmitted(c.referralId(), c.patientKey(), age, c.sex(), c.locality().strip(), c.site().strip(),
                c.admissionDate(), c.usualResidence(), c.organisation(), c.admissionMethod()));
    }

    public List<ReferralEvent> decide(SetDischargeReadyDate c) {
        requireOpen("set a discharge ready date");
        List<FieldError> errors = new ArrayList<>();
        checkReadyDate(c.dischargeReadyDate(), c.window(), errors);
        failIfAny(errors);
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
        } else {
            c.window().check("decidedAt", c.decidedAt(), errors);
        }
        failIfAny(errors);
        return List.of(new PathwayDecided(id, c.pathway(), c.serviceType(), c.decidedAt()));
    }

    public List<ReferralEvent> decide(RecordDischarge c) {
        requireOpen("record a discharge");
        List<FieldError> errors = new ArrayList<>();
        checkDischarge(c.dischargeDate(), c.destinationCode(), c.methodCode(), c.window(), true, errors);
        failIfAny(errors);
        requireReadyBy(c.dischargeDate(), dischargeReadyDate);
        return List.of(new PatientDischarged(id, c.dischargeDate(), c.destinationCode(), c.methodCode(), c.ageAtDischarge()));
    }

    /**
     * Records a reason for delay. It applies from a date on or after the discharge ready date, while the patient is in
     * hospital (before the discharge date when discharged), and not beyond the late-entry window; a reason for a date
     * that already has one replaces it (a correction), and the same reason again changes nothing.
     */
    public List<ReferralEvent> decide(RecordDelayReason c) {
        if (status == ReferralStatus.WITHDRAWN) {
            throw new IllegalTransitionException(RefusalCode.REFERRAL_WITHDRAWN, "Cannot record a reason for delay: the referral was withdrawn");
        }
        List<FieldError> errors = new ArrayList<>();
        LocalDate from = c.effectiveFrom();
        if (dischargeReadyDate == null) {
            errors.add(new FieldError("effectiveFrom", "the referral has no discharge ready date: a delay is counted from it, set it first"));
        } else if (from.isBefore(dischargeReadyDate)) {
            errors.add(new FieldError("effectiveFrom", "must not be before the discharge ready date " + dischargeReadyDate));
        } else if (dischargeDate != null && !from.isBefore(dischargeDate)) {
            errors.add(new FieldError("effectiveFrom", "must be before the discharge date " + dischargeDate + ": the patient had left"));
        } else {
            c.window().check("effectiveFrom", from, errors);
        }
        failIfAny(errors);
        DelayReasonRecorded event = new DelayReasonRecorded(id, c.listId(), c.listVersion(), c.code(), from);
        if (event.equals(delayReasons.get(from))) {
            return List.of();
        }
        return List.of(event);
    }

    public List<ReferralEvent> decide(Withdraw c) {
        requireOpen("withdraw it");
        List<FieldError> errors = new ArrayList<>();
        requireText(errors, "reason", c.reason(), MAX_TEXT);
        failIfAny(errors);
        return List.of(new ReferralWithdrawn(id, c.reason().strip()));
    }

    /**
     * Amends the standing discharge under the rules of a discharge; the window applies to a new discharge date only
     * (a carried date was accepted when it was recorded).
     */
    public List<ReferralEvent> decide(CorrectDischarge c) {
        Correction k = requireDischargeToCorrect(c.correction(), "correct");
        LocalDate date = c.dischargeDate() == null ? dischargeDate : c.dischargeDate();
        String destination = c.destinationCode() == null ? destinationCode : c.destinationCode();
        String method = c.methodCode() == null ? methodCode : c.methodCode();
        List<FieldError> errors = new ArrayList<>();
        checkDischarge(date, destination, method, c.window(), !date.equals(dischargeDate), errors);
        requireText(errors, "reason", k.reason(), MAX_REASON);
        if (errors.isEmpty() && date.equals(dischargeDate) && destination.equals(destinationCode) && method.equals(methodCode)) {
            String field = c.dischargeDate() != null ? "dischargeDate" : c.destinationCode() != null ? "destinationCode"
                    : c.methodCode() != null ? "methodCode" : "dischargeDate";
            errors.add(new FieldError(field, "the correction changes nothing: the discharge stands as " + dischargeDate + ", destination "
                    + destinationCode + ", method " + methodCode + "; give the value(s) that differ"));
        }
        failIfAny(errors);
        requireReadyBy(date, dischargeReadyDate);
        Integer age = c.dischargeDate() == null ? ageAtDischarge : c.ageAtDischarge();
        return List.of(new DischargeCorrected(id, k.correctsEventId(), date, destination, method, age, k.reason().strip(),
                k.correctedBy()));
    }

    /** Voids the standing discharge: the referral is back in hospital, as it was before, and may be discharged again. */
    public List<ReferralEvent> decide(VoidDischarge c) {
        Correction k = requireDischargeToCorrect(c.correction(), "void");
        List<FieldError> errors = new ArrayList<>();
        requireText(errors, "reason", k.reason(), MAX_REASON);
        failIfAny(errors);
        return List.of(new DischargeVoided(id, k.correctsEventId(), k.reason().strip(), k.correctedBy()));
    }

    /** Replaces a discharge ready date that was never right, also after the discharge (the delay is measured from it). */
    public List<ReferralEvent> decide(CorrectDischargeReadyDate c) {
        if (status == ReferralStatus.WITHDRAWN) {
            throw new IllegalTransitionException(RefusalCode.REFERRAL_WITHDRAWN, "Cannot correct the discharge ready date: the referral was withdrawn");
        }
        if (readyDateFact == 0) {
            throw new IllegalTransitionException(RefusalCode.NO_READY_DATE_TO_CORRECT,
                    "There is no discharge ready date to correct: set one with PUT /referrals/" + id + "/discharge-ready-date");
        }
        Correction k = requireCorrects(c.correction());
        List<FieldError> errors = new ArrayList<>();
        checkReadyDate(c.dischargeReadyDate(), c.window(), errors);
        requireText(errors, "reason", k.reason(), MAX_REASON);
        if (errors.isEmpty() && c.dischargeReadyDate().equals(dischargeReadyDate)) {
            errors.add(new FieldError("dischargeReadyDate", "the correction changes nothing: the discharge ready date is already "
                    + dischargeReadyDate));
        }
        failIfAny(errors);
        if (status == ReferralStatus.DISCHARGED) {
            requireReadyBy(dischargeDate, c.dischargeReadyDate());
        }
        return List.of(new DischargeReadyDateCorrected(id, k.correctsEventId(), c.dischargeReadyDate(), k.reason().strip(),
                k.correctedBy()));
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
            readyDateFact = version + 1;
        } else if (event instanceof DischargeReadyDateCorrected e) {
            dischargeReadyDate = e.dischargeReadyDate();
            readyDateFact = version + 1;
        } else if (event instanceof PathwayDecided e) {
            pathway = e.pathway();
            serviceType = e.serviceType();
            status = ReferralStatus.PATHWAY_DECIDED;
        } else if (event instanceof PatientDischarged e) {
            discharged(e.dischargeDate(), e.destinationCode(), e.methodCode(), e.ageAtDischarge());
            status = ReferralStatus.DISCHARGED;
        } else if (event instanceof DischargeCorrected e) {
            discharged(e.dischargeDate(), e.destinationCode(), e.methodCode(), e.ageAtDischarge());
        } else if (event instanceof DischargeVoided) {
            discharged(null, null, null, null);
            dischargeFact = 0;
            status = pathway == null ? ReferralStatus.SUBMITTED : ReferralStatus.PATHWAY_DECIDED;
        } else if (event instanceof DelayReasonRecorded e) {
            delayReasons.put(e.effectiveFrom(), e);
        } else if (event instanceof ReferralWithdrawn) {
            status = ReferralStatus.WITHDRAWN;
        } else {
            throw new IllegalArgumentException("Unknown referral event " + event.type());
        }
        version++;
    }

    private void discharged(LocalDate date, String destination, String method, Integer age) {
        dischargeDate = date;
        destinationCode = destination;
        methodCode = method;
        ageAtDischarge = age;
        dischargeFact = version + 1;
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

    /** The discharge rules, for a discharge and for its correction; the window is checked on a new date only. */
    private void checkDischarge(LocalDate date, String destination, String method, EntryWindow window, boolean newDate,
            List<FieldError> errors) {
        boolean knownDestination = DischargeCodes.DESTINATIONS.contains(destination);
        boolean knownMethod = DischargeCodes.METHODS.contains(method);
        if (!knownDestination) {
            errors.add(new FieldError("destinationCode", "'" + destination + "' is not an NHS Data Dictionary discharge destination code"));
        }
        if (!knownMethod) {
            errors.add(new FieldError("methodCode", "'" + method + "' is not an NHS Data Dictionary discharge method code (1-9)"));
        }
        if (knownDestination && knownMethod
                && DischargeCodes.isDeathMethod(method) != DischargeCodes.DESTINATION_DIED.equals(destination)) {
            errors.add(new FieldError("methodCode", "method 4 or 5 (death) goes with destination 79 and only with it"));
        }
        if (date.isBefore(admissionDate)) {
            errors.add(new FieldError("dischargeDate", "must not be before the admission date " + admissionDate));
        } else if (newDate) {
            window.check("dischargeDate", date, errors);
        }
    }

    /** A discharge ready date may lie in the future (expected readiness), but not before admission nor beyond the window. */
    private void checkReadyDate(LocalDate date, EntryWindow window, List<FieldError> errors) {
        if (date.isBefore(admissionDate)) {
            errors.add(new FieldError("dischargeReadyDate", "must not be before the admission date " + admissionDate));
        } else {
            window.checkNotTooLate("dischargeReadyDate", date, errors);
        }
    }

    /** Nobody leaves before they are ready: a discharge on or after the discharge ready date, when there is one. */
    private static void requireReadyBy(LocalDate discharge, LocalDate readyDate) {
        if (readyDate != null && discharge.isBefore(readyDate)) {
            throw new IllegalTransitionException(RefusalCode.DISCHARGE_BEFORE_READY_DATE, "The discharge date " + discharge
                    + " is before the discharge ready date " + readyDate + ": move or correct the discharge ready date first");
        }
    }

    private Correction requireDischargeToCorrect(Correction c, String action) {
        if (status != ReferralStatus.DISCHARGED) {
            throw new IllegalTransitionException(RefusalCode.NO_DISCHARGE_TO_CORRECT, "Cannot " + action
                    + " the discharge: the referral has none (it is " + status + ")");
        }
        return requireCorrects(c);
    }

    private static Correction requireCorrects(Correction c) {
        if (c.correctsEventId() == null) {
            throw new IllegalStateException("a correction must name the event it corrects");
        }
        return c;
    }

    private static void requireText(List<FieldError> errors, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
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
