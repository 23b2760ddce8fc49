//! PowerPoint presentations (.pptx): the text of every slide in the order the presentation
//! shows them (its slide list, not the part names), each text box's paragraphs as blocks,
//! tables a cell a paragraph. Speaker notes, layouts and masters (placeholder prompts such as
//! "Click to add title") are parts of their own and left out.

use super::NoText;
use super::blocks::Blocks;
use super::docx::MC;
use super::package::Package;
use super::xml::{self, Element, Role, Spacing};

/// DrawingML, where slide text lives.
const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

pub fn extract(bytes: &[u8]) -> Result<String, NoText> {
    let mut package = Package::open(bytes, "a PowerPoint presentation")?;
    let presentation = package.main_part("ppt/presentation.xml")?;
    let xml = package.text(&presentation)?;
    let order =
        xml::elements(&xml, &presentation, P, "sldId", &[(R, "id")]).map_err(|e| package.bad(e))?;
    let targets = package.relationships(&presentation)?;
    let mut out = Blocks::new();
    for id in order.into_iter().filter_map(|mut a| a[0].take()) {
        let Some(slide) = targets.iter().find(|r| r.id == id) else {
            continue;
        };
        let xml = package.text(&slide.target)?;
        xml::paragraphs(&xml, &slide.target, Spacing::Kept, role, &mut out)
            .map_err(|e| package.bad(e))?;
    }
    Ok(out.finish())
}

fn role(e: &Element<'_>) -> Role {
    match (e.ns, e.local) {
        (A, "p") => Role::Paragraph { holds_text: false },
        (A, "t") => Role::Text,
        (A, "br") => Role::Chars('\n', 1),
        (A, "pPr" | "rPr" | "endParaRPr") | (MC, "Fallback") => Role::Skip,
        _ => Role::Other,
    }
}
