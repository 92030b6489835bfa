package org.d2aflow.metrics.query;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import org.d2aflow.metrics.config.MetricsConfig;
import org.d2aflow.metrics.domain.Clocks;
import org.d2aflow.metrics.domain.EscalationReadings;
import org.d2aflow.metrics.domain.Figure;
import org.d2aflow.metrics.domain.FigureEngine;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.domain.LogFacts;
import org.d2aflow.metrics.domain.cells.FigureAssembler;
import org.d2aflow.metrics.domain.cells.FigureAssemblers;
import org.d2aflow.metrics.infrastructure.Projection;
import org.d2aflow.metrics.infrastructure.ProjectionManager;
import org.d2aflow.metrics.infrastructure.streams.StreamsTopologyProducer;

/**
 * Figures with the service's default period and options filled in. In an instance that serves from Kafka Streams
 * ({@value StreamsTopologyProducer#SWITCH}{@code =true} at start-up, STREAMS.md section 10f), every figure a
 * {@link FigureAssembler} of {@link FigureAssemblers#ALL} answers is read from the cells through the {@link CellPartials}
 * bean (as known now: every bucket; as known at an instant: prefix sum and exact tail), or refused with
 * {@link FiguresUnavailable} (503) until the stores have caught up; the other figures, and everything the caller computes
 * from facts it holds (the live hub, escalations, returns, d2a.figures), come from the heap projection.
 */
@ApplicationScoped
public class FiguresService {

    /** The figures shown as headlines (all-at-once endpoint, SSE, d2a.figures, gauges). */
    public static final List<String> HEADLINES = List.of(FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE, FigureEngine.STILL_AT_HOME_91,
            FigureEngine.LENGTH_OF_STAY, FigureEngine.DISCHARGE_DELAY, FigureEngine.PATHWAY_MIX, FigureEngine.SHORT_TERM_SERVICES,
            FigureEngine.CAPACITY_DEMAND);

    /** The dashboard tile for capacity-demand's share of P1 referrals declined for capacity. */
    public static final String P1_DECLINED = "p1-declined";

    private final FigureEngine engine = new FigureEngine();

    @Inject
    ProjectionManager projections;

    @Inject
    MetricsConfig config;

    @Inject
    Clock clock;

    @ConfigProperty(name = StreamsTopologyProducer.SWITCH, defaultValue = "false")
    boolean servesFromStreams;

    @Inject
    CellPartials partials;

    /** The figures read from cells; null when this instance does not serve from Kafka Streams. */
    private CellFigures cells;

    @PostConstruct
    void init() {
        cells = servesFromStreams ? new CellFigures(FigureAssemblers.ALL, partials) : null;
    }

    /**
     * A figure: from cells when this instance serves from Kafka Streams and an assembler answers the figure, else from the heap
     * projection (always with its drill-down there).
     *
     * @param asKnownNow the request named no instant: the cells read every bucket (the query's instant, now, still sets the
     *                   time-dependent rules)
     * @param drillDown  whether the cells path evaluates the drill-down
     * @throws FiguresUnavailable the stores cannot answer yet
     */
    public Figure compute(String figure, FigureQuery query, boolean asKnownNow, boolean drillDown) {
        if (cells != null && cells.answers(figure)) {
            return asKnownNow ? cells.figureNow(figure, query, drillDown) : cells.figure(figure, query, drillDown);
        }
        return projections.read(facts -> engine.compute(figure, facts, query));
    }

    /** A figure from facts the caller already holds the read lock of. */
    public Figure compute(LogFacts facts, String figure, FigureQuery query) {
        return engine.compute(figure, facts, query);
    }

    /** A query with defaults: as known now, over the rolling headline period ending today. */
    public FigureQuery query(LocalDate from, LocalDate to, Instant asKnownAt, FigureQuery.Breakdown breakdown, Boolean count29,
            Boolean exclude99, LocalDate census, FigureQuery.Granularity granularity) {
        Instant known = asKnownAt != null ? asKnownAt : clock.instant();
        LocalDate end = to != null ? to : FigureQuery.dateOf(known);
        LocalDate start = from != null ? from : end.minusDays(config.headlinePeriodDays() - 1L);
        return new FigureQuery(start, end, known, breakdown,
                new FigureQuery.Options(count29 != null ? count29 : config.count29AsHome(), exclude99 != null ? exclude99 : config.excludeUnknown99()),
                census, granularity);
    }

    /** The headline figures for one query, without drill-downs (from cells where {@link #compute} reads them). */
    public Map<String, Figure> headlines(FigureQuery query, boolean asKnownNow) {
        if (cells == null) {
            return projections.read(facts -> headlines(facts, query));
        }
        Map<String, Figure> out = new LinkedHashMap<>();
        for (String id : HEADLINES) {
            out.put(id, compute(id, query, asKnownNow, false).withoutDrillDown());
        }
        return out;
    }

