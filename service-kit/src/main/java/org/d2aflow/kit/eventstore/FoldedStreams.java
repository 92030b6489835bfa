package org.d2aflow.kit.eventstore;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;

/**
 * Aggregates kept folded in memory between commands, so that a command on a long stream reads only the events
 * written since the last one instead of the whole history (a care service's stream gains an event with every claim
 * and release). Each load catches the kept state up from the store, so other instances' writes are seen, and a
 * gap or a stream that went backwards makes it fold again from the start.
 *
 * <p>Rules that keep it right: the caller holds the lock that serialises writes to the stream (capacity-service
 * locks the service's row) and only reads the state it gets back (commands decide, they do not apply); the kept state
 * only ever advances over committed events: a transaction that has already appended to the stream gets a private
 * fold from the store, never the kept one.
 */
public final class FoldedStreams<S> {

    private static final class Folded<S> {
        final S state;
        long version;

        Folded(S state) {
            this.state = state;
        }
    }

    private final Map<String, Folded<S>> folded = new ConcurrentHashMap<>();
    private final Supplier<S> empty;
    private final BiConsumer<S, D2aEvent> apply;

    /** Folds with {@code apply} over a fresh {@code empty()} state. */
    public FoldedStreams(Supplier<S> empty, BiConsumer<S, D2aEvent> apply) {
        this.empty = empty;
        this.apply = apply;
    }

    /** The stream's current state, with the events of the current transaction included. */
    public S load(EventStore store, String streamId) {
        if (store.appendedInThisTransaction(streamId)) {
            return foldAll(store.load(streamId)).state;
        }
        Folded<S> kept = folded.get(streamId);
        if (kept != null) {
            synchronized (kept) {
                List<EventEnvelope<D2aEvent>> newer = store.loadAfter(streamId, kept.version);
                if (newer.isEmpty() || newer.get(0).streamVersion() == kept.version + 1) {
                    newer.forEach(e -> {
                        apply.accept(kept.state, e.event());
                        kept.version = e.streamVersion();
                    });
                    return kept.state;
                }
            }
        }
        List<EventEnvelope<D2aEvent>> all = store.load(streamId);
        Folded<S> fresh = foldAll(all);
        if (!all.isEmpty()) {
            folded.put(streamId, fresh);
        }
        return fresh.state;
    }

    private Folded<S> foldAll(List<EventEnvelope<D2aEvent>> events) {
        Folded<S> f = new Folded<>(empty.get());
        for (EventEnvelope<D2aEvent> e : events) {
            apply.accept(f.state, e.event());
            f.version = e.streamVersion();
        }
        return f;
    }

    /** Forgets every kept state (tests that empty the store). */
    public void clear() {
        folded.clear();
    }

    /** How many streams are kept folded. */
    public int size() {
        return folded.size();
    }
}
