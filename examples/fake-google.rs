//! The project's fake Google, standalone: for benchmarks and for trying voicetrain offline.
//!
//!     cargo run --example fake-google -- --fixture tests/fixtures/drive.json
//!     cargo run --example fake-google -- --docs 1000 --latency-ms 50
//!     cargo run --example fake-google -- --channel 60 --youtube-units 3000
//!
//! It prints its base URL and the `export VOICETRAIN_GOOGLE_...` lines that point voicetrain
//! at it, then serves until interrupted. Not installed with the tool.

#![allow(clippy::expect_used, clippy::panic, clippy::disallowed_macros)]

#[path = "../tests/fake_google/mod.rs"]
mod fake_google;

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use fake_google::{BENCH_FOLDER, Config, FakeGoogle, Faults, Fixture};

/// A fake of Google's OAuth 2.0, Drive v3, Gmail v1 and YouTube Data v3 endpoints on 127.0.0.1.
#[derive(Parser)]
struct Args {
    /// A Drive (`files`) and mailboxes (`mail`, `send_as`) described in JSON (see
    /// tests/fixtures/drive.json and tests/fake_google/fixture.rs)
    #[arg(long, conflicts_with = "docs")]
    fixture: Option<PathBuf>,
    /// Instead of a fixture: one folder (ID 1BenchFolder0000000000000000) of N Docs
    #[arg(long)]
    docs: Option<usize>,
    /// Words in each generated Doc
    #[arg(long, default_value_t = 800)]
    words: usize,
    /// Port to listen on (default: any free one)
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Seconds an access token lives
    #[arg(long, default_value_t = 3599)]
    token_lifetime: u64,
    /// Every refresh returns a new refresh token and kills the old one
    #[arg(long)]
    rotate_refresh_tokens: bool,
    /// Milliseconds added to every request
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Share of requests answered 500/503 backendError
    #[arg(long, default_value_t = 0.0)]
    server_error: f64,
    /// Share answered 429 with Retry-After
    #[arg(long, default_value_t = 0.0)]
    rate_limit_429: f64,
    /// Share answered 403 userRateLimitExceeded
    #[arg(long, default_value_t = 0.0)]
    rate_limit_403: f64,
    /// Share of connections dropped before a response
    #[arg(long, default_value_t = 0.0)]
    drop: f64,
    /// Share of bodies cut short
    #[arg(long, default_value_t = 0.0)]
    truncate: f64,
    /// Seed for the faults
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Lift Gmail's per-user limits (quota units per second, requests in flight)
    #[arg(long)]
    no_gmail_limits: bool,
    /// Give the user a YouTube channel of N uploads (and another channel with a video)
    #[arg(long)]
    channel: Option<usize>,
    /// The project's YouTube quota units a day
    #[arg(long, default_value_t = 10_000)]
    youtube_units: u64,
}

fn main() {
    let args = Args::parse();
    let fixture = match (&args.fixture, args.docs) {
        (Some(path), _) => {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            Fixture::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        }
        (None, Some(n)) => Fixture::docs(BENCH_FOLDER, n, args.words),
        (None, None) => Fixture::default(),
    };
    let fixture = match args.channel {
        Some(n) => fixture.with_channel(n),
        None => fixture,
    };
    let config = Config {
        access_token_lifetime: Duration::from_secs(args.token_lifetime),
        rotate_refresh_tokens: args.rotate_refresh_tokens,
        gmail_limits: !args.no_gmail_limits,
        youtube_daily_units: args.youtube_units,
        faults: Faults {
            seed: args.seed,
            latency_ms: args.latency_ms,
            server_error: args.server_error,
            rate_limit_429: args.rate_limit_429,
            retry_after_secs: 1,
            rate_limit_403: args.rate_limit_403,
            drop: args.drop,
            truncate: args.truncate,
            only: Vec::new(),
            limit: 0,
        },
        ..Config::default()
    };
    let fake = FakeGoogle::start_on(fixture, config, args.port);
    eprintln!("fake Google serving at {}", fake.url);
    eprintln!("counters: curl {}/__fake/counters", fake.url);
    for (name, value) in fake.env() {
        println!("export {name}={value}");
    }
    loop {
        std::thread::park();
    }
}
