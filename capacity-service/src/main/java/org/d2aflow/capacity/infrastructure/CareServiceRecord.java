package org.d2aflow.capacity.infrastructure;

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

/** A row of the service read model; also the row every write to the service locks first. */
@Entity
@Table(name = "care_service")
public class CareServiceRecord extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public long version;

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

    /** The organisation that runs the service (null only for services registered before it was recorded). */
    @Column(name = "provider_organisation")
    public String providerOrganisation;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
