//! What a file is when neither its name nor the type its provider declares says (no
//! extension, one no table knows, `application/octet-stream`): its first bytes decide. A PDF,
//! RTF, OpenDocument or EPUB file, and a PNG, JPEG or TIFF image (read with OCR), says what it
//! is in its first bytes; otherwise a file that
//! reads as text is text (an HTML page if it begins as one), and anything else is binary,
//! skipped as such. Only the start of the file is looked at, and only the bytes already read.

use super::text::{SNIFF_LEN, looks_like_text};
use super::{EPUB, JPEG, Kind, NoText, ODP, ODT, PDF, PNG, RTF, TIFF};

/// The kind and MIME type of a file, from its bytes.
pub fn sniff(bytes: &[u8]) -> Result<(Kind, &'static str), NoText> {
    if bytes.is_empty() {
        return Err(NoText::Empty);
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if head.starts_with(b"%PDF-") {
        return Ok((Kind::Pdf, PDF));
    }
    if head.starts_with(b"{\\rtf") {
        return Ok((Kind::Rtf, RTF));
    }
    if let Some(mime) = image(head) {
        return Ok((Kind::Image, mime));
    }
    if let Some(found) = zip_mimetype(head).and_then(opendocument) {
        return Ok(found);
    }
    if !looks_like_text(head) {
        return Err(NoText::Binary);
    }
    if begins_as_html(head) {
        Ok((Kind::Html, "text/html"))
    } else {
        Ok((Kind::Text, "text/plain"))
    }
}

/// The image types OCR reads, by their signatures.
pub(super) fn image(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(PNG)
    } else if head.starts_with(b"\xff\xd8\xff") {
        Some(JPEG)
    } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        Some(TIFF)
    } else {
        None
    }
}

/// OpenDocument and EPUB files begin with a zip member named `mimetype`, stored uncompressed,
/// that holds their MIME type: what it holds, if `head` begins so.
fn zip_mimetype(head: &[u8]) -> Option<&[u8]> {
    let u16_at = |i: usize| Some(u16::from_le_bytes(head.get(i..i + 2)?.try_into().ok()?) as usize);
    let u32_at = |i: usize| Some(u32::from_le_bytes(head.get(i..i + 4)?.try_into().ok()?) as usize);
    if !head.starts_with(b"PK\x03\x04") || u16_at(8)? != 0 {
        return None;
    }
    let (name_len, extra_len, size) = (u16_at(26)?, u16_at(28)?, u32_at(18)?);
    if head.get(30..30 + name_len)? != b"mimetype" || size > 100 {
        return None;
    }
    let start = 30 + name_len + extra_len;
    head.get(start..start + size)
}

fn opendocument(mimetype: &[u8]) -> Option<(Kind, &'static str)> {
    [(Kind::Odt, ODT), (Kind::Odp, ODP), (Kind::Epub, EPUB)]
        .into_iter()
        .find(|(_, mime)| mimetype == mime.as_bytes())
}

/// Whether text begins as an HTML document does (a doctype or an `<html>` tag).
fn begins_as_html(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head.trim_ascii_start();
    let start = &start[..start.len().min(14)];
    let lower = start.to_ascii_lowercase();
    lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_bytes_decide() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Ok((Kind::Pdf, PDF)));
        assert_eq!(sniff(b"{\\rtf1\\ansi hi}"), Ok((Kind::Rtf, RTF)));
        assert_eq!(
            sniff(b"  <!DOCTYPE html><p>x"),
            Ok((Kind::Html, "text/html"))
        );
        assert_eq!(
            sniff(b"adduser (3.134) unstable"),
            Ok((Kind::Text, "text/plain"))
        );
        assert_eq!(sniff(b"\x7fELF\x02\x01\x01\0\0\0\0"), Err(NoText::Binary));
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Ok((Kind::Image, PNG))
        );
        assert_eq!(
            sniff(b"\xff\xd8\xff\xe0\0\x10JFIF"),
            Ok((Kind::Image, JPEG))
        );
        assert_eq!(sniff(b"II*\0\x08\0\0\0"), Ok((Kind::Image, TIFF)));
        assert_eq!(sniff(b"MM\0*\0\0\0\x08"), Ok((Kind::Image, TIFF)));
        assert_eq!(sniff(b""), Err(NoText::Empty));
        let mut odt =
            b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\x27\0\0\0\x27\0\0\0\x08\0\0\0mimetype"
                .to_vec();
        odt.extend(ODT.as_bytes());
        odt.extend(b"PK\x03\x04 and the rest");
        assert_eq!(sniff(&odt), Ok((Kind::Odt, ODT)));
        assert_eq!(
            sniff(b"PK\x03\x04\x14\0\0\0\x08\0"),
            Err(NoText::Binary),
            "another zip"
        );
    }
}
