-- referral-service's own tables (the event store, outbox and idempotency keys come from db/eventstore).

-- The read model of referrals, rebuilt from the event store in the same transaction as each change.
CREATE TABLE referral (
    id                   TEXT PRIMARY KEY,
    version              BIGINT      NOT NULL,
    status               TEXT        NOT NULL,
    patient_key          TEXT        NOT NULL,
    age_at_admission     INT         NOT NULL,
    sex                  TEXT        NOT NULL,
    locality             TEXT        NOT NULL,
    site                 TEXT        NOT NULL,
    ward                 TEXT        NOT NULL,
    admission_date       DATE        NOT NULL,
    usual_residence      TEXT        NOT NULL,
    discharge_ready_date DATE,
    pathway              TEXT,
    service_type         TEXT,
    decided_at           DATE,
    discharge_date       DATE,
    destination_code     TEXT,
    method_code          TEXT,
    withdrawn_reason     TEXT,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX referral_status_idx ON referral (status);
CREATE INDEX referral_locality_site_idx ON referral (locality, site);
CREATE INDEX referral_discharge_date_idx ON referral (discharge_date);

-- Identity stays here and never reaches an event: the NHS number and date of birth of each referral.
CREATE TABLE patient_identity (
    referral_id   TEXT PRIMARY KEY REFERENCES referral (id),
    nhs_number    CHAR(10) NOT NULL,
    date_of_birth DATE     NOT NULL
);
CREATE INDEX patient_identity_nhs_idx ON patient_identity (nhs_number);
