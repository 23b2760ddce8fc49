//! Compares Rust PDF text extractors with poppler's `pdftotext` (the reference) on a corpus of
//! real PDFs: word-level similarity (F1 over the bags of NFKC-normalised words: runs of
//! letters and digits), speed as a
//! ratio to pdftotext, peak memory, and failures (errors, panics, time-outs). Every
//! extraction runs in a child process under `/usr/bin/time` and `timeout`, so a crash or a
//! hang costs one file, not the run.
//!
//!     pdf-compare extract CANDIDATE FILE   # one extraction, text on stdout
//!     pdf-compare compare CORPUS_DIR       # the table

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../../../tests/scan/words.rs"]
mod words;

use words::{f1, words};

const CANDIDATES: &[&str] = &["oxidize-pdf", "pdf-extract", "lopdf", "voicetrain"];
const TIMEOUT_SECS: u64 = 60;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("extract") => extract(&args[2], Path::new(&args[3])),
        Some("compare") => compare(Path::new(&args[2])),
        _ => {
            eprintln!("usage: pdf-compare extract CANDIDATE FILE | compare CORPUS_DIR");
            std::process::exit(2);
        }
    }
}

fn extract(candidate: &str, file: &Path) {
    let bytes = std::fs::read(file).expect("read");
    let text = match candidate {
        // What `voicetrain ingest` does with a PDF (src/extract/pdf.rs).
        "voicetrain" => voicetrain::extract::extract(voicetrain::extract::Kind::Pdf, &bytes)
            .map_err(|e| e.to_string()),
        "oxidize-pdf" => {
            let reader = oxidize_pdf::parser::PdfReader::new(std::io::Cursor::new(bytes))
                .map_err(|e| e.to_string());
            reader.and_then(|r| {
                let doc = oxidize_pdf::parser::PdfDocument::new(r);
                doc.extract_text()
                    .map(|pages| {
                        pages
                            .into_iter()
                            .map(|p| p.text)
                            .collect::<Vec<_>>()
                            .join("\n\x0c")
                    })
                    .map_err(|e| e.to_string())
            })
        }
        "pdf-extract" => pdf_extract::extract_text_from_mem(&bytes).map_err(|e| e.to_string()),
        "lopdf" => lopdf::Document::load_mem(&bytes)
            .map_err(|e| e.to_string())
            .and_then(|doc| {
                let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
                doc.extract_text(&pages).map_err(|e| e.to_string())
            }),
        other => panic!("unknown candidate {other}"),
    };
    match text {
        Ok(t) => std::io::stdout().write_all(t.as_bytes()).expect("write"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(3);
        }
    }
}

/// One timed run: the text, wall seconds, peak KB, or why it failed.
struct Run {
    text: Option<String>,
    secs: f64,
    peak_kb: u64,
    failure: Option<&'static str>,
}

fn timed(program: &str, args: &[&str]) -> Run {
    let out = Command::new("/usr/bin/time")
        .args([
            "-f",
            "TIME %e %M",
            "timeout",
            &TIMEOUT_SECS.to_string(),
            program,
        ])
        .args(args)
        .output()
        .expect("spawn");
    let err = String::from_utf8_lossy(&out.stderr);
    let (secs, peak_kb) = err
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("TIME "))
        .and_then(|l| {
            let mut p = l.split_whitespace();
            Some((p.next()?.parse().ok()?, p.next()?.parse().ok()?))
        })
        .unwrap_or((TIMEOUT_SECS as f64, 0));
    let failure = match out.status.code() {
        Some(0) => None,
        Some(124) => Some("timeout"),
        Some(3) => Some("error"),
        Some(101) => Some("panic"),
        _ => Some("crash"),
    };
    Run {
        text: failure
            .is_none()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned()),
        secs,
        peak_kb,
        failure,
    }
}

fn compare(corpus: &Path) {
    let me = std::env::current_exe().expect("self");
    let me = me.to_str().expect("utf-8 path");
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus)
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    let largest = files
        .iter()
        .max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .cloned()
        .expect("a corpus");
    struct Tally {
        f1: Vec<f64>,
        secs: f64,
        peak_kb: u64,
        failures: HashMap<&'static str, usize>,
    }
    let mut reference_secs = 0.0;
    let mut tallies: Vec<Tally> = CANDIDATES
        .iter()
        .map(|_| Tally {
            f1: Vec::new(),
            secs: 0.0,
            peak_kb: 0,
            failures: HashMap::new(),
        })
        .collect();
    let mut compared = 0;
    for file in &files {
        let path = file.to_str().expect("utf-8 path");
        let reference = timed("pdftotext", &["-enc", "UTF-8", path, "-"]);
        let Some(ref_text) = reference.text else {
            continue;
        };
        let ref_words = words(&ref_text);
        if ref_words.values().sum::<usize>() < 20 {
            continue; // no text layer to compare against
        }
        compared += 1;
        reference_secs += reference.secs;
        for (candidate, tally) in CANDIDATES.iter().zip(&mut tallies) {
            let run = timed(me, &["extract", candidate, path]);
            tally.secs += run.secs;
            match (&run.text, run.failure) {
                (Some(text), None) => tally.f1.push(f1(&ref_words, &words(text))),
                (_, Some(why)) => {
                    *tally.failures.entry(why).or_default() += 1;
                    tally.f1.push(0.0);
                }
                _ => {}
            }
        }
        eprint!(".");
    }
    eprintln!();
    let _ = std::io::stderr().flush();
    let big = largest.to_str().expect("utf-8");
    let big_mb = std::fs::metadata(&largest).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    println!(
        "{compared} PDFs with a text layer; pdftotext took {reference_secs:.1} s in all. Largest file: {} ({big_mb:.1} MB).",
        largest.display()
    );
    println!(
        "| extractor | median word-F1 | files < 0.9 | speed vs pdftotext | peak RSS on the largest | failures |"
    );
    println!("|---|---|---|---|---|---|");
    let ref_big = timed("pdftotext", &["-enc", "UTF-8", big, "-"]);
    println!(
        "| pdftotext (reference) | 1.000 | 0 | 1.00x | {:.0} MB | 0 |",
        ref_big.peak_kb as f64 / 1024.0
    );
    for (candidate, tally) in CANDIDATES.iter().zip(&mut tallies) {
        tally.f1.sort_by(|a, b| a.total_cmp(b));
        let median = tally.f1.get(tally.f1.len() / 2).copied().unwrap_or(0.0);
        let below = tally.f1.iter().filter(|f| **f < 0.9).count();
        let big_run = timed(me, &["extract", candidate, big]);
        tally.peak_kb = big_run.peak_kb;
        let failures: usize = tally.failures.values().sum();
        let detail: Vec<String> = tally
            .failures
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        println!(
            "| {candidate} | {median:.3} | {below} ({:.1}%) | {:.2}x | {:.0} MB | {failures} {} |",
            100.0 * below as f64 / tally.f1.len().max(1) as f64,
            reference_secs / tally.secs.max(1e-9),
            tally.peak_kb as f64 / 1024.0,
            if detail.is_empty() {
                String::new()
            } else {
                format!("({})", detail.join(", "))
            }
        );
    }
}
