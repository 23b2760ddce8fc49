-- A sample's text in parts of about a megabyte, cut at line ends, so that neither storing nor
-- indexing a very large text ever holds all of it at once (store/samples.rs cuts them; a text
-- stored before this migration stays one part).
-- Search indexes each part, with the sample's title on its first part only.
CREATE TABLE sample_parts (
    seq    INTEGER PRIMARY KEY,
    sample INTEGER NOT NULL REFERENCES samples (seq) ON DELETE CASCADE,
    part   INTEGER NOT NULL,
    text   TEXT NOT NULL,
    UNIQUE (sample, part)
) STRICT;

INSERT INTO sample_parts (sample, part, text) SELECT sample, 0, text FROM sample_texts;

DROP TABLE sample_search;
DROP VIEW sample_search_content;
DROP TABLE sample_texts;

CREATE VIEW sample_search_content AS
    SELECT p.seq AS seq, p.sample AS sample,
           CASE p.part WHEN 0 THEN s.title ELSE '' END AS title, p.text AS text
    FROM sample_parts p JOIN samples s ON s.seq = p.sample;
CREATE VIRTUAL TABLE sample_search USING fts5 (
    title, text,
    content = 'sample_search_content', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
-- Pending index data is flushed (and its terms sorted) each time it passes this size: at the
-- default 1 MB, indexing a large text in parts spends most of its time sorting.
INSERT INTO sample_search (sample_search, rank) VALUES ('hashsize', 16777216);
INSERT INTO sample_search (sample_search) VALUES ('rebuild');
