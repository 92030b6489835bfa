package org.d2aflow.kit.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jakarta.persistence.PersistenceException;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.capacity.CapacitySet;
import org.d2aflow.kit.domain.ConcurrencyConflictException;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.domain.StaleVersionException;
import org.d2aflow.kit.eventstore.EventStore;
import org.junit.jupiter.api.Test;

/**
 * Every branch of the command pipeline, over an in-memory store whose "transaction" keeps or drops what a command
 * appended. The same branches over PostgreSQL: referral-service {@code CommandPipelineOnPostgresTest}.
 */
class CommandPipelineTest {

    /** A service's declared units, as its capacity events leave them. */
    static final class Units {
        final List<Integer> declared = new ArrayList<>();
        long version;
    }

    static final StreamKind<Units, CapacityEvent> KIND = new StreamKind<>("units", "Units", CapacityEvent.class, Units::new,
            (u, e) -> {
                u.declared.add(((CapacitySet) e).units());
                u.version++;
            }, u -> u.version);

    /** Streams in memory; a command's appends are kept only when its transaction ends normally. */
    static final class MemoryStore extends EventStore {
        final Map<String, List<EventEnvelope<D2aEvent>>> streams = new HashMap<>();
        Map<String, List<EventEnvelope<D2aEvent>>> pending;
        int eventsRead;
        RuntimeException failAppendWith;
        RuntimeException failFlushWith;

        @Override
        public List<EventEnvelope<D2aEvent>> loadAfter(String streamId, long version) {
            List<EventEnvelope<D2aEvent>> after = current(streamId).stream().filter(e -> e.streamVersion() > version).toList();
            eventsRead += after.size();
            return after;
        }

        @Override
        public boolean appendedInThisTransaction(String streamId) {
            return pending != null && pending.containsKey(streamId);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <E extends D2aEvent> List<EventEnvelope<E>> append(String streamType, String streamId, long expectedVersion, List<E> events) {
            if (failAppendWith != null) {
                throw failAppendWith;
            }
            List<EventEnvelope<D2aEvent>> stream = new ArrayList<>(current(streamId));
            if (stream.size() != expectedVersion) {
                throw new ConcurrencyConflictException(streamId, expectedVersion);
            }
            List<EventEnvelope<E>> appended = new ArrayList<>();
            for (E e : events) {
                EventEnvelope<E> env = EventEnvelope.of("e" + streamId + (stream.size() + 1), "/test", Instant.EPOCH, stream.size() + 1, e);
                stream.add((EventEnvelope<D2aEvent>) env);
                appended.add(env);
            }
            pending.put(streamId, stream);
            return appended;
        }

        @Override
        public void flush() {
            if (failFlushWith != null) {
                throw failFlushWith;
            }
        }

        private List<EventEnvelope<D2aEvent>> current(String streamId) {
            if (pending != null && pending.containsKey(streamId)) {
                return pending.get(streamId);
            }
            return streams.getOrDefault(streamId, List.of());
        }

        /** One transaction: kept on a normal end, dropped on any exception. */
        <T> T inOne(Callable<T> work) {
            pending = new HashMap<>();
            try {
                T result = work.call();
                streams.putAll(pending);
                committed.forEach(Runnable::run);
                return result;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                pending = null;
                committed.clear();
            }
        }

        final List<Runnable> committed = new ArrayList<>();
    }

    private final MemoryStore store = new MemoryStore();
    private final List<List<CapacityEvent>> counted = new ArrayList<>();
    private final CommandPipeline.Transactions tx = new CommandPipeline.Transactions() {
        @Override
        public <T> T inOne(Callable<T> work) {
            return store.inOne(work);
        }
    };

    private CommandPipeline.Builder<Units, CapacityEvent> pipeline() {
        return CommandPipeline.of(store, KIND).transactions(tx).onCommitted(store.committed::add, counted::add);
    }

    private static List<CapacityEvent> declare(int units) {
        return List.of(new CapacitySet("s", units, LocalDate.of(2026, 1, 1)));
    }

    /** A read model that records the versions it was shown. */
    private static final Projector<CapacityEvent, List<Long>> VERSIONS = (row, e) -> {
        List<Long> next = row == null ? new ArrayList<>() : new ArrayList<>(row);
        next.add(e.streamVersion());
        return next;
    };

    @Test
    void createsAStreamFromTheEmptyStateWithoutReadingTheStore() {
        var outcome = pipeline().build().create("s", u -> {
            assertThat(u.version).isZero();
            return declare(3);
        }, VERSIONS);

        assertThat(outcome.version()).isEqualTo(1);
        assertThat(outcome.projected()).containsExactly(1L);
        assertThat(store.eventsRead).isZero();
        assertThat(store.streams.get("s")).hasSize(1);
        assertThat(counted).containsExactly(declare(3));
    }

    @Test
    void changeDecidesOnTheFoldedStreamAndAppendsAfterItsVersion() {
        CommandPipeline<Units, CapacityEvent> p = pipeline().build();
        p.create("s", u -> declare(1), VERSIONS);

        var outcome = p.change("s", 1L, u -> {
            assertThat(u.declared).containsExactly(1);
            return declare(2);
        }, List.of(1L), VERSIONS);

        assertThat(outcome.versionBefore()).isEqualTo(1);
        assertThat(outcome.projected()).containsExactly(1L, 2L);
        assertThat(p.load("s").declared).containsExactly(1, 2);
    }

