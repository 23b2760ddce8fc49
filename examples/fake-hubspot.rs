//! The project's fake HubSpot, standalone: for trying `auth hubspot` and `ingest hubspot:`
//! offline, and for benchmarks.
//!
//!     cargo run --example fake-hubspot
//!     cargo run --example fake-hubspot -- --emails 20000 --latency-ms 50
//!
//! It prints the `export VOICETRAIN_HUBSPOT_...` lines that point voicetrain at it, and a
//! static token to log in with as its sales user, then serves until interrupted. Not
//! installed with the tool.

#![allow(clippy::expect_used, clippy::panic, clippy::disallowed_macros)]

#[path = "../tests/fake_hubspot/mod.rs"]
mod fake_hubspot;

use clap::Parser;
use fake_hubspot::{FakeHubSpot, HubConfig, HubFixture, SALES_USER, sam};

/// A fake of HubSpot's OAuth, owners and CRM (emails, notes, calls, transcripts) endpoints on
/// 127.0.0.1, with HubSpot's rate limits.
#[derive(Parser)]
struct Args {
    /// Besides the small demo portal, this many emails the sales user sent
    #[arg(long, default_value_t = 0)]
    emails: u64,
    /// Milliseconds added to every answer
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
}

fn main() {
    let args = Args::parse();
    let fixture = HubFixture::demo().with_sent_emails(&sam(), 100_000, args.emails);
    let fake = FakeHubSpot::start(
        fixture,
        HubConfig {
            latency_ms: args.latency_ms,
            ..HubConfig::default()
        },
    );
    let token = fake.issue_static_token(&[
        "crm.objects.contacts.read",
        "crm.objects.owners.read",
        "sales-email-read",
    ]);
    eprintln!("fake HubSpot serving at {}", fake.url);
    for (name, value) in fake.env() {
        println!("export {name}={value}");
    }
    // Not a voicetrain variable: what to hand `auth hubspot --token-stdin`.
    println!("export FAKE_HUBSPOT_TOKEN={token}");
    println!("export FAKE_HUBSPOT_USER={SALES_USER}");
    loop {
        std::thread::park();
    }
}
