-- How many applications an opening has, by status, category and score:
-- the applicant list's total and the hiring team's opening list read these
-- instead of counting tens of thousands of applications on every page.
--
-- A change to an application never updates a shared counter (concurrent
-- changes to one opening would queue on its row, or deadlock): triggers
-- append a +1 or -1 to applicant_count_changes, and the scheduler folds
-- those into applicant_counts every few seconds. A count is the sum of both
-- tables, so it is exact at every moment; folding only keeps it quick.
--
-- An application with no category counts under '', one not yet scored
-- under -1: the list's filters (status, category, a least score) read the
-- same on these tables as on the applications.
-- No application may be written between the count below and the triggers
-- (another process, during a rolling restart): it would be in neither.
LOCK TABLE applications IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE applicant_counts (
    opening_id     BIGINT  NOT NULL,
    status         TEXT    NOT NULL,
    category       TEXT    NOT NULL,
    score_percent  BIGINT  NOT NULL,
    n              BIGINT  NOT NULL,
    PRIMARY KEY (opening_id, status, category, score_percent)
);

CREATE TABLE applicant_count_changes (
    id             BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    opening_id     BIGINT  NOT NULL,
    status         TEXT    NOT NULL,
    category       TEXT    NOT NULL,
    score_percent  BIGINT  NOT NULL,
    n              BIGINT  NOT NULL
);
CREATE INDEX applicant_count_changes_opening ON applicant_count_changes
    (opening_id, status, category, score_percent, n);

INSERT INTO applicant_counts (opening_id, status, category, score_percent, n)
SELECT opening_id, status, COALESCE(category, ''), COALESCE(score_percent, -1), COUNT(*)
FROM applications
GROUP BY opening_id, status, COALESCE(category, ''), COALESCE(score_percent, -1);

CREATE FUNCTION applicant_count_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO applicant_count_changes (opening_id, status, category, score_percent, n)
        VALUES (OLD.opening_id, OLD.status, COALESCE(OLD.category, ''),
                COALESCE(OLD.score_percent, -1), -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO applicant_count_changes (opening_id, status, category, score_percent, n)
        VALUES (NEW.opening_id, NEW.status, COALESCE(NEW.category, ''),
                COALESCE(NEW.score_percent, -1), 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER applicant_count_insert AFTER INSERT ON applications
    FOR EACH ROW EXECUTE FUNCTION applicant_count_changed();
CREATE TRIGGER applicant_count_update
    AFTER UPDATE OF opening_id, status, category, score_percent ON applications
    FOR EACH ROW WHEN (OLD.opening_id IS DISTINCT FROM NEW.opening_id
        OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.category IS DISTINCT FROM NEW.category
        OR OLD.score_percent IS DISTINCT FROM NEW.score_percent)
    EXECUTE FUNCTION applicant_count_changed();
CREATE TRIGGER applicant_count_delete AFTER DELETE ON applications
    FOR EACH ROW EXECUTE FUNCTION applicant_count_changed();

-- TRUNCATE skips row triggers: emptying the applications empties the counts.
CREATE FUNCTION applicant_counts_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM applicant_counts;
    DELETE FROM applicant_count_changes;
    RETURN NULL;
END;
$$;
CREATE TRIGGER applicant_count_truncate AFTER TRUNCATE ON applications
    FOR EACH STATEMENT EXECUTE FUNCTION applicant_counts_emptied();

-- An opening removed takes its counts along, so that a later opening
-- given the same number starts from nothing.
CREATE FUNCTION applicant_counts_of_opening_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM applicant_counts WHERE opening_id = OLD.id;
    DELETE FROM applicant_count_changes WHERE opening_id = OLD.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER applicant_count_opening_gone AFTER DELETE ON openings
    FOR EACH ROW EXECUTE FUNCTION applicant_counts_of_opening_gone();
