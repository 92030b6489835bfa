package org.d2aflow.kit.messaging;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a failure that will pass (the database or broker briefly away, a lock or serialization conflict) from
 * one that will happen again on every attempt (a record this code cannot apply). The first is retried, the
 * second dead-lettered.
 */
public final class TransientFailures {

    /** SQLSTATE classes that describe the moment, not the data: connection, rollback, resources, operator intervention. */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "40", "53", "57", "58");
    /** lock_not_available, query_canceled (statement timeout). */
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("55P03", "57014");

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApplyAgain || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof jakarta.persistence.LockTimeoutException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof org.hibernate.exception.LockAcquisitionException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // No state at all is the pool's own failure (e.g. no connection within the acquisition timeout).
                if (state == null || TRANSIENT_SQL_STATES.contains(state)
                        || state.length() >= 2 && TRANSIENT_SQL_CLASSES.contains(state.substring(0, 2))) {
                    return true;
                }
            }
        }
        return false;
    }
}
