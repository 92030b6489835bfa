package org.d2aflow.metrics.domain.returns;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.Figure;
import org.d2aflow.metrics.domain.FigureEngine;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.domain.LogFacts;
import org.d2aflow.metrics.domain.ReferralFacts;

/**
 * The Better Care Fund's quarterly metrics that the log can give (RETURNS.md section 4), for a financial-year quarter as
 * known at an instant: the average length of discharge delay and its two parts (share discharged on the discharge ready
 * date, average delay of the rest), the reablement outcome (ASCOF 2D, and the legacy 91-day 2B(1) beside it) and
 * discharge to usual place of residence. One row per metric and period: each month of the quarter, then the quarter.
 * Every number comes from {@link FigureEngine}'s figures (METRICS.md sections 1, 2 and 4; ASCOF 2D of RETURNS.md
 * section 5), so the return and the figures cannot disagree. The official quarterly template is not public: the layout is
 * the suite's own, and its notes say so.
 */
public final class BcfQuarterly extends DescribedReturn {

    public static final String NAME = "bcf-quarterly";

    /** What the value of a metric is: a percentage of the denominator (1 place) or an average (2 places). */
    enum Kind {
        PERCENT, AVERAGE
    }

    /**
     * One metric: its label, the figure it is read from, how numerator and denominator are taken from it, the figure's
     * incomplete-input lists it reports, and where its definition is written.
     */
    record Metric(String label, String figure, Kind kind, List<String> incomplete, String source) {
    }

    static final Metric AVERAGE_DELAY = new Metric("Average length of discharge delay (days)", FigureEngine.DISCHARGE_DELAY,
            Kind.AVERAGE, List.of("dischargedWithoutDrd", "dischargedBeforeDrd"),
            "RETURNS.md 4 (2025-26 metric, working assumption [R]); METRICS.md 4 mean delay incl. zero days; NHS England DRD"
                    + " publication 'Average days from DRD to DoD (inc 0-day delays)'");
    static final Metric ON_DRD = new Metric("Discharged on their discharge ready date (%)", FigureEngine.DISCHARGE_DELAY, Kind.PERCENT,
            AVERAGE_DELAY.incomplete(), "RETURNS.md 4 (part of the average delay); METRICS.md 4 share on DRD; NHS England DRD"
                    + " publication 'DoD is same as DRD (%)'");
    static final Metric DELAY_OF_DELAYED = new Metric("Average delay of those not discharged on their discharge ready date (days)",
            FigureEngine.DISCHARGE_DELAY, Kind.AVERAGE, AVERAGE_DELAY.incomplete(), "RETURNS.md 4 (part of the average delay);"
                    + " METRICS.md 4 mean delay among the delayed; NHS England DRD publication 'Average days from DRD to DoD (exc 0-day delays)'");
    static final Metric ASCOF_2D = new Metric("ASCOF 2D: aged 65+ discharged into reablement, remained in the community after 84 days (%)",
            FigureEngine.ASCOF_2D, Kind.PERCENT, List.of("pending", "dischargedWithoutSubmission"),
            "RETURNS.md 5 (DHSC Create_ASCOF_2D.sql); figure ascof-2d; national over a financial year, a local proxy for a month or quarter");
    static final Metric STILL_AT_HOME_91 = new Metric(
            "Legacy ASCOF 2B(1): aged 65+ discharged into reablement or rehabilitation, still at home after 91 days (%)",
            FigureEngine.STILL_AT_HOME_91, Kind.PERCENT, List.of("pending", "missingFollowUps"),
            "METRICS.md 2; figure still-at-home-91; national over October to December discharges, a local proxy otherwise");
    static final Metric USUAL_RESIDENCE = new Metric("Discharge to usual place of residence (%)", FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE,
            Kind.PERCENT, List.of("dischargedWithoutSubmission"), "METRICS.md 1 (BCF metric); figure discharge-to-usual-residence,"
                    + " 29 not counted as home, 99 counted as not home");

    /** The metrics in row order. */
    static final List<Metric> METRICS = List.of(AVERAGE_DELAY, ON_DRD, DELAY_OF_DELAYED, ASCOF_2D, STILL_AT_HOME_91, USUAL_RESIDENCE);

