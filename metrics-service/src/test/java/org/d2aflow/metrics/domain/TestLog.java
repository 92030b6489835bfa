package org.d2aflow.metrics.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityDeclined;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.d2aflow.contracts.capacity.CapacitySet;
import org.d2aflow.contracts.capacity.CapacityUnit;
import org.d2aflow.contracts.capacity.ServiceRegistered;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.FollowUpCorrected;
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.contracts.referral.DelayReasonRecorded;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;

/**
 * A tiny DSL for event logs. Every event gets a fresh CloudEvents id, a recorded time one minute after the
 * previous one (unless moved with {@link #on(String)} / {@link #at(String)}), and the next version of its own
 * stream (referral, placement-of-referral, or capacity-of-service).
 *
 * <pre>
 * aLog().referral("r1").admitted("2024-01-02").aged(84).locality("East")
 *       .drd("2024-01-10").decided(P1, REABLEMENT_HOME, "2024-01-09").discharged("2024-01-12", "19", "1")
 * </pre>
 *
 * The submission of a referral is emitted lazily, by the first other event of the referral (or by
 * {@link #submitted()}, the next {@link #referral(String)} or {@link #envelopes()}), so that its attributes can be
 * set fluently first.
 */
final class TestLog {

    static final String SOURCE = "/d2a/test";
    private static final Duration STEP = Duration.ofMinutes(1);

    private final List<EventEnvelope<? extends D2aEvent>> envelopes = new ArrayList<>();
    private final Map<String, Long> versions = new HashMap<>();
    /** The CloudEvents id of the latest fact a correction would name, by "discharge/referral", "drd/referral", "follow-up/placement". */
    private final Map<String, String> correctable = new HashMap<>();
    private Instant clock = Instant.parse("2023-01-01T09:00:00Z");
    /** Shared by every log of the JVM, so that logs can be concatenated without id clashes. */
    private static final java.util.concurrent.atomic.AtomicLong SEQ = new java.util.concurrent.atomic.AtomicLong();

    private String referralId;
    private PendingSubmission pending;

    private static final class PendingSubmission {
        String referralId;
        int age = 80;
        Sex sex = Sex.FEMALE;
        String locality = "East";
        String site = "County Hospital";
        LocalDate admitted = LocalDate.parse("2024-01-01");
        UsualResidence residence = UsualResidence.PRIVATE_HOME;
        String admissionMethod;
        String patientKey;
    }

    static TestLog aLog() {
        return new TestLog();
    }

    // --- clock ---------------------------------------------------------------------------------------------

    /** Records the following events from 09:00 (Europe/London) on the date, one minute apart. */
    TestLog on(String date) {
        flush();
        clock = LocalDate.parse(date).atTime(LocalTime.of(9, 0)).atZone(FigureQuery.ZONE).toInstant();
        return this;
    }

    /** Records the following events from the instant, one minute apart. */
    TestLog at(String instant) {
        flush();
        clock = Instant.parse(instant);
        return this;
    }

    // --- referral stream -----------------------------------------------------------------------------------

    TestLog referral(String id) {
        flush();
        referralId = id;
        pending = new PendingSubmission();
        pending.referralId = id;
        return this;
    }

    /** Continues with an existing referral without submitting it again. */
    TestLog forReferral(String id) {
        flush();
        referralId = id;
        return this;
    }

    TestLog admitted(String date) {
        pending().admitted = LocalDate.parse(date);
        return this;
    }

    /** The NHS Data Dictionary admission method of the pending submission. */
    TestLog admissionMethod(String code) {
        pending().admissionMethod = code;
        return this;
    }

    /** The pseudonymised patient key of the pending submission (default "pk-" + referral id: one person per referral). */
    TestLog patient(String key) {
        pending().patientKey = key;
        return this;
    }

    TestLog aged(int age) {
        pending().age = age;
        return this;
    }

    TestLog locality(String locality) {
        pending().locality = locality;
        return this;
    }

    TestLog site(String site) {
        pending().site = site;
        return this;
    }

