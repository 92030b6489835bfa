package org.d2aflow.kit.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.persistence.PersistenceException;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.kit.domain.DomainException;
import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.domain.StaleVersionException;
import org.d2aflow.kit.eventstore.EventStore;
import org.d2aflow.kit.eventstore.FoldedStreams;
import org.d2aflow.kit.logging.LogContext;
import org.d2aflow.kit.persistence.UniqueViolation;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The one way the write services change a stream, in one transaction: current state (folded from the stream, or kept
 * folded for long streams) → the If-Match check → the aggregate's {@code decide} → append after the version decided on
 * (a concurrent append is a 409) with the outbox rows → the read model → a flush, so that a unique constraint backing a
 * rule answers as that rule's refusal (told by SQLState and constraint name) → counters once the transaction commits.
 * A failure anywhere rolls back everything the command wrote. The transaction is the caller's when there is one (an
 * {@code Idempotency-Key} keeps its answer in it), else the pipeline's own.
 *
 * <pre>{@code
 * pipeline = CommandPipeline.of(store, REFERRALS).onCommitted(afterCommit::run, metrics::recorded).build();
 * Outcome<Referral, ReferralEvent, ReferralRecord> o =
 *         pipeline.change(id, ifMatch, r -> r.decide(command), ReferralRecord.findById(id), projection::apply);
 * }</pre>
 *
 * @param <S> the aggregate
 * @param <E> its event family
 */
public final class CommandPipeline<S, E extends D2aEvent> {

    /** Runs work in one transaction. */
    @FunctionalInterface
    public interface Transactions {
        <T> T inOne(Callable<T> work);
    }

    /** Joins the caller's transaction, or begins one when there is none. */
    public static final Transactions JOINING = new Transactions() {
        @Override
        public <T> T inOne(Callable<T> work) {
            return QuarkusTransaction.joiningExisting().call(work);
        }
    };

    private static final Logger LOG = Logger.getLogger(CommandPipeline.class);

    private final EventStore store;
    private final StreamKind<S, E> kind;
    private final FoldedStreams<S> folded;
    private final Map<String, Supplier<? extends DomainException>> constraints;
    private final Consumer<Runnable> afterCommit;
    private final List<Consumer<List<E>>> committed;
    private final Transactions transactions;
    private final boolean emptyStreamsExist;

    private CommandPipeline(Builder<S, E> b) {
        this.store = b.store;
        this.kind = b.kind;
        this.folded = b.keepFolded ? new FoldedStreams<>(kind.empty(), (s, e) -> kind.apply().accept(s, kind.eventType().cast(e))) : null;
        this.constraints = Map.copyOf(b.constraints);
        this.afterCommit = b.afterCommit;
        this.committed = List.copyOf(b.committed);
        this.transactions = b.transactions;
        this.emptyStreamsExist = b.emptyStreamsExist;
    }

    public static <S, E extends D2aEvent> Builder<S, E> of(EventStore store, StreamKind<S, E> kind) {
        return new Builder<>(store, kind);
    }

    /**
     * Opens a new stream: {@code decide} gets the empty aggregate (nothing is read from the store) and its events are
     * appended from version 1. A stream id already taken is a concurrent write (409).
     */
    public <P> Outcome<S, E, P> create(String streamId, Function<S, List<E>> decide, Projector<E, P> projector) {
        return LogContext.with(LogContext.STREAM_ID, streamId, () -> run(() -> {
            S state = kind.empty().get();
            return decideAndAppend(streamId, state, 0, decide, null, projector);
        }));
    }

    /**
     * Changes an existing stream.
     *
     * @param expectedVersion the client's If-Match version, or null to decide on whatever is current
     * @param current the read model row the events update (returned as it is when the command changes nothing)
     * @throws NotFoundException when the stream has no events (unless built with {@link Builder#emptyStreamsExist()})
     * @throws StaleVersionException when {@code expectedVersion} is not the stream's version
     */
    public <P> Outcome<S, E, P> change(String streamId, Long expectedVersion, Function<S, List<E>> decide, P current,
            Projector<E, P> projector) {
        return LogContext.with(LogContext.STREAM_ID, streamId, () -> run(() -> {
            S state = load(streamId);
            long version = kind.versionOf(state);
            if (version == 0 && !emptyStreamsExist) {
                throw new NotFoundException(kind.noun(), streamId);
            }
            if (expectedVersion != null && expectedVersion != version) {
                throw new StaleVersionException(expectedVersion, version);
            }
            return decideAndAppend(streamId, state, version, decide, current, projector);
        }));
    }

