//! Scans and images through `voicetrain ingest`, read with OCR (Tesseract). The scans are
//! made here from a real PDF (groff's, with a text layer): its pages rendered by `pdftoppm`
//! and put back into a PDF as pictures only (tests/scan), and the text OCR reads is scored
//! against the original's own text layer. Then a mixed PDF, PNG/JPEG/TIFF files, `--ocr off`,
//! no Tesseract on PATH, `doctor`, and the time limit killing what OCR started. Without
//! Tesseract and poppler these tests say SKIPPED (under CI they fail).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::pdf::groff_pdf;
use crate::scan::{self, Page};
use crate::util::{DoctorReport, Env, FileReport, Ocr, report, skip};

/// Two pages of prose, a page break between.
const ESSAY: &str = "\
.LP
A morning walk by the river, where a heron stood in the shallows and did not move for a long
time. The water was brown after the rain, and the reeds along the bank bent under the weight
of the night's storm. I had brought a notebook, as I always do, and wrote down what I saw
before the words for it could slip away.
.LP
Writing every day is less about discipline than about attention. A page a morning asks only
that one notices something, and says it plainly, without ornament. Over the years those pages
became a record of weather, of birds, of the slow changes of a familiar place.
.LP
The heron finally lifted itself into the air with three heavy strokes of its wings, and
settled again on the far side, where the willows hang low over the current.
.bp
.LP
In the afternoon the wind turned to the north. Clouds came in quickly over the hills, and the
light went grey and flat, the kind of light that makes every colour look tired. I walked home
along the old railway line, past the allotments and the closed factory.
.LP
Someone had left a bicycle leaning against the fence, its basket full of apples. Nobody was
near it. I stood for a moment wondering whose it was, then went on, because the rain had
started again and the path was already turning to mud.
.LP
That evening I read over the morning's notes and found them better than I had feared. The
heron was there, and the brown water, and the reeds. Nothing more was needed.
";

/// Whether the tools the tests need are here; says SKIPPED (or fails, under CI) if not.
fn tools() -> bool {
    for (tool, arg, package) in [
        ("tesseract", "--version", "tesseract-ocr tesseract-ocr-eng"),
        ("pdftoppm", "-v", "poppler-utils"),
        ("pdftotext", "-v", "poppler-utils"),
        ("groff", "--version", "groff"),
    ] {
        if !scan::runs(tool, arg) {
            skip(&format!(
                "{tool} is not installed (apt-get install {package})"
            ));
            return false;
        }
    }
    if groff_pdf(".LP\nx\n").is_none() {
        skip("groff cannot make PDFs (apt-get install groff, not only groff-base)");
        return false;
    }
    true
}

/// The essay as a PDF with a text layer, outside what is ingested.
fn original(env: &Env) -> PathBuf {
    let pdf = groff_pdf(ESSAY).expect("groff makes the essay");
    let path = env.write("original/essay.pdf", pdf);
    assert_eq!(scan::page_count(&path), 2, "the essay is two pages");
    path
}

/// The original's text layer, pages `first..=last`.
fn reference(original: &Path, first: u32, last: u32) -> String {
    (first..=last)
        .map(|p| scan::page_text(original, p))
        .collect::<Vec<_>>()
        .join("\n")
}

fn ocr_of(env: &Env, id: &str) -> Option<Ocr> {
    env.samples()
        .into_iter()
        .find(|s| s.id == id)
        .expect("the sample is listed")
        .ocr
}

fn ingested<'a>(reports: &'a [FileReport], name: &str) -> &'a str {
    let r = report(reports, name);
    assert_eq!(r.status, "ingested", "{r:?}");
    r.sample_id.as_deref().expect("a sample")
}

fn assert_close(reference: &str, text: &str, what: &str) {
    let f1 = scan::f1(reference, text);
    assert!(
        f1 >= 0.9,
        "{what}: word F1 {f1:.3} < 0.9\n--- OCR:\n{text}\n--- text layer:\n{reference}"
    );
}

