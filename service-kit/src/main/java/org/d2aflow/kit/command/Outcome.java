package org.d2aflow.kit.command;

import java.util.List;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;

/**
 * What a command did: the state it was decided on, the events it appended (none when the command changed nothing),
 * and the read model row as those events left it.
 */
public record Outcome<S, E extends D2aEvent, P>(S decidedOn, long versionBefore, List<EventEnvelope<E>> appended, P projected) {

    public Outcome {
        appended = List.copyOf(appended);
    }

    /** Whether the command appended anything. */
    public boolean changed() {
        return !appended.isEmpty();
    }

    /** The stream's version after the command. */
    public long version() {
        return versionBefore + appended.size();
    }

    /** The appended events without their envelopes. */
    public List<E> events() {
        return appended.stream().map(EventEnvelope::event).toList();
    }
}
