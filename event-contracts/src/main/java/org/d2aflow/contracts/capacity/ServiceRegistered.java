package org.d2aflow.contracts.capacity;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.internal.Require;

/** A short-term service was registered for a locality; the first event of every capacity stream. */
public record ServiceRegistered(String serviceId, String name, ServiceType serviceType, String locality, CapacityUnit unit)
        implements CapacityEvent {

    public static final String TYPE = "d2a.capacity.service-registered.v1";

    public ServiceRegistered {
        Require.text(serviceId, "serviceId");
        Require.text(name, "name");
        Require.present(serviceType, "serviceType");
        Require.text(locality, "locality");
        Require.present(unit, "unit");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
