package org.d2aflow.metrics.domain.returns;

import java.util.List;

import org.d2aflow.kit.domain.ReturnPeriod;

/** A return whose description (name, title, period kind, layout, columns, key columns and notes) is fixed at construction. */
abstract class DescribedReturn implements NationalReturn {

    private final String name;
    private final String title;
    private final ReturnPeriod.Kind periodKind;
    private final String layoutVersion;
    private final List<ReturnColumn> columns;
    private final int keyColumns;
    private final String notes;

    DescribedReturn(String name, String title, ReturnPeriod.Kind periodKind, String layoutVersion, List<ReturnColumn> columns,
            int keyColumns, String notes) {
        this.name = name;
        this.title = title;
        this.periodKind = periodKind;
        this.layoutVersion = layoutVersion;
        this.columns = List.copyOf(columns);
        this.keyColumns = keyColumns;
        this.notes = notes;
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
        return periodKind;
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
    public int keyColumns() {
        return keyColumns;
    }

    @Override
    public String notes() {
        return notes;
    }
}
