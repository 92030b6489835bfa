package org.d2aflow.capacity.infrastructure;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.d2aflow.capacity.config.CapacityConfig;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityDeclined;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.d2aflow.contracts.capacity.CapacitySet;
import org.d2aflow.contracts.capacity.ServiceRegistered;

/**
 * Keeps the read models in step with a service's stream, inside the transaction that appends the events: the
 * service row, its capacity timeline, its claims and declines, and the claim and decline marks on the referral.
 */
@ApplicationScoped
public class CapacityProjection {

    @Inject
    EntityManager em;

    @Inject
    CapacityConfig config;

    /** Applies one freshly appended event; {@code current} is null only for the registration. */
    public CareServiceRecord apply(CareServiceRecord current, EventEnvelope<? extends CapacityEvent> envelope) {
        CapacityEvent event = envelope.event();
        Instant time = envelope.time();
        CareServiceRecord s = current;
        if (event instanceof ServiceRegistered e) {
            s = new CareServiceRecord();
            s.id = e.serviceId();
            s.name = e.name();
            s.serviceType = e.serviceType();
            s.locality = e.locality();
            s.unit = e.unit();
            s.providerOrganisation = e.providerOrganisation();
            s.createdAt = time;
        } else if (event instanceof CapacitySet e) {
            CapacityPeriodRecord p = em.find(CapacityPeriodRecord.class, new CapacityPeriodRecord.Key(e.serviceId(), e.fromDate()));
            if (p == null) {
                p = new CapacityPeriodRecord();
                p.serviceId = e.serviceId();
                p.fromDate = e.fromDate();
                p.units = e.units();
                p.persist();
            } else {
                p.units = e.units();
            }
        } else if (event instanceof CapacityClaimed e) {
            ClaimRecord c = new ClaimRecord();
            c.id = e.claimId();
            c.serviceId = e.serviceId();
            c.referralId = e.referralId();
            c.startDate = e.startDate();
            c.status = ClaimRecord.Status.ACTIVE;
            c.claimedAt = time;
            c.persist();
            ReferralDemandRecord r = em.find(ReferralDemandRecord.class, e.referralId());
            if (r != null) {
                r.claimId = e.claimId();
                r.claimServiceId = e.serviceId();
                r.updatedAt = time;
            }
        } else if (event instanceof CapacityReleased e) {
            ClaimRecord c = em.find(ClaimRecord.class, e.claimId());
            c.status = ClaimRecord.Status.RELEASED;
            c.releasedAt = time;
            // A release written before releases carried their date frees the unit from the day it was recorded.
            c.releasedOn = e.releasedOn() != null ? e.releasedOn() : LocalDate.ofInstant(time, config.zone());
            c.releaseReason = e.reason();
            ReferralDemandRecord r = em.find(ReferralDemandRecord.class, c.referralId);
            if (r != null && e.claimId().equals(r.claimId)) {
                r.claimId = null;
                r.claimServiceId = null;
                r.updatedAt = time;
            }
        } else if (event instanceof CapacityDeclined e) {
            DeclineRecord d = new DeclineRecord();
            d.id = UUID.fromString(envelope.id());
            d.serviceId = e.serviceId();
            d.referralId = e.referralId();
            d.serviceType = e.serviceType();
            d.locality = e.locality();
            d.reason = e.reason();
            d.declinedAt = time;
            d.declinedOn = e.declinedOn() != null ? e.declinedOn() : LocalDate.ofInstant(time, config.zone());
            d.persist();
            ReferralDemandRecord r = em.find(ReferralDemandRecord.class, e.referralId());
            if (r != null) {
                r.declinedByService = e.serviceId();
                r.declinedAt = time;
                r.updatedAt = time;
            }
        }
        s.version = envelope.streamVersion();
        s.updatedAt = time;
        if (!s.isPersistent()) {
            s.persist();
            // The service row first: the rows that refer to it are inserted after it.
            em.flush();
        }
        return s;
    }
}
