-- The service runs as its own database role (${service_role}, the datasource's user), not as the role that owns these
-- tables and runs the migrations: the owner grants it only what the code does. A table without a grant here is out
-- of the service's reach, so a new table states its grants in the migration that creates it.
-- (Where one role does both, as in a bare development setup, these grants change nothing and the triggers alone hold.)

-- Append-only: events are added and read, never changed, deleted or truncated; only the owner could disable the trigger.
GRANT SELECT, INSERT ON event_store TO "${service_role}";
GRANT USAGE ON SEQUENCE event_store_global_position_seq TO "${service_role}";
-- Consumers record what they applied; nothing forgets it.
GRANT SELECT, INSERT ON processed_event TO "${service_role}";
-- Rows are written with the events; the relay stamps publication and counts failed attempts, nothing else.
GRANT SELECT, INSERT, UPDATE (published_at, attempts, last_error) ON outbox TO "${service_role}";
GRANT USAGE ON SEQUENCE outbox_id_seq TO "${service_role}";
-- The relay's lease: taken, renewed and let go by updating its one row (SELECT ... FOR UPDATE needs the UPDATE).
GRANT SELECT, UPDATE (holder, epoch, expires_at) ON outbox_lease TO "${service_role}";
-- Idempotency keys keep the first answer and expire: claimed, answered, replaced when expired, swept.
GRANT SELECT, INSERT, DELETE, UPDATE (response_status, response_headers, response_body) ON idempotency_key TO "${service_role}";

-- The event store refuses rewriting by anyone, its owner included, as the identity audit does: a correction is a new event.
-- One function for every append-only table from now on (the audit, older, keeps its own).
CREATE FUNCTION refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$;
CREATE TRIGGER event_store_no_change BEFORE UPDATE OR DELETE ON event_store FOR EACH ROW EXECUTE FUNCTION refuse_rewrite();
CREATE TRIGGER event_store_no_truncate BEFORE TRUNCATE ON event_store FOR EACH STATEMENT EXECUTE FUNCTION refuse_rewrite();
