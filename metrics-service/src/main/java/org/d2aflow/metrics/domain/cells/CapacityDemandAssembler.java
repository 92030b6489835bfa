package org.d2aflow.metrics.domain.cells;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.d2aflow.metrics.domain.Clocks;
import org.d2aflow.metrics.domain.Figure;
import org.d2aflow.metrics.domain.FigureQuery;
import org.d2aflow.metrics.domain.Stats;

/**
 * capacity-demand from cells of both sides (STREAMS.md section 10d): the per-service series from {@link Family#SERVICE_DAY}
 * (the running sums of units and occupancy over the service's days up to the series' last, so no claim is read), the
 * registration from the service's registry cell, the waiting list on the census date from {@link Family#WAITING} (waits
 * started by it and not ended by it), the P1 share from {@link Family#DECISION} and the Home First share from
 * {@link Family#PLACEMENT_END}. One cell map holds every family, as the merged partials of R and S will. Definitions: METRICS.md
 * section 6.
 */
public final class CapacityDemandAssembler implements FigureAssembler {

    public static final String CAPACITY_DEMAND = "capacity-demand";

    private static final int MAX_SERIES_DAYS = 366;

    @Override
    public List<String> figures() {
        return List.of(CAPACITY_DEMAND);
    }

    @Override
    public Family family() {
        return Family.SERVICE_DAY;
    }

    @Override
    public List<Family> families() {
        return List.of(Family.SERVICE_DAY, Family.DECISION, Family.PLACEMENT_END, Family.WAITING);
    }

    @Override
    public List<Family> memberFamilies() {
        return List.of(Family.DECISION, Family.PLACEMENT_END);
    }

    @Override
    public Figure assemble(String figure, FigureQuery q, Map<CellKey, CellValue> cells, Map<String, Contribution> candidates) {
        if (!CAPACITY_DEMAND.equals(figure)) {
            throw new IllegalArgumentException("Not capacity-demand: " + figure);
        }
        Instant at = q.asKnownAt();
        LocalDate from = q.from();
        LocalDate to = q.to().isAfter(from.plusDays(MAX_SERIES_DAYS - 1)) ? from.plusDays(MAX_SERIES_DAYS - 1) : q.to();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("granularity", q.granularity().name().toLowerCase());
        m.put("services", services(cells, q, from, to));
        m.put("waitingList", waitingList(cells, q.censusDate()));
        CellValue decided = sum(cells, q, Family.DECISION);
        CellValue ended = sum(cells, q, Family.PLACEMENT_END);
        m.put("p1DeclinedForCapacity", ratioMap(decided.counter(DecisionCells.P1_DECLINED), decided.counter(DecisionCells.P1_DECIDED)));
        m.put("homeFirstEndedWithNoOngoingSupport", ratioMap(ended.counter(PlacementEndCells.HOME_FIRST_NO_ONGOING_SUPPORT),
                ended.counter(PlacementEndCells.HOME_FIRST_ENDED)));
        return new Figure(CAPACITY_DEMAND, "Capacity and demand", null, new Figure.Period(from, to), at, q.censusDate(),
                Clocks.of(Clocks.CAPACITY_PERIOD, Clocks.WAITING_LIST_CENSUS, at), null, null, null, null, m, null, null, null,
                drillDown(q, candidates));
    }

    // --- service side ------------------------------------------------------------------------------------------------

    /** Each service registered as known then, in service id order, with its series over the (capped) period. */
    private static List<Map<String, Object>> services(Map<CellKey, CellValue> cells, FigureQuery q, LocalDate from, LocalDate to) {
        TreeMap<String, TreeMap<LocalDate, CellValue>> byService = new TreeMap<>();
        cells.forEach((k, v) -> {
            if (k.family() == Family.SERVICE_DAY && k.dimension() == Dimension.NONE && !k.businessDay().isAfter(to)) {
                byService.computeIfAbsent(k.group(), s -> new TreeMap<>()).merge(k.businessDay(), v, CellValue::plus);
            }
        });
        List<Map<String, Object>> services = new ArrayList<>();
        byService.forEach((serviceId, days) -> {
            CellValue registry = days.getOrDefault(ServiceContributions.REGISTRY_DAY, CellValue.ZERO);
            String name = registered(registry, ServiceContributions.NAME);
            if (name == null) {
                return; // not registered as known then
            }
            Map<String, Object> svc = new LinkedHashMap<>();
            svc.put("serviceId", serviceId);
            svc.put("name", name);
            svc.put("serviceType", registered(registry, ServiceContributions.SERVICE_TYPE));
            svc.put("locality", registered(registry, ServiceContributions.LOCALITY));
            svc.put("unit", registered(registry, ServiceContributions.UNIT));
            svc.put("series", series(days, q, from, to));
            services.add(svc);
        });
        return services;
    }

    /** The value of a registration field: the one counter of that field (null when there is none). */
    private static String registered(CellValue registry, String field) {
        String prefix = ServiceContributions.registered(field, "");
        for (Map.Entry<String, Long> e : registry.counters().tailMap(prefix).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            if (e.getValue() > 0) {
                return e.getKey().substring(prefix.length());
            }
        }
        return null;
    }

