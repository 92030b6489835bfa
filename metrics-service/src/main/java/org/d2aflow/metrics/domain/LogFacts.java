package org.d2aflow.metrics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.capacity.CapacityDeclined;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.d2aflow.contracts.capacity.CapacitySet;
import org.d2aflow.contracts.capacity.ServiceRegistered;
import org.d2aflow.contracts.placement.FollowUpCorrected;
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementEvent;
import org.d2aflow.contracts.placement.PlacementStarted;
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

/**
 * The facts of the whole log, built by applying events in any order. Plain Java: no clock, no I/O. Not
 * thread-safe; the projection guards it. Maps are sorted so that every iteration, and so every figure,
 * comes out in the same order whatever the arrival order.
 *
 * <p>Both clocks are kept on every fact: the recorded time (CloudEvents {@code time}, truncated to the microsecond) in
 * {@link Recorded}, and the business date in the value. A record written before a business date existed (a decline
 * without {@code declinedOn}, a release without {@code releasedOn}, a follow-up without {@code obtainedOn}) is dated
 * on the Europe/London calendar day it was recorded, as the contract says. Corrections are kept beside what they
 * correct, never over it: the reads pick what was known at an instant.
 */
public final class LogFacts {

    private final Map<String, ReferralFacts> referrals = new TreeMap<>();
    private final Map<String, ServiceFacts> services = new TreeMap<>();
    private final SeenIds seen = new SeenIds();
    private long applied;
    private long duplicates;
    private Instant newestRecordedAt;

