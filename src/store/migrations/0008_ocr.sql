-- What OCR read of a sample's text (a scan's pages, an image): how many pages, in which
-- Tesseract languages; NULL for text that was in its file as text.
ALTER TABLE samples ADD COLUMN ocr_pages INTEGER;
ALTER TABLE samples ADD COLUMN ocr_languages TEXT;
