package org.d2aflow.kit.messaging;

import java.sql.SQLException;

import org.d2aflow.kit.problem.TransientSql;

/**
 * Tells a failure that will pass (the database or broker briefly away, a lock or serialization conflict) from
 * one that will happen again on every attempt (a record this code cannot apply). The first is retried, the
 * second dead-lettered. SQL failures are told apart by common-kit's {@link TransientSql}, as the HTTP answers are.
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApplyAgain || t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof jakarta.persistence.PessimisticLockException
                    || t instanceof jakarta.persistence.LockTimeoutException
                    || t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof org.hibernate.exception.LockAcquisitionException) {
                return true;
            }
            if (t instanceof SQLException sql && TransientSql.isTransient(sql)) {
                return true;
            }
        }
        return false;
    }
}
