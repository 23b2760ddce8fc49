//! `voicetrain ingest SOURCE...`: expands the sources, runs the pipeline, shows each file's
//! fate (as JSON lines, or failures and a summary for people) and picks the exit code.

use std::io::Write as _;

use indicatif::{ProgressBar, ProgressStyle};

use super::Ctx;
use crate::Error;
use crate::cli::IngestArgs;
use crate::error::exit;
use crate::ingest::{self, Options};
use crate::output::{self, FileReport, Status, paint};
use crate::source::{self, Expanded, FetchOptions};

pub fn run(args: IngestArgs, ctx: &Ctx) -> Result<u8, Error> {
    let expanded = source::expand(
        &args.sources,
        !args.no_recursive,
        &mut std::io::stdin().lock(),
    )
    .map_err(Error::Stdin)?;
    let files = expanded
        .iter()
        .filter(|e| matches!(e, Expanded::Item(_)))
        .count();
    if args.title.is_some() && files > 1 {
        return Err(Error::usage(
            format!("--title names one file, and these sources hold {files}"),
            Some("ingest that file on its own to give it a title".to_string()),
        ));
    }
    let opts = Options {
        fetch: FetchOptions {
            types: args.types.clone(),
            max_size: args.max_size.as_u64(),
            force: args.force,
        },
        title: args.title.clone(),
        tags: args.tags.clone(),
        jobs: args.jobs.map_or_else(default_jobs, usize::from),
        dry_run: args.dry_run,
    };
    let store = ctx.open_store()?;

    let bar = if ctx.out.progress_bars() && expanded.len() > 1 {
        let bar = ProgressBar::new(expanded.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} files  {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut stdout = output::stdout();
    let color = ctx.out.color_stderr();
    let mut show = |r: &FileReport| -> Result<(), Error> {
        if args.json {
            output::json_line(&mut stdout, r)?;
            stdout.flush()?;
        }
        bar.inc(1);
        bar.set_message(r.source.clone());
        let wanted = match r.status {
            Status::Failed => true,
            Status::Skipped => ctx.out.verbose > 0 || (!args.json && files <= 1),
            _ => ctx.out.verbose > 0,
        };
        if wanted && !(args.json && r.status != Status::Failed) {
            bar.suspend(|| ctx.out.say(&human_line(r, color)));
        }
        Ok(())
    };
    let summary = ingest::run(&store, expanded, &opts, &mut show)?;
    bar.finish_and_clear();

    if summary.total() == 0 {
        ctx.out.notice("nothing found to ingest");
        return Ok(exit::OK);
    }
    let prefix = if args.dry_run {
        "dry run, nothing stored: "
    } else {
        ""
    };
    ctx.out.notice(&format!("{prefix}{summary}"));
    let failed = summary.count(Status::Failed);
    Ok(if failed == 0 {
        exit::OK
    } else if failed == summary.total() {
        exit::FAILED
    } else {
        exit::PARTIAL
    })
}

fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// One file's fate for people: `  failed  notes/a.txt: permission denied`.
fn human_line(r: &FileReport, color: bool) -> String {
    let code = match r.status {
        Status::Failed => output::RED,
        Status::Skipped | Status::Unchanged | Status::Duplicate => output::DIM,
        Status::Ingested | Status::Updated => output::GREEN,
    };
    let status = paint(color, code, &format!("{:>9}", r.status.as_str()));
    let mut line = format!("{status}  {}", r.source);
    if let Some(id) = &r.sample_id {
        line.push_str(&format!(" -> {id}"));
    }
    if let Some(words) = r.words {
        line.push_str(&format!(" ({words} words)"));
    }
    if let Some(reason) = &r.reason {
        line.push_str(&format!(": {reason}"));
    }
    line
}
