package org.d2aflow.kit.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.capacity.CapacitySet;
import org.junit.jupiter.api.Test;

/** What the kept folds read from the store, and when they are not trusted. */
class FoldedStreamsTest {

    /** A fold that records the events it saw, in order. */
    static final class Seen {
        final List<Long> versions = new ArrayList<>();
    }

    /** A store of one stream, counting the events each load read back. */
    static final class OneStream extends EventStore {
        final List<EventEnvelope<D2aEvent>> events = new ArrayList<>();
        final Set<String> appendedNow = new HashSet<>();
        int eventsRead;

        void add(long version) {
            events.add(EventEnvelope.of("e" + version, "/test", Instant.EPOCH, version,
                    new CapacitySet("s", (int) version, LocalDate.of(2026, 1, 1))));
        }

        @Override
        public List<EventEnvelope<D2aEvent>> loadAfter(String streamId, long version) {
            List<EventEnvelope<D2aEvent>> after = events.stream().filter(e -> e.streamVersion() > version).toList();
            eventsRead += after.size();
            return after;
        }

        @Override
        public boolean appendedInThisTransaction(String streamId) {
            return appendedNow.contains(streamId);
        }
    }

    private final OneStream store = new OneStream();
    private final FoldedStreams<Seen> folds = new FoldedStreams<>(Seen::new, (s, e) -> s.versions.add((long) ((CapacitySet) e).units()));

    @Test
    void aLaterLoadReadsOnlyTheEventsWrittenSinceTheLastOne() {
        for (long v = 1; v <= 1000; v++) {
            store.add(v);
        }
        assertThat(folds.load(store, "s").versions).hasSize(1000);
        store.add(1001);
        store.add(1002);
        store.eventsRead = 0;

        Seen now = folds.load(store, "s");

        assertThat(store.eventsRead).isEqualTo(2);
        assertThat(now.versions).hasSize(1002).endsWith(1001L, 1002L);
    }

    @Test
    void aTransactionThatAppendedGetsAPrivateFoldAndTheKeptOneStaysCommittedOnly() {
        store.add(1);
        folds.load(store, "s");
        store.add(2); // written by this transaction, not committed yet
        store.appendedNow.add("s");

        assertThat(folds.load(store, "s").versions).containsExactly(1L, 2L);

        // The transaction rolled back: its event is gone, and another one takes version 2.
        store.events.remove(1);
        store.appendedNow.clear();
        store.events.add(EventEnvelope.of("other", "/test", Instant.EPOCH, 2, new CapacitySet("s", 20, LocalDate.of(2026, 1, 1))));
        assertThat(folds.load(store, "s").versions).containsExactly(1L, 20L);
    }

    @Test
    void aGapMakesItFoldAgainFromTheStart() {
        store.add(1);
        store.add(2);
        folds.load(store, "s");
        store.events.clear();
        store.add(1);
        store.add(2);
        store.add(5);
        store.add(6);

        assertThat(folds.load(store, "s").versions).containsExactly(1L, 2L, 5L, 6L);
    }

    @Test
    void anUnknownStreamIsNotKept() {
        assertThat(folds.load(store, "nothing").versions).isEmpty();
        assertThat(folds.size()).isZero();
    }
}
