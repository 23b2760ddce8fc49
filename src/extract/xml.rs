//! The text of an office XML part (a Word body, a slide, an OpenDocument's content), read with
//! quick-xml's namespace-aware pull parser: each format says what its elements are
//! ([`Role`]: a paragraph, a run of text, a break, something to pass over whole), and the
//! walk keeps the text in paragraphs ([`Blocks`]), dropping markup, styles and everything the
//! format marks as not the document's text. quick-xml expands no entities beyond XML's five
//! and character references, so no file can make it fetch or multiply anything.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{NamespaceResolver, ResolveResult};
use quick_xml::reader::NsReader;

use super::blocks::Blocks;
use super::package::BadPackage;

/// What an element is, for the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A paragraph or heading: its text is one block. `holds_text`: character data anywhere
    /// inside it is text (OpenDocument); otherwise only inside [`Role::Text`] (OOXML).
    Paragraph { holds_text: bool },
    /// A run of text: the character data inside is the document's.
    Text,
    /// Characters the element stands for, and how many: a line break (`\n`), a tab, the
    /// spaces of OpenDocument's `text:s`, Word's non-breaking hyphen.
    Chars(char, usize),
    /// Not the document's text (deleted text, field codes, notes, fallback copies): the whole
    /// element is passed over.
    Skip,
    /// Anything else: only what is inside it counts.
    Other,
}

/// An element as a format's rules see it.
pub struct Element<'e> {
    /// Its namespace URI ("" for none).
    pub ns: &'e str,
    pub local: &'e str,
    start: &'e BytesStart<'e>,
    resolver: &'e NamespaceResolver,
}

impl Element<'_> {
    /// The value of the attribute `local` in namespace `ns` ("" for an unprefixed one).
    pub fn attr(&self, ns: &str, local: &str) -> Option<String> {
        self.start.attributes().flatten().find_map(|a| {
            let (bound, name) = self.resolver.resolve_attribute(a.key);
            let matches = name.as_ref() == local && namespace(&bound) == ns;
            matches
                .then(|| a.normalized_value(XmlVersion::Implicit1_0).ok())?
                .map(|v| v.into_owned())
        })
    }
}

/// The next event and its element's namespace URI.
fn next<'i>(
    reader: &mut NsReader<&'i [u8]>,
    part: &str,
) -> Result<(String, Event<'i>), BadPackage> {
    match reader.read_resolved_event() {
        Ok((bound, event)) => Ok((namespace(&bound).to_string(), event)),
        Err(e) => Err(BadPackage::Xml {
            part: part.to_string(),
            reason: format!("{e} at byte {}", reader.error_position()),
        }),
    }
}

fn namespace<'n>(bound: &'n ResolveResult<'_>) -> &'n str {
    match bound {
        ResolveResult::Bound(ns) => ns.as_ref(),
        _ => "",
    }
}

/// How a format's white space is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spacing {
    /// As written (OOXML's `w:t` and `a:t` hold their spaces).
    Kept,
    /// A run of white space is one space (OpenDocument; its `text:s` writes the others).
    Collapsed,
}

