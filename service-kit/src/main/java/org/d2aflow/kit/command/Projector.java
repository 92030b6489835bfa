package org.d2aflow.kit.command;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;

/**
 * Updates a service's read model with one appended event, in the command's transaction: given the row as it stands
 * ({@code null} for a new stream), returns it as the event leaves it.
 */
@FunctionalInterface
public interface Projector<E extends D2aEvent, P> {

    P apply(P current, EventEnvelope<E> event);

    /** For commands whose events change no read model of their own. */
    static <E extends D2aEvent, P> Projector<E, P> none() {
        return (current, event) -> current;
    }
}
