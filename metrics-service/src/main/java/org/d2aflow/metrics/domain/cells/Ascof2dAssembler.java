package org.d2aflow.metrics.domain.cells;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.d2aflow.metrics.domain.Clocks;
import org.d2aflow.metrics.domain.Figure;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.d2aflow.metrics.domain.Stats;

/**
 * ascof-2d from {@link Family#ASCOF_2D} cells (METRICS.md 2a, RETURNS.md section 5): the period is the sum of its discharge
 * days; a day's linked cases are pending while day 84 is after the London date of the query's instant, and only then are
 * their outcome classes read; {@code dischargedWithoutSubmission} comes from the {@link Family#DISCHARGE} cells (a discharge
 * whose submission is not known has no person, so no ASCOF cell).
 */
public final class Ascof2dAssembler implements FigureAssembler {

    public static final String ASCOF_2D = "ascof-2d";

    private static final String NUMERATOR = CellReads.NUMERATOR;
    private static final String DENOMINATOR = CellReads.DENOMINATOR;
    private static final String PENDING = "pending";
    private static final String DIED = "died";
    private static final String READMITTED = "readmitted";
    private static final String LONG_TERM_CARE = "enteredLongTermCare";
    private static final String WITHOUT_SUBMISSION = "dischargedWithoutSubmission";
    private static final List<String> EXCLUSIONS = List.of(Ascof2dCells.ZERO_DAY_STAY, Ascof2dCells.ADMISSION_METHOD,
            Ascof2dCells.DISCHARGE_METHOD, Ascof2dCells.DESTINATION);
    private static final List<String> BANDS = List.of("65-74", "75-84", "85+");

    @Override
    public List<String> figures() {
        return List.of(ASCOF_2D);
    }

    @Override
    public Family family() {
        return Family.ASCOF_2D;
    }

    /** Its own cells, and the DISCHARGE cells for the discharges without a submission. */
    @Override
    public List<Family> families() {
        return List.of(Family.ASCOF_2D, Family.DISCHARGE);
    }

    @Override
    public List<Family> memberFamilies() {
        return List.of(Family.ASCOF_2D, Family.DISCHARGE);
    }

    /** A group's cases over the period: those of days whose day 84 is reached (due), and the linked ones of the other days. */
    private record Part(CellValue due, long pending) {
        static final Part ZERO = new Part(CellValue.ZERO, 0);

        Part plus(Part o) {
            return new Part(due.plus(o.due), pending + o.pending);
        }
    }

    /** The outcome classes of a part's due linked cases. */
    private record Linked(String band, boolean died, boolean readmitted, boolean longTermCare, long count) {

        boolean remained() {
            return !died && !readmitted && !longTermCare;
        }
    }

    @Override
    public Figure assemble(String figure, FigureQuery q, Map<CellKey, CellValue> cells, Map<String, Contribution> candidates) {
        if (!ASCOF_2D.equals(figure)) {
            throw new IllegalArgumentException("Not an ASCOF 2D figure: " + figure);
        }
        TreeMap<String, Part> groups = read(cells, Dimension.of(q.breakdown()), q);
        Part total = groups.values().stream().reduce(Part.ZERO, Part::plus);
        // every class of every day, pending or not: eligibility and linking do not wait for day 84
        CellValue all = CellReads.sum(cells, Family.ASCOF_2D, q);
        Map<String, Long> l = lists(total, withoutSubmission(cells, q));
        long linked = l.get(DENOMINATOR) + l.get(PENDING);
        long eligible = all.counter(Ascof2dCells.NOT_LINKED) + linked;

        Map<String, Object> measures = new LinkedHashMap<>();
        for (String m : List.of(DIED, READMITTED, LONG_TERM_CARE, PENDING)) {
            measures.put(m, l.get(m));
        }
        for (String e : EXCLUSIONS) {
            measures.put(e, l.get(e));
        }
        measures.put("eligibleDischarges", eligible);
        measures.put("dischargedIntoReablement", linked);
        measures.put("provision", Stats.ratio(linked, eligible));
        Map<String, Object> bands = new LinkedHashMap<>();
        for (String b : BANDS) {
            long numerator = 0;
            long denominator = 0;
            for (Linked c : linked(total.due())) {
                if (c.band().equals(b)) {
                    denominator += c.count();
                    numerator += c.remained() ? c.count() : 0;
                }
            }
            Map<String, Object> band = new LinkedHashMap<>();
            band.put(NUMERATOR, numerator);
            band.put(DENOMINATOR, denominator);
            band.put("value", Stats.ratio(numerator, denominator));
            bands.put(b, band);
        }
        measures.put("ageBands", bands);
        measures.put("clientType", "not available: the log holds no long-term community support");
        Map<String, Long> incomplete = new LinkedHashMap<>();
        incomplete.put(WITHOUT_SUBMISSION, l.get(WITHOUT_SUBMISSION));
        boolean national = q.from().getMonthValue() == 4 && q.from().getDayOfMonth() == 1 && q.to().getMonthValue() == 3
                && q.to().getDayOfMonth() == 31 && q.to().getYear() == q.from().getYear() + 1 && q.from().getYear() >= 2024;
        Instant at = q.asKnownAt();
        return new Figure(ASCOF_2D, "ASCOF 2D: aged 65+ discharged into reablement who remained in the community 84 days later",
                national ? "national (financial year of discharges, 2024-25 on)" : "local proxy (not a financial year from 2024-25)",
                DischargeFamilyAssembler.period(q), at, null,
                Clocks.of(Clocks.DISCHARGE_DATE + "; day 84 (discharge date + 84) reached by the London date of asKnownAt; "
                        + "deaths, long-term care and readmissions dated on business dates within the 84 days", null, at), null,
                l.get(NUMERATOR), l.get(DENOMINATOR), Stats.ratio(l.get(NUMERATOR), l.get(DENOMINATOR)), measures, incomplete,
                DischargeFamilyAssembler.breakdownName(q), groups(q, groups), drillDown(q, candidates));
    }

