//! Bytes to text, one module per kind of file. Every extractor returns normalised text (see
//! [`normalize`]), so the same words hash the same whatever file they came from. Extractors
//! do no I/O: sources fetch the bytes, the store keeps the result. What kind a file is comes
//! from its name or declared MIME type where that says ([`Declared`]), else from its first
//! bytes ([`sniff()`]). Scans and images are read with OCR ([`ocr`]) where `--ocr` allows,
//! through [`extract_with`].

mod blocks;
mod docx;
mod epub;
pub(crate) mod html;
pub mod isolate;
pub mod ocr;
mod odf;
mod package;
mod pdf;
mod pptx;
mod rtf;
mod sheet;
mod sniff;
pub mod stream;
mod text;
mod xml;

pub use sniff::sniff;
pub use text::SNIFF_LEN;

use std::path::Path;

use crate::cli::{FileKind, OcrMode};

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
    /// A Word document (.docx).
    Docx,
    /// An OpenDocument text (.odt).
    Odt,
    /// An RTF document.
    Rtf,
    /// A web page (.html, .htm, .xhtml).
    Html,
    /// A PowerPoint presentation (.pptx).
    Pptx,
    /// An OpenDocument presentation (.odp).
    Odp,
    /// An EPUB book.
    Epub,
    /// A PNG, JPEG or TIFF image: read with OCR.
    Image,
}

impl Kind {
    const ALL: [Kind; 12] = [
        Kind::Text,
        Kind::Sheet,
        Kind::Csv,
        Kind::Pdf,
        Kind::Docx,
        Kind::Odt,
        Kind::Rtf,
        Kind::Html,
        Kind::Pptx,
        Kind::Odp,
        Kind::Epub,
        Kind::Image,
    ];

    /// A short name, for the extractor child process's command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Sheet => "xlsx",
            Kind::Csv => "csv",
            Kind::Pdf => "pdf",
            Kind::Docx => "docx",
            Kind::Odt => "odt",
            Kind::Rtf => "rtf",
            Kind::Html => "html",
            Kind::Pptx => "pptx",
            Kind::Odp => "odp",
            Kind::Epub => "epub",
            Kind::Image => "image",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether it runs in a child process ([`isolate`]), with its time and memory limits: the
    /// kinds whose parsers are third-party and meet hostile input, and the document formats
    /// (packages that unpack, markup nested without end), whose cost a file can choose.
    pub fn needs_isolation(self) -> bool {
        !matches!(self, Kind::Text | Kind::Csv)
    }

