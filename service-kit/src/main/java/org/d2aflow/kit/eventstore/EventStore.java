package org.d2aflow.kit.eventstore;

import java.nio.charset.StandardCharsets;
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
import jakarta.transaction.Transactional;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventJson;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.d2aflow.contracts.kafka.SerializedEvent;
import org.d2aflow.kit.domain.ConcurrencyConflictException;
import org.d2aflow.kit.outbox.OutboxWritten;
import org.d2aflow.kit.persistence.FlatJson;
import org.d2aflow.kit.persistence.TransactionJdbc;
import org.d2aflow.kit.tracing.EventTracing;
import org.eclipse.microprofile.config.inject.ConfigProperty;


/**
 * The PostgreSQL event store: loads a stream, and appends new events to it together with their outbox rows
 * in the caller's transaction. A version already taken is a concurrent write and fails the whole append.
 */
@ApplicationScoped
public class EventStore {

    @Inject
    EntityManager em;

    @Inject
    TransactionJdbc jdbc;

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
        jdbc.sendDeferred(); // this transaction's appends first: a read sees them
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
     * Must run inside the caller's transaction, so that the state change and the events commit together. The rows
     * are sent at the transaction's next {@link #flush()} (or its next JDBC statement, or before it commits), with the
     * statements deferred meanwhile, such as a new read model row (service-kit {@code TransactionJdbc}): the command
     * pipeline flushes right after the read model, so a command costs one round trip for all of them.
     *
     * @throws ConcurrencyConflictException from that flush, when another write took one of the versions first
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <E extends D2aEvent> List<EventEnvelope<E>> append(String streamType, String streamId, long expectedVersion, List<E> events) {
        List<EventEnvelope<E>> appended = write(streamType, streamId, expectedVersion, events);
        transactions.putResource(APPENDED + streamId, Boolean.TRUE);
        outboxWritten.fire(new OutboxWritten(appended.size()));
        return appended;
    }

    /**
     * One statement per event writes its event row and its outbox row, prepared once per connection (the driver keeps
     * it): no identity read-back ({@code RETURNING *}), no entity bookkeeping. Both ids are drawn from their sequences
     * as the rows are inserted, so a stream's later events always get higher outbox ids than its earlier ones,
     * whichever instance writes them: the relay's order (outbox id) keeps each key's order.
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
        long version = expectedVersion;
        for (E event : events) {
            version++;
            UUID id = UUID.randomUUID();
            EventEnvelope<E> envelope = EventEnvelope.of(id.toString(), source, now, version, event);
            appended.add(envelope);
            SerializedEvent serialized = CloudEventHeaders.serialize(envelope);
            byte[] value = serialized.value(); // a copy: taken once
            String headers = FlatJson.object(serialized.headers());
            jdbc.later(APPEND, (ps, i) -> {
                ps.setObject(i, id);
                ps.setString(i + 1, streamType);
                ps.setString(i + 2, streamId);
                ps.setLong(i + 3, envelope.streamVersion());
                ps.setString(i + 4, envelope.type());
                ps.setString(i + 5, new String(value, StandardCharsets.UTF_8));
                ps.setObject(i + 6, at);
                ps.setString(i + 7, serialized.topic());
                ps.setString(i + 8, serialized.key());
                ps.setString(i + 9, headers);
                ps.setBytes(i + 10, value);
                ps.setObject(i + 11, at);
                ps.setString(i + 12, trace == null ? null : trace.traceparent());
                ps.setString(i + 13, trace == null ? null : trace.tracestate());
                return i + 14;
            }, failed -> isVersionClash(failed) ? new ConcurrencyConflictException(streamId, expectedVersion) : failed);
        }
        return appended;
    }

    /**
     * Sends the appended rows and the other deferred statements, then what the transaction holds in Hibernate's session
     * (when it has used an entity at all), so that a constraint fails here rather than at commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void flush() {
        jdbc.flush();
    }

    /** The current version of a stream, 0 when it has no events. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long currentVersion(String streamId) {
        jdbc.sendDeferred();
        Long v = em.createQuery("SELECT max(version) FROM StoredEvent WHERE streamId = :id", Long.class)
                .setParameter("id", streamId).getSingleResult();
        return v == null ? 0 : v;
    }

    private static boolean isVersionClash(Throwable e) {
        return org.d2aflow.kit.persistence.UniqueViolation.of(e, "event_store_stream_version_key");
    }
}
