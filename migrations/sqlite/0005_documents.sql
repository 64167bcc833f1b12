-- Uploaded documents (résumés), stored in the database so that every
-- process sees them: content-addressed per owner (the same file uploaded
-- twice is kept once), type recognised from the bytes, size-capped by the
-- application. `public_id` (random) is the only id a URL carries.
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id   TEXT    NOT NULL,
    owner_id    INTEGER NOT NULL REFERENCES users (id),
    sha256      TEXT    NOT NULL,
    media_type  TEXT    NOT NULL CHECK (media_type IN ('application/pdf',
                    'application/vnd.openxmlformats-officedocument.wordprocessingml.document')),
    filename    TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    pages       INTEGER,
    content     BLOB    NOT NULL,
    created_at  TEXT    NOT NULL,
    CONSTRAINT documents_public_id_key UNIQUE (public_id),
    CONSTRAINT documents_owner_content UNIQUE (owner_id, sha256)
);

-- The résumé an application carries.
ALTER TABLE applications ADD COLUMN resume_id INTEGER REFERENCES documents (id);