    static final List<ReturnColumn> COLUMNS = List.of(
            new ReturnColumn("Metric", "The metric, one of the labels in the notes below."),
            new ReturnColumn("Period", "A month of the quarter (yyyy-MM) or the whole quarter (yyyy-yy-Qn), by the hospital discharge date"
                    + " (Europe/London) as known at the instant."),
            new ReturnColumn("Numerator", "For a percentage, the cases counted; for an average, the total days (the sum of the delays)."),
            new ReturnColumn("Denominator", "The cases the metric is over (for the average delay of the delayed: those delayed 1 day or more)."),
            new ReturnColumn("Value", "Numerator divided by denominator: a percentage to 1 place, or an average in days to 2 places;"
                    + " empty when the denominator is 0."),
            new ReturnColumn("Incomplete", "Cases whose inputs are incomplete, by the figure's name for them, as name=count joined by"
                    + " '; ' (only those not 0); empty when none."),
            new ReturnColumn("Definition source", "Where the metric is defined: RETURNS.md, METRICS.md and the figure it is read from."));

    static final String NOTES = """
            ### Metrics and layout

            The BCF quarterly template is not public (RETURNS.md section 4: it sits on the Better Care Exchange), so this layout
            (one row per metric and period, the three months of the quarter then the quarter) is the suite's own. The exact
            2025-26 metric definitions were not found either; the discharge delay follows RETURNS.md's working assumption
            (average length of delay for all discharges with a discharge ready date, zero-day delays included, which is also
            the share discharged on the DRD and the average delay of the rest), built as NHS England's DRD publication does.

            | Metric | From the figure | Numerator | Denominator |
            |---|---|---|---|
            | Average length of discharge delay (days) | discharge-delay | days from DRD to discharge, summed | discharges with a DRD, not before it |
            | Discharged on their discharge ready date (%) | discharge-delay | those with a delay of 0 days | discharges with a DRD, not before it |
            | Average delay of those not discharged on their discharge ready date (days) | discharge-delay | days from DRD to discharge, summed | those with a delay of 1 day or more |
            | ASCOF 2D: aged 65+ discharged into reablement, remained in the community after 84 days (%) | ascof-2d | remained in the community | 65+ eligible discharges linked to a reablement start, day 84 reached |
            | Legacy ASCOF 2B(1): aged 65+ discharged into reablement or rehabilitation, still at home after 91 days (%) | still-at-home-91 | at home | 65+ discharges with a reablement or rehabilitation placement, day 91 reached |
            | Discharge to usual place of residence (%) | discharge-to-usual-residence | destination 19 | discharges aged 18+, deaths and unfinished spells left out |

            Each figure is asked for the period with no breakdown and the default options (29 is not home; 99 is not home).
            ASCOF 2D is national only over a whole financial year and 2B(1) only over October to December discharges; for a
            month or a quarter both are local proxies, given side by side because the BCF moved from the 91-day measure to 2D
            in 2024-25. Days 84 and 91 are reached by the London date of the instant; cases not yet there are `pending`.

            Left out, because the log does not hold what they need: emergency admissions 65+ per 100,000 and long-term
            admissions to residential or nursing care 65+ per 100,000 (both need the population and all admissions of the
            area, not only referrals), the on-track rating, the narrative and spend.
            """;

    public BcfQuarterly() {
        super(NAME, "Better Care Fund quarterly metrics (discharge delay, reablement outcome, discharge to usual residence)",
                ReturnPeriod.Kind.QUARTER, "1", COLUMNS, 2, NOTES);
    }

