//! RTF documents (WordPad, TextEdit, Word's "Rich Text Format"), read by a small tokenizer of
//! voicetrain's own: the one RTF crate on crates.io lexes recursively (a stack frame a
//! token), decodes through `unwrap` and pulls in WebAssembly bindings by default, and RTF's
//! text is simple to reach. Groups and control words are followed as the specification says:
//! `\par` ends a paragraph, `\uN` is a Unicode character (its `\ucN` fallback bytes skipped),
//! `\'hh` a byte in the code page of the document or of the current font (`\ansicpg`,
//! `\fcharset`), and destinations that are not the body's text (font, colour and style tables,
//! document info, pictures, objects, headers and footers, footnotes, annotations, field
//! instructions, and every `\*` destination) are passed over, as are `\bin` data.

use encoding_rs::{Encoding, WINDOWS_1252};

use super::NoText;
use super::blocks::Blocks;

/// Groups nested deeper than this are not a document (real ones stay under a few dozen).
const MAX_DEPTH: usize = 1000;

/// Why an RTF file could not be read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum BadRtf {
    #[error("it does not begin with {{\\rtf")]
    NotRtf,
    #[error("its groups are nested over {MAX_DEPTH} deep")]
    TooDeep,
}

/// Where the text of a group goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dest {
    /// The document's text.
    Body,
    /// The font table: not text, but it says each font's character set.
    Fonts,
    /// Anything else: passed over.
    Skip,
}

/// What a group sets, restored when it ends.
#[derive(Debug, Clone, Copy)]
struct Group {
    dest: Dest,
    /// How many fallback characters follow a `\uN`.
    uc: usize,
    /// The code page of `\'hh` bytes and 8-bit text here.
    encoding: &'static Encoding,
}

pub fn extract(bytes: &[u8]) -> Result<String, NoText> {
    to_text(bytes).map_err(|e| NoText::Unreadable(format!("not a readable RTF file: {e}")))
}

