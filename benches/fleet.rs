//! Several hosts on one PostgreSQL store (issue 17), through the real binary, each host a
//! HOME of its own with the store's key:
//!
//! | what                                                          | target                    |
//! |---------------------------------------------------------------|---------------------------|
//! | 100 `tokens refresh` at once over 4 hosts, the token due      | 1 refresh call            |
//! | `sync` on 4 hosts at once of a 1,000-Doc folder at 50 ms a    | within 1.3x the latency   |
//! | request                                                       | bound of 4 x --jobs calls |
//!
//! Run with `scripts/with-postgres cargo bench --bench fleet` (it needs the private cluster).

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

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fake_google::{Config, FakeGoogle, Faults, Fixture, USER};
use support::verdict;

const HOSTS: usize = 4;
const REFRESHES: usize = 100;
const DOCS: usize = 1_000;
const LATENCY_MS: u64 = 50;
const JOBS: u64 = 8;
const FOLDER: &str = "1FleetBenchFolder0000000000";

fn main() {
    let Ok(socket_dir) = std::env::var("VOICETRAIN_TEST_PG") else {
        println!("no PostgreSQL: run under scripts/with-postgres");
        return;
    };
    voicetrain::net::install_tls_provider();
    let url = fresh_database(&socket_dir);
    let fake = FakeGoogle::start(
        Fixture::docs(FOLDER, DOCS, 60),
        Config {
            rotate_refresh_tokens: true,
            faults: Faults {
                latency_ms: LATENCY_MS,
                ..Faults::default()
            },
            ..Config::default()
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let homes: Vec<PathBuf> = (0..HOSTS)
        .map(|i| dir.path().join(format!("host{i}")))
        .collect();
    // One login, made on the first host and carried into the database with its key.
    let (access, refresh) = fake.issue_tokens(USER, support::DRIVE_SCOPES);
    support::seed_login(&homes[0], USER, &access, &refresh);
    assert!(run(&homes[0], &fake, &["store", "migrate", "--to", &url]).success());
    for home in &homes[1..] {
        std::fs::create_dir_all(home).unwrap();
        std::fs::copy(homes[0].join("key"), home.join("key")).unwrap();
    }
    let on = |home: &Path, args: &[&str]| -> Child {
        voicetrain(home, &fake)
            .env("VOICETRAIN_STORE", &url)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };

    // The token due: a minute left.
    let mut client = client(&socket_dir, "vt_fleet");
    let soon = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_secs(60))
        .unwrap();
    client
        .execute(
            "UPDATE oauth_tokens SET expires_at = $1",
            &[&jiff::Timestamp::from_second(soon.as_second())
                .unwrap()
                .to_string()],
        )
        .unwrap();
    fake.reset_counters();
    let started = Instant::now();
    let children: Vec<Child> = (0..REFRESHES)
        .map(|i| on(&homes[i % HOSTS], &["tokens", "refresh"]))
        .collect();
    let failed = children
        .into_iter()
        .filter_map(|mut c| (!c.wait().unwrap().success()).then_some(()))
        .count();
    let calls = fake.count("token.refresh_token");
    println!(
        "{REFRESHES} tokens refresh over {HOSTS} hosts: {calls} refresh call(s), {failed} failed, \
         {:.2} s (target 1 call, none failed: {})",
        started.elapsed().as_secs_f64(),
        verdict(calls == 1 && failed == 0)
    );

    assert!(
        run(
            &homes[0],
            &fake,
            &[
                "--store",
                &url,
                "sources",
                "add",
                &format!("https://drive.google.com/drive/folders/{FOLDER}")
            ]
        )
        .success()
    );
    fake.reset_counters();
    let started = Instant::now();
    let children: Vec<Child> = homes
        .iter()
        .map(|h| on(h, &["sync", "--jobs", &JOBS.to_string()]))
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success(), "a sync failed");
    }
    let wall = started.elapsed();
    let requests: u64 = fake
        .counters()
        .iter()
        .filter(|(k, _)| !k.contains(':') && !k.starts_with("token") && !k.starts_with("userinfo"))
        .map(|(_, v)| v)
        .sum();
    let bound = Duration::from_millis(requests * LATENCY_MS / (JOBS * HOSTS as u64));
    let ratio = wall.as_secs_f64() / bound.as_secs_f64();
    println!(
        "sync on {HOSTS} hosts of {DOCS} Docs: {:.2} s for {requests} requests, {} exports; \
         latency bound of {HOSTS} x {JOBS} calls {:.2} s; ratio {ratio:.2} (target <= 1.3: {})",
        wall.as_secs_f64(),
        fake.count("files.export:200"),
        bound.as_secs_f64(),
        verdict(ratio <= 1.3)
    );
}

fn voicetrain(home: &Path, fake: &FakeGoogle) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_voicetrain"));
    cmd.env("VOICETRAIN_HOME", home)
        .env("VOICETRAIN_NO_KEYRING", "1")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .envs(fake.env());
    cmd
}

fn run(home: &Path, fake: &FakeGoogle, args: &[&str]) -> std::process::ExitStatus {
    voicetrain(home, fake).args(args).status().unwrap()
}

fn client(socket_dir: &str, db: &str) -> postgres::Client {
    postgres::Config::new()
        .host_path(socket_dir)
        .user("vt")
        .dbname(db)
        .connect(postgres::NoTls)
        .expect("the PostgreSQL of scripts/with-postgres")
}

/// A fresh database `vt_fleet`; its address.
fn fresh_database(socket_dir: &str) -> String {
    let mut admin = client(socket_dir, "postgres");
    for sql in [
        "DROP DATABASE IF EXISTS vt_fleet WITH (FORCE)",
        "CREATE DATABASE vt_fleet",
    ] {
        admin
            .batch_execute(sql)
            .expect("a database for the benchmark");
    }
    format!("postgresql://vt@/vt_fleet?host={socket_dir}")
}
