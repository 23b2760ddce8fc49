-- Sources remembered by `sources add`, which `sync` ingests, with the ingest options they
-- were added with. `source` is the SOURCE as given, a local path made absolute (cron runs
-- elsewhere); `account` NULL means the default account at the time of each sync.
CREATE TABLE synced_sources (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    account      TEXT,
    tags         TEXT NOT NULL DEFAULT '[]', -- a JSON array of strings
    types        TEXT NOT NULL DEFAULT '',   -- --types, comma-separated; '' for every type
    recursive    INTEGER NOT NULL DEFAULT 1,
    added_at     TEXT NOT NULL,
    last_sync_at TEXT,
    last_status  TEXT CHECK (last_status IN ('ok', 'failed')),
    last_error   TEXT
) STRICT;

-- Which items (rows of `sources`: a file, a message) each remembered source produced: what it
-- counts as its own, what `sources rm --forget-samples` may remove, and where a sync looks for
-- what left.
CREATE TABLE synced_items (
    synced INTEGER NOT NULL REFERENCES synced_sources (id) ON DELETE CASCADE,
    item   INTEGER NOT NULL REFERENCES sources (seq) ON DELETE CASCADE,
    PRIMARY KEY (synced, item)
) STRICT, WITHOUT ROWID;
CREATE INDEX synced_items_item ON synced_items (item);

-- An item that left its source (deleted, trashed, moved out, no longer shared): when, and why.
-- A sample is gone when every item that gives it is; it stays in the store, out of listings
-- and datasets unless asked for, and comes back when one of its items does.
ALTER TABLE sources ADD COLUMN gone_at TEXT;
ALTER TABLE sources ADD COLUMN gone_reason TEXT;
ALTER TABLE samples ADD COLUMN gone_at TEXT;
ALTER TABLE samples ADD COLUMN gone_reason TEXT;
