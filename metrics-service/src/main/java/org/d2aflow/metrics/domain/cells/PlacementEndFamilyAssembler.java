package org.d2aflow.metrics.domain.cells;

import static org.d2aflow.metrics.domain.cells.DischargeFamilyAssembler.breakdownName;
import static org.d2aflow.metrics.domain.cells.DischargeFamilyAssembler.period;
import static org.d2aflow.metrics.domain.cells.DischargeFamilyAssembler.summaryMeasures;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.metrics.domain.Clocks;
import org.d2aflow.metrics.domain.Figure;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.d2aflow.metrics.domain.Stats;

/**
 * short-term-services from {@link Family#PLACEMENT_END} cells: the period is the sum of its days' cells, the time-in-service
 * histogram gives the summary (exact median and p90) overall and per group of the query's breakdown, the end-reason
 * counters the counts and shares. Definitions: METRICS.md section 7.
 */
public final class PlacementEndFamilyAssembler implements FigureAssembler {

    public static final String SHORT_TERM_SERVICES = "short-term-services";

    @Override
    public List<String> figures() {
        return List.of(SHORT_TERM_SERVICES);
    }

    @Override
    public Family family() {
        return Family.PLACEMENT_END;
    }

    @Override
    public Figure assemble(String figure, FigureQuery q, Map<CellKey, CellValue> cells, Map<String, Contribution> candidates) {
        if (!SHORT_TERM_SERVICES.equals(figure)) {
            throw new IllegalArgumentException("Not a placement-end-dated figure: " + figure);
        }
        TreeMap<String, CellValue> groups = read(cells, Dimension.of(q.breakdown()), q);
        CellValue total = groups.values().stream().reduce(CellValue.ZERO, CellValue::plus);
        Histogram times = total.histogram(PlacementEndCells.TIME_IN_SERVICE);
        Map<String, Object> m = summaryMeasures(times);
        Map<String, Object> shares = new LinkedHashMap<>();
        for (EndReason e : EndReason.values()) {
            long n = total.counter(PlacementEndCells.endReason(e));
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("count", n);
            x.put("share", Stats.ratio(n, times.count()));
            shares.put(e.name(), x);
        }
        m.put("endReasons", shares);
        Instant at = q.asKnownAt();
        return new Figure(SHORT_TERM_SERVICES, "Time in short-term services (days) and how they ended", null, period(q), at, null,
                Clocks.of("placement end date", null, at), null, null, null, null, m, null, breakdownName(q), groups(q, groups),
                drillDown(q, candidates));
    }

    /** The query's dimension, per group (sorted by key), summed over the period's days. */
    private static TreeMap<String, CellValue> read(Map<CellKey, CellValue> cells, Dimension dimension, FigureQuery q) {
        TreeMap<String, CellValue> groups = new TreeMap<>();
        cells.forEach((k, v) -> {
            if (k.family() == Family.PLACEMENT_END && k.dimension() == dimension && q.inPeriod(k.businessDay())) {
                groups.merge(k.group(), v, CellValue::plus);
            }
        });
        return groups;
    }

    /** The summary of each group with an ended placement, by key. */
    private static List<Figure.Group> groups(FigureQuery q, TreeMap<String, CellValue> groups) {
        if (q.breakdown() == Breakdown.NONE) {
            return null;
        }
        List<Figure.Group> out = new ArrayList<>();
        groups.forEach((key, v) -> {
            Histogram h = v.histogram(PlacementEndCells.TIME_IN_SERVICE);
            if (h.count() > 0) {
                out.add(new Figure.Group(key, null, null, null, summaryMeasures(h)));
            }
        });
        return out;
    }

    /** A candidate is in the denominator when its own cells of the period count an ended placement. Null without candidates. */
    private static Figure.DrillDown drillDown(FigureQuery q, Map<String, Contribution> candidates) {
        if (candidates == null) {
            return null;
        }
        TreeSet<String> denominator = new TreeSet<>();
        candidates.forEach((id, c) -> {
            if (read(c.cells(), Dimension.NONE, q).values().stream().anyMatch(v -> v.histogram(PlacementEndCells.TIME_IN_SERVICE).count() > 0)) {
                denominator.add(id);
            }
        });
        return new Figure.DrillDown(null, List.copyOf(denominator), new LinkedHashMap<>());
    }
}
