//! The command line, as clap types and nothing else: no I/O, no defaults that need the
//! environment. The `VOICETRAIN_*` variables a flag stands for are read by `config`, which
//! treats an empty one as unset (clap would take it for a missing value). The command-line
//! contract (docs/cli.md) is what these types implement; names here are never renamed once
//! landed.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Turn what you wrote into a clean text corpus for training a model on your voice.
#[derive(Debug, Parser)]
#[command(
    name = "voicetrain",
    version,
    about,
    max_term_width = 100,
    after_long_help = MORE_HELP
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// The sections `voicetrain --help` ends with, and the man page holds as sections of its own:
/// a heading alone on a line, then its lines indented.
pub const MORE_HELP: &str = "\
EXAMPLES
  voicetrain ingest ~/Documents/essays notes.md       local files and directories
  voicetrain auth google                              log in (once), then:
  voicetrain ingest https://drive.google.com/drive/folders/ID
  voicetrain samples search 'heron NOT boat'
  voicetrain samples export --format jsonl -o corpus.jsonl
  voicetrain sources add ~/notes gmail:               remember sources, then from cron:
  */30 * * * * voicetrain sync                        keep them in step (tokens refreshed too)

EXIT STATUS
  0    done
  1    failed
  2    usage error (a destructive command without --yes and no terminal to ask on, too)
  3    authentication needed: no account, a login revoked or lacking a scope
  4    partial: some files of a batch failed, the others were done
  5    store or key problem: wrong or missing key, damaged store, a home that is no directory
  75   temporary failure: the provider stayed unavailable (cron may try again)
  130  an ingest stopped by Ctrl-C, after what it had recorded

ENVIRONMENT
  VOICETRAIN_HOME            the data directory (store, config, key file); as --home
  VOICETRAIN_KEY_FILE        the key file; as --key-file
  VOICETRAIN_STORE           the store (a PostgreSQL address or a file); as --store
  PGPASSWORD                 the PostgreSQL store's password, where its address gives none
  VOICETRAIN_ACCOUNT         the account to act for; as --account
  VOICETRAIN_ENCRYPTION_KEY  the key itself (OAUTH_ENCRYPTION_KEY is read too)
  VOICETRAIN_NO_KEYRING      1: never use the OS keyring
  VOICETRAIN_GOOGLE_*        Google's client and endpoints (CLIENT_ID, CLIENT_SECRET, ...)
  BROWSER                    the command that opens the login address
  NO_COLOR                   no colour
  An empty variable counts as unset.

FILES
  ~/.local/share/voicetrain/voicetrain.db   the store ($XDG_DATA_HOME; VOICETRAIN_HOME)
  ~/.local/share/voicetrain/key             the key, where no keyring keeps it
  ~/.config/voicetrain/config.toml          the config ($XDG_CONFIG_HOME; VOICETRAIN_HOME)
";

