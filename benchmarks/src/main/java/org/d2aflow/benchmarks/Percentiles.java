package org.d2aflow.benchmarks;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a sample: the value at rank ceil(p/100 * n) of the sorted sample, so every
 * reported percentile is a latency that was actually observed (no interpolation between two requests).
 */
final class Percentiles {

    private final long[] sorted;

    Percentiles(long[] sample) {
        this.sorted = sample.clone();
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /** The p-th percentile, 0 < p <= 100; fails on an empty sample, where no percentile exists. */
    long at(double p) {
        if (sorted.length == 0) {
            throw new IllegalStateException("no observations");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    double mean() {
        if (sorted.length == 0) {
            throw new IllegalStateException("no observations");
        }
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return sum / sorted.length;
    }

    long max() {
        return sorted[sorted.length - 1];
    }
}
