package org.d2aflow.metrics.domain.cells;

import java.time.LocalDate;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The drill-down index in its in-memory form (STREAMS.md section 2, store {@code members}): every business day a referral
 * has ever had in a family, never removed, so that an as-known-at drill-down finds a referral whose date was corrected
 * away since. The candidates of a period are then evaluated as known at the query's instant.
 */
public final class MembersIndex {

    private final Map<Family, TreeMap<LocalDate, TreeSet<String>>> days = new TreeMap<>();

    /** Records the business days of a referral's contribution. */
    public void record(String referralId, Contribution c) {
        c.cells().keySet().forEach(k -> days.computeIfAbsent(k.family(), f -> new TreeMap<>())
                .computeIfAbsent(k.businessDay(), d -> new TreeSet<>()).add(referralId));
    }

    /** The referrals that have had a business day of the family from {@code from} to {@code to} inclusive, sorted. */
    public NavigableSet<String> candidates(Family family, LocalDate from, LocalDate to) {
        TreeSet<String> out = new TreeSet<>();
        days.getOrDefault(family, new TreeMap<>()).subMap(from, true, to, true).values().forEach(out::addAll);
        return out;
    }
}
