package org.d2aflow.contracts.returns;

import org.d2aflow.contracts.D2aEvent;

/** The submissions of one national return; the stream id is the return's name. */
public sealed interface ReturnEvent extends D2aEvent permits ReturnSubmitted {

    /** The return's name, e.g. {@code discharge-sitrep}. */
    String name();

    @Override
    default String streamId() {
        return name();
    }
}
