package org.d2aflow.capacity.infrastructure;

import java.time.Instant;
import java.time.LocalDate;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A claim on a service: a unit held for a referral from its start date until released. */
@Entity
@Table(name = "claim")
public class ClaimRecord extends PanacheEntityBase {

    /** Whether the claim still holds its unit. */
    public enum Status {
        ACTIVE,
        RELEASED
    }

    @Id
    public String id;

    @Column(name = "service_id", nullable = false)
    public String serviceId;

    @Column(name = "referral_id", nullable = false)
    public String referralId;

    @Column(name = "start_date", nullable = false)
    public LocalDate startDate;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "claimed_at", nullable = false)
    public Instant claimedAt;

    @Column(name = "released_at")
    public Instant releasedAt;

    /** The release's business date: the unit is free from this day on (it was held up to the day before). */
    @Column(name = "released_on")
    public LocalDate releasedOn;

    @Column(name = "release_reason")
    public String releaseReason;
}
