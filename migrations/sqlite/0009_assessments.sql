-- Assessments: an ordered set of library challenges attached to an
-- opening, with a time limit, a pass mark and the score bands of the
-- quality categories (percentages of the points available).
CREATE TABLE assessments (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    opening_id          INTEGER NOT NULL REFERENCES openings (id),
    time_limit_minutes  INTEGER NOT NULL CHECK (time_limit_minutes > 0),
    pass_mark           INTEGER NOT NULL,
    well_from           INTEGER NOT NULL,
    best_from           INTEGER NOT NULL,
    updated_at          TEXT    NOT NULL,
    CONSTRAINT assessments_one_per_opening UNIQUE (opening_id)
);

CREATE TABLE assessment_challenges (
    assessment_id  INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    challenge_id   INTEGER NOT NULL REFERENCES challenges (id),
    position       INTEGER NOT NULL,
    PRIMARY KEY (assessment_id, challenge_id)
);

-- One candidate taking an assessment for one application: started once,
-- ended at the deadline or when the candidate hands it in. `score` is
-- computed in one place when it ends.
CREATE TABLE sittings (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id  INTEGER NOT NULL REFERENCES applications (id),
    assessment_id   INTEGER NOT NULL REFERENCES assessments (id),
    started_at      TEXT    NOT NULL,
    deadline        TEXT    NOT NULL,
    ended_at        TEXT,
    score           INTEGER,
    max_score       INTEGER,
    CONSTRAINT sittings_one_per_application UNIQUE (application_id)
);
CREATE INDEX sittings_open ON sittings (ended_at, deadline);

-- Each generated challenge's answer for a sitting, in compared form: what
-- answer-sharing checks look up.
CREATE TABLE sitting_answers (
    sitting_id    INTEGER NOT NULL REFERENCES sittings (id) ON DELETE CASCADE,
    challenge_id  INTEGER NOT NULL REFERENCES challenges (id),
    answer        TEXT    NOT NULL,
    PRIMARY KEY (sitting_id, challenge_id)
);
CREATE INDEX sitting_answers_lookup ON sitting_answers (challenge_id, answer);

-- Every answer given, right or wrong, with when and from where.
CREATE TABLE submissions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    sitting_id    INTEGER NOT NULL REFERENCES sittings (id) ON DELETE CASCADE,
    challenge_id  INTEGER NOT NULL REFERENCES challenges (id),
    answer        TEXT    NOT NULL,
    correct       INTEGER NOT NULL,
    submitted_at  TEXT    NOT NULL,
    remote_addr   TEXT
);
CREATE INDEX submissions_sitting ON submissions (sitting_id, challenge_id);
-- The per-address rate limit counts recent answers from one address.
CREATE INDEX submissions_address ON submissions (remote_addr, submitted_at);

CREATE TABLE hint_reveals (
    sitting_id    INTEGER NOT NULL REFERENCES sittings (id) ON DELETE CASCADE,
    challenge_id  INTEGER NOT NULL REFERENCES challenges (id),
    hint          INTEGER NOT NULL,
    revealed_at   TEXT    NOT NULL,
    PRIMARY KEY (sitting_id, challenge_id, hint)
);

-- An answer that belongs to another candidate's generated artefact: for
-- hiring managers and staff, never shown to the candidate.
CREATE TABLE integrity_flags (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    sitting_id        INTEGER NOT NULL REFERENCES sittings (id) ON DELETE CASCADE,
    challenge_id      INTEGER NOT NULL REFERENCES challenges (id),
    owner_sitting_id  INTEGER NOT NULL REFERENCES sittings (id),
    answer            TEXT    NOT NULL,
    flagged_at        TEXT    NOT NULL,
    CONSTRAINT integrity_flags_once UNIQUE (sitting_id, challenge_id, owner_sitting_id)
);
CREATE INDEX integrity_flags_sitting ON integrity_flags (sitting_id);
