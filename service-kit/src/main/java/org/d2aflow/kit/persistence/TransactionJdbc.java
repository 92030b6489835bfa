package org.d2aflow.kit.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Plain JDBC in the current JTA transaction, without Hibernate: the datasource (Agroal) hands out the connection
 * enlisted in the transaction, the very one Hibernate's session of the transaction uses, so these statements commit
 * or roll back with everything else the transaction writes. Reaching the connection through {@code Session.doWork}
 * instead opens a Hibernate session only for that, which then takes part in the commit (its before- and
 * after-completion, a flush of nothing): on a write that manages no entity, that was most of the transaction's cost
 * outside the statements themselves.
 *
 * <p>Statements can also be {@linkplain #later deferred}: they are sent together, as one multi-statement round trip
 * (pgjdbc sends them as one pipeline with one sync), at the next {@link #flush()} or {@link #run}, and at the latest
 * before the transaction commits. The command pipeline appends its events this way and flushes after the read model,
 * so a new stream's event, outbox row and read model rows travel in one round trip.
 *
 * <p>What the transaction wrote through Hibernate and has not flushed yet is not sent by {@link #run}: call
 * {@link #flush()} first when a statement must come after it.
 */
@ApplicationScoped
public class TransactionJdbc {

    /**
     * Where Quarkus keeps the transaction's Hibernate session in the transaction's resources (its
     * {@code TransactionScopedSession}, default persistence unit). Not an API: {@link #sessionOpened()} checks once
     * that it holds and otherwise takes every session for open, which only costs the flush it saves.
     */
    static final String SESSION_KEY = "TransactionScopedSession-<default>";

    /** The transaction's deferred statements, in its resources. */
    private static final String DEFERRED = TransactionJdbc.class.getName() + ".deferred";

    /** Statements run on the transaction's connection. */
    @FunctionalInterface
    public interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    /** Binds a deferred statement's parameters from index {@code first} on; returns the index after its last. */
    @FunctionalInterface
    public interface Binder {
        int bind(PreparedStatement statement, int first) throws SQLException;
    }

    /** A deferred statement, and what its failure means (the failure itself when it means nothing more). */
    private record Deferred(String sql, Binder binder, Function<PersistenceException, RuntimeException> failure) {
    }

    @Inject
    DataSource dataSource;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    EntityManager em;

    /** Whether {@link #SESSION_KEY} names the session: null until checked. */
    private volatile Boolean sessionKeyHolds;

    /**
     * Runs {@code work} on the connection of the current transaction, after the deferred statements; a failure is a
     * {@link PersistenceException} with the driver's {@link SQLException} as its cause (its SQLState and constraint
     * tell a unique violation).
     *
     * @throws IllegalStateException outside an active transaction (the connection would commit on its own)
     */
    public <T> T run(Work<T> work) {
        requireActive();
        sendDeferred();
        return onConnection(work);
    }

    /**
     * Defers a statement (one or more, separated by {@code ;}) to the transaction's next {@link #flush()} or
     * {@link #run}, or its commit: sent with the others deferred meanwhile, in the order they were deferred. A failure
     * is passed to {@code failure}, whose answer is thrown (the pipeline turns a version clash into a conflict).
     */
    public void later(String sql, Binder binder, Function<PersistenceException, RuntimeException> failure) {
        requireActive();
        @SuppressWarnings("unchecked")
        List<Deferred> pending = (List<Deferred>) transactions.getResource(DEFERRED);
        if (pending == null) {
            pending = new ArrayList<>(4);
            transactions.putResource(DEFERRED, pending);
            List<Deferred> beforeCommit = pending;
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    // A deferred statement is never dropped: one nobody flushed goes out before the commit (a failure
                    // here rolls the transaction back).
                    if (!beforeCommit.isEmpty() && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
                        send(beforeCommit);
                    }
                }

                @Override
                public void afterCompletion(int status) {
                    beforeCommit.clear();
                }
            });
        }
        pending.add(new Deferred(sql, binder, failure));
    }

    /**
     * Sends the deferred statements, then what the transaction wrote through Hibernate, when it has used Hibernate at
     * all: a transaction that opened no session has nothing to flush, and opening one to flush nothing is what this
     * class avoids. A constraint fails here rather than at commit.
     */
    public void flush() {
        sendDeferred();
        if (sessionOpened()) {
            em.flush();
        }
    }

    /** Whether this transaction has opened its Hibernate session; true when that cannot be told. */
    public boolean sessionOpened() {
        if (transactions.getResource(SESSION_KEY) != null) {
            return true;
        }
        Boolean holds = sessionKeyHolds;
        if (holds == null) {
            // Checked once, in a transaction: opening the session must put it under the key.
            em.isJoinedToTransaction(); // acquires (opens) the transaction's session
            holds = transactions.getResource(SESSION_KEY) != null;
            sessionKeyHolds = holds;
            return true;
        }
        return !holds;
    }

    /**
     * Sends the deferred statements, if any (nothing outside a transaction): before a read that must see them, as
     * Hibernate's auto-flush would (the event store's reads call it).
     */
    public void sendDeferred() {
        if (transactions.getTransactionKey() == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Deferred> pending = (List<Deferred>) transactions.getResource(DEFERRED);
        if (pending != null && !pending.isEmpty()) {
            send(pending);
        }
    }

    /** One round trip for all of them: their SQL joined (pgjdbc caches the joined statement like any other). */
    private void send(List<Deferred> pending) {
        List<Deferred> batch = List.copyOf(pending);
        pending.clear();
        String sql = batch.size() == 1 ? batch.get(0).sql() : String.join(";", batch.stream().map(Deferred::sql).toList());
        try {
            onConnection(connection -> {
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    int next = 1;
                    for (Deferred d : batch) {
                        next = d.binder().bind(ps, next);
                    }
                    ps.execute();
                }
                return null;
            });
        } catch (PersistenceException e) {
            for (Deferred d : batch) {
                RuntimeException meant = d.failure().apply(e);
                if (meant != e) {
                    throw meant;
                }
            }
            throw e;
        }
    }

    private <T> T onConnection(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.on(connection);
        } catch (SQLException e) {
            throw new PersistenceException(e.getMessage(), e);
        }
    }

    private void requireActive() {
        int status = transactions.getTransactionStatus();
        if (status != Status.STATUS_ACTIVE) {
            throw new IllegalStateException("JDBC work must run in an active transaction, status " + status);
        }
    }
}
