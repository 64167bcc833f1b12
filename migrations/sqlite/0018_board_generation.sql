-- The public job pages (the board, one opening, the home page's newest)
-- are rendered once and kept while nothing they show has changed. This
-- number moves on with every change to an opening or to what is shown
-- with it, whichever process makes it: a kept page is served only while
-- the number is the one it was rendered at.
CREATE TABLE board_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    generation  INTEGER NOT NULL
);
INSERT INTO board_state (id, generation) VALUES (1, 0);

CREATE TRIGGER board_openings_insert AFTER INSERT ON openings
BEGIN UPDATE board_state SET generation = generation + 1; END;
CREATE TRIGGER board_openings_update AFTER UPDATE ON openings
BEGIN UPDATE board_state SET generation = generation + 1; END;
CREATE TRIGGER board_openings_delete AFTER DELETE ON openings
BEGIN UPDATE board_state SET generation = generation + 1; END;

CREATE TRIGGER board_questions_insert AFTER INSERT ON opening_questions
BEGIN UPDATE board_state SET generation = generation + 1; END;
CREATE TRIGGER board_questions_update AFTER UPDATE ON opening_questions
BEGIN UPDATE board_state SET generation = generation + 1; END;
CREATE TRIGGER board_questions_delete AFTER DELETE ON opening_questions
BEGIN UPDATE board_state SET generation = generation + 1; END;

CREATE TRIGGER board_locations_insert AFTER INSERT ON opening_locations
BEGIN UPDATE board_state SET generation = generation + 1; END;
CREATE TRIGGER board_locations_update AFTER UPDATE ON opening_locations
BEGIN UPDATE board_state SET generation = generation + 1; END;
CREATE TRIGGER board_locations_delete AFTER DELETE ON opening_locations
BEGIN UPDATE board_state SET generation = generation + 1; END;

CREATE TRIGGER board_roles_insert AFTER INSERT ON opening_work_roles
BEGIN UPDATE board_state SET generation = generation + 1; END;
CREATE TRIGGER board_roles_update AFTER UPDATE ON opening_work_roles
BEGIN UPDATE board_state SET generation = generation + 1; END;
CREATE TRIGGER board_roles_delete AFTER DELETE ON opening_work_roles
BEGIN UPDATE board_state SET generation = generation + 1; END;

-- A kept page also ends when an opening on the board opens or closes by
-- the clock alone: the next such time is read from these indexes.
CREATE INDEX openings_closing ON openings (status, closes_at);
