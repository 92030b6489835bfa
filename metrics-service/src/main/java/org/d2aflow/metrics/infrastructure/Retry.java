package org.d2aflow.metrics.infrastructure;

import java.util.function.BooleanSupplier;

/** Tries again what failed (reading one of the service's own topics at start), waiting 0.5 s, doubled up to 10 s, between tries. */
public final class Retry {

    /** One try; may throw. */
    @FunctionalInterface
    public interface Attempt {
        void run() throws Exception;
    }

    /** What to say about a failed try, before waiting {@code waitMillis}. */
    @FunctionalInterface
    public interface Failure {
        void failed(Exception e, long waitMillis);
    }

    private Retry() {
    }

    /** Runs {@code attempt} until it succeeds (true) or {@code wanted} turns false or the thread is interrupted (false). */
    public static boolean untilDone(BooleanSupplier wanted, Attempt attempt, Failure failure) {
        long wait = 500;
        while (wanted.getAsBoolean()) {
            try {
                attempt.run();
                return true;
            } catch (Exception e) {
                failure.failed(e, wait);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                wait = Math.min(wait * 2, 10_000);
            }
        }
        return false;
    }
}
