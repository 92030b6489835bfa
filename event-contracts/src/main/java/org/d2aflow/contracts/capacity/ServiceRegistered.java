package org.d2aflow.contracts.capacity;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.internal.Require;

/**
 * A short-term service was registered for a locality; the first event of every capacity stream.
 * {@code providerOrganisation} (optional, added compatibly) is the organisation that runs the service: its staff
 * alone may manage the service's capacity, claims and placements.
 */
public record ServiceRegistered(String serviceId, String name, ServiceType serviceType, String locality, CapacityUnit unit,
        String providerOrganisation) implements CapacityEvent {

    public static final String TYPE = "d2a.capacity.service-registered.v1";

    public ServiceRegistered {
        Require.text(serviceId, "serviceId");
        Require.text(name, "name");
        Require.present(serviceType, "serviceType");
        Require.text(locality, "locality");
        Require.present(unit, "unit");
        if (providerOrganisation != null) {
            Require.text(providerOrganisation, "providerOrganisation");
        }
    }

    /** A registration without the optional provider organisation, as records written before the field existed. */
    public ServiceRegistered(String serviceId, String name, ServiceType serviceType, String locality, CapacityUnit unit) {
        this(serviceId, name, serviceType, locality, unit, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
