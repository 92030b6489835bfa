-- Organisation scoping: a referral belongs to the organisation of the coordinator who opened it.
ALTER TABLE referral ADD COLUMN organisation TEXT;
CREATE INDEX referral_organisation_idx ON referral (organisation, created_at DESC);

-- The patient's name is identity too: kept here beside the NHS number, never in an event.
ALTER TABLE patient_identity ADD COLUMN name TEXT;

-- Every read of a patient's identity, who made it and why. Append-only: the triggers below refuse any
-- UPDATE, DELETE or TRUNCATE, so not even the service's own database user can rewrite the trail.
CREATE TABLE identity_read_audit (
    id           BIGSERIAL PRIMARY KEY,
    read_at      TIMESTAMPTZ NOT NULL,
    reader       TEXT        NOT NULL,
    organisation TEXT        NOT NULL,
    referral_id  TEXT        NOT NULL REFERENCES referral (id),
    reason       TEXT        NOT NULL
);
CREATE INDEX identity_read_audit_referral_idx ON identity_read_audit (referral_id, id);
CREATE INDEX identity_read_audit_reader_idx ON identity_read_audit (reader, id);

CREATE FUNCTION identity_read_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'identity_read_audit is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER identity_read_audit_no_change BEFORE UPDATE OR DELETE ON identity_read_audit
    FOR EACH ROW EXECUTE FUNCTION identity_read_audit_is_append_only();
CREATE TRIGGER identity_read_audit_no_truncate BEFORE TRUNCATE ON identity_read_audit
    FOR EACH STATEMENT EXECUTE FUNCTION identity_read_audit_is_append_only();
