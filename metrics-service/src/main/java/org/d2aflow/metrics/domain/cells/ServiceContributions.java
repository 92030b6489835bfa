package org.d2aflow.metrics.domain.cells;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.d2aflow.metrics.domain.Recorded;
import org.d2aflow.metrics.domain.ServiceFacts;
import org.d2aflow.metrics.domain.ServiceFacts.ClaimMade;
import org.d2aflow.metrics.domain.ServiceFacts.Registration;
import org.d2aflow.metrics.domain.ServiceFacts.ServiceDecline;

/**
 * What one care service adds to the {@link Family#SERVICE_DAY} cells, from its facts known at an instant (STREAMS.md
 * sections 2 and 10d): the service side of capacity-demand. Every cell is the service's own ({@link Dimension#NONE}, group =
 * service id), so a series is read from that service's cells alone and never from its claims:
 * <ul>
 * <li>on a day: {@code units} (the change of the units in force from that day, so units on a day are the running sum),
 * {@code occupied} (+1 on a claim's start date, −1 on its release date when that is after the start; a claim released
 * on or before its start never occupies), {@code newClaims} (claims starting that day) and {@code declines} (dated that
 * day);</li>
 * <li>on {@link #REGISTRY_DAY}: the registration, one counter per field ({@code registered.name=<name>}, ...), so that
 * name, type, locality and unit come with the cells, as known at the instant, and a re-registration moves them (−1/+1).</li>
 * </ul>
 * Written again from METRICS.md section 6 and the reference's loop ({@code FigureEngine.capacityDemand}), with today's
 * {@link ServiceFacts} known-at reads.
 */
public final class ServiceContributions {

    /** The change of the units in force from the cell's day (the latest capacity from-date on or before a day counts). */
    public static final String UNITS = "units";
    /** The change of the claims occupying a unit from the cell's day. */
    public static final String OCCUPIED = "occupied";
    /** Claims starting on the cell's day. */
    public static final String NEW_CLAIMS = "newClaims";
    /** Declines dated on the cell's day. */
    public static final String DECLINES = "declines";
    /** Prefix of the registration counters: {@code registered.<field>=<value>}, one each, on {@link #REGISTRY_DAY}. */
    public static final String REGISTERED_PREFIX = "registered.";
    public static final String NAME = "name";
    public static final String SERVICE_TYPE = "serviceType";
    public static final String LOCALITY = "locality";
    public static final String UNIT = "unit";
    /**
     * The day of the registration cell: a registration has no business date, and this one sorts before every day, so the
     * scan of a service's cells up to a series' last day (which the running sums need anyway) reads it.
     */
    public static final LocalDate REGISTRY_DAY = LocalDate.of(1, 1, 1);

    private ServiceContributions() {
    }

    public static String registered(String field, String value) {
        return REGISTERED_PREFIX + field + "=" + value;
    }

    /** What the service adds to the SERVICE_DAY cells as known at the instant; empty when nothing of it is known then. */
    public static Contribution of(ServiceFacts s, Instant at) {
        TreeMap<CellKey, CellValue> cells = new TreeMap<>();
        Optional<Registration> reg = s.registrationAt(at);
        if (reg.isPresent()) {
            CellValue v = CellValue.count(registered(NAME, reg.get().name()))
                    .plus(CellValue.count(registered(SERVICE_TYPE, reg.get().serviceType().name())))
                    .plus(CellValue.count(registered(LOCALITY, reg.get().locality())))
                    .plus(CellValue.count(registered(UNIT, reg.get().unit().name())));
            add(cells, s, REGISTRY_DAY, v);
        }
        // units: the step function of the changes known then, as the change of its value on each from-date
        TreeSet<LocalDate> fromDates = new TreeSet<>();
        s.capacityAt(at).forEach(c -> fromDates.add(c.value().fromDate()));
        long previous = 0;
        for (LocalDate from : fromDates) {
            long units = s.unitsOn(from, at);
            add(cells, s, from, counter(UNITS, units - previous));
            previous = units;
        }
        for (Recorded<ClaimMade> c : s.claimsAt(at)) {
            LocalDate start = c.value().startDate();
            add(cells, s, start, CellValue.count(NEW_CLAIMS));
            Optional<LocalDate> released = s.releasedOnAt(c.value().claimId(), at);
            if (released.isEmpty() || released.get().isAfter(start)) {
                add(cells, s, start, CellValue.count(OCCUPIED));
                released.ifPresent(r -> add(cells, s, r, CellValue.count(OCCUPIED).negate()));
            }
        }
        for (Recorded<ServiceDecline> d : s.declinesAt(at)) {
            add(cells, s, d.value().declinedOn(), CellValue.count(DECLINES));
        }
        return new Contribution(cells);
    }

    private static CellValue counter(String name, long n) {
        TreeMap<String, Long> c = new TreeMap<>();
        c.put(name, n);
        return new CellValue(c, new TreeMap<>());
    }

    private static void add(TreeMap<CellKey, CellValue> cells, ServiceFacts s, LocalDate day, CellValue v) {
        cells.merge(new CellKey(Family.SERVICE_DAY, Dimension.NONE, s.serviceId, day, null), v, CellValue::plus);
    }
}
