-- Leases on the items of a remembered source, for syncs on several hosts at once
-- (store/leases.rs): the host holding one fetches and records that item, the others pass it
-- by. A row lives while its item is in hand, and stays, marked failed, if it failed there.
-- Never edit this file once landed: add 0004_*.sql instead.
CREATE TABLE sync_leases (
    synced BIGINT NOT NULL REFERENCES synced_sources (id) ON DELETE CASCADE,
    account TEXT NOT NULL,
    key TEXT NOT NULL,
    -- The holding host's token: live while that host holds its advisory lock on it.
    holder INTEGER NOT NULL,
    -- The database clock's Unix ms after which the lease is lost unless renewed.
    until_ms BIGINT NOT NULL,
    failed BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (synced, account, key)
);
