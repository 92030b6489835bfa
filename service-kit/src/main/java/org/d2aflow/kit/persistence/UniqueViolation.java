package org.d2aflow.kit.persistence;

import java.sql.SQLException;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Tells a unique-constraint violation apart by what PostgreSQL reports, its SQLState (23505) and the constraint's
 * name, never by the text of a message, which changes with the driver, the locale and the server version.
 */
public final class UniqueViolation {

    /** PostgreSQL's SQLState for unique_violation. */
    public static final String SQLSTATE = "23505";

    private UniqueViolation() {
    }

    /** Whether {@code e}, or one of its causes, is a violation of any unique constraint. */
    public static boolean any(Throwable e) {
        return of(e, null);
    }

    /** Whether {@code e}, or one of its causes, is a violation of the named unique constraint (any, when null). */
    public static boolean of(Throwable e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException h && SQLSTATE.equals(h.getSQLState())
                    && (constraint == null || constraint.equals(h.getConstraintName()))) {
                return true;
            }
            if (t instanceof SQLException s) {
                // A batch's failure (BatchUpdateException) names the failing statement's error as its next exception.
                for (SQLException n = s; n != null; n = n.getNextException() == n ? null : n.getNextException()) {
                    if (SQLSTATE.equals(n.getSQLState()) && (constraint == null || constraint.equals(constraintOf(n)))) {
                        return true;
                    }
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String constraintOf(SQLException s) {
        if (s instanceof PSQLException p) {
            ServerErrorMessage m = p.getServerErrorMessage();
            return m == null ? null : m.getConstraint();
        }
        return null;
    }
}
