-- The hiring workflow after the assessment: the quality category an
-- applicant was rated into, the rating (percentage, plus veterans'
-- preference points under Rule of Many) and the place in the ranking; notes the
-- hiring team keeps on an application (never shown to the candidate);
-- and the ranking settings an opening needs.
ALTER TABLE applications ADD COLUMN category TEXT
    CHECK (category IS NULL OR category IN ('best', 'well', 'qualified'));
ALTER TABLE applications ADD COLUMN rating INTEGER;
-- Place in the opening's ranking, recomputed whenever staff rate applicants.
ALTER TABLE applications ADD COLUMN rank_position INTEGER;
CREATE INDEX applications_ranked ON applications (opening_id, rank_position);

-- Rule of Many: how many applicants a referral list carries.
ALTER TABLE openings ADD COLUMN referral_range INTEGER NOT NULL DEFAULT 10
    CHECK (referral_range BETWEEN 1 AND 1000);
-- Scientific or professional position at GS-9 and above: disabled
-- veterans (CP, CPS) are not moved to the top of the list.
ALTER TABLE openings ADD COLUMN scientific_professional INTEGER NOT NULL DEFAULT 0
    CHECK (scientific_professional IN (0, 1));

CREATE TABLE application_notes (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id  INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    author_id       INTEGER NOT NULL REFERENCES users (id),
    body            TEXT    NOT NULL,
    created_at      TEXT    NOT NULL
);
CREATE INDEX application_notes_application ON application_notes (application_id, created_at);