    /** Day rows, or ISO-week rows of means and sums: units and occupancy are the running sums of their changes. */
    private static List<Map<String, Object>> series(NavigableMap<LocalDate, CellValue> days, FigureQuery q, LocalDate from, LocalDate to) {
        long units = 0;
        long occupied = 0;
        for (CellValue v : days.headMap(from, false).values()) {
            units += v.counter(ServiceContributions.UNITS);
            occupied += v.counter(ServiceContributions.OCCUPIED);
        }
        List<Map<String, Object>> series = new ArrayList<>();
        Map<String, long[]> weeks = new TreeMap<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            CellValue v = days.getOrDefault(day, CellValue.ZERO);
            units += v.counter(ServiceContributions.UNITS);
            occupied += v.counter(ServiceContributions.OCCUPIED);
            long newClaims = v.counter(ServiceContributions.NEW_CLAIMS);
            long declines = v.counter(ServiceContributions.DECLINES);
            if (q.granularity() == FigureQuery.Granularity.DAY) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("date", day.toString());
                row.put("units", units);
                row.put("occupied", occupied);
                row.put("free", Math.max(0, units - occupied));
                row.put("utilisation", Stats.ratio(occupied, units));
                row.put("newClaims", newClaims);
                row.put("declines", declines);
                series.add(row);
            } else {
                String week = day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                long[] w = weeks.computeIfAbsent(week, k -> new long[5]);
                w[0] += units;
                w[1] += occupied;
                w[2] += newClaims;
                w[3] += declines;
                w[4]++;
            }
        }
        weeks.forEach((week, w) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("week", week);
            row.put("days", w[4]);
            row.put("meanUnits", Stats.mean(w[0], w[4]));
            row.put("meanOccupied", Stats.mean(w[1], w[4]));
            row.put("utilisation", Stats.ratio(w[1], w[0]));
            row.put("newClaims", w[2]);
            row.put("declines", w[3]);
            series.add(row);
        });
        return series;
    }

    // --- referral side -----------------------------------------------------------------------------------------------

    /** Per service type × locality, the waits started on or before the census day and not ended by it: how many, and the oldest. */
    private static List<Map<String, Object>> waitingList(Map<CellKey, CellValue> cells, LocalDate census) {
        TreeMap<String, long[]> groups = new TreeMap<>(); // {size, earliest start as epoch day}
        cells.forEach((k, v) -> {
            if (k.family() == Family.WAITING && !k.businessDay().isAfter(census) && (k.endDay() == null || k.endDay().isAfter(census))) {
                long n = v.counter(WaitingCells.WAITING);
                if (n > 0) {
                    long[] g = groups.computeIfAbsent(k.group(), x -> new long[] {0, Long.MAX_VALUE});
                    g[0] += n;
                    g[1] = Math.min(g[1], k.businessDay().toEpochDay());
                }
            }
        });
        List<Map<String, Object>> out = new ArrayList<>();
        groups.forEach((k, g) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("serviceType", k.substring(0, k.indexOf('|')));
            row.put("locality", k.substring(k.indexOf('|') + 1));
            row.put("size", g[0]);
            row.put("oldestDaysWaiting", (int) (census.toEpochDay() - g[1]));
            out.add(row);
        });
        return out;
    }

    /**
     * A family's {@link Dimension#NONE} cells of the period: the single-day cells dated in it, and the cells that span two days
     * (the Home First pairs) when both days are in it.
     */
    private static CellValue sum(Map<CellKey, CellValue> cells, FigureQuery q, Family family) {
        CellValue sum = CellValue.ZERO;
        for (Map.Entry<CellKey, CellValue> e : cells.entrySet()) {
            CellKey k = e.getKey();
            if (k.family() == family && k.dimension() == Dimension.NONE && q.inPeriod(k.businessDay())
                    && (k.endDay() == null || q.inPeriod(k.endDay()))) {
                sum = sum.plus(e.getValue());
            }
        }
        return sum;
    }

    private static Map<String, Object> ratioMap(long numerator, long denominator) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("numerator", numerator);
        m.put("denominator", denominator);
        m.put("value", Stats.ratio(numerator, denominator));
        return m;
    }

    /** The four lists, each of the candidates whose own cells of the period count them there. Null without candidates. */
    private static Figure.DrillDown drillDown(FigureQuery q, Map<String, Contribution> candidates) {
        if (candidates == null) {
            return null;
        }
        Map<String, TreeSet<String>> lists = new LinkedHashMap<>();
        for (String list : List.of(DecisionCells.P1_DECLINED, DecisionCells.P1_DECIDED, PlacementEndCells.HOME_FIRST_NO_ONGOING_SUPPORT,
                PlacementEndCells.HOME_FIRST_ENDED)) {
            lists.put(list, new TreeSet<>());
        }
        candidates.forEach((id, c) -> {
            CellValue own = sum(c.cells(), q, Family.DECISION).plus(sum(c.cells(), q, Family.PLACEMENT_END));
            lists.forEach((list, ids) -> {
                if (own.counter(list) > 0) {
                    ids.add(id);
                }
            });
        });
        Map<String, List<String>> other = new LinkedHashMap<>();
        lists.forEach((k, v) -> other.put(k, List.copyOf(v)));
        return new Figure.DrillDown(null, null, other);
    }
}
