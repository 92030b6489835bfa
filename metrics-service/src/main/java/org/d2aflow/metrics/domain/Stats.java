package org.d2aflow.metrics.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** Summary statistics with fixed rounding, so the same inputs always print the same digits. */
public final class Stats {

    private Stats() {
    }

    /** count, mean, median, 90th percentile (nearest rank), min and max of whole-day values. */
    public record Summary(long count, BigDecimal mean, BigDecimal median, Integer p90, Integer min, Integer max) {
    }

    public static Summary summary(List<Integer> values) {
        if (values.isEmpty()) {
            return new Summary(0, null, null, null, null, null);
        }
        List<Integer> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        long sum = 0;
        for (int v : sorted) {
            sum += v;
        }
        BigDecimal median = n % 2 == 1
                ? BigDecimal.valueOf(sorted.get(n / 2)).setScale(1, RoundingMode.HALF_EVEN)
                : BigDecimal.valueOf((long) sorted.get(n / 2 - 1) + sorted.get(n / 2)).divide(BigDecimal.valueOf(2), 1, RoundingMode.HALF_EVEN);
        int rank = (int) Math.ceil(0.9 * n);
        return new Summary(n, mean(sum, n), median, sorted.get(Math.max(0, rank - 1)), sorted.get(0), sorted.get(n - 1));
    }

    /**
     * The same summary over a histogram of whole-day values (value → how many, ascending), as the cells keep them: the same
     * count, mean, median (mean of the two middle values), nearest-rank p90, min and max as {@link #summary(List)} of the
     * values it counts, without listing them. Counts must not be negative.
     */
    public static Summary summary(SortedMap<Integer, Long> histogram) {
        long count = 0;
        long sum = 0;
        for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("negative count " + e.getValue() + " of value " + e.getKey());
            }
            count += e.getValue();
            sum += (long) e.getKey() * e.getValue();
        }
        if (count == 0) {
            return new Summary(0, null, null, null, null, null);
        }
        int n = Math.toIntExact(count);
        BigDecimal median = n % 2 == 1
                ? BigDecimal.valueOf(valueAtRank(histogram, n / 2)).setScale(1, RoundingMode.HALF_EVEN)
                : BigDecimal.valueOf((long) valueAtRank(histogram, n / 2 - 1) + valueAtRank(histogram, n / 2))
                        .divide(BigDecimal.valueOf(2), 1, RoundingMode.HALF_EVEN);
        int rank = (int) Math.ceil(0.9 * n);
        return new Summary(n, mean(sum, n), median, valueAtRank(histogram, Math.max(0, rank - 1)), valueAtRank(histogram, 0),
                valueAtRank(histogram, n - 1));
    }

    /** The value at a 0-based position of the ascending order of the values a histogram counts. */
    private static int valueAtRank(SortedMap<Integer, Long> histogram, long rank) {
        long seen = 0;
        for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
            seen += e.getValue();
            if (rank < seen) {
                return e.getKey();
            }
        }
        throw new IndexOutOfBoundsException("rank " + rank + " of " + seen);
    }

    public static BigDecimal mean(long sum, long count) {
        return count == 0 ? null : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_EVEN);
    }

    /** A share as a fraction with four decimals; null when the denominator is zero. */
    public static BigDecimal ratio(long numerator, long denominator) {
        return denominator == 0 ? null
                : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_EVEN);
    }
}
