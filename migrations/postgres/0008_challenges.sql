-- The challenge library. `answer_key` (JSON: exact answer, pattern,
-- choices with the correct one, or the generator's id) is read only by the
-- server and shown only to staff; `hints` is a JSON list of
-- {text, cost}. `version` grows with every edit: a stale edit fails.
CREATE TABLE challenges (
    id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title         TEXT    NOT NULL,
    category      TEXT    NOT NULL,
    difficulty    TEXT    NOT NULL,
    points        BIGINT  NOT NULL CHECK (points > 0),
    description   TEXT    NOT NULL,
    max_attempts  BIGINT  NOT NULL CHECK (max_attempts > 0),
    check_kind    TEXT    NOT NULL,
    answer_key    TEXT    NOT NULL,
    hints         TEXT    NOT NULL DEFAULT '[]',
    created_by    BIGINT  REFERENCES users (id),
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    version       BIGINT  NOT NULL DEFAULT 1
);
CREATE INDEX challenges_category ON challenges (category, title);

-- Files handed to every candidate with a challenge (captures, images,
-- binaries): stored in the database like résumés, once per content.
CREATE TABLE challenge_artefacts (
    id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    challenge_id  BIGINT  NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    filename      TEXT    NOT NULL,
    size          BIGINT  NOT NULL,
    sha256        TEXT    NOT NULL,
    content       BYTEA   NOT NULL,
    created_at    TEXT    NOT NULL,
    CONSTRAINT challenge_artefacts_once UNIQUE (challenge_id, sha256)
);
