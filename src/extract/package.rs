//! Zip packages (xlsx, docx, pptx, OpenDocument, EPUB) opened with limits, so that a zip bomb
//! or an archive that claims 100 GB unpacked is that file's "too large", not the run's end:
//! what the archive says its members unpack to is checked before anything is unpacked, and
//! what is really unpacked is counted as it comes (a member may lie about its size), across
//! every member read. A package's parts are read as text here; what they mean is the
//! extractor's business.

use std::io::{Cursor, Read as _};

use super::NoText;

/// A package whose members unpack to more than this, by its own account or in fact, is not
/// read: a zip bomb, or data rather than writing.
pub const MAX_UNPACKED: u64 = 100 << 20;

/// Why a package could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BadPackage {
    #[error("not a zip archive ({0})")]
    NotZip(zip::result::ZipError),
    #[error("it has no {0}")]
    Missing(String),
    #[error("cannot unpack {part} ({source})")]
    Unpack {
        part: String,
        source: std::io::Error,
    },
    #[error("{part} is not well-formed XML ({reason})")]
    Xml { part: String, reason: String },
}

/// An opened package, and what it is called in messages ("a Word document").
pub struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    noun: &'static str,
    /// Bytes unpacked so far, by every read.
    unpacked: u64,
}

impl<'a> Package<'a> {
    /// Opens `bytes` as a zip archive, refusing one that says it unpacks to more than
    /// [`MAX_UNPACKED`]. `noun` names the kind of file in messages.
    pub fn open(bytes: &'a [u8], noun: &'static str) -> Result<Package<'a>, NoText> {
        let opened = zip::ZipArchive::new(Cursor::new(bytes))
            .and_then(|mut archive| claimed(&mut archive).map(|claimed| (archive, claimed)));
        match opened {
            Err(e) => Err(unreadable(noun, &BadPackage::NotZip(e))),
            Ok((_, claimed)) if claimed > MAX_UNPACKED => Err(too_large(noun, claimed)),
            Ok((archive, _)) => Ok(Package {
                archive,
                noun,
                unpacked: 0,
            }),
        }
    }

    /// Whether the package has a member of this name.
    pub fn has(&self, part: &str) -> bool {
        self.archive.index_for_name(part).is_some()
    }

    /// The bytes of one member; `None` when there is no such member.
    pub fn read(&mut self, part: &str) -> Result<Option<Vec<u8>>, NoText> {
        let Some(index) = self.archive.index_for_name(part) else {
            return Ok(None);
        };
        let left = MAX_UNPACKED - self.unpacked.min(MAX_UNPACKED);
        let mut bytes = Vec::new();
        let read = self
            .archive
            .by_index(index)
            .map_err(|e| std::io::Error::other(e.to_string()))
            .and_then(|member| member.take(left + 1).read_to_end(&mut bytes));
        if let Err(source) = read {
            return Err(self.bad(BadPackage::Unpack {
                part: part.to_string(),
                source,
            }));
        }
        self.unpacked += bytes.len() as u64;
        if self.unpacked > MAX_UNPACKED {
            return Err(self.too_large(self.unpacked));
        }
        Ok(Some(bytes))
    }

    /// One member as text (XML parts are UTF-8, or UTF-16 with a byte-order mark); a missing
    /// member is an error.
    pub fn text(&mut self, part: &str) -> Result<String, NoText> {
        let bytes = self
            .read(part)?
            .ok_or_else(|| self.bad(BadPackage::Missing(part.to_string())))?;
        Ok(super::text::decode_xml(&bytes))
    }

    /// This package's failure, as the file's.
    pub fn bad(&self, e: BadPackage) -> NoText {
        unreadable(self.noun, &e)
    }

    fn too_large(&self, unpacked: u64) -> NoText {
        too_large(self.noun, unpacked)
    }
}

/// What the archive says its members unpack to, in all.
pub fn claimed<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
) -> Result<u64, zip::result::ZipError> {
    let mut total = 0u64;
    for i in 0..archive.len() {
        total = total.saturating_add(archive.by_index_raw(i)?.size());
    }
    Ok(total)
}

