-- The W3C Trace Context of the request (or consumer) that wrote the row, so that the relay, later and in another
-- thread, publishes it in a span of the same trace (service-kit README, Traces). Null when no span was active: rows
-- written before this version, or with OpenTelemetry's SDK off. Written once with the row and never updated, so the
-- service role's grants stay as they are: INSERT covers the new columns, and the relay still updates only
-- published_at, attempts and last_error.
ALTER TABLE outbox
    ADD COLUMN traceparent TEXT,
    ADD COLUMN tracestate  TEXT;
