package org.d2aflow.capacity.infrastructure;

import org.jboss.logging.Logger;

/**
 * Applies a consumed record again when its transaction failed for a passing reason (a lock race, a dropped
 * connection). The transaction rolled back, its processed-event mark with it, so trying again is safe. After the
 * last attempt the failure propagates: the channel stops and health reports it, rather than skipping a fact.
 */
final class Redelivery {

    private static final Logger LOG = Logger.getLogger(Redelivery.class);
    private static final int ATTEMPTS = 4;

    private Redelivery() {
    }

    static void withRetries(String what, Runnable work) {
        for (int attempt = 1;; attempt++) {
            try {
                work.run();
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.infof("Applying %s failed (attempt %d of %d), trying again: %s", what, attempt, ATTEMPTS, e.toString());
                try {
                    Thread.sleep(100L * attempt * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