/// The namespace of OPC relationship parts (`_rels/*.rels`).
const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// One relationship of an OOXML part: its ID, type and target (a member name).
#[derive(Debug, PartialEq, Eq)]
pub struct Relationship {
    pub id: String,
    pub kind: String,
    pub target: String,
}

impl Package<'_> {
    /// The relationships of `part` ("" for the package's own), external targets left out.
    pub fn relationships(&mut self, part: &str) -> Result<Vec<Relationship>, NoText> {
        let (folder, name) = part.rsplit_once('/').unwrap_or(("", part));
        let rels = if folder.is_empty() {
            format!("_rels/{name}.rels")
        } else {
            format!("{folder}/_rels/{name}.rels")
        };
        if !self.has(&rels) {
            return Ok(Vec::new());
        }
        let xml = self.text(&rels)?;
        let attrs = [("", "Id"), ("", "Type"), ("", "Target"), ("", "TargetMode")];
        let found = super::xml::elements(&xml, &rels, RELS, "Relationship", &attrs)
            .map_err(|e| self.bad(e))?;
        Ok(found
            .into_iter()
            .filter_map(|mut a| {
                let external = a[3].take().is_some_and(|m| m == "External");
                let (id, kind, target) = (a[0].take()?, a[1].take()?, a[2].take()?);
                (!external).then(|| Relationship {
                    id,
                    kind,
                    target: resolve(part, &target),
                })
            })
            .collect())
    }

    /// The target of the package's relationship whose type ends with `/officeDocument`
    /// (the main part of a Word, Excel or PowerPoint file), else `fallback`.
    pub fn main_part(&mut self, fallback: &str) -> Result<String, NoText> {
        let main = self
            .relationships("")?
            .into_iter()
            .find(|r| r.kind.ends_with("/officeDocument"))
            .map_or_else(|| fallback.to_string(), |r| r.target);
        Ok(main)
    }
}

/// What a file that unpacks to too much is told.
pub fn too_large(noun: &str, unpacked: u64) -> NoText {
    NoText::TooLarge(format!(
        "{noun} that unpacks to {} MB (at most {} MB are read)",
        unpacked >> 20,
        MAX_UNPACKED >> 20
    ))
}

fn unreadable(noun: &str, e: &BadPackage) -> NoText {
    NoText::Unreadable(format!("not a readable {}: {e}", noun_only(noun)))
}

/// "a Word document" without its article, for "not a readable Word document".
fn noun_only(noun: &str) -> &str {
    noun.strip_prefix("an ")
        .or_else(|| noun.strip_prefix("a "))
        .unwrap_or(noun)
}

/// The path of `target` as named from the part `from` (relative to its folder; a leading `/`
/// is the package's root), as zip members are named: no leading `/`, `..` resolved, and
/// percent-escapes decoded (EPUB hrefs are URLs).
pub fn resolve(from: &str, target: &str) -> String {
    let target = percent_encoding::percent_decode_str(target).decode_utf8_lossy();
    let target = target.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        from.split('/').collect()
    };
    // `from` names a part; its folder is what the target is relative to.
    if !target.starts_with('/') {
        parts.pop();
    }
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_as_members_are_named() {
        assert_eq!(
            resolve("ppt/presentation.xml", "slides/slide1.xml"),
            "ppt/slides/slide1.xml"
        );
        assert_eq!(
            resolve("word/document.xml", "/word/media/a.png"),
            "word/media/a.png"
        );
        assert_eq!(
            resolve("OEBPS/content.opf", "../Text/ch%201.xhtml#p3"),
            "Text/ch 1.xhtml"
        );
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }

    #[test]
    fn not_a_zip_says_so() {
        match Package::open(b"PK\x03\x04 not really", "a Word document") {
            Err(NoText::Unreadable(why)) => {
                assert!(
                    why.starts_with("not a readable Word document: not a zip archive"),
                    "{why}"
                )
            }
            Err(other) => panic!("{other:?}"),
            Ok(_) => panic!("opened"),
        }
    }
}
