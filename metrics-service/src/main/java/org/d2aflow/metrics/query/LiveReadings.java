package org.d2aflow.metrics.query;

import java.time.Instant;
import java.util.Map;

/**
 * Fired (CDI event) with every live snapshot of a projection that has caught up: the figures the escalation triggers
 * watch (EscalationReadings), as known at {@code asKnownAt}, and the recorded time of the newest event for freshness.
 */
public record LiveReadings(Instant asKnownAt, Map<String, Double> figures, Instant newestEventRecordedAt) {
}
