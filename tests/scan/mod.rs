//! Scans made from real PDFs, for the OCR tests (tests/it/ocr.rs) and benchmark
//! (benches/ocr.rs): pages rendered by poppler's `pdftoppm` to grey JPEGs, and those JPEGs put
//! back into a PDF as its only content, the way img2pdf does (each JPEG embedded as it is,
//! `/DCTDecode`, one page a picture, sized from its pixels at the resolution rendered), so the
//! PDF has no text layer at all: what a scanner makes. A page of text in a standard font can
//! sit beside them (a mixed PDF). The reference text is the original's own text layer, page
//! by page, by poppler's `pdftotext`; OCR is scored against it by word F1.

#![allow(dead_code)] // each user takes what it needs

pub mod words;

use std::path::Path;
use std::process::{Command, Stdio};

/// The resolution pages are rendered at, as voicetrain renders them for OCR.
pub const DPI: u32 = 300;

/// Whether `program` runs here.
pub fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Pages `first..=last` of `pdf` as grey JPEGs at [`DPI`], through `pdftoppm`.
pub fn render_jpegs(pdf: &Path, first: u32, last: u32) -> Vec<Vec<u8>> {
    render(pdf, first, last, "-jpeg", "jpg")
}

/// Pages of `pdf` as images of the type `flag` asks `pdftoppm` for (`-png`, `-jpeg`,
/// `-tiff`), each file's bytes.
pub fn render(pdf: &Path, first: u32, last: u32, flag: &str, ext: &str) -> Vec<Vec<u8>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", &DPI.to_string(), "-gray", flag])
        .args(["-f", &first.to_string(), "-l", &last.to_string()])
        .arg(pdf)
        .arg(&root)
        .stderr(Stdio::null())
        .status()
        .expect("run pdftoppm");
    assert!(status.success(), "pdftoppm failed on {}", pdf.display());
    let mut files: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read(p).expect("read image"))
        .collect()
}

/// The text layer of one page, as `pdftotext` reads it.
pub fn page_text(pdf: &Path, page: u32) -> String {
    let out = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .stderr(Stdio::null())
        .output()
        .expect("run pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// How many pages `pdf` has, as `pdfinfo` says.
pub fn page_count(pdf: &Path) -> u32 {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// A JPEG's width, height and colour components, from its frame header.
pub fn jpeg_size(jpeg: &[u8]) -> (u32, u32, u8) {
    let mut i = 2;
    while i + 9 < jpeg.len() {
        assert_eq!(jpeg[i], 0xff, "not a JPEG marker at {i}");
        let marker = jpeg[i + 1];
        let len = usize::from(u16::from_be_bytes([jpeg[i + 2], jpeg[i + 3]]));
        // SOF0..SOF15 but DHT, JPG and DAC.
        if (0xc0..=0xcf).contains(&marker) && ![0xc4, 0xc8, 0xcc].contains(&marker) {
            let h = u16::from_be_bytes([jpeg[i + 5], jpeg[i + 6]]);
            let w = u16::from_be_bytes([jpeg[i + 7], jpeg[i + 8]]);
            return (u32::from(w), u32::from(h), jpeg[i + 9]);
        }
        i += 2 + len;
    }
    panic!("no frame header in the JPEG");
}

/// A page of a PDF made here.
pub enum Page {
    /// A picture filling the page: a JPEG rendered at [`DPI`].
    Scan(Vec<u8>),
    /// Lines of text in Helvetica: a page with a text layer.
    Text(Vec<String>),
}

/// A PDF of `pages`; scans carry no text layer.
pub fn pdf(pages: &[Page]) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = Vec::new();
    // 1: catalog, 2: pages, 3: the font; then three objects a page (page, contents, image).
    let first = 4;
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", first + 3 * i))
        .collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
    );
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
    for (i, page) in pages.iter().enumerate() {
        let (contents, image) = (first + 3 * i + 1, first + 3 * i + 2);
        let (width, height, content, xobject) = match page {
            Page::Scan(jpeg) => {
                let (w, h, comps) = jpeg_size(jpeg);
                let (pw, ph) = (w as f64 * 72.0 / DPI as f64, h as f64 * 72.0 / DPI as f64);
                let space = if comps == 1 {
                    "DeviceGray"
                } else {
                    "DeviceRGB"
                };
                let mut x = format!(
                    "<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /{space} \
                     /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
                    jpeg.len()
                )
                .into_bytes();
                x.extend_from_slice(jpeg);
                x.extend_from_slice(b"\nendstream");
                (pw, ph, format!("q {pw:.2} 0 0 {ph:.2} 0 0 cm /Im0 Do Q"), x)
            }
            Page::Text(lines) => {
                let mut c = String::from("BT /F1 12 Tf 72 740 Td 15 TL");
                for line in lines {
                    let escaped = line
                        .replace('\\', "\\\\")
                        .replace('(', "\\(")
                        .replace(')', "\\)");
                    c.push_str(&format!(" ({escaped}) Tj T*"));
                }
                c.push_str(" ET");
                // An unused image object keeps the numbering regular.
                (612.0, 792.0, c, b"<< >>".to_vec())
            }
        };
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width:.2} {height:.2}] \
                 /Resources << /Font << /F1 3 0 R >> /XObject << /Im0 {image} 0 R >> >> \
                 /Contents {contents} 0 R >>"
            )
            .into_bytes(),
        );
        objects.push(
            format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            )
            .into_bytes(),
        );
        objects.push(xobject);
    }
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// F1 of the words of `candidate` against those of `reference` ([`words`]).
pub fn f1(reference: &str, candidate: &str) -> f64 {
    words::f1(&words::words(reference), &words::words(candidate))
}
