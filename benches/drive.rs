//! Drive ingest of one folder of 1,000 Docs (about 800 words each) from the fake Google, which
//! adds 50 ms to every request, through the real binary with `--jobs 8`:
//!
//! | what                                  | target                                              |
//! |---------------------------------------|-----------------------------------------------------|
//! | first ingest, wall time               | within 1.3x the latency bound (requests / 8 x 50 ms) |
//! | first ingest, peak memory (max RSS)   | under 100 MB                                         |
//! | the unchanged re-ingest, wall time    | under 1 s                                            |
//!
//! Run with `cargo bench --bench drive`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::disallowed_macros
)]

#[path = "../tests/fake_google/mod.rs"]
mod fake_google;
#[path = "support/mod.rs"]
mod support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use fake_google::{BENCH_FOLDER, Config, FakeGoogle, Faults, Fixture, USER};

const DOCS: usize = 1000;
const LATENCY_MS: u64 = 50;
const JOBS: usize = 8;

fn main() {
    voicetrain::net::install_tls_provider();
    let fake = FakeGoogle::start(
        Fixture::docs(BENCH_FOLDER, DOCS, 800),
        Config {
            faults: Faults {
                latency_ms: LATENCY_MS,
                ..Faults::default()
            },
            ..Config::default()
        },
    );
    let home = tempfile::tempdir().unwrap();
    seed_login(&fake, home.path());
    let bin = env!("CARGO_BIN_EXE_voicetrain");
    let run = |label: &str| -> (Duration, u64) {
        fake.reset_counters();
        let t = support::timed(
            Command::new(bin)
                .args([
                    "ingest",
                    &format!("https://drive.google.com/drive/folders/{BENCH_FOLDER}"),
                    "--jobs",
                ])
                .arg(JOBS.to_string())
                .env("VOICETRAIN_HOME", home.path())
                .env("VOICETRAIN_NO_KEYRING", "1")
                .envs(fake.env()),
        );
        println!("{label}: {}", t.stderr.lines().last().unwrap_or("").trim());
        (t.wall, t.peak_kb)
    };
    let (first, peak_kb) = run("first ingest");
    let requests: u64 = fake
        .counters()
        .iter()
        .filter(|(k, _)| !k.contains(':') && !k.starts_with("token") && !k.starts_with("userinfo"))
        .map(|(_, v)| v)
        .sum();
    let bound = Duration::from_millis(requests * LATENCY_MS / JOBS as u64);
    let ratio = first.as_secs_f64() / bound.as_secs_f64();
    let (again, _) = run("unchanged re-ingest");
    let verdict = support::verdict;
    println!(
        "first ingest: {:.2} s for {requests} requests; latency bound {:.2} s; ratio {ratio:.2} (target <= 1.3: {})",
        first.as_secs_f64(),
        bound.as_secs_f64(),
        verdict(ratio <= 1.3)
    );
    println!(
        "peak memory: {:.1} MB (target < 100 MB: {})",
        peak_kb as f64 / 1024.0,
        verdict(peak_kb < 100 * 1024)
    );
    println!(
        "unchanged re-ingest: {:.2} s (target < 1 s: {})",
        again.as_secs_f64(),
        verdict(again < Duration::from_secs(1))
    );
}

/// A logged-in account, as `auth google` would leave it.
fn seed_login(fake: &FakeGoogle, home: &Path) {
    let (access, refresh) = fake.issue_tokens(USER, support::DRIVE_SCOPES);
    support::seed_login(home, USER, &access, &refresh);
}
