package org.d2aflow.metrics.domain.cells;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

import org.d2aflow.metrics.domain.Stats;

/**
 * An exact, sparse histogram of whole-day values ({@code day value -> how many}), additive so that a period's values are
 * the sum of its days'. Counts may be negative inside a delta (a contribution taken away); a summary needs none.
 */
public final class Histogram {

    public static final Histogram EMPTY = new Histogram(new TreeMap<>());

    private final NavigableMap<Integer, Long> counts;

    private Histogram(TreeMap<Integer, Long> counts) {
        this.counts = Collections.unmodifiableNavigableMap(counts);
    }

    public static Histogram of(int value) {
        TreeMap<Integer, Long> m = new TreeMap<>();
        m.put(value, 1L);
        return new Histogram(m);
    }

    /** A histogram of the given values, each counted once per occurrence. */
    public static Histogram ofValues(Iterable<Integer> values) {
        TreeMap<Integer, Long> m = new TreeMap<>();
        values.forEach(v -> m.merge(v, 1L, Long::sum));
        return new Histogram(m);
    }

    /** A histogram of the given counts per value (zero counts left out). */
    public static Histogram ofCounts(Map<Integer, Long> counts) {
        TreeMap<Integer, Long> m = new TreeMap<>();
        counts.forEach((value, n) -> {
            if (n != 0) {
                m.put(value, n);
            }
        });
        return new Histogram(m);
    }

    /** Ascending value → count, without zero counts. */
    public NavigableMap<Integer, Long> counts() {
        return counts;
    }

    public Histogram plus(Histogram o) {
        if (o.counts.isEmpty()) {
            return this;
        }
        TreeMap<Integer, Long> m = new TreeMap<>(counts);
        o.counts.forEach((k, v) -> {
            long sum = m.getOrDefault(k, 0L) + v;
            if (sum == 0) {
                m.remove(k);
            } else {
                m.put(k, sum);
            }
        });
        return new Histogram(m);
    }

    public Histogram negate() {
        TreeMap<Integer, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, -v));
        return new Histogram(m);
    }

    public boolean isZero() {
        return counts.isEmpty();
    }

    /** How many values (the sum of the counts). */
    public long count() {
        long n = 0;
        for (long c : counts.values()) {
            n += c;
        }
        return n;
    }

    /** The sum of the values. */
    public long sum() {
        long s = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            s += e.getKey() * e.getValue();
        }
        return s;
    }

    /** How many values satisfy the test. */
    public long countWhere(IntPredicate test) {
        long n = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            if (test.test(e.getKey())) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** Count, mean, median, p90, min and max, exactly as {@link Stats#summary(java.util.List)} of the values counted. */
    public Stats.Summary summary() {
        return Stats.summary(counts);
    }

    /**
     * The values that pass the test, each read as {@code value.applyAsInt(v)} with its count (counts of values read alike are
     * added): e.g. admission days read as days in hospital by a census day.
     */
    public Histogram mapped(IntPredicate keep, IntUnaryOperator value) {
        TreeMap<Integer, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> {
            if (keep.test(k)) {
                m.merge(value.applyAsInt(k), v, Long::sum);
            }
        });
        m.values().removeIf(c -> c == 0);
        return new Histogram(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && counts.equals(h.counts);
    }

    @Override
    public int hashCode() {
        return counts.hashCode();
    }

    @Override
    public String toString() {
        return counts.toString();
    }
}
