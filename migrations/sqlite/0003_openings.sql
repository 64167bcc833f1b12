-- Openings (job postings) and what hangs off them: NICE work-role tags,
-- duty locations, eligibility and screening questions, assigned hiring
-- managers, and the history of every change staff make.
--
-- `opens_on`/`closes_on` are the calendar days staff enter; `opens_at` and
-- `closes_at` are the UTC instants they mean (the day starts and ends in
-- Eastern Time). The public sees an opening only while it is published and
-- `opens_at` has passed; a worker closes it once `closes_at` has.
-- `version` grows with every change, so an edit that raced another fails
-- instead of overwriting it.
CREATE TABLE openings (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    status          TEXT    NOT NULL CHECK (status IN ('draft', 'published', 'closed', 'cancelled')),
    title           TEXT    NOT NULL,
    series          TEXT    NOT NULL,
    grade_low       INTEGER NOT NULL CHECK (grade_low BETWEEN 1 AND 15),
    grade_high      INTEGER NOT NULL CHECK (grade_high BETWEEN grade_low AND 15),
    workplace       TEXT    NOT NULL CHECK (workplace IN ('on_site', 'telework', 'remote')),
    salary_min      INTEGER,
    salary_max      INTEGER,
    appointment     TEXT    NOT NULL,
    who_may_apply   TEXT    NOT NULL,
    vacancies       INTEGER NOT NULL CHECK (vacancies > 0),
    hiring_method   TEXT    NOT NULL CHECK (hiring_method IN ('category_rating', 'rule_of_many', 'direct_hire')),
    summary         TEXT    NOT NULL,
    duties          TEXT    NOT NULL,
    qualifications  TEXT    NOT NULL,
    evaluation      TEXT    NOT NULL,
    opens_on        TEXT,
    closes_on       TEXT,
    opens_at        TEXT,
    closes_at       TEXT,
    published_at    TEXT,
    created_by      INTEGER REFERENCES users (id),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

-- The job board reads open openings by date; staff list by status.
CREATE INDEX openings_board ON openings (status, opens_at, closes_at);
CREATE INDEX openings_newest ON openings (status, published_at);
CREATE INDEX openings_grades ON openings (grade_low, grade_high);

CREATE TABLE opening_work_roles (
    opening_id         INTEGER NOT NULL REFERENCES openings (id) ON DELETE CASCADE,
    work_role_id       TEXT    NOT NULL,
    framework_version  TEXT    NOT NULL,
    PRIMARY KEY (opening_id, work_role_id)
);
CREATE INDEX opening_work_roles_role ON opening_work_roles (work_role_id, opening_id);

CREATE TABLE opening_locations (
    opening_id  INTEGER NOT NULL REFERENCES openings (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    location    TEXT    NOT NULL,
    PRIMARY KEY (opening_id, position)
);
CREATE INDEX opening_locations_location ON opening_locations (location, opening_id);

-- Eligibility and screening questions, in order. A knock-out question
-- names the answer that screens an applicant out. Essay questions are
-- never scored and never required.
CREATE TABLE opening_questions (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    opening_id       INTEGER NOT NULL REFERENCES openings (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('yes_no', 'multiple_choice', 'essay')),
    prompt           TEXT    NOT NULL,
    choices          TEXT    NOT NULL,
    knockout_answer  TEXT
);
CREATE INDEX opening_questions_opening ON opening_questions (opening_id, position);

CREATE TABLE opening_managers (
    opening_id  INTEGER NOT NULL REFERENCES openings (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (opening_id, user_id)
);
CREATE INDEX opening_managers_user ON opening_managers (user_id);

-- Every change to an opening: who, when, what, and the fields before and
-- after (JSON). Append-only.
CREATE TABLE opening_history (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    opening_id   INTEGER NOT NULL REFERENCES openings (id) ON DELETE CASCADE,
    occurred_at  TEXT    NOT NULL,
    actor_id     INTEGER,
    actor_email  TEXT,
    action       TEXT    NOT NULL,
    before       TEXT,
    after        TEXT
);
CREATE INDEX opening_history_opening ON opening_history (opening_id, occurred_at);

-- Full-text search over title, summary and duties (English stemming),
-- kept in step with `openings` by triggers.
CREATE VIRTUAL TABLE openings_fts USING fts5 (
    title, summary, duties,
    content = 'openings', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER openings_fts_insert AFTER INSERT ON openings BEGIN
    INSERT INTO openings_fts (rowid, title, summary, duties)
    VALUES (new.id, new.title, new.summary, new.duties);
END;

CREATE TRIGGER openings_fts_delete AFTER DELETE ON openings BEGIN
    INSERT INTO openings_fts (openings_fts, rowid, title, summary, duties)
    VALUES ('delete', old.id, old.title, old.summary, old.duties);
END;

CREATE TRIGGER openings_fts_update AFTER UPDATE OF title, summary, duties ON openings BEGIN
    INSERT INTO openings_fts (openings_fts, rowid, title, summary, duties)
    VALUES ('delete', old.id, old.title, old.summary, old.duties);
    INSERT INTO openings_fts (rowid, title, summary, duties)
    VALUES (new.id, new.title, new.summary, new.duties);
END;
