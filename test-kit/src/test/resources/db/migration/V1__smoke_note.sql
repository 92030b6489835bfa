-- A table that only the foundation smoke test uses: proves Flyway migrates the real database and
-- Hibernate validates against it.
CREATE TABLE smoke_note (
    id         BIGINT PRIMARY KEY,
    body       TEXT NOT NULL,
    written_at TIMESTAMPTZ NOT NULL
);
CREATE SEQUENCE smoke_note_seq START WITH 1 INCREMENT BY 50;
