package org.d2aflow.kit.messaging;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

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

    /**
     * Records a batch of event ids as processed by {@code consumer} in one statement and gives back those that were
     * not recorded before, the ones to apply (an id given twice counts once). One round trip, issued before the
     * batch loads anything, instead of one statement per event; must run inside the transaction that applies them.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> firstDeliveries(String consumer, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        java.time.OffsetDateTime now = java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        return em.unwrap(Session.class).doReturningWork(connection -> {
            Set<String> fresh = new HashSet<>();
            java.sql.Array ids = connection.createArrayOf("text", eventIds.toArray());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO processed_event (consumer, event_id, processed_at) SELECT ?, id, ? FROM unnest(?::text[]) AS id "
                            + "ON CONFLICT DO NOTHING RETURNING event_id")) {
                insert.setString(1, consumer);
                insert.setObject(2, now);
                insert.setArray(3, ids);
                try (ResultSet inserted = insert.executeQuery()) {
                    while (inserted.next()) {
                        fresh.add(inserted.getString(1));
                    }
                }
            } finally {
                ids.free();
            }
            return fresh;
        });
    }
}