    /// The `--types` name this kind answers to (cli.rs's `--types` help says the same).
    pub fn file_kind(self) -> FileKind {
        match self {
            Kind::Text | Kind::Html | Kind::Epub => FileKind::Text,
            Kind::Sheet | Kind::Csv => FileKind::Sheets,
            Kind::Pdf => FileKind::Pdf,
            Kind::Docx | Kind::Odt | Kind::Rtf => FileKind::Docs,
            Kind::Pptx | Kind::Odp => FileKind::Slides,
            Kind::Image => FileKind::Images,
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
    /// Not read for want of OCR (off, or Tesseract missing), or OCR read nothing: why, and
    /// what would read it.
    #[error("{0}")]
    Ocr(String),
    #[error("{0}")]
    Unreadable(String),
}

pub const PDF: &str = "application/pdf";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const ODT: &str = "application/vnd.oasis.opendocument.text";
pub const RTF: &str = "application/rtf";
pub const PPTX: &str = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
pub const ODP: &str = "application/vnd.oasis.opendocument.presentation";
pub const EPUB: &str = "application/epub+zip";
pub const PNG: &str = "image/png";
pub const JPEG: &str = "image/jpeg";
pub const TIFF: &str = "image/tiff";
const XLSX: &str = crate::google::drive::XLSX;

/// File name endings and the MIME type each is recorded with, for the endings voicetrain
/// reads (and those mime_guess does not know, or knows otherwise); other endings are looked
/// up in mime_guess.
const EXTENSIONS: &[(&str, &str)] = &[
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
    ("csv", "text/csv"),
    ("xlsx", XLSX),
    ("pdf", PDF),
    ("docx", DOCX),
    ("odt", ODT),
    ("rtf", RTF),
    ("html", "text/html"),
    ("htm", "text/html"),
    ("xhtml", "application/xhtml+xml"),
    ("pptx", PPTX),
    ("odp", ODP),
    ("epub", EPUB),
    ("png", PNG),
    ("jpg", JPEG),
    ("jpeg", JPEG),
    ("tif", TIFF),
    ("tiff", TIFF),
];

/// MIME types and the kind each is read as, local files and Drive's alike; any other
/// `text/` type is text.
const MIME_KINDS: &[(&str, Kind)] = &[
    ("text/csv", Kind::Csv),
    (XLSX, Kind::Sheet),
    (PDF, Kind::Pdf),
    (DOCX, Kind::Docx),
    (ODT, Kind::Odt),
    (RTF, Kind::Rtf),
    ("text/rtf", Kind::Rtf),
    ("text/html", Kind::Html),
    ("application/xhtml+xml", Kind::Html),
    (PPTX, Kind::Pptx),
    (ODP, Kind::Odp),
    (EPUB, Kind::Epub),
    (PNG, Kind::Image),
    (JPEG, Kind::Image),
    (TIFF, Kind::Image),
];

/// What a file's name, or the MIME type its provider declares, says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declared {
    /// Read it as this kind; the MIME type it is recorded with.
    Kind(Kind, String),
    /// A type voicetrain does not read (an image, an archive): its MIME type.
    Unsupported(String),
    /// Nothing that helps (no extension, one nobody knows, `application/octet-stream`): its
    /// bytes decide ([`sniff()`]).
    Unknown,
}

/// The MIME type of a file whose type nothing says.
pub const OCTET_STREAM: &str = "application/octet-stream";

impl Declared {
    /// The MIME type declared, if any.
    pub fn mime(&self) -> Option<&str> {
        match self {
            Declared::Kind(_, mime) | Declared::Unsupported(mime) => Some(mime),
            Declared::Unknown => None,
        }
    }

    /// What a local file's name says.
    pub fn of_name(path: &Path) -> Declared {
        let Some(ext) = path.extension() else {
            return Declared::Unknown;
        };
        let ext = ext.to_string_lossy().to_ascii_lowercase();
        let mime = EXTENSIONS
            .iter()
            .find(|(e, _)| *e == ext)
            .map(|(_, mime)| *mime)
            .or_else(|| mime_guess::from_ext(&ext).first_raw());
        mime.map_or(Declared::Unknown, Declared::of_mime)
    }

    /// What a declared MIME type says (parameters such as `; charset=` aside).
    pub fn of_mime(mime: &str) -> Declared {
        let essence = mime
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if essence.is_empty() || essence == OCTET_STREAM {
            return Declared::Unknown;
        }
        match MIME_KINDS.iter().find(|(m, _)| *m == essence) {
            Some((_, kind)) => Declared::Kind(*kind, mime.to_string()),
            None if essence.starts_with("text/") => Declared::Kind(Kind::Text, mime.to_string()),
            None => Declared::Unsupported(mime.to_string()),
        }
    }
}

/// A file's text, normalised: held whole, or for a text file too large to hold, read again a
/// line at a time when it is stored.
#[derive(Debug)]
pub enum Text {
    Whole(String),
    Streamed(Box<stream::TextFile>),
}

/// A file's text, and whether OCR read it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Extracted {
    pub text: String,
    /// `None` for text that was in the file as text.
    pub ocr: Option<OcrUsed>,
}

/// What OCR read of a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OcrUsed {
    /// How many of its pages (an image: its frames) the text of came from OCR.
    pub pages: u32,
    /// Tesseract's languages, as `-l` took them (`eng`, `eng+deu`).
    pub languages: String,
}

