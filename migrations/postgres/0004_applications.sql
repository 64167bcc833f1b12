-- Applications: one per candidate per opening. A draft is saved at every
-- step and submitted once; from then on its status moves only through the
-- transition table in app/src/domain/application.rs, each move appended to
-- application_history. `public_id` (random) is the only id a URL carries,
-- so guessing one application's address from another's is hopeless.
-- `version` grows with every change: a move that raced another fails.
CREATE TABLE applications (
    id                   BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id            TEXT    NOT NULL,
    opening_id           BIGINT  NOT NULL REFERENCES openings (id),
    candidate_id         BIGINT  NOT NULL REFERENCES users (id),
    status               TEXT    NOT NULL,
    veterans_preference  TEXT    NOT NULL DEFAULT 'none'
        CHECK (veterans_preference IN ('none', 'tp', 'xp', 'cp', 'cps')),
    attested_at          TEXT,
    screened_out_reason  TEXT,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL,
    submitted_at         TEXT,
    version              BIGINT  NOT NULL DEFAULT 1,
    CONSTRAINT applications_public_id_key UNIQUE (public_id),
    CONSTRAINT applications_one_per_opening UNIQUE (opening_id, candidate_id)
);
CREATE INDEX applications_candidate ON applications (candidate_id, updated_at);
CREATE INDEX applications_opening ON applications (opening_id, status);

-- The answers to the opening's questions (essays included), one a row.
CREATE TABLE application_answers (
    application_id  BIGINT  NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    question_id     BIGINT  NOT NULL REFERENCES opening_questions (id),
    answer          TEXT    NOT NULL,
    PRIMARY KEY (application_id, question_id)
);

-- Every status an application has had: who moved it, when, and why.
CREATE TABLE application_history (
    id              BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id  BIGINT  NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    occurred_at     TEXT    NOT NULL,
    from_status     TEXT,
    to_status       TEXT    NOT NULL,
    actor           TEXT    NOT NULL,
    actor_id        BIGINT,
    note            TEXT
);
CREATE INDEX application_history_application ON application_history (application_id, occurred_at);