    TestLog livesIn(UsualResidence residence) {
        pending().residence = residence;
        return this;
    }

    /** Emits the pending submission now. */
    TestLog submitted() {
        flush();
        return this;
    }

    /** Drops the pending submission: the referral's other events are on the log, its submission is not. */
    TestLog withoutSubmission() {
        pending = null;
        return this;
    }

    TestLog drd(String date) {
        return correctable("drd/" + referralId, new DischargeReadyDateSet(referralId, LocalDate.parse(date)));
    }

    /** Corrects the referral's latest discharge ready date. */
    TestLog correctedDrd(String date) {
        return correctable("drd/" + referralId, new DischargeReadyDateCorrected(referralId, corrects("drd/" + referralId),
                LocalDate.parse(date), "keyed wrongly", "coordinator-1"));
    }

    TestLog decided(Pathway pathway, ServiceType type, String decidedAt) {
        return add(new PathwayDecided(referralId, pathway, type, LocalDate.parse(decidedAt)));
    }

    TestLog discharged(String date, String destination, String method) {
        return correctable("discharge/" + referralId, new PatientDischarged(referralId, LocalDate.parse(date), destination, method));
    }

    TestLog discharged(String date, String destination, String method, Integer ageAtDischarge) {
        return correctable("discharge/" + referralId, new PatientDischarged(referralId, LocalDate.parse(date), destination, method,
                ageAtDischarge));
    }

    /** Corrects the referral's discharge (or its latest correction). */
    TestLog correctedDischarge(String date, String destination, String method) {
        return correctable("discharge/" + referralId, new DischargeCorrected(referralId, corrects("discharge/" + referralId),
                LocalDate.parse(date), destination, method, null, "keyed wrongly", "coordinator-1"));
    }

    /** Voids the referral's discharge: it was recorded for the wrong patient. */
    TestLog voidedDischarge() {
        return add(new DischargeVoided(referralId, corrects("discharge/" + referralId), "wrong patient", "coordinator-1"));
    }

    /** Discharged home (19, clinical advice). */
    TestLog dischargedHome(String date) {
        return discharged(date, "19", "1");
    }

    TestLog withdrawn(String reason) {
        return add(new ReferralWithdrawn(referralId, reason));
    }

    // --- placement stream (keyed by referral) --------------------------------------------------------------

    TestLog placement(String placementId, String serviceId, ServiceType type, String startDate) {
        return add(new PlacementStarted(referralId, placementId, serviceId, type, LocalDate.parse(startDate)));
    }

    TestLog placementEnded(String placementId, String endDate, EndReason reason) {
        return add(new PlacementEnded(referralId, placementId, LocalDate.parse(endDate), reason));
    }

    TestLog followUp(String placementId, Day91Status status) {
        return correctable("follow-up/" + placementId, new FollowUpRecorded(referralId, placementId, status));
    }

    TestLog followUp(String placementId, Day91Status status, String obtainedOn) {
        return correctable("follow-up/" + placementId, new FollowUpRecorded(referralId, placementId, status, LocalDate.parse(obtainedOn)));
    }

    /** A follow-up of DIED or CARE_HOME that gives the date the status began. */
    TestLog followUpSince(String placementId, Day91Status status, String obtainedOn, String since) {
        return correctable("follow-up/" + placementId, new FollowUpRecorded(referralId, placementId, status, LocalDate.parse(obtainedOn),
                LocalDate.parse(since)));
    }

    /** A reason for delay of the current referral from the 2023 acute list. */
    TestLog delayReason(String code, String effectiveFrom) {
        return add(new DelayReasonRecorded(referralId, "acute-sitrep-2023", 1, code, LocalDate.parse(effectiveFrom)));
    }

    TestLog correctedFollowUp(String placementId, Day91Status status, String obtainedOn) {
        return correctable("follow-up/" + placementId, new FollowUpCorrected(referralId, placementId, corrects("follow-up/" + placementId),
                status, LocalDate.parse(obtainedOn), "keyed wrongly", "provider-1"));
    }

