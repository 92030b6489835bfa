package org.d2aflow.metrics.domain.returns;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.d2aflow.metrics.domain.LogFacts;
import org.d2aflow.metrics.domain.LoggedFact;

/**
 * The revision report between two submissions of one return and period: both tables recomputed, rows matched by the
 * return's key columns, every cell that differs (rows added or removed give a change for each of their other cells), and for
 * each change the facts recorded after the first submission's as-known-at and at or before the second's about the cell's
 * sources (the union of both tables' sources for that cell). Pure: the same facts and submissions give the same report.
 */
public final class Revisions {

    /** What happened to a cell. */
    public enum Kind {
        CHANGED, ROW_ADDED, ROW_REMOVED
    }

    /** One fact behind a change. */
    public record Fact(String type, String subject, LocalDate businessDate, Instant recordedAt, String eventId) {
    }

    /** One changed cell: its row (key column to value), column, values before and after (null where the row was absent). */
    public record Change(Map<String, String> row, String column, Kind kind, String oldValue, String newValue, List<String> sources,
            List<Fact> facts) {
    }

    private Revisions() {
    }

    /** The changes from {@code from} to {@code to}, in the order of the rows (the first table's, then the added ones) and columns. */
    public static List<Change> between(NationalReturn r, ReturnTable from, ReturnTable to, LogFacts facts, Instant after, Instant upTo) {
        int keys = Math.max(1, r.keyColumns());
        Map<List<String>, Integer> before = index(from, keys);
        Map<List<String>, Integer> now = index(to, keys);
        List<List<String>> order = new ArrayList<>(before.keySet());
        now.keySet().stream().filter(k -> !before.containsKey(k)).forEach(order::add);
        List<Change> out = new ArrayList<>();
        for (List<String> key : order) {
            Integer i = before.get(key);
            Integer j = now.get(key);
            Kind kind = i == null ? Kind.ROW_ADDED : j == null ? Kind.ROW_REMOVED : Kind.CHANGED;
            for (int c = keys; c < from.columns().size(); c++) {
                String old = i == null ? null : from.rows().get(i).get(c);
                String neu = j == null ? null : to.rows().get(j).get(c);
                if (kind == Kind.CHANGED && old.equals(neu)) {
                    continue;
                }
                Set<String> sources = new TreeSet<>();
                if (i != null) {
                    sources.addAll(from.sources().get(i).get(c));
                }
                if (j != null) {
                    sources.addAll(to.sources().get(j).get(c));
                }
                List<Fact> behind = facts.factsAbout(sources, after, upTo).stream().map(s -> fact(s.subject(), s.fact())).toList();
                out.add(new Change(rowKey(from, key), from.columns().get(c).name(), kind, old, neu, List.copyOf(sources), behind));
            }
        }
        return out;
    }

    /** The report as CSV: one line per change and fact behind it (a change with no fact known has one line, fact fields empty). */
    public static String csv(List<Change> changes) {
        List<List<String>> rows = new ArrayList<>();
        for (Change c : changes) {
            String row = String.join(" | ", c.row().values());
            List<Fact> facts = c.facts().isEmpty() ? java.util.Collections.singletonList(null) : c.facts();
            for (Fact f : facts) {
                rows.add(List.of(row, c.column(), c.kind().name().toLowerCase().replace('_', '-'), orEmpty(c.oldValue()), orEmpty(c.newValue()),
                        f == null ? "" : f.type(), f == null ? "" : f.subject(), f == null || f.businessDate() == null ? "" : f.businessDate().toString(),
                        f == null ? "" : f.recordedAt().toString(), f == null ? "" : f.eventId()));
            }
        }
        return Csv.of(List.of("Row", "Column", "Change", "Old value", "New value", "Fact type", "Subject", "Business date", "Recorded at",
                "Event id"), rows);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static Fact fact(String subject, LoggedFact f) {
        return new Fact(f.type(), subject, f.businessDate(), f.recordedAt(), f.eventId());
    }

    private static Map<List<String>, Integer> index(ReturnTable t, int keys) {
        Map<List<String>, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < t.rows().size(); i++) {
            m.putIfAbsent(t.rows().get(i).subList(0, keys), i);
        }
        return m;
    }

    private static Map<String, String> rowKey(ReturnTable t, List<String> key) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int c = 0; c < key.size(); c++) {
            m.put(t.columns().get(c).name(), key.get(c));
        }
        return m;
    }
}
