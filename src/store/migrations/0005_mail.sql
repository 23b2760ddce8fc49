-- What a reply answered (the parent message, or the part it quoted): the prompt a training
-- example pairs with the reply. NULL where there is none.
ALTER TABLE samples ADD COLUMN context TEXT;

-- What a kind of source remembers between runs for an account, by name: where Gmail's
-- history feed was read to for a query ("history:QUERY"). Written only when a run ended with
-- nothing failed, so that a later run never skips what an earlier one missed.
CREATE TABLE source_state (
    kind       TEXT NOT NULL,
    account    TEXT NOT NULL,
    name       TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, account, name)
) STRICT;
