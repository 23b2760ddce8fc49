//! The command line, as clap types and nothing else: no I/O, no defaults that need the
//! environment beyond what clap reads itself. `../shared/design/cli.md` is the contract these
//! types implement; names here are never renamed once landed.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turn what you wrote into a clean text corpus for training a model on your voice.
#[derive(Debug, Parser)]
#[command(name = "voicetrain", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Keep config, store and key file in DIR
    #[arg(long, global = true, value_name = "DIR", env = "VOICETRAIN_HOME")]
    pub home: Option<PathBuf>,

    /// Read the configuration from FILE
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Read the encryption key from FILE
    #[arg(long, global = true, value_name = "FILE", env = "VOICETRAIN_KEY_FILE")]
    pub key_file: Option<PathBuf>,

    /// Print only errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Say more (-v: each step and the cause of an error, -vv: more detail)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// When to use colour
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Turn files into samples: local files and directories, or `-` for a list on stdin
    Ingest(IngestArgs),
    /// List, read, search, export and remove samples
    #[command(subcommand)]
    Samples(SamplesCommand),
    /// The key that encrypts stored tokens
    #[command(subcommand)]
    Key(KeyCommand),
    /// Print a shell completion script
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, directories, or `-` to read one source a line from stdin
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<OsString>,

    /// Title for the sample (only when one file is ingested)
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// Tag every sample touched (repeatable)
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Do not descend into subdirectories
    #[arg(long)]
    pub no_recursive: bool,

    /// Only these kinds (comma-separated): docs, sheets, slides, pdf, text
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub types: Vec<FileKind>,

    /// Files handled at once [default: the number of CPUs]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,

    /// Skip files larger than SIZE (e.g. 20MB, 1GiB)
    #[arg(long, value_name = "SIZE", default_value = "100MiB")]
    pub max_size: bytesize::ByteSize,

    /// Extract again even when unchanged
    #[arg(long)]
    pub force: bool,

    /// Say what would happen, store nothing
    #[arg(long)]
    pub dry_run: bool,

    /// One JSON object a line per file on stdout
    #[arg(long)]
    pub json: bool,
}

/// The kinds `--types` selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum FileKind {
    Docs,
    Sheets,
    Slides,
    Pdf,
    Text,
}

#[derive(Debug, Subcommand)]
pub enum SamplesCommand {
    /// List samples, newest last
    List(ListArgs),
    /// Print one sample: its metadata, then its text
    Show(ShowArgs),
    /// Full-text search, best match first
    Search(SearchArgs),
    /// Write every sample out for training
    Export(ExportArgs),
    /// Remove samples
    Rm(RmArgs),
    /// Counts and words, by source, type and account
    Stats(JsonArg),
}

#[derive(Debug, Args, Default)]
pub struct Filter {
    /// Only samples from this kind of source
    #[arg(long, value_name = "SOURCE")]
    pub source: Option<SourceType>,

    /// Only samples with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,

    /// Only samples from this account
    #[arg(long, value_name = "EMAIL")]
    pub account: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourceType {
    Drive,
    Local,
}

impl SourceType {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceType::Drive => "drive",
            SourceType::Local => "local",
        }
    }
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: Filter,

    /// Show at most N samples (the newest N)
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Sample ID, or any unique prefix of one
    pub id: String,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find; FTS5 syntax (AND, OR, NOT, "phrases", prefix*) is understood
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,

    /// Show at most N results
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: u64,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_name = "FORMAT", default_value = "jsonl")]
    pub format: ExportFormat,

    /// Write to FILE instead of stdout (replaced whole, never left half-written)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub filter: Filter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Txt,
}

#[derive(Debug, Args)]
pub struct RmArgs {
    /// Sample IDs, or unique prefixes of them
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,

    /// Do not ask for confirmation
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct JsonArg {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Where the key comes from, its fingerprint, and whether it opens the store
    Status(JsonArg),
    /// Make a new key and re-encrypt every stored secret with it
    Rotate(RotateArgs),
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// Do not ask for confirmation
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for
    pub shell: clap_complete::Shell,
}
