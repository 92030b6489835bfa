package org.d2aflow.kit.eventstore;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row of the append-only event store. */
@Entity
@Table(name = "event_store")
public class StoredEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "global_position")
    public Long globalPosition;

    @Column(name = "event_id", nullable = false, updatable = false)
    public UUID eventId;

    @Column(name = "stream_type", nullable = false, updatable = false)
    public String streamType;

    @Column(name = "stream_id", nullable = false, updatable = false)
    public String streamId;

    @Column(nullable = false, updatable = false)
    public long version;

    @Column(name = "event_type", nullable = false, updatable = false)
    public String eventType;

    @Column(nullable = false, updatable = false)
    public String payload;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    public Instant recordedAt;
}
