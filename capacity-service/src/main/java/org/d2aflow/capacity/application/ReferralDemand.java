package org.d2aflow.capacity.application;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.d2aflow.capacity.domain.CareServiceCommand.ReleaseClaim;
import org.d2aflow.capacity.infrastructure.CareServiceRecord;
import org.d2aflow.capacity.infrastructure.ReferralDemandRecord;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;

/**
 * Keeps what capacity-service knows of each referral in step with d2a.referrals, in the consumer's transaction.
 * A withdrawal releases the claim the referral holds, and so does a re-decision to another service type (the unit
 * it holds is for a service it no longer needs); the referral then waits for the new type. Those releases are dated
 * the calendar day the referral event was recorded: the unit was held until referral-service said otherwise.
 * Corrections replace what they correct: a corrected discharge or discharge ready date is the latest, and a voided
 * discharge puts the referral back in hospital, so it waits again unless a claim, a decline or an ended placement
 * has answered its decision.
 */
@ApplicationScoped
public class ReferralDemand {

    @Inject
    EntityManager em;

    @Inject
    CapacityService capacity;

    @Inject
    Clock clock;

    /** A claim of the referral was made or released between reading it and locking it; the event must be applied again. */
    public static final class ClaimMoved extends org.d2aflow.kit.messaging.ApplyAgain {
        ClaimMoved(String referralId) {
            super("The claim of referral " + referralId + " changed while its event was applied; applying it again");
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(EventEnvelope<? extends ReferralEvent> envelope) {
        ReferralEvent event = envelope.event();
        String id = event.referralId();
        boolean mayRelease = event instanceof ReferralWithdrawn || event instanceof PathwayDecided;
        // The service is locked before the referral, as in a claim: read which service without locking anything.
        Object[] held = mayRelease ? heldClaim(id) : null;
        CareServiceRecord service = held == null ? null : capacity.lockService((String) held[1]);
        ReferralDemandRecord r = em.find(ReferralDemandRecord.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (mayRelease && r != null && !Objects.equals(r.claimId, held == null ? null : held[0])) {
            throw new ClaimMoved(id);
        }
        LocalDate recordedOn = capacity.dateOf(envelope.time());
        if (r == null) {
            r = new ReferralDemandRecord();
            r.referralId = id;
        }
        if (event instanceof ReferralSubmitted e) {
            r.locality = e.locality();
            r.site = e.site();
        } else if (event instanceof DischargeReadyDateSet e) {
            r.dischargeReadyDate = e.dischargeReadyDate();
        } else if (event instanceof PathwayDecided e) {
            if (service != null && service.serviceType != e.serviceType()) {
                capacity.releaseLocked(service, ReleaseClaim.byLog((String) held[0],
                        CapacityService.clip("pathway re-decided: " + e.pathway() + " " + e.serviceType()), recordedOn), "re-decided");
            }
            r.pathway = e.pathway();
            r.serviceType = e.serviceType();
            r.decidedAt = e.decidedAt();
            r.decisionRecordedAt = envelope.time();
            // A new decision is new demand: an earlier decline or ended placement answered the old one.
            r.declinedByService = null;
            r.declinedAt = null;
            r.servedAt = null;
        } else if (event instanceof PatientDischarged e) {
            r.dischargeDate = e.dischargeDate();
        } else if (event instanceof DischargeCorrected e) {
            r.dischargeDate = e.dischargeDate();
        } else if (event instanceof DischargeVoided) {
            r.dischargeDate = null;
        } else if (event instanceof DischargeReadyDateCorrected e) {
            r.dischargeReadyDate = e.dischargeReadyDate();
        } else if (event instanceof ReferralWithdrawn e) {
            if (service != null) {
                capacity.releaseLocked(service, ReleaseClaim.byLog((String) held[0], CapacityService.clip("referral withdrawn: " + e.reason()),
                        recordedOn), "referral-withdrawn");
            }
            r.withdrawn = true;
        }
        r.updatedAt = clock.instant();
        if (!r.isPersistent()) {
            r.persist();
        }
    }

    /** The referral's active claim and its service, read without a lock; null when it holds none. */
    private Object[] heldClaim(String referralId) {
        List<Object[]> rows = em.createQuery(
                "select r.claimId, r.claimServiceId from ReferralDemandRecord r where r.referralId = :id and r.claimId is not null",
                Object[].class).setParameter("id", referralId).getResultList();
        return rows.isEmpty() ? null : rows.get(0);
    }
}
