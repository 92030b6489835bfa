package org.d2aflow.contracts.capacity;

import org.d2aflow.contracts.internal.Require;

/** A claimed unit became free again (placement ended, claim cancelled). */
public record CapacityReleased(String serviceId, String claimId, String reason) implements CapacityEvent {

    public static final String TYPE = "d2a.capacity.released.v1";

    public CapacityReleased {
        Require.text(serviceId, "serviceId");
        Require.text(claimId, "claimId");
        Require.text(reason, "reason");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
