package org.d2aflow.metrics.infrastructure.streams;

import java.time.Duration;
import java.time.Instant;

/**
 * Recorded-time buckets of the cells (STREAMS.md sections 3 and 4): bucket {@code n} holds the instants recorded from
 * {@code n × size} to {@code (n + 1) × size} after the epoch, exclusive, to the microsecond. The size is configuration
 * ({@code d2a-streams.recorded-bucket}, one UTC day by default); a store written with one size must be read with the same.
 */
public record RecordedBuckets(Duration size) {

    public static final RecordedBuckets DAY = new RecordedBuckets(Duration.ofDays(1));
    private static final long MICRO = 1_000L;

    public RecordedBuckets {
        if (size.isNegative() || size.isZero() || size.toNanos() % MICRO != 0) {
            throw new IllegalArgumentException("a recorded-time bucket must be a positive whole number of microseconds, not " + size);
        }
    }

    private long micros() {
        return size.toNanos() / MICRO;
    }

    /** The bucket of an instant (to the microsecond). */
    public long of(Instant t) {
        return Math.floorDiv(FactLog.micros(t), micros());
    }

    /** The first instant of the bucket. */
    public Instant start(long bucket) {
        return FactLog.instant(Math.multiplyExact(bucket, micros()));
    }

    /** The last microsecond of the bucket: what is known at its end. */
    public Instant end(long bucket) {
        return FactLog.instant(Math.multiplyExact(bucket + 1, micros()) - 1);
    }
}
