-- The append-only audit trail: who did what, when, from where, with what
-- outcome. Rows are only ever inserted. The actor is kept as an id and an
-- email snapshot without a foreign key, so the trail outlives any account.
-- Times are UTC, ISO 8601 with microseconds ("2026-11-22T23:05:00.000000Z"),
-- stored as text so that the same queries serve SQLite and PostgreSQL.
CREATE TABLE audit_log (
    id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at  TEXT    NOT NULL,
    actor_id     BIGINT,
    actor_email  TEXT,
    action       TEXT    NOT NULL,
    subject      TEXT,
    outcome      TEXT    NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
    remote_addr  TEXT,
    detail       TEXT
);

CREATE INDEX audit_log_occurred_at ON audit_log (occurred_at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, occurred_at);
