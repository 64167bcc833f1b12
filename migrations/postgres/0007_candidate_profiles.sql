-- A candidate's profile: what every application starts from. The legal
-- name is the one on federal forms (the account name is how we greet
-- them); the citizenship attestation is a dated statement, not a flag;
-- the default veterans' preference and résumé are copied into each new
-- draft, where the candidate can still change them for that opening.
CREATE TABLE candidate_profiles (
    user_id              BIGINT  PRIMARY KEY REFERENCES users (id),
    legal_name           TEXT    NOT NULL DEFAULT '',
    citizen_attested_at  TEXT,
    veterans_preference  TEXT    NOT NULL DEFAULT 'none'
        CHECK (veterans_preference IN ('none', 'tp', 'xp', 'cp', 'cps')),
    resume_id            BIGINT  REFERENCES documents (id),
    updated_at           TEXT    NOT NULL
);
