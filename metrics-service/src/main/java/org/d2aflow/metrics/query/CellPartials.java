package org.d2aflow.metrics.query;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.d2aflow.metrics.domain.cells.CellKey;
import org.d2aflow.metrics.domain.cells.CellValue;
import org.d2aflow.metrics.domain.cells.Contribution;
import org.d2aflow.metrics.domain.cells.Dimension;
import org.d2aflow.metrics.domain.cells.Family;

/**
 * The cells of some partitions, as known at an instant (STREAMS.md section 4), and the drill-down candidates: what
 * {@link CellFigures} assembles figures from. Implemented over the local Kafka Streams stores
 * ({@code infrastructure.streams.StoreCellPartials}); a remote implementation (another instance's partitions) comes with
 * the query fabric of section 5. Partials of disjoint partitions add up.
 */
public interface CellPartials {

    /**
     * @param from, to   business days, inclusive; null: unbounded
     * @param asKnownAt  null: as known now (every bucket, no tail)
     * @param drillDown  whether to evaluate the {@code members} of the days as known at the instant
     */
    record Request(Family family, Set<Dimension> dimensions, LocalDate from, LocalDate to, Instant asKnownAt, boolean drillDown) {

        public Request {
            dimensions = Set.copyOf(dimensions);
        }

        /** Whether a cell is one the request asks for. */
        public boolean wants(CellKey k) {
            return k.family() == family && dimensions.contains(k.dimension()) && (from == null || !k.businessDay().isBefore(from))
                    && (to == null || !k.businessDay().isAfter(to));
        }
    }

    /** The merged cells (without zeros) and, for a drill-down, each candidate referral's contribution as known at the instant. */
    record Partial(SortedMap<CellKey, CellValue> cells, SortedMap<String, Contribution> candidates) {

        public static final Partial EMPTY = new Partial(new TreeMap<>(), new TreeMap<>());

        public Partial {
            cells = Collections.unmodifiableSortedMap(new TreeMap<>(cells));
            candidates = Collections.unmodifiableSortedMap(new TreeMap<>(candidates));
        }

        /** The sum of two partials (of disjoint partitions: a referral is a candidate in one only). */
        public Partial plus(Partial o) {
            TreeMap<CellKey, CellValue> c = new TreeMap<>(cells);
            new Contribution(o.cells).addTo(c);
            TreeMap<String, Contribution> d = new TreeMap<>(candidates);
            d.putAll(o.candidates);
            return new Partial(c, d);
        }

        public Map<String, Contribution> candidatesOrNull(boolean drillDown) {
            return drillDown ? candidates : null;
        }
    }

    Partial fetch(Request request);
}
