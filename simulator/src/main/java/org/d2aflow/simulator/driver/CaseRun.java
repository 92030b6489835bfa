package org.d2aflow.simulator.driver;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.d2aflow.simulator.model.Codes.Day91Status;
import org.d2aflow.simulator.model.Codes.EndReason;
import org.d2aflow.simulator.model.CountyPlan;
import org.d2aflow.simulator.model.CountyPlan.PlannedCase;
import org.d2aflow.simulator.model.PlannedPatient;
import org.d2aflow.simulator.model.ServiceCatalog.ServiceSpec;

/**
 * What actually happened to one planned patient during the run: the ids the services gave, which steps were
 * entered with which business dates, and the outcome of the claim. Steps of one patient never overlap: each waits
 * for the one before it (a day's phase finishes before the next begins, and a placement's end or follow-up first
 * waits for its start), and those hand-offs through the executors also make the fields visible across threads.
 */
final class CaseRun {

    /** What became of the claim. */
    enum ClaimOutcome {
        CLAIMED,
        /** No free unit: the decline was recorded and the patient referred elsewhere. */
        DECLINED,
        /** The services refused it for another reason, or never got ready for it: see errors. */
        FAILED
    }

    /** What became of the 91-day follow-up. */
    enum FollowUpOutcome {
        RECORDED,
        /** One of the follow-ups staff forget, on purpose. */
        LEFT_MISSING,
        /** Day 91 is after today: placement-service would refuse it. */
        NOT_DUE,
        FAILED
    }

    final PlannedCase planned;
    final PlannedPatient p;
    final ServiceSpec service;

    String referralId;
    LocalDate admissionSent;
    LocalDate drdSent;
    LocalDate decidedSent;
    /** The discharge date in force (after corrections); null before the discharge and after a void. */
    LocalDate dischargeSent;
    String destinationSent;
    /** The simulated day the discharge is entered on (patients needing no service); null otherwise. */
    LocalDate dischargeEnteredOn;
    /** The correction chosen for this patient, if any. */
    ApiDriver.Correction correction;
    boolean voided;
    /** The lane day the follow-up was entered on; null when entered in the final pass. */
    LocalDate followUpDay;
    /** Every version of the discharge as accepted: recorded, corrected, voided; written only when corrected. */
    private final List<Map<String, Object>> dischargeHistory = Collections.synchronizedList(new ArrayList<>());
    /** Every version of the follow-up as accepted; written only when corrected. */
    private final List<Map<String, Object>> followUpHistory = Collections.synchronizedList(new ArrayList<>());
    ClaimOutcome claim;
    String claimId;
    /** The claim's start date as sent; null when the claim asked for "today" (capacity-service refuses past dates). */
    LocalDate claimStartSent;
    boolean declineRecorded;
    /** The decline's own date as sent; null when capacity-service took no date (dated the day it was entered). */
    LocalDate declinedOnSent;
    /** The date the 91-day status was obtained, as sent; null when placement-service took no date. */
    LocalDate obtainedOnSent;
    /** The day a DIED or CARE_HOME status began, as sent; null when none was sent. */
    LocalDate statusSinceSent;
    /** The reason for delay recorded from the discharge ready date (acute-sitrep-2023 code); null when none. */
    String delayReasonSent;
    /** The instant each fact was accepted (the 2xx came back), by fact name: what "as known at" is recomputed from. */
    private final Map<String, Instant> entered = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Facts entered after their business date, with the simulated day they were entered on. */
    private final Map<String, Object> late = Collections.synchronizedMap(new LinkedHashMap<>());
    LocalDate startSent;
    LocalDate endSent;
    EndReason endReasonSent;
    Day91Status followUpSent;
    FollowUpOutcome followUp;
    final List<String> errors = new ArrayList<>();
    /** A step failed: the later steps of this patient are skipped. */
    volatile boolean broken;
    /** The discharge and placement start after the claim, when they run apart; null otherwise. */
    volatile java.util.concurrent.Future<?> leaving;

    CaseRun(PlannedCase planned, ServiceSpec service) {
        this.planned = planned;
        this.p = planned.patient();
        this.service = service;
    }

    void fail(String step, String why) {
        errors.add(step + ": " + why);
        broken = true;
    }