#[test]
fn a_scanned_pdf_is_read_with_ocr_page_by_page() {
    if !tools() {
        return;
    }
    let env = Env::new();
    let original = original(&env);
    let scans: Vec<Page> = scan::render_jpegs(&original, 1, 2)
        .into_iter()
        .map(Page::Scan)
        .collect();
    let scanned = env.write("in/scan.pdf", scan::pdf(&scans));
    // Honest: the scan has no text layer at all.
    assert_eq!(reference(&scanned, 1, 2).split_whitespace().count(), 0);
    let (code, reports) = env.ingest(&["in", "original"]);
    assert_eq!(code, 0, "{reports:#?}");
    let id = ingested(&reports, "scan.pdf");
    let text = env.text(id);
    assert_close(&reference(&original, 1, 2), &text, "the scan");
    // In page order.
    let (heron, bicycle) = (text.find("heron"), text.find("bicycle"));
    assert!(
        heron.is_some() && bicycle.is_some() && heron < bicycle,
        "{text}"
    );
    let ocr = ocr_of(&env, id).expect("the sample says OCR read it");
    assert_eq!(ocr.pages, 2);
    assert!(ocr.languages.split('+').any(|l| l == "eng"), "{ocr:?}");
    // The original keeps its text layer: no OCR.
    let text_pdf = ingested(&reports, "essay.pdf");
    assert_eq!(ocr_of(&env, text_pdf), None);
    let show: serde_json::Value = serde_json::from_slice(
        &env.cmd()
            .args(["samples", "show", id, "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(show["ocr"]["pages"], 2, "{show}");
}

#[test]
fn a_mixed_pdf_keeps_its_text_layer_and_reads_its_scanned_pages() {
    if !tools() {
        return;
    }
    let env = Env::new();
    let original = original(&env);
    let lines = vec![
        "Notes typed on the first page, with a text layer.".to_string(),
        "They are read from that layer, word for word.".to_string(),
    ];
    let scan_of_two = scan::render_jpegs(&original, 2, 2).remove(0);
    let mixed = scan::pdf(&[Page::Text(lines.clone()), Page::Scan(scan_of_two)]);
    env.write("in/mixed.pdf", mixed);
    let (code, reports) = env.ingest(&["in"]);
    assert_eq!(code, 0, "{reports:#?}");
    let id = ingested(&reports, "mixed.pdf");
    let text = env.text(id);
    let words: Vec<&str> = text.split_whitespace().collect();
    let typed: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
    assert_eq!(
        words[..typed.len()],
        typed[..],
        "the text page first, as it is: {text}"
    );
    let rest = words[typed.len()..].join(" ");
    assert_close(&reference(&original, 2, 2), &rest, "the scanned page");
    assert_eq!(ocr_of(&env, id).map(|o| o.pages), Some(1));
    // --ocr force reads the text page with OCR too.
    let (_, forced) = env.ingest(&["in", "--ocr", "force", "--force"]);
    let id = report(&forced, "mixed.pdf").sample_id.clone().unwrap();
    assert_eq!(ocr_of(&env, &id).map(|o| o.pages), Some(2), "{forced:#?}");
}

#[test]
fn png_jpeg_and_tiff_files_are_read_with_ocr() {
    if !tools() {
        return;
    }
    let make = Env::new();
    let original = original(&make);
    let expected = reference(&original, 1, 1);
    for (flag, ext, name, mime) in [
        ("-png", "png", "page.png", "image/png"),
        ("-jpeg", "jpg", "page.jpg", "image/jpeg"),
        ("-tiff", "tif", "page.tiff", "image/tiff"),
        // No name that says: its first bytes do.
        ("-png", "png", "scanned-page", "image/png"),
    ] {
        let env = Env::new();
        let image = scan::render(&original, 1, 1, flag, ext).remove(0);
        env.write(&format!("in/{name}"), image);
        let (code, reports) = env.ingest(&["in"]);
        assert_eq!(code, 0, "{reports:#?}");
        let id = ingested(&reports, name);
        assert_eq!(report(&reports, name).mime_type.as_deref(), Some(mime));
        assert_close(&expected, &env.text(id), name);
        assert_eq!(ocr_of(&env, id).map(|o| o.pages), Some(1), "{name}");
    }
}

/// A scan and an image, to be skipped.
fn scan_and_image(env: &Env) {
    let original = original(env);
    let page = scan::render_jpegs(&original, 1, 1).remove(0);
    env.write("in/scan.pdf", scan::pdf(&[Page::Scan(page.clone())]));
    env.write("in/photo.jpg", page);
}

#[test]
fn ocr_off_skips_scans_and_images_saying_how_to_read_them() {
    if !tools() {
        return;
    }
    let env = Env::new();
    scan_and_image(&env);
    let check = |reports: &[FileReport]| {
        for name in ["scan.pdf", "photo.jpg"] {
            let r = report(reports, name);
            assert_eq!(r.status, "skipped", "{r:?}");
            let reason = r.reason.as_deref().unwrap();
            assert!(reason.contains("OCR is off"), "{reason}");
            assert!(reason.contains("--ocr auto"), "{reason}");
        }
    };
    let (code, reports) = env.ingest(&["in", "--ocr", "off"]);
    assert_eq!(code, 0, "skips are not failures: {reports:#?}");
    assert!(
        report(&reports, "scan.pdf")
            .reason
            .as_deref()
            .unwrap()
            .starts_with("no text layer (a scan?)")
    );
    check(&reports);
    // The config says the same; the flag wins over it.
    env.write("home/config.toml", "ocr = \"off\"\n");
    let (code, reports) = env.ingest(&["in"]);
    assert_eq!(code, 0);
    check(&reports);
    let (code, reports) = env.ingest(&["in/photo.jpg", "--ocr", "auto"]);
    assert_eq!(code, 0);
    ingested(&reports, "photo.jpg");
}

/// A PATH holding poppler's renderer, but no Tesseract.
fn path_without_tesseract(env: &Env) -> PathBuf {
    let bin = env.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let pdftoppm = voicetrain::extract::ocr::on_path("pdftoppm").expect("on PATH");
    std::os::unix::fs::symlink(pdftoppm, bin.join("pdftoppm")).unwrap();
    bin
}

#[test]
fn without_tesseract_scans_and_images_are_skipped_saying_how_to_enable_ocr() {
    if !tools() {
        return;
    }
    let env = Env::new();
    scan_and_image(&env);
    let mixed = scan::pdf(&[
        Page::Text(vec!["A page that has its own text.".into()]),
        Page::Scan(scan::render_jpegs(&env.path("original/essay.pdf"), 2, 2).remove(0)),
    ]);
    env.write("in/mixed.pdf", mixed);
    let bin = path_without_tesseract(&env);
    let out = env
        .cmd()
        .env("PATH", &bin)
        .args(["ingest", "--json", "in"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "skips are not failures");
    let reports: Vec<FileReport> = crate::util::json_lines(&out.stdout);
    for name in ["scan.pdf", "photo.jpg"] {
        let r = report(&reports, name);
        assert_eq!(r.status, "skipped", "{r:?}");
        let reason = r.reason.as_deref().unwrap();
        assert!(reason.contains("apt install tesseract-ocr"), "{reason}");
        assert!(reason.contains("Tesseract is not installed"), "{reason}");
    }
    // A mixed PDF keeps what its text layer has.
    let id = ingested(&reports, "mixed.pdf");
    assert_eq!(env.text(id).trim(), "A page that has its own text.");
    assert_eq!(ocr_of(&env, id), None);
    // doctor says so, as a warning with the fix.
    let out = env
        .cmd()
        .env("PATH", &bin)
        .args(["doctor", "--json"])
        .output()
        .unwrap();
    let doctor: DoctorReport = serde_json::from_slice(&out.stdout).unwrap();
    let ocr = doctor.checks.iter().find(|c| c.check == "ocr").unwrap();
    assert_eq!(ocr.status, "warn", "{ocr:?}");
    assert!(
        ocr.fix
            .as_deref()
            .unwrap()
            .contains("apt install tesseract-ocr"),
        "{ocr:?}"
    );
}

#[test]
fn doctor_names_tesseract_and_its_languages() {
    if !tools() {
        return;
    }
    let env = Env::new();
    let out = env.cmd().args(["doctor", "--json"]).output().unwrap();
    let doctor: DoctorReport = serde_json::from_slice(&out.stdout).unwrap();
    let ocr = doctor.checks.iter().find(|c| c.check == "ocr").unwrap();
    assert_eq!(ocr.status, "ok", "{ocr:?}");
    let listed = std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .unwrap();
    let languages: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .skip(1)
        .filter(|l| *l != "osd")
        .map(String::from)
        .collect();
    assert!(!languages.is_empty());
    for l in &languages {
        assert!(ocr.detail.contains(l.as_str()), "{l} in {ocr:?}");
    }
    assert!(ocr.detail.starts_with("tesseract "), "{ocr:?}");
    assert!(ocr.detail.contains("pdftoppm"), "{ocr:?}");
    let text = env.cmd().arg("doctor").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("ok    ocr: tesseract ")),
        "{text}"
    );
}

/// The processes whose environment names `tmp` (this test's TMPDIR): the extractor child and
/// everything it started.
fn processes_in(tmp: &Path) -> Vec<String> {
    let needle = format!("TMPDIR={}", tmp.display());
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let dir = entry.path();
        let Ok(environ) = std::fs::read(dir.join("environ")) else {
            continue;
        };
        let ours = environ
            .split(|&b| b == 0)
            .any(|v| v.starts_with(needle.as_bytes()));
        if ours {
            let cmdline = std::fs::read(dir.join("cmdline")).unwrap_or_default();
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            // A zombie has no command line, and is no process running.
            if !cmdline.trim().is_empty() {
                found.push(cmdline);
            }
        }
    }
    found
}

#[test]
fn the_time_limit_kills_ocr_and_what_it_started() {
    if !tools() {
        return;
    }
    let env = Env::new();
    let original = original(&env);
    let pages = scan::render_jpegs(&original, 1, 2);
    // Eight pages: far more than the limit allows on any machine.
    let scans: Vec<Page> = (0..4)
        .flat_map(|_| pages.iter().cloned().map(Page::Scan))
        .collect();
    env.write("in/long-scan.pdf", scan::pdf(&scans));
    env.write("home/config.toml", "[timeouts]\nextract = \"3s\"\n");
    let tmp = env.path("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let mut child = env
        .std_cmd()
        .env("TMPDIR", &tmp)
        .args(["ingest", "--json", "in"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut saw_tesseract = false;
    while child.try_wait().unwrap().is_none() {
        saw_tesseract |= processes_in(&tmp).iter().any(|c| c.contains("tesseract"));
        assert!(started.elapsed() < Duration::from_secs(60), "ingest hangs");
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(saw_tesseract, "OCR was running before the limit");
    let reports: Vec<FileReport> = crate::util::json_lines(&out.stdout);
    let r = report(&reports, "long-scan.pdf");
    assert_eq!(r.status, "failed", "{r:?}");
    assert!(
        r.reason.as_deref().unwrap().contains("gave up after 3 s"),
        "{r:?}"
    );
    assert_eq!(out.status.code(), Some(1), "the one file failed");
    // Nothing it started outlives it, and nothing it wrote is left behind.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(processes_in(&tmp), Vec::<String>::new());
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().flatten().collect();
    assert!(left.is_empty(), "{left:?}");
}
