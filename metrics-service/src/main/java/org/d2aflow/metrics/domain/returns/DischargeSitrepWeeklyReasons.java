package org.d2aflow.metrics.domain.returns;

import static org.d2aflow.metrics.domain.returns.DischargeSitrep.REASONS;
import static org.d2aflow.metrics.domain.returns.DischargeSitrep.STAY_THRESHOLDS;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.d2aflow.contracts.reference.DelayReasonCodeList;
import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.LogFacts;

/**
 * The weekly reasons for delay of the acute discharge situation report (RETURNS.md section 1, Table 5), for an ISO week as
 * known at an instant: for each length-of-stay threshold of {@link DischargeSitrep#STAY_THRESHOLDS}, one row giving, for each
 * of the 18 reasons of the 2023 list, the average per day over the week's days of the patients remaining in hospital that
 * day (counted as {@link DischargeSitrep#nctrOn} counts them) whose stay has reached the threshold and whose reason in force
 * that day is that one. Pure: the same facts, week and instant give the same table, byte for byte.
 */
public final class DischargeSitrepWeeklyReasons extends DescribedReturn {

    public static final String NAME = "discharge-sitrep-weekly-reasons";

    public static final List<ReturnColumn> COLUMNS = columnList();

    public static final String NOTES = """
            ### Weekly snapshot average

            It follows the published Table 5, a "weekly snapshot average of dischargeable people per day ... not discharged,
            by reason": each day of the week (Monday to Sunday) the patients remaining are counted as the daily
            `discharge-sitrep` counts them (no longer meeting the criteria to reside, not discharged that day), then each
            count is summed over the 7 days and divided by 7, rounded half up to 1 decimal place. A patient discharged
            mid-week counts on the days before the discharge only; a reason recorded mid-week counts from the day it takes
            effect; a stay that reaches a threshold mid-week counts in that row from the day it does.

            The thresholds are data (`DischargeSitrep.STAY_THRESHOLDS`, shared with the daily return), because RETURNS.md
            section 1 has two sources: the published Table 5 gives stays of more than 14 days, another source gives 7+ and
            21+ days. Here a row is a stay (day minus admission date) of the threshold or more: 7, 14 and 21.

            A reason recorded under another list or version, or none, is counted under "No reason recorded". The total is
            rounded once from its unrounded average, so it can differ by a rounding step from the sum of the rounded columns.
            """;

    public DischargeSitrepWeeklyReasons() {
        super(NAME, "weekly reasons for delay of acute patients remaining, by length of stay (Table 5)", ReturnPeriod.Kind.WEEK, "1",
                COLUMNS, 2, NOTES);
    }

    private static List<ReturnColumn> columnList() {
        List<ReturnColumn> c = new ArrayList<>();
        c.add(new ReturnColumn("Week", "The ISO-8601 week reported (Monday to Sunday, Europe/London days), yyyy-Www."));
        c.add(new ReturnColumn("Length of stay (days or more)", "The row's threshold: patients whose stay on a day (day minus admission"
                + " date) is this many days or more. One row for each of " + STAY_THRESHOLDS + "."));
        for (DelayReasonCodeList.Code code : REASONS.codes()) {
            c.add(new ReturnColumn(code.label(), "Average per day over the week of the patients remaining whose stay that day reaches the"
                    + " threshold and whose reason for delay in force that day is code " + code.code() + " of " + REASONS.listId() + " v"
                    + REASONS.version() + "; 1 decimal place, half up."));
        }
        c.add(new ReturnColumn("No reason recorded", "Average per day over the week of the patients remaining whose stay that day reaches"
                + " the threshold with no reason for delay in force that day, or one under another list or version."));
        c.add(new ReturnColumn("Total", "Average per day over the week of all the patients remaining whose stay that day reaches the"
                + " threshold, whatever their reason; rounded once from the unrounded average."));
        return List.copyOf(c);
    }

    @Override
    public ReturnTable compute(LogFacts facts, ReturnPeriod week, Instant asKnownAt) {
        int noReason = 2 + REASONS.codes().size();
        int total = noReason + 1;
        List<int[]> sums = new ArrayList<>();
        List<CellSources> sources = new ArrayList<>();
        STAY_THRESHOLDS.forEach(t -> {
            sums.add(new int[COLUMNS.size()]);
            sources.add(new CellSources(COLUMNS.size()));
        });
        List<LocalDate> days = week.first().datesUntil(week.last().plusDays(1)).toList();
        for (LocalDate day : days) {
            for (DischargeSitrep.Nctr n : DischargeSitrep.nctrOn(facts, day, asKnownAt)) {
                if (!n.remaining()) {
                    continue;
                }
                int column = n.reason().map(code -> 2 + REASONS.codes().indexOf(code)).orElse(noReason);
                for (int i = 0; i < STAY_THRESHOLDS.size(); i++) {
                    if (n.stay() >= STAY_THRESHOLDS.get(i)) {
                        for (int c : new int[] {column, total}) {
                            sums.get(i)[c]++;
                            sources.get(i).add(c, n.subject());
                        }
                    }
                }
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < STAY_THRESHOLDS.size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(week.label());
            row.add(String.valueOf(STAY_THRESHOLDS.get(i)));
            for (int c = 2; c < COLUMNS.size(); c++) {
                row.add(BigDecimal.valueOf(sums.get(i)[c]).divide(BigDecimal.valueOf(days.size()), 1, RoundingMode.HALF_UP).toPlainString());
            }
            rows.add(row);
        }
        return new ReturnTable(NAME, layoutVersion(), COLUMNS, rows, sources.stream().map(CellSources::cells).toList());
    }
}
