package org.d2aflow.metrics.domain.cells;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.reference.DischargeCodes;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.metrics.domain.Recorded;
import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.ReferralFacts.Decision;
import org.d2aflow.metrics.domain.ReferralFacts.Discharge;
import org.d2aflow.metrics.domain.ReferralFacts.FollowUp;
import org.d2aflow.metrics.domain.ReferralFacts.Placement;
import org.d2aflow.metrics.domain.ReferralFacts.Submitted;

/**
 * The {@link Family#DISCHARGE} cells: what one referral adds on its discharge date (as known at an instant; none if
 * voided), in one group of every dimension. The cells keep classes, not figures, so the options and the 91-day
 * {@code pending} split stay query-time ({@link DischargeFamilyAssembler}). Written again from METRICS.md and the
 * reference's loops ({@code FigureEngine}), not shared with them, so that the two can be tested against each other.
 */
public final class DischargeCells {

    // --- discharge-to-usual-residence and returned-to-own-usual-residence: one destination class per submitted discharge
    /** Discharged, but the submission is not known: counted by no discharge-dated figure but delay and 91 days. */
    public static final String WITHOUT_SUBMISSION = "withoutSubmission";
    public static final String UNDER_18 = "under18";
    public static final String DEATH = "death";
    public static final String UNFINISHED_98 = "dest98";
    public static final String NOT_KNOWN_99 = "dest99";
    public static final String USUAL_RESIDENCE_19 = "dest19";
    public static final String TEMPORARY_RESIDENCE_29 = "dest29";
    /** A care-home resident back to a care home (54, 65, 85) on pathway 0: home for the companion figure only. */
    public static final String CARE_HOME_RETURN_P0 = "careHomeReturnP0";
    /** Any other destination of an adult who did not die: in the denominator, never home. */
    public static final String OTHER_DESTINATION = "destOther";
    // --- length-of-stay
    public static final String LENGTH_OF_STAY = "lengthOfStay";
    // --- discharge-delay
    public static final String WITHOUT_DRD = "withoutDrd";
    public static final String BEFORE_DRD = "beforeDrd";
    public static final String DELAY = "delay";
    // --- still-at-home-91: one counter per follow-up status of a 65+ discharge into reablement or rehabilitation
    public static final String DAY91_PREFIX = "day91.";
    /** A cohort member with no follow-up recorded: UNKNOWN once day 91 is reached, and a missing follow-up. */
    public static final String DAY91_NO_FOLLOW_UP = DAY91_PREFIX + "none";

    public static final int DAY91 = 91;

    private DischargeCells() {
    }

    /** The counter of a cohort member whose latest follow-up has this status (null: none recorded). */
    public static String day91(Day91Status status) {
        return status == null ? DAY91_NO_FOLLOW_UP : DAY91_PREFIX + status.name();
    }

    /** What the referral adds to the DISCHARGE cells as known at the instant; empty when it has no discharge then. */
    public static Contribution of(ReferralFacts r, Instant at) {
        Optional<Discharge> found = r.dischargeAt(at);
        if (found.isEmpty() || found.get().date() == null) {
            return Contribution.EMPTY;
        }
        Discharge d = found.get();
        Optional<Submitted> s = r.submittedAt(at);
        Optional<Decision> decision = r.decisionAt(at);
        CellValue v = CellValue.ZERO;
        if (s.isEmpty()) {
            v = v.plus(CellValue.count(WITHOUT_SUBMISSION));
        } else {
            v = v.plus(CellValue.count(destinationClass(s.get(), d, decision))).plus(CellValue.value(LENGTH_OF_STAY,
                    days(s.get().admissionDate(), d.date())));
        }
        Optional<LocalDate> drd = r.dischargeReadyDateAt(at);
        if (drd.isEmpty()) {
            v = v.plus(CellValue.count(WITHOUT_DRD));
        } else {
            int delay = days(drd.get(), d.date());
            v = v.plus(delay < 0 ? CellValue.count(BEFORE_DRD) : CellValue.value(DELAY, delay));
        }
        TreeMap<CellKey, CellValue> cells = new TreeMap<>();
        Optional<Cohort91> cohort = cohort91(r, d, s, at);
        for (Dimension dim : Dimension.values()) {
            cells.merge(new CellKey(Family.DISCHARGE, dim, Groups.of(dim, r, at), d.date(), null), v, CellValue::plus);
            cohort.ifPresent(c -> cells.merge(new CellKey(Family.DISCHARGE, dim,
                    dim == Dimension.SERVICE_TYPE ? c.serviceType().name() : Groups.of(dim, r, at), d.date(), null),
                    CellValue.count(day91(c.status())), CellValue::plus));
        }
        return new Contribution(cells);
    }

