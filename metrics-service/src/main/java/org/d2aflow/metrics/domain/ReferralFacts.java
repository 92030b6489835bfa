package org.d2aflow.metrics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.reference.AdmissionMethods;
import org.d2aflow.contracts.reference.DischargeCodes;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;

/**
 * Everything the log says about one referral, from all three topics, each fact with the time it was recorded.
 * Facts may arrive in any order across topics (a placement before the discharge); reads pick what was known
 * at an instant, so the order of arrival never changes a figure. Where a fact can be amended (discharge, discharge
 * ready date, follow-up) every version is kept and the read takes the latest by stream version known at the instant,
 * so a figure as known before a correction still shows the original.
 */
public final class ReferralFacts {

    /** Placement ends that are an admission to long-term residential or nursing care, whoever funds it. */
    private static final Set<EndReason> LONG_TERM_CARE_ENDS = EnumSet.of(EndReason.LA_FUNDED_PLACEMENT,
            EndReason.NHS_FUNDED_PLACEMENT, EndReason.SELF_FUNDED_PLACEMENT);

    /**
     * The case as submitted; {@code admissionMethod} (NHS Data Dictionary) is null on records without it; {@code patientKey}
     * is the pseudonym of the person (a keyed hash of the NHS number), the same on every referral of that person.
     */
    public record Submitted(int ageAtAdmission, Sex sex, String locality, String site, LocalDate admissionDate,
            UsualResidence usualResidence, String admissionMethod, String patientKey) {

        /** Whether the spell began as an emergency admission (21-25, 2A-2D); false when the method is not known. */
        public boolean emergencyAdmission() {
            return AdmissionMethods.isEmergency(admissionMethod);
        }
    }

    /** A reason for delay from {@code effectiveFrom}, with the code list and version it was recorded under. */
    public record DelayReason(String listId, int listVersion, String code, LocalDate effectiveFrom) {
    }

    /** What a dated outcome is: the person died, or was admitted to long-term residential or nursing care. */
    public enum OutcomeKind {
        DIED, LONG_TERM_CARE
    }

    /**
     * A dated outcome after admission, with where the log says it: a discharge to destination 79 (died in hospital,
     * on the discharge date), a placement ended as DIED or as an LA-, NHS- or self-funded placement (on the end date), or
     * a follow-up of DIED or CARE_HOME that gives the date the status began ({@code statusSince}).
     */
    public record Outcome(OutcomeKind kind, LocalDate date, String source) {
    }

    public record Decision(Pathway pathway, ServiceType serviceType, LocalDate decidedAt) {
    }

    public record Discharge(LocalDate date, String destinationCode, String methodCode, Integer ageAtDischarge) {
    }

    /** One statement about the discharge: recorded, corrected (both carry {@code discharge}) or voided (null). */
    record DischargeStatement(Discharge discharge) {
        static final DischargeStatement VOIDED = new DischargeStatement(null);
    }

    /**
     * A claim of capacity for the referral. {@code claimedOn} is the business date the referral stopped waiting: the
     * earlier of the start date and the London day the claim was recorded (a claim made today for next week ends the
     * wait today; a claim keyed in late for a start last week ended it last week).
     */
    public record Claim(String claimId, String serviceId, LocalDate startDate, LocalDate claimedOn) {
    }

    /** A decline for lack of capacity, on its business date ({@code declinedOn}, else the London day recorded). */
    public record Decline(String serviceId, ServiceType serviceType, String locality, LocalDate declinedOn) {
    }

    /**
     * A 91-day follow-up status and the date it was obtained ({@code obtainedOn}, else the London day recorded); for DIED
     * and CARE_HOME, {@code statusSince} may give the date the status began (null when not given).
     */
    public record FollowUp(Day91Status status, LocalDate obtainedOn, LocalDate statusSince) {
    }

    /** One placement of the referral (placementId = the claim it came from). */
    public static final class Placement {
        public final String placementId;
        Recorded<Started> started;
        Recorded<Ended> ended;
        /** Follow-ups and their corrections: the placement's own stream versions order them. */
        final List<Recorded<FollowUp>> followUps = new ArrayList<>();

