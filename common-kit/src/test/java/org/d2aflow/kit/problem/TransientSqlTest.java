package org.d2aflow.kit.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

class TransientSqlTest {

    /** How Hibernate, a transaction manager or CDI hand a JDBC failure on: wrapped, maybe twice. */
    private static RuntimeException wrapped(Throwable cause) {
        return new IllegalStateException("transaction failed", new RuntimeException("JDBC exception", cause));
    }

    @Test
    void anUnreachableRestartingOrExhaustedDatabaseIsTransient() {
        assertThat(TransientSql.in(wrapped(new SQLException("Connection to 127.0.0.1:5432 refused", "08001")))).isTrue();
        assertThat(TransientSql.in(wrapped(new SQLException("An I/O error occurred while sending to the backend", "08006")))).isTrue();
        assertThat(TransientSql.in(wrapped(new SQLException("FATAL: terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(TransientSql.in(wrapped(new SQLException("the database system is starting up", "57P03")))).isTrue();
        assertThat(TransientSql.in(wrapped(new SQLException("too many connections", "53300")))).isTrue();
        assertThat(TransientSql.in(wrapped(new SQLException("Acquisition timeout while waiting for new connection", null,
                new TimeoutException())))).as("the pool's own failure has no SQLSTATE").isTrue();
        assertThat(TransientSql.in(wrapped(new SQLTransientConnectionException("gone")))).isTrue();
        assertThat(TransientSql.in(wrapped(new SQLException("could not serialize access", "40001")))).isTrue();
        assertThat(TransientSql.in(wrapped(new SQLException("canceling statement due to statement timeout", "57014")))).isTrue();
    }

    @Test
    void aCommitThatFailedBecauseTheDatabaseWentAwayIsTransientThoughTheCauseIsOnlySuppressed() {
        // Narayana's shape: RollbackException without a cause, the resource's XAException (caused by the JDBC failure) suppressed.
        javax.transaction.xa.XAException xa = new javax.transaction.xa.XAException(javax.transaction.xa.XAException.XA_RBCOMMFAIL);
        xa.initCause(new SQLException("An I/O error occurred while sending to the backend", "08006"));
        RuntimeException commit = new IllegalStateException("ARJUNA016053: Could not commit transaction.");
        commit.addSuppressed(xa);

        assertThat(TransientSql.in(wrapped(commit))).isTrue();
        assertThat(new ProblemMappers().unexpected(wrapped(commit), null).getStatus()).isEqualTo(503);

        RuntimeException aboutTheData = new IllegalStateException("ARJUNA016053: Could not commit transaction.");
        aboutTheData.addSuppressed(new SQLException("duplicate key value violates unique constraint", "23505"));
        assertThat(TransientSql.in(aboutTheData)).isFalse();
    }

    @Test
    void aCauseChainThatLoopsEndsTheSearch() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        a.addSuppressed(b);
        assertThat(TransientSql.in(a)).isFalse();
    }

    @Test
    void aFailureAboutTheDataOrTheCodeIsNot() {
        assertThat(TransientSql.in(wrapped(new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(TransientSql.in(wrapped(new SQLException("column \"x\" does not exist", "42703")))).isFalse();
        assertThat(TransientSql.in(wrapped(new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021")))).isFalse();
        assertThat(TransientSql.in(new IllegalStateException("no SQL at all"))).isFalse();
    }

    @Test
    void aDatabaseOutageIsAnswered503ProblemWithRetryAfterNot500() {
        Response r = new ProblemMappers().unexpected(wrapped(new SQLException("Connection refused", "08001")), null);

        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getMediaType()).hasToString(Problem.MEDIA_TYPE);
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("5");
        Problem p = (Problem) r.getEntity();
        assertThat(p.type()).isEqualTo("urn:d2a:problem:database-unavailable");
        assertThat(p.status()).isEqualTo(503);
        assertThat(p.detail()).doesNotContain("127.0.0.1").doesNotContain("Connection refused");
    }

    @Test
    void anyOtherUnexpectedFailureStaysA500() {
        Response r = new ProblemMappers().unexpected(wrapped(new SQLException("column \"x\" does not exist", "42703")), null);

        assertThat(r.getStatus()).isEqualTo(500);
        assertThat(r.getHeaderString("Retry-After")).isNull();
    }
}
