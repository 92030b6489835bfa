package org.d2aflow.kit.eventstore;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventJson;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.d2aflow.contracts.kafka.SerializedEvent;
import org.d2aflow.kit.domain.ConcurrencyConflictException;
import org.d2aflow.kit.outbox.OutboxMessage;
import org.d2aflow.kit.outbox.OutboxWritten;
import org.d2aflow.kit.tracing.EventTracing;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The PostgreSQL event store: loads a stream, and appends new events to it together with their outbox rows
 * in the caller's transaction. A version already taken is a concurrent write and fails the whole append.
 */
@ApplicationScoped
public class EventStore {

    private static final ObjectMapper HEADERS_JSON = new ObjectMapper();

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Event<OutboxWritten> outboxWritten;

    @Inject
    jakarta.transaction.TransactionSynchronizationRegistry transactions;

    private static final String APPENDED = "d2a.event-store.appended:";

    /** Whether the current transaction has appended to the stream (its events read back are not committed yet). */
    public boolean appendedInThisTransaction(String streamId) {
        return transactions.getTransactionKey() != null && transactions.getResource(APPENDED + streamId) != null;
    }

    /** The CloudEvents source of this service, e.g. /d2a/referral-service. */
    @ConfigProperty(name = "d2a.event-store.source")
    String source;

    /** Every event of a stream, oldest first; empty when the stream does not exist. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EventEnvelope<D2aEvent>> load(String streamId) {
        return loadAfter(streamId, 0);
    }

    /** The events of a stream after {@code version}, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<EventEnvelope<D2aEvent>> loadAfter(String streamId, long version) {
        List<StoredEvent> rows = em.createQuery("FROM StoredEvent WHERE streamId = :id AND version > :after ORDER BY version",
                StoredEvent.class).setParameter("id", streamId).setParameter("after", version).getResultList();
        List<EventEnvelope<D2aEvent>> events = new ArrayList<>(rows.size());
        for (StoredEvent row : rows) {
            D2aEvent event = EventJson.read(row.eventType, row.payload.getBytes(StandardCharsets.UTF_8));
            events.add(EventEnvelope.of(row.eventId.toString(), source, row.recordedAt, row.version, event));
        }
        return events;
    }

    /**
     * Appends events after {@code expectedVersion} (0 for a new stream) and queues them for publication.
     * Must run inside the caller's transaction, so that the state change and the events commit together.
     *
     * @throws ConcurrencyConflictException when another write took one of the versions first
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <E extends D2aEvent> List<EventEnvelope<E>> append(String streamType, String streamId, long expectedVersion, List<E> events) {
        try {
            List<EventEnvelope<E>> appended = write(streamType, streamId, expectedVersion, events);
            transactions.putResource(APPENDED + streamId, Boolean.TRUE);
            em.flush();
            outboxWritten.fire(new OutboxWritten(appended.size()));
            return appended;
        } catch (PersistenceException e) {
            // Identity keys make Hibernate insert at persist time, so the clash can surface here or at flush.
            if (isVersionClash(e)) {
                throw new ConcurrencyConflictException(streamId, expectedVersion);
            }
            throw e;
        }
    }

    private <E extends D2aEvent> List<EventEnvelope<E>> write(String streamType, String streamId, long expectedVersion, List<E> events) {
        Instant now = clock.instant();
        EventTracing.StoredContext trace = EventTracing.current();
        List<EventEnvelope<E>> appended = new ArrayList<>(events.size());
        long version = expectedVersion;
        for (E event : events) {
            version++;
            EventEnvelope<E> envelope = EventEnvelope.of(UUID.randomUUID().toString(), source, now, version, event);
            SerializedEvent serialized = CloudEventHeaders.serialize(envelope);

            StoredEvent row = new StoredEvent();
            row.eventId = UUID.fromString(envelope.id());
            row.streamType = streamType;
            row.streamId = streamId;
            row.version = version;
            row.eventType = envelope.type();
            row.payload = new String(serialized.value(), StandardCharsets.UTF_8);
            row.recordedAt = now;
            em.persist(row);

            OutboxMessage out = new OutboxMessage();
            out.eventId = row.eventId;
            out.topic = serialized.topic();
            out.messageKey = serialized.key();
            out.headers = headersJson(serialized);
            out.payload = serialized.value();
            out.createdAt = now;
            if (trace != null) {
                out.traceparent = trace.traceparent();
                out.tracestate = trace.tracestate();
            }
            em.persist(out);
            appended.add(envelope);
        }
        return appended;
    }

    /** Writes what the transaction holds so far, so that a constraint fails here rather than at commit. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void flush() {
        em.flush();
    }

    /** The current version of a stream, 0 when it has no events. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long currentVersion(String streamId) {
        Long v = em.createQuery("SELECT max(version) FROM StoredEvent WHERE streamId = :id", Long.class)
                .setParameter("id", streamId).getSingleResult();
        return v == null ? 0 : v;
    }

    private static boolean isVersionClash(Throwable e) {
        return org.d2aflow.kit.persistence.UniqueViolation.of(e, "event_store_stream_version_key");
    }

    private static String headersJson(SerializedEvent e) {
        try {
            return HEADERS_JSON.writeValueAsString(e.headers());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("Headers are plain strings and always serialize", ex);
        }
    }
}
