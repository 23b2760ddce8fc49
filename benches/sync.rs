//! `voicetrain sync` through the real binary, with the targets of issue 15 beside each
//! measurement and today's re-ingest beside the sync it compares with:
//!
//! | what                                                                | target            |
//! |---------------------------------------------------------------------|-------------------|
//! | a remembered 10,000-file local directory, unchanged                 | < 0.3 s           |
//! | a remembered 10,000-file Drive folder in 200 subfolders at 50 ms a  | < 0.5 s, 1 call   |
//! | request, unchanged                                                  |                   |
//! | 100 changed files in it picked up                                   | within 1.3x their |
//! |                                                                     | latency bound     |
//!
//! Run with `cargo bench --bench sync` (the Drive part first syncs all 10,000 files: a minute
//! or two).

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

use fake_google::{Config, FakeGoogle, Faults, FileSpec, Fixture, USER};
use support::{timed, verdict};

const LATENCY_MS: u64 = 50;
const FOLDERS: usize = 200;
const PER_FOLDER: usize = 50;
const TOP: &str = "1SyncBenchFolder000000000000";

fn main() {
    voicetrain::net::install_tls_provider();
    let bin = Path::new(env!("CARGO_BIN_EXE_voicetrain"));
    local(bin);
    drive(bin);
}

fn voicetrain(bin: &Path, home: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(bin);
    cmd.args(args)
        .env("VOICETRAIN_HOME", home)
        .env("VOICETRAIN_NO_KEYRING", "1");
    cmd
}

fn local(bin: &Path) {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("notes");
    for i in 0..10_000 {
        let sub = dir.join(format!("{:02}", i % 100));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join(format!("{i:05}.md")),
            format!("Note {i}: a few words of mine about the day, number {i}.\n"),
        )
        .unwrap();
    }
    let dir = dir.to_str().unwrap();
    assert!(
        voicetrain(bin, home.path(), &["sources", "add", dir])
            .status()
            .unwrap()
            .success()
    );
    let first = timed(&mut voicetrain(bin, home.path(), &["sync"]));
    let unchanged = timed(&mut voicetrain(bin, home.path(), &["sync"]));
    let ingest = timed(&mut voicetrain(bin, home.path(), &["ingest", dir, "-q"]));
    println!(
        "local, 10,000 files: first sync {:.2} s; unchanged sync {:.2} s (target < 0.3 s: {}); \
         unchanged ingest of the same directory {:.2} s",
        first.wall.as_secs_f64(),
        unchanged.wall.as_secs_f64(),
        verdict(unchanged.wall < Duration::from_millis(300)),
        ingest.wall.as_secs_f64(),
    );
}

fn drive(bin: &Path) {
    let mut fixture = Fixture::default().with(FileSpec::folder(TOP, "Writing", "root"));
    for f in 0..FOLDERS {
        let folder = format!("1SyncBenchSub{f:04}000000000000");
        fixture = fixture.with(FileSpec::folder(&folder, &format!("Part {f}"), TOP));
        for d in 0..PER_FOLDER {
            fixture = fixture.with(FileSpec::doc(
                &format!("1SyncBenchDoc{f:04}{d:03}0000000000"),
                &format!("Doc {f}-{d}"),
                &folder,
                &format!("Doc {f}-{d}: what I wrote that day, in a few words of my own.\n"),
            ));
        }
    }
    let fake = FakeGoogle::start(
        fixture,
        Config {
            faults: Faults {
                latency_ms: LATENCY_MS,
                ..Faults::default()
            },
            ..Config::default()
        },
    );
    let home = tempfile::tempdir().unwrap();
    let (access, refresh) = fake.issue_tokens(USER, support::DRIVE_SCOPES);
    support::seed_login(home.path(), USER, &access, &refresh);
    let address = format!("https://drive.google.com/drive/folders/{TOP}");
    let run = |args: &[&str]| {
        fake.reset_counters();
        let t = timed(voicetrain(bin, home.path(), args).envs(fake.env()));
        let calls: u64 = fake
            .counters()
            .iter()
            .filter(|(k, _)| {
                !k.contains(':') && !k.starts_with("token") && !k.starts_with("userinfo")
            })
            .map(|(_, v)| v)
            .sum();
        (t.wall, calls)
    };
    assert!(
        voicetrain(bin, home.path(), &["sources", "add", &address])
            .status()
            .unwrap()
            .success()
    );
    let (first, first_calls) = run(&["sync", "--jobs", "8"]);
    let (unchanged, calls) = run(&["sync", "--jobs", "8"]);
    let (ingest, ingest_calls) = run(&["ingest", &address, "--jobs", "8", "-q"]);
    println!(
        "drive, 10,000 files in {FOLDERS} folders at {LATENCY_MS} ms: first sync {:.1} s, {first_calls} calls; \
         unchanged sync {:.2} s, {calls} calls (target < 0.5 s, 1 call: {}); \
         unchanged re-ingest {:.2} s, {ingest_calls} calls",
        first.as_secs_f64(),
        unchanged.as_secs_f64(),
        verdict(unchanged < Duration::from_millis(500) && calls == 1),
        ingest.as_secs_f64(),
    );
    for f in 0..100 {
        let id = format!("1SyncBenchDoc{:04}{:03}0000000000", f * 2, f % PER_FOLDER);
        fake.edit_text(&id, &format!("Doc {f}, edited: what I wrote again.\n"));
    }
    let (changed, calls) = run(&["sync", "--jobs", "8"]);
    // The least a sync could do: the changes feed, then each changed file read at 8 at a time.
    let bound = Duration::from_millis(LATENCY_MS * (1 + 100 / 8));
    println!(
        "drive, 100 changed files: sync {:.2} s, {calls} calls; latency bound {:.2} s \
         (target within 1.3x: {})",
        changed.as_secs_f64(),
        bound.as_secs_f64(),
        verdict(changed.as_secs_f64() <= bound.as_secs_f64() * 1.3),
    );
}
