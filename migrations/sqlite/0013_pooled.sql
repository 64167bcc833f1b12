-- Pooled hiring: one announcement and one ranked list from which many
-- agencies select. Agencies are named and coded by staff; a hiring
-- manager on a pooled opening acts for one agency; an applicant selected
-- by an agency is taken (`taken_by`) and shown so to the others.
CREATE TABLE agencies (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    code        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL UNIQUE,
    created_at  TEXT    NOT NULL
);

ALTER TABLE openings ADD COLUMN pooled INTEGER NOT NULL DEFAULT 0
    CHECK (pooled IN (0, 1));
ALTER TABLE opening_managers ADD COLUMN agency_id INTEGER REFERENCES agencies (id);
ALTER TABLE applications ADD COLUMN taken_by INTEGER REFERENCES agencies (id);
