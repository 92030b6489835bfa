package org.d2aflow.simulator.model;

import java.util.SplittableRandom;

/**
 * The random draws the county model needs, on top of one {@link SplittableRandom}. Everything is computed with
 * {@link StrictMath}, so a seed gives the same county on every JVM.
 */
final class Draws {

    private final SplittableRandom random;

    Draws(SplittableRandom random) {
        this.random = random;
    }

    double uniform() {
        return random.nextDouble();
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** An index drawn with the given (not necessarily normalised) weights. */
    int weighted(double... weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    <T> T pick(T[] values, double[] weights) {
        return values[weighted(weights)];
    }

    /** Standard normal, Box-Muller (one of the pair is thrown away: simplicity over speed). */
    double gaussian() {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    double normal(double mean, double sd) {
        return mean + sd * gaussian();
    }

    /** Log-normal given its median (not its mean) and the standard deviation of its logarithm. */
    double logNormal(double median, double sigma) {
        return median * StrictMath.exp(sigma * gaussian());
    }

    /** Whole days from a log-normal, rounded down, within [min, max]. */
    int days(double median, double sigma, int min, int max) {
        return clamp((int) StrictMath.floor(logNormal(median, sigma)), min, max);
    }

    /** Failures before the first success with success probability 1/(1 + mean): a geometric count with that mean. */
    int geometric(double mean) {
        if (mean <= 0) {
            return 0;
        }
        double p = 1.0 / (1.0 + mean);
        return (int) StrictMath.floor(StrictMath.log(1.0 - random.nextDouble()) / StrictMath.log(1.0 - p));
    }

    /** Poisson count; large means are split into chunks so that e^-mean never underflows. */
    int poisson(double mean) {
        int total = 0;
        double left = mean;
        while (left > 0) {
            double chunk = Math.min(left, 200.0);
            left -= chunk;
            double limit = StrictMath.exp(-chunk);
            double product = random.nextDouble();
            while (product > limit) {
                total++;
                product *= random.nextDouble();
            }
        }
        return total;
    }

    /** Triangular distribution on [low, high] with its peak at mode. */
    double triangular(double low, double mode, double high) {
        double u = random.nextDouble();
        double cut = (mode - low) / (high - low);
        if (u < cut) {
            return low + StrictMath.sqrt(u * (high - low) * (mode - low));
        }
        return high - StrictMath.sqrt((1 - u) * (high - low) * (high - mode));
    }

    int between(int lowInclusive, int highInclusive) {
        return lowInclusive + random.nextInt(highInclusive - lowInclusive + 1);
    }

    static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
