//! PDF text, chosen by measurement (benches/pdf-compare, against poppler's pdftotext on 322
//! real PDFs from Debian's documentation): oxidize-pdf first, for its speed and memory; when
//! its text does not look like words (fonts it cannot map give replacement characters, or
//! spaces go missing between words), pdf-extract, which maps more fonts but is ten times slower. Ligatures
//! and other compatibility forms are folded by NFKC. A PDF with no text layer (a scan) says so.
//! Both libraries can panic on hostile input: the caller runs this on a thread it can lose.

use unicode_normalization::UnicodeNormalization as _;

use super::NoText;

pub fn extract(bytes: &[u8]) -> Result<String, NoText> {
    let text = layer(bytes)?.text;
    if text.split_whitespace().next().is_none() {
        return Err(NoText::NoTextLayer);
    }
    Ok(text)
}

/// A PDF's text layer: the text [`extract`] gives, and, where the fast reader read it, each
/// page's (with pdf-extract's whole-file text, none: [`pages_slowly`] has them).
pub struct Layer {
    pub text: String,
    pub pages: Option<Vec<String>>,
}

pub fn layer(bytes: &[u8]) -> Result<Layer, NoText> {
    if !bytes.starts_with(b"%PDF")
        && !bytes[..bytes.len().min(1024)]
            .windows(4)
            .any(|w| w == b"%PDF")
    {
        return Err(NoText::Unreadable("not a PDF file".into()));
    }
    let fast = oxidize_pdf::parser::PdfReader::new(std::io::Cursor::new(bytes.to_vec()))
        .ok()
        .and_then(|r| {
            oxidize_pdf::parser::PdfDocument::new(r)
                .extract_text_with_options(options())
                .ok()
        })
        .map(|pages| pages.into_iter().map(|p| p.text).collect::<Vec<_>>());
    match fast {
        Some(pages) if plausible(&pages.join("\n\n")) => {
            let pages: Vec<String> = pages.iter().map(|p| p.nfkc().collect()).collect();
            Ok(Layer {
                text: pages.join("\n\n"),
                pages: Some(pages),
            })
        }
        _ => match pdf_extract::extract_text_from_mem(bytes) {
            Ok(t) => Ok(Layer {
                text: t.nfkc().collect(),
                pages: None,
            }),
            Err(e) => Err(NoText::Unreadable(format!("cannot read this PDF: {e}"))),
        },
    }
}

/// Each page's text, by pdf-extract (for a PDF the fast reader could not read), one a page.
pub fn pages_slowly(bytes: &[u8]) -> Result<Vec<String>, NoText> {
    match pdf_extract::extract_text_from_mem_by_pages(bytes) {
        Ok(pages) => Ok(pages.iter().map(|p| p.nfkc().collect()).collect()),
        Err(e) => Err(NoText::Unreadable(format!("cannot read this PDF: {e}"))),
    }
}

/// oxidize-pdf's defaults, but for the two word-break thresholds, lowered by measurement on
/// the corpus: a gap of a fifth of a space, or a kern of 150 milli-em, is a break between words
/// (TeX's tight inter-word spacing otherwise glues words). Its column reordering was tried
/// too and left off: it split kerned words ("pac kage") and hid lost spaces from `plausible`.
fn options() -> oxidize_pdf::text::ExtractionOptions {
    oxidize_pdf::text::ExtractionOptions {
        space_threshold: 0.2,
        tj_space_threshold: 0.15,
        ..Default::default()
    }
}

/// Whether extracted text looks like words: under 1% replacement, private-use or control
/// characters, and spaces often enough (words averaging 15 letters lost their spaces).
fn plausible(text: &str) -> bool {
    let letters = text.chars().filter(|c| !c.is_whitespace()).count();
    if letters == 0 {
        return false;
    }
    let bad = text
        .chars()
        .filter(|c| {
            *c == '\u{fffd}'
                || ('\u{e000}'..='\u{f8ff}').contains(c)
                || (c.is_control() && !c.is_whitespace())
        })
        .count();
    let words = text.split_whitespace().count().max(1);
    (bad as f64) < 0.01 * letters as f64
        && (letters as f64 / words as f64) < 15.0
        && (glued(text) as f64) < 0.003 * words as f64
}

/// Words that ran into "the" ("inthe", "tothe", "andthe"): a sign that spaces were lost
/// between words, which a mean word length does not show. English-only, like the mistake.
fn glued(text: &str) -> usize {
    const HEADS: [&str; 8] = ["of", "to", "in", "and", "on", "for", "with", "from"];
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_ascii_lowercase()
        })
        .filter(|w| {
            w.strip_suffix("the")
                .is_some_and(|head| HEADS.contains(&head))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausibility() {
        assert!(plausible("An ordinary sentence of words."));
        assert!(!plausible("\u{fffd}\u{fffd}\u{fffd} \u{fffd}\u{fffd}"));
        assert!(!plausible("Wordsthatlosttheirspacesalltogetherinoneline"));
        assert!(!plausible("   "));
        let glued = "Text inthe manual tothe reader withthe words ofthe book. ".repeat(20);
        assert!(!plausible(&glued));
    }

    #[test]
    fn not_a_pdf() {
        assert!(matches!(extract(b"hello"), Err(NoText::Unreadable(_))));
    }
}
