package org.d2aflow.placement.infrastructure;

import java.time.Instant;
import java.time.LocalDate;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.d2aflow.placement.domain.ReferralFacts;

/** What the referral topic has said about one referral so far; any field may still be missing. */
@Entity
@Table(name = "referral_fact")
public class ReferralFactRecord extends PanacheEntityBase {

    @Id
    @Column(name = "referral_id")
    public String referralId;

    @Column(name = "age_at_admission")
    public Integer ageAtAdmission;

    @Column(name = "admission_date")
    public LocalDate admissionDate;

    @Column(name = "discharge_date")
    public LocalDate dischargeDate;

    @Column(name = "discharge_destination")
    public String dischargeDestination;

    @Column(nullable = false)
    public boolean withdrawn;

    /** When the discharge was voided (recorded for the wrong referral); null if it stands or none came after. */
    @Column(name = "discharge_voided_at")
    public Instant dischargeVoidedAt;

    /** When the discharge was last corrected; null if never. */
    @Column(name = "discharge_corrected_at")
    public Instant dischargeCorrectedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The facts as the domain takes them; a referral never heard of is {@link ReferralFacts#unknown()}. */
    public static ReferralFacts factsOf(ReferralFactRecord r) {
        return r == null ? ReferralFacts.unknown() : new ReferralFacts(r.dischargeDate, r.dischargeDestination, r.withdrawn,
                r.dischargeVoidedAt != null);
    }
}