    // --- capacity stream (keyed by service) ----------------------------------------------------------------

    TestLog service(String serviceId, ServiceType type, String locality, CapacityUnit unit) {
        return add(new ServiceRegistered(serviceId, serviceId + " name", type, locality, unit));
    }

    TestLog capacity(String serviceId, int units, String fromDate) {
        return add(new CapacitySet(serviceId, units, LocalDate.parse(fromDate)));
    }

    /** A claim of the service for the current referral. */
    TestLog claimed(String serviceId, String claimId, String startDate) {
        return add(new CapacityClaimed(serviceId, claimId, referralId, LocalDate.parse(startDate)));
    }

    TestLog released(String serviceId, String claimId) {
        return add(new CapacityReleased(serviceId, claimId, "placement ended"));
    }

    TestLog released(String serviceId, String claimId, String releasedOn) {
        return add(new CapacityReleased(serviceId, claimId, "placement ended", LocalDate.parse(releasedOn)));
    }

    /** The service declined the current referral for lack of capacity. */
    TestLog declinedBy(String serviceId, ServiceType type, String locality) {
        return add(new CapacityDeclined(serviceId, referralId, type, locality, "no capacity"));
    }

    /** A decline entered with the date it happened. */
    TestLog declinedBy(String serviceId, ServiceType type, String locality, String declinedOn) {
        return add(new CapacityDeclined(serviceId, referralId, type, locality, "no capacity", LocalDate.parse(declinedOn)));
    }

    // --- raw -----------------------------------------------------------------------------------------------

    /** Adds an event with an explicit stream version (the stream's counter is not moved). */
    TestLog withVersion(long version, D2aEvent event) {
        flush();
        envelopes.add(EventEnvelope.of(nextId(), SOURCE, tick(), version, event));
        return this;
    }

    // --- output --------------------------------------------------------------------------------------------

    List<EventEnvelope<? extends D2aEvent>> envelopes() {
        flush();
        return List.copyOf(envelopes);
    }

    LogFacts facts() {
        return factsOf(envelopes());
    }

    static LogFacts factsOf(List<EventEnvelope<? extends D2aEvent>> events) {
        LogFacts facts = new LogFacts();
        events.forEach(facts::apply);
        return facts;
    }

    static List<EventEnvelope<? extends D2aEvent>> shuffled(List<EventEnvelope<? extends D2aEvent>> events, long seed) {
        List<EventEnvelope<? extends D2aEvent>> copy = new ArrayList<>(events);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    // --- internals -----------------------------------------------------------------------------------------

    private PendingSubmission pending() {
        if (pending == null) {
            throw new IllegalStateException("no referral being submitted: call referral(id) first");
        }
        return pending;
    }

    private void flush() {
        if (pending != null) {
            PendingSubmission p = pending;
            pending = null;
            append(new ReferralSubmitted(p.referralId, p.patientKey != null ? p.patientKey : "pk-" + p.referralId, p.age, p.sex, p.locality, p.site, p.admitted,
                    p.residence, null, p.admissionMethod));
        }
    }

    private TestLog add(D2aEvent event) {
        flush();
        append(event);
        return this;
    }

    /** Adds an event that a later correction may name, remembering its id under the key. */
    private TestLog correctable(String key, D2aEvent event) {
        flush();
        correctable.put(key, append(event));
        return this;
    }

    private String corrects(String key) {
        String id = correctable.get(key);
        if (id == null) {
            throw new IllegalStateException("nothing to correct under " + key);
        }
        return id;
    }

    private String append(D2aEvent event) {
        String topic = event.getClass().getPackageName();
        long version = versions.merge(topic + "/" + event.streamId(), 1L, Long::sum);
        String id = nextId();
        envelopes.add(EventEnvelope.of(id, SOURCE, tick(), version, event));
        return id;
    }

    private Instant tick() {
        Instant t = clock;
        clock = clock.plus(STEP);
        return t;
    }

    private String nextId() {
        return new UUID(0x5eed_0000_0000_0000L, SEQ.incrementAndGet()).toString();
    }
}
