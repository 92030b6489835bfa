package org.d2aflow.metrics.domain.cells;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.d2aflow.metrics.domain.Figure;
import org.d2aflow.metrics.domain.FigureQuery;

/** Reads the assemblers share: a family's headline cells over a period, and the drill-down from the candidates' own counts. */
final class CellReads {

    static final String NUMERATOR = "numerator";
    static final String DENOMINATOR = "denominator";

    private CellReads() {
    }

    /** The family's cells of dimension none over the query's period, summed. */
    static CellValue sum(Map<CellKey, CellValue> cells, Family family, FigureQuery q) {
        CellValue sum = CellValue.ZERO;
        for (Map.Entry<CellKey, CellValue> e : cells.entrySet()) {
            CellKey k = e.getKey();
            if (k.family() == family && k.dimension() == Dimension.NONE && q.inPeriod(k.businessDay())) {
                sum = sum.plus(e.getValue());
            }
        }
        return sum;
    }

    /**
     * The referral ids of each list: a candidate is in a list when its own count there ({@code lists} of its contribution, read
     * as the figure reads the totals) is positive. Null when no candidates were given.
     */
    static Figure.DrillDown drillDown(Map<String, Contribution> candidates, boolean withNumerator,
            Function<Contribution, Map<String, Long>> lists) {
        if (candidates == null) {
            return null;
        }
        TreeSet<String> numerator = new TreeSet<>();
        TreeSet<String> denominator = new TreeSet<>();
        TreeMap<String, TreeSet<String>> other = new TreeMap<>();
        candidates.forEach((id, c) -> lists.apply(c).forEach((list, n) -> {
            if (n > 0) {
                switch (list) {
                    case NUMERATOR -> numerator.add(id);
                    case DENOMINATOR -> denominator.add(id);
                    default -> other.computeIfAbsent(list, k -> new TreeSet<>()).add(id);
                }
            }
        }));
        Map<String, List<String>> others = new LinkedHashMap<>();
        other.forEach((k, v) -> others.put(k, List.copyOf(v)));
        return new Figure.DrillDown(withNumerator ? List.copyOf(numerator) : null, List.copyOf(denominator), others);
    }
}
