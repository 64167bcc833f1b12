-- Referral lists (certificates): generated from an opening's ranking when
-- staff issue one, and frozen — each entry keeps the place, category and
-- rating the applicant had then, whatever changes later. `public_id`
-- (random) is the only id a URL carries.
CREATE TABLE certificates (
    id          BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id   TEXT    NOT NULL,
    opening_id  BIGINT  NOT NULL REFERENCES openings (id),
    method      TEXT    NOT NULL,
    issued_at   TEXT    NOT NULL,
    issued_by   BIGINT  NOT NULL REFERENCES users (id),
    CONSTRAINT certificates_public_id_key UNIQUE (public_id)
);
CREATE INDEX certificates_opening ON certificates (opening_id, issued_at);

CREATE TABLE certificate_entries (
    certificate_id  BIGINT  NOT NULL REFERENCES certificates (id),
    position        BIGINT  NOT NULL,
    application_id  BIGINT  NOT NULL REFERENCES applications (id),
    category        TEXT,
    rating          BIGINT  NOT NULL,
    preference      TEXT    NOT NULL,
    floated         BIGINT  NOT NULL,
    PRIMARY KEY (certificate_id, position)
);
