//! Bytes to text, one module per kind of file. Every extractor returns normalised text (see
//! [`normalize`]), so the same words hash the same whatever file they came from. Extractors
//! do no I/O: sources fetch the bytes, the store keeps the result.

pub mod isolate;
mod pdf;
mod sheet;
mod text;

use std::path::Path;

use crate::cli::FileKind;

/// What a file is, as far as extraction goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text and Markdown, in any common encoding (also Docs and Slides exported as text).
    Text,
    /// An .xlsx workbook: every sheet.
    Sheet,
    /// A CSV file: one table.
    Csv,
    /// A PDF with a text layer.
    Pdf,
}

impl Kind {
    const ALL: [Kind; 4] = [Kind::Text, Kind::Sheet, Kind::Csv, Kind::Pdf];

    /// A short name, for the extractor child process's command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Sheet => "xlsx",
            Kind::Csv => "csv",
            Kind::Pdf => "pdf",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether its parser is third-party and meets hostile input, so that it runs in a child
    /// process ([`isolate`]).
    pub fn needs_isolation(self) -> bool {
        matches!(self, Kind::Sheet | Kind::Pdf)
    }

    /// The `--types` name this kind answers to.
    pub fn file_kind(self) -> FileKind {
        match self {
            Kind::Text => FileKind::Text,
            Kind::Sheet | Kind::Csv => FileKind::Sheets,
            Kind::Pdf => FileKind::Pdf,
        }
    }
}

/// Why a file gave no text. These are reported as `skipped`, not as failures: the file is
/// fine, it just holds nothing to learn from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum NoText {
    #[error("empty file")]
    Empty,
    #[error("binary file, not text")]
    Binary,
    #[error("no text in it (only white space)")]
    Blank,
    #[error("no text layer (a scan?)")]
    NoTextLayer,
    #[error("too large: {0}")]
    TooLarge(String),
    #[error("{0}")]
    Unreadable(String),
}

/// File name endings read as text, and the MIME type each is recorded with.
const TEXT_EXTENSIONS: &[(&str, &str)] = &[
    ("txt", "text/plain"),
    ("text", "text/plain"),
    ("md", "text/markdown"),
    ("markdown", "text/markdown"),
    ("mdown", "text/markdown"),
    ("mkd", "text/markdown"),
    ("rst", "text/x-rst"),
    ("org", "text/org"),
    ("adoc", "text/asciidoc"),
    ("tex", "text/x-tex"),
];

/// Decides a local file's kind and MIME type from its name; a file with no extension is
/// treated as plain text (and skipped later if it turns out binary). `Err` carries the MIME
/// type of a file that is not supported.
pub fn kind_of_path(path: &Path) -> Result<(Kind, &'static str), String> {
    let Some(ext) = path.extension() else {
        return Ok((Kind::Text, "text/plain"));
    };
    let ext = ext.to_string_lossy().to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" => return Ok((Kind::Sheet, crate::google::drive::XLSX)),
        "csv" => return Ok((Kind::Csv, "text/csv")),
        "pdf" => return Ok((Kind::Pdf, "application/pdf")),
        _ => {}
    }
    TEXT_EXTENSIONS
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, mime)| (Kind::Text, *mime))
        .ok_or_else(|| {
            mime_guess::from_ext(&ext)
                .first_raw()
                .unwrap_or("application/octet-stream")
                .to_string()
        })
}

/// Extracts the text of `bytes`, normalised. `Err` is a file with nothing to learn from;
/// a file that is not what its type says (a broken workbook) is [`NoText::Unreadable`].
pub fn extract(kind: Kind, bytes: &[u8]) -> Result<String, NoText> {
    if bytes.is_empty() {
        return Err(NoText::Empty);
    }
    let unreadable = |e: sheet::BadSheet| NoText::Unreadable(e.to_string());
    let text = match kind {
        Kind::Text => text::decode(bytes)?,
        Kind::Sheet => sheet::xlsx(bytes).map_err(unreadable)??,
        Kind::Csv => sheet::csv(&text::decode(bytes)?).map_err(unreadable)??,
        Kind::Pdf => pdf::extract(bytes)?,
    };
    let text = normalize(&text);
    if text.trim().is_empty() {
        return Err(NoText::Blank);
    }
    Ok(text)
}

/// The one normal form of stored text: no byte-order mark, `\n` line ends, no trailing white
/// space at the end of the text, exactly one final newline.
pub fn normalize(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::with_capacity(text.len() + 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{feff}' | '\0' => {}
            c => out.push(c),
        }
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out.push('\n');
    out
}

thread_local! {
    static CONTAINED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is inside [`contained`] (the panic hook stays quiet there: the panic
/// is one file's failure, reported as such, not a bug report).
pub fn in_contained() -> bool {
    CONTAINED.with(std::cell::Cell::get)
}

/// Runs an extractor so that a panic in it (PDF libraries meet hostile input) becomes this
/// file's failure rather than the run's end.
pub fn contained<T>(f: impl FnOnce() -> Result<T, NoText>) -> Result<T, NoText> {
    CONTAINED.with(|c| c.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CONTAINED.with(|c| c.set(false));
    result.unwrap_or_else(|_| {
        Err(NoText::Unreadable(
            "the extractor failed on this file".into(),
        ))
    })
}

/// Words as a person counts them: runs of non-white-space.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn normalize_gives_the_one_normal_form(text in "(\\PC|[\r\n\t \u{feff}\0])*") {
            let n = normalize(&text);
            // Idempotent: the normal form of the normal form is itself.
            proptest::prop_assert_eq!(normalize(&n), n.clone());
            let marks = ['\r', '\u{feff}', '\0'];
            proptest::prop_assert!(!n.contains(marks), "a mark left in {:?}", n);
            proptest::prop_assert!(n.ends_with('\n'));
            proptest::prop_assert!(!n[..n.len() - 1].ends_with(char::is_whitespace));
            // Nothing but line ends, white space at the end, and the invisible marks and NULs
            // (dropped) is changed: the words stay, in order.
            let words = |t: &str| -> Vec<String> {
                t.replace(['\u{feff}', '\0'], "")
                    .split_whitespace()
                    .map(String::from)
                    .collect()
            };
            proptest::prop_assert_eq!(words(&n), words(&text));
        }

        #[test]
        fn any_bytes_extract_without_panic(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..2048),
            kind in 0usize..3,
        ) {
            // PDF and xlsx have fuzz targets (fuzz/); these are voicetrain's own.
            let kind = [Kind::Text, Kind::Csv, Kind::Sheet][kind];
            if let Ok(text) = extract(kind, &bytes) {
                proptest::prop_assert_eq!(normalize(&text), text);
            }
        }

        #[test]
        fn utf8_text_decodes_to_itself(text in "[^\0\u{feff}]*") {
            proptest::prop_assume!(!text.is_empty());
            proptest::prop_assert_eq!(text::decode(text.as_bytes()), Ok(text));
        }
    }

    #[test]
    fn normalize_line_ends_and_bom() {
        assert_eq!(normalize("\u{feff}a\r\nb\rc\n\n  \n"), "a\nb\nc\n");
        assert_eq!(normalize("x"), "x\n");
    }

    #[test]
    fn extensions_decide_kind() {
        assert_eq!(
            kind_of_path(Path::new("a/b.MD")),
            Ok((Kind::Text, "text/markdown"))
        );
        assert_eq!(
            kind_of_path(Path::new("notes")),
            Ok((Kind::Text, "text/plain"))
        );
        assert_eq!(
            kind_of_path(Path::new("p.png")),
            Err("image/png".to_string())
        );
    }
}