    /** The query's dimension, per group (sorted by key), summed over the period's days. */
    private static TreeMap<String, Part> read(Map<CellKey, CellValue> cells, Dimension dimension, FigureQuery q) {
        LocalDate known = q.knownDate();
        TreeMap<String, Part> groups = new TreeMap<>();
        cells.forEach((k, v) -> {
            if (k.family() == Family.ASCOF_2D && k.dimension() == dimension && q.inPeriod(k.businessDay())) {
                boolean pending = k.businessDay().plusDays(Ascof2dCells.DAYS).isAfter(known);
                long linked = pending ? linked(v).stream().mapToLong(Linked::count).sum() : 0;
                CellValue due = pending ? exclusionsOnly(v) : v;
                groups.merge(k.group(), new Part(due, linked), Part::plus);
            }
        });
        return groups;
    }

    /** A pending day's cases: what is known before day 84 (exclusions, not linked), the linked ones counted apart. */
    private static CellValue exclusionsOnly(CellValue v) {
        CellValue out = CellValue.ZERO;
        for (Map.Entry<String, Long> e : v.counters().entrySet()) {
            if (!e.getKey().startsWith(Ascof2dCells.LINKED_PREFIX)) {
                out = out.plus(times(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    private static CellValue times(String counter, long n) {
        return new CellValue(new TreeMap<>(Map.of(counter, n)), new TreeMap<>());
    }

    private static long withoutSubmission(Map<CellKey, CellValue> cells, FigureQuery q) {
        return CellReads.sum(cells, Family.DISCHARGE, q).counter(DischargeCells.WITHOUT_SUBMISSION);
    }

    /** The linked counters of a value, parsed: {@code linked.<band>.<d><r><l>}. */
    private static List<Linked> linked(CellValue v) {
        List<Linked> out = new ArrayList<>();
        v.counters().forEach((name, n) -> {
            if (name.startsWith(Ascof2dCells.LINKED_PREFIX)) {
                String rest = name.substring(Ascof2dCells.LINKED_PREFIX.length());
                int dot = rest.lastIndexOf('.');
                String bits = rest.substring(dot + 1);
                out.add(new Linked(rest.substring(0, dot), bits.charAt(0) == '1', bits.charAt(1) == '1', bits.charAt(2) == '1', n));
            }
        });
        return out;
    }

    /** The figure's counts of a part: the ratio, the outcomes and exclusions, pending, and the discharges without a submission. */
    private static Map<String, Long> lists(Part p, long withoutSubmission) {
        long numerator = 0;
        long denominator = 0;
        long died = 0;
        long readmitted = 0;
        long longTermCare = 0;
        for (Linked c : linked(p.due())) {
            denominator += c.count();
            numerator += c.remained() ? c.count() : 0;
            died += c.died() ? c.count() : 0;
            readmitted += c.readmitted() ? c.count() : 0;
            longTermCare += c.longTermCare() ? c.count() : 0;
        }
        Map<String, Long> l = new LinkedHashMap<>();
        l.put(NUMERATOR, numerator);
        l.put(DENOMINATOR, denominator);
        l.put(DIED, died);
        l.put(READMITTED, readmitted);
        l.put(LONG_TERM_CARE, longTermCare);
        l.put(PENDING, p.pending());
        for (String e : EXCLUSIONS) {
            l.put(e, p.due().counter(e));
        }
        l.put(WITHOUT_SUBMISSION, withoutSubmission);
        return l;
    }

    /** One ratio per group with a due linked case, by key. */
    private static List<Figure.Group> groups(FigureQuery q, TreeMap<String, Part> groups) {
        if (q.breakdown() == Breakdown.NONE) {
            return null;
        }
        List<Figure.Group> out = new ArrayList<>();
        groups.forEach((key, p) -> {
            Map<String, Long> l = lists(p, 0);
            if (l.get(DENOMINATOR) > 0) {
                out.add(new Figure.Group(key, l.get(NUMERATOR), l.get(DENOMINATOR), Stats.ratio(l.get(NUMERATOR), l.get(DENOMINATOR)), null));
            }
        });
        return out;
    }

    /**
     * The drill-down: a candidate is in a list when its own cells of the period (its part of its person's contribution, and its
     * DISCHARGE cells), read as the figure reads them, count it there.
     */
    private static Figure.DrillDown drillDown(FigureQuery q, Map<String, Contribution> candidates) {
        return CellReads.drillDown(candidates, true, c -> lists(read(c.cells(), Dimension.NONE, q).values().stream()
                .reduce(Part.ZERO, Part::plus), withoutSubmission(c.cells(), q)));
    }
}
