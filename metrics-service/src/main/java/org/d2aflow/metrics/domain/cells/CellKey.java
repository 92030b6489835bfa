package org.d2aflow.metrics.domain.cells;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;

/**
 * Where an additive value is kept: a family's figures, one group of one dimension, one business day, and for families
 * that span a stay ({@code IN_HOSPITAL}, {@code WAITING}) the end day (null: none, or not such a family). No
 * recorded-time bucket: that is the store's concern, kept beside the key.
 */
public record CellKey(Family family, Dimension dimension, String group, LocalDate businessDay, LocalDate endDay)
        implements Comparable<CellKey> {

    /**
     * The business day of a stay (or wait) that has not ended as known: after every real day, so "ended after D, or not
     * at all" is the one range (D, OPEN] of business days (STREAMS.md 10c).
     */
    public static final LocalDate OPEN = LocalDate.MAX;

    private static final Comparator<CellKey> ORDER = Comparator.comparing(CellKey::family).thenComparing(CellKey::dimension)
            .thenComparing(CellKey::group).thenComparing(CellKey::businessDay)
            .thenComparing(CellKey::endDay, Comparator.nullsFirst(Comparator.naturalOrder()));

    public CellKey {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(businessDay, "businessDay");
    }

    @Override
    public int compareTo(CellKey o) {
        return ORDER.compare(this, o);
    }
}
