-- What placement-service's own role (${service_role}) may do with placement-service's tables; the owner role that runs
-- the migrations keeps the rest (see db/eventstore V1_3 for the shared tables).
-- The read models are derived from the placement streams and the topics: inserted and kept in step, never deleted or
-- truncated.
GRANT SELECT, INSERT, UPDATE ON service_registry, referral_fact, placement TO "${service_role}";
