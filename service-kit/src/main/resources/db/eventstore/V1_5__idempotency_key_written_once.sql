-- An Idempotency-Key is now written once, with its answer, at the end of the request's transaction (one INSERT where
-- there were an INSERT and an UPDATE): the service role no longer updates the kept answer, so it loses that grant.
REVOKE UPDATE (response_status, response_headers, response_body) ON idempotency_key FROM "${service_role}";
