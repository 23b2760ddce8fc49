//! Text files in whatever encoding they were saved in: a byte-order mark decides first, then
//! UTF-8, then chardetng's guess (as Firefox guesses), decoded by encoding_rs. A file with NUL
//! bytes and no UTF-16 mark is binary.

use encoding_rs::Encoding;

use super::NoText;

/// How much of the file is looked at to tell binary from text.
const SNIFF_LEN: usize = 8192;

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
    fn nul_bytes_mean_binary() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0"), Err(NoText::Binary));
    }
}
