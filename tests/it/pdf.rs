//! PDFs through `voicetrain ingest`: real ones, made by groff (a producer other than the
//! pdfTeX that dominates Debian's documentation), one with no text layer, and a broken one.

use std::process::{Command, Stdio};

use crate::util::{Env, report, skip};

/// A PDF made by `groff -ms -Tpdf` from `source`, or `None` without groff.
pub fn groff_pdf(source: &str) -> Option<Vec<u8>> {
    let mut child = Command::new("groff")
        .args(["-ms", "-Tpdf"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    std::io::Write::write_all(&mut child.stdin.take()?, source.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    out.status.success().then_some(out.stdout)
}

#[test]
fn pdfs_with_and_without_text_and_a_broken_one() {
    let Some(essay) = groff_pdf(
        ".LP\nA morning walk by the river, where a heron stood in the shallows.\n.LP\nThe final paragraph of this short essay.\n",
    ) else {
        return skip("groff is not installed (apt-get install groff)");
    };
    let blank = groff_pdf(".LP\n\\D'l 2i 0'\n").unwrap();
    let env = Env::new();
    env.write("pdfs/essay.pdf", &essay);
    env.write("pdfs/scan.pdf", &blank);
    env.write("pdfs/broken.pdf", &essay[..essay.len() / 3]);
    let (code, reports) = env.ingest(&["pdfs"]);
    assert_eq!(code, 4, "{reports:#?}");
    let essay = report(&reports, "essay.pdf");
    assert_eq!(essay.status, "ingested");
    assert_eq!(essay.mime_type.as_deref(), Some("application/pdf"));
    let text = env.text(essay.sample_id.as_deref().unwrap());
    let words: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(
        words.join(" "),
        "A morning walk by the river, where a heron stood in the shallows. The final paragraph of this short essay."
    );
    // With Tesseract, OCR finds nothing either; without, the reason says how to have it.
    let scan = report(&reports, "scan.pdf");
    assert_eq!(scan.status, "skipped", "{scan:?}");
    assert!(
        scan.reason
            .as_deref()
            .unwrap()
            .starts_with("no text layer (a scan?)"),
        "{scan:?}"
    );
    let broken = report(&reports, "broken.pdf");
    assert_eq!(broken.status, "failed");
    assert!(
        broken.reason.as_deref().unwrap().contains("PDF"),
        "{broken:?}"
    );
    // --types pdf selects them; text selects none of them.
    let (_, only_text) = env.ingest(&["pdfs", "--types", "text", "--dry-run"]);
    assert!(
        only_text
            .iter()
            .all(|r| r.reason.as_deref() == Some("not among --types"))
    );
}