    @Override
    public ReturnTable compute(LogFacts facts, ReturnPeriod period, Instant asKnownAt) {
        List<String[]> periods = new ArrayList<>();
        for (YearMonth m = YearMonth.from(period.first()); !m.isAfter(YearMonth.from(period.last())); m = m.plusMonths(1)) {
            periods.add(new String[] {m.toString(), m.atDay(1).toString(), m.atEndOfMonth().toString()});
        }
        periods.add(new String[] {period.label(), period.first().toString(), period.last().toString()});
        FigureEngine engine = new FigureEngine();
        Map<String, Figure> figures = new HashMap<>();
        List<List<String>> rows = new ArrayList<>();
        List<List<Set<String>>> sources = new ArrayList<>();
        for (Metric metric : METRICS) {
            for (String[] p : periods) {
                FigureQuery q = new FigureQuery(LocalDate.parse(p[1]), LocalDate.parse(p[2]), asKnownAt, FigureQuery.Breakdown.NONE,
                        new FigureQuery.Options(false, false), null, null);
                Figure figure = figures.computeIfAbsent(metric.figure() + "|" + p[0], k -> engine.compute(metric.figure(), facts, q));
                Cell cell = cell(metric, figure, facts, q.asKnownAt());
                rows.add(List.of(metric.label(), p[0], String.valueOf(cell.numerator()), String.valueOf(cell.denominator()),
                        Csv.ratio(cell.numerator(), cell.denominator(), metric.kind() == Kind.PERCENT ? 1 : 2,
                                metric.kind() == Kind.PERCENT),
                        cell.incomplete(), metric.source()));
                sources.add(List.of(Set.of(), Set.of(), cell.numeratorIds(), cell.denominatorIds(), cell.denominatorIds(),
                        cell.incompleteIds(), Set.of()));
            }
        }
        return new ReturnTable(NAME, layoutVersion(), columns(), rows, sources);
    }

    /** The numbers of one row and the referral subjects behind each. */
    record Cell(long numerator, long denominator, Set<String> numeratorIds, Set<String> denominatorIds, String incomplete,
            Set<String> incompleteIds) {
    }

    /** Reads one metric's numerator, denominator and incomplete inputs from its figure. */
    static Cell cell(Metric metric, Figure f, LogFacts facts, Instant at) {
        Map<String, List<String>> other = f.drillDown() == null || f.drillDown().other() == null ? Map.of() : f.drillDown().other();
        Map<String, Integer> incomplete = new LinkedHashMap<>();
        Set<String> incompleteIds = new TreeSet<>();
        for (String name : metric.incomplete()) {
            List<String> ids = other.getOrDefault(name, List.of());
            if (!ids.isEmpty()) {
                incomplete.put(name, ids.size());
                incompleteIds.addAll(subjects(ids));
            }
        }
        String incompleteText = String.join("; ", incomplete.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        List<String> cases = f.drillDown().denominator();
        if (metric.kind() == Kind.PERCENT && metric != ON_DRD) {
            return new Cell(f.numerator(), f.denominator(), subjects(f.drillDown().numerator()), subjects(cases), incompleteText,
                    incompleteIds);
        }
        long days = ((Number) f.measures().get("bedDaysLost")).longValue();
        Set<String> onDrd = new TreeSet<>(cases.stream().filter(id -> delayIsZero(facts.referralOrNull(id), at)).toList());
        long onDrdCount = ((Number) ((Map<?, ?>) f.measures().get("bands")).get("0")).longValue();
        if (onDrdCount != onDrd.size()) {
            throw new IllegalStateException("discharge-delay counts " + onDrdCount + " on the DRD but " + onDrd.size() + " referrals have no delay");
        }
        if (metric == ON_DRD) {
            return new Cell(onDrd.size(), cases.size(), subjects(List.copyOf(onDrd)), subjects(cases), incompleteText, incompleteIds);
        }
        if (metric == AVERAGE_DELAY) {
            return new Cell(days, cases.size(), subjects(cases), subjects(cases), incompleteText, incompleteIds);
        }
        List<String> delayed = cases.stream().filter(id -> !onDrd.contains(id)).toList();
        return new Cell(days, delayed.size(), subjects(delayed), subjects(delayed), incompleteText, incompleteIds);
    }

    private static boolean delayIsZero(ReferralFacts r, Instant at) {
        return r != null && r.dischargeAt(at).isPresent()
                && Objects.equals(r.dischargeReadyDateAt(at).orElse(null), r.dischargeAt(at).get().date());
    }

    /** {@code referral:<id>} for each referral id, sorted. */
    static Set<String> subjects(List<String> referralIds) {
        Set<String> s = new TreeSet<>();
        if (referralIds != null) {
            referralIds.forEach(id -> s.add("referral:" + id));
        }
        return s;
    }
}
