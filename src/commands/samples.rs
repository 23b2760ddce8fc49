//! `voicetrain samples ...`: list, show, search, export, rm, stats. Listing and exporting
//! stream row by row from the store to stdout, so a store of any size takes constant memory.

use std::borrow::Cow;
use std::io::{self, Write};

use super::Ctx;
use crate::Error;
use crate::cli::{ExportArgs, ExportFormat, Filter, SamplesCommand};
use crate::error::exit;
use crate::output::{self, json, paint};
use crate::store::samples::{self, SampleRow};

pub fn run(cmd: SamplesCommand, ctx: &Ctx) -> Result<u8, Error> {
    let store = ctx.read_store()?;
    let conn = store.conn();
    let mut out = output::stdout();
    match cmd {
        SamplesCommand::List(args) => {
            let filter = filter(&args.filter);
            if args.json {
                let mut first = true;
                out.write_all(b"[")?;
                samples::list(conn, filter, args.limit, |s| -> Result<(), Error> {
                    out.write_all(if first { b"\n" } else { b",\n" })?;
                    first = false;
                    serde_json::to_writer(&mut out, &json::Sample::from(&s))
                        .map_err(io::Error::from)?;
                    Ok(())
                })?;
                out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
            } else {
                if io::IsTerminal::is_terminal(&io::stdout()) {
                    let header = format!("{:<16}  {:>7}  {:<6} TITLE", "ID", "WORDS", "SOURCE");
                    // Must line up with brief_line.
                    writeln!(
                        out,
                        "{}",
                        paint(ctx.out.color_stdout(), output::BOLD, &header)
                    )?;
                }
                samples::list_brief(conn, filter, args.limit, |s| -> Result<(), Error> {
                    Ok(brief_line(&mut out, &s)?)
                })?;
            }
        }
        SamplesCommand::Show(args) => {
            let sample = samples::resolve(conn, &args.id)?;
            let text = samples::text(conn, sample.seq)?;
            if args.json {
                let shown = json::Shown {
                    sample: json::Sample::from(&sample),
                    text: &text,
                };
                output::json_line(&mut out, &shown)?;
            } else {
                write_header(&mut out, &sample, ctx.out.color_stdout())?;
                writeln!(out)?;
                out.write_all(text.as_bytes())?;
            }
        }
        SamplesCommand::Search(args) => {
            let query = args.query.join(" ");
            let color = ctx.out.color_stdout() && !args.json;
            let mark = if color {
                ("\x1b[1m", "\x1b[0m")
            } else {
                ("", "")
            };
            let hits = samples::search(conn, &query, args.limit, mark)?;
            if args.json {
                let hits: Vec<json::Found<'_>> = hits.iter().map(json::Found::from).collect();
                output::json_pretty(&mut out, &hits)?;
            } else {
                for h in &hits {
                    let id = paint(color, output::YELLOW, &h.sample.id);
                    writeln!(out, "{id}  {}", one_line(&h.sample.provenance.title))?;
                    writeln!(out, "    {}", one_line(&h.snippet))?;
                }
                if hits.is_empty() {
                    ctx.out.notice(&format!("no sample matches `{query}`"));
                }
            }
        }
        SamplesCommand::Export(args) => export(&args, ctx, conn)?,
        SamplesCommand::Rm(args) => {
            let mut found = Vec::new();
            for id in &args.ids {
                let s = samples::resolve(conn, id)?;
                if !found.iter().any(|f: &SampleRow| f.seq == s.seq) {
                    found.push(s);
                }
            }
            let question = match found.as_slice() {
                [one] => format!(
                    "Remove sample {} ({})?",
                    one.id,
                    one_line(&one.provenance.title)
                ),
                many => format!("Remove {} samples?", many.len()),
            };
            if !ctx.confirm(&question, args.yes)? {
                ctx.out.notice("nothing removed");
                return Ok(exit::OK);
            }
            let seqs: Vec<i64> = found.iter().map(|s| s.seq).collect();
            store.write(|tx| samples::remove(tx, &seqs))?;
            for s in &found {
                tracing::info!("removed {}", s.id);
            }
            ctx.out.notice(&format!(
                "removed {} sample{}",
                found.len(),
                if found.len() == 1 { "" } else { "s" }
            ));
        }
        SamplesCommand::Stats(args) => {
            let stats = samples::stats(conn)?;
            if args.json {
                output::json_line(&mut out, &json::Totals::from(&stats))?;
            } else {
                writeln!(
                    out,
                    "{} samples, {} words, {} characters",
                    stats.samples, stats.words, stats.chars
                )?;
                for (title, groups) in [
                    ("by source", &stats.by_source),
                    ("by type", &stats.by_type),
                    ("by account", &stats.by_account),
                ] {
                    if groups.is_empty() {
                        continue;
                    }
                    writeln!(out, "\n{title}")?;
                    for g in groups {
                        let name = if g.name.is_empty() { "(none)" } else { &g.name };
                        writeln!(
                            out,
                            "  {name:<30} {:>8} samples {:>12} words",
                            g.samples, g.words
                        )?;
                    }
                }
            }
        }
    }
    out.flush()?;
    Ok(exit::OK)
}

