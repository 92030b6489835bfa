package org.d2aflow.referral.infrastructure;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One read of a patient's identity: an append-only audit row (the table refuses updates and deletes). */
@Entity
@Table(name = "identity_read_audit")
public class IdentityRead extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "read_at", nullable = false)
    public Instant readAt;

    @Column(nullable = false)
    public String reader;

    @Column(nullable = false)
    public String organisation;

    @Column(name = "referral_id", nullable = false)
    public String referralId;

    @Column(nullable = false)
    public String reason;
}
