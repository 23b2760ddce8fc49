//! OCR of scans (issue 18): 50 pages of Debian's documentation PDFs (under /usr/share/doc,
//! `.pdf` and `.pdf.gz`), rendered at 300 dpi in grey by `pdftoppm` and put back into one
//! PDF as pictures only (tests/scan: no text layer left), read by voicetrain's OCR. Targets:
//! word F1 against each original page's text layer (`pdftotext`) of at least 0.95, median over
//! the pages; and both cores busy, pages read in parallel: CPU time over wall time near the
//! number of cores.
//!
//! Two runs over the same scan: the OCR module's page reader in-process (the path the
//! extractor child takes, which gives each page's text for its own F1), then the real binary,
//! `voicetrain ingest --json` of the scan, end to end (the whole text's F1, `ocr.pages`). CPU
//! time is the children's (`pdftoppm`, `tesseract`, the binary and its extractor child), from
//! /proc. Pages are chosen in the order of file names, up to six a file, each with at least
//! 80 words in its text layer (no covers or figure pages); the scan is made once in
//! `target/bench-ocr/`. Run with `cargo bench --bench ocr`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::disallowed_macros,
    clippy::panic
)]

#[path = "../tests/scan/mod.rs"]
mod scan;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use scan::Page;

const PAGES: usize = 50;
const PER_FILE: usize = 6;
const MIN_WORDS: usize = 80;

fn main() {
    for tool in ["tesseract", "pdftoppm", "pdftotext", "pdfinfo"] {
        assert!(
            scan::runs(tool, "-v"),
            "{tool} is needed (apt-get install tesseract-ocr tesseract-ocr-eng poppler-utils)"
        );
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-ocr");
    let scan_file = dir.join("scan.pdf");
    let reference_file = dir.join("reference.json");
    if !scan_file.exists() || !reference_file.exists() {
        make(&dir, &scan_file, &reference_file);
    }
    let references: Vec<(String, u32, String)> =
        serde_json::from_slice(&std::fs::read(&reference_file).unwrap()).unwrap();
    let bytes = std::fs::read(&scan_file).unwrap();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{} scanned pages at {} dpi, {} bytes, from {} PDFs; {cores} cores",
        references.len(),
        scan::DPI,
        bytes.len(),
        {
            let mut files: Vec<&str> = references.iter().map(|r| r.0.as_str()).collect();
            files.dedup();
            files.len()
        }
    );

    // In-process: the page reader the extractor child runs.
    let t = voicetrain::extract::ocr::Tesseract::find().expect("Tesseract");
    let numbers: Vec<u32> = (1..=references.len() as u32).collect();
    let (texts, wall, cpu) = timed(|| voicetrain::extract::ocr::pdf_pages(&t, &bytes, &numbers));
    let texts = texts.expect("OCR of the scan");
    let mut scores: Vec<f64> = references
        .iter()
        .zip(&texts)
        .map(|((_, _, reference), text)| scan::f1(reference, text))
        .collect();
    let mut worst: Vec<(f64, &str, u32)> = scores
        .iter()
        .zip(&references)
        .map(|(f, (file, page, _))| (*f, file.as_str(), *page))
        .collect();
    worst.sort_by(|a, b| a.0.total_cmp(&b.0));
    scores.sort_by(f64::total_cmp);
    let n = scores.len();
    let median = if n % 2 == 1 {
        scores[n / 2]
    } else {
        (scores[n / 2 - 1] + scores[n / 2]) / 2.0
    };
    println!(
        "\nOCR ({}, languages {}), pages in parallel, in-process:",
        t.version,
        t.language_arg()
    );
    println!(
        "  word F1 per page: median {median:.4} (target >= 0.95), min {:.4}, pages under 0.9: {}",
        scores[0],
        scores.iter().filter(|f| **f < 0.9).count()
    );
    for (f, file, page) in worst.iter().take(3) {
        println!("    lowest: {f:.4}  {file} page {page}");
    }
    report(wall, cpu, references.len(), cores);

    // End to end: the real binary, the scan through its extractor child.
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_voicetrain"));
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("config.toml"),
        "[timeouts]\nextract = \"30m\"\n",
    )
    .unwrap();
    let (out, wall, cpu) = timed(|| {
        Command::new(&bin)
            .args(["ingest", "--json"])
            .arg(&scan_file)
            .env("VOICETRAIN_HOME", home.path())
            .env("VOICETRAIN_NO_KEYRING", "1")
            .output()
            .unwrap()
    });
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    assert_eq!(line["status"], "ingested", "{line}");
    let id = line["sample_id"].as_str().unwrap();
    let shown = Command::new(&bin)
        .args(["samples", "show", id, "--json"])
        .env("VOICETRAIN_HOME", home.path())
        .env("VOICETRAIN_NO_KEYRING", "1")
        .output()
        .unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let all_reference: Vec<&str> = references.iter().map(|r| r.2.as_str()).collect();
    println!(
        "\nvoicetrain ingest {} (the real binary):",
        scan_file.display()
    );
    println!(
        "  {} words, ocr {}, word F1 of the whole text {:.4}",
        line["words"],
        shown["ocr"],
        scan::f1(&all_reference.join("\n"), shown["text"].as_str().unwrap())
    );
    report(wall, cpu, references.len(), cores);
}

