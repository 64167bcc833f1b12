-- How many applications an opening has, by status, category and score:
-- the applicant list's total and the hiring team's opening list read these
-- instead of counting tens of thousands of applications on every page.
--
-- A change to an application never updates a shared counter (on PostgreSQL
-- concurrent changes to one opening would queue on its row, or deadlock):
-- triggers append a +1 or -1 to applicant_count_changes, and the scheduler
-- folds those into applicant_counts every few seconds. A count is the sum of
-- both tables, so it is exact at every moment; folding only keeps it quick.
--
-- An application with no category counts under '', one not yet scored
-- under -1: the list's filters (status, category, a least score) read the
-- same on these tables as on the applications.
CREATE TABLE applicant_counts (
    opening_id     INTEGER NOT NULL,
    status         TEXT    NOT NULL,
    category       TEXT    NOT NULL,
    score_percent  INTEGER NOT NULL,
    n              INTEGER NOT NULL,
    PRIMARY KEY (opening_id, status, category, score_percent)
) WITHOUT ROWID;

CREATE TABLE applicant_count_changes (
    id             INTEGER PRIMARY KEY,
    opening_id     INTEGER NOT NULL,
    status         TEXT    NOT NULL,
    category       TEXT    NOT NULL,
    score_percent  INTEGER NOT NULL,
    n              INTEGER NOT NULL
);
CREATE INDEX applicant_count_changes_opening ON applicant_count_changes
    (opening_id, status, category, score_percent, n);

INSERT INTO applicant_counts (opening_id, status, category, score_percent, n)
SELECT opening_id, status, COALESCE(category, ''), COALESCE(score_percent, -1), COUNT(*)
FROM applications
GROUP BY opening_id, status, COALESCE(category, ''), COALESCE(score_percent, -1);

CREATE TRIGGER applicant_count_insert AFTER INSERT ON applications
BEGIN
    INSERT INTO applicant_count_changes (opening_id, status, category, score_percent, n)
    VALUES (NEW.opening_id, NEW.status, COALESCE(NEW.category, ''),
            COALESCE(NEW.score_percent, -1), 1);
END;

CREATE TRIGGER applicant_count_update
AFTER UPDATE OF opening_id, status, category, score_percent ON applications
WHEN OLD.opening_id IS NOT NEW.opening_id OR OLD.status IS NOT NEW.status
    OR OLD.category IS NOT NEW.category OR OLD.score_percent IS NOT NEW.score_percent
BEGIN
    INSERT INTO applicant_count_changes (opening_id, status, category, score_percent, n)
    VALUES (OLD.opening_id, OLD.status, COALESCE(OLD.category, ''),
            COALESCE(OLD.score_percent, -1), -1),
           (NEW.opening_id, NEW.status, COALESCE(NEW.category, ''),
            COALESCE(NEW.score_percent, -1), 1);
END;

CREATE TRIGGER applicant_count_delete AFTER DELETE ON applications
BEGIN
    INSERT INTO applicant_count_changes (opening_id, status, category, score_percent, n)
    VALUES (OLD.opening_id, OLD.status, COALESCE(OLD.category, ''),
            COALESCE(OLD.score_percent, -1), -1);
END;

-- An opening removed takes its counts along, so that a later opening
-- given the same number starts from nothing.
CREATE TRIGGER applicant_count_opening_gone AFTER DELETE ON openings
BEGIN
    DELETE FROM applicant_counts WHERE opening_id = OLD.id;
    DELETE FROM applicant_count_changes WHERE opening_id = OLD.id;
END;
