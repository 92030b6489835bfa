package org.d2aflow.metrics.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.d2aflow.metrics.domain.Clocks;
import org.d2aflow.metrics.domain.Figure;
import org.d2aflow.metrics.infrastructure.Projection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answers of the figures API besides a figure itself, as records: their JSON is the published contract. */
public final class FigureViews {

    private FigureViews() {
    }

    /** The referral ids behind a figure, with the period and clocks it was computed with. */
    @Schema(name = "FigureDrillDown")
    public record DrillDown(String figure, Figure.Period period, Instant asKnownAt, Clocks clocks, Long numerator, Long denominator,
            Figure.DrillDown referrals) {

        public static DrillDown of(Figure f) {
            return new DrillDown(f.figure(), f.period(), f.asKnownAt(), f.clocks(), f.numerator(), f.denominator(), f.drillDown());
        }
    }

    /** A figure's headline value bucket by bucket (weeks or months); the clocks are the same for every point. */
    @Schema(name = "FigureTrend")
    public record Trend(String figure, String granularity, Figure.Period period, Instant asKnownAt, Clocks clocks, List<Point> points) {
    }

    /** One bucket of a trend. */
    @Schema(name = "TrendPoint")
    public record Point(LocalDate from, LocalDate to, BigDecimal value, Long numerator, Long denominator) {
    }

    /** The serving projection's progress, and a rebuild's while one runs (null otherwise). */
    @Schema(name = "ProjectionProgress")
    public record ProjectionProgress(Projection.Status serving, Projection.Status rebuilding) {
    }
}
