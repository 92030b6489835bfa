package org.d2aflow.placement.infrastructure.messaging;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.d2aflow.kit.messaging.GuardedIntake;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.placement.domain.PlacementStatus;
import org.d2aflow.placement.infrastructure.PlacementRecord;
import org.d2aflow.placement.infrastructure.ReferralFactRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Reads {@code d2a.referrals} for the facts a placement depends on: age and admission date, the hospital
 * discharge date (no start before it, follow-up at + 91 days) as recorded, corrected or voided, and withdrawal.
 * Independent of the claims' topic, so either may arrive first. A referral's events share a key, so its discharge,
 * corrections and voids arrive in the order they were recorded and the latest is the one in force.
 */
@ApplicationScoped
public class ReferralEventsConsumer {

    /** The incoming channel (configured in application.properties). */
    public static final String CHANNEL = "referrals";
    /** The consumer name under which processed event ids are remembered. */
    public static final String CONSUMER = "placement.referrals";

    private static final Logger LOG = Logger.getLogger(ReferralEventsConsumer.class);
    private static final List<PlacementStatus> STARTED = List.of(PlacementStatus.ACTIVE, PlacementStatus.ENDED);

    @Inject
    GuardedIntake intake;

    /** Its meters are scraped from the start, at zero, before the first record. */
    void registerMeters(@Observes StartupEvent e) {
        intake.register(CONSUMER, Topics.REFERRALS);
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void on(ConsumerRecords<String, byte[]> records) {
        intake.consumeAll(records, CONSUMER, this::apply);
    }

    /** Applies one event of the referral topic to the referral facts, in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(EventEnvelope<D2aEvent> envelope) {
        D2aEvent event = envelope.event();
        if (event instanceof ReferralSubmitted e) {
            ReferralFactRecord r = factsOf(e.referralId(), envelope.time());
            r.ageAtAdmission = e.ageAtAdmission();
            r.admissionDate = e.admissionDate();
        } else if (event instanceof PatientDischarged e) {
            ReferralFactRecord r = factsOf(e.referralId(), envelope.time());
            r.dischargeDate = e.dischargeDate();
            r.dischargeDestination = e.destinationCode();
            r.dischargeVoidedAt = null;
        } else if (event instanceof DischargeCorrected e) {
            // The corrected date is the discharge date from now on: day 91, the due list and the start rule follow it.
            ReferralFactRecord r = factsOf(e.referralId(), envelope.time());
            r.dischargeDate = e.dischargeDate();
            r.dischargeDestination = e.destinationCode();
            r.dischargeCorrectedAt = envelope.time();
            r.dischargeVoidedAt = null;
            warnIfStarted(e.referralId(), "corrected to " + e.dischargeDate() + " by " + e.correctedBy());
        } else if (event instanceof DischargeVoided e) {
            // Back in hospital: pending placements cannot start until a new discharge arrives; started ones stay, and
            // their views flag that their discharge was voided.
            ReferralFactRecord r = factsOf(e.referralId(), envelope.time());
            r.dischargeDate = null;
            r.dischargeDestination = null;
            r.dischargeVoidedAt = envelope.time();
            warnIfStarted(e.referralId(), "voided by " + e.correctedBy());
        } else if (event instanceof ReferralWithdrawn e) {
            factsOf(e.referralId(), envelope.time()).withdrawn = true;
        }
        // Discharge ready dates (set or corrected) and pathway decisions do not bear on placements.
    }

    /** A discharge moved under placements that have started: they stay as recorded, and are flagged in their views. */
    private static void warnIfStarted(String referralId, String what) {
        long started = PlacementRecord.count("referralId = ?1 and status in ?2", referralId, STARTED);
        if (started > 0) {
            LOG.warnf("The hospital discharge of referral %s was %s after %d of its placements started; their views flag what "
                    + "no longer agrees with it", referralId, what, started);
        }
    }

    private static ReferralFactRecord factsOf(String referralId, Instant at) {
        ReferralFactRecord r = ReferralFactRecord.findById(referralId);
        if (r == null) {
            r = new ReferralFactRecord();
            r.referralId = referralId;
            r.updatedAt = at;
            r.persist();
        }
        r.updatedAt = at;
        return r;
    }
}
