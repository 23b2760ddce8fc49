//! `voicetrain completions SHELL`: the completion script, generated from the clap types (the
//! same files are kept in `completions/`).

use clap::CommandFactory as _;

use crate::Error;
use crate::cli::{Cli, CompletionsArgs};
use crate::error::exit;

pub fn run(args: &CompletionsArgs) -> Result<u8, Error> {
    let mut out = crate::output::stdout();
    clap_complete::generate(args.shell, &mut Cli::command(), "voicetrain", &mut out);
    std::io::Write::flush(&mut out)?;
    Ok(exit::OK)
}
