-- Structured interview scorecards: one per interviewer per application
-- (saving again replaces it), each competency rated 1–4 with evidence
-- (JSON), and a recommendation. For the hiring team only.
CREATE TABLE scorecards (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id  INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    author_id       INTEGER NOT NULL REFERENCES users (id),
    ratings         TEXT    NOT NULL,
    recommendation  TEXT    NOT NULL CHECK (recommendation IN ('select', 'hold', 'do_not_select')),
    updated_at      TEXT    NOT NULL,
    CONSTRAINT scorecards_one_per_interviewer UNIQUE (application_id, author_id)
);
