-- Titles searched as the text is: a search vector PostgreSQL computes from each title, and
-- its index (store/pg/search.rs). Never edit this file once landed: add 0003_*.sql instead.
ALTER TABLE samples
    ADD COLUMN title_search TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', title)) STORED;
CREATE INDEX samples_title_search ON samples USING GIN (title_search);
