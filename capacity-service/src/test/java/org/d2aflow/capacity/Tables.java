package org.d2aflow.capacity;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.d2aflow.capacity.infrastructure.messaging.ReferralEventsConsumer;
import org.d2aflow.contracts.EventEnvelope;

import org.d2aflow.testkit.TestStack;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** The database as tests look at it: row counts of every table a request writes, and what the consumers applied. */
@ApplicationScoped
public class Tables {

    public static final List<String> WRITTEN = List.of("event_store", "outbox", "care_service", "capacity_period", "claim",
            "capacity_decline", "referral_demand", "idempotency_key");

    @Inject
    EntityManager em;

    public Map<String, Long> counts() {
        return TestStack.get().rowCounts("d2a_capacity", WRITTEN);
    }

    /** Whether the consumer has applied (or deliberately skipped) the event. */
    public boolean applied(String consumer, String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> !em
                .createNativeQuery("SELECT 1 FROM processed_event WHERE consumer = ?1 AND event_id = ?2")
                .setParameter(1, consumer).setParameter(2, eventId).getResultList().isEmpty());
    }

    /** Waits until the referrals consumer has applied the last of these events (one key: they arrive in order). */
    public void awaitReferralEvents(List<? extends EventEnvelope<?>> published) {
        awaitApplied(ReferralEventsConsumer.CONSUMER, published.get(published.size() - 1).id());
    }

    public void awaitApplied(String consumer, String eventId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> applied(consumer, eventId));
    }

    /** Event types of a service's stream, in order. */
    public List<String> streamTypes(String serviceId) {
        return QuarkusTransaction.requiringNew().call(() -> em
                .createNativeQuery("SELECT event_type FROM event_store WHERE stream_id = ?1 ORDER BY version", String.class)
                .setParameter(1, serviceId).getResultList());
    }

    /** Event types waiting in or sent from the outbox for a key, in order. */
    public List<String> outboxTypes(String key) {
        return QuarkusTransaction.requiringNew().call(() -> em
                .createNativeQuery("SELECT headers::json ->> 'ce_type' FROM outbox WHERE message_key = ?1 ORDER BY id", String.class)
                .setParameter(1, key).getResultList());
    }

    public long count(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            return ((Number) q.getSingleResult()).longValue();
        });
    }

    private long number(String sql) {
        return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
    }
}
