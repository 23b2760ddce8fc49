//! The network layer's own cost: CPU time per request spent in `Net::send` beyond what the
//! same request costs through a bare reqwest client. Target: under 50 µs per request.
//!
//! Both clients send the same `files.get` to the fake Google, one after another, on this
//! thread's current-thread runtime (so the connection work runs here too); the fake runs on
//! threads of its own and is not counted. CPU time is this thread's (CLOCK_THREAD_CPUTIME_ID).
//!
//! Run with `cargo bench --bench net`.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::disallowed_macros)]

#[path = "../tests/fake_google/mod.rs"]
mod fake_google;

use std::time::Duration;

use fake_google::{Config, FakeGoogle, FileSpec, Fixture, USER};
use url::Url;
use voicetrain::net::{Api, Call, Net, Settings};
use voicetrain::secret::Secret;

const REQUESTS: u32 = 4000;

fn thread_cpu() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn main() {
    voicetrain::net::install_tls_provider();
    let fake = FakeGoogle::start(
        Fixture::default().with(FileSpec::doc("doc1", "Essay", "root", "words")),
        Config::default(),
    );
    let (token, _) = fake.issue_tokens(USER, "https://www.googleapis.com/auth/drive.readonly");
    let token = Secret::new(token);
    let url = Url::parse(&format!(
        "{}/drive/v3/files/doc1?fields=id,name,version",
        fake.url
    ))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = voicetrain::store::Store::open(dir.path()).unwrap();
    let base = Url::parse(&fake.url).unwrap();
    let mut settings = Settings::default();
    // Pacing is part of the layer but would only add sleeping, not CPU; let it run free.
    settings.pacing.rate = 1e9;
    settings.pacing.burst = 1e9;
    let net = Net::new(settings, &[&base], &store).unwrap();
    let raw = reqwest::Client::new();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    let bare = |n: u32| {
        rt.block_on(async {
            for _ in 0..n {
                let resp = raw
                    .get(url.clone())
                    .bearer_auth(token.expose())
                    .send()
                    .await
                    .unwrap();
                assert!(resp.status().is_success());
                resp.bytes().await.unwrap();
            }
        })
    };
    let layered = |n: u32| {
        rt.block_on(async {
            for _ in 0..n {
                let call = Call::get(Api::Drive, url.clone()).bearer(&token);
                net.send(&call).await.unwrap();
            }
        })
    };
    // Warm both up (connections, caches), then alternate rounds so drift hits both alike.
    bare(200);
    layered(200);
    let (mut t_bare, mut t_net) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..4 {
        let t = thread_cpu();
        bare(REQUESTS / 4);
        t_bare += thread_cpu() - t;
        let t = thread_cpu();
        layered(REQUESTS / 4);
        t_net += thread_cpu() - t;
    }
    let per = |d: Duration| d.as_secs_f64() * 1e6 / f64::from(REQUESTS);
    let overhead = per(t_net) - per(t_bare);
    let verdict = if overhead < 50.0 { "met" } else { "MISSED" };
    println!(
        "CPU per request: bare reqwest {:.1} µs, through Net {:.1} µs: the layer costs {overhead:.1} µs (target < 50 µs: {verdict})",
        per(t_bare),
        per(t_net)
    );
}
