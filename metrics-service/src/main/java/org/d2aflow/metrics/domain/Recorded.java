package org.d2aflow.metrics.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A fact as the log recorded it: when (CloudEvents time, to the microsecond), at which stream version, and what.
 * The recorded time is the second clock of every fact; its business date, if it has one, is inside the value.
 */
public record Recorded<T>(Instant at, long version, T value) {

    public Recorded {
        // PostgreSQL, the APIs and the Kafka header all show microseconds; an older record may carry nanoseconds, and
        // "as known at" the instant it displays must include it.
        at = at.truncatedTo(ChronoUnit.MICROS);
    }

    /** Whether the fact was on the log at the as-known-at instant: recorded at or before it (inclusive). */
    public boolean knownAt(Instant asKnownAt) {
        return !at.isAfter(asKnownAt);
    }
}
