package org.d2aflow.metrics.domain.cells;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Optional;
import java.util.TreeMap;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.ReferralFacts.Decision;
import org.d2aflow.metrics.domain.ReferralFacts.Discharge;

/**
 * The {@link Family#DECISION} cells: what one referral adds on the date of its latest decision as known at an instant
 * (none without a decision then): its pathway, its pathway again when aged 65+, and the three flow times as exact
 * histograms. pathway-mix and flow-times offer no breakdown, so the cells have the {@link Dimension#NONE} group only.
 * Written again from METRICS.md section 5 and the reference's loops ({@code FigureEngine}), not shared with them.
 */
public final class DecisionCells {

    /** One per decision, by pathway: {@code pathway.P0} .. {@code pathway.P3}. */
    public static final String PATHWAY_PREFIX = "pathway.";
    /** The same for a referral aged 65+ (at discharge when the discharge gives it, else at admission). */
    public static final String AGED_65_PLUS_PREFIX = "aged65Plus.";
    /** Days from the London day the submission was recorded to the decision, at least 0 (when the submission is known). */
    public static final String REFERRAL_TO_DECISION = "referralToDecision";
    /** Days from the decision to the earliest claim, at least 0 (when claimed). */
    public static final String DECISION_TO_CLAIM = "decisionToClaim";
    /** Days from the discharge to the earliest placement start, may be negative (when both are known). */
    public static final String DISCHARGE_TO_PLACEMENT_START = "dischargeToPlacementStart";
    /** capacity-demand's P1 share: one per P1 decision. */
    public static final String P1_DECIDED = "p1Decided";
    /** One per P1 decision that a decline known then answered (dated on or after it, whenever). */
    public static final String P1_DECLINED = "p1Declined";

    private DecisionCells() {
    }

    public static String pathway(Pathway p) {
        return PATHWAY_PREFIX + p.name();
    }

    public static String aged65Plus(Pathway p) {
        return AGED_65_PLUS_PREFIX + p.name();
    }

    /** What the referral adds to the DECISION cells as known at the instant; empty when it has no decision then. */
    public static Contribution of(ReferralFacts r, Instant at) {
        Optional<Decision> found = r.decisionAt(at);
        if (found.isEmpty()) {
            return Contribution.EMPTY;
        }
        Decision d = found.get();
        CellValue v = CellValue.count(pathway(d.pathway()));
        if (Groups.age(r, at).map(a -> a >= 65).orElse(false)) {
            v = v.plus(CellValue.count(aged65Plus(d.pathway())));
        }
        Optional<Instant> submitted = r.submittedRecordedAt().filter(s -> !s.isAfter(at));
        if (submitted.isPresent()) {
            v = v.plus(CellValue.value(REFERRAL_TO_DECISION, Math.max(0, DischargeCells.days(FigureQuery.dateOf(submitted.get()), d.decidedAt()))));
        }
        Optional<LocalDate> claimed = r.firstClaimedOnAt(at);
        if (claimed.isPresent()) {
            v = v.plus(CellValue.value(DECISION_TO_CLAIM, Math.max(0, DischargeCells.days(d.decidedAt(), claimed.get()))));
        }
        Optional<Discharge> discharge = r.dischargeAt(at);
        Optional<LocalDate> start = r.placements().stream().map(p -> p.startedAt(at)).flatMap(Optional::stream)
                .map(ReferralFacts.Started::startDate).min(Comparator.naturalOrder());
        if (discharge.isPresent() && start.isPresent()) {
            v = v.plus(CellValue.value(DISCHARGE_TO_PLACEMENT_START, DischargeCells.days(discharge.get().date(), start.get())));
        }
        if (d.pathway() == Pathway.P1) {
            v = v.plus(CellValue.count(P1_DECIDED));
            if (r.declinesOfDecisionAt(d, at).findAny().isPresent()) {
                v = v.plus(CellValue.count(P1_DECLINED));
            }
        }
        TreeMap<CellKey, CellValue> cells = new TreeMap<>();
        cells.put(new CellKey(Family.DECISION, Dimension.NONE, Groups.of(Dimension.NONE, r, at), d.decidedAt(), null), v);
        return new Contribution(cells);
    }
}
