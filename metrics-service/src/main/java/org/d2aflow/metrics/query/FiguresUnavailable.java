package org.d2aflow.metrics.query;

/**
 * The figures cannot be answered yet, and a later request will be (HTTP 503 with {@code Retry-After}): the Kafka Streams
 * stores have not caught up with the log, the client is not RUNNING (starting, rebalancing), or a partition's store moved
 * while it was read. Never a partial figure.
 */
public class FiguresUnavailable extends RuntimeException {

    /** Seconds a client should wait before asking again. */
    public static final int RETRY_AFTER_SECONDS = 1;

    public FiguresUnavailable(String message) {
        super(message);
    }

    public FiguresUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
