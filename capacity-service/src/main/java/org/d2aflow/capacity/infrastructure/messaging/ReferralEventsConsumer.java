package org.d2aflow.capacity.infrastructure.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.d2aflow.capacity.application.ReferralDemand;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.kit.messaging.GuardedIntake;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;

/** Reads d2a.referrals into the referral demand model: the waiting list and what claims are checked against. */
@ApplicationScoped
public class ReferralEventsConsumer {

    /** The channel, configured in application.properties on topic d2a.referrals. */
    public static final String CHANNEL = "referrals";
    /** The name this consumer's processed events are recorded under. */
    public static final String CONSUMER = "capacity.referrals";

    private static final Logger LOG = Logger.getLogger(ReferralEventsConsumer.class);

    @Inject
    GuardedIntake intake;

    @Inject
    ReferralDemand demand;

    /** Its meters are scraped from the start, at zero, before the first record. */
    void registerMeters(@Observes StartupEvent e) {
        intake.register(CONSUMER, Topics.REFERRALS);
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void on(ConsumerRecords<String, byte[]> records) {
        intake.consumeAll(records, CONSUMER, this::apply);
    }

    /** Applies one event, inside the intake's transaction. */
    public void apply(EventEnvelope<D2aEvent> envelope) {
        if (envelope.event() instanceof ReferralEvent) {
            demand.apply(envelope.narrow(ReferralEvent.class));
        } else {
            LOG.debugf("Ignoring %s on the referrals topic", envelope.type());
        }
    }
}
