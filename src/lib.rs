//! voicetrain turns what you wrote into a clean text corpus for training a model on your
//! voice. The data path reads top to bottom: a command (`commands`) expands its sources
//! (`source`), the ingest pipeline (`ingest`) fetches and extracts them (`extract`) and
//! records samples in the store (`store`); a mail message is cut down to what its writer
//! wrote by `mail`; secrets (`secret`) are encrypted per value with a
//! key kept outside the store. A source reaches its provider (`google`) through an account
//! (`account`) and the provider interface (`provider`); every call goes through `net`. Only
//! `commands` and `main.rs` know the app-wide [`Error`] and print; `main.rs` only parses,
//! runs and maps errors to exit codes.

pub mod account;
pub mod captions;
pub mod cli;
mod commands;
pub mod config;
pub mod dataset;
pub mod error;
pub mod extract;
pub mod google;
pub mod hubspot;
pub mod ingest;
pub mod mail;
pub mod net;
pub mod output;
pub mod provider;
pub mod secret;
pub mod source;
pub mod store;

pub use error::Error;

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: cli::Cli) -> Result<u8, Error> {
    commands::run(cli)
}