    /** Now, to the microsecond (the services' precision), for the record. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    void entered(String fact) {
        entered.put(fact, now());
    }

    Instant enteredAt(String fact) {
        return entered.get(fact);
    }

    void enteredLate(String fact, LocalDate dated, LocalDate enteredOn) {
        if (enteredOn.isAfter(dated)) {
            late.put(fact, enteredOn);
        } else {
            late.remove(fact);
        }
    }

    void dischargeVersion(String kind, Integer ageAtDischarge) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("kind", kind);
        v.put("dischargeDate", dischargeSent);
        v.put("destinationCode", dischargeSent == null ? null : destinationSent);
        v.put("methodCode", dischargeSent == null ? null : p.methodCode());
        v.put("ageAtDischarge", ageAtDischarge);
        v.put("enteredAt", now());
        dischargeHistory.add(v);
    }

    void followUpVersion(String status, LocalDate obtainedOn) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("day91Status", status);
        v.put("obtainedOn", obtainedOn);
        v.put("enteredAt", now());
        followUpHistory.add(v);
    }

    boolean placementRunning() {
        return startSent != null && endSent == null;
    }

    /** The line of the record file: what was entered, as entered, next to what was planned. */
    Map<String, Object> record(CountyPlan plan) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("record", "referral");
        r.put("patientId", p.id());
        // Synthetic identity (test-range NHS number, made-up name): what the event-log scan must never find on a topic.
        r.put("nhsNumber", p.nhsNumber());
        r.put("dateOfBirth", p.dateOfBirth());
        r.put("name", org.d2aflow.simulator.model.SyntheticNames.forPatient(p.id()));
        r.put("referralId", referralId);
        r.put("category", p.category());
        r.put("ageAtAdmission", p.ageAtAdmission());
        r.put("ageAtDischarge", dischargeSent == null ? null : java.time.Period.between(p.dateOfBirth(), dischargeSent).getYears());
        r.put("sex", p.sex());
        r.put("locality", p.locality());
        r.put("site", p.site());
        r.put("ward", p.ward());
        r.put("usualResidence", p.usualResidence());
        r.put("admissionDate", admissionSent);
        r.put("dischargeReadyDate", drdSent);
        r.put("pathway", decidedSent == null ? null : p.pathway());
        r.put("serviceType", decidedSent == null ? null : p.serviceType());
        r.put("decidedAt", decidedSent);
        r.put("dischargeDate", dischargeSent);
        r.put("destinationCode", dischargeSent == null ? null : destinationSent);
        r.put("methodCode", dischargeSent == null ? null : p.methodCode());
        r.put("lengthOfStay", dischargeSent == null ? null : (int) (dischargeSent.toEpochDay() - p.admissionDate().toEpochDay()));
        r.put("delayDays", dischargeSent == null || drdSent == null ? null : (int) (dischargeSent.toEpochDay() - drdSent.toEpochDay()));
        r.put("admissionMethod", p.admissionMethod());
        r.put("delayReason", delayReasonSent);
        // The correction chosen, once it was accepted.
        r.put("correction", dischargeHistory.size() > 1 || followUpHistory.size() > 1 ? correction : null);
        synchronized (dischargeHistory) {
            r.put("dischargeHistory", dischargeHistory.size() > 1 ? List.copyOf(dischargeHistory) : null);
        }
        synchronized (followUpHistory) {
            r.put("followUpHistory", followUpHistory.size() > 1 ? List.copyOf(followUpHistory) : null);
        }
        r.put("inHospitalAtEnd", referralId != null && dischargeSent == null);
        if (service != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("service", service.key());
            c.put("planned", planned.claim());
            c.put("outcome", claim);
            c.put("claimId", claimId);
            c.put("startDate", claimStartSent);
            c.put("startDateAsked", claim == null ? null : claimStartSent == null ? "today" : "business date");
            c.put("declineRecorded", declineRecorded);
            c.put("declinedOn", declinedOnSent);
            r.put("claim", c);
        }
        if (claim == ClaimOutcome.CLAIMED) {
            // Declined or refused claims have no placement: the patient was referred elsewhere.
            Map<String, Object> pl = new LinkedHashMap<>();
            pl.put("startDate", startSent);
            pl.put("endDate", endSent);
            pl.put("endReason", endReasonSent);
            pl.put("daysInService", endSent == null ? null : (int) (endSent.toEpochDay() - startSent.toEpochDay()));
            pl.put("status", startSent == null ? null : endSent == null ? "ACTIVE" : "ENDED");
            pl.put("plannedEndDate", p.placementEnd());
            pl.put("plannedEndReason", p.placement().endReason());
            r.put("placement", pl);
            if (p.followUpDue() != null) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("dueDate", p.followUpDue());
                f.put("day91Status", followUpSent);
                f.put("obtainedOn", obtainedOnSent);
                f.put("statusSince", statusSinceSent);
                f.put("plannedDay91Status", p.placement().day91Status());
                f.put("outcome", followUp);
                r.put("followUp", f);
            }
        }
        synchronized (entered) {
            r.put("entered", new LinkedHashMap<>(entered));
        }
        synchronized (late) {
            // Only the facts that were in the end entered late.
            Map<String, Object> l = new LinkedHashMap<>();
            late.forEach((k, v) -> {
                if (entered.containsKey(k)) {
                    l.put(k, v);
                }
            });
            r.put("enteredLateOn", l.isEmpty() ? null : l);
        }
        if (!errors.isEmpty()) {
            r.put("errors", errors);
        }
        return r;
    }
}
