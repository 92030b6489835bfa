package org.d2aflow.contracts.figures;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import org.d2aflow.contracts.internal.Require;

/**
 * metrics-service published the current value of a figure for one breakdown.
 *
 * <p>The stream id (and compaction key) is {@code figure + "|" + breakdown}, so the topic keeps the latest
 * snapshot of each. {@code value} is deliberately generic JSON (numerator, denominator, rate, drill-down...):
 * its shape belongs to metrics-service. The record keeps its own copy of it; treat it as read-only. Numbers
 * come back from JSON as the smallest fitting node (an int, else a long; decimals as doubles), so compare
 * figure values by number rather than by node class.
 *
 * @param figure      the figure's id, e.g. {@code discharge-to-usual-residence}
 * @param breakdown   the breakdown the value is for, e.g. {@code all} or {@code locality=East}
 * @param periodFrom  first business date of the reporting period, if the figure has one
 * @param periodTo    last business date of the reporting period, if the figure has one
 * @param asKnownAt   only events recorded at or before this instant were counted
 * @param logPosition how far into the log the figure was computed, as given by metrics-service
 * @param value       the figure's value
 */
public record FigureSnapshotPublished(
        String figure,
        String breakdown,
        LocalDate periodFrom,
        LocalDate periodTo,
        Instant asKnownAt,
        long logPosition,
        JsonNode value) implements FigureEvent {

    public static final String TYPE = "d2a.figure.snapshot-published.v1";

    /** Separates figure and breakdown in the stream id. */
    public static final String KEY_SEPARATOR = "|";

    public FigureSnapshotPublished {
        Require.text(figure, "figure");
        Require.text(breakdown, "breakdown");
        if (periodFrom != null && periodTo != null && periodTo.isBefore(periodFrom)) {
            throw new IllegalArgumentException("periodTo " + periodTo + " is before periodFrom " + periodFrom);
        }
        Require.present(asKnownAt, "asKnownAt");
        Require.notNegative(logPosition, "logPosition");
        Require.present(value, "value");
        if (value.isNull() || value.isMissingNode()) {
            throw new NullPointerException("value is required");
        }
        value = value.deepCopy();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String streamId() {
        return figure + KEY_SEPARATOR + breakdown;
    }
}
