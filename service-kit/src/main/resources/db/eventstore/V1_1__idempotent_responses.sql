-- An Idempotency-Key now keeps the first answer itself (status, the headers that matter, the body bytes), so a
-- retry gets exactly those bytes back, for every kind of write and not only creations; and it expires.
-- Keys recorded before this version carry no answer: they are dropped (they only ever protected retries of a
-- few seconds).
DELETE FROM idempotency_key;
ALTER TABLE idempotency_key ALTER COLUMN resource_id DROP NOT NULL;
ALTER TABLE idempotency_key
    ADD COLUMN response_status  INT,
    ADD COLUMN response_headers TEXT,
    ADD COLUMN response_body    BYTEA,
    ADD COLUMN expires_at       TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX idempotency_key_expires_idx ON idempotency_key (expires_at);