#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Keep config, store and key file in DIR [env: VOICETRAIN_HOME]
    #[arg(long, global = true, value_name = "DIR")]
    pub home: Option<PathBuf>,

    /// Read the configuration from FILE
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Use the store at URL (postgres://USER@HOST/DB) or in a SQLite FILE [env:
    /// VOICETRAIN_STORE]
    #[arg(long, global = true, value_name = "URL")]
    pub store: Option<String>,

    /// Read the encryption key from FILE [env: VOICETRAIN_KEY_FILE]
    #[arg(long, global = true, value_name = "FILE")]
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
    /// Turn files and mail into samples: Drive addresses and IDs, `gmail:` (your sent mail),
    /// `hubspot:` (your CRM emails, notes and calls), `youtube:` (what you said in your
    /// videos), local files and directories, or `-` for a list on stdin
    Ingest(IngestArgs),
    /// List, read, search, export and remove samples
    #[command(subcommand)]
    Samples(SamplesCommand),
    /// Make a training dataset from the samples, and check one
    #[command(subcommand)]
    Dataset(DatasetCommand),
    /// Remember sources for `sync`: add, list, remove
    #[command(subcommand)]
    Sources(SourcesCommand),
    /// Ingest every remembered source incrementally (for cron: silent unless something fails)
    ///
    /// Each source is read with the options it was added with; a file that left its source
    /// (deleted, trashed, moved out, no longer shared) marks its sample gone. One sync runs at
    /// a time: a second one started meanwhile exits 0 at once, or waits with --wait. Exits 3
    /// if a login needs renewing, 75 if a provider stayed unavailable, 4 if other sources
    /// failed (3 before 75 before 4); the other sources are synced all the same.
    Sync(SyncArgs),
    /// Log in to Google or HubSpot, and manage the accounts logged in
    #[command(subcommand)]
    Auth(AuthCommand),
    /// Keep OAuth tokens fresh (for cron), list them, read their audit trail
    #[command(subcommand)]
    Tokens(TokensCommand),
    /// The key that encrypts stored tokens
    #[command(subcommand)]
    Key(KeyCommand),
    /// The store: where it is, its schema, what it holds
    #[command(subcommand)]
    Store(StoreCommand),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Check everything voicetrain depends on, one line each, and say what to do about what
    /// is wrong (config, key, keyring, store, each account's token, Google's endpoints)
    Doctor(JsonArg),
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Drive or Docs addresses, Drive IDs, `gmail:` or `gmail:QUERY` (your sent mail),
    /// `hubspot:` or `hubspot:emails|notes|calls`, `youtube:`, `youtube:VIDEO_ID` or a video's
    /// address, files, directories, or `-` (one a line on stdin)
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<OsString>,

    /// Title for the sample (only when one file is ingested)
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// Tag every sample touched (repeatable)
    #[arg(long = "tag", value_name = "TAG", value_parser = tag)]
    pub tags: Vec<String>,

    /// Do not descend into subdirectories
    #[arg(long)]
    pub no_recursive: bool,

    /// Follow symbolic links out of a directory walked (links within it are followed anyway;
    /// a link named as a SOURCE is always followed)
    #[arg(long)]
    pub follow: bool,

    /// Leave out what GLOB matches in a directory walked (repeatable): gitignore-style, on the
    /// path within that directory, e.g. '*.md', 'drafts/', '/notes/old*'
    #[arg(long, value_name = "GLOB", value_parser = exclude)]
    pub exclude: Vec<String>,

    /// Walk what .gitignore files (inside a git repository) and .ignore files leave out too
    #[arg(long)]
    pub no_ignore: bool,

    /// Only these kinds (comma-separated): docs (Google Docs, .docx, .odt, .rtf), sheets
    /// (Google Sheets, .xlsx, .csv), slides (Google Slides, .pptx, .odp), pdf, images (.png,
    /// .jpg, .tiff, read with OCR), text (plain text, Markdown, .html, .epub, and files whose
    /// content is text)
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub types: Vec<FileKind>,

    /// Files or messages handled at once [default: the number of CPUs for local files, 8 for
    /// Drive and Gmail]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,

    /// Skip files larger than SIZE (e.g. 20MB, 1GiB)
    #[arg(long, value_name = "SIZE", default_value = MAX_SIZE)]
    pub max_size: bytesize::ByteSize,

    /// Extract again even when unchanged
    #[arg(long)]
    pub force: bool,

    /// Say what would happen, store nothing
    #[arg(long)]
    pub dry_run: bool,

    /// The Google account to read Drive and Gmail as [default: the default account] [env:
    /// VOICETRAIN_ACCOUNT]
    #[arg(long, value_name = "EMAIL")]
    pub account: Option<String>,

    /// Tries in all for each Drive or Gmail call (overrides config [retry.drive] attempts)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub retries: Option<u32>,

    /// When to read scans and images with OCR (Tesseract): auto (pages without text), off,
    /// force (every page) [default: config ocr, else auto]
    #[arg(long, value_name = "WHEN")]
    pub ocr: Option<OcrMode>,

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
    Images,
    Text,
}

/// `--ocr` and config `ocr`: when text is read from the picture of a page (Tesseract).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OcrMode {
    /// Pages without text (scans) and images; a page with text keeps its text layer
    #[default]
    Auto,
    /// Never: scans and images are skipped
    Off,
    /// Every page, its text layer ignored
    Force,
}