fn to_text(bytes: &[u8]) -> Result<String, BadRtf> {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    if !bytes[start..].starts_with(b"{\\rtf") {
        return Err(BadRtf::NotRtf);
    }
    let mut r = Reader {
        bytes,
        at: start,
        out: Blocks::new(),
        pending: Vec::new(),
        pending_encoding: WINDOWS_1252,
        high_surrogate: None,
        group: Group {
            dest: Dest::Body,
            uc: 1,
            encoding: WINDOWS_1252,
        },
        groups: Vec::new(),
        default_encoding: WINDOWS_1252,
        fonts: Vec::new(),
        defining_font: None,
        fallback: 0,
        ignorable: false,
    };
    r.run()?;
    r.flush();
    Ok(r.out.finish())
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
    out: Blocks,
    /// 8-bit text not yet decoded (a multi-byte code page's character spans bytes).
    pending: Vec<u8>,
    pending_encoding: &'static Encoding,
    /// A `\uN` that was the first half of a UTF-16 surrogate pair.
    high_surrogate: Option<u16>,
    group: Group,
    groups: Vec<Group>,
    /// The document's code page (`\ansicpg`).
    default_encoding: &'static Encoding,
    /// Each font's code page, by font number, from the font table.
    fonts: Vec<(i32, &'static Encoding)>,
    /// The font the font table is describing.
    defining_font: Option<i32>,
    /// Fallback characters still to skip after a `\uN`.
    fallback: usize,
    /// The last token was `\*`: the destination that follows is not text.
    ignorable: bool,
}

impl Reader<'_> {
    fn run(&mut self) -> Result<(), BadRtf> {
        while let Some(&b) = self.bytes.get(self.at) {
            self.at += 1;
            match b {
                b'{' => {
                    if self.groups.len() >= MAX_DEPTH {
                        return Err(BadRtf::TooDeep);
                    }
                    self.fallback = 0;
                    self.groups.push(self.group);
                    if self.group.dest == Dest::Fonts {
                        self.defining_font = None;
                    }
                }
                b'}' => {
                    self.fallback = 0;
                    self.ignorable = false;
                    if let Some(outer) = self.groups.pop() {
                        self.group = outer;
                    }
                    // The document's own group closed: what follows is not RTF.
                    if self.groups.is_empty() {
                        return Ok(());
                    }
                }
                b'\\' => self.control(),
                b'\r' | b'\n' => {}
                b => {
                    if !self.skip_fallback() {
                        self.byte(b);
                    }
                }
            }
        }
        Ok(())
    }

    /// Counts one fallback character against a `\uN`; true if it is to be skipped.
    fn skip_fallback(&mut self) -> bool {
        if self.fallback > 0 {
            self.fallback -= 1;
            true
        } else {
            false
        }
    }

    fn control(&mut self) {
        let Some(&c) = self.bytes.get(self.at) else {
            return;
        };
        self.at += 1;
        if !c.is_ascii_alphabetic() {
            return self.symbol(c);
        }
        let word_start = self.at - 1;
        while self.at - word_start < 32
            && self.bytes.get(self.at).is_some_and(u8::is_ascii_alphabetic)
        {
            self.at += 1;
        }
        let word = &self.bytes[word_start..self.at];
        let param_start = self.at;
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        while self.at - param_start < 11 && self.bytes.get(self.at).is_some_and(u8::is_ascii_digit)
        {
            self.at += 1;
        }
        let param = std::str::from_utf8(&self.bytes[param_start..self.at])
            .ok()
            .and_then(|p| p.parse::<i32>().ok());
        if self.bytes.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
        self.word(word, param);
    }

    fn symbol(&mut self, c: u8) {
        match c {
            b'\'' => {
                let hex = self.bytes.get(self.at..self.at + 2);
                let byte = hex
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(byte) = byte {
                    self.at += 2;
                    if !self.skip_fallback() {
                        self.byte(byte);
                    }
                }
            }
            b'*' => self.ignorable = true,
            b'\r' | b'\n' => self.paragraph(),
            _ if self.skip_fallback() => {}
            b'\\' | b'{' | b'}' => self.byte(c),
            b'~' => self.text("\u{a0}"),
            b'_' => self.text("-"),
            // `\-` (an optional hyphen), `\:` and `\|` (index and formula marks).
            _ => {}
        }
    }

    fn word(&mut self, word: &[u8], param: Option<i32>) {
        if std::mem::take(&mut self.ignorable) && self.group.dest != Dest::Skip {
            self.flush();
            self.group.dest = Dest::Skip;
        }
        if word != b"u" && self.skip_fallback() {
            return;
        }
        match word {
            b"par" | b"sect" | b"page" | b"row" | b"cell" => self.paragraph(),
            b"line" => self.text("\n"),
            b"tab" => self.text("\t"),
            b"emdash" => self.text("\u{2014}"),
            b"endash" => self.text("\u{2013}"),
            b"lquote" => self.text("\u{2018}"),
            b"rquote" => self.text("\u{2019}"),
            b"ldblquote" => self.text("\u{201c}"),
            b"rdblquote" => self.text("\u{201d}"),
            b"bullet" => self.text("\u{2022}"),
            b"emspace" | b"enspace" | b"qmspace" => self.text(" "),
            b"u" => {
                if let Some(n) = param {
                    // A signed 16-bit value: negative ones are the upper half.
                    self.unit((n as i64).rem_euclid(65536) as u16);
                }
                self.fallback = self.group.uc;
            }
            b"uc" => self.group.uc = param.unwrap_or(1).clamp(0, 10) as usize,
            b"ansi" => self.set_default(WINDOWS_1252),
            b"mac" => self.set_default(code_page(10000)),
            b"ansicpg" => self.set_default(code_page(param.unwrap_or(1252))),
            b"f" => match self.group.dest {
                Dest::Fonts => self.defining_font = param,
                _ => {
                    let font = self.fonts.iter().find(|(f, _)| Some(*f) == param);
                    self.group.encoding = font.map_or(self.default_encoding, |(_, e)| *e);
                }
            },
            b"fcharset" if self.group.dest == Dest::Fonts => {
                if let (Some(font), Some(set)) = (self.defining_font, param) {
                    let encoding = charset(set).map_or(self.default_encoding, code_page);
                    self.fonts.push((font, encoding));
                }
            }
            b"bin" => {
                let n = usize::try_from(param.unwrap_or(0)).unwrap_or(0);
                self.at = self.at.saturating_add(n).min(self.bytes.len());
            }
            b"fonttbl" => self.group.dest = Dest::Fonts,
            w if self.group.dest == Dest::Body && SKIPPED.contains(&w) => {
                self.flush();
                self.group.dest = Dest::Skip;
            }
            _ => {}
        }
    }

    fn set_default(&mut self, encoding: &'static Encoding) {
        self.default_encoding = encoding;
        self.group.encoding = encoding;
    }

    /// One UTF-16 unit from `\uN` (a character outside the BMP is a pair of them).
    fn unit(&mut self, unit: u16) {
        let units = match self.high_surrogate.take() {
            Some(high) => vec![high, unit],
            None => vec![unit],
        };
        let mut decoded = char::decode_utf16(units).peekable();
        if let Some(Err(e)) = decoded.peek()
            && (0xd800..0xdc00).contains(&e.unpaired_surrogate())
            && e.unpaired_surrogate() == unit
        {
            self.high_surrogate = Some(unit);
            return;
        }
        // An unpaired surrogate is dropped, as a decoder of UTF-16 text would replace it.
        let text: String = decoded.filter_map(Result::ok).collect();
        self.text(&text);
    }

    /// A byte of 8-bit text, in the code page in force.
    fn byte(&mut self, b: u8) {
        if self.group.dest != Dest::Body {
            return;
        }
        if self.pending_encoding != self.group.encoding {
            self.flush();
            self.pending_encoding = self.group.encoding;
        }
        self.pending.push(b);
    }

    fn text(&mut self, s: &str) {
        if self.group.dest == Dest::Body {
            self.flush();
            self.out.push(s);
        }
    }

    fn paragraph(&mut self) {
        if self.group.dest == Dest::Body {
            self.flush();
            self.out.end();
        }
    }

    /// Decodes the 8-bit text so far.
    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let (text, _) = self
                .pending_encoding
                .decode_without_bom_handling(&self.pending);
            self.out.push(&text);
            self.pending.clear();
        }
    }
}