    private static String destinationClass(Submitted s, Discharge d, Optional<Decision> decision) {
        String dest = d.destinationCode();
        if (s.ageAtAdmission() < 18) {
            return UNDER_18;
        }
        if (DischargeCodes.isDeathMethod(d.methodCode()) || DischargeCodes.DESTINATION_DIED.equals(dest)) {
            return DEATH;
        }
        if (DischargeCodes.DESTINATION_SPELL_NOT_FINISHED.equals(dest)) {
            return UNFINISHED_98;
        }
        if (DischargeCodes.DESTINATION_NOT_KNOWN.equals(dest)) {
            return NOT_KNOWN_99;
        }
        if (DischargeCodes.DESTINATION_USUAL_RESIDENCE.equals(dest)) {
            return USUAL_RESIDENCE_19;
        }
        if (DischargeCodes.DESTINATION_TEMPORARY_RESIDENCE.equals(dest)) {
            return TEMPORARY_RESIDENCE_29;
        }
        if (s.usualResidence() == UsualResidence.CARE_HOME && DischargeCodes.CARE_HOME_DESTINATIONS.contains(dest)
                && decision.map(Decision::pathway).orElse(null) == Pathway.P0) {
            return CARE_HOME_RETURN_P0;
        }
        return OTHER_DESTINATION;
    }

    /** A 65+ discharge into reablement or rehabilitation: its first such placement's type, and its latest follow-up (or none). */
    private record Cohort91(ServiceType serviceType, Day91Status status) {
    }

    /**
     * Aged 65+ on the discharge date (its age, else at admission; unknown is not 65+) and a reablement or rehabilitation
     * placement started; the status is each such placement's latest follow-up by version, and across them the one obtained
     * last (then recorded last; then the lowest placement id).
     */
    private static Optional<Cohort91> cohort91(ReferralFacts r, Discharge d, Optional<Submitted> s, Instant at) {
        Integer age = d.ageAtDischarge() != null ? d.ageAtDischarge() : s.map(Submitted::ageAtAdmission).orElse(null);
        if (age == null || age < 65) {
            return Optional.empty();
        }
        List<Placement> reablement = r.placements().stream()
                .filter(p -> p.startedAt(at).map(st -> st.serviceType().isReablementOrRehab()).orElse(false)).toList();
        if (reablement.isEmpty()) {
            return Optional.empty();
        }
        Recorded<FollowUp> latest = null;
        for (Placement p : reablement) {
            Optional<Recorded<FollowUp>> f = p.followUpAt(at);
            if (f.isPresent() && (latest == null || OBTAINED_LAST.compare(f.get(), latest) > 0)) {
                latest = f.get();
            }
        }
        return Optional.of(new Cohort91(reablement.get(0).startedAt(at).orElseThrow().serviceType(),
                latest == null ? null : latest.value().status()));
    }

    private static final Comparator<Recorded<FollowUp>> OBTAINED_LAST = Comparator
            .comparing((Recorded<FollowUp> f) -> f.value().obtainedOn()).thenComparing(Recorded::at);

    static int days(LocalDate from, LocalDate to) {
        return (int) ChronoUnit.DAYS.between(from, to);
    }

    /** The AT_HOME, EXTRA_CARE_HOUSING and SHARED_LIVES counters: still at home. */
    static final Set<Day91Status> AT_HOME = Set.of(Day91Status.AT_HOME, Day91Status.EXTRA_CARE_HOUSING, Day91Status.SHARED_LIVES);
}