    /** Applies one event; false when its id was applied before (a duplicate delivery). */
    public boolean apply(EventEnvelope<? extends D2aEvent> envelope) {
        if (!seen.add(envelope.id())) {
            duplicates++;
            return false;
        }
        Instant at = envelope.time().truncatedTo(ChronoUnit.MICROS);
        LocalDate recordedOn = FigureQuery.dateOf(at);
        long v = envelope.streamVersion();
        D2aEvent event = envelope.event();
        if (event instanceof ReferralSubmitted e) {
            referral(e.referralId()).submitted = new Recorded<>(at, v, new ReferralFacts.Submitted(e.ageAtAdmission(), e.sex(),
                    e.locality(), e.site(), e.admissionDate(), e.usualResidence(), e.admissionMethod(), e.patientKey()));
        } else if (event instanceof DischargeReadyDateSet e) {
            referral(e.referralId()).dischargeReadyDates.add(new Recorded<>(at, v, e.dischargeReadyDate()));
        } else if (event instanceof DischargeReadyDateCorrected e) {
            referral(e.referralId()).dischargeReadyDates.add(new Recorded<>(at, v, e.dischargeReadyDate()));
        } else if (event instanceof PathwayDecided e) {
            referral(e.referralId()).decisions.add(new Recorded<>(at, v, new ReferralFacts.Decision(e.pathway(), e.serviceType(),
                    e.decidedAt())));
        } else if (event instanceof PatientDischarged e) {
            referral(e.referralId()).discharges.add(new Recorded<>(at, v, new ReferralFacts.DischargeStatement(
                    new ReferralFacts.Discharge(e.dischargeDate(), e.destinationCode(), e.methodCode(), e.ageAtDischarge()))));
        } else if (event instanceof DischargeCorrected e) {
            referral(e.referralId()).discharges.add(new Recorded<>(at, v, new ReferralFacts.DischargeStatement(
                    new ReferralFacts.Discharge(e.dischargeDate(), e.destinationCode(), e.methodCode(), e.ageAtDischarge()))));
        } else if (event instanceof DischargeVoided e) {
            referral(e.referralId()).discharges.add(new Recorded<>(at, v, ReferralFacts.DischargeStatement.VOIDED));
        } else if (event instanceof DelayReasonRecorded e) {
            referral(e.referralId()).delayReasons.add(new Recorded<>(at, v, new ReferralFacts.DelayReason(e.listId(), e.listVersion(),
                    e.code(), e.effectiveFrom())));
        } else if (event instanceof ReferralWithdrawn e) {
            referral(e.referralId()).withdrawn = new Recorded<>(at, v, e.reason());
        } else if (event instanceof ServiceRegistered e) {
            service(e.serviceId()).registration = new Recorded<>(at, v, new ServiceFacts.Registration(e.name(), e.serviceType(),
                    e.locality(), e.unit()));
        } else if (event instanceof CapacitySet e) {
            service(e.serviceId()).capacity.add(new Recorded<>(at, v, new ServiceFacts.CapacityChange(e.fromDate(), e.units())));
        } else if (event instanceof CapacityClaimed e) {
            LocalDate claimedOn = e.startDate().isBefore(recordedOn) ? e.startDate() : recordedOn;
            service(e.serviceId()).claims.add(new Recorded<>(at, v, new ServiceFacts.ClaimMade(e.claimId(), e.referralId(), e.startDate())));
            referral(e.referralId()).claims.add(new Recorded<>(at, v, new ReferralFacts.Claim(e.claimId(), e.serviceId(), e.startDate(),
                    claimedOn)));
        } else if (event instanceof CapacityReleased e) {
            service(e.serviceId()).releases.computeIfAbsent(e.claimId(), k -> new ArrayList<>())
                    .add(new Recorded<>(at, v, orRecordedOn(e.releasedOn(), recordedOn)));
        } else if (event instanceof CapacityDeclined e) {
            LocalDate declinedOn = orRecordedOn(e.declinedOn(), recordedOn);
            service(e.serviceId()).declines.add(new Recorded<>(at, v, new ServiceFacts.ServiceDecline(e.referralId(), declinedOn)));
            referral(e.referralId()).declines.add(new Recorded<>(at, v, new ReferralFacts.Decline(e.serviceId(), e.serviceType(),
                    e.locality(), declinedOn)));
        } else if (event instanceof PlacementStarted e) {
            referral(e.referralId()).placement(e.placementId()).started = new Recorded<>(at, v,
                    new ReferralFacts.Started(e.serviceId(), e.serviceType(), e.startDate()));
        } else if (event instanceof PlacementEnded e) {
            referral(e.referralId()).placement(e.placementId()).ended = new Recorded<>(at, v,
                    new ReferralFacts.Ended(e.endDate(), e.endReason()));
        } else if (event instanceof FollowUpRecorded e) {
            referral(e.referralId()).placement(e.placementId()).followUps.add(new Recorded<>(at, v,
                    new ReferralFacts.FollowUp(e.day91Status(), orRecordedOn(e.obtainedOn(), recordedOn), e.statusSince())));
        } else if (event instanceof FollowUpCorrected e) {
            referral(e.referralId()).placement(e.placementId()).followUps.add(new Recorded<>(at, v,
                    new ReferralFacts.FollowUp(e.day91Status(), e.obtainedOn(), e.statusSince())));
        }
        // Figure snapshots and unknown families carry no facts.
        remember(envelope, event, at, recordedOn);
        applied++;
        if (newestRecordedAt == null || at.isAfter(newestRecordedAt)) {
            newestRecordedAt = at;
        }
        return true;
    }

    public Collection<ReferralFacts> referrals() {
        return referrals.values();
    }

    public Collection<ServiceFacts> services() {
        return services.values();
    }

    public ReferralFacts referralOrNull(String id) {
        return referrals.get(id);
    }

    public ServiceFacts serviceOrNull(String id) {
        return services.get(id);
    }

    /** Distinct events applied. */
    public long applied() {
        return applied;
    }

    public long duplicatesIgnored() {
        return duplicates;
    }

    public Instant newestRecordedAt() {
        return newestRecordedAt;
    }

