//! One very large text file (issue 12, item 18): `ingest` of a 202 MB text file through the
//! real binary, its wall time, peak memory (resident, from GNU time) and what it grew the
//! store by. Target: peak memory bounded by a few times the longest line (here under 64 MB),
//! not by the file; before streaming it was 1.75 GB and 27 s, and the store grew 470 MB.
//!
//! Set `VOICETRAIN_REFERENCE_BIN` to another build of voicetrain (an older commit's) to measure
//! it on the same file in the same run. Run with `cargo bench --bench big_text`; the file is
//! made once in `target/bench-big-text/`.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::disallowed_macros)]

#[path = "support/mod.rs"]
mod support;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const SIZE: u64 = 202_000_000;

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-big-text");
    let file = dir.join("source/journal.txt");
    if std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0) < SIZE {
        make(&file);
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_voicetrain"));
    measure("this build", &bin, &dir, &file);
    if let Some(reference) = std::env::var_os("VOICETRAIN_REFERENCE_BIN") {
        measure("reference", Path::new(&reference), &dir, &file);
    }
}

/// About 202 MB of lines of 5 to 20 words drawn from 50,000 made-up ones, as a journal or a
/// log of one's own might read: many distinct words, none very long.
fn make(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    let words: Vec<String> = (0..50_000)
        .map(|_| {
            (0..2 + next(8))
                .map(|_| (b'a' + next(26) as u8) as char)
                .collect()
        })
        .collect();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut written = 0u64;
    while written < SIZE {
        let mut line = String::new();
        for i in 0..5 + next(16) {
            if i > 0 {
                line.push(' ');
            }
            line.push_str(&words[next(words.len() as u64) as usize]);
        }
        line.push('\n');
        out.write_all(line.as_bytes()).unwrap();
        written += line.len() as u64;
    }
    out.flush().unwrap();
}

fn measure(name: &str, bin: &Path, dir: &Path, file: &Path) {
    let home = dir.join(format!("home-{}", name.replace(' ', "-")));
    let _ = std::fs::remove_dir_all(&home);
    let t = support::timed(
        Command::new(bin)
            .args(["ingest", "--max-size", "1GB"])
            .arg(file)
            .env("VOICETRAIN_HOME", &home)
            .env("VOICETRAIN_NO_KEYRING", "1"),
    );
    let store: u64 = std::fs::read_dir(&home)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("voicetrain.db"))
        .map(|e| e.metadata().unwrap().len())
        .sum();
    println!(
        "{name}: ingest of a {} MB text file: {:.1} s, peak memory {} MB (target under 64 MB: {}), store {} MB",
        SIZE / 1_000_000,
        t.wall.as_secs_f64(),
        t.peak_kb / 1000,
        support::verdict(t.peak_kb < 64_000),
        store / 1_000_000
    );
}
