-- Pooled hiring: one announcement and one ranked list from which many
-- agencies select. Agencies are named and coded by staff; a hiring
-- manager on a pooled opening acts for one agency; an applicant selected
-- by an agency is taken (`taken_by`) and shown so to the others.
CREATE TABLE agencies (
    id          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    CONSTRAINT agencies_code_key UNIQUE (code),
    CONSTRAINT agencies_name_key UNIQUE (name)
);

ALTER TABLE openings ADD COLUMN pooled BIGINT NOT NULL DEFAULT 0
    CHECK (pooled IN (0, 1));
ALTER TABLE opening_managers ADD COLUMN agency_id BIGINT REFERENCES agencies (id);
ALTER TABLE applications ADD COLUMN taken_by BIGINT REFERENCES agencies (id);
