package org.d2aflow.metrics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;

/**
 * Everything the log says about one referral, from all three topics, each fact with the time it was recorded.
 * Facts may arrive in any order across topics (a placement before the discharge); reads pick what was known
 * at an instant, so the order of arrival never changes a figure.
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

    public record Claim(String claimId, String serviceId, LocalDate startDate) {
    }

    public record Decline(String serviceId, ServiceType serviceType, String locality) {
    }

    /** One placement of the referral (placementId = the claim it came from). */
    public static final class Placement {
        public final String placementId;
        Recorded<Started> started;
        Recorded<Ended> ended;
        final List<Recorded<Day91Status>> followUps = new ArrayList<>();

        Placement(String placementId) {
            this.placementId = placementId;
        }

        public Optional<Started> startedAt(Instant t) {
            return started != null && started.knownAt(t) ? Optional.of(started.value()) : Optional.empty();
        }

        public Optional<Ended> endedAt(Instant t) {
            return ended != null && ended.knownAt(t) ? Optional.of(ended.value()) : Optional.empty();
        }

        /** The latest follow-up status recorded by the instant. */
        public Optional<Day91Status> followUpAt(Instant t) {
            return latest(followUps, t);
        }
    }

    public record Started(String serviceId, ServiceType serviceType, LocalDate startDate) {
    }

    public record Ended(LocalDate endDate, EndReason endReason) {
    }

    public final String referralId;
    Recorded<Submitted> submitted;
    final List<Recorded<LocalDate>> dischargeReadyDates = new ArrayList<>();
    final List<Recorded<Decision>> decisions = new ArrayList<>();
    Recorded<Discharge> discharge;
    Recorded<String> withdrawn;
    final List<Recorded<Claim>> claims = new ArrayList<>();
    final List<Recorded<Decline>> declines = new ArrayList<>();
    final java.util.Map<String, Placement> placements = new java.util.TreeMap<>();

    ReferralFacts(String referralId) {
        this.referralId = referralId;
    }

    public Optional<Submitted> submittedAt(Instant t) {
        return submitted != null && submitted.knownAt(t) ? Optional.of(submitted.value()) : Optional.empty();
    }

    /** The latest discharge ready date known at the instant: the highest stream version wins, not the arrival order. */
    public Optional<LocalDate> dischargeReadyDateAt(Instant t) {
        return latest(dischargeReadyDates, t);
    }

    public Optional<Decision> decisionAt(Instant t) {
        return latest(decisions, t);
    }

    /** When the latest decision was recorded (for flow times), if any. */
    public Optional<Recorded<Decision>> decisionRecordAt(Instant t) {
        return decisions.stream().filter(r -> r.knownAt(t)).max(Comparator.comparingLong(Recorded::version));
    }

    public Optional<Discharge> dischargeAt(Instant t) {
        return discharge != null && discharge.knownAt(t) ? Optional.of(discharge.value()) : Optional.empty();
    }

    public Optional<Recorded<String>> withdrawnAt(Instant t) {
        return withdrawn != null && withdrawn.knownAt(t) ? Optional.of(withdrawn) : Optional.empty();
    }

    public List<Recorded<Claim>> claimsAt(Instant t) {
        return claims.stream().filter(r -> r.knownAt(t)).toList();
    }

    public List<Recorded<Decline>> declinesAt(Instant t) {
        return declines.stream().filter(r -> r.knownAt(t)).toList();
    }

    public java.util.Collection<Placement> placements() {
        return placements.values();
    }

    public Optional<Instant> submittedRecordedAt() {
        return Optional.ofNullable(submitted).map(Recorded::at);
    }

    Placement placement(String placementId) {
        return placements.computeIfAbsent(placementId, Placement::new);
    }

    static <T> Optional<T> latest(List<Recorded<T>> facts, Instant t) {
        Recorded<T> best = null;
        for (Recorded<T> r : facts) {
            if (r.knownAt(t) && (best == null || r.version() > best.version()
                    || (r.version() == best.version() && r.at().isAfter(best.at())))) {
                best = r;
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.value());
    }
}