fn report(wall: Duration, cpu: Duration, pages: usize, cores: usize) {
    let busy = cpu.as_secs_f64() / wall.as_secs_f64();
    println!(
        "  wall {:.1} s ({:.2} s a page), CPU {:.1} s: CPU/wall {busy:.2} of {cores} cores",
        wall.as_secs_f64(),
        wall.as_secs_f64() / pages as f64,
        cpu.as_secs_f64(),
    );
}

/// Runs `f`, with its wall time and the CPU time of the children it waited for.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration, Duration) {
    let (cpu, start) = (children_cpu(), Instant::now());
    let out = f();
    (out, start.elapsed(), children_cpu() - cpu)
}

/// User and system time of this process's waited-for children (and theirs), from
/// /proc/self/stat (`cutime`, `cstime`, in clock ticks of 1/100 s on Linux).
fn children_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // Fields 16 and 17 of stat(5), counted from 1 with pid and comm first.
    let ticks: u64 = fields[13].parse::<u64>().unwrap() + fields[14].parse::<u64>().unwrap();
    Duration::from_millis(ticks * 10)
}

/// The scan and its reference texts: pages chosen from Debian's documentation PDFs.
fn make(dir: &Path, scan_file: &Path, reference_file: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let mut found = Vec::new();
    find_pdfs(Path::new("/usr/share/doc"), &mut found);
    found.sort();
    let work = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    let mut references: Vec<(String, u32, String)> = Vec::new();
    for (i, source) in found.iter().enumerate() {
        if references.len() >= PAGES {
            break;
        }
        let pdf = if source.extension().is_some_and(|e| e == "gz") {
            let out = Command::new("gzip")
                .arg("-dc")
                .arg(source)
                .output()
                .unwrap();
            let path = work.path().join(format!("{i}.pdf"));
            std::fs::write(&path, out.stdout).unwrap();
            path
        } else {
            source.clone()
        };
        let count = scan::page_count(&pdf);
        if count == 0 {
            continue;
        }
        // Spread over the document, past its first two pages (cover, contents).
        let mut taken = 0;
        let start = count.min(3);
        let step = ((count - start + 1) / PER_FILE as u32).max(1);
        let mut page = start;
        while page <= count && taken < PER_FILE && references.len() < PAGES {
            let text = scan::page_text(&pdf, page);
            if scan::words::words(&text).values().sum::<usize>() >= MIN_WORDS {
                let jpeg = scan::render_jpegs(&pdf, page, page)
                    .into_iter()
                    .next()
                    .expect("the page rendered");
                pages.push(Page::Scan(jpeg));
                references.push((source.display().to_string(), page, text));
                taken += 1;
            }
            page += step;
        }
    }
    assert!(
        references.len() == PAGES,
        "only {} pages of text found in the PDFs under /usr/share/doc (install a -doc package that ships PDFs)",
        references.len()
    );
    std::fs::write(scan_file, scan::pdf(&pages)).unwrap();
    std::fs::write(reference_file, serde_json::to_vec(&references).unwrap()).unwrap();
}

fn find_pdfs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = path.to_string_lossy();
        if kind.is_dir() {
            find_pdfs(&path, out);
        } else if kind.is_file() && (name.ends_with(".pdf") || name.ends_with(".pdf.gz")) {
            out.push(path);
        }
    }
}
