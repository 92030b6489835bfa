package org.d2aflow.metrics.domain.returns;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.d2aflow.kit.domain.ReturnPeriod;
import org.d2aflow.metrics.domain.LogFacts;

/** Every return the suite produces, in the order the dictionary and the dashboard list them. */
public final class NationalReturns {

    public static final List<NationalReturn> ALL = List.of(
            new OneRow("discharge-sitrep", "daily acute discharge situation report", ReturnPeriod.Kind.DAY, "1", DischargeSitrep.COLUMNS,
                    DischargeSitrep.NOTES) {
                @Override
                public ReturnTable compute(LogFacts facts, ReturnPeriod period, Instant asKnownAt) {
                    return table(DischargeSitrep.compute(facts, period.first(), asKnownAt));
                }
            },
            new OneRow("drd-timeliness", "monthly discharge-ready-date timeliness", ReturnPeriod.Kind.MONTH, "1", DrdTimeliness.COLUMNS,
                    DrdTimeliness.NOTES) {
                @Override
                public ReturnTable compute(LogFacts facts, ReturnPeriod period, Instant asKnownAt) {
                    return table(DrdTimeliness.compute(facts, java.time.YearMonth.from(period.first()), asKnownAt));
                }
            },
            new BcfQuarterly(),
            new CapacityDemandSheet(),
            new CldReablement(),
            new AscofReablement(),
            new DischargeSitrepWeeklyReasons());

    private NationalReturns() {
    }

    public static Optional<NationalReturn> byName(String name) {
        return ALL.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** A return of one row per request, computed as a {@link ReturnRow}. */
    private abstract static class OneRow extends DescribedReturn {

        OneRow(String name, String title, ReturnPeriod.Kind kind, String layoutVersion, List<ReturnColumn> columns, String notes) {
            super(name, title, kind, layoutVersion, columns, 1, notes);
        }

        ReturnTable table(ReturnRow row) {
            return new ReturnTable(name(), layoutVersion(), row.columns(), List.of(row.values()), List.of(row.sources()));
        }
    }
}
