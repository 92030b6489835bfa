package org.d2aflow.metrics.query;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * This instance's side of the query fabric (STREAMS.md section 5): the merged partial of some of the partitions it holds
 * active, encoded for the instance that asked ({@code GET /internal/partials}). Implemented over the local Kafka Streams
 * stores in {@code infrastructure.streams}.
 */
public interface PeerPartials {

    /**
     * @param partitions        partitions of the referral side (task R) to read
     * @param servicePartitions partitions of the service side (task S, the capacity topic) to read
     * @return the encoded answer: the partitions it covers and their merged {@link CellPartials.Partial}
     * @throws NotHeld when some asked partition is not active here (any more): the caller refreshes its metadata
     */
    byte[] answer(CellPartials.Request request, SortedSet<Integer> partitions, SortedSet<Integer> servicePartitions);

    /** Asked partitions this instance does not hold active, or cannot read now (rebalancing, restoring). */
    final class NotHeld extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final transient SortedSet<Integer> partitions;
        private final transient SortedSet<Integer> servicePartitions;

        public NotHeld(SortedSet<Integer> partitions, SortedSet<Integer> servicePartitions, String why) {
            super(why);
            this.partitions = Collections.unmodifiableSortedSet(new TreeSet<>(partitions));
            this.servicePartitions = Collections.unmodifiableSortedSet(new TreeSet<>(servicePartitions));
        }

        public SortedSet<Integer> partitions() {
            return partitions;
        }

        public SortedSet<Integer> servicePartitions() {
            return servicePartitions;
        }
    }
}
