package org.d2aflow.capacity.infrastructure;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.d2aflow.contracts.ServiceType;

/** A decline for lack of capacity: the referral was referred elsewhere. Its id is the event's id. */
@Entity
@Table(name = "capacity_decline")
public class DeclineRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "service_id", nullable = false)
    public String serviceId;

    @Column(name = "referral_id", nullable = false)
    public String referralId;

    @Enumerated(EnumType.STRING)
    @Column(name = "service_type", nullable = false)
    public ServiceType serviceType;

    @Column(nullable = false)
    public String locality;

    @Column(nullable = false)
    public String reason;

    /** When the decline was recorded. */
    @Column(name = "declined_at", nullable = false)
    public Instant declinedAt;

    /** The day the service declined the referral (business date; may lie before {@link #declinedAt}). */
    @Column(name = "declined_on", nullable = false)
    public LocalDate declinedOn;
}
