-- Circuit breakers, one per host, shared by every voicetrain process using this store (cron
-- runs a minute apart, two ingests in parallel). Times are Unix milliseconds.
CREATE TABLE breakers (
    host       TEXT PRIMARY KEY,
    state      TEXT NOT NULL CHECK (state IN ('closed', 'open', 'half_open')),
    failures   INTEGER NOT NULL DEFAULT 0,
    open_until INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
) STRICT;
