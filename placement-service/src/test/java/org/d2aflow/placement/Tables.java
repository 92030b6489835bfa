package org.d2aflow.placement;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.d2aflow.testkit.TestStack;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** Row counts of every table this service writes: "nothing was written" means none of them changed. */
@ApplicationScoped
public class Tables {

    public static final List<String> WRITTEN = List.of("event_store", "outbox", "placement", "service_registry", "referral_fact",
            "processed_event", "idempotency_key");

    @Inject
    EntityManager em;

    public Map<String, Long> counts() {
        return TestStack.get().rowCounts("d2a_placement", WRITTEN);
    }

    /** Event types of one placement's stream, in order. */
    public List<String> eventTypes(String placementId) {
        return QuarkusTransaction.requiringNew().call(() -> em
                .createNativeQuery("SELECT event_type FROM event_store WHERE stream_id = ?1 ORDER BY version", String.class)
                .setParameter(1, placementId).getResultList());
    }

    /** The topics of the outbox rows with one Kafka key, in publication order. */
    public List<String> outboxTopics(String key) {
        return QuarkusTransaction.requiringNew().call(() -> em
                .createNativeQuery("SELECT topic FROM outbox WHERE message_key = ?1 ORDER BY id", String.class)
                .setParameter(1, key).getResultList());
    }

    /** How often a consumer recorded an event id as processed (1 at most). */
    public long processed(String consumer, String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("SELECT count(*) FROM processed_event WHERE consumer = ?1 AND event_id = ?2")
                .setParameter(1, consumer).setParameter(2, eventId).getSingleResult()).longValue());
    }
}
