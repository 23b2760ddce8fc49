//! Wall time and peak memory of `dataset build` through the real binary, with the targets
//! from issue 14 beside each measurement:
//!
//! | what                                                        | target            |
//! |-------------------------------------------------------------|-------------------|
//! | 100,000 samples (the cli benchmark's store) to openai       | < 60 s, < 500 MB  |
//! | the same again after 1,000 new samples                      | < 10 s            |
//! | 10,000 of those samples, against the reference Python       | at least 10x      |
//! | pipeline (benches/dataset_reference.py: tiktoken +          | faster            |
//! | datasketch MinHashLSH, 128 permutations + json)             |                   |
//!
//! Every build starts from a fresh copy of its store, so the first one makes every
//! near-duplicate signature (none is kept yet) and the rebuild makes only the new ones. The
//! comparison with Python runs both on the same exported samples in the same run; voicetrain
//! with `--pii keep` (the reference replaces no PII) and, for reference, with its default.
//!
//! Run with `cargo bench --bench dataset` after `scripts/test` has made `.venv` (tiktoken and
//! OpenAI's BPE files offline); datasketch is installed into it if missing.

// A benchmark that cannot run should stop loudly.
#![allow(clippy::expect_used, clippy::panic, clippy::disallowed_macros)]

#[path = "support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::{Timed, timed, verdict};
use voicetrain::store::Store;

fn main() {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_voicetrain"));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = root.join("target");

    println!(
        "{:<52} {:>9} {:>9}   target",
        "dataset build", "wall", "peak"
    );
    let big = target.join("bench-store-100k");
    support::build_store(&big, 100_000);
    let home = fresh_copy(&big, &target.join("bench-dataset-100k"));
    let out = home.join("dataset");
    let first = timed(&mut build(&bin, &home, &out, &[]));
    report(
        "100,000 samples to openai (first build)",
        &first,
        "< 60 s, < 500 MB",
        first.wall.as_secs_f64() < 60.0 && first.peak_kb < 500 * 1024,
    );
    let store = Store::open(&home).expect("open the copy");
    support::add_samples(&store, 100_000..101_000);
    drop(store);
    let rebuild = timed(&mut build(&bin, &home, &out, &[]));
    report(
        "the same after 1,000 new samples",
        &rebuild,
        "< 10 s",
        rebuild.wall.as_secs_f64() < 10.0,
    );

    let small = target.join("bench-store-10k");
    support::build_store(&small, 10_000);
    let export = target.join("bench-dataset-10k.jsonl");
    let exported = Command::new(&bin)
        .args(["samples", "export", "--format", "jsonl", "-o"])
        .arg(&export)
        .env("VOICETRAIN_HOME", &small)
        .env("VOICETRAIN_NO_KEYRING", "1")
        .status()
        .expect("export");
    assert!(exported.success());
    let python = python_with_datasketch(&root);
    let reference_out = target.join("bench-dataset-10k-python");
    let _ = std::fs::remove_dir_all(&reference_out);
    let reference = timed(
        Command::new(&python)
            .arg(root.join("benches/dataset_reference.py"))
            .arg(&export)
            .arg(&reference_out)
            .env("TIKTOKEN_CACHE_DIR", root.join(".venv/tiktoken-cache")),
    );
    report(
        "10,000 samples: the reference Python pipeline",
        &reference,
        "",
        true,
    );
    for (what, flags) in [
        (
            "10,000 samples: voicetrain --pii keep",
            &["--pii", "keep"][..],
        ),
        ("10,000 samples: voicetrain (PII replaced)", &[][..]),
    ] {
        let home = fresh_copy(&small, &target.join("bench-dataset-10k"));
        let ours = timed(&mut build(&bin, &home, &home.join("dataset"), flags));
        let times = reference.wall.as_secs_f64() / ours.wall.as_secs_f64();
        report(what, &ours, "", true);
        println!(
            "{:<52} {:>8.1}x {:>9}   >= 10x {}",
            "  faster than the reference",
            times,
            "",
            verdict(times >= 10.0)
        );
    }
}

/// `dataset build --format openai` of the store in `home` into `out`.
fn build(bin: &Path, home: &Path, out: &Path, flags: &[&str]) -> Command {
    let mut cmd = Command::new(bin);
    cmd.args(["dataset", "build", "--format", "openai", "--json", "-o"])
        .arg(out)
        .args(flags)
        .env("VOICETRAIN_HOME", home)
        .env("VOICETRAIN_NO_KEYRING", "1")
        .stdin(Stdio::null());
    cmd
}

/// A copy of the store in `from` at `to`, replacing what was there.
fn fresh_copy(from: &Path, to: &Path) -> PathBuf {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).expect("mkdir");
    std::fs::copy(from.join("voicetrain.db"), to.join("voicetrain.db")).expect("copy the store");
    to.to_path_buf()
}

/// The repository's `.venv` Python, with datasketch installed into it if it lacks it.
fn python_with_datasketch(root: &Path) -> PathBuf {
    let python = root.join(".venv/bin/python");
    let has = |module: &str| {
        Command::new(&python)
            .args(["-c", &format!("import {module}")])
            .status()
            .is_ok_and(|s| s.success())
    };
    assert!(
        has("tiktoken"),
        "run scripts/test first: it makes .venv with tiktoken"
    );
    if !has("datasketch") {
        let ok = Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "datasketch"])
            .status()
            .expect("pip");
        assert!(ok.success(), "pip install datasketch failed");
    }
    python
}

fn report(what: &str, t: &Timed, target: &str, ok: bool) {
    let verdict = if target.is_empty() { "" } else { verdict(ok) };
    println!(
        "{what:<52} {:>7.2} s {:>6.0} MB   {target} {verdict}",
        t.wall.as_secs_f64(),
        t.peak_kb as f64 / 1024.0
    );
}
