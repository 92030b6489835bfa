package org.d2aflow.metrics.domain.returns;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row of a return: a value (as written in the CSV) for each column, in column order, and for each the subjects of the
 * facts it was computed from ({@code referral:<id>}; empty for a constant cell), as {@link ReturnTable} keeps them.
 */
public record ReturnRow(String name, List<ReturnColumn> columns, List<String> values, List<Set<String>> sources) {

    public ReturnRow {
        if (columns.size() != values.size() || columns.size() != sources.size()) {
            throw new IllegalArgumentException(name + ": " + columns.size() + " columns but " + values.size() + " values and "
                    + sources.size() + " source sets");
        }
        columns = List.copyOf(columns);
        values = List.copyOf(values);
        sources = sources.stream().map(Set::copyOf).toList();
    }

    /** The header line and the row, RFC 4180. */
    public String csv() {
        return Csv.of(columns.stream().map(ReturnColumn::name).toList(), List.of(values));
    }

    /** Column name to value, in column order. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            m.put(columns.get(i).name(), values.get(i));
        }
        return m;
    }
}
