-- One relay at a time publishes a database's outbox: the one holding this lease. Its holder renews it every
-- round; when the holder dies, hangs or loses the database, the lease lapses after d2a.outbox.lease-ttl and
-- another instance takes it (epoch + 1). relay_id, drawn once per database, makes the Kafka transactional.id
-- of this outbox: whoever takes the lease starts a producer with that id, which fences every earlier holder.
CREATE TABLE outbox_lease (
    name       TEXT        PRIMARY KEY,
    relay_id   TEXT        NOT NULL,
    holder     TEXT,
    epoch      BIGINT      NOT NULL DEFAULT 0,
    expires_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity'
);
INSERT INTO outbox_lease (name, relay_id) VALUES ('outbox', substr(md5(random()::text || clock_timestamp()::text), 1, 12));