/// What a reason says after "no text layer (a scan?)" when OCR is off.
const OCR_OFF: &str = "OCR is off (--ocr off, or config `ocr = \"off\"`): --ocr auto reads it";

/// Extracts the text of `bytes` as [`extract`] does, reading scans and images with OCR as
/// `ocr` says: `Auto` the pages of a PDF that have no text (a page with text keeps its text
/// layer), `Force` every page, `Off` none. Without Tesseract a scan or an image is
/// [`NoText::Ocr`], saying how to have it read; a PDF with some text keeps that text.
pub fn extract_with(kind: Kind, bytes: &[u8], ocr: OcrMode) -> Result<Extracted, NoText> {
    let plain = |text| Extracted { text, ocr: None };
    match (kind, ocr) {
        (Kind::Pdf, OcrMode::Off) => match extract(kind, bytes) {
            Err(NoText::NoTextLayer) => {
                Err(NoText::Ocr(format!("{}; {OCR_OFF}", NoText::NoTextLayer)))
            }
            other => other.map(plain),
        },
        (Kind::Pdf, _) => pdf_with_ocr(bytes, ocr == OcrMode::Force),
        (Kind::Image, OcrMode::Off) => Err(NoText::Ocr(format!(
            "an image, read only with OCR: {}",
            OCR_OFF.replace(" reads it", " reads its text")
        ))),
        (Kind::Image, _) => {
            if bytes.is_empty() {
                return Err(NoText::Empty);
            }
            if sniff::image(bytes).is_none() {
                return Err(NoText::Unreadable("not a PNG, JPEG or TIFF image".into()));
            }
            let t = ocr::Tesseract::find().map_err(|why| {
                NoText::Ocr(format!(
                    "an image, read only with OCR: {why}; {}",
                    why.fix()
                ))
            })?;
            let (text, pages) = ocr::image(&t, bytes)?;
            finish(&text, pages, &t, "an image, and OCR found no text in it")
        }
        _ => extract(kind, bytes).map(plain),
    }
}

/// A PDF's text layer, with OCR of the pages that have none (or of all, `force`).
fn pdf_with_ocr(bytes: &[u8], force: bool) -> Result<Extracted, NoText> {
    if bytes.is_empty() {
        return Err(NoText::Empty);
    }
    let layer = pdf::layer(bytes)?;
    let has_words = |t: &str| t.split_whitespace().next().is_some();
    // The text as `extract` gives it, where no page needs OCR: the same file keeps its hash.
    let pages = match layer.pages {
        Some(pages) => pages,
        None if !force && has_words(&layer.text) => {
            let pages = pdf::pages_slowly(bytes)?;
            if pages.iter().all(|p| has_words(p)) {
                return finish_plain(&layer.text);
            }
            pages
        }
        None => pdf::pages_slowly(bytes)?,
    };
    let wanted: Vec<usize> = (0..pages.len())
        .filter(|&i| force || !has_words(&pages[i]))
        .collect();
    if wanted.is_empty() {
        return finish_plain(&layer.text);
    }
    let t = match ocr::Tesseract::find() {
        Ok(t) => t,
        // What the layer has is kept; only a file with none is skipped for want of OCR.
        Err(_) if has_words(&layer.text) => return finish_plain(&layer.text),
        Err(why) => {
            return Err(NoText::Ocr(format!(
                "{}: {why}; {}",
                NoText::NoTextLayer,
                why.fix()
            )));
        }
    };
    let numbers: Vec<u32> = wanted
        .iter()
        .map(|&i| u32::try_from(i + 1).unwrap_or(u32::MAX))
        .collect();
    let read = ocr::pdf_pages(&t, bytes, &numbers)?;
    let mut pages = pages;
    for (&i, text) in wanted.iter().zip(read) {
        if let Some(page) = pages.get_mut(i) {
            *page = text;
        }
    }
    let count = u32::try_from(wanted.len()).unwrap_or(u32::MAX);
    finish(
        &pages.join("\n\n"),
        count,
        &t,
        "no text layer (a scan?), and OCR found no text in it",
    )
}