impl OcrMode {
    /// Its name, as the flag and the config spell it.
    pub fn name(self) -> &'static str {
        match self {
            OcrMode::Auto => "auto",
            OcrMode::Off => "off",
            OcrMode::Force => "force",
        }
    }

    pub fn from_name(name: &str) -> Option<OcrMode> {
        [OcrMode::Auto, OcrMode::Off, OcrMode::Force]
            .into_iter()
            .find(|m| m.name() == name)
    }
}

#[derive(Debug, Subcommand)]
pub enum DatasetCommand {
    /// Turn the samples into a training dataset in DIR
    ///
    /// Every answer (assistant turn, completion, text) is the author's own text, verbatim but
    /// for PII placeholders; prompts are made from what is known (the message a reply
    /// answered, a title, --prompt), never generated. Long samples are cut at paragraph, then
    /// sentence, boundaries so that every example fits --max-tokens; near-duplicates are
    /// kept once (the newest); the split is by sample, decided by a hash of --seed and its
    /// ID, so adding samples never moves old ones. DIR gets manifest.json beside the data.
    Build(Box<BuildArgs>),
    /// Check a dataset directory against its format's rules (OpenAI's for openai)
    ///
    /// Exits 1 listing each problem as FILE:LINE: what is wrong (line 0: the file as a whole).
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Who reads it
    #[arg(long, value_name = "FORMAT", default_value = "openai")]
    pub format: crate::dataset::layout::Format,

    /// How each example is laid out [default: chat for openai, hf and mlx; completion for
    /// alpaca; text for text]
    #[arg(long, value_name = "STYLE")]
    pub style: Option<crate::dataset::example::Style>,

    /// The dataset directory: made if missing; an earlier dataset's files are replaced
    #[arg(long, short, value_name = "DIR", default_value = "dataset")]
    pub output: PathBuf,

    /// The fraction of samples held out for validation
    #[arg(long, value_name = "FRACTION", default_value_t = 0.1, value_parser = fraction)]
    pub valid: f64,

    /// The fraction of samples held out for testing
    #[arg(long, value_name = "FRACTION", default_value_t = 0.0, value_parser = fraction)]
    pub test: f64,

    /// Decides the split, with each sample's ID
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,

    /// The most tokens an example may hold, prompt and framing included
    #[arg(long, value_name = "N", default_value_t = 4096, value_parser = clap::value_parser!(u32).range(16..))]
    pub max_tokens: u32,

    /// Leave out examples whose answer has fewer tokens
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub min_tokens: u32,

    /// The tokenizer tokens are counted with
    #[arg(long, value_name = "NAME", default_value = "o200k_base")]
    pub tokenizer: crate::dataset::tokens::Tokenizer,

    /// A system turn for every example (chat); before the prompt in completions
    #[arg(long, value_name = "TEXT")]
    pub system: Option<String>,

    /// The prompt for samples that reply to nothing, with {title}, {kind}, {source}, {date}
    /// and {part} filled in [default: one for each kind of source, e.g. 'Write the {kind}
    /// "{title}".']
    #[arg(long, value_name = "TEMPLATE")]
    pub prompt: Option<String>,

    /// Keep near-duplicates once (the newest) at this estimated Jaccard similarity of their
    /// word 5-shingles, or `off`
    #[arg(long, value_name = "THRESHOLD|off", default_value = "0.8", value_parser = near_dup)]
    pub near_dup: NearDup,

    /// Replace e-mail addresses, phone and card numbers, IBANs, IP addresses and secrets in
    /// URLs with placeholders (`<EMAIL>`, ...), or keep them
    #[arg(long, value_name = "MODE", default_value = "redact")]
    pub pii: PiiMode,

    /// Only samples from this kind of source (repeatable: any of them)
    #[arg(long, value_name = "KIND", value_parser = source_kind)]
    pub source: Vec<String>,

    /// Only samples with this tag (repeatable: any of them)
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    /// Only samples from this account
    #[arg(long, value_name = "EMAIL")]
    pub account: Option<String>,

    /// Only samples written on or after DATE (YYYY-MM-DD, UTC, or an RFC 3339 time)
    #[arg(long, value_name = "DATE", value_parser = since)]
    pub since: Option<String>,

    /// Only samples written on or before DATE (YYYY-MM-DD: that whole day, UTC; or before an
    /// RFC 3339 time)
    #[arg(long, value_name = "DATE", value_parser = until)]
    pub until: Option<String>,

