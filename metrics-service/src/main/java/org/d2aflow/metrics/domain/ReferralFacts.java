package org.d2aflow.metrics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
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

    /** The case as submitted. */
    public record Submitted(int ageAtAdmission, Sex sex, String locality, String site, LocalDate admissionDate,
            UsualResidence usualResidence) {
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

    /** A 91-day follow-up status and the date it was obtained ({@code obtainedOn}, else the London day recorded). */
    public record FollowUp(Day91Status status, LocalDate obtainedOn) {
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
