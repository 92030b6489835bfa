package org.d2aflow.kit.command;

import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.d2aflow.contracts.D2aEvent;

/**
 * One kind of event-sourced stream, as the {@link CommandPipeline} needs to know it: the stream type stored with each
 * event, the noun used in "not found" answers, the aggregate's empty state, how an event changes it, and its version
 * (the number of events folded in).
 *
 * @param <S> the aggregate (mutable: {@code apply} changes it in place)
 * @param <E> the stream's event family
 */
public record StreamKind<S, E extends D2aEvent>(String streamType, String noun, Class<E> eventType, Supplier<S> empty,
        BiConsumer<S, E> apply, ToLongFunction<S> version) {

    /** The aggregate folded from {@code events}, oldest first. */
    public S fold(Iterable<? extends D2aEvent> events) {
        S state = empty.get();
        for (D2aEvent e : events) {
            apply.accept(state, eventType.cast(e));
        }
        return state;
    }

    long versionOf(S state) {
        return version.applyAsLong(state);
    }
}