/// Walks `xml` (the part `part`), adding its text to `out`.
pub fn paragraphs(
    xml: &str,
    part: &str,
    spacing: Spacing,
    role: impl Fn(&Element<'_>) -> Role,
    out: &mut Blocks,
) -> Result<(), BadPackage> {
    let bad = |reason: String| BadPackage::Xml {
        part: part.to_string(),
        reason,
    };
    let mut reader = NsReader::from_str(xml);
    let mut open: Vec<Role> = Vec::new();
    // Elements passed over, still open.
    let mut skipping = 0usize;
    // Open elements whose character data is text.
    let mut in_text = 0usize;
    loop {
        let (ns, event) = next(&mut reader, part)?;
        match event {
            Event::Start(_) if skipping > 0 => skipping += 1,
            Event::Empty(_) if skipping > 0 => {}
            Event::Start(ref start) | Event::Empty(ref start) => {
                // `<a/>` is an element that opens and closes at once.
                let opens = matches!(event, Event::Start(_));
                let name = start.local_name();
                let r = role(&Element {
                    ns: &ns,
                    local: name.as_ref(),
                    start,
                    resolver: reader.resolver(),
                });
                match r {
                    Role::Paragraph { holds_text } => {
                        out.end();
                        in_text += usize::from(holds_text && opens);
                    }
                    Role::Chars(c, n) => write(c, n, out),
                    Role::Skip if opens => skipping = 1,
                    Role::Text if opens => in_text += 1,
                    _ => {}
                }
                if opens && r != Role::Skip {
                    open.push(r);
                }
            }
            Event::End(_) if skipping > 0 => skipping -= 1,
            Event::End(_) => match open.pop() {
                Some(Role::Paragraph { holds_text }) => {
                    out.end();
                    in_text -= usize::from(holds_text);
                }
                Some(Role::Text) => in_text -= 1,
                _ => {}
            },
            Event::Text(t) if skipping == 0 && in_text > 0 => {
                push(&t.xml_content(XmlVersion::Implicit1_0), spacing, out)
            }
            Event::CData(t) if skipping == 0 && in_text > 0 => {
                push(&t.xml_content(XmlVersion::Implicit1_0), spacing, out)
            }
            Event::GeneralRef(r) if skipping == 0 && in_text > 0 => {
                let c = r.resolve_char_ref().map_err(|e| bad(e.to_string()))?;
                match c {
                    Some(c) => out.push_char(c),
                    None => {
                        if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                            out.push(s);
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !open.is_empty() || skipping > 0 {
        return Err(bad("it ends before its elements are closed".into()));
    }
    out.end();
    Ok(())
}

/// What a break, tab or spaces element writes (at most a line's worth: `text:c` is the
/// file's to choose).
fn write(c: char, n: usize, out: &mut Blocks) {
    for _ in 0..n.min(100) {
        out.push_char(c);
    }
}

fn push(text: &str, spacing: Spacing, out: &mut Blocks) {
    match spacing {
        Spacing::Kept => out.push(text),
        Spacing::Collapsed => {
            for c in text.chars() {
                if matches!(c, ' ' | '\t' | '\n' | '\r') {
                    if !out.at_space() {
                        out.push_char(' ');
                    }
                } else {
                    out.push_char(c);
                }
            }
        }
    }
}

/// Every element named `local` in namespace `ns`, each as its attributes looked up by
/// (namespace, local name): for the small parts that only list things (relationships, an
/// EPUB's manifest and spine).
pub fn elements(
    xml: &str,
    part: &str,
    ns: &str,
    local: &str,
    attrs: &[(&str, &str)],
) -> Result<Vec<Vec<Option<String>>>, BadPackage> {
    let mut reader = NsReader::from_str(xml);
    let mut found = Vec::new();
    loop {
        let (element_ns, event) = next(&mut reader, part)?;
        match event {
            Event::Start(start) | Event::Empty(start)
                if element_ns == ns && start.local_name().as_ref() == local =>
            {
                let element = Element {
                    ns,
                    local,
                    start: &start,
                    resolver: reader.resolver(),
                };
                found.push(attrs.iter().map(|(n, l)| element.attr(n, l)).collect());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    fn word(e: &Element<'_>) -> Role {
        match (e.ns, e.local) {
            (W, "p") => Role::Paragraph { holds_text: false },
            (W, "t") => Role::Text,
            (W, "br") => Role::Chars('\n', 1),
            (W, "delText") => Role::Skip,
            _ => Role::Other,
        }
    }

    fn walk(xml: &str) -> Result<String, BadPackage> {
        let mut out = Blocks::new();
        paragraphs(xml, "doc.xml", Spacing::Kept, word, &mut out)?;
        Ok(out.finish())
    }

    #[test]
    fn text_in_paragraphs_markup_dropped() {
        let xml = format!(
            r#"<?xml version="1.0"?><x:document xmlns:x="{W}"><x:body>
            <x:p><x:pPr><x:pStyle x:val="Heading1"/></x:pPr><x:r><x:t>A &amp; B&#x2019;s</x:t></x:r></x:p>
            <x:p><x:r><x:t xml:space="preserve">one </x:t><x:br/><x:t>two</x:t></x:r>
            <x:del><x:r><x:delText>gone <x:b/>away</x:delText></x:r></x:del></x:p>
            <x:p/></x:body></x:document>"#
        );
        assert_eq!(walk(&xml).unwrap(), "A & B\u{2019}s\n\none\ntwo\n");
    }

    #[test]
    fn malformed_xml_is_an_error() {
        let xml = format!(r#"<w:document xmlns:w="{W}"><w:p><w:t>open</w:p></w:document>"#);
        assert!(
            matches!(walk(&xml), Err(BadPackage::Xml { .. })),
            "{:?}",
            walk(&xml)
        );
        let cut = format!(r#"<w:document xmlns:w="{W}"><w:p><w:t>cut"#);
        assert!(matches!(walk(&cut), Err(BadPackage::Xml { .. })));
    }

    #[test]
    fn elements_and_their_attributes() {
        let xml = r#"<Relationships xmlns="urn:r"><Relationship Id="rId1" Target="a.xml"/><Relationship Id="rId2"/></Relationships>"#;
        assert_eq!(
            elements(
                xml,
                "rels",
                "urn:r",
                "Relationship",
                &[("", "Id"), ("", "Target")]
            )
            .unwrap(),
            vec![
                vec![Some("rId1".to_string()), Some("a.xml".to_string())],
                vec![Some("rId2".to_string()), None]
            ]
        );
    }
}