    /** The headline figures from facts the caller already holds the read lock of. */
    public Map<String, Figure> headlines(LogFacts facts, FigureQuery query) {
        Map<String, Figure> out = new LinkedHashMap<>();
        for (String id : HEADLINES) {
            out.put(id, engine.compute(id, facts, query).withoutDrillDown());
        }
        return out;
    }

    /** The figures escalation triggers watch, from facts the caller already holds the read lock of. */
    public Map<String, Double> escalationReadings(LogFacts facts, Instant asKnownAt) {
        return EscalationReadings.read(engine, facts, asKnownAt);
    }

    /**
     * One bucket of a trend: the figure's headline value with its numerator and denominator; for capacity-demand, which has no
     * headline of its own, the dashboard's tile: the share of P1 referrals declined for capacity.
     */
    private static FigureViews.Point point(LocalDate from, LocalDate to, Figure f) {
        if (FigureEngine.CAPACITY_DEMAND.equals(f.figure()) && f.measures() != null
                && f.measures().get("p1DeclinedForCapacity") instanceof Map<?, ?> p1) {
            return new FigureViews.Point(from, to, (BigDecimal) p1.get("value"), (Long) p1.get("numerator"), (Long) p1.get("denominator"));
        }
        return new FigureViews.Point(from, to, FigureEngine.headline(f), f.numerator(), f.denominator());
    }

    /** Tiles where a lower figure is better: days and the share declined; every other tile is a share where higher is better. */
    private static final Set<String> LOWER_IS_BETTER = Set.of(FigureEngine.LENGTH_OF_STAY, FigureEngine.DISCHARGE_DELAY,
            FigureEngine.SHORT_TERM_SERVICES, P1_DECLINED);
    private static final Set<String> IN_DAYS = Set.of(FigureEngine.LENGTH_OF_STAY, FigureEngine.DISCHARGE_DELAY,
            FigureEngine.SHORT_TERM_SERVICES);

    /** The dashboard's targets from configuration, sorted by tile; per tile the plan target first, then the others by name. */
    public FigureViews.Targets targets() {
        SortedSet<String> tiles = new TreeSet<>(config.targets().keySet());
        tiles.addAll(config.moreTargets().keySet());
        List<FigureViews.Target> out = new ArrayList<>();
        for (String tile : tiles) {
            String unit = IN_DAYS.contains(tile) ? "days" : "share";
            String better = LOWER_IS_BETTER.contains(tile) ? "lower" : "higher";
            String plan = config.targets().get(tile);
            if (plan != null) {
                out.add(new FigureViews.Target(tile, "plan", new BigDecimal(plan.strip()), unit, better));
            }
            new TreeMap<>(config.moreTargets().getOrDefault(tile, Map.of())).forEach((name, value) -> out.add(
                    new FigureViews.Target(tile, name.replace('-', ' '), new BigDecimal(value.strip()), unit, better)));
        }
        return new FigureViews.Targets(out);
    }

    /** Progress of the serving projection and of a rebuild in progress: records read, rate, lag. */
    public FigureViews.ProjectionProgress projections() {
        Projection r = projections.rebuilding();
        return new FigureViews.ProjectionProgress(projections.serving().status(), r == null ? null : r.status());
    }

    /** Starts a rebuild of every figure from offset 0 (the current projection serves until it has caught up); its progress. */
    public Projection.Status rebuild() {
        return projections.rebuild();
    }

    /**
     * The headline value of a figure for consecutive buckets (weeks or months) of a period, with the clocks the buckets were
     * computed with (the same for every bucket: the figure's business date and the one as-known-at instant).
     */
    public FigureViews.Trend trend(String figure, FigureQuery base, String granularity, boolean asKnownNow) {
        List<FigureViews.Point> points = new ArrayList<>();
        Clocks clocks = null;
        LocalDate start = base.from();
        int guard = 0;
        while (!start.isAfter(base.to()) && guard++ < 400) {
            LocalDate end = "month".equals(granularity) ? start.withDayOfMonth(start.lengthOfMonth()) : start.plusDays(6);
            if (end.isAfter(base.to())) {
                end = base.to();
            }
            FigureQuery q = new FigureQuery(start, end, base.asKnownAt(), FigureQuery.Breakdown.NONE, base.options(), end, base.granularity());
            Figure f = compute(figure, q, asKnownNow, false);
            clocks = f.clocks();
            points.add(point(start, end, f));
            start = end.plusDays(1);
        }
        return new FigureViews.Trend(figure, granularity, new Figure.Period(base.from(), base.to()), base.asKnownAt(), clocks, points);
    }
}
