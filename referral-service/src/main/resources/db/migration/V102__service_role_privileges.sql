-- What referral-service's own role (${service_role}) may do with referral-service's tables; the owner role that runs the
-- migrations keeps the rest (see db/eventstore V1_3 for the shared tables).

-- The read model: inserted when a referral is submitted, updated with each change, never deleted.
GRANT SELECT, INSERT, UPDATE ON referral TO "${service_role}";
-- Identity is written once and read (every read audited); the service cannot change it.
GRANT SELECT, INSERT ON patient_identity TO "${service_role}";
-- The audit trail of identity reads: added to and read, never rewritten. Owning nothing, the service cannot disable
-- its triggers either.
GRANT SELECT, INSERT ON identity_read_audit TO "${service_role}";
GRANT USAGE ON SEQUENCE identity_read_audit_id_seq TO "${service_role}";
