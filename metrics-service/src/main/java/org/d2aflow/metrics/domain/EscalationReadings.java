package org.d2aflow.metrics.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;

/**
 * The live figures escalation triggers watch, read from the projection as known at one instant, on that instant's
 * London date. Each is a number where more is worse; a figure that cannot be read (no Home First capacity declared) is
 * absent.
 */
public final class EscalationReadings {

    /** Patients in hospital past their discharge ready date (delay-census count). */
    public static final String PAST_DISCHARGE_READY_DATE = "past-discharge-ready-date";
    /** People decided P1 (Home First) waiting for a service today (capacity-demand's waiting list, P1 service types). */
    public static final String HOME_FIRST_WAITING_LIST = "home-first-waiting-list";
    /** Days the longest of them has waited. */
    public static final String HOME_FIRST_OLDEST_WAIT_DAYS = "home-first-oldest-wait-days";
    /** Occupied share of the declared Home First units today (a fraction; 1.0 = full). */
    public static final String HOME_FIRST_UTILISATION = "home-first-utilisation";
    /** Patients in hospital for 7 days or more (length-of-stay census, "stranded"). */
    public static final String STRANDED = "stranded";
    /** Minutes since the newest event in the log was recorded. */
    public static final String FRESHNESS_MINUTES = "freshness-minutes";

    /** Every trigger figure, in the order shown. */
    public static final List<String> ALL = List.of(PAST_DISCHARGE_READY_DATE, HOME_FIRST_WAITING_LIST, HOME_FIRST_OLDEST_WAIT_DAYS,
            HOME_FIRST_UTILISATION, STRANDED, FRESHNESS_MINUTES);

    private EscalationReadings() {
    }

    /** The figures that come from the projection (all but freshness), as known at {@code at}, on its London date. */
    public static Map<String, Double> read(FigureEngine engine, LogFacts facts, Instant at) {
        LocalDate today = FigureQuery.dateOf(at);
        FigureQuery.Options options = new FigureQuery.Options(false, false);
        FigureQuery census = new FigureQuery(today, today, at, FigureQuery.Breakdown.NONE, options, today, FigureQuery.Granularity.DAY);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(PAST_DISCHARGE_READY_DATE, number(engine.compute(FigureEngine.DELAY_CENSUS, facts, census).measures().get("count")));
        out.put(STRANDED, number(engine.compute(FigureEngine.LENGTH_OF_STAY_CENSUS, facts, census).measures().get("atLeast7")));
        Map<String, Object> capacity = engine.compute(FigureEngine.CAPACITY_DEMAND, facts, census).measures();
        long waiting = 0;
        long oldest = 0;
        for (Object o : (List<?>) capacity.get("waitingList")) {
            Map<?, ?> row = (Map<?, ?>) o;
            if (homeFirst(row.get("serviceType"))) {
                waiting += ((Number) row.get("size")).longValue();
                oldest = Math.max(oldest, ((Number) row.get("oldestDaysWaiting")).longValue());
            }
        }
        out.put(HOME_FIRST_WAITING_LIST, (double) waiting);
        out.put(HOME_FIRST_OLDEST_WAIT_DAYS, (double) oldest);
        long units = 0;
        long occupied = 0;
        for (Object o : (List<?>) capacity.get("services")) {
            Map<?, ?> service = (Map<?, ?>) o;
            if (homeFirst(service.get("serviceType"))) {
                for (Object day : (List<?>) service.get("series")) {
                    units += ((Number) ((Map<?, ?>) day).get("units")).longValue();
                    occupied += ((Number) ((Map<?, ?>) day).get("occupied")).longValue();
                }
            }
        }
        if (units > 0) {
            out.put(HOME_FIRST_UTILISATION, BigDecimal.valueOf(occupied).divide(BigDecimal.valueOf(units), 4, java.math.RoundingMode.HALF_EVEN)
                    .doubleValue());
        }
        return out;
    }

    /** Whole minutes from the newest recorded event to {@code now}; null when the log is empty. */
    public static Double freshnessMinutes(Instant newestRecordedAt, Instant now) {
        if (newestRecordedAt == null) {
            return null;
        }
        return (double) Math.max(0, Duration.between(newestRecordedAt, now).toMinutes());
    }

    private static boolean homeFirst(Object serviceType) {
        return serviceType != null && ServiceType.valueOf(serviceType.toString()).pathway() == Pathway.P1;
    }

    private static double number(Object value) {
        return value == null ? 0 : ((Number) value).doubleValue();
    }
}
