-- The challenge library. `answer_key` (JSON: exact answer, pattern,
-- choices with the correct one, or the generator's id) is read only by the
-- server and shown only to staff; `hints` is a JSON list of
-- {text, cost}. `version` grows with every edit: a stale edit fails.
CREATE TABLE challenges (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    title         TEXT    NOT NULL,
    category      TEXT    NOT NULL,
    difficulty    TEXT    NOT NULL,
    points        INTEGER NOT NULL CHECK (points > 0),
    description   TEXT    NOT NULL,
    max_attempts  INTEGER NOT NULL CHECK (max_attempts > 0),
    check_kind    TEXT    NOT NULL,
    answer_key    TEXT    NOT NULL,
    hints         TEXT    NOT NULL DEFAULT '[]',
    created_by    INTEGER REFERENCES users (id),
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX challenges_category ON challenges (category, title);

-- Files handed to every candidate with a challenge (captures, images,
-- binaries): stored in the database like résumés, once per content.
CREATE TABLE challenge_artefacts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    challenge_id  INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    filename      TEXT    NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT    NOT NULL,
    content       BLOB    NOT NULL,
    created_at    TEXT    NOT NULL,
    CONSTRAINT challenge_artefacts_once UNIQUE (challenge_id, sha256)
);
