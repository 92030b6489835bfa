package org.d2aflow.metrics.domain.cells;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The additive content of one cell, the same shape for every family: named counters and named exact day-value
 * histograms, both sparse (a zero counter and an empty histogram are left out, so two equal values are equal maps).
 * One generic type rather than a record per family keeps one codec and one merge for all; the names are the family's
 * (e.g. {@link DischargeCells}).
 */
public record CellValue(SortedMap<String, Long> counters, SortedMap<String, Histogram> histograms) {

    public static final CellValue ZERO = new CellValue(new TreeMap<>(), new TreeMap<>());

    public CellValue {
        TreeMap<String, Long> c = new TreeMap<>();
        counters.forEach((k, v) -> {
            if (v != 0) {
                c.put(k, v);
            }
        });
        TreeMap<String, Histogram> h = new TreeMap<>();
        histograms.forEach((k, v) -> {
            if (!v.isZero()) {
                h.put(k, v);
            }
        });
        counters = Collections.unmodifiableSortedMap(c);
        histograms = Collections.unmodifiableSortedMap(h);
    }

    /** One case counted under the name. */
    public static CellValue count(String counter) {
        return new CellValue(new TreeMap<>(Map.of(counter, 1L)), new TreeMap<>());
    }

    /** One day value in the named histogram. */
    public static CellValue value(String histogram, int days) {
        return new CellValue(new TreeMap<>(), new TreeMap<>(Map.of(histogram, Histogram.of(days))));
    }

    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    public Histogram histogram(String name) {
        return histograms.getOrDefault(name, Histogram.EMPTY);
    }

    public CellValue plus(CellValue o) {
        TreeMap<String, Long> c = new TreeMap<>(counters);
        o.counters.forEach((k, v) -> c.merge(k, v, Long::sum));
        TreeMap<String, Histogram> h = new TreeMap<>(histograms);
        o.histograms.forEach((k, v) -> h.merge(k, v, Histogram::plus));
        return new CellValue(c, h);
    }

    public CellValue negate() {
        TreeMap<String, Long> c = new TreeMap<>();
        counters.forEach((k, v) -> c.put(k, -v));
        TreeMap<String, Histogram> h = new TreeMap<>();
        histograms.forEach((k, v) -> h.put(k, v.negate()));
        return new CellValue(c, h);
    }

    public boolean isZero() {
        return counters.isEmpty() && histograms.isEmpty();
    }
}
