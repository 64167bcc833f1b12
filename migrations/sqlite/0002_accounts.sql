-- Accounts and their sessions.
--
-- Emails are stored trimmed and lower-cased by the application, so a plain
-- UNIQUE constraint makes them unique whatever the case people type.
-- Sessions are stored by the SHA-256 of their token: a copy of this table
-- lets nobody sign in. Times are UTC text, as in 0001.
CREATE TABLE users (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    email          TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    phone          TEXT,
    password_hash  TEXT    NOT NULL,
    role           TEXT    NOT NULL CHECK (role IN ('candidate', 'hiring_manager', 'staff')),
    verified_at    TEXT,
    disabled_at    TEXT,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE sessions (
    token_hash           TEXT    PRIMARY KEY,
    user_id              INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at           TEXT    NOT NULL,
    last_seen_at         TEXT    NOT NULL,
    idle_expires_at      TEXT    NOT NULL,
    absolute_expires_at  TEXT    NOT NULL,
    user_agent           TEXT,
    remote_addr          TEXT
);

CREATE INDEX sessions_user ON sessions (user_id);

-- One-time links sent by email: verify an address, reset a password. Kept
-- by the SHA-256 of the token; single use (used_at) and short-lived.
CREATE TABLE email_tokens (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose      TEXT    NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    created_at   TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,
    used_at      TEXT
);

CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);

-- Failed sign-in counters, per account and per client address, shared by
-- every process. A key is blocked for a growing, bounded delay; never for good.
CREATE TABLE sign_in_throttle (
    throttle_key   TEXT    PRIMARY KEY,
    failures       INTEGER NOT NULL,
    last_failure_at TEXT   NOT NULL,
    blocked_until  TEXT
);

-- The email outbox: written in the same transaction as the change that
-- causes the message; a worker sends due messages and records the outcome.
-- A worker leases a message (locked_until) before sending it, so several
-- processes never send the same message at once.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient       TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body_text       TEXT    NOT NULL,
    body_html       TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    next_attempt_at TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    locked_until    TEXT,
    sent_at         TEXT
);

CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
-- How much mail an address got lately (to stop mail floods).
CREATE INDEX outbox_recipient ON outbox (recipient, created_at);
