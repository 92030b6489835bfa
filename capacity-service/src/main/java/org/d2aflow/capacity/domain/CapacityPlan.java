package org.d2aflow.capacity.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A service's capacity over time: the units declared from each date, and the days its claims hold a unit. A claim
 * holds its unit from its start date until the day before its release; an active claim is open-ended (nobody knows
 * yet when it will be released), so declared units can fall while occupancy cannot fall below the active claims.
 * That is why a claim or a cut must fit on every later day, not only on its first, and why, now that claims and
 * declarations may be dated in the past, released claims count too on the days they held their unit. Immutable and
 * pure.
 */
public final class CapacityPlan {

    /**
     * The days one claim holds a unit: from {@code from} up to the day before {@code until}; {@code until} null while
     * the claim is active. A hold released on or before its start holds no day.
     */
    public record Hold(LocalDate from, LocalDate until) {

        /** A claim that holds its unit until it is released. */
        public static Hold open(LocalDate from) {
            return new Hold(from, null);
        }
    }

    private final NavigableMap<LocalDate, Integer> units;
    /** First day of every hold that holds at least one day, sorted. */
    private final List<LocalDate> starts;
    /** First free day of every hold that ended (its release date), sorted. */
    private final List<LocalDate> ends;

    /** Units by date and active claims by start date (every claim open-ended). */
    public CapacityPlan(Map<LocalDate, Integer> unitsFrom, Collection<LocalDate> claimStarts) {
        this(new TreeMap<>(unitsFrom), sorted(new ArrayList<>(claimStarts)), List.of());
    }

    /** Units by date and the holds of claims, active or released. */
    public static CapacityPlan of(Map<LocalDate, Integer> unitsFrom, Collection<Hold> holds) {
        List<LocalDate> starts = new ArrayList<>(holds.size());
        List<LocalDate> ends = new ArrayList<>();
        for (Hold h : holds) {
            if (h.until() == null) {
                starts.add(h.from());
            } else if (h.until().isAfter(h.from())) {
                starts.add(h.from());
                ends.add(h.until());
            }
        }
        return new CapacityPlan(new TreeMap<>(unitsFrom), sorted(starts), sorted(ends));
    }

    private CapacityPlan(NavigableMap<LocalDate, Integer> units, List<LocalDate> starts, List<LocalDate> ends) {
        this.units = Collections.unmodifiableNavigableMap(units);
        this.starts = starts;
        this.ends = ends;
    }

    private static List<LocalDate> sorted(List<LocalDate> dates) {
        Collections.sort(dates);
        return Collections.unmodifiableList(dates);
    }

    /** Units in force on a day: the declaration with the latest date on or before it; none yet is zero. */
    public int unitsOn(LocalDate day) {
        Map.Entry<LocalDate, Integer> e = units.floorEntry(day);
        return e == null ? 0 : e.getValue();
    }

    /** Claims holding a unit on the day: started by then, and not released on or before it. */
    public int occupiedOn(LocalDate day) {
        return countNotAfter(starts, day) - countNotAfter(ends, day);
    }

    public int freeOn(LocalDate day) {
        return unitsOn(day) - occupiedOn(day);
    }

    /** How many more claims starting on the day would fit on it and on every day after it. */
    public int claimableFrom(LocalDate day) {
        int least = Integer.MAX_VALUE;
        for (LocalDate d : checkpoints(day)) {
            least = Math.min(least, freeOn(d));
        }
        return Math.max(0, least);
    }

    /**
     * The first day, on or after {@code from}, on which occupancy would exceed the units in force if {@code extra}
     * more claims started on {@code from}; empty when every day has room.
     */
    public Optional<LocalDate> firstShortfall(LocalDate from, int extra) {
        for (LocalDate d : checkpoints(from)) {
            if (occupiedOn(d) + extra > unitsOn(d)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    public CapacityPlan withUnits(LocalDate from, int count) {
        TreeMap<LocalDate, Integer> changed = new TreeMap<>(units);
        changed.put(from, count);
        return new CapacityPlan(changed, starts, ends);
    }

    /** The declarations, by date. */
    public NavigableMap<LocalDate, Integer> declarations() {
        return units;
    }

    /**
     * The days on which free units can fall from {@code from} on: the day itself, then every later declaration and
     * claim start. Releases only ever free units, so the fewest free units after {@code from} are on one of these days.
     */
    private TreeSet<LocalDate> checkpoints(LocalDate from) {
        TreeSet<LocalDate> days = new TreeSet<>();
        days.add(from);
        days.addAll(units.tailMap(from, false).keySet());
        for (int i = countNotAfter(starts, from); i < starts.size(); i++) {
            days.add(starts.get(i));
        }
        return days;
    }

    /** How many of the sorted dates are on or before the day. */
    private static int countNotAfter(List<LocalDate> sorted, LocalDate day) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).isAfter(day)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
