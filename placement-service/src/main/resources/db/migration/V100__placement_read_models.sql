-- placement-service's own tables (the event store, outbox, processed events and idempotency keys come from db/eventstore).

-- Services as capacity-service registered them: where a placement's service type comes from.
CREATE TABLE service_registry (
    service_id    TEXT PRIMARY KEY,
    name          TEXT        NOT NULL,
    service_type  TEXT        NOT NULL,
    locality      TEXT        NOT NULL,
    unit          TEXT        NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL
);

-- What the referral topic says about each referral; filled in whatever order its events and the claims arrive.
CREATE TABLE referral_fact (
    referral_id          TEXT PRIMARY KEY,
    age_at_admission     INT,
    admission_date       DATE,
    discharge_date       DATE,
    discharge_destination TEXT,
    withdrawn            BOOLEAN     NOT NULL DEFAULT FALSE,
    updated_at           TIMESTAMPTZ NOT NULL
);

-- One row per capacity claim (placement id = claim id): PENDING from the claim, then kept in step with the
-- placement's event stream in the same transaction as each change.
CREATE TABLE placement (
    placement_id          TEXT PRIMARY KEY,
    referral_id           TEXT        NOT NULL,
    service_id            TEXT        NOT NULL,
    service_name          TEXT,
    service_type          TEXT,
    status                TEXT        NOT NULL,
    version               BIGINT      NOT NULL,
    planned_start_date    DATE        NOT NULL,
    start_date            DATE,
    end_date              DATE,
    end_reason            TEXT,
    day91_status          TEXT,
    follow_up_recorded_at TIMESTAMPTZ,
    cancelled_reason      TEXT,
    claimed_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    CONSTRAINT placement_ended_after_start CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX placement_status_idx ON placement (status, claimed_at DESC);
CREATE INDEX placement_service_idx ON placement (service_id);
CREATE INDEX placement_referral_idx ON placement (referral_id);
-- The 91-day follow-up is taken once per referral (one hospital discharge), whichever placement carries it.
CREATE UNIQUE INDEX placement_one_follow_up_per_referral ON placement (referral_id) WHERE day91_status IS NOT NULL;
