package org.d2aflow.metrics.domain.cells;

import static org.d2aflow.metrics.domain.cells.DischargeFamilyAssembler.period;
import static org.d2aflow.metrics.domain.cells.DischargeFamilyAssembler.summaryMeasures;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.metrics.domain.Clocks;
import org.d2aflow.metrics.domain.Figure;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.domain.Stats;

/**
 * pathway-mix and flow-times from {@link Family#DECISION} cells: the period is the sum of its days' cells (one group,
 * these figures offer no breakdown), pathway counters become counts and shares, histograms become the flow-time summaries
 * with exact medians and 90th percentiles. Definitions: METRICS.md section 5.
 */
public final class DecisionFamilyAssembler implements FigureAssembler {

    public static final String PATHWAY_MIX = "pathway-mix";
    public static final String FLOW_TIMES = "flow-times";

    private static final List<String> FIGURES = List.of(PATHWAY_MIX, FLOW_TIMES);

    @Override
    public List<String> figures() {
        return FIGURES;
    }

    @Override
    public Family family() {
        return Family.DECISION;
    }

    @Override
    public Figure assemble(String figure, FigureQuery q, Map<CellKey, CellValue> cells, Map<String, Contribution> candidates) {
        CellValue total = read(cells, q);
        return switch (figure) {
            case PATHWAY_MIX -> pathwayMix(q, total, candidates);
            case FLOW_TIMES -> flowTimes(q, total, candidates);
            default -> throw new IllegalArgumentException("Not a decision-dated figure: " + figure);
        };
    }

    /** The period's cells summed: the decisions dated in it. */
    private static CellValue read(Map<CellKey, CellValue> cells, FigureQuery q) {
        return CellReads.sum(cells, Family.DECISION, q);
    }

    private static long decisions(CellValue v) {
        long n = 0;
        for (Pathway p : Pathway.values()) {
            n += v.counter(DecisionCells.pathway(p));
        }
        return n;
    }

    // --- pathway-mix -------------------------------------------------------------------------------------------------

    private static Figure pathwayMix(FigureQuery q, CellValue total, Map<String, Contribution> candidates) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decisions", shares(total, DecisionCells::pathway));
        m.put("decisionsAged65Plus", shares(total, DecisionCells::aged65Plus));
        Map<String, Object> planning = new LinkedHashMap<>();
        planning.put("P0", "at least 0.50");
        planning.put("P1", "at least 0.45");
        planning.put("P2", "at most 0.04");
        planning.put("P3", "at most 0.01");
        m.put("nationalPlanningAged65Plus", planning);
        Map<String, String> seeds = new LinkedHashMap<>();
        seeds.put("noFurtherSupport", "0.20");
        seeds.put("reablementAtHome", "0.52");
        seeds.put("bedded", "0.28");
        m.put("seedsLocalMixOfHubReferrals", seeds);
        Instant at = q.asKnownAt();
        return new Figure(PATHWAY_MIX, "Pathway decisions", null, period(q), at, null, Clocks.of(Clocks.DECISION_DATE, null, at), null, null,
                decisions(total), null, m, null, null, null, drillDown(q, candidates, true));
    }

    private static Map<String, Object> shares(CellValue v, Function<Pathway, String> counter) {
        long total = 0;
        for (Pathway p : Pathway.values()) {
            total += v.counter(counter.apply(p));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", total);
        for (Pathway p : Pathway.values()) {
            long n = v.counter(counter.apply(p));
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("count", n);
            x.put("share", Stats.ratio(n, total));
            out.put(p.name(), x);
        }
        return out;
    }

    // --- flow-times --------------------------------------------------------------------------------------------------

    private static Figure flowTimes(FigureQuery q, CellValue total, Map<String, Contribution> candidates) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("referralToDecisionDays", summaryMeasures(total.histogram(DecisionCells.REFERRAL_TO_DECISION)));
        m.put("decisionToClaimDays", summaryMeasures(total.histogram(DecisionCells.DECISION_TO_CLAIM)));
        m.put("dischargeToPlacementStartDays", summaryMeasures(total.histogram(DecisionCells.DISCHARGE_TO_PLACEMENT_START)));
        Instant at = q.asKnownAt();
        return new Figure(FLOW_TIMES, "Flow times (days)", null, period(q), at, null,
                Clocks.of(Clocks.DECISION_DATE + "; claim: earlier of its start date and the London day it was recorded", null, at), null, null,
                decisions(total), null, m, null, null, null, drillDown(q, candidates, false));
    }

    // --- drill-down --------------------------------------------------------------------------------------------------

    /**
     * Every candidate whose own cells of the period count a decision is in the denominator; for pathway-mix, also in the list
     * of its pathway. Null when no candidates were given.
     */
    private static Figure.DrillDown drillDown(FigureQuery q, Map<String, Contribution> candidates, boolean byPathway) {
        if (candidates == null) {
            return null;
        }
        TreeSet<String> denominator = new TreeSet<>();
        TreeMap<String, TreeSet<String>> other = new TreeMap<>();
        candidates.forEach((id, c) -> {
            CellValue own = read(c.cells(), q);
            if (decisions(own) > 0) {
                denominator.add(id);
            }
            for (Pathway p : Pathway.values()) {
                if (byPathway && own.counter(DecisionCells.pathway(p)) > 0) {
                    other.computeIfAbsent(p.name(), k -> new TreeSet<>()).add(id);
                }
            }
        });
        Map<String, List<String>> others = new LinkedHashMap<>();
        other.forEach((k, v) -> others.put(k, List.copyOf(v)));
        return new Figure.DrillDown(null, List.copyOf(denominator), others);
    }
}
