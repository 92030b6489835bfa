package org.d2aflow.metrics.domain;

import java.time.Instant;

/** A fact as the log recorded it: when (CloudEvents time), at which stream version, and what. */
public record Recorded<T>(Instant at, long version, T value) {

    /** Whether the fact was on the log at the as-known-at instant. */
    public boolean knownAt(Instant asKnownAt) {
        return !at.isAfter(asKnownAt);
    }
}
