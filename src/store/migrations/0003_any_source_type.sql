-- samples.source_type held only 'drive' and 'local' (0001's CHECK). It now holds any kind of
-- source voicetrain registers (src/source/mod.rs, KINDS), so a new kind needs no migration.
-- SQLite cannot drop a CHECK: the table is rebuilt, keeping every row, its seq and its ID (the
-- texts, sources and search index refer to seq). Foreign keys are off while migrations run.

DROP VIEW sample_search_content;

CREATE TABLE samples_new (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    sha256        TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    source_type   TEXT NOT NULL CHECK (source_type <> ''),
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

INSERT INTO samples_new (seq, id, sha256, title, source_type, source_id, source_url, mime_type,
        account, tags, words, chars, created_time, modified_time, version, owner, ingested_at,
        updated_at)
    SELECT seq, id, sha256, title, source_type, source_id, source_url, mime_type, account, tags,
        words, chars, created_time, modified_time, version, owner, ingested_at, updated_at
    FROM samples;

DROP TABLE samples;
ALTER TABLE samples_new RENAME TO samples;

CREATE INDEX samples_listing ON samples (seq, id, words, source_type, title);

CREATE VIEW sample_search_content AS
    SELECT s.seq AS seq, s.title AS title, t.text AS text
    FROM samples s JOIN sample_texts t ON t.sample = s.seq;
