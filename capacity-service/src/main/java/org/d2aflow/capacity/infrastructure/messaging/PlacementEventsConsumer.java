package org.d2aflow.capacity.infrastructure.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.d2aflow.capacity.application.CapacityService;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.kit.messaging.GuardedIntake;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;

/** Reads d2a.placements: an ended placement releases the claim it was made from (placement id = claim id). */
@ApplicationScoped
public class PlacementEventsConsumer {

    /** The channel, configured in application.properties on topic d2a.placements. */
    public static final String CHANNEL = "placements";
    /** The name this consumer's processed events are recorded under. */
    public static final String CONSUMER = "capacity.placements";

    private static final Logger LOG = Logger.getLogger(PlacementEventsConsumer.class);

    @Inject
    GuardedIntake intake;

    @Inject
    CapacityService capacity;

    /** Its meters are scraped from the start, at zero, before the first record. */
    void registerMeters(@Observes StartupEvent e) {
        intake.register(CONSUMER, Topics.PLACEMENTS);
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void on(ConsumerRecords<String, byte[]> records) {
        intake.consumeAll(records, CONSUMER, this::apply);
    }

    /** Applies one event, inside the intake's transaction; only placement.ended matters here. */
    public void apply(EventEnvelope<D2aEvent> envelope) {
        if (envelope.event() instanceof PlacementEnded ended) {
            capacity.placementEnded(ended);
        } else {
            LOG.debugf("Ignoring %s: only ended placements change capacity", envelope.type());
        }
    }
}
