package org.d2aflow.metrics.domain.cells;

import static org.d2aflow.metrics.domain.cells.DischargeCells.BEFORE_DRD;
import static org.d2aflow.metrics.domain.cells.DischargeCells.CARE_HOME_RETURN_P0;
import static org.d2aflow.metrics.domain.cells.DischargeCells.DEATH;
import static org.d2aflow.metrics.domain.cells.DischargeCells.DELAY;
import static org.d2aflow.metrics.domain.cells.DischargeCells.LENGTH_OF_STAY;
import static org.d2aflow.metrics.domain.cells.DischargeCells.NOT_KNOWN_99;
import static org.d2aflow.metrics.domain.cells.DischargeCells.OTHER_DESTINATION;
import static org.d2aflow.metrics.domain.cells.DischargeCells.TEMPORARY_RESIDENCE_29;
import static org.d2aflow.metrics.domain.cells.DischargeCells.UNFINISHED_98;
import static org.d2aflow.metrics.domain.cells.DischargeCells.USUAL_RESIDENCE_19;
import static org.d2aflow.metrics.domain.cells.DischargeCells.WITHOUT_DRD;
import static org.d2aflow.metrics.domain.cells.DischargeCells.WITHOUT_SUBMISSION;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.metrics.domain.Clocks;
import org.d2aflow.metrics.domain.Figure;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.d2aflow.metrics.domain.Stats;

/**
 * The five discharge-dated figures from {@link Family#DISCHARGE} cells: the destination classes become the ratio under the
 * query's options, the histograms become the length-of-stay and delay measures, and the 91-day cohort of a business day is
 * pending until day 91 is reached by the London date of the query's instant. Definitions: METRICS.md sections 1-4.
 */
public final class DischargeFamilyAssembler implements FigureAssembler {

    public static final String DISCHARGE_TO_USUAL_RESIDENCE = "discharge-to-usual-residence";
    public static final String RETURNED_TO_OWN_RESIDENCE = "returned-to-own-usual-residence";
    public static final String STILL_AT_HOME_91 = "still-at-home-91";
    public static final String LENGTH_OF_STAY_FIGURE = "length-of-stay";
    public static final String DISCHARGE_DELAY = "discharge-delay";

    private static final List<String> FIGURES = List.of(DISCHARGE_TO_USUAL_RESIDENCE, RETURNED_TO_OWN_RESIDENCE, STILL_AT_HOME_91,
            LENGTH_OF_STAY_FIGURE, DISCHARGE_DELAY);

    /** The ids of the numerator and denominator lists among a figure's lists; every other list is reported under "other". */
    private static final String NUMERATOR = "numerator";
    private static final String DENOMINATOR = "denominator";
    private static final String WITHOUT_SUBMISSION_LIST = "dischargedWithoutSubmission";

    @Override
    public List<String> figures() {
        return FIGURES;
    }

    @Override
    public Family family() {
        return Family.DISCHARGE;
    }

    @Override
    public Figure assemble(String figure, FigureQuery q, Map<CellKey, CellValue> cells, Map<String, Contribution> candidates) {
        TreeMap<String, Part> groups = read(cells, Dimension.of(q.breakdown()), q);
        Part total = groups.values().stream().reduce(Part.ZERO, Part::plus);
        return switch (figure) {
            case DISCHARGE_TO_USUAL_RESIDENCE -> toUsualResidence(q, groups, total, candidates, false);
            case RETURNED_TO_OWN_RESIDENCE -> toUsualResidence(q, groups, total, candidates, true);
            case STILL_AT_HOME_91 -> stillAtHome91(q, groups, total, candidates);
            case LENGTH_OF_STAY_FIGURE -> lengthOfStay(q, groups, total, candidates);
            case DISCHARGE_DELAY -> dischargeDelay(q, groups, total, candidates);
            default -> throw new IllegalArgumentException("Not a discharge-dated figure: " + figure);
        };
    }

    /** A group's cells over the period: all of them, and those of days whose day 91 is not yet reached (pending). */
    private record Part(CellValue all, CellValue pending) {
        static final Part ZERO = new Part(CellValue.ZERO, CellValue.ZERO);

        Part plus(Part o) {
            return new Part(all.plus(o.all), pending.plus(o.pending));
        }

        CellValue due() {
            return all.plus(pending.negate());
        }
    }

