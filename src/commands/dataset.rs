//! `voicetrain dataset build|check`: the flags turned into the options `dataset` builds with,
//! a progress bar while it works, and what it made (or found wrong) said on stdout: the
//! manifest for `--json` and `--dry-run`, a summary for people.

use std::io::Write;

use super::Ctx;
use crate::Error;
use crate::cli::{BuildArgs, CheckArgs, DatasetCommand, PiiMode};
use crate::dataset::build::{self, Destination, Options, Selection};
use crate::dataset::manifest::Manifest;
use crate::dataset::prompt::Template;
use crate::dataset::split::Fractions;
use crate::dataset::{check, layout};
use crate::error::exit;
use crate::output::{self, counted, thousands};

pub fn run(cmd: DatasetCommand, ctx: &Ctx) -> Result<u8, Error> {
    match cmd {
        DatasetCommand::Build(args) => build(*args, ctx),
        DatasetCommand::Check(args) => check(&args, ctx),
    }
}

fn build(args: BuildArgs, ctx: &Ctx) -> Result<u8, Error> {
    let style = args.style.unwrap_or(args.format.default_style());
    if !args.format.styles().contains(&style) {
        let takes: Vec<&str> = args.format.styles().iter().map(|s| s.name()).collect();
        return Err(Error::usage(
            format!(
                "--format {} does not take --style {}",
                args.format.name(),
                style.name()
            ),
            Some(format!("it takes --style {}", takes.join(" or "))),
        ));
    }
    if args.valid + args.test >= 1.0 {
        return Err(Error::usage(
            "--valid and --test together hold out every sample, leaving none to train on",
            Some("make their sum less than 1 (e.g. --valid 0.1 --test 0.1)".to_string()),
        ));
    }
    let prompt = match args.prompt {
        Some(raw) => match Template::parse(&raw) {
            Ok(t) => Some((raw, t)),
            Err(e) => {
                return Err(Error::usage(
                    e.to_string(),
                    Some("e.g. --prompt 'Write a blog post titled \"{title}\".'".to_string()),
                ));
            }
        },
        None => None,
    };
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let options = Options {
        format: args.format,
        style,
        fractions: Fractions {
            valid: args.valid,
            test: args.test,
        },
        seed: args.seed,
        max_tokens: args.max_tokens as usize,
        min_tokens: args.min_tokens as usize,
        tokenizer: args.tokenizer,
        system: args.system,
        prompt,
        near_dup: args.near_dup.0,
        redact: args.pii == PiiMode::Redact,
        selection: Selection {
            source_types: args.source,
            tags: args.tag,
            account: args.account,
            since: args.since,
            until: args.until,
            include_gone: args.include_gone,
        },
        jobs,
    };
    let store = ctx.read_store()?;
    let dest = Destination {
        dir: &args.output,
        force: args.force,
        dry_run: args.dry_run,
    };
    let progress = Progress::new(ctx.out.progress_bars());
    let built = build::build(&store, &options, dest, &progress);
    progress.bar.finish_and_clear();
    let manifest = built?;
    let mut out = output::stdout();
    if args.json || args.dry_run {
        out.write_all(&build::to_json(&manifest))?;
    } else {
        summary(&mut out, &args.output, &manifest)?;
    }
    out.flush()?;
    if manifest.splits.valid.examples == 0 && options.fractions.valid > 0.0 {
        ctx.out.notice(
            "note: no sample fell in the validation split (too few samples for --valid); \
             raise --valid, or train without one",
        );
    }
    let min = check::OPENAI_MIN_EXAMPLES;
    if options.format == layout::Format::Openai && manifest.splits.train.examples < min {
        ctx.out.notice(&format!(
            "note: OpenAI's fine-tuning takes at least {min} training examples, and this has {}: \
             ingest more writing first",
            manifest.splits.train.examples
        ));
    }
    Ok(exit::OK)
}

/// What a person reads of a build: totals, each split, what was left out and replaced.
fn summary(out: &mut impl Write, dir: &std::path::Path, m: &Manifest) -> std::io::Result<()> {
    let samples = m.splits.train.samples + m.splits.valid.samples + m.splits.test.samples;
    writeln!(
        out,
        "{}: {} ({} {}, {}) from {}",
        output::printable(&dir.display().to_string()),
        counted(m.examples, "example", "examples"),
        m.format,
        m.style,
        m.tokenizer,
        counted(samples, "sample", "samples"),
    )?;
    writeln!(
        out,
        "  tokens: {} in all; per example {} median, {} at p95, {} at most (limit {})",
        thousands(m.tokens.total as i64),
        thousands(m.tokens.p50 as i64),
        thousands(m.tokens.p95 as i64),
        thousands(m.tokens.max as i64),
        thousands(m.max_tokens as i64),
    )?;
    for (name, s) in [
        ("train", &m.splits.train),
        ("valid", &m.splits.valid),
        ("test", &m.splits.test),
    ] {
        if s.examples > 0 {
            writeln!(
                out,
                "  {name:<5}  {:>9} samples  {:>9} examples  {:>12} tokens",
                thousands(s.samples as i64),
                thousands(s.examples as i64),
                thousands(s.tokens as i64)
            )?;
        }
    }
    let left: Vec<String> = m
        .left_out
        .iter()
        .map(|(reason, n)| match *reason {
            "near_duplicate" => format!(
                "{} ({} kept once)",
                counted(*n, "near-duplicate", "near-duplicates"),
                counted(m.near_duplicates.clusters.len(), "text", "texts")
            ),
            "too_short" => format!("{} under --min-tokens", counted(*n, "example", "examples")),
            other => format!("{} {}", thousands(*n as i64), other.replace('_', " ")),
        })
        .collect();
    if !left.is_empty() {
        writeln!(out, "  left out: {}", left.join(", "))?;
    }
    if !m.pii.is_empty() {
        let pii: Vec<String> = m.pii.iter().map(|(k, n)| format!("{n} {k}")).collect();
        writeln!(out, "  PII replaced: {}", pii.join(", "))?;
    }
    Ok(())
}

fn check(args: &CheckArgs, ctx: &Ctx) -> Result<u8, Error> {
    let report = check::check(&args.dir, args.format)?;
    let mut out = output::stdout();
    if args.json {
        output::json_line(&mut out, &report)?;
    } else {
        for p in &report.problems {
            writeln!(
                out,
                "{}:{}: {}",
                output::printable(&args.dir.join(&p.file).display().to_string()),
                p.line,
                output::printable(&p.problem)
            )?;
        }
    }
    out.flush()?;
    if report.ok {
        if !args.json {
            ctx.out.say(&format!(
                "{}: {} dataset, {} in {}: ok",
                args.dir.display(),
                report.format,
                counted(report.examples, "example", "examples"),
                counted(report.files.len(), "file", "files"),
            ));
        }
        Ok(exit::OK)
    } else {
        if !args.json {
            ctx.out.notice(&format!(
                "{}: {}",
                args.dir.display(),
                counted(report.problems.len(), "problem", "problems")
            ));
        }
        Ok(exit::FAILED)
    }
}

/// A bar on stderr for each phase of a build.
struct Progress {
    bar: indicatif::ProgressBar,
}

impl Progress {
    fn new(visible: bool) -> Progress {
        let bar = match visible {
            true => indicatif::ProgressBar::new(0),
            false => indicatif::ProgressBar::hidden(),
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} samples  {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Progress { bar }
    }
}

impl build::Progress for Progress {
    fn phase(&self, what: &str, total: u64) {
        self.bar.set_position(0);
        self.bar.set_length(total);
        self.bar.set_message(what.to_string());
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }
}
