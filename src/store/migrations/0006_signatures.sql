-- Each sample's MinHash signature (dataset/near.rs), made once and kept, so that finding
-- near-duplicates again after new ingests costs only the new samples. It belongs to the text
-- it was made from (sha256) and to how it was made (scheme): either changing makes it stale.
CREATE TABLE signatures (
    sample    INTEGER PRIMARY KEY REFERENCES samples (seq) ON DELETE CASCADE,
    sha256    TEXT NOT NULL,
    scheme    TEXT NOT NULL,
    signature BLOB NOT NULL
) STRICT;