    /** The query's dimension, per group (sorted by key), summed over the period's days. */
    private static TreeMap<String, Part> read(Map<CellKey, CellValue> cells, Dimension dimension, FigureQuery q) {
        LocalDate known = q.knownDate();
        TreeMap<String, Part> groups = new TreeMap<>();
        cells.forEach((k, v) -> {
            if (k.family() == Family.DISCHARGE && k.dimension() == dimension && q.inPeriod(k.businessDay())) {
                boolean pending = k.businessDay().plusDays(DischargeCells.DAY91).isAfter(known);
                groups.merge(k.group(), new Part(v, pending ? v : CellValue.ZERO), Part::plus);
            }
        });
        return groups;
    }

    // --- 1. Discharge to usual place of residence, and returned to own usual residence --------------------------------

    private static Map<String, Long> residenceLists(Part p, FigureQuery q, boolean ownResidence) {
        CellValue v = p.all();
        FigureQuery.Options o = q.options();
        Map<String, Long> l = new LinkedHashMap<>();
        l.put(NUMERATOR, v.counter(USUAL_RESIDENCE_19) + (o.count29AsHome() ? v.counter(TEMPORARY_RESIDENCE_29) : 0)
                + (ownResidence ? v.counter(CARE_HOME_RETURN_P0) : 0));
        l.put(DENOMINATOR, v.counter(USUAL_RESIDENCE_19) + v.counter(TEMPORARY_RESIDENCE_29) + v.counter(OTHER_DESTINATION)
                + v.counter(CARE_HOME_RETURN_P0) + (o.excludeUnknown99() ? 0 : v.counter(NOT_KNOWN_99)));
        l.put("excludedDeaths", v.counter(DEATH));
        l.put("excludedUnfinishedSpells", v.counter(UNFINISHED_98));
        l.put("destinationNotKnown", v.counter(NOT_KNOWN_99));
        l.put(WITHOUT_SUBMISSION_LIST, v.counter(WITHOUT_SUBMISSION));
        return l;
    }

