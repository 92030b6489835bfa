package org.d2aflow.contracts.capacity;

import org.d2aflow.contracts.D2aEvent;

/** The facts of one short-term service's capacity; the stream id is the service id. */
public sealed interface CapacityEvent extends D2aEvent
        permits ServiceRegistered, CapacitySet, CapacityClaimed, CapacityReleased, CapacityDeclined {

    /** The service whose capacity this fact is about. */
    String serviceId();

    @Override
    default String streamId() {
        return serviceId();
    }
}
