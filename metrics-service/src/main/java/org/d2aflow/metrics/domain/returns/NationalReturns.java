package org.d2aflow.metrics.domain.returns;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
            });

    private NationalReturns() {
    }

    public static Optional<NationalReturn> byName(String name) {
        return ALL.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** A return of one row per request, computed as a {@link ReturnRow}. */
    private abstract static class OneRow implements NationalReturn {
        private final String name;
        private final String title;
        private final ReturnPeriod.Kind kind;
        private final String layoutVersion;
        private final List<ReturnColumn> columns;
        private final String notes;

        OneRow(String name, String title, ReturnPeriod.Kind kind, String layoutVersion, List<ReturnColumn> columns, String notes) {
            this.name = name;
            this.title = title;
            this.kind = kind;
            this.layoutVersion = layoutVersion;
            this.columns = columns;
            this.notes = notes;
        }

        ReturnTable table(ReturnRow row) {
            return new ReturnTable(name, layoutVersion, row.columns(), List.of(row.values()), List.of(row.sources()));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String title() {
            return title;
        }

        @Override
        public ReturnPeriod.Kind periodKind() {
            return kind;
        }

        @Override
        public String layoutVersion() {
            return layoutVersion;
        }

        @Override
        public List<ReturnColumn> columns() {
            return columns;
        }

        @Override
        public String notes() {
            return notes;
        }
    }
}
