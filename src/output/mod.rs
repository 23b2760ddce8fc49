//! What voicetrain prints: the `--json` shapes (in `json`, their own serde types, fixed by
//! cli.md: fields may be added, never renamed) and the plumbing for people: data to stdout,
//! notices, diagnostics and progress to stderr, colour only where wanted, nothing but errors
//! with `--quiet`. Every line on stderr goes through the process's one set of progress bars
//! (`bars`), so that none tears a bar: notices, and the `tracing` diagnostics of the layers
//! below (`-v`, `-vv`) through [`Diagnostics`]. Text that came from outside (titles, file
//! names, metadata, snippets) reaches a terminal only through [`printable`]; results written to
//! a path the user named go through [`file`](mod@file).

pub mod file;
pub mod json;

use std::borrow::Cow;
use std::io::{self, IsTerminal as _, Write};
use std::sync::OnceLock;

use serde::Serialize;

use crate::cli::ColorChoice;
use crate::ingest;

/// The process's progress bars, hidden until a [`Progress`] shows them.
fn bars() -> &'static indicatif::MultiProgress {
    static BARS: OnceLock<indicatif::MultiProgress> = OnceLock::new();
    BARS.get_or_init(|| {
        indicatif::MultiProgress::with_draw_target(indicatif::ProgressDrawTarget::hidden())
    })
}

/// Writes a line on stderr above the bars. A closed stderr is not worth dying over.
fn stderr_line(message: &str) {
    bars().suspend(|| {
        let _ = writeln!(io::stderr().lock(), "{message}");
    });
}

/// Where `tracing` diagnostics are written: stderr, through the bars. main.rs sets up the one
/// subscriber that uses it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Diagnostics;

impl Write for Diagnostics {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        bars().suspend(|| io::stderr().lock().write_all(buf))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stderr().flush()
    }
}

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
            stderr_line(message);
        }
    }

    /// A line on stderr that must be seen even with `--quiet` (what to do next, a failure).
    pub fn say(&self, message: &str) {
        stderr_line(message);
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

/// `text` made safe to show on a terminal, on one line: every control character (line breaks,
/// tabs, ESC, DEL, the C1 controls) and every character that reorders the text around it (the
/// bidirectional embeddings, overrides and isolates) is shown as an escape (`\n`, `\t`, `\x1b`,
/// `\u{202e}`). A hostile file name or title can then neither recolour, retitle or clear the
/// terminal, nor break a one-line-a-file output, nor show itself in another order than it is.
/// Borrowed when there is nothing to escape, which is nearly always.
pub fn printable(text: &str) -> Cow<'_, str> {
    escape(text, |_| false)
}

/// Like [`printable`], but line breaks and tabs are kept: a whole text (a sample) shown on a
/// terminal, as it reads.
pub fn printable_text(text: &str) -> Cow<'_, str> {
    escape(text, |c| c == '\n' || c == '\t')
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
            && !keep(c)
    };
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !unsafe_char(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii() => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
        }
    }
    Cow::Owned(out)
}

/// `n` with a comma between each group of three digits: `1,234,567`.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// `1 sample`, `2 samples`, `1,000 samples`: a count and its noun, agreeing.
pub fn counted(n: impl TryInto<i64>, one: &str, many: &str) -> String {
    let n = n.try_into().unwrap_or(i64::MAX);
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// Progress of a batch on stderr: an overall line (files done of all, bytes read) and one
/// line per file in flight. Drawn only where [`Output::progress_bars`] allows.
pub struct Progress {
    total: indicatif::ProgressBar,
    bytes: std::sync::atomic::AtomicU64,
    visible: bool,
}

impl Progress {
    pub fn new(visible: bool) -> Progress {
        if visible {
            bars().set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        let total = bars().add(indicatif::ProgressBar::new(0));
        total.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} files  {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Progress {
            total,
            bytes: std::sync::atomic::AtomicU64::new(0),
            visible,
        }
    }

    pub fn finish(&self) {
        self.total.finish_and_clear();
    }
}

impl ingest::Progress for Progress {
    type Step = indicatif::ProgressBar;

    fn started(&self, what: &str) -> indicatif::ProgressBar {
        if !self.visible {
            return indicatif::ProgressBar::hidden();
        }
        let line = bars().add(indicatif::ProgressBar::new_spinner());
        line.set_style(
            indicatif::ProgressStyle::with_template("  {spinner} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        line.set_message(what.to_string());
        line.enable_steady_tick(std::time::Duration::from_millis(120));
        line
    }

    fn finished(&self, line: indicatif::ProgressBar, bytes: u64) {
        line.finish_and_clear();
        bars().remove(&line);
        let all = self
            .bytes
            .fetch_add(bytes, std::sync::atomic::Ordering::Relaxed)
            + bytes;
        self.total
            .set_message(format!("{} read", bytesize::ByteSize(all)));
    }

    fn found(&self, n: usize) {
        self.total.inc_length(n as u64);
    }

    fn counted(&self) {
        self.total.inc(1);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_escapes_what_would_drive_the_terminal() {
        assert!(matches!(
            printable("plain title, ünïcode"),
            Cow::Borrowed(_)
        ));
        assert_eq!(printable("esc\x1b[31mred\n"), "esc\\x1b[31mred\\n");
        assert_eq!(printable("a\tb\u{7f}\u{9b}c"), "a\\tb\\x7f\\u{9b}c");
        assert_eq!(printable("abc\u{202e}txt.exe"), "abc\\u{202e}txt.exe");
        assert_eq!(
            printable_text("line\n\tindented\x07\n"),
            "line\n\tindented\\x07\n"
        );
    }

    #[test]
    fn thousands_and_plurals() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(-1234567), "-1,234,567");
        assert_eq!(counted(1, "sample", "samples"), "1 sample");
        assert_eq!(counted(0u64, "sample", "samples"), "0 samples");
        assert_eq!(counted(12_345usize, "word", "words"), "12,345 words");
    }
}
