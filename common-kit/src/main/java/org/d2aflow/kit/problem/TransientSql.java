package org.d2aflow.kit.problem;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a database failure of the moment (the server unreachable, restarting or out of connections, a connection
 * lost mid-transaction, a lock or serialization conflict, a statement timeout) from one about the data or the code,
 * by SQLSTATE. The first is answered 503 with {@code Retry-After} ({@link ProblemMappers}) and retried by consumers
 * (service-kit's {@code TransientFailures}); the second stays what it is.
 */
public final class TransientSql {

    /** SQLSTATE classes that describe the moment, not the data: connection, rollback, resources, operator intervention. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");
    /** lock_not_available, query_canceled (statement timeout). */
    private static final Set<String> TRANSIENT_STATES = Set.of("55P03", "57014");

    private TransientSql() {
    }

    /** Whether this SQL failure will likely pass on its own. */
    public static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        // No state at all is the pool's own failure (e.g. no connection within the acquisition timeout).
        return state == null || TRANSIENT_STATES.contains(state) || state.length() >= 2 && TRANSIENT_CLASSES.contains(state.substring(0, 2));
    }

    /**
     * Whether {@code failure}, one of its causes or one of the exceptions suppressed along the way is a transient SQL
     * failure. The suppressed ones matter: when a commit fails because the database went away, the transaction manager
     * throws a {@code RollbackException} ("ARJUNA016053: Could not commit transaction") that carries the resource's
     * {@code XAException}, and the {@link SQLException} under it, as suppressed exceptions rather than as its cause.
     */
    public static boolean in(Throwable failure) {
        return in(failure, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    private static boolean in(Throwable failure, Set<Throwable> seen) {
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException sql && isTransient(sql)) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (in(s, seen)) {
                    return true;
                }
            }
        }
        return false;
    }
}
