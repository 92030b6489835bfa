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

import org.d2aflow.capacity.domain.ReferralStanding;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;

/**
 * What capacity-service knows of one referral, from d2a.referrals and from its own claims and declines. A
 * referral is on the waiting list while it is decided for P1-P3, not withdrawn, not discharged, holds no claim,
 * and neither a decline nor an ended placement has closed its latest decision.
 */
@Entity
@Table(name = "referral_demand")
public class ReferralDemandRecord extends PanacheEntityBase {

    /** The waiting-list condition as a JPQL predicate on alias {@code r}; bind {@code :waitingPathways} to P1-P3. */
    public static final String WAITING = "r.pathway in :waitingPathways and r.withdrawn = false and r.dischargeDate is null "
            + "and r.claimId is null and r.declinedAt is null and r.servedAt is null";

    /** The pathways whose decisions put a referral on the waiting list. */
    public static final java.util.List<Pathway> WAITING_PATHWAYS = java.util.List.of(Pathway.P1, Pathway.P2, Pathway.P3);

    @Id
    @Column(name = "referral_id")
    public String referralId;

    public String locality;

    public String site;

    @Column(name = "discharge_ready_date")
    public LocalDate dischargeReadyDate;

    @Enumerated(EnumType.STRING)
    public Pathway pathway;

    @Enumerated(EnumType.STRING)
    @Column(name = "service_type")
    public ServiceType serviceType;

    @Column(name = "decided_at")
    public LocalDate decidedAt;

    /** When the latest decision was recorded (CloudEvents time): the tie-break after the decision date. */
    @Column(name = "decision_recorded_at")
    public Instant decisionRecordedAt;

    @Column(nullable = false)
    public boolean withdrawn;

    @Column(name = "discharge_date")
    public LocalDate dischargeDate;

    @Column(name = "claim_id")
    public String claimId;

    @Column(name = "claim_service_id")
    public String claimServiceId;

    @Column(name = "declined_by_service")
    public String declinedByService;

    @Column(name = "declined_at")
    public Instant declinedAt;

    /** Set when the placement made from its claim ended: the referral got its service. */
    @Column(name = "served_at")
    public Instant servedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public ReferralStanding standing() {
        return new ReferralStanding(referralId, true, withdrawn, pathway, serviceType, decidedAt, locality, claimId, claimServiceId,
                declinedByService);
    }
}
