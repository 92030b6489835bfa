package org.d2aflow.metrics.domain.cells;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one entity adds to the cells: a sorted map without zero values. A fact change moves the cells by
 * {@code after.minus(before)}; keys present in both with equal values cancel.
 */
public record Contribution(SortedMap<CellKey, CellValue> cells) {

    public static final Contribution EMPTY = new Contribution(new TreeMap<>());

    public Contribution {
        TreeMap<CellKey, CellValue> m = new TreeMap<>();
        cells.forEach((k, v) -> {
            if (!v.isZero()) {
                m.merge(k, v, CellValue::plus);
            }
        });
        m.values().removeIf(CellValue::isZero);
        cells = Collections.unmodifiableSortedMap(m);
    }

    public boolean isEmpty() {
        return cells.isEmpty();
    }

    public Contribution plus(Contribution o) {
        TreeMap<CellKey, CellValue> m = new TreeMap<>(cells);
        o.cells.forEach((k, v) -> m.merge(k, v, CellValue::plus));
        return new Contribution(m);
    }

    public Contribution negate() {
        TreeMap<CellKey, CellValue> m = new TreeMap<>();
        cells.forEach((k, v) -> m.put(k, v.negate()));
        return new Contribution(m);
    }

    /** This contribution less the one it replaces. */
    public Contribution minus(Contribution before) {
        return plus(before.negate());
    }

    /** Adds this into a mutable cell map, removing cells that become zero. */
    public void addTo(Map<CellKey, CellValue> target) {
        cells.forEach((k, v) -> {
            CellValue sum = target.getOrDefault(k, CellValue.ZERO).plus(v);
            if (sum.isZero()) {
                target.remove(k);
            } else {
                target.put(k, sum);
            }
        });
    }
}
