package org.d2aflow.metrics.domain.cells;

import static org.d2aflow.metrics.domain.cells.DischargeFamilyAssembler.breakdownName;
import static org.d2aflow.metrics.domain.cells.DischargeFamilyAssembler.summaryMeasures;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.d2aflow.metrics.domain.Clocks;
import org.d2aflow.metrics.domain.Figure;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;

/**
 * The two census figures from {@link Family#IN_HOSPITAL} cells. On the census day D (the query's {@code censusDate}; the
 * period is not read), a stay is in hospital when its cell's end day is after D (or {@link InHospitalCells#OPEN}) and it
 * was admitted on or before D; its length of stay so far is D − admission. For delay-census it must also have a discharge
 * ready date before D; its days past it are D − that date, and the breakdown is by pathway unless another is asked.
 * Definitions: METRICS.md sections 3 and 4.
 */
public final class InHospitalFamilyAssembler implements FigureAssembler {

    public static final String LENGTH_OF_STAY_CENSUS = "length-of-stay-census";
    public static final String DELAY_CENSUS = "delay-census";

    @Override
    public List<String> figures() {
        return List.of(LENGTH_OF_STAY_CENSUS, DELAY_CENSUS);
    }

    @Override
    public Family family() {
        return Family.IN_HOSPITAL;
    }

    /** The stays that end after the census day, or are open: the business days (D, OPEN]. */
    @Override
    public Days memberDays(FigureQuery q) {
        return new Days(q.censusDate().plusDays(1), InHospitalCells.OPEN);
    }

    @Override
    public Figure assemble(String figure, FigureQuery q, Map<CellKey, CellValue> cells, Map<String, Contribution> candidates) {
        return switch (figure) {
            case LENGTH_OF_STAY_CENSUS -> lengthOfStayCensus(q, cells, candidates);
            case DELAY_CENSUS -> delayCensus(q, cells, candidates);
            default -> throw new IllegalArgumentException("Not a census figure: " + figure);
        };
    }

    /** A group's stays in hospital on the census day: their days since admission, and (with a ready date before it) past it. */
    private record Census(Histogram lengthsOfStay, Histogram daysPastDrd) {
        static final Census ZERO = new Census(Histogram.EMPTY, Histogram.EMPTY);

        Census plus(Census o) {
            return new Census(lengthsOfStay.plus(o.lengthsOfStay), daysPastDrd.plus(o.daysPastDrd));
        }
    }

    /** The dimension's groups (sorted by key) on the census day, from the cells of the stays that end after it. */
    private static TreeMap<String, Census> read(Map<CellKey, CellValue> cells, Dimension dimension, LocalDate day) {
        int d = InHospitalCells.epochDay(day);
        TreeMap<String, Census> groups = new TreeMap<>();
        cells.forEach((k, v) -> {
            if (k.family() == Family.IN_HOSPITAL && k.dimension() == dimension && k.businessDay().isAfter(day)) {
                Histogram stays = v.histogram(InHospitalCells.ADMISSION).mapped(a -> a <= d, a -> d - a);
                Histogram past = Histogram.EMPTY;
                for (Map.Entry<String, Histogram> h : v.histograms().entrySet()) {
                    if (h.getKey().startsWith(InHospitalCells.DRD_PREFIX)
                            && !LocalDate.parse(h.getKey().substring(InHospitalCells.DRD_PREFIX.length())).isAfter(day)) {
                        past = past.plus(h.getValue().mapped(drd -> drd < d, drd -> d - drd));
                    }
                }
                groups.merge(k.group(), new Census(stays, past), Census::plus);
            }
        });
        return groups;
    }

    private static Figure lengthOfStayCensus(FigureQuery q, Map<CellKey, CellValue> cells, Map<String, Contribution> candidates) {
        LocalDate day = q.censusDate();
        TreeMap<String, Census> groups = read(cells, Dimension.of(q.breakdown()), day);
        Histogram all = groups.values().stream().reduce(Census.ZERO, Census::plus).lengthsOfStay();
        List<Figure.Group> out = null;
        if (q.breakdown() != Breakdown.NONE) {
            out = groups(groups, Census::lengthsOfStay, InHospitalFamilyAssembler::censusMeasures);
        }
        Instant at = q.asKnownAt();
        return new Figure(LENGTH_OF_STAY_CENSUS, "Patients in hospital on the census date, by length of stay so far", null, null, at, day,
                Clocks.of(null, Clocks.IN_HOSPITAL, at), null, null, null, null, censusMeasures(all), null, breakdownName(q), out,
                drillDown(candidates, day, Census::lengthsOfStay));
    }

    private static Map<String, Object> censusMeasures(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.count());
        m.put("atLeast7", h.countWhere(v -> v >= 7));
        m.put("atLeast14", h.countWhere(v -> v >= 14));
        m.put("atLeast21", h.countWhere(v -> v >= 21));
        return m;
    }

    private static Figure delayCensus(FigureQuery q, Map<CellKey, CellValue> cells, Map<String, Contribution> candidates) {
        LocalDate day = q.censusDate();
        Breakdown by = q.breakdown() == Breakdown.NONE ? Breakdown.PATHWAY : q.breakdown();
        TreeMap<String, Census> groups = read(cells, Dimension.of(by), day);
        Histogram all = groups.values().stream().reduce(Census.ZERO, Census::plus).daysPastDrd();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", all.count());
        m.put("daysPastDrd", summaryMeasures(all));
        Instant at = q.asKnownAt();
        return new Figure(DELAY_CENSUS, "Patients past their discharge ready date and still in hospital", null, null, at, day,
                Clocks.of(null, Clocks.IN_HOSPITAL + "; discharge ready date (latest set or corrected by version) before the census date", at),
                null, null, null, null, m, null, by.name().toLowerCase().replace('_', '-'),
                groups(groups, Census::daysPastDrd, h -> Map.of("count", h.count())), drillDown(candidates, day, Census::daysPastDrd));
    }

    /** The measures of each group that has a stay counted, by key. */
    private static List<Figure.Group> groups(TreeMap<String, Census> groups, Function<Census, Histogram> values,
            Function<Histogram, Map<String, Object>> measures) {
        List<Figure.Group> out = new ArrayList<>();
        groups.forEach((key, c) -> {
            Histogram h = values.apply(c);
            if (h.count() > 0) {
                out.add(new Figure.Group(key, null, null, null, measures.apply(h)));
            }
        });
        return out;
    }

    /** A candidate is listed when its own cells count it on the census day. Null without candidates. */
    private static Figure.DrillDown drillDown(Map<String, Contribution> candidates, LocalDate day, Function<Census, Histogram> values) {
        if (candidates == null) {
            return null;
        }
        TreeSet<String> denominator = new TreeSet<>();
        candidates.forEach((id, c) -> {
            if (read(c.cells(), Dimension.NONE, day).values().stream().anyMatch(x -> values.apply(x).count() > 0)) {
                denominator.add(id);
            }
        });
        return new Figure.DrillDown(null, List.copyOf(denominator), new LinkedHashMap<>());
    }
}