/// One row of `samples list`: `ID  WORDS  SOURCE TITLE`, in fixed columns so rows stream.
/// Written by hand rather than with `write!`: formatting was a fifth of listing 100,000 rows.
fn brief_line(out: &mut impl Write, s: &samples::Brief<'_>) -> io::Result<()> {
    const SPACES: &[u8; 16] = b"                ";
    let pad = |out: &mut dyn Write, n: usize| out.write_all(&SPACES[..n.min(16)]);
    out.write_all(s.id.as_bytes())?;
    pad(out, 18usize.saturating_sub(s.id.len()))?;
    let mut digits = [0u8; 20];
    let words = format_int(s.words, &mut digits);
    pad(out, 7usize.saturating_sub(words.len()))?;
    out.write_all(words)?;
    out.write_all(b"  ")?;
    out.write_all(s.source_type.as_bytes())?;
    pad(out, 7usize.saturating_sub(s.source_type.len()))?;
    out.write_all(one_line(s.title).as_bytes())?;
    out.write_all(b"\n")
}

/// The decimal digits of `n`, written into the end of `buf`.
fn format_int(n: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut v = n.unsigned_abs();
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if n < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    &buf[i..]
}

fn filter(f: &Filter) -> samples::Filter<'_> {
    samples::Filter {
        source_type: f.source.as_deref(),
        tag: f.tag.as_deref(),
        account: f.account.as_deref(),
    }
}

/// A title or snippet on one line: control characters (newlines, escapes) become spaces.
fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn write_header(out: &mut impl Write, sample: &SampleRow, color: bool) -> io::Result<()> {
    let s = &sample.provenance;
    let field = |name: &str| paint(color, output::BOLD, &format!("{name:<10}"));
    writeln!(out, "{}{}", field("id"), sample.id)?;
    writeln!(out, "{}{}", field("title"), one_line(&s.title))?;
    writeln!(out, "{}{} {}", field("source"), s.source_type, s.source_id)?;
    writeln!(out, "{}{}", field("url"), s.source_url)?;
    writeln!(out, "{}{}", field("type"), s.mime_type)?;
    if let Some(account) = &s.account {
        writeln!(out, "{}{account}", field("account"))?;
    }
    if !sample.tags.is_empty() {
        writeln!(out, "{}{}", field("tags"), sample.tags.join(", "))?;
    }
    writeln!(
        out,
        "{}{} ({} characters)",
        field("words"),
        sample.words,
        sample.chars
    )?;
    if let Some(m) = &s.modified_time {
        writeln!(out, "{}{m}", field("modified"))?;
    }
    writeln!(out, "{}{}", field("ingested"), sample.ingested_at)?;
    if sample.updated_at != sample.ingested_at {
        writeln!(out, "{}{}", field("updated"), sample.updated_at)?;
    }
    Ok(())
}

/// Streams the export to stdout, or to a temporary file renamed over `--output` at the end so
/// a failed export never leaves half a file behind.
fn export(args: &ExportArgs, ctx: &Ctx, conn: &rusqlite::Connection) -> Result<(), Error> {
    let write_err = |path: &std::path::Path| {
        let path = path.to_path_buf();
        move |source| Error::WriteFile { path, source }
    };
    match &args.output {
        None => {
            let mut out = output::stdout();
            write_export(args, conn, &mut out)?;
            out.flush()?;
        }
        Some(path) => {
            let dir = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => std::path::Path::new("."),
            };
            let tmp = tempfile::NamedTempFile::new_in(dir).map_err(write_err(path))?;
            let mut out = io::BufWriter::with_capacity(256 * 1024, tmp);
            let count = write_export(args, conn, &mut out).map_err(|e| match e {
                Error::Output(source) => Error::WriteFile {
                    path: path.clone(),
                    source,
                },
                other => other,
            })?;
            let tmp = out
                .into_inner()
                .map_err(|e| write_err(path)(e.into_error()))?;
            tmp.as_file().sync_all().map_err(write_err(path))?;
            tmp.persist(path).map_err(|e| write_err(path)(e.error))?;
            ctx.out
                .notice(&format!("exported {count} samples to {}", path.display()));
        }
    }
    Ok(())
}

fn write_export(
    args: &ExportArgs,
    conn: &rusqlite::Connection,
    out: &mut impl Write,
) -> Result<u64, Error> {
    let filter = filter(&args.filter);
    let mut count = 0u64;
    match args.format {
        ExportFormat::Jsonl => samples::export(conn, filter, |s, text| -> Result<(), Error> {
            count += 1;
            Ok(output::json_line(out, &json::Exported::new(s, text))?)
        })?,
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "id",
                "title",
                "source_type",
                "source_url",
                "mime_type",
                "tags",
                "ingested_at",
                "text",
            ])
            .map_err(csv_io)?;
            samples::export(conn, filter, |s, text| -> Result<(), Error> {
                count += 1;
                let tags = s.tags.join(",");
                let p = &s.provenance;
                w.write_record([
                    &s.id,
                    &p.title,
                    &p.source_type,
                    &p.source_url,
                    &p.mime_type,
                    &tags,
                    &s.ingested_at,
                    text,
                ])
                .map_err(csv_io)?;
                Ok(())
            })?;
            w.flush()?;
        }
        ExportFormat::Txt => samples::export(conn, filter, |_, text| -> Result<(), Error> {
            // Samples end with one newline; a blank line separates them.
            if count > 0 {
                out.write_all(b"\n")?;
            }
            count += 1;
            Ok(out.write_all(text.as_bytes())?)
        })?,
    }
    Ok(count)
}

fn csv_io(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::Output(e),
        other => Error::Output(io::Error::other(format!("{other:?}"))),
    }
}
