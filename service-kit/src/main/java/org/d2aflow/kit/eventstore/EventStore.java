package org.d2aflow.kit.eventstore;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import org.d2aflow.kit.outbox.OutboxWritten;
import org.d2aflow.kit.tracing.EventTracing;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

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
            outboxWritten.fire(new OutboxWritten(appended.size()));
            return appended;
        } catch (PersistenceException e) {
            // The rows are written at once (not at flush), so a clash surfaces here.
            if (isVersionClash(e)) {
                throw new ConcurrencyConflictException(streamId, expectedVersion);
            }
            throw e;
        }
    }

    /**
     * One statement per event writes its event row and its outbox row, prepared once per connection (the driver keeps
     * it) and sent as one batch: no identity read-back ({@code RETURNING *}), no entity bookkeeping. Both ids are drawn
     * from their sequences as the rows are inserted, so a stream's later events always get higher outbox ids than its
     * earlier ones, whichever instance writes them: the relay's order (outbox id) keeps each key's order.
     */
    static final String APPEND = "WITH e AS (INSERT INTO event_store (event_id, stream_type, stream_id, version, event_type, payload, recorded_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING event_id) "
            + "INSERT INTO outbox (event_id, topic, message_key, headers, payload, created_at, traceparent, tracestate, attempts) "
            + "SELECT event_id, ?, ?, ?, ?, ?, ?, ?, 0 FROM e";

    private <E extends D2aEvent> List<EventEnvelope<E>> write(String streamType, String streamId, long expectedVersion, List<E> events) {
        Instant now = clock.instant();
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        EventTracing.StoredContext trace = EventTracing.current();
        List<EventEnvelope<E>> appended = new ArrayList<>(events.size());
        List<SerializedEvent> rows = new ArrayList<>(events.size());
        long version = expectedVersion;
        for (E event : events) {
            version++;
            EventEnvelope<E> envelope = EventEnvelope.of(UUID.randomUUID().toString(), source, now, version, event);
            appended.add(envelope);
            rows.add(CloudEventHeaders.serialize(envelope));
        }
        em.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(APPEND)) {
                for (int i = 0; i < appended.size(); i++) {
                    EventEnvelope<E> envelope = appended.get(i);
                    SerializedEvent serialized = rows.get(i);
                    ps.setObject(1, UUID.fromString(envelope.id()));
                    ps.setString(2, streamType);
                    ps.setString(3, streamId);
                    ps.setLong(4, envelope.streamVersion());
                    ps.setString(5, envelope.type());
                    ps.setString(6, new String(serialized.value(), StandardCharsets.UTF_8));
                    ps.setObject(7, at);
                    ps.setString(8, serialized.topic());
                    ps.setString(9, serialized.key());
                    ps.setString(10, headersJson(serialized));
                    ps.setBytes(11, serialized.value());
                    ps.setObject(12, at);
                    ps.setString(13, trace == null ? null : trace.traceparent());
                    ps.setString(14, trace == null ? null : trace.tracestate());
                    if (appended.size() == 1) {
                        ps.executeUpdate();
                    } else {
                        ps.addBatch();
                    }
                }
                if (appended.size() > 1) {
                    ps.executeBatch();
                }
            }
        });
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
