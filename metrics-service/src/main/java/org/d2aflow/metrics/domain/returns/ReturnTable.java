package org.d2aflow.metrics.domain.returns;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A return as computed: its columns, its rows (each value as written in the CSV) and, for every cell, the subjects of the
 * facts it was computed from ({@code referral:<id>} or {@code service:<id>}), so a revision report can name the facts
 * that changed a cell. A constant cell (a date, a label) has no subjects.
 */
public record ReturnTable(String name, String layoutVersion, List<ReturnColumn> columns, List<List<String>> rows,
        List<List<Set<String>>> sources) {

    public ReturnTable {
        if (rows.size() != sources.size()) {
            throw new IllegalArgumentException(name + ": " + rows.size() + " rows but sources for " + sources.size());
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).size() != columns.size() || sources.get(i).size() != columns.size()) {
                throw new IllegalArgumentException(name + ": row " + (i + 1) + " has " + rows.get(i).size() + " values and "
                        + sources.get(i).size() + " source sets for " + columns.size() + " columns");
            }
        }
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        sources = sources.stream().map(r -> r.stream().map(Set::copyOf).toList()).toList();
    }

    /** A table whose cells' sources are not tracked (each an empty set). */
    public static ReturnTable withoutSources(String name, String layoutVersion, List<ReturnColumn> columns, List<List<String>> rows) {
        List<List<Set<String>>> none = new ArrayList<>();
        rows.forEach(r -> none.add(r.stream().map(v -> Set.<String>of()).toList()));
        return new ReturnTable(name, layoutVersion, columns, rows, none);
    }

    /** The header line and the rows, RFC 4180 with CRLF line ends. */
    public String csv() {
        return Csv.of(columns.stream().map(ReturnColumn::name).toList(), rows);
    }

    /** Each row as column name to value, in column order. */
    public List<Map<String, String>> asMaps() {
        List<Map<String, String>> out = new ArrayList<>();
        for (List<String> row : rows) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                m.put(columns.get(i).name(), row.get(i));
            }
            out.add(m);
        }
        return out;
    }
}