    /// Take samples marked gone (deleted or moved out of their source) too
    #[arg(long)]
    pub include_gone: bool,

    /// Write into a DIR that holds other files (those of an earlier build are replaced,
    /// others left alone)
    #[arg(long)]
    pub force: bool,

    /// Print the manifest, write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Threads making examples [default: the number of CPUs]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,

    /// Print the manifest as JSON
    #[arg(long)]
    pub json: bool,
}

/// `--near-dup`: a similarity threshold, or none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NearDup(pub Option<f64>);

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PiiMode {
    /// Replace PII with typed placeholders
    Redact,
    /// Leave the text as it is
    Keep,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The dataset directory
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Its format [default: as its manifest.json says]
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<crate::dataset::layout::Format>,

    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum SamplesCommand {
    /// List samples, newest last
    List(ListArgs),
    /// Print one sample: its metadata, then its text
    Show(ShowArgs),
    /// Full-text search, best match first
    ///
    /// Exits 1 when no sample matches, as grep and rg do (with --json, after printing `[]`).
    Search(SearchArgs),
    /// Write every sample out for training
    ///
    /// To stdout, or to FILE with --output: a regular file is replaced whole (never left
    /// half-written), anything else (a FIFO, a device) is written as a stream. In --format txt
    /// a line holding only a form feed (^L), or --separator TEXT, comes between two samples, so
    /// that the file splits back into exactly its samples; a sample holding that line is an
    /// error, saying which.
    Export(ExportArgs),
    /// Remove samples
    Rm(RmArgs),
    /// Counts and words, by source, type and account
    Stats(JsonArg),
}

#[derive(Debug, Args, Default)]
pub struct Filter {
    /// Only samples from this kind of source
    #[arg(long, value_name = "KIND", value_parser = source_kind)]
    pub source: Option<String>,

    /// Only samples with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,

    /// Only samples from this account
    #[arg(long, value_name = "EMAIL")]
    pub account: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filter: Filter,

    /// Show at most N samples (the newest N)
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,

    /// Show the samples that left their source (deleted, trashed, moved out), and only those
    #[arg(long)]
    pub gone: bool,

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

    /// Write to FILE instead of stdout (`-`: stdout). A regular file is replaced whole, never
    /// left half-written, and keeps its mode; a symlink is written through to its target; a
    /// FIFO or device is written to as a stream
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// In --format txt, the line between two samples [default: a form feed, ^L]
    #[arg(long, value_name = "TEXT", value_parser = separator)]
    pub separator: Option<String>,

    #[command(flatten)]
    pub filter: Filter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON object a line: the text and its metadata
    Jsonl,
    /// A header row, then one row a sample, the text last
    Csv,
    /// The texts alone, a line holding only the separator between two
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

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Copy this store into a new store file or an empty PostgreSQL database, in one
    /// transaction, checked table by table; this store is left as it is
    Migrate(MigrateArgs),
    /// Where the store is, its kind and schema version, how many accounts, tokens, samples
    /// and remembered sources it holds, and its size
    Status(JsonArg),
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The new store: a file path that does not exist yet, or the address of an empty
    /// PostgreSQL database (postgres://USER@HOST/DB)
    #[arg(long, value_name = "URL|FILE")]
    pub to: String,
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

#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Log in to Google in the browser (or with --device), and store the tokens encrypted
    Google(GoogleLoginArgs),
    /// Log in to HubSpot with a static token (--token-stdin) or in the browser, as an app
    #[command(name = "hubspot")]
    HubSpot(HubSpotLoginArgs),
    /// Every account: provider, e-mail, default, scopes, expiry, revoked, last refresh
    Status(StatusArgs),
    /// Print a valid access token alone on stdout, refreshing it first if it expires soon
    Token(AccountArg),
    /// Revoke an account's tokens at the provider and forget them
    Logout(LogoutArgs),
    /// Make an account the default
    Switch(SwitchArgs),
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Only this provider's accounts
    #[arg(long, value_name = "NAME", value_parser = provider_name)]
    pub provider: Option<String>,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct GoogleLoginArgs {
    /// Open no browser; the address the browser ended on may also be pasted on stdin
    #[arg(long)]
    pub no_browser: bool,

    /// Use the device authorization grant (a code to enter on another device)
    #[arg(long)]
    pub device: bool,

    /// Add a scope to the login (repeatable): drive, gmail, youtube, or a scope address
    /// [first login: openid email drive]
    #[arg(long = "scope", value_name = "SCOPE")]
    pub scopes: Vec<String>,

    /// Google Cloud Console's Desktop-app client JSON; remembered in the config
    #[arg(long, value_name = "FILE")]
    pub client_secrets: Option<PathBuf>,

    /// Give up waiting for the browser after SECS seconds
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct HubSpotLoginArgs {
    /// Read a private app token or service key from stdin (never from an argument, which
    /// `ps` would show)
    #[arg(long)]
    pub token_stdin: bool,

    /// The HubSpot user (e-mail) whose words are wanted: a static token carries no user
    #[arg(long, value_name = "EMAIL")]
    pub account: Option<String>,

    /// The HubSpot app's client ID and secret, as JSON (`client_id`, `client_secret`);
    /// remembered in the config
    #[arg(long, value_name = "FILE", conflicts_with = "token_stdin")]
    pub client_secrets: Option<PathBuf>,

    /// Open no browser; the address the browser ended on may also be pasted on stdin
    #[arg(long)]
    pub no_browser: bool,

    /// Give up waiting for the browser after SECS seconds
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct AccountArg {
    /// The account (e-mail) to act for [default: the default account] [env:
    /// VOICETRAIN_ACCOUNT]
    #[arg(long, value_name = "EMAIL")]
    pub account: Option<String>,

    /// The provider of the account [default: the only one with accounts, else google]
    #[arg(long, value_name = "NAME", value_parser = provider_name)]
    pub provider: Option<String>,
}

#[derive(Debug, Args)]
pub struct LogoutArgs {
    #[command(flatten)]
    pub account: AccountArg,

    /// Forget the tokens here without revoking them at the provider
    #[arg(long)]
    pub local_only: bool,

    /// Do not ask for confirmation
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct SwitchArgs {
    /// The account to make the default
    pub email: String,

    /// The provider of the account [default: the only one with accounts, else google]
    #[arg(long, value_name = "NAME", value_parser = provider_name)]
    pub provider: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TokensCommand {
    /// Refresh every token that expires soon; silent on success (for cron)
    Refresh(RefreshArgs),
    /// One row a token, never the secret itself
    List(StatusArgs),
    /// The audit trail: stored, refreshed, refresh_failed, revoked, used
    Log(LogArgs),
}

#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Refresh tokens that expire within DURATION (e.g. 35m, 2h)
    #[arg(long, value_name = "DURATION", default_value = "35m", value_parser = crate::net::settings::parse_duration)]
    pub within: std::time::Duration,

    /// Refresh every token, however fresh
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub account: AccountArg,

    /// Tries in all for each refresh (overrides config [retry.token] attempts)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100))]
    pub retries: Option<u32>,

    /// Print a JSON report
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// Show the newest N events
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: u64,

    /// Only this provider's events
    #[arg(long, value_name = "NAME", value_parser = provider_name)]
    pub provider: Option<String>,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// A provider voicetrain knows (`provider::KNOWN`).
fn provider_name(value: &str) -> Result<String, String> {
    one_of(value, crate::provider::KNOWN.iter().map(|(n, _)| *n))
}

/// A kind of source voicetrain knows (`source::KINDS`).
fn source_kind(value: &str) -> Result<String, String> {
    one_of(value, crate::source::kind_names())
}

fn one_of<'a>(value: &str, known: impl Iterator<Item = &'a str>) -> Result<String, String> {
    let known: Vec<&str> = known.collect();
    if known.contains(&value) {
        Ok(value.to_string())
    } else {
        Err(format!("expected one of: {}", known.join(", ")))
    }
}

/// A fraction of the samples: from 0 up to (not including) 1.
fn fraction(value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(f) if (0.0..1.0).contains(&f) => Ok(f),
        _ => Err("expected a fraction from 0 up to 1, e.g. 0.1".into()),
    }
}

fn near_dup(value: &str) -> Result<NearDup, String> {
    if value == "off" {
        return Ok(NearDup(None));
    }
    match value.parse::<f64>() {
        Ok(t) if t > 0.0 && t <= 1.0 => Ok(NearDup(Some(t))),
        _ => Err("expected a similarity above 0 and at most 1 (e.g. 0.8), or `off`".into()),
    }
}

/// A date or time as the start of a range: a day starts at midnight UTC.
fn since(value: &str) -> Result<String, String> {
    moment(value, false)
}

/// A date or time as the end of a range, exclusive: a day ends at the next midnight UTC.
fn until(value: &str) -> Result<String, String> {
    moment(value, true)
}

fn moment(value: &str, end_of_day: bool) -> Result<String, String> {
    if let Ok(t) = value.parse::<jiff::Timestamp>() {
        return Ok(t.to_string());
    }
    let day: jiff::civil::Date = value
        .parse()
        .map_err(|_| "expected a date (YYYY-MM-DD) or an RFC 3339 time".to_string())?;
    let day = if end_of_day {
        day.tomorrow().map_err(|e| e.to_string())?
    } else {
        day
    };
    day.to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp().to_string())
        .map_err(|e| e.to_string())
}

/// A txt export's separator: one line, not empty (samples hold blank lines).
fn separator(value: &str) -> Result<String, String> {
    if value.is_empty() {
        Err("a separator cannot be empty: samples hold blank lines".into())
    } else if value.contains('\n') {
        Err("a separator is one line: it cannot hold a line break".into())
    } else {
        Ok(value.to_string())
    }
}

/// A glob for `--exclude`, refused here when it does not parse.
fn exclude(value: &str) -> Result<String, String> {
    crate::source::check_exclude(value)?;
    Ok(value.to_string())
}

/// A tag: not empty, not only white space, no control characters.
fn tag(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        Err("a tag cannot be empty".into())
    } else if value.chars().any(char::is_control) {
        Err("a tag cannot hold control characters".into())
    } else {
        Ok(value.to_string())
    }
}

/// `ingest --max-size` unless given; what `sync` reads every source with.
pub const MAX_SIZE: &str = "100MiB";

#[derive(Debug, Subcommand)]
pub enum SourcesCommand {
    /// Remember sources for `sync`, with the ingest options to read them with
    ///
    /// Any SOURCE `ingest` takes: a Drive folder or file, `gmail:` or `gmail:QUERY`,
    /// `hubspot:...`, `youtube:...`, a local directory or file (remembered by its absolute
    /// path). Adding a source again gives it
    /// the options given now.
    Add(SourcesAddArgs),
    /// List the remembered sources, with how their last sync ended
    List(JsonArg),
    /// Stop syncing sources (their samples stay, unless --forget-samples)
    Rm(SourcesRmArgs),
}

#[derive(Debug, Args)]
pub struct SourcesAddArgs {
    /// Drive addresses and IDs, `gmail:` or `gmail:QUERY`, `hubspot:...`, `youtube:...`, local
    /// files and directories
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<OsString>,

    /// Tag every sample it gives (repeatable)
    #[arg(long = "tag", value_name = "TAG", value_parser = tag)]
    pub tags: Vec<String>,

    /// Only these kinds of file (comma-separated: docs, sheets, slides, pdf, images, text)
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub types: Vec<FileKind>,

    /// Read it as this account [default: the default account at each sync]
    #[arg(long, value_name = "EMAIL")]
    pub account: Option<String>,

    /// Only the top level of a folder or directory
    #[arg(long)]
    pub no_recursive: bool,
}

#[derive(Debug, Args)]
pub struct SourcesRmArgs {
    /// A source as added (or as `sources list` shows it), or its ID
    #[arg(required = true, value_name = "SOURCE|ID")]
    pub sources: Vec<OsString>,

    /// Remove the samples that only this source gave, too
    #[arg(long)]
    pub forget_samples: bool,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Files fetched at once, per source [default: as ingest]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: Option<u16>,

    /// Print one JSON object: how each source's sync ended
    #[arg(long)]
    pub json: bool,

    /// Wait for a sync already running to end, then sync, instead of exiting at once
    #[arg(long)]
    pub wait: bool,

    /// When to read scans and images with OCR (Tesseract): auto (pages without text), off,
    /// force (every page) [default: config ocr, else auto]
    #[arg(long, value_name = "WHEN")]
    pub ocr: Option<OcrMode>,
}
