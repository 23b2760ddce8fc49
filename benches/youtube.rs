//! A 200-video channel backfilled from the fake YouTube, which keeps Google's daily quota
//! (10,000 units, 50 a `captions.list`, 200 a `captions.download`), through the real binary
//! with `sync` run as cron runs it: twice a day, each day after the quota returned (issue 18).
//!
//! | what                          | target                                                    |
//! |-------------------------------|-----------------------------------------------------------|
//! | days to read every video      | the fewest the quota allows (units needed over units a    |
//! |                               | day: 5), a day's last units listing the next videos whose |
//! |                               | tracks the next day downloads; the bound of whole videos  |
//! |                               | a day (39 a day: 6 days) is printed beside it             |
//! | units spent twice             | none: each video's tracks listed once, each track read    |
//! |                               | once, the day's second run asking nothing in vain         |
//!
//! The cleaner's speed on a one-hour automatic track is `cargo bench --bench captions`. Run
//! with `cargo bench --bench youtube`.

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

use fake_google::{Config, FakeGoogle, Fixture, USER};
use support::verdict;

const VIDEOS: usize = 200;
const DAILY: u64 = 10_000;

fn main() {
    voicetrain::net::install_tls_provider();
    let fake = FakeGoogle::start(Fixture::channel(VIDEOS), Config::default());
    let home = tempfile::tempdir().unwrap();
    let scopes = format!(
        "{} https://www.googleapis.com/auth/youtube.force-ssl",
        support::DRIVE_SCOPES
    );
    let (access, refresh) = fake.issue_tokens(USER, &scopes);
    support::seed_login_with(home.path(), USER, &access, &refresh, &scopes);
    let bin = env!("CARGO_BIN_EXE_voicetrain");
    let voicetrain = |args: &[&str]| {
        Command::new(bin)
            .args(args)
            .env("VOICETRAIN_HOME", home.path())
            .env("VOICETRAIN_NO_KEYRING", "1")
            .envs(fake.env())
            .output()
            .unwrap()
    };
    assert!(voicetrain(&["sources", "add", "youtube:"]).status.success());
    let store = home.path().join("voicetrain.db");
    let mut days = 0;
    let mut spent = 0;
    let mut in_vain = 0;
    loop {
        days += 1;
        let morning = voicetrain(&["sync", "-q"]);
        let units = fake.youtube_units();
        // The day's second run, after the quota ran out: it must cost nothing but listing.
        let evening = voicetrain(&["sync", "-q"]);
        in_vain += fake.youtube_units() - units;
        spent += fake.youtube_units();
        if morning.status.success() && evening.status.success() {
            break;
        }
        assert!(days < 30, "{}", String::from_utf8_lossy(&morning.stderr));
        // Pacific midnight, for voicetrain's record of the day's spending and for Google's.
        let db = rusqlite::Connection::open(&store).unwrap();
        db.execute(
            "UPDATE source_state SET value = '2000-01-01 ' || substr(value, 12)
             WHERE kind = 'youtube' AND name = 'quota spent'",
            [],
        )
        .unwrap();
        fake.next_youtube_day();
    }
    let counters = fake.counters();
    let count = |name: &str| counters.get(name).copied().unwrap_or(0);
    let (lists, downloads) = (
        count("youtube.captions.list"),
        count("youtube.captions.download"),
    );
    let samples = voicetrain(&["samples", "list", "--json"]);
    let samples: Vec<serde_json::Value> = serde_json::from_slice(&samples.stdout).unwrap();
    // What the channel needs: each video's tracks listed, each track that can be read read,
    // and the least listing a day (channels, playlist pages, videos) on each day. The quota's
    // own bound spends every unit of every day; a day that read only whole videos (a
    // video's tracks listed on the day they are downloaded) would use only multiples of 250
    // of it.
    let needed = VIDEOS as u64 * 50 + samples.len() as u64 * 200;
    let listing_a_day = 1 + 2 * VIDEOS.div_ceil(50) as u64;
    let fewest = needed.div_ceil(DAILY - listing_a_day);
    let whole_a_day = (DAILY - listing_a_day) / 250;
    let fewest_whole = (VIDEOS as u64).div_ceil(whole_a_day);
    println!(
        "youtube, {VIDEOS} videos at {DAILY} units a day: {} samples in {days} days; the \
         quota's bound {fewest} days ({}), {fewest_whole} if each day read only whole \
         videos ({whole_a_day} a day)",
        samples.len(),
        verdict(days <= fewest),
    );
    println!(
        "  captions.list {lists} (target {VIDEOS}: {}), captions.download {downloads} \
         (target {}: {}), units spent {spent}, of them by the day's second runs {in_vain} \
         (listing only)",
        verdict(lists == VIDEOS as u64),
        samples.len(),
        verdict(downloads == samples.len() as u64),
    );
}
