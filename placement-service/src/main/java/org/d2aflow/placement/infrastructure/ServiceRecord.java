package org.d2aflow.placement.infrastructure;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityUnit;

/** A short-term service as capacity-service registered it. */
@Entity
@Table(name = "service_registry")
public class ServiceRecord extends PanacheEntityBase {

    @Id
    @Column(name = "service_id")
    public String serviceId;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "service_type", nullable = false)
    public ServiceType serviceType;

    @Column(nullable = false)
    public String locality;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CapacityUnit unit;

    @Column(name = "provider_organisation")
    public String providerOrganisation;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;
}
