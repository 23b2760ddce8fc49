-- What OCR read of a sample's text (a scan's pages, an image): how many pages, in which
-- Tesseract languages; NULL for text that was in its file as text.
-- Never edit this file once landed: add 0005_*.sql instead.
ALTER TABLE samples ADD COLUMN ocr_pages BIGINT;
ALTER TABLE samples ADD COLUMN ocr_languages TEXT;
