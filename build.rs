//! Links the `voicetrain` binary as a position-dependent executable on Linux. The PDF
//! libraries bring about 3 MB of pointer tables; in a position-independent executable the
//! loader rewrites every one of them at each start (145,000 relocations: `--version` went from
//! 1.4 ms to 3.5 ms), and start-up time is what cron and `$(voicetrain auth token)` pay.

// Build scripts speak to cargo through stdout.
#[allow(clippy::disallowed_macros)]
fn main() {
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let gnu = std::env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|env| env == "gnu");
    if linux && gnu {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
