package org.d2aflow.contracts.capacity;

import java.time.LocalDate;
import org.d2aflow.contracts.internal.Require;

/** The service declared how many units (beds or concurrent packages) it has from a date on; zero closes it. */
public record CapacitySet(String serviceId, int units, LocalDate fromDate) implements CapacityEvent {

    public static final String TYPE = "d2a.capacity.capacity-set.v1";

    public CapacitySet {
        Require.text(serviceId, "serviceId");
        Require.notNegative(units, "units");
        Require.present(fromDate, "fromDate");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
