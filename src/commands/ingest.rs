//! `voicetrain ingest SOURCE...`: expands the sources, runs the pipeline, shows each file's
//! fate (as JSON lines, or failures and a summary for people) and picks the exit code.

use std::io::Write as _;

use std::time::Duration;

use super::{Ctx, block_on};
use crate::Error;
use crate::auth::{AuthError, Session, choose_account};
use crate::cli::IngestArgs;
use crate::error::exit;
use crate::google::SERVICE;
use crate::google::drive::Drive;
use crate::ingest::{self, Options};
use crate::output::{self, FileReport, Progress, Status, paint};
use crate::secret::Vault;
use crate::source::{self, Expanded, FetchOptions};
use crate::store::{self, Store};

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
        jobs: args
            .jobs
            .map_or_else(|| default_jobs(&expanded), usize::from),
        dry_run: args.dry_run,
        recursive: !args.no_recursive,
    };
    let store = ctx.open_store()?;

    let progress = Progress::new(ctx.out.progress_bars());
    let mut stdout = output::stdout();
    let color = ctx.out.color_stderr();
    let mut show = |r: &FileReport| -> Result<(), Error> {
        if args.json {
            output::json_line(&mut stdout, r)?;
            stdout.flush()?;
        }
        let wanted = match r.status {
            Status::Failed => true,
            Status::Skipped => ctx.out.verbose > 0 || (!args.json && files <= 1),
            _ => ctx.out.verbose > 0,
        };
        if wanted && !(args.json && r.status != Status::Failed) {
            progress.say(&ctx.out, &human_line(r, color));
        }
        Ok(())
    };
    let wants_drive = expanded.iter().any(|e| matches!(e, Expanded::Drive { .. }));
    let summary = if wants_drive {
        with_drive(
            ctx,
            &store,
            args.account.as_deref(),
            args.retries,
            async |drive| {
                ingest::run(&store, expanded, &opts, Some(drive), &progress, &mut show).await
            },
        )?
    } else {
        block_on(ingest::run(
            &store, expanded, &opts, None, &progress, &mut show,
        ))??
    };
    progress.finish();

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
    } else if summary.all_temporary() {
        exit::TEMPORARY
    } else if failed == summary.total() {
        exit::FAILED
    } else {
        exit::PARTIAL
    })
}

/// Local files are bound by the CPU, Drive files by the network's latency.
fn default_jobs(expanded: &[Expanded]) -> usize {
    if expanded.iter().any(|e| matches!(e, Expanded::Drive { .. })) {
        8
    } else {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    }
}

/// Sets up Drive for the account (a fresh token, a Drive scope) and runs `f` with it.
fn with_drive<T>(
    ctx: &Ctx,
    store: &Store,
    account: Option<&str>,
    retries: Option<u32>,
    f: impl AsyncFnOnce(&Drive<'_>) -> Result<T, Error>,
) -> Result<T, Error> {
    let account = choose_account(store, account, &ctx.out)?;
    let vault = Vault::open(store, &ctx.key_sources())?.ok_or(AuthError::NoAccount)?;
    let remote = ctx.remote(store, retries)?;
    let google = remote.google();
    let session = Session {
        store,
        vault: &vault,
        data_dir: &ctx.paths.data_dir,
    };
    let row = store::tokens::get(store.conn(), SERVICE, &account)?
        .ok_or_else(|| AuthError::UnknownAccount(account.clone()))?;
    if !crate::google::reads_drive(&row.scopes) {
        return Err(AuthError::MissingScope {
            account,
            scope: crate::google::DRIVE_SCOPES[0].to_string(),
        }
        .into());
    }
    block_on(async {
        let fresh = match session.cached(&account, Duration::from_secs(300))? {
            Some(f) => f,
            None => {
                session
                    .refresh(&google, &account, Duration::from_secs(300), false)
                    .await?
            }
        };
        let drive = Drive::new(&google, &session, &account, fresh.access_token);
        f(&drive).await
    })?
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
