package org.d2aflow.placement.infrastructure.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.d2aflow.kit.messaging.GuardedIntake;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.placement.infrastructure.ReferralFactRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Reads {@code d2a.referrals} for the facts a placement depends on: age and admission date, the hospital
 * discharge date (no start before it, follow-up at + 91 days) and withdrawal. Independent of the claims'
 * topic, so either may arrive first.
 */
@ApplicationScoped
public class ReferralEventsConsumer {

    /** The incoming channel (configured in application.properties). */
    public static final String CHANNEL = "referrals";
    /** The consumer name under which processed event ids are remembered. */
    public static final String CONSUMER = "placement.referrals";

    @Inject
    GuardedIntake intake;

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
        } else if (event instanceof ReferralWithdrawn e) {
            factsOf(e.referralId(), envelope.time()).withdrawn = true;
        }
        // Discharge ready dates and pathway decisions do not bear on placements.
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
