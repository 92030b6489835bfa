-- Issue 20: a national return with NHS numbers (the CLD extract) is produced only here, for administrators, and every
-- such export is recorded: who, for which organisation, when, which return, period and as-known-at instant, why, and
-- how many NHS numbers it exposed. Append-only like identity_read_audit: triggers refuse UPDATE, DELETE and TRUNCATE.
CREATE TABLE identity_export_audit (
    id                   BIGSERIAL PRIMARY KEY,
    exported_at          TIMESTAMPTZ NOT NULL,
    exporter             TEXT        NOT NULL,
    organisation         TEXT        NOT NULL,
    return_name          TEXT        NOT NULL,
    period               TEXT        NOT NULL,
    as_known_at          TIMESTAMPTZ NOT NULL,
    reason               TEXT        NOT NULL,
    nhs_numbers          INT         NOT NULL CHECK (nhs_numbers >= 0),
    rows_total           INT         NOT NULL CHECK (rows_total >= 0),
    rows_identified      INT         NOT NULL CHECK (rows_identified >= 0),
    rows_unmatched       INT         NOT NULL CHECK (rows_unmatched >= 0)
);
CREATE INDEX identity_export_audit_exporter_idx ON identity_export_audit (exporter, id);

CREATE FUNCTION identity_export_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'identity_export_audit is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER identity_export_audit_no_change BEFORE UPDATE OR DELETE ON identity_export_audit
    FOR EACH ROW EXECUTE FUNCTION identity_export_audit_is_append_only();
CREATE TRIGGER identity_export_audit_no_truncate BEFORE TRUNCATE ON identity_export_audit
    FOR EACH STATEMENT EXECUTE FUNCTION identity_export_audit_is_append_only();

-- The service adds to the trail and reads it, never rewrites it (and, owning nothing, cannot disable the triggers).
GRANT SELECT, INSERT ON identity_export_audit TO "${service_role}";
GRANT USAGE ON SEQUENCE identity_export_audit_id_seq TO "${service_role}";

-- The export looks people up by patient key (one key per person, on each of their referrals).
CREATE INDEX referral_patient_key_idx ON referral (patient_key);
