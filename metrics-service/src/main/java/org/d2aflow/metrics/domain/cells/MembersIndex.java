package org.d2aflow.metrics.domain.cells;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The drill-down index in its in-memory form (STREAMS.md section 2, store {@code members}): every business day a referral
 * has ever had in a family, never removed, so that an as-known-at drill-down finds a referral whose date was corrected
 * away since. The candidates of a period are then evaluated as known at the query's instant.
 *
 * <p>{@link CellKey#OPEN} is not such a day: every stay passes through it, so "ever open" would list every referral. An
 * open stay is indexed by when it stopped being open instead (STREAMS.md 10c): still open now, or closed at the recorded
 * time of the fact that ended an open run (a discharge, a withdrawal); a drill-down as known at T takes those still open
 * and those closed after T.
 */
public final class MembersIndex {

    private final Map<Family, TreeMap<LocalDate, TreeSet<String>>> days = new TreeMap<>();
    /** Per family, the referrals open as known now. */
    private final Map<Family, TreeSet<String>> open = new TreeMap<>();
    /** Per family, the recorded instants at which open runs ended, never removed. */
    private final Map<Family, TreeMap<Instant, TreeSet<String>>> closed = new TreeMap<>();

    /** Records the business days of a referral's contribution (not {@link CellKey#OPEN}: see {@link #record(String, NavigableMap)}). */
    public void record(String referralId, Contribution c) {
        c.cells().keySet().stream().filter(k -> !k.businessDay().equals(CellKey.OPEN)).forEach(k -> days
                .computeIfAbsent(k.family(), f -> new TreeMap<>()).computeIfAbsent(k.businessDay(), d -> new TreeSet<>()).add(referralId));
    }

    /**
     * Records a referral from its contributions as of each of its recorded times (ascending, the last one as known now):
     * every business day it has had, and for each family, whether it is open now and the instants its open runs ended.
     */
    public void record(String referralId, NavigableMap<Instant, Contribution> timeline) {
        Set<Family> wasOpen = Set.of();
        for (Map.Entry<Instant, Contribution> e : timeline.entrySet()) {
            record(referralId, e.getValue());
            Set<Family> isOpen = openFamilies(e.getValue());
            for (Family f : wasOpen) {
                if (!isOpen.contains(f)) {
                    closed.computeIfAbsent(f, x -> new TreeMap<>()).computeIfAbsent(e.getKey(), x -> new TreeSet<>()).add(referralId);
                }
            }
            wasOpen = isOpen;
        }
        for (Family f : Family.values()) {
            if (wasOpen.contains(f)) {
                open.computeIfAbsent(f, x -> new TreeSet<>()).add(referralId);
            } else if (open.containsKey(f)) {
                open.get(f).remove(referralId);
            }
        }
    }

    private static Set<Family> openFamilies(Contribution c) {
        Set<Family> out = new TreeSet<>();
        c.cells().keySet().forEach(k -> {
            if (k.businessDay().equals(CellKey.OPEN)) {
                out.add(k.family());
            }
        });
        return out;
    }

    /** The referrals that have had a business day of the family from {@code from} to {@code to} inclusive, sorted. */
    public NavigableSet<String> candidates(Family family, LocalDate from, LocalDate to) {
        TreeSet<String> out = new TreeSet<>();
        days.getOrDefault(family, new TreeMap<>()).subMap(from, true, to, true).values().forEach(out::addAll);
        return out;
    }

    /**
     * The same, and when the days reach {@link CellKey#OPEN}, the referrals that may have been open as known at the instant:
     * open now, or an open run that ended after it (an end recorded at the instant itself is known then).
     */
    public NavigableSet<String> candidates(Family family, LocalDate from, LocalDate to, Instant asKnownAt) {
        NavigableSet<String> out = candidates(family, from, to);
        if (!to.isBefore(CellKey.OPEN)) {
            out.addAll(open.getOrDefault(family, new TreeSet<>()));
            closed.getOrDefault(family, new TreeMap<>()).tailMap(asKnownAt, false).values().forEach(out::addAll);
        }
        return out;
    }
}
