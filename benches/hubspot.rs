//! `ingest hubspot:emails` of 20,000 sent emails from the fake HubSpot, which adds 50 ms to
//! every request and enforces HubSpot's limits (search: 5 requests a second per account),
//! through the real binary (issue 16):
//!
//! | what                                | target                                              |
//! |-------------------------------------|-----------------------------------------------------|
//! | first ingest, wall time             | within 1.2x the bound the rate limits set (search's |
//! |                                     | 5 a second over 100 pages of 200)                   |
//! | rate-limit refusals received        | none                                                |
//! | first ingest, peak memory (max RSS) | under 100 MB                                        |
//! | the unchanged re-run                | one search                                          |
//!
//! Run with `cargo bench --bench hubspot`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::disallowed_macros
)]

#[path = "../tests/fake_hubspot/mod.rs"]
mod fake_hubspot;
#[path = "support/mod.rs"]
mod support;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use fake_hubspot::{FakeHubSpot, HubConfig, HubFixture, SALES_USER, sam};
use support::{timed, verdict};

const EMAILS: u64 = 20_000;
const LATENCY_MS: u64 = 50;
/// Search's page and rate, HubSpot's.
const PAGE: u64 = 200;
const SEARCHES_A_SECOND: f64 = 5.0;

fn main() {
    voicetrain::net::install_tls_provider();
    let bin = Path::new(env!("CARGO_BIN_EXE_voicetrain"));
    let sam = sam();
    let fixture = HubFixture::default()
        .with_user(sam.clone())
        .with_sent_emails(&sam, 100_000, EMAILS);
    let fake = FakeHubSpot::start(
        fixture,
        HubConfig {
            latency_ms: LATENCY_MS,
            ..HubConfig::default()
        },
    );
    let home = tempfile::tempdir().unwrap();
    let voicetrain = |args: &[&str]| {
        let mut cmd = Command::new(bin);
        cmd.args(args)
            .env("VOICETRAIN_HOME", home.path())
            .env("VOICETRAIN_NO_KEYRING", "1")
            .envs(fake.env());
        cmd
    };
    let mut login = voicetrain(&["auth", "hubspot", "--token-stdin", "--account", SALES_USER])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let token = fake.issue_static_token(&[
        "crm.objects.contacts.read",
        "crm.objects.owners.read",
        "sales-email-read",
    ]);
    writeln!(login.stdin.take().unwrap(), "{token}").unwrap();
    assert!(login.wait().unwrap().success());

    fake.reset_counters();
    let first = timed(&mut voicetrain(&["ingest", "-q", "hubspot:emails"]));
    let searches = fake.count("emails.search");
    let refused = fake.rate_limited();
    // The first page goes at once; each next one a fifth of a second later, plus the
    // latency of the last.
    let pages = EMAILS.div_ceil(PAGE);
    let bound = Duration::from_secs_f64(
        (pages - 1) as f64 / SEARCHES_A_SECOND + LATENCY_MS as f64 / 1000.0,
    );
    let ratio = first.wall.as_secs_f64() / bound.as_secs_f64();
    println!(
        "hubspot, {EMAILS} emails at {LATENCY_MS} ms: first ingest {:.1} s, {searches} searches; \
         rate-limit bound {:.1} s; {ratio:.2}x (target within 1.2x: {})",
        first.wall.as_secs_f64(),
        bound.as_secs_f64(),
        verdict(ratio <= 1.2),
    );
    println!(
        "  429s received: {refused} (target none: {}); peak memory {} MB (target < 100 MB: {})",
        verdict(refused == 0),
        first.peak_kb / 1024,
        verdict(first.peak_kb < 100 * 1024),
    );
    // Seconds apart, as cron's runs are: search's 5 a second are the account's.
    std::thread::sleep(Duration::from_secs(1));
    fake.reset_counters();
    let again = timed(&mut voicetrain(&["ingest", "-q", "hubspot:emails"]));
    let searches = fake.count("emails.search");
    println!(
        "  unchanged re-run {:.2} s, {searches} search (target one: {})",
        again.wall.as_secs_f64(),
        verdict(searches == 1),
    );
}
