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
 * A service's capacity over time: the units declared from each date, and the start dates of its active claims.
 * A claim is open-ended (it holds its unit from its start date until it is released), so occupancy never falls
 * as time goes on while declared units can; that is why a claim or a cut must fit on every later day, not only
 * on its first. Immutable and pure.
 */
public final class CapacityPlan {

    private final NavigableMap<LocalDate, Integer> units;
    private final List<LocalDate> claimStarts;

    public CapacityPlan(Map<LocalDate, Integer> unitsFrom, Collection<LocalDate> claimStarts) {
        this.units = Collections.unmodifiableNavigableMap(new TreeMap<>(unitsFrom));
        List<LocalDate> starts = new ArrayList<>(claimStarts);
        Collections.sort(starts);
        this.claimStarts = Collections.unmodifiableList(starts);
    }

    /** Units in force on a day: the declaration with the latest date on or before it; none yet is zero. */
    public int unitsOn(LocalDate day) {
        Map.Entry<LocalDate, Integer> e = units.floorEntry(day);
        return e == null ? 0 : e.getValue();
    }

    /** Active claims that have started by the day. */
    public int occupiedOn(LocalDate day) {
        int lo = 0;
        int hi = claimStarts.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (claimStarts.get(mid).isAfter(day)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
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
        return new CapacityPlan(changed, claimStarts);
    }

    /** The declarations, by date. */
    public NavigableMap<LocalDate, Integer> declarations() {
        return units;
    }

    /**
     * The days on which free units can change from {@code from} on: the day itself, then every later declaration
     * and claim start. Between two of them nothing changes, and after the last nothing changes ever again.
     */
    private TreeSet<LocalDate> checkpoints(LocalDate from) {
        TreeSet<LocalDate> days = new TreeSet<>();
        days.add(from);
        days.addAll(units.tailMap(from, false).keySet());
        for (LocalDate start : claimStarts) {
            if (start.isAfter(from)) {
                days.add(start);
            }
        }
        return days;
    }
}