    @Test
    void refusesAChangeToAStreamThatDoesNotExist() {
        assertThatThrownBy(() -> pipeline().build().change("nope", null, u -> declare(1), null, VERSIONS))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("Units nope");
        assertThat(store.streams).isEmpty();
    }

    @Test
    void anEmptyStreamIsChangedWhenStreamsExistBeforeTheirFirstEvent() {
        var outcome = pipeline().emptyStreamsExist().build().change("p", 0L, u -> declare(1), null, VERSIONS);
        assertThat(outcome.version()).isEqualTo(1);
    }

    @Test
    void refusesAStaleIfMatchBeforeDeciding() {
        CommandPipeline<Units, CapacityEvent> p = pipeline().build();
        p.create("s", u -> declare(1), VERSIONS);
        counted.clear();

        assertThatThrownBy(() -> p.change("s", 0L, u -> {
            throw new AssertionError("decide must not run on a stale version");
        }, null, VERSIONS)).isInstanceOf(StaleVersionException.class);
        assertThat(store.streams.get("s")).hasSize(1);
        assertThat(counted).isEmpty();
    }

    @Test
    void aDecisionWithNoEventsWritesNothingAndReturnsTheRowAsItWas() {
        CommandPipeline<Units, CapacityEvent> p = pipeline().build();
        p.create("s", u -> declare(1), VERSIONS);
        counted.clear();

        var outcome = p.change("s", null, u -> List.of(), List.of(1L), VERSIONS);

        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.projected()).containsExactly(1L);
        assertThat(store.streams.get("s")).hasSize(1);
        assertThat(counted).isEmpty();
    }

    @Test
    void aRefusalByTheAggregateWritesNothingAndCountsNothing() {
        CommandPipeline<Units, CapacityEvent> p = pipeline().build();
        p.create("s", u -> declare(1), VERSIONS);
        counted.clear();

        assertThatThrownBy(() -> p.change("s", null, u -> {
            throw new IllegalTransitionException("full", "No free unit");
        }, null, VERSIONS)).isInstanceOf(IllegalTransitionException.class);
        assertThat(store.streams.get("s")).hasSize(1);
        assertThat(counted).isEmpty();
    }

    @Test
    void aConcurrentAppendIsAConflictAndNothingOfTheCommandStays() {
        CommandPipeline<Units, CapacityEvent> p = pipeline().build();
        p.create("s", u -> declare(1), VERSIONS);
        counted.clear();

        assertThatThrownBy(() -> p.change("s", null, u -> {
            // Another instance appends between this command's read and its append.
            store.streams.put("s", List.of(store.streams.get("s").get(0),
                    EventEnvelope.of("other", "/test", Instant.EPOCH, 2, new CapacitySet("s", 9, LocalDate.of(2026, 1, 1)))));
            return declare(2);
        }, null, VERSIONS)).isInstanceOf(ConcurrencyConflictException.class);
        assertThat(store.streams.get("s")).extracting(e -> ((CapacitySet) e.event()).units()).containsExactly(1, 9);
        assertThat(counted).isEmpty();
    }

    @Test
    void aProjectionFailureRollsBackTheAppendedEvents() {
        CommandPipeline<Units, CapacityEvent> p = pipeline().build();
        p.create("s", u -> declare(1), VERSIONS);
        counted.clear();

        assertThatThrownBy(() -> p.change("s", null, u -> declare(2), null, (row, e) -> {
            throw new IllegalStateException("read model broken");
        })).hasMessage("read model broken");
        assertThat(store.streams.get("s")).hasSize(1);
        assertThat(counted).isEmpty();
    }

    @Test
    void aUniqueViolationOfANamedConstraintAnswersAsItsRule() {
        CommandPipeline<Units, CapacityEvent> p = pipeline()
                .refusing("one_claim_per_referral", () -> new IllegalTransitionException("already-claimed", "The referral already holds a claim"))
                .build();
        store.failFlushWith = new PersistenceException("flush", new org.hibernate.exception.ConstraintViolationException(
                "duplicate key", new SQLException("duplicate key", "23505"), "one_claim_per_referral"));

        assertThatThrownBy(() -> p.create("s", u -> declare(1), VERSIONS)).isInstanceOfSatisfying(IllegalTransitionException.class,
                e -> assertThat(e.code()).isEqualTo("already-claimed"));
        assertThat(store.streams).isEmpty();

        // Another constraint, or the same SQLState without the constraint's name, stays what it was.
        store.failFlushWith = new PersistenceException("flush", new org.hibernate.exception.ConstraintViolationException(
                "duplicate key", new SQLException("duplicate key", "23505"), "some_other_key"));
        assertThatThrownBy(() -> p.create("s", u -> declare(1), VERSIONS)).isExactlyInstanceOf(PersistenceException.class);
        assertThat(store.streams).isEmpty();
    }

    @Test
    void aKeptFoldReadsOnlyTheEventsSinceTheLastCommand() {
        CommandPipeline<Units, CapacityEvent> p = pipeline().keptFolded().build();
        p.create("s", u -> declare(0), VERSIONS);
        for (int i = 1; i <= 200; i++) {
            int units = i;
            p.change("s", null, u -> declare(units), null, VERSIONS);
        }
        store.eventsRead = 0;

        var outcome = p.change("s", 201L, u -> declare(999), null, VERSIONS);

        assertThat(outcome.decidedOn().declared).hasSize(201);
        assertThat(store.eventsRead).as("events read for the last command").isLessThanOrEqualTo(1);
    }
}