        Placement(String placementId) {
            this.placementId = placementId;
        }

        public Optional<Started> startedAt(Instant t) {
            return started != null && started.knownAt(t) ? Optional.of(started.value()) : Optional.empty();
        }

        public Optional<Ended> endedAt(Instant t) {
            return ended != null && ended.knownAt(t) ? Optional.of(ended.value()) : Optional.empty();
        }

        /** The follow-up known at the instant: the latest recorded or corrected one by stream version. */
        public Optional<Recorded<FollowUp>> followUpAt(Instant t) {
            return latestRecord(followUps, t);
        }
    }

    public record Started(String serviceId, ServiceType serviceType, LocalDate startDate) {
    }

    public record Ended(LocalDate endDate, EndReason endReason) {
    }

    public final String referralId;
    Recorded<Submitted> submitted;
    /** Set and corrected discharge ready dates alike; the latest by version wins. */
    final List<Recorded<LocalDate>> dischargeReadyDates = new ArrayList<>();
    final List<Recorded<Decision>> decisions = new ArrayList<>();
    /** Discharges, their corrections and voids, in any arrival order. */
    final List<Recorded<DischargeStatement>> discharges = new ArrayList<>();
    Recorded<String> withdrawn;
    final List<Recorded<Claim>> claims = new ArrayList<>();
    final List<Recorded<Decline>> declines = new ArrayList<>();
    final Map<String, Placement> placements = new TreeMap<>();
    /** Reasons for delay in any arrival order; per date, the latest by stream version is the one in force. */
    final List<Recorded<DelayReason>> delayReasons = new ArrayList<>();
    /** Every event about it, as a revision report names them (LogFacts.factsAbout). */
    final List<LoggedFact> history = new ArrayList<>();

    ReferralFacts(String referralId) {
        this.referralId = referralId;
    }

    public Optional<Submitted> submittedAt(Instant t) {
        return submitted != null && submitted.knownAt(t) ? Optional.of(submitted.value()) : Optional.empty();
    }

    /** The latest discharge ready date known at the instant (set or corrected): the highest stream version wins, not the arrival order. */
    public Optional<LocalDate> dischargeReadyDateAt(Instant t) {
        return latestRecord(dischargeReadyDates, t).map(Recorded::value);
    }

    public Optional<Decision> decisionAt(Instant t) {
        return latestRecord(decisions, t).map(Recorded::value);
    }

    /** When the latest decision was recorded (for flow times), if any. */
    public Optional<Recorded<Decision>> decisionRecordAt(Instant t) {
        return latestRecord(decisions, t);
    }

    /**
     * The discharge known at the instant: the latest statement by stream version among patient-discharged,
     * discharge-corrected and discharge-voided; none when that latest one is a void (the patient is back in hospital
     * until a later patient-discharged).
     */
    public Optional<Discharge> dischargeAt(Instant t) {
        return latestRecord(discharges, t).map(r -> r.value().discharge());
    }

    public Optional<Recorded<String>> withdrawnAt(Instant t) {
        return withdrawn != null && withdrawn.knownAt(t) ? Optional.of(withdrawn) : Optional.empty();
    }

    public List<Recorded<Claim>> claimsAt(Instant t) {
        return claims.stream().filter(r -> r.knownAt(t)).toList();
    }

    /** The business date of the first claim known at the instant, if any. */
    public Optional<LocalDate> firstClaimedOnAt(Instant t) {
        return claimsAt(t).stream().map(c -> c.value().claimedOn()).min(Comparator.naturalOrder());
    }

    public List<Recorded<Decline>> declinesAt(Instant t) {
        return declines.stream().filter(r -> r.knownAt(t)).toList();
    }

    /**
     * The declines known at the instant that answered this decision: dated on or after it. As in capacity-service, a new
     * decision is new demand, and a decline dated before it answered an earlier one.
     */
    public Stream<Decline> declinesOfDecisionAt(Decision decision, Instant t) {
        return declinesAt(t).stream().map(Recorded::value).filter(d -> !d.declinedOn().isBefore(decision.decidedAt()));
    }