    /**
     * The events recorded after {@code after} and at or before {@code upTo} about a subject ({@code referral:<id>} or
     * {@code service:<id>}), in the order recorded (ties: by id); empty for a subject the log does not know.
     */
    public List<Subject> factsAbout(java.util.Collection<String> subjects, Instant after, Instant upTo) {
        List<Subject> out = new ArrayList<>();
        for (String subject : new java.util.TreeSet<>(subjects)) {
            List<LoggedFact> history = subject.startsWith(REFERRAL) ? historyOf(referrals.get(subject.substring(REFERRAL.length())))
                    : subject.startsWith(SERVICE) ? historyOfService(services.get(subject.substring(SERVICE.length()))) : List.of();
            history.stream().filter(f -> f.recordedBetween(after, upTo))
                    .sorted(java.util.Comparator.comparing(LoggedFact::recordedAt).thenComparing(LoggedFact::eventId))
                    .forEach(f -> out.add(new Subject(subject, f)));
        }
        return out;
    }

    /** A fact with the subject it was found under. */
    public record Subject(String subject, LoggedFact fact) {
    }

    private static final String REFERRAL = "referral:";
    private static final String SERVICE = "service:";

    private static List<LoggedFact> historyOf(ReferralFacts r) {
        return r == null ? List.of() : r.history;
    }

    private static List<LoggedFact> historyOfService(ServiceFacts s) {
        return s == null ? List.of() : s.history;
    }

    /** The referral an event adds facts to (a claim or a decline as well as its referral's own events); null for one that has none. */
    public static String referralOf(D2aEvent event) {
        if (event instanceof ReferralEvent e) {
            return e.referralId();
        } else if (event instanceof PlacementEvent e) {
            return e.referralId();
        } else if (event instanceof CapacityClaimed e) {
            return e.referralId();
        } else if (event instanceof CapacityDeclined e) {
            return e.referralId();
        }
        return null;
    }

    /** Keeps the event in the history of the referral and the service it is about (a claim or a decline is about both). */
    private void remember(EventEnvelope<? extends D2aEvent> envelope, D2aEvent event, Instant at, LocalDate recordedOn) {
        LoggedFact fact = new LoggedFact(event.type(), businessDate(event, recordedOn), at, envelope.id());
        if (event instanceof CapacityEvent e) {
            service(e.serviceId()).history.add(fact);
        }
        String referralId = referralOf(event);
        if (referralId != null) {
            referral(referralId).history.add(fact);
        }
    }

    /** The date the event is about, as the facts keep it; null for an event that has none. */
    private static LocalDate businessDate(D2aEvent event, LocalDate recordedOn) {
        if (event instanceof ReferralSubmitted e) {
            return e.admissionDate();
        } else if (event instanceof DischargeReadyDateSet e) {
            return e.dischargeReadyDate();
        } else if (event instanceof DischargeReadyDateCorrected e) {
            return e.dischargeReadyDate();
        } else if (event instanceof PathwayDecided e) {
            return e.decidedAt();
        } else if (event instanceof PatientDischarged e) {
            return e.dischargeDate();
        } else if (event instanceof DischargeCorrected e) {
            return e.dischargeDate();
        } else if (event instanceof DelayReasonRecorded e) {
            return e.effectiveFrom();
        } else if (event instanceof CapacitySet e) {
            return e.fromDate();
        } else if (event instanceof CapacityClaimed e) {
            return e.startDate();
        } else if (event instanceof CapacityReleased e) {
            return orRecordedOn(e.releasedOn(), recordedOn);
        } else if (event instanceof CapacityDeclined e) {
            return orRecordedOn(e.declinedOn(), recordedOn);
        } else if (event instanceof PlacementStarted e) {
            return e.startDate();
        } else if (event instanceof PlacementEnded e) {
            return e.endDate();
        } else if (event instanceof FollowUpRecorded e) {
            return orRecordedOn(e.obtainedOn(), recordedOn);
        } else if (event instanceof FollowUpCorrected e) {
            return e.obtainedOn();
        }
        return null;
    }

    private static LocalDate orRecordedOn(LocalDate businessDate, LocalDate recordedOn) {
        return businessDate != null ? businessDate : recordedOn;
    }

    private ReferralFacts referral(String id) {
        return referrals.computeIfAbsent(id, ReferralFacts::new);
    }

    private ServiceFacts service(String id) {
        return services.computeIfAbsent(id, ServiceFacts::new);
    }
}
