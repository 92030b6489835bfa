package org.d2aflow.contracts.capacity;

import java.time.LocalDate;

import org.d2aflow.contracts.internal.Require;

/** A claimed unit became free again (placement ended, claim cancelled). */
public record CapacityReleased(String serviceId, String claimId, String reason, LocalDate releasedOn) implements CapacityEvent {

    public static final String TYPE = "d2a.capacity.released.v1";

    public CapacityReleased {
        Require.text(serviceId, "serviceId");
        Require.text(claimId, "claimId");
        Require.text(reason, "reason");
    }

    /** A release without its business date, as records written before the field existed: the unit is free from the day recorded. */
    public CapacityReleased(String serviceId, String claimId, String reason) {
        this(serviceId, claimId, reason, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
