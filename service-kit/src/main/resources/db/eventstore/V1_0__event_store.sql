-- The shared persistence of every event-sourced service. A service lists db/eventstore before its own
-- db/migration in quarkus.flyway.locations and numbers its own migrations from V100.

-- Append-only: one row per event. A duplicate (stream_id, version) is a concurrent write and is refused.
CREATE TABLE event_store (
    global_position BIGSERIAL PRIMARY KEY,
    event_id        UUID        NOT NULL,
    stream_type     TEXT        NOT NULL,
    stream_id       TEXT        NOT NULL,
    version         BIGINT      NOT NULL CHECK (version > 0),
    event_type      TEXT        NOT NULL,
    payload         TEXT        NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL,
    CONSTRAINT event_store_event_id_key UNIQUE (event_id),
    CONSTRAINT event_store_stream_version_key UNIQUE (stream_id, version)
);

-- Written in the same transaction as the events; the relay publishes rows in id order and stamps them.
CREATE TABLE outbox (
    id           BIGSERIAL PRIMARY KEY,
    event_id     UUID        NOT NULL,
    topic        TEXT        NOT NULL,
    message_key  TEXT        NOT NULL,
    headers      TEXT        NOT NULL,
    payload      BYTEA       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ,
    attempts     INT         NOT NULL DEFAULT 0,
    last_error   TEXT,
    CONSTRAINT outbox_event_id_key UNIQUE (event_id)
);
CREATE INDEX outbox_pending_idx ON outbox (id) WHERE published_at IS NULL;

-- Event ids a consumer has applied, written in the same transaction as the update they caused.
CREATE TABLE processed_event (
    consumer     TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

-- Client Idempotency-Key values: a retried request returns the resource of the first one.
CREATE TABLE idempotency_key (
    scope         TEXT        NOT NULL,
    key           TEXT        NOT NULL,
    request_hash  TEXT        NOT NULL,
    resource_id   TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, key)
);
