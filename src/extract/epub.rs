//! EPUB books: the chapters the book's spine lists, in reading order, each an XHTML document
//! read as a web page is ([`super::html`]). The navigation document, the table of contents
//! (NCX) and spine items marked non-linear (notes, pop-ups) are left out.

use super::NoText;
use super::blocks::Blocks;
use super::package::{BadPackage, Package, resolve};
use super::xml;

const CONTAINER: &str = "urn:oasis:names:tc:opendocument:xmlns:container";
const OPF: &str = "http://www.idpf.org/2007/opf";

pub fn extract(bytes: &[u8]) -> Result<String, NoText> {
    let mut package = Package::open(bytes, "an EPUB book")?;
    let container = "META-INF/container.xml";
    let xml = package.text(container)?;
    let roots = xml::elements(&xml, container, CONTAINER, "rootfile", &[("", "full-path")])
        .map_err(|e| package.bad(e))?;
    let Some(opf) = roots.into_iter().find_map(|mut a| a[0].take()) else {
        return Err(package.bad(BadPackage::Missing(format!(
            "package document named in {container}"
        ))));
    };
    let xml = package.text(&opf)?;
    let item_attrs = [
        ("", "id"),
        ("", "href"),
        ("", "media-type"),
        ("", "properties"),
    ];
    let items = xml::elements(&xml, &opf, OPF, "item", &item_attrs).map_err(|e| package.bad(e))?;
    let spine = xml::elements(&xml, &opf, OPF, "itemref", &[("", "idref"), ("", "linear")])
        .map_err(|e| package.bad(e))?;
    let mut out = Blocks::new();
    for itemref in spine {
        if itemref[1].as_deref() == Some("no") {
            continue;
        }
        let Some(item) = items.iter().find(|i| i[0].is_some() && i[0] == itemref[0]) else {
            continue;
        };
        let is_nav = item[3]
            .as_deref()
            .is_some_and(|p| p.split_whitespace().any(|p| p == "nav"));
        let is_page = matches!(
            item[2].as_deref(),
            Some("application/xhtml+xml" | "text/html")
        );
        let Some(href) = item[1].as_deref().filter(|_| is_page && !is_nav) else {
            continue;
        };
        let chapter = resolve(&opf, href);
        let html = package.text(&chapter)?;
        out.push_block(&super::html::render(&html)?);
    }
    Ok(out.finish())
}
