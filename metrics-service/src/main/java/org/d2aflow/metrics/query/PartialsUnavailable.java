package org.d2aflow.metrics.query;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Not every partition of a side answered within the wait (a rebalance in progress, an instance gone and its standby not yet
 * promoted, a peer not answering): no figure is given rather than a partial sum (STREAMS.md section 5). The REST layer
 * answers {@code 503} with {@code Retry-After: 1}.
 */
public class PartialsUnavailable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Seconds a caller should wait before asking again. */
    public static final int RETRY_AFTER_SECONDS = 1;

    private final transient SortedSet<Integer> partitions;

    /**
     * @param partitions the partitions (of the side the request reads) that had not answered in the last attempt
     * @param why        what the last attempt met
     */
    public PartialsUnavailable(SortedSet<Integer> partitions, String why) {
        super("partitions " + partitions + " unanswered: " + why);
        this.partitions = Collections.unmodifiableSortedSet(new TreeSet<>(partitions));
    }

    public SortedSet<Integer> partitions() {
        return partitions;
    }
}
