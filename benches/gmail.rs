//! Gmail ingest of 1,000 sent messages from the fake Gmail, which adds 20 ms to every request
//! and enforces Gmail's per-user quota (250 units a second, 25 requests in flight), through
//! the real binary with `--jobs 8` (issue 13):
//!
//! | what                                 | target                                                  |
//! |--------------------------------------|---------------------------------------------------------|
//! | first ingest, wall time              | within 1.15x the quota bound (messages x 5 units / 250) |
//! | quota refusals received              | none                                                    |
//! | the unchanged re-ingest, wall time   | under 0.5 s                                             |
//! | first ingest, peak memory (max RSS)  | under 100 MB                                            |
//!
//! The cleaner's own speed is `cargo bench --bench mail`. Run with `cargo bench --bench gmail`.

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

use std::process::Command;
use std::time::Duration;

use fake_google::{Config, FakeGoogle, Faults, Fixture, MessageSpec, USER, plain_message};
use support::verdict;

const MESSAGES: usize = 1000;
const LATENCY_MS: u64 = 20;
const JOBS: &str = "8";
const UNITS_A_SECOND: f64 = 250.0;

fn main() {
    voicetrain::net::install_tls_provider();
    let mut fixture = Fixture::default();
    for i in 0..MESSAGES {
        let body = format!(
            "Hi Sam,\n\nA note about item {i}: the draft looks good, and I would move the \
             second section up.\n\nThanks,\nAlex\n\nOn Mon, Mar 2, 2026 at 9:00 AM Sam \
             <sam@example.com> wrote:\n> Could you look at item {i}?\n> \n> Sam\n"
        );
        let raw = plain_message(
            USER,
            "sam@example.com",
            &format!("Item {i}"),
            "Mon, 2 Mar 2026 10:00:00 +0000",
            &body,
        );
        fixture = fixture.with_mail(MessageSpec::sent(&format!("m{i:05}"), &raw));
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
    let scopes = format!(
        "{} https://www.googleapis.com/auth/gmail.readonly",
        support::DRIVE_SCOPES
    );
    let (access, refresh) = fake.issue_tokens(USER, &scopes);
    support::seed_login_with(home.path(), USER, &access, &refresh, &scopes);
    let bin = env!("CARGO_BIN_EXE_voicetrain");
    let run = |label: &str| {
        fake.reset_counters();
        let t = support::timed(
            Command::new(bin)
                .args(["ingest", "gmail:", "--jobs", JOBS])
                .env("VOICETRAIN_HOME", home.path())
                .env("VOICETRAIN_NO_KEYRING", "1")
                .envs(fake.env()),
        );
        println!("{label}: {}", t.stderr.lines().last().unwrap_or("").trim());
        t
    };
    let first = run("first ingest");
    let units = fake.gmail_units(USER) as f64;
    let refused = fake.count("gmail.quota:403") + fake.count("gmail.concurrency:429");
    let bound = Duration::from_secs_f64(MESSAGES as f64 * 5.0 / UNITS_A_SECOND);
    let ratio = first.wall.as_secs_f64() / bound.as_secs_f64();
    let again = run("unchanged re-ingest");
    println!(
        "first ingest: {:.2} s, {units} quota units; quota bound {:.2} s; ratio {ratio:.2} (target <= 1.15: {})",
        first.wall.as_secs_f64(),
        bound.as_secs_f64(),
        verdict(ratio <= 1.15)
    );
    println!(
        "quota refusals received: {refused} (target 0: {})",
        verdict(refused == 0)
    );
    println!(
        "unchanged re-ingest: {:.3} s (target < 0.5 s: {})",
        again.wall.as_secs_f64(),
        verdict(again.wall < Duration::from_millis(500))
    );
    println!(
        "peak memory: {:.1} MB (target < 100 MB: {})",
        first.peak_kb as f64 / 1024.0,
        verdict(first.peak_kb < 100 * 1024)
    );
}