/// Destinations whose text is not the body's.
const SKIPPED: &[&[u8]] = &[
    b"colortbl",
    b"stylesheet",
    b"info",
    b"pict",
    b"object",
    b"header",
    b"headerl",
    b"headerr",
    b"headerf",
    b"footer",
    b"footerl",
    b"footerr",
    b"footerf",
    b"footnote",
    b"annotation",
    b"atnid",
    b"atnauthor",
    b"fldinst",
    b"themedata",
    b"colorschememapping",
    b"datastore",
    b"latentstyles",
    b"listtable",
    b"listoverridetable",
    b"rsidtbl",
    b"generator",
    b"xmlnstbl",
    b"filetbl",
    b"revtbl",
    b"userprops",
    b"xe",
    b"tc",
    b"txe",
];

/// The code page of a font's `\fcharset`; `None` for "the document's".
fn charset(set: i32) -> Option<i32> {
    Some(match set {
        77 => 10000,
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        _ => return None,
    })
}

/// A Windows code page as an encoding; those encoding_rs lacks (the DOS ones) as Windows-1252.
fn code_page(page: i32) -> &'static Encoding {
    let label = match page {
        874 | 1250..=1258 => format!("windows-{page}"),
        932 => "shift_jis".into(),
        936 => "gbk".into(),
        949 => "euc-kr".into(),
        950 => "big5".into(),
        10000 => "macintosh".into(),
        65001 => "utf-8".into(),
        _ => "windows-1252".into(),
    };
    Encoding::for_label(label.as_bytes()).unwrap_or(WINDOWS_1252)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordpad_style_text() {
        let rtf = br#"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fnil\fcharset0 Calibri;}}
{\colortbl ;\red255\green0\blue0;}
{\*\generator Riched20 10.0.19041}\viewkind4\uc1
\pard\sa200\sl276\slmult1\b\f0\fs28 On Walking\b0\par
\fs22 I walk every day, caf\'e9 to caf\'e9.\line Rain or shine.\par
\par
{\*\bkmkstart x}{\field{\*\fldinst HYPERLINK ""http://x""}{\fldrslt See here}}\par
}"#;
        assert_eq!(
            to_text(rtf).unwrap(),
            "On Walking\n\nI walk every day, caf\u{e9} to caf\u{e9}.\nRain or shine.\n\nSee here\n"
        );
    }

    #[test]
    fn unicode_with_fallbacks_and_surrogates() {
        let rtf = br"{\rtf1\ansi\uc1 Gr\u252?n \'fcber, \u-10179\'3f\u-8704\'3fx {\uc2\u8212--}y}";
        assert_eq!(
            to_text(rtf).unwrap(),
            "Gr\u{fc}n \u{fc}ber, \u{1f600}x \u{2014}y\n"
        );
    }

    #[test]
    fn font_code_pages() {
        let rtf = br"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}{\f1\fcharset204 Times;}}\f1\'cf\'f0\'e8\'e2\'e5\'f2 \f0 caf\'e9}";
        assert_eq!(
            to_text(rtf).unwrap(),
            "\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442} caf\u{e9}\n"
        );
    }

    #[test]
    fn binary_data_and_skipped_destinations_leave_no_text() {
        let rtf =
            b"{\\rtf1{\\pict\\bin4 \x00{}\\ }{\\info{\\title T}}Body{\\*\\unknown hidden}\\par}";
        assert_eq!(to_text(rtf).unwrap(), "Body\n");
    }

    #[test]
    fn hostile_ones() {
        assert_eq!(to_text(b"plain words"), Err(BadRtf::NotRtf));
        let mut deep = b"{\\rtf1 ".to_vec();
        deep.extend(std::iter::repeat_n(b'{', 100_000));
        assert_eq!(to_text(&deep), Err(BadRtf::TooDeep));
        // Cut short anywhere: text so far, no panic.
        let rtf = br"{\rtf1\ansi{\fonttbl{\f0 A;}}\u8212\'";
        for end in 0..rtf.len() {
            let _ = to_text(&rtf[..end]);
        }
    }
}
