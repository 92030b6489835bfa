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

    /**
     * The dashboard's targets: per tile (a figure id, or {@code p1-declined} for capacity-demand's share of P1 referrals declined
     * for capacity), the plan target first ({@code d2a.metrics.targets.*}) then any further ones, with the unit of the value
     * ({@code share}: a fraction; {@code days}) and whether a higher or a lower figure is better.
     */
    @Schema(name = "DashboardTargets")
    public record Targets(List<Target> targets) {
    }

    /** One target of one tile. */
    @Schema(name = "DashboardTarget")
    public record Target(String figure, String name, BigDecimal value, String unit, String better) {
    }

    /** The serving projection's progress, and a rebuild's while one runs (null otherwise). */
    @Schema(name = "ProjectionProgress")
    public record ProjectionProgress(Projection.Status serving, Projection.Status rebuilding) {
    }
}
