//! The integration tests: the real binary, a real SQLite file in a temporary HOME, a real
//! Secret Service and real Python `cryptography` where those are under test. One test binary.

// In tests a panic is a failed test, which is what unwrap, expect and the panicking calls
// clippy.toml disallows in the product should give.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::disallowed_macros,
    clippy::disallowed_methods
)]

#[path = "../fake_google/mod.rs"]
mod fake_google;
#[path = "../fake_hubspot/mod.rs"]
mod fake_hubspot;
#[path = "../scan/mod.rs"]
mod scan;

mod auth;
mod big;
mod concurrency;
mod crash;
mod dataset;
mod disk;
mod docs;
mod doctor;
mod drive;
mod export;
mod fake;
mod fake_drive;
mod fake_gmail;
#[path = "fake_hubspot.rs"]
mod fake_hubspot_tests;
mod fake_youtube;
mod faults;
mod first_use;
mod fleet;
mod generated;
mod gmail;
mod hostile;
mod hubspot;
mod ingest;
mod json;
mod key;
mod keyring;
mod net;
mod ocr;
mod office;
mod panic;
mod pdf;
mod postgres;
mod providers;
mod python;
mod read_only;
mod samples;
mod secrets;
mod sniff;
mod store;
mod sync;
mod util;
mod walk;
mod youtube;
