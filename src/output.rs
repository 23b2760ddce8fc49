//! What voicetrain prints: the `--json` shapes (their own serde types, fixed by cli.md: fields
//! may be added, never renamed) and the plumbing for people: data to stdout, notices and
//! progress to stderr, colour only where wanted, nothing but errors with `--quiet`.

use std::io::{self, IsTerminal as _, Write};

use serde::Serialize;

use crate::cli::ColorChoice;
use crate::store::samples::SampleRow;

/// How to talk to the person (or script) at the other end.
#[derive(Debug, Clone)]
pub struct Output {
    pub quiet: bool,
    pub verbose: u8,
    pub stderr_is_terminal: bool,
    pub stdin_is_terminal: bool,
    color_stdout: bool,
    color_stderr: bool,
}

impl Output {
    pub fn new(quiet: bool, verbose: u8, color: ColorChoice) -> Output {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let wants = |is_terminal: bool| match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color,
        };
        let stderr_is_terminal = io::stderr().is_terminal();
        Output {
            quiet,
            verbose,
            stderr_is_terminal,
            stdin_is_terminal: io::stdin().is_terminal(),
            color_stdout: wants(io::stdout().is_terminal()),
            color_stderr: wants(stderr_is_terminal),
        }
    }

    /// A notice on stderr, unless `--quiet`.
    pub fn notice(&self, message: &str) {
        if !self.quiet {
            let _ = writeln!(io::stderr().lock(), "{message}");
        }
    }

    /// A line on stderr that must be seen even with `--quiet` (what to do next, a failure).
    /// A closed stderr is not worth dying over.
    pub fn say(&self, message: &str) {
        let _ = writeln!(io::stderr().lock(), "{message}");
    }

    /// Detail for `-v` (level 1) or `-vv` (level 2), on stderr.
    pub fn detail(&self, level: u8, message: &str) {
        if self.verbose >= level {
            let _ = writeln!(io::stderr().lock(), "{message}");
        }
    }

    /// Whether progress bars may be drawn.
    pub fn progress_bars(&self) -> bool {
        self.stderr_is_terminal && !self.quiet
    }

    pub fn color_stdout(&self) -> bool {
        self.color_stdout
    }

    pub fn color_stderr(&self) -> bool {
        self.color_stderr
    }
}

pub const RED: &str = "31";
pub const GREEN: &str = "32";
pub const YELLOW: &str = "33";
pub const DIM: &str = "2";
pub const BOLD: &str = "1";

/// `text` in an ANSI colour when `on`.
pub fn paint(on: bool, code: &str, text: &str) -> String {
    if on {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Progress of a batch on stderr: an overall line (files done of all, bytes read) and one
/// line per file in flight. Drawn only where [`Output::progress_bars`] allows.
pub struct Progress {
    multi: indicatif::MultiProgress,
    total: indicatif::ProgressBar,
    bytes: std::sync::atomic::AtomicU64,
    visible: bool,
}

impl Progress {
    pub fn new(visible: bool) -> Progress {
        let target = if visible {
            indicatif::ProgressDrawTarget::stderr()
        } else {
            indicatif::ProgressDrawTarget::hidden()
        };
        let multi = indicatif::MultiProgress::with_draw_target(target);
        let total = multi.add(indicatif::ProgressBar::new(0));
        total.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} files  {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Progress {
            multi,
            total,
            bytes: std::sync::atomic::AtomicU64::new(0),
            visible,
        }
    }

    /// How many files the batch holds, once known.
    pub fn set_files(&self, n: usize) {
        self.total.set_length(n as u64);
    }

    /// A line for one file (or listing) in flight.
    pub fn started(&self, what: &str) -> indicatif::ProgressBar {
        if !self.visible {
            return indicatif::ProgressBar::hidden();
        }
        let line = self.multi.add(indicatif::ProgressBar::new_spinner());
        line.set_style(
            indicatif::ProgressStyle::with_template("  {spinner} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        line.set_message(what.to_string());
        line.enable_steady_tick(std::time::Duration::from_millis(120));
        line
    }

    /// A file's line is done; `bytes` were read for it.
    pub fn finished(&self, line: indicatif::ProgressBar, bytes: u64) {
        line.finish_and_clear();
        self.multi.remove(&line);
        let all = self
            .bytes
            .fetch_add(bytes, std::sync::atomic::Ordering::Relaxed)
            + bytes;
        self.total
            .set_message(format!("{} read", bytesize::ByteSize(all)));
    }

    /// One more file has its outcome.
    pub fn counted(&self) {
        self.total.inc(1);
    }

    /// Prints a line above the bars.
    pub fn say(&self, out: &Output, line: &str) {
        self.multi.suspend(|| out.say(line));
    }

    pub fn finish(&self) {
        self.total.finish_and_clear();
    }
}

/// The buffered, locked stdout every command writes its results to.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// Writes one value as a line of JSON.
pub fn json_line(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Writes one value as indented JSON and a final newline (the array outputs of cli.md).
pub fn json_pretty(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")
}

/// What happened to one file in `ingest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ingested,
    Updated,
    Unchanged,
    Duplicate,
    Skipped,
    Failed,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Ingested,
        Status::Updated,
        Status::Unchanged,
        Status::Duplicate,
        Status::Skipped,
        Status::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ingested => "ingested",
            Status::Updated => "updated",
            Status::Unchanged => "unchanged",
            Status::Duplicate => "duplicate",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
        }
    }
}

/// `ingest --json`: one line a file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub source: String,
    pub file_id: Option<String>,
    pub title: Option<String>,
    pub mime_type: Option<String>,
    pub status: Status,
    pub sample_id: Option<String>,
    pub words: Option<usize>,
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dry_run: bool,
    /// Failed only because Google stayed unavailable: the next run may well succeed.
    #[serde(skip)]
    pub temporary: bool,
}

/// `samples list --json` (one element), and the metadata part of `samples show --json`.
#[derive(Debug, Serialize)]
pub struct SampleJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub source_type: &'a str,
    pub source_id: &'a str,
    pub source_url: &'a str,
    pub mime_type: &'a str,
    pub account: Option<&'a str>,
    pub tags: &'a [String],
    pub words: i64,
    pub chars: i64,
    pub sha256: &'a str,
    pub created_time: Option<&'a str>,
    pub modified_time: Option<&'a str>,
    pub version: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub ingested_at: &'a str,
    pub updated_at: &'a str,
}

impl<'a> From<&'a SampleRow> for SampleJson<'a> {
    fn from(s: &'a SampleRow) -> SampleJson<'a> {
        SampleJson {
            id: &s.id,
            title: &s.title,
            source_type: &s.source_type,
            source_id: &s.source_id,
            source_url: &s.source_url,
            mime_type: &s.mime_type,
            account: s.account.as_deref(),
            tags: &s.tags,
            words: s.words,
            chars: s.chars,
            sha256: &s.sha256,
            created_time: s.created_time.as_deref(),
            modified_time: s.modified_time.as_deref(),
            version: s.version.as_deref(),
            owner: s.owner.as_deref(),
            ingested_at: &s.ingested_at,
            updated_at: &s.updated_at,
        }
    }
}

/// `samples export --format jsonl`: one line a sample.
#[derive(Debug, Serialize)]
pub struct ExportJson<'a> {
    pub id: &'a str,
    pub text: &'a str,
    pub title: &'a str,
    pub source_type: &'a str,
    pub source_url: &'a str,
    pub mime_type: &'a str,
    pub tags: &'a [String],
    pub ingested_at: &'a str,
}
