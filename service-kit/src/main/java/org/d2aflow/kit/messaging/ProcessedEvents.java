package org.d2aflow.kit.messaging;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The memory of an idempotent consumer: the ids of the events it has applied, recorded in the same
 * transaction as the update they caused, so a redelivered event is recognised and skipped.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /**
     * Records the event as processed by {@code consumer}; false when it already was (skip it).
     * Must run inside the transaction that applies the event.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId) {
        int inserted = em.createNativeQuery(
                "INSERT INTO processed_event (consumer, event_id, processed_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .setParameter(3, java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC))
                .executeUpdate();
        return inserted == 1;
    }
}