    public Collection<Placement> placements() {
        return placements.values();
    }

    /**
     * The reasons for delay known at the instant, by the date each applies from (a later record for a date replaces the
     * earlier one); each applies until the next date in the map.
     */
    public TreeMap<LocalDate, DelayReason> delayReasonsAt(Instant t) {
        TreeMap<LocalDate, Recorded<DelayReason>> latest = new TreeMap<>();
        for (Recorded<DelayReason> r : delayReasons) {
            if (r.knownAt(t)) {
                latest.merge(r.value().effectiveFrom(), r, (a, b) -> latestRecord(List.of(a, b), t).orElseThrow());
            }
        }
        TreeMap<LocalDate, DelayReason> reasons = new TreeMap<>();
        latest.forEach((date, r) -> reasons.put(date, r.value()));
        return reasons;
    }

    /** The reason for delay in force on a business date, as known at the instant. */
    public Optional<DelayReason> delayReasonOn(LocalDate date, Instant t) {
        return Optional.ofNullable(delayReasonsAt(t).floorEntry(date)).map(Map.Entry::getValue);
    }

    /**
     * The dated deaths and admissions to long-term residential or nursing care known at the instant, oldest first: from
     * the discharge as it stands, the placements' ends and their follow-ups (the latest of each) that give a date.
     */
    public List<Outcome> outcomesAt(Instant t) {
        List<Outcome> outcomes = new ArrayList<>();
        dischargeAt(t).filter(d -> DischargeCodes.DESTINATION_DIED.equals(d.destinationCode()))
                .ifPresent(d -> outcomes.add(new Outcome(OutcomeKind.DIED, d.date(), "discharge")));
        for (Placement p : placements.values()) {
            p.endedAt(t).ifPresent(e -> {
                if (e.endReason() == EndReason.DIED) {
                    outcomes.add(new Outcome(OutcomeKind.DIED, e.endDate(), "placement-end"));
                } else if (LONG_TERM_CARE_ENDS.contains(e.endReason())) {
                    outcomes.add(new Outcome(OutcomeKind.LONG_TERM_CARE, e.endDate(), "placement-end"));
                }
            });
            p.followUpAt(t).map(Recorded::value).filter(f -> f.statusSince() != null).ifPresent(f -> {
                if (f.status() == Day91Status.DIED) {
                    outcomes.add(new Outcome(OutcomeKind.DIED, f.statusSince(), "follow-up"));
                } else if (f.status() == Day91Status.CARE_HOME) {
                    outcomes.add(new Outcome(OutcomeKind.LONG_TERM_CARE, f.statusSince(), "follow-up"));
                }
            });
        }
        outcomes.sort(Comparator.comparing(Outcome::date).thenComparing(Outcome::kind));
        return outcomes;
    }

    /** The first dated outcome of a kind known at the instant, if any. */
    public Optional<LocalDate> firstOutcomeAt(OutcomeKind kind, Instant t) {
        return outcomesAt(t).stream().filter(o -> o.kind() == kind).map(Outcome::date).findFirst();
    }


    /** Every event applied to the referral, as a revision report names them (with its recorded time), in the order applied. */
    public List<LoggedFact> history() {
        return java.util.Collections.unmodifiableList(history);
    }

    public Optional<Instant> submittedRecordedAt() {
        return Optional.ofNullable(submitted).map(Recorded::at);
    }

    Placement placement(String placementId) {
        return placements.computeIfAbsent(placementId, Placement::new);
    }

    /** The fact with the highest stream version among those known at the instant (ties: the later recorded). */
    static <T> Optional<Recorded<T>> latestRecord(List<Recorded<T>> facts, Instant t) {
        Recorded<T> best = null;
        for (Recorded<T> r : facts) {
            if (r.knownAt(t) && (best == null || r.version() > best.version()
                    || (r.version() == best.version() && r.at().isAfter(best.at())))) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }
}
