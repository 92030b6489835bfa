package org.d2aflow.referral;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.d2aflow.testkit.TestStack;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** Row counts of every table a write touches: "nothing was written" means none of them changed. */
@ApplicationScoped
public class Tables {

    public static final List<String> WRITTEN = List.of("event_store", "outbox", "referral", "patient_identity", "idempotency_key",
            "identity_read_audit", "identity_export_audit");

    @Inject
    EntityManager em;

    public Map<String, Long> counts() {
        return TestStack.get().rowCounts("d2a_referral", WRITTEN);
    }

    /** The CloudEvents headers of one referral's outbox rows (JSON objects, as stored), in publication order. */
    public List<String> outboxHeaders(String referralId) {
        return QuarkusTransaction.requiringNew().call(() -> em
                .createNativeQuery("SELECT headers FROM outbox WHERE message_key = ?1 ORDER BY id", String.class)
                .setParameter(1, referralId).getResultList());
    }

    /** The outbox payloads of one referral, as text, in publication order. */
    public List<String> outboxPayloads(String referralId) {
        return QuarkusTransaction.requiringNew().call(() -> em
                .createNativeQuery("SELECT convert_from(payload, 'UTF8') FROM outbox WHERE message_key = ?1 ORDER BY id", String.class)
                .setParameter(1, referralId).getResultList());
    }

    public long events(String referralId, String type) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em
                .createNativeQuery("SELECT count(*) FROM event_store WHERE stream_id = ?1 AND event_type = ?2")
                .setParameter(1, referralId).setParameter(2, type).getSingleResult()).longValue());
    }

    /** The W3C traceparent stored with an event's outbox row (the writer's span), null when none was. */
    public String outboxTraceparent(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em
                .createNativeQuery("SELECT traceparent FROM outbox WHERE event_id = CAST(?1 AS uuid)")
                .setParameter(1, eventId).getSingleResult());
    }
}
