-- What capacity-service's own role (${service_role}) may do with capacity-service's tables; the owner role that runs the
-- migrations keeps the rest (see db/eventstore V1_3 for the shared tables).
-- The read models are derived from the streams and d2a.referrals: inserted and kept in step, never deleted or truncated.
-- A claim locks its service's row (SELECT ... FOR UPDATE), which the UPDATE privilege allows.
GRANT SELECT, INSERT, UPDATE ON care_service, capacity_period, claim, capacity_decline, referral_demand TO "${service_role}";
