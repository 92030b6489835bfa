package org.d2aflow.placement.infrastructure;

import java.time.Instant;
import java.time.LocalDate;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.placement.domain.Claim;
import org.d2aflow.placement.domain.PlacementStatus;

/** A row of the placement read model: one capacity claim and, once started, the current state of its placement. */
@Entity
@Table(name = "placement")
public class PlacementRecord extends PanacheEntityBase {

    @Id
    @Column(name = "placement_id")
    public String placementId;

    @Column(name = "referral_id", nullable = false)
    public String referralId;

    @Column(name = "service_id", nullable = false)
    public String serviceId;

    /** The organisation that runs the service; only its staff see the placement. */
    @Column(name = "provider_organisation")
    public String providerOrganisation;

    /** Null until the service's registration has arrived. */
    @Column(name = "service_name")
    public String serviceName;

    /** Null until the service's registration has arrived; fixed by the start event afterwards. */
    @Enumerated(EnumType.STRING)
    @Column(name = "service_type")
    public ServiceType serviceType;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PlacementStatus status;

    /** The version of the placement's event stream: 0 while pending or cancelled. */
    @Column(nullable = false)
    public long version;

    /** The start date given with the claim; the actual one is {@link #startDate}. */
    @Column(name = "planned_start_date", nullable = false)
    public LocalDate plannedStartDate;

    @Column(name = "start_date")
    public LocalDate startDate;

    @Column(name = "end_date")
    public LocalDate endDate;

    @Enumerated(EnumType.STRING)
    @Column(name = "end_reason")
    public EndReason endReason;

    @Enumerated(EnumType.STRING)
    @Column(name = "day91_status")
    public Day91Status day91Status;

    /** When the follow-up was first recorded (its corrections do not move it). */
    @Column(name = "follow_up_recorded_at")
    public Instant followUpRecordedAt;

    /** The day the status in force was obtained (for a record without one, the day it was recorded). */
    @Column(name = "follow_up_obtained_on")
    public LocalDate followUpObtainedOn;

    /** The CloudEvents id of the follow-up fact in force: the record, or its latest correction, which a correction names. */
    @Column(name = "follow_up_event_id")
    public String followUpEventId;

    /** When the follow-up was last corrected; null if never. */
    @Column(name = "follow_up_corrected_at")
    public Instant followUpCorrectedAt;

    @Column(name = "cancelled_reason")
    public String cancelledReason;

    @Column(name = "claimed_at", nullable = false)
    public Instant claimedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The claim as the domain takes it. */
    public Claim claim() {
        return new Claim(placementId, referralId, serviceId, serviceType, status == PlacementStatus.CANCELLED);
    }
}
