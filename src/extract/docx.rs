//! Word documents (.docx, as Word, LibreOffice, Google Docs and python-docx write them): the
//! body's paragraphs and headings, tables a cell a paragraph, in the order they stand. Styles,
//! properties, deleted and moved-away text (tracked changes), field codes and the fallback
//! copies of text boxes are dropped; headers, footers, footnotes and comments live in parts of
//! their own and are not the body's text.

use super::NoText;
use super::blocks::Blocks;
use super::package::Package;
use super::xml::{self, Element, Role, Spacing};

/// WordprocessingML, transitional and strict.
const W: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];

/// Markup compatibility: `mc:Fallback` repeats what `mc:Choice` holds, for older readers.
pub const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

pub fn extract(bytes: &[u8]) -> Result<String, NoText> {
    let mut package = Package::open(bytes, "a Word document")?;
    let body = package.main_part("word/document.xml")?;
    let xml = package.text(&body)?;
    let mut out = Blocks::new();
    xml::paragraphs(&xml, &body, Spacing::Kept, role, &mut out).map_err(|e| package.bad(e))?;
    Ok(out.finish())
}

fn role(e: &Element<'_>) -> Role {
    if e.ns == MC {
        return if e.local == "Fallback" {
            Role::Skip
        } else {
            Role::Other
        };
    }
    if !W.contains(&e.ns) {
        return Role::Other;
    }
    match e.local {
        "p" => Role::Paragraph { holds_text: false },
        "t" => Role::Text,
        "br" | "cr" => Role::Chars('\n', 1),
        "tab" => Role::Chars('\t', 1),
        "noBreakHyphen" => Role::Chars('-', 1),
        // Properties (tab stops are `w:tab` too), tracked deletions and moves, field codes.
        "pPr" | "rPr" | "sectPr" | "tblPr" | "trPr" | "tcPr" | "sdtPr" | "del" | "moveFrom"
        | "delText" | "instrText" | "delInstrText" => Role::Skip,
        _ => Role::Other,
    }
}
