-- capacity-service's own tables (the event store, outbox, processed events and idempotency keys come from db/eventstore).
-- Everything here is derived: care_service, capacity_period, claim and capacity_decline from the capacity streams in
-- the same transaction as each append; referral_demand from d2a.referrals (and from claims and declines).

-- One row per registered service. Every write to a service first locks its row (SELECT ... FOR UPDATE), which
-- serialises claims on that service; the stream's unique (stream_id, version) stays as the safety net.
CREATE TABLE care_service (
    id           TEXT PRIMARY KEY,
    version      BIGINT      NOT NULL,
    name         TEXT        NOT NULL,
    service_type TEXT        NOT NULL,
    locality     TEXT        NOT NULL,
    unit         TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
-- Two services of one type with the same name in one locality are almost certainly the same service twice.
CREATE UNIQUE INDEX care_service_name_key ON care_service (service_type, locality, lower(name));

-- The capacity timeline: units declared from a date on; the latest declaration for a date replaces the earlier one.
CREATE TABLE capacity_period (
    service_id TEXT NOT NULL REFERENCES care_service (id),
    from_date  DATE NOT NULL,
    units      INT  NOT NULL CHECK (units >= 0),
    PRIMARY KEY (service_id, from_date)
);

-- Claims, active and released. released_on is the Europe/London date of the release: from it on, the unit is free.
CREATE TABLE claim (
    id             TEXT PRIMARY KEY,
    service_id     TEXT        NOT NULL REFERENCES care_service (id),
    referral_id    TEXT        NOT NULL,
    start_date     DATE        NOT NULL,
    status         TEXT        NOT NULL,
    claimed_at     TIMESTAMPTZ NOT NULL,
    released_at    TIMESTAMPTZ,
    released_on    DATE,
    release_reason TEXT
);
CREATE INDEX claim_service_idx ON claim (service_id, start_date);
-- A referral holds at most one active claim: enforced by the referral row lock, backed up here.
CREATE UNIQUE INDEX claim_one_active_per_referral ON claim (referral_id) WHERE status = 'ACTIVE';

-- Declines for lack of capacity (referred elsewhere); the id is the event id.
CREATE TABLE capacity_decline (
    id           UUID PRIMARY KEY,
    service_id   TEXT        NOT NULL REFERENCES care_service (id),
    referral_id  TEXT        NOT NULL,
    service_type TEXT        NOT NULL,
    locality     TEXT        NOT NULL,
    reason       TEXT        NOT NULL,
    declined_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX capacity_decline_service_idx ON capacity_decline (service_id, declined_at);

-- What capacity-service knows of each referral: enough to keep the waiting list and to check claims and declines.
CREATE TABLE referral_demand (
    referral_id          TEXT PRIMARY KEY,
    locality             TEXT,
    site                 TEXT,
    discharge_ready_date DATE,
    pathway              TEXT,
    service_type         TEXT,
    decided_at           DATE,
    decision_recorded_at TIMESTAMPTZ,
    withdrawn            BOOLEAN     NOT NULL,
    discharge_date       DATE,
    claim_id             TEXT,
    claim_service_id     TEXT,
    declined_by_service  TEXT,
    declined_at          TIMESTAMPTZ,
    served_at            TIMESTAMPTZ,
    updated_at           TIMESTAMPTZ NOT NULL
);
-- The waiting list, in its order.
CREATE INDEX referral_demand_waiting_idx ON referral_demand (service_type, locality, discharge_ready_date, decided_at, decision_recorded_at)
    WHERE pathway IN ('P1', 'P2', 'P3') AND NOT withdrawn AND discharge_date IS NULL AND claim_id IS NULL
      AND declined_at IS NULL AND served_at IS NULL;
