-- The public job pages (the board, one opening, the home page's newest)
-- are rendered once and kept while nothing they show has changed. This
-- number moves on with every change to an opening or to what is shown
-- with it, whichever process makes it: a kept page is served only while
-- the number is the one it was rendered at.
CREATE TABLE board_state (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    generation  BIGINT NOT NULL
);
INSERT INTO board_state (id, generation) VALUES (1, 0);

CREATE FUNCTION board_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE board_state SET generation = generation + 1;
    RETURN NULL;
END;
$$;

-- Per row: a statement that changes nothing (the scheduled closing when
-- nothing is due) leaves the kept pages alone.
CREATE TRIGGER board_openings AFTER INSERT OR UPDATE OR DELETE ON openings
    FOR EACH ROW EXECUTE FUNCTION board_changed();
CREATE TRIGGER board_openings_truncate AFTER TRUNCATE ON openings
    FOR EACH STATEMENT EXECUTE FUNCTION board_changed();
CREATE TRIGGER board_questions AFTER INSERT OR UPDATE OR DELETE ON opening_questions
    FOR EACH ROW EXECUTE FUNCTION board_changed();
CREATE TRIGGER board_questions_truncate AFTER TRUNCATE ON opening_questions
    FOR EACH STATEMENT EXECUTE FUNCTION board_changed();
CREATE TRIGGER board_locations AFTER INSERT OR UPDATE OR DELETE ON opening_locations
    FOR EACH ROW EXECUTE FUNCTION board_changed();
CREATE TRIGGER board_locations_truncate AFTER TRUNCATE ON opening_locations
    FOR EACH STATEMENT EXECUTE FUNCTION board_changed();
CREATE TRIGGER board_roles AFTER INSERT OR UPDATE OR DELETE ON opening_work_roles
    FOR EACH ROW EXECUTE FUNCTION board_changed();
CREATE TRIGGER board_roles_truncate AFTER TRUNCATE ON opening_work_roles
    FOR EACH STATEMENT EXECUTE FUNCTION board_changed();

-- A kept page also ends when an opening on the board opens or closes by
-- the clock alone: the next such time is read from these indexes.
CREATE INDEX openings_closing ON openings (status, closes_at);
