-- Referral lists (certificates): generated from an opening's ranking when
-- staff issue one, and frozen — each entry keeps the place, category and
-- rating the applicant had then, whatever changes later. `public_id`
-- (random) is the only id a URL carries.
CREATE TABLE certificates (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id   TEXT    NOT NULL,
    opening_id  INTEGER NOT NULL REFERENCES openings (id),
    method      TEXT    NOT NULL,
    issued_at   TEXT    NOT NULL,
    issued_by   INTEGER NOT NULL REFERENCES users (id),
    CONSTRAINT certificates_public_id_key UNIQUE (public_id)
);
CREATE INDEX certificates_opening ON certificates (opening_id, issued_at);

CREATE TABLE certificate_entries (
    certificate_id  INTEGER NOT NULL REFERENCES certificates (id),
    position        INTEGER NOT NULL,
    application_id  INTEGER NOT NULL REFERENCES applications (id),
    category        TEXT,
    rating          INTEGER NOT NULL,
    preference      TEXT    NOT NULL,
    floated         INTEGER NOT NULL,
    PRIMARY KEY (certificate_id, position)
);