/// A text layer's text, as [`extract`] gives it: no OCR.
fn finish_plain(text: &str) -> Result<Extracted, NoText> {
    normalized(text).map(|text| Extracted { text, ocr: None })
}

/// Text OCR read, normalised; `none` the reason when it read nothing.
fn finish(text: &str, pages: u32, t: &ocr::Tesseract, none: &str) -> Result<Extracted, NoText> {
    let text = normalized(text).map_err(|_| NoText::Ocr(none.into()))?;
    Ok(Extracted {
        text,
        ocr: Some(OcrUsed {
            pages,
            languages: t.language_arg(),
        }),
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
        Kind::Docx => docx::extract(bytes)?,
        Kind::Odt => odf::extract(bytes, "an OpenDocument text")?,
        Kind::Rtf => rtf::extract(bytes)?,
        Kind::Html => html::extract(bytes)?,
        Kind::Pptx => pptx::extract(bytes)?,
        Kind::Odp => odf::extract(bytes, "an OpenDocument presentation")?,
        Kind::Epub => epub::extract(bytes)?,
        Kind::Image => {
            return Err(NoText::Ocr(
                "an image, read only with OCR (`extract_with`)".into(),
            ));
        }
    };
    normalized(&text)
}

/// `text` in the one normal form, or [`NoText::Blank`] where it holds only white space.
fn normalized(text: &str) -> Result<String, NoText> {
    let text = normalize(text);
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
    // Restored, not cleared: a contained call may run inside another (mail's HTML inside an
    // ingest's).
    let outer = CONTAINED.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CONTAINED.with(|c| c.set(outer));
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
            kind in 0usize..4,
        ) {
            // Every kind has a fuzz target (fuzz/); these are voicetrain's own (the RTF
            // tokenizer among them) or cheap to run here.
            let kind = [Kind::Text, Kind::Csv, Kind::Sheet, Kind::Rtf][kind];
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
    fn names_decide_kind_where_they_say() {
        let of = |name: &str| Declared::of_name(Path::new(name));
        assert_eq!(
            of("a/b.MD"),
            Declared::Kind(Kind::Text, "text/markdown".into())
        );
        assert_eq!(
            of("/etc/adduser.conf"),
            Declared::Kind(Kind::Text, "text/plain".into())
        );
        assert_eq!(of("essay.docx"), Declared::Kind(Kind::Docx, DOCX.into()));
        assert_eq!(
            of("page.HTM"),
            Declared::Kind(Kind::Html, "text/html".into())
        );
        assert_eq!(of("p.png"), Declared::Kind(Kind::Image, PNG.into()));
        assert_eq!(of("scan.TIF"), Declared::Kind(Kind::Image, TIFF.into()));
        assert_eq!(of("p.gif"), Declared::Unsupported("image/gif".into()));
        assert_eq!(of("notes"), Declared::Unknown);
        assert_eq!(of("README.Debian"), Declared::Unknown);
    }

    #[test]
    fn declared_types_decide_kind_where_they_say() {
        assert_eq!(
            Declared::of_mime("application/octet-stream"),
            Declared::Unknown
        );
        assert_eq!(Declared::of_mime(""), Declared::Unknown);
        assert_eq!(
            Declared::of_mime("Text/RTF"),
            Declared::Kind(Kind::Rtf, "Text/RTF".into())
        );
        assert_eq!(
            Declared::of_mime("text/x-python; charset=utf-8"),
            Declared::Kind(Kind::Text, "text/x-python; charset=utf-8".into())
        );
        assert_eq!(
            Declared::of_mime("application/zip"),
            Declared::Unsupported("application/zip".into())
        );
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
        }
    }
}
