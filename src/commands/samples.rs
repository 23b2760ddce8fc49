//! `voicetrain samples ...`: list, show, search, export, rm, stats. Listing and exporting
//! stream row by row from the store to stdout, so a store of any size takes constant memory.
//! Everything a sample carries (title, source, type, account, tags, snippet) is shown to
//! people through `output::printable`: it came from files and Drive, not from us.

use std::borrow::Cow;
use std::io::{self, IsTerminal as _, Write};
use std::path::Path;

use super::Ctx;
use crate::Error;
use crate::cli::{ExportArgs, ExportFormat, Filter, SamplesCommand};
use crate::error::exit;
use crate::output::file::Target;
use crate::output::{self, counted, json, paint, printable, thousands};
use crate::store::samples::{self, Group, Hit, SampleRow, Stats};
use crate::store::sql::Sql;

pub fn run(cmd: SamplesCommand, ctx: &Ctx) -> Result<u8, Error> {
    let store = ctx.read_store()?;
    let conn = store.db();
    let mut out = output::stdout();
    match cmd {
        SamplesCommand::List(args) => {
            let filter = samples::Filter {
                gone: Some(args.gone),
                ..filter(&args.filter)
            };
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
                if io::stdout().is_terminal() {
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
            let context = samples::context(conn, sample.seq)?;
            if args.json {
                let shown = json::Shown {
                    sample: json::Sample::from(&sample),
                    text: &text,
                    context: context.as_deref(),
                };
                output::json_line(&mut out, &shown)?;
            } else {
                write_header(&mut out, &sample, ctx.out.color_stdout())?;
                writeln!(out)?;
                // Piped, the text is the text; on a terminal, nothing in it drives the terminal,
                // and a reply shows what it answered after it.
                if io::stdout().is_terminal() {
                    out.write_all(output::printable_text(&text).as_bytes())?;
                    if let Some(context) = &context {
                        let rule = paint(ctx.out.color_stdout(), output::BOLD, "in reply to:");
                        writeln!(out, "\n{rule}")?;
                        out.write_all(output::printable_text(context).as_bytes())?;
                    }
                } else {
                    out.write_all(text.as_bytes())?;
                }
            }
        }
        SamplesCommand::Search(args) => {
            let query = args.query.join(" ");
            let hits = samples::search(conn, &query, args.limit)?;
            if args.json {
                let hits: Vec<json::Found<'_>> = hits.iter().map(json::Found::from).collect();
                output::json_pretty(&mut out, &hits)?;
            } else {
                let color = ctx.out.color_stdout();
                for h in &hits {
                    let id = paint(color, output::YELLOW, &h.sample.id);
                    writeln!(out, "{id}  {}", printable(&h.sample.provenance.title))?;
                    writeln!(out, "    {}", highlighted(h, color))?;
                }
            }
            if hits.is_empty() {
                out.flush()?;
                if !args.json {
                    let query = printable(&query);
                    ctx.out.notice(&format!("no sample matches `{query}`"));
                }
                return Ok(exit::NO_MATCH);
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
                    printable(&one.provenance.title)
                ),
                many => format!("Remove {}?", counted(many.len(), "sample", "samples")),
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
                "removed {}",
                counted(found.len(), "sample", "samples")
            ));
        }
        SamplesCommand::Stats(args) => {
            let stats = samples::stats(conn)?;
            if args.json {
                output::json_line(&mut out, &json::Totals::from(&stats))?;
            } else {
                write_stats(&mut out, &stats, ctx.out.color_stdout())?;
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
    // Wide enough for the longest kind's name (`hubspot`) and two spaces; never none.
    let source_type = printable(s.source_type);
    out.write_all(source_type.as_bytes())?;
    pad(out, 9usize.saturating_sub(source_type.len()).max(1))?;
    out.write_all(printable(s.title).as_bytes())?;
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
        source_types: f.source.as_slice(),
        tags: f.tag.as_slice(),
        account: f.account.as_deref(),
        ..samples::Filter::default()
    }
}

/// A snippet on one line, its matches in bold where colour is wanted: line breaks and tabs
/// read as spaces, anything else that could drive the terminal escaped, each piece cleaned
/// before the highlight goes around it.
fn highlighted(hit: &Hit, color: bool) -> String {
    let flat = |text: &str| printable(&text.replace(['\n', '\t'], " ")).into_owned();
    let mut line = String::with_capacity(hit.snippet.len() + 16);
    let mut at = 0;
    for m in &hit.matches {
        line.push_str(&flat(&hit.snippet[at..m.start]));
        line.push_str(&paint(color, output::BOLD, &flat(&hit.snippet[m.clone()])));
        at = m.end;
    }
    line.push_str(&flat(&hit.snippet[at..]));
    line
}

/// `samples stats` for people: totals, then each breakdown in columns as wide as their widest
/// entry, counts with thousands separators.
fn write_stats(out: &mut impl Write, stats: &Stats, color: bool) -> io::Result<()> {
    writeln!(
        out,
        "{}, {}, {}",
        counted(stats.samples, "sample", "samples"),
        counted(stats.words, "word", "words"),
        counted(stats.chars, "character", "characters")
    )?;
    let name = |g: &Group| -> String {
        if g.name.is_empty() {
            "(none)".into()
        } else {
            printable(&g.name).into_owned()
        }
    };
    let sections = [
        ("by source", &stats.by_source),
        ("by type", &stats.by_type),
        ("by account", &stats.by_account),
    ];
    let rows: Vec<(&str, Vec<[String; 3]>)> = sections
        .iter()
        .filter(|(_, groups)| !groups.is_empty())
        .map(|(title, groups)| {
            let rows = groups
                .iter()
                .map(|g| [name(g), thousands(g.samples), thousands(g.words)])
                .collect();
            (*title, rows)
        })
        .collect();
    let widest = |column: usize, least: usize| {
        rows.iter()
            .flat_map(|(_, r)| r.iter().map(move |r| r[column].chars().count()))
            .fold(least, usize::max)
    };
    let titles = rows.iter().map(|(t, _)| t.len()).max().unwrap_or(0);
    // Rows are indented two spaces under their section's title.
    let name_width = widest(0, titles.saturating_sub(2));
    let samples_width = widest(1, "samples".len());
    let words_width = widest(2, "words".len());
    for (title, rows) in &rows {
        let header = format!(
            "{title:<w$}  {:>samples_width$}  {:>words_width$}",
            "samples",
            "words",
            w = name_width + 2
        );
        writeln!(out, "\n{}", paint(color, output::BOLD, &header))?;
        for [name, samples, words] in rows {
            writeln!(
                out,
                "  {name:<name_width$}  {samples:>samples_width$}  {words:>words_width$}"
            )?;
        }
    }
    Ok(())
}

fn write_header(out: &mut impl Write, sample: &SampleRow, color: bool) -> io::Result<()> {
    let s = &sample.provenance;
    let field = |name: &str| paint(color, output::BOLD, &format!("{name:<10}"));
    writeln!(out, "{}{}", field("id"), sample.id)?;
    writeln!(out, "{}{}", field("title"), printable(&s.title))?;
    writeln!(
        out,
        "{}{} {}",
        field("source"),
        printable(&s.source_type),
        printable(&s.source_id)
    )?;
    writeln!(out, "{}{}", field("url"), printable(&s.source_url))?;
    writeln!(out, "{}{}", field("type"), printable(&s.mime_type))?;
    if let Some(account) = &s.account {
        writeln!(out, "{}{}", field("account"), printable(account))?;
    }
    if !sample.tags.is_empty() {
        let tags: Vec<Cow<'_, str>> = sample.tags.iter().map(|t| printable(t)).collect();
        writeln!(out, "{}{}", field("tags"), tags.join(", "))?;
    }
    writeln!(
        out,
        "{}{} ({} characters)",
        field("words"),
        sample.words,
        sample.chars
    )?;
    if let Some(m) = &s.modified_time {
        writeln!(out, "{}{}", field("modified"), printable(m))?;
    }
    if let Some(o) = &s.ocr {
        let pages = if o.pages == 1 { "page" } else { "pages" };
        writeln!(
            out,
            "{}{} {pages} read by Tesseract ({})",
            field("ocr"),
            o.pages,
            printable(&o.languages)
        )?;
    }
    writeln!(out, "{}{}", field("ingested"), sample.ingested_at)?;
    if sample.updated_at != sample.ingested_at {
        writeln!(out, "{}{}", field("updated"), sample.updated_at)?;
    }
    Ok(())
}

/// Streams the export to stdout, or to what `--output` names (see `output::file`: a regular
/// file is replaced only once the whole export is written).
fn export(args: &ExportArgs, ctx: &Ctx, conn: &dyn Sql) -> Result<(), Error> {
    if args.separator.is_some() && args.format != ExportFormat::Txt {
        return Err(Error::usage(
            "--separator is for --format txt",
            "drop --separator, or add --format txt".to_string(),
        ));
    }
    let path = args.output.as_deref().unwrap_or(Path::new("-"));
    let mut out = Target::create(path)?;
    let result = write_export(args, conn, &mut out);
    let count = out.finish(result)?;
    if path != Path::new("-") {
        ctx.out.notice(&format!(
            "exported {} to {}",
            counted(count, "sample", "samples"),
            printable(&path.display().to_string())
        ));
    }
    Ok(())
}

/// Between two samples of a txt export, by default: a line holding only a form feed. Stored
/// text can hold one too (`extract::normalize` keeps form feeds, and page breaks in old text
/// files are exactly that), so every sample is checked for its separator line before it is
/// written.
const SEPARATOR: &str = "\x0c";

fn write_export(args: &ExportArgs, conn: &dyn Sql, out: &mut impl Write) -> Result<u64, Error> {
    // What left its source is no longer the writer's corpus.
    let filter = samples::Filter {
        gone: Some(false),
        ..filter(&args.filter)
    };
    let mut count = 0u64;
    match args.format {
        ExportFormat::Jsonl => {
            samples::export(conn, filter, |s, text, context| -> Result<(), Error> {
                count += 1;
                Ok(output::json_line(
                    out,
                    &json::Exported::new(s, text, context),
                )?)
            })?
        }
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
            samples::export(conn, filter, |s, text, _| -> Result<(), Error> {
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
        ExportFormat::Txt => {
            let separator = args.separator.as_deref().unwrap_or(SEPARATOR);
            samples::export(conn, filter, |s, text, _| -> Result<(), Error> {
                if text.split('\n').any(|line| line == separator) {
                    return Err(Error::SeparatorInText { id: s.id.clone() });
                }
                if count > 0 {
                    out.write_all(separator.as_bytes())?;
                    out.write_all(b"\n")?;
                }
                count += 1;
                out.write_all(text.as_bytes())?;
                // Stored text ends with a line end; the separator must start a line of its own.
                if !text.ends_with('\n') {
                    out.write_all(b"\n")?;
                }
                Ok(())
            })?
        }
    }
    Ok(count)
}

fn csv_io(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::Output(e),
        other => Error::Output(io::Error::other(format!("{other:?}"))),
    }
}