    private static Figure toUsualResidence(FigureQuery q, TreeMap<String, Part> groups, Part total, Map<String, Contribution> candidates,
            boolean own) {
        BiFunction<Part, FigureQuery, Map<String, Long>> lists = (p, query) -> residenceLists(p, query, own);
        Map<String, Long> l = lists.apply(total, q);
        Map<String, Object> measures = new LinkedHashMap<>();
        for (String m : List.of("excludedDeaths", "excludedUnfinishedSpells", "destinationNotKnown")) {
            measures.put(m, l.get(m));
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("count29AsHome", q.options().count29AsHome());
        options.put("excludeUnknown99", q.options().excludeUnknown99());
        Instant at = q.asKnownAt();
        return new Figure(own ? RETURNED_TO_OWN_RESIDENCE : DISCHARGE_TO_USUAL_RESIDENCE,
                own ? "Returned to own usual residence" : "Discharge to usual place of residence", null, period(q), at, null,
                Clocks.of(Clocks.DISCHARGE_DATE, null, at), options, l.get(NUMERATOR), l.get(DENOMINATOR),
                Stats.ratio(l.get(NUMERATOR), l.get(DENOMINATOR)), measures, incomplete(l, WITHOUT_SUBMISSION_LIST), breakdownName(q),
                ratioGroups(q, groups, lists), drillDown(q, candidates, true, lists));
    }

    // --- 2. Still at home 91 days after discharge into reablement or rehabilitation --------------------------------

    private static Map<String, Long> day91Lists(Part p, FigureQuery q) {
        CellValue due = p.due();
        long atHome = 0;
        long counted = 0;
        for (Day91Status s : Day91Status.values()) {
            long n = due.counter(DischargeCells.day91(s));
            counted += n;
            atHome += DischargeCells.AT_HOME.contains(s) ? n : 0;
        }
        long missing = due.counter(DischargeCells.day91(null));
        long pending = p.pending().counters().entrySet().stream().filter(e -> e.getKey().startsWith(DischargeCells.DAY91_PREFIX))
                .mapToLong(Map.Entry::getValue).sum();
        Map<String, Long> l = new LinkedHashMap<>();
        l.put(NUMERATOR, atHome);
        l.put(DENOMINATOR, counted + missing);
        l.put("missingFollowUps", missing);
        l.put("pending", pending);
        return l;
    }

    private static Figure stillAtHome91(FigureQuery q, TreeMap<String, Part> groups, Part total, Map<String, Contribution> candidates) {
        Map<String, Long> l = day91Lists(total, q);
        CellValue due = total.due();
        Map<String, Long> statuses = new LinkedHashMap<>();
        for (Day91Status s : Day91Status.values()) {
            statuses.put(s.name(), due.counter(DischargeCells.day91(s))
                    + (s == Day91Status.UNKNOWN ? due.counter(DischargeCells.day91(null)) : 0));
        }
        Map<String, Object> measures = new LinkedHashMap<>();
        measures.put("pending", l.get("pending"));
        measures.put("statuses", statuses);
        boolean national = q.from().getMonthValue() == 10 && q.from().getDayOfMonth() == 1 && q.to().getMonthValue() == 12
                && q.to().getDayOfMonth() == 31 && q.from().getYear() == q.to().getYear();
        Instant at = q.asKnownAt();
        return new Figure(STILL_AT_HOME_91, "Still at home 91 days after discharge into reablement or rehabilitation",
                national ? "national (October to December discharges)" : "local proxy (not the national October to December period)",
                period(q), at, null, Clocks.of(Clocks.DISCHARGE_DATE + "; day 91 (discharge date + 91) reached by the London date of asKnownAt; "
                        + "follow-up: latest recorded or corrected by version", null, at), null, l.get(NUMERATOR), l.get(DENOMINATOR),
                Stats.ratio(l.get(NUMERATOR), l.get(DENOMINATOR)), measures, incomplete(l, "missingFollowUps"), breakdownName(q),
                ratioGroups(q, groups, DischargeFamilyAssembler::day91Lists), drillDown(q, candidates, true, DischargeFamilyAssembler::day91Lists));
    }

    // --- 3. Length of stay ---------------------------------------------------------------------------------------

    private static Map<String, Long> stayLists(Part p, FigureQuery q) {
        Map<String, Long> l = new LinkedHashMap<>();
        l.put(DENOMINATOR, p.all().histogram(LENGTH_OF_STAY).count());
        l.put(WITHOUT_SUBMISSION_LIST, p.all().counter(WITHOUT_SUBMISSION));
        return l;
    }

    private static Figure lengthOfStay(FigureQuery q, TreeMap<String, Part> groups, Part total, Map<String, Contribution> candidates) {
        Map<String, Long> l = stayLists(total, q);
        Instant at = q.asKnownAt();
        return new Figure(LENGTH_OF_STAY_FIGURE, "Acute length of stay (days)", null, period(q), at, null,
                Clocks.of(Clocks.DISCHARGE_DATE, null, at), null, null, null, null, stayMeasures(total.all().histogram(LENGTH_OF_STAY)),
                incomplete(l, WITHOUT_SUBMISSION_LIST), breakdownName(q),
                valueGroups(q, groups, LENGTH_OF_STAY, DischargeFamilyAssembler::stayMeasures),
                drillDown(q, candidates, false, DischargeFamilyAssembler::stayLists));
    }

    private static Map<String, Object> stayMeasures(Histogram h) {
        Map<String, Object> m = summaryMeasures(h);
        long n = h.count();
        m.put("shareAtLeast7", Stats.ratio(h.countWhere(v -> v >= 7), n));
        m.put("shareAtLeast14", Stats.ratio(h.countWhere(v -> v >= 14), n));
        m.put("shareAtLeast21", Stats.ratio(h.countWhere(v -> v >= 21), n));
        return m;
    }

    static Map<String, Object> summaryMeasures(Histogram h) {
        Stats.Summary s = h.summary();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", s.count());
        m.put("mean", s.mean());
        m.put("median", s.median());
        m.put("p90", s.p90());
        m.put("min", s.min());
        m.put("max", s.max());
        return m;
    }

    // --- 4. Discharge delay ------------------------------------------------------------------------------------------

    private static Map<String, Long> delayLists(Part p, FigureQuery q) {
        Map<String, Long> l = new LinkedHashMap<>();
        l.put(DENOMINATOR, p.all().histogram(DELAY).count());
        l.put("dischargedWithoutDrd", p.all().counter(WITHOUT_DRD));
        l.put("dischargedBeforeDrd", p.all().counter(BEFORE_DRD));
        return l;
    }

    private static Figure dischargeDelay(FigureQuery q, TreeMap<String, Part> groups, Part total, Map<String, Contribution> candidates) {
        Map<String, Long> l = delayLists(total, q);
        Instant at = q.asKnownAt();
        return new Figure(DISCHARGE_DELAY, "Delay from discharge ready date to discharge (days)", null, period(q), at, null,
                Clocks.of(Clocks.DISCHARGE_DATE + "; discharge ready date: latest set or corrected by version", null, at), null, null,
                null, null, delayMeasures(total.all().histogram(DELAY)), incomplete(l, "dischargedWithoutDrd", "dischargedBeforeDrd"),
                breakdownName(q), valueGroups(q, groups, DELAY, DischargeFamilyAssembler::delayMeasures),
                drillDown(q, candidates, false, DischargeFamilyAssembler::delayLists));
    }

    private static final int[][] DELAY_BANDS = {{0, 0}, {1, 1}, {2, 3}, {4, 6}, {7, 13}, {14, 20}, {21, Integer.MAX_VALUE}};
    private static final String[] DELAY_BAND_NAMES = {"0", "1", "2-3", "4-6", "7-13", "14-20", "21+"};

    private static Map<String, Object> delayMeasures(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        long n = h.count();
        long onTheDay = h.countWhere(v -> v == 0);
        long sum = h.sum();
        m.put("count", n);
        m.put("shareOnDrd", Stats.ratio(onTheDay, n));
        m.put("meanDelay", Stats.mean(sum, n));
        m.put("meanDelayAmongDelayed", Stats.mean(sum, n - onTheDay));
        Map<String, Long> bands = new LinkedHashMap<>();
        for (int i = 0; i < DELAY_BANDS.length; i++) {
            int lo = DELAY_BANDS[i][0];
            int hi = DELAY_BANDS[i][1];
            bands.put(DELAY_BAND_NAMES[i], h.countWhere(v -> v >= lo && v <= hi));
        }
        m.put("bands", bands);
        m.put("bedDaysLost", sum);
        return m;
    }

    // --- shared ------------------------------------------------------------------------------------------------------

    private static Map<String, Long> incomplete(Map<String, Long> lists, String... names) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, lists.get(n));
        }
        return m;
    }

    /** One ratio per group that has a denominator, by key. */
    private static List<Figure.Group> ratioGroups(FigureQuery q, TreeMap<String, Part> groups,
            BiFunction<Part, FigureQuery, Map<String, Long>> lists) {
        if (q.breakdown() == Breakdown.NONE) {
            return null;
        }
        List<Figure.Group> out = new ArrayList<>();
        groups.forEach((key, p) -> {
            Map<String, Long> l = lists.apply(p, q);
            if (l.get(DENOMINATOR) > 0) {
                out.add(new Figure.Group(key, l.get(NUMERATOR), l.get(DENOMINATOR), Stats.ratio(l.get(NUMERATOR), l.get(DENOMINATOR)), null));
            }
        });
        return out;
    }

    /** The measures of each group that has values in the histogram, by key. */
    private static List<Figure.Group> valueGroups(FigureQuery q, TreeMap<String, Part> groups, String histogram,
            Function<Histogram, Map<String, Object>> measures) {
        if (q.breakdown() == Breakdown.NONE) {
            return null;
        }
        List<Figure.Group> out = new ArrayList<>();
        groups.forEach((key, p) -> {
            Histogram h = p.all().histogram(histogram);
            if (h.count() > 0) {
                out.add(new Figure.Group(key, null, null, null, measures.apply(h)));
            }
        });
        return out;
    }

    /** The drill-down: a candidate is in a list when its own cells of the period, read as the figure reads them, count it there. */
    private static Figure.DrillDown drillDown(FigureQuery q, Map<String, Contribution> candidates, boolean withNumerator,
            BiFunction<Part, FigureQuery, Map<String, Long>> lists) {
        return CellReads.drillDown(candidates, withNumerator,
                c -> lists.apply(read(c.cells(), Dimension.NONE, q).values().stream().reduce(Part.ZERO, Part::plus), q));
    }

    static Figure.Period period(FigureQuery q) {
        return new Figure.Period(q.from(), q.to());
    }

    static String breakdownName(FigureQuery q) {
        return q.breakdown() == Breakdown.NONE ? null : q.breakdown().name().toLowerCase().replace('_', '-');
    }
}
