//! Throughput of the fake Google, which must serve at least 2,000 requests a second on this
//! machine so that benchmarks of voicetrain measure voicetrain. Eight client threads, each
//! with a keep-alive connection, ask `files.get` (with a fields mask) for three seconds.
//!
//! Run with `cargo bench --bench fake_google`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::disallowed_macros,
    clippy::disallowed_methods
)]

#[path = "../tests/fake_google/mod.rs"]
mod fake_google;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use fake_google::{BENCH_FOLDER, Config, FakeGoogle, Fixture, USER};

const CLIENTS: usize = 8;
const FOR: Duration = Duration::from_secs(3);

fn main() {
    voicetrain::net::install_tls_provider();
    let fake = FakeGoogle::start(Fixture::docs(BENCH_FOLDER, 1000, 200), Config::default());
    let (token, _) = fake.issue_tokens(USER, "https://www.googleapis.com/auth/drive.readonly");
    let done = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let threads: Vec<_> = (0..CLIENTS)
        .map(|t| {
            let (url, token, done) = (fake.url.clone(), token.clone(), Arc::clone(&done));
            std::thread::spawn(move || {
                let http = reqwest::blocking::Client::new();
                let mut i = t;
                while started.elapsed() < FOR {
                    let resp = http
                        .get(format!(
                            "{url}/drive/v3/files/doc{:05}?fields=id,name,version,modifiedTime",
                            i % 1000
                        ))
                        .bearer_auth(&token)
                        .send()
                        .unwrap();
                    assert!(resp.status().is_success());
                    resp.bytes().unwrap();
                    done.fetch_add(1, Ordering::Relaxed);
                    i += CLIENTS;
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let n = done.load(Ordering::Relaxed);
    let rate = n as f64 / started.elapsed().as_secs_f64();
    let verdict = if rate >= 2000.0 { "met" } else { "MISSED" };
    println!(
        "fake Google: {n} files.get in {:.1?} with {CLIENTS} clients: {rate:.0} requests/s (target >= 2000: {verdict})",
        started.elapsed()
    );
}
