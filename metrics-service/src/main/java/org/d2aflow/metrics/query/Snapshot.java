package org.d2aflow.metrics.query;

import java.time.Instant;
import java.util.Map;

import org.d2aflow.metrics.domain.Figure;

/**
 * What the live stream sends: the headline figures, and how fresh they are — the log position they include
 * (next offset per topic partition), the number of distinct events, and the recorded time of the newest one.
 */
public record Snapshot(long sequence, Instant asKnownAt, Map<String, Long> logPosition, long eventsApplied, Instant newestEventRecordedAt,
        String projection, Map<String, String> targets, Map<String, Figure> figures) {
}