    /**
     * The stream's current state, with what this transaction appended. Kept-folded pipelines read only the events
     * since the last command; they rely on the caller holding the lock that serialises writes to the stream.
     */
    public S load(String streamId) {
        return folded != null ? folded.load(store, streamId) : kind.fold(store.load(streamId).stream().map(EventEnvelope::event).toList());
    }

    /** Forgets kept states (tests that empty the store). */
    public void forgetKeptStates() {
        if (folded != null) {
            folded.clear();
        }
    }

    private <P> Outcome<S, E, P> decideAndAppend(String streamId, S state, long version, Function<S, List<E>> decide, P current,
            Projector<E, P> projector) {
        List<E> events = decide.apply(state);
        if (events.isEmpty()) {
            return new Outcome<>(state, version, List.of(), current);
        }
        List<EventEnvelope<E>> appended = store.append(kind.streamType(), streamId, version, events);
        P row = current;
        for (EventEnvelope<E> e : appended) {
            row = projector.apply(row, e);
        }
        store.flush();
        if (LOG.isDebugEnabled()) { // the list of names is built only when it is logged
            LOG.debugf("%s: appended %s at version %d", kind.streamType(), events.stream().map(e -> e.getClass().getSimpleName()).toList(),
                    version + events.size());
        }
        if (!committed.isEmpty()) {
            List<E> made = List.copyOf(events);
            afterCommit.accept(() -> committed.forEach(c -> c.accept(made)));
        }
        return new Outcome<>(state, version, appended, row);
    }

    private <T> T run(Callable<T> work) {
        try {
            return transactions.inOne(work);
        } catch (PersistenceException e) {
            for (Map.Entry<String, Supplier<? extends DomainException>> c : constraints.entrySet()) {
                if (UniqueViolation.of(e, c.getKey())) {
                    throw c.getValue().get();
                }
            }
            throw e;
        }
    }

    /** Sets up a pipeline for one kind of stream. */
    public static final class Builder<S, E extends D2aEvent> {
        private final EventStore store;
        private final StreamKind<S, E> kind;
        private boolean keepFolded;
        private final Map<String, Supplier<? extends DomainException>> constraints = new LinkedHashMap<>();
        private Consumer<Runnable> afterCommit = Runnable::run;
        private final List<Consumer<List<E>>> committed = new ArrayList<>();
        private Transactions transactions = JOINING;
        private boolean emptyStreamsExist;

        private Builder(EventStore store, StreamKind<S, E> kind) {
            this.store = store;
            this.kind = kind;
        }

        /**
         * Keeps aggregates folded between commands (see {@link FoldedStreams}), for streams that grow with every command.
         * Only for streams whose writers all hold a lock that serialises them.
         */
        public Builder<S, E> keptFolded() {
            this.keepFolded = true;
            return this;
        }

        /** A violation of the named unique constraint is answered as {@code refusal} (two racing requests, one rule). */
        public Builder<S, E> refusing(String constraint, Supplier<? extends DomainException> refusal) {
            constraints.put(constraint, refusal);
            return this;
        }

        /** Hands the appended events to {@code action} once the transaction commits ({@code deferral} does the waiting). */
        public Builder<S, E> onCommitted(Consumer<Runnable> deferral, Consumer<List<E>> action) {
            this.afterCommit = deferral;
            this.committed.add(action);
            return this;
        }

        /**
         * A stream exists before its first event (a placement is opened by a claim and its first event is the start):
         * the caller tells whether it exists, {@link #change} does not refuse an empty stream.
         */
        public Builder<S, E> emptyStreamsExist() {
            this.emptyStreamsExist = true;
            return this;
        }

        /** How the pipeline gets its transaction (tests run it without one). */
        public Builder<S, E> transactions(Transactions t) {
            this.transactions = t;
            return this;
        }

        public CommandPipeline<S, E> build() {
            return new CommandPipeline<>(this);
        }
    }
}
