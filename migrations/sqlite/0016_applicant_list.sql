-- The applicant list pages through up to tens of thousands of applications
-- of one opening, sorted by rank, score, date or name. Every sort key and
-- filter is kept on the application itself, so that an index walks the
-- page in order instead of joining and sorting every applicant:
--   score_percent  the assessment score as a percentage (NULL until scored),
--                  copied from the sitting whenever its score is written;
--   sort_name      the candidate's name in lower case, copied from the
--                  account when the application is made and when the name
--                  changes.
-- Triggers keep both: no code path can forget them.
ALTER TABLE applications ADD COLUMN score_percent INTEGER;
ALTER TABLE applications ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';

UPDATE applications SET
    score_percent = (SELECT CASE WHEN s.max_score > 0 THEN s.score * 100 / s.max_score END
                     FROM sittings s WHERE s.application_id = applications.id),
    sort_name = COALESCE((SELECT LOWER(u.name) FROM users u WHERE u.id = applications.candidate_id), '');

CREATE TRIGGER applications_score_on_sitting AFTER INSERT ON sittings
BEGIN
    UPDATE applications
    SET score_percent = CASE WHEN NEW.max_score > 0 THEN NEW.score * 100 / NEW.max_score END
    WHERE id = NEW.application_id;
END;

CREATE TRIGGER applications_score_on_scoring AFTER UPDATE OF score, max_score ON sittings
BEGIN
    UPDATE applications
    SET score_percent = CASE WHEN NEW.max_score > 0 THEN NEW.score * 100 / NEW.max_score END
    WHERE id = NEW.application_id;
END;

CREATE TRIGGER applications_name_on_insert AFTER INSERT ON applications
BEGIN
    UPDATE applications
    SET sort_name = COALESCE((SELECT LOWER(u.name) FROM users u WHERE u.id = NEW.candidate_id), '')
    WHERE id = NEW.id;
END;

CREATE TRIGGER applications_name_on_rename AFTER UPDATE OF name ON users
BEGIN
    UPDATE applications SET sort_name = LOWER(NEW.name) WHERE candidate_id = NEW.id;
END;

-- One index per order, each carrying the filters' columns, so that a page
-- and the count are read from the index alone.
CREATE INDEX applicants_by_rank ON applications (opening_id, (rank_position IS NULL),
    rank_position, (submitted_at IS NULL), submitted_at, id,
    status, category, score_percent, veterans_preference);
CREATE INDEX applicants_by_score ON applications (opening_id, (score_percent IS NULL),
    score_percent DESC, submitted_at, id, status, category, veterans_preference);
CREATE INDEX applicants_by_date ON applications (opening_id, submitted_at, id,
    status, category, score_percent, veterans_preference);
CREATE INDEX applicants_by_name ON applications (opening_id, sort_name, id,
    status, category, score_percent, veterans_preference);
