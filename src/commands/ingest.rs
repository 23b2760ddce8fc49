//! `voicetrain ingest SOURCE...`: finds which kind of source each SOURCE is, links the
//! providers those kinds need, runs the pipeline, shows each file's fate (as JSON lines, or
//! failures and a summary for people) and picks the exit code.

use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::Ctx;
use crate::Error;
use crate::cli::IngestArgs;
use crate::error::exit;
use crate::ingest::{self, Listing, Options, Outcome, Status};
use crate::output::{self, Progress, json, paint};
use crate::source::{self, ExpandOptions, FetchOptions, WalkOptions};

pub fn run(args: IngestArgs, ctx: &Ctx) -> Result<u8, Error> {
    let addresses =
        source::addresses(&args.sources, &mut std::io::stdin().lock()).map_err(Error::Stdin)?;
    // Only what can be read needs a login: a malformed address is only a failure to show.
    let readable = || addresses.iter().filter(|a| a.malformed.is_none());
    let mut scopes: Vec<&'static crate::provider::Scope> = Vec::new();
    for scope in readable().filter_map(|a| a.kind.scope()) {
        if !scopes.iter().any(|s| std::ptr::eq(*s, scope)) {
            scopes.push(scope);
        }
    }
    let jobs = args.jobs.map_or_else(
        || readable().map(|a| a.kind.jobs()).max().unwrap_or(1),
        usize::from,
    );
    let opts = Options {
        fetch: FetchOptions {
            types: args.types.clone(),
            max_size: args.max_size.as_u64(),
            force: args.force,
            ocr: args.ocr.or(ctx.config.ocr).unwrap_or_default(),
            time_limit: ctx.config.timeouts.extract,
        },
        title: args.title.clone(),
        tags: args.tags.clone(),
        jobs,
        dry_run: args.dry_run,
        stop: interrupted_by_ctrl_c(),
        synced: None,
        lease: None,
    };
    let store = if args.dry_run {
        ctx.read_store()?
    } else {
        ctx.open_store()?
    };

    let progress = Progress::new(ctx.out.progress_bars());
    let mut stdout = output::stdout();
    let color = ctx.out.color_stderr();
    let expand = ExpandOptions {
        recursive: !args.no_recursive,
        walk: WalkOptions {
            follow: args.follow,
            ignore_files: !args.no_ignore,
            exclude: args.exclude.clone(),
        },
        remembered: crate::store::state::all(store.db())?,
        force: args.force,
    };
    let mut lone_skip = None;
    let summary = ctx.with_link(
        &store,
        args.account.as_deref(),
        args.retries,
        &scopes,
        async |link| {
            let mut listing = Listing::new(&addresses, link, &expand, &progress);
            if args.title.is_some() {
                let files = listing.finish().await;
                if files > 1 {
                    return Err(Error::usage(
                        format!("--title names one file, and these sources hold {files}"),
                        Some("ingest that file on its own to give it a title".to_string()),
                    ));
                }
            }
            let mut show = |o: &Outcome| -> std::io::Result<()> {
                if args.json {
                    output::json_line(&mut stdout, &json::Ingested::new(o, args.dry_run))?;
                    stdout.flush()?;
                }
                let wanted = match o.status {
                    Status::Failed => true,
                    _ => ctx.out.verbose > 0,
                };
                if wanted && !(args.json && o.status != Status::Failed) {
                    ctx.out.say(&human_line(o, color));
                } else if o.status == Status::Skipped && !args.json && lone_skip.is_none() {
                    lone_skip = Some(human_line(o, color));
                }
                Ok(())
            };
            Ok(ingest::run(&store, listing, &opts, link, &progress, &mut show).await?)
        },
    )?;
    progress.finish();
    // Why the one file named was skipped is said; of many, only how many were.
    if let Some(line) = lone_skip
        && summary.total() == 1
    {
        ctx.out.say(&line);
    }

    if summary.stopped {
        // Every file recorded so far stays recorded; a later run goes on from there.
        ctx.out.say(&format!("interrupted: {summary}"));
        return Ok(exit::INTERRUPTED);
    }
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
    } else if summary.all_need_login() {
        exit::AUTH
    } else if summary.all_temporary() || summary.quota_ended() {
        exit::TEMPORARY
    } else if failed == summary.total() {
        exit::FAILED
    } else {
        exit::PARTIAL
    })
}

/// A flag a Ctrl-C (SIGINT) sets instead of ending the process, so that the run can stop
/// between files and say what it did. A second Ctrl-C ends the process at once (exit 130):
/// the flag is looked at only between files, and a long listing or a stuck file must not make
/// Ctrl-C do nothing. Ending loses nothing either way: each file is its own transaction.
pub(super) fn interrupted_by_ctrl_c() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    {
        use signal_hook::{consts::SIGINT, flag};
        // In this order: the first Ctrl-C finds the flag unset, then sets it.
        let _ = flag::register_conditional_shutdown(
            SIGINT,
            i32::from(exit::INTERRUPTED),
            Arc::clone(&flag),
        );
        let _ = flag::register(SIGINT, Arc::clone(&flag));
    }
    flag
}

/// One file's fate for people: `  failed  notes/a.txt: permission denied`.
pub(super) fn human_line(r: &Outcome, color: bool) -> String {
    let code = match r.status {
        Status::Failed => output::RED,
        Status::Skipped | Status::Unchanged | Status::Duplicate => output::DIM,
        Status::Ingested | Status::Updated => output::GREEN,
    };
    let status = paint(color, code, &format!("{:>9}", r.status.as_str()));
    // A file's name and a reason may hold anything: escapes and line breaks are shown, not
    // obeyed, so that a name cannot colour the terminal or break the one-line-a-file output.
    let mut line = format!("{status}  {}", output::printable(&r.source));
    if let Some(id) = &r.sample_id {
        line.push_str(&format!(" -> {id}"));
    }
    if let Some(words) = r.words {
        line.push_str(&format!(" ({words} words)"));
    }
    if let Some(reason) = &r.reason {
        line.push_str(&format!(": {}", output::printable(reason)));
    }
    line
}
