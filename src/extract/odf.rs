//! OpenDocument text and presentations (.odt, .odp, as LibreOffice and odfpy write them): the
//! paragraphs and headings of `content.xml` in order (a presentation's pages one after
//! another), with OpenDocument's white space rule (a run of spaces is one; `text:s` writes
//! the rest). Annotations, notes (foot- and endnotes, speaker notes), tracked changes,
//! generated indexes and tables of contents, and image titles are dropped; styles are parts of
//! their own. A password-protected document says so.

use super::NoText;
use super::blocks::Blocks;
use super::package::Package;
use super::xml::{self, Element, Role, Spacing};

const TEXT: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const PRESENTATION: &str = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0";
const SVG: &str = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";

/// `noun` names the kind of document in messages ("an OpenDocument text").
pub fn extract(bytes: &[u8], noun: &'static str) -> Result<String, NoText> {
    let mut package = Package::open(bytes, noun)?;
    let manifest = package.read("META-INF/manifest.xml")?.unwrap_or_default();
    if manifest.windows(15).any(|w| w == b"encryption-data") {
        return Err(NoText::Unreadable(format!(
            "{noun} that is password-protected"
        )));
    }
    let xml = package.text("content.xml")?;
    let mut out = Blocks::new();
    xml::paragraphs(&xml, "content.xml", Spacing::Collapsed, role, &mut out)
        .map_err(|e| package.bad(e))?;
    Ok(out.finish())
}

fn role(e: &Element<'_>) -> Role {
    match (e.ns, e.local) {
        (TEXT, "p" | "h") => Role::Paragraph { holds_text: true },
        (TEXT, "s") => {
            let n = e.attr(TEXT, "c").and_then(|c| c.parse().ok());
            Role::Chars(' ', n.unwrap_or(1))
        }
        (TEXT, "tab") => Role::Chars('\t', 1),
        (TEXT, "line-break") => Role::Chars('\n', 1),
        (
            TEXT,
            "note" | "tracked-changes" | "table-of-content" | "alphabetical-index"
            | "illustration-index" | "table-index" | "object-index" | "user-index" | "bibliography",
        )
        | (OFFICE, "annotation")
        | (PRESENTATION, "notes")
        | (SVG, "title" | "desc") => Role::Skip,
        _ => Role::Other,
    }
}
