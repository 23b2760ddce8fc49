-- The first schema. Never edit this file once landed: add 0002_*.sql instead.

-- Small facts about the store itself: the fingerprint of its key, a pending key rotation.
CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- One login at one provider, named by its e-mail address.
CREATE TABLE accounts (
    provider   TEXT NOT NULL,
    email      TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    PRIMARY KEY (provider, email)
) STRICT;

-- OAuth tokens, encrypted one value at a time with the store's Fernet key. The columns are
-- those of the Python service this replaces, plus when the token was last refreshed.
CREATE TABLE oauth_tokens (
    id                      INTEGER PRIMARY KEY,
    account                 TEXT NOT NULL,
    service                 TEXT NOT NULL,
    access_token_encrypted  TEXT NOT NULL,
    refresh_token_encrypted TEXT,
    expires_at              TEXT,
    token_type              TEXT NOT NULL DEFAULT 'Bearer',
    scopes                  TEXT NOT NULL DEFAULT '',
    revoked                 INTEGER NOT NULL DEFAULT 0,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    last_refreshed_at       TEXT,
    UNIQUE (account, service)
) STRICT;
CREATE INDEX oauth_tokens_expires_at ON oauth_tokens (expires_at) WHERE revoked = 0;

-- The audit trail of every token.
CREATE TABLE token_events (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    account TEXT NOT NULL,
    service TEXT NOT NULL,
    event   TEXT NOT NULL CHECK (event IN ('stored', 'refreshed', 'refresh_failed', 'revoked', 'used')),
    reason  TEXT
) STRICT;
CREATE INDEX token_events_at ON token_events (at);

-- A sample is one distinct text (by the sha256 of its normalised form) and the provenance of
-- the source it first came from. Its text lives apart, so that listing never reads it.
CREATE TABLE samples (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    sha256        TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    source_type   TEXT NOT NULL CHECK (source_type IN ('drive', 'local')),
    source_id     TEXT NOT NULL,
    source_url    TEXT NOT NULL,
    mime_type     TEXT NOT NULL,
    account       TEXT,
    tags          TEXT NOT NULL DEFAULT '[]', -- a JSON array of strings
    words         INTEGER NOT NULL,
    chars         INTEGER NOT NULL,
    created_time  TEXT,
    modified_time TEXT,
    version       TEXT,
    owner         TEXT,
    ingested_at   TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

-- Covers `samples list`: a walk of this index reads a few bytes a sample instead of the row.
CREATE INDEX samples_listing ON samples (seq, id, words, source_type, title);

CREATE TABLE sample_texts (
    sample INTEGER PRIMARY KEY REFERENCES samples (seq) ON DELETE CASCADE,
    text   TEXT NOT NULL
) STRICT;

-- Every source (a local file, a Drive file) that produced a sample, and what it looked like
-- then, so an unchanged source is recognised without reading it again. Several sources may
-- share one sample: that is deduplication.
CREATE TABLE sources (
    seq           INTEGER PRIMARY KEY,
    source_type   TEXT NOT NULL,
    account       TEXT NOT NULL DEFAULT '',
    source_key    TEXT NOT NULL,       -- file URL for local files, file ID for Drive
    sample        INTEGER NOT NULL REFERENCES samples (seq) ON DELETE CASCADE,
    revision      TEXT NOT NULL,       -- cheap change marker: size+mtime, Drive version or md5
    content_sha256 TEXT,               -- of the raw bytes, when they were read
    seen_at       TEXT NOT NULL,
    UNIQUE (source_type, account, source_key)
) STRICT;
CREATE INDEX sources_sample ON sources (sample);

-- Full-text search over titles and texts; its content is read from the view, so no text is
-- stored twice. Kept in step by the code in store/samples.rs.
CREATE VIEW sample_search_content AS
    SELECT s.seq AS seq, s.title AS title, t.text AS text
    FROM samples s JOIN sample_texts t ON t.sample = s.seq;
CREATE VIRTUAL TABLE sample_search USING fts5 (
    title, text,
    content = 'sample_search_content', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
