//! Text files in whatever encoding they were saved in: a byte-order mark decides first, then
//! UTF-8, then chardetng's guess (as Firefox guesses), decoded by encoding_rs. A file with NUL
//! bytes and no UTF-16 mark is binary.

use encoding_rs::Encoding;

use super::NoText;

/// How much of the file is looked at to tell binary from text.
pub const SNIFF_LEN: usize = 8192;

pub fn decode(bytes: &[u8]) -> Result<String, NoText> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Ok(text.into_owned());
    }
    if bytes[..bytes.len().min(SNIFF_LEN)].contains(&0) {
        return Err(NoText::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, true);
    let (text, _, _) = encoding.decode(bytes);
    Ok(text.into_owned())
}

/// A part of an office package as text: XML is UTF-8 unless a byte-order mark says UTF-16;
/// bytes that are not UTF-8 become U+FFFD rather than stopping the read (the XML parser then
/// judges what is left).
pub fn decode_xml(bytes: &[u8]) -> String {
    match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => encoding
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned(),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Whether the start of a file reads as text: no NUL bytes (unless a UTF-16 mark explains
/// them), and once decoded (by its mark, as UTF-8, else in the encoding chardetng guesses),
/// at most one character in twenty a control character or an undecodable byte. `head` may
/// end inside a character.
pub fn looks_like_text(head: &[u8]) -> bool {
    let decoded = match Encoding::for_bom(head) {
        Some((encoding, bom_len)) => encoding.decode_without_bom_handling(&head[bom_len..]).0,
        None if head.contains(&0) => return false,
        None => match std::str::from_utf8(head) {
            Ok(text) => text.into(),
            // Cut inside a character by the end of the head: valid up to there.
            Err(e) if e.error_len().is_none() => String::from_utf8_lossy(&head[..e.valid_up_to()]),
            Err(_) => {
                let mut detector = chardetng::EncodingDetector::new();
                detector.feed(head, false);
                detector
                    .guess(None, true)
                    .decode_without_bom_handling(head)
                    .0
            }
        },
    };
    let (mut chars, mut bad) = (0usize, 0usize);
    for c in decoded.chars() {
        chars += 1;
        if c == '\u{fffd}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c')) {
            bad += 1;
        }
    }
    bad * 20 <= chars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_bom() {
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("héllo".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&bytes).unwrap(), "héllo");
    }

    #[test]
    fn latin1_is_converted_not_mangled() {
        let bytes = b"Caf\xe9 cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 vu, na\xefve fa\xe7ade";
        assert_eq!(
            decode(bytes).unwrap(),
            "Café crème brûlée, déjà vu, naïve façade"
        );
    }

    #[test]
    fn text_and_binary_told_apart() {
        assert!(looks_like_text(b"Package: adduser\nStatus: install ok\n"));
        assert!(looks_like_text("caf\u{e9} ".repeat(3000).as_bytes()));
        assert!(looks_like_text(b"Caf\xe9 cr\xe8me"), "Latin-1 is text");
        assert!(looks_like_text(b"\xff\xfeh\0i\0"), "UTF-16 with its mark");
        assert!(!looks_like_text(b"\x7fELF\x02\x01\x01\0\0\0"));
        assert!(!looks_like_text(b"\x1b\x02\x03\x04\x05\x06abc\x07\x08"));
        let cut = "\u{e9}".repeat(10);
        assert!(
            looks_like_text(&cut.as_bytes()[..19]),
            "cut inside a character"
        );
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0"), Err(NoText::Binary));
    }
}
