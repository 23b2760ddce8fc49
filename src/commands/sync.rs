//! `voicetrain sync`: every remembered source ingested incrementally, one after the other,
//! each with its own options and login, for cron: silent when all is well, one line for each
//! source that failed, and an exit code saying what it takes to succeed. One sync at a time
//! per store file, held by a lock file beside it; on a shared store, syncs on several hosts at
//! once split the items of each source between them by leases.

use std::ffi::OsString;
use std::fs::File;
use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::ValueEnum as _;

use super::Ctx;
use super::ingest::{human_line, interrupted_by_ctrl_c};
use crate::Error;
use crate::cli::{FileKind, SyncArgs};
use crate::error::exit;
use crate::ingest::{self, Listing, Options, Outcome, Status, Summary};
use crate::output::{self, Progress, json};
use crate::source::{Address, ExpandOptions, FetchOptions, WalkOptions};
use crate::store::location::Location;
use crate::store::{
    self, Store,
    leases::{Holder, Lease},
    synced::{self, Synced},
};

pub fn run(args: &SyncArgs, ctx: &Ctx) -> Result<u8, Error> {
    let store = ctx.open_store()?;
    let Some(lock) = lock(&store, args.wait)? else {
        // Overlapping cron runs stay silent; a person is told.
        if ctx.out.stderr_is_terminal || ctx.out.verbose > 0 {
            ctx.out
                .notice("a sync of this store is running already; this one does nothing");
        }
        return Ok(exit::OK);
    };
    let all = synced::list(store.db())?;
    if all.is_empty() && !args.json {
        ctx.out
            .notice("no sources to sync: remember some with `voicetrain sources add SOURCE...`");
    }
    let stop = interrupted_by_ctrl_c();
    let mut ended = Vec::with_capacity(all.len());
    for s in &all {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let lease = match &lock {
            SyncLock::Shared(holder) => Some(holder.lease(s.id)),
            SyncLock::File(_) => None,
        };
        let end = sync_one(ctx, &store, s, lease, args, &stop)?;
        store.write(|tx| synced::synced(tx, s.id, end.error.as_deref(), &store::now()))?;
        match &end.error {
            Some(error) => ctx.out.say(&format!(
                "sync: {}: {}",
                output::printable(&s.source),
                output::printable(error)
            )),
            None if ctx.out.verbose > 0 => ctx.out.notice(&format!(
                "synced {}: {}",
                output::printable(&s.source),
                end.summary
                    .as_ref()
                    .map_or(String::new(), Summary::to_string)
            )),
            None => {}
        }
        ended.push((s, end));
    }
    if args.json {
        let report = json::SyncReport {
            sources: ended.iter().map(|(s, e)| e.json(s)).collect(),
        };
        let mut out = output::stdout();
        output::json_pretty(&mut out, &report)?;
        out.flush()?;
    }
    if stop.load(Ordering::Relaxed) {
        ctx.out
            .say("interrupted: what was synced so far is recorded");
        return Ok(exit::INTERRUPTED);
    }
    // What it takes to succeed, most wanting first: a login, then time, then anything else.
    Ok([exit::AUTH, exit::TEMPORARY, exit::PARTIAL]
        .into_iter()
        .find(|code| ended.iter().any(|(_, e)| e.exit == *code))
        .unwrap_or(exit::OK))
}

/// What keeps two syncs of one store apart: a store file's sync lock, held whole; on a shared
/// store, this host's token for the leases it takes on each item, so that syncs on several
/// hosts at once split the items of each source ([`Holder`]).
enum SyncLock<'a> {
    File(#[allow(dead_code)] File),
    Shared(Holder<'a>),
}

/// The store's sync lock: `None` if another sync holds a store file's (and `wait` is not
/// asked for). The operating system, or the database, lets go of it when the process ends,
/// however it ends.
fn lock(store: &Store, wait: bool) -> Result<Option<SyncLock<'_>>, Error> {
    let path = match store.location() {
        Location::File(path) => path.with_extension("sync-lock"),
        Location::Postgres(_) => return Ok(Some(SyncLock::Shared(Holder::take(store)?))),
    };
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::failed(format!("cannot open {}: {e}", path.display()), None))?;
    let locked = match wait {
        true => file.lock().map(|()| true),
        false => match file.try_lock() {
            Ok(()) => Ok(true),
            Err(std::fs::TryLockError::WouldBlock) => Ok(false),
            Err(std::fs::TryLockError::Error(e)) => Err(e),
        },
    };
    match locked {
        Ok(true) => Ok(Some(SyncLock::File(file))),
        Ok(false) => Ok(None),
        Err(e) => Err(Error::failed(
            format!("cannot lock {}: {e}", path.display()),
            None,
        )),
    }
}

/// How one source's sync ended.
struct Ended {
    summary: Option<Summary>,
    calls: u64,
    /// Why it failed: the first failure, and how many there were.
    error: Option<String>,
    /// The exit code it alone would give.
    exit: u8,
}

impl Ended {
    fn json<'a>(&'a self, s: &'a Synced) -> json::SourceSynced<'a> {
        let count = |status| self.summary.as_ref().map_or(0, |m| m.count(status));
        json::SourceSynced {
            id: s.id,
            source: &s.source,
            status: if self.error.is_some() { "failed" } else { "ok" },
            ingested: count(Status::Ingested),
            updated: count(Status::Updated),
            unchanged: count(Status::Unchanged),
            gone: self.summary.as_ref().map_or(0, |m| m.gone),
            failed: count(Status::Failed),
            other_hosts: self.summary.as_ref().map_or(0, |m| m.others),
            calls: self.calls,
            error: self.error.as_deref(),
        }
    }
}

fn sync_one(
    ctx: &Ctx,
    store: &Store,
    s: &Synced,
    lease: Option<Lease>,
    args: &SyncArgs,
    stop: &Arc<AtomicBool>,
) -> Result<Ended, Error> {
    let address = Address::new(OsString::from(&s.source));
    let scopes: Vec<_> = address.kind.scope().into_iter().collect();
    let opts = Options {
        fetch: FetchOptions {
            types: s
                .types
                .iter()
                .filter_map(|t| FileKind::from_str(t, true).ok())
                .collect(),
            max_size: crate::cli::MAX_SIZE
                .parse::<bytesize::ByteSize>()
                .map_or(u64::MAX, |s| s.as_u64()),
            force: false,
            ocr: args.ocr.or(ctx.config.ocr).unwrap_or_default(),
            time_limit: ctx.config.timeouts.extract,
        },
        title: None,
        tags: s.tags.clone(),
        jobs: args.jobs.map_or(address.kind.jobs(), usize::from),
        dry_run: false,
        stop: Arc::clone(stop),
        synced: Some(s.id),
        lease,
    };
    let expand = ExpandOptions {
        recursive: s.recursive,
        walk: WalkOptions {
            follow: false,
            ignore_files: true,
            exclude: Vec::new(),
        },
        remembered: store::state::all(store.db())?,
        force: false,
    };
    let progress = Progress::new(ctx.out.progress_bars());
    let mut first = None;
    let ran = ctx.with_link(store, s.account.as_deref(), None, &scopes, async |link| {
        let listing = Listing::new(std::slice::from_ref(&address), link, &expand, &progress);
        let mut show = |o: &Outcome| -> std::io::Result<()> {
            if o.status == Status::Failed {
                first.get_or_insert_with(|| {
                    format!("{}: {}", o.source, o.reason.as_deref().unwrap_or("failed"))
                });
            }
            if ctx.out.verbose > 1 {
                ctx.out.notice(&human_line(o, ctx.out.color_stderr()));
            }
            Ok(())
        };
        let summary = ingest::run(store, listing, &opts, link, &progress, &mut show).await?;
        let calls = link.google.as_ref().map_or(0, |g| g.google.net.calls());
        Ok((summary, calls))
    });
    progress.finish();
    match ran {
        Ok((summary, calls)) => {
            let failed = summary.count(Status::Failed);
            let (needs_login, temporary) = summary.failed_for();
            let exit = if failed == 0 {
                exit::OK
            } else if needs_login > 0 {
                exit::AUTH
            } else if temporary == failed {
                exit::TEMPORARY
            } else {
                exit::PARTIAL
            };
            let error = first.map(|first| {
                let mut error = match failed {
                    1 => first,
                    n => format!("{n} failed; the first: {first}"),
                };
                if let (exit::AUTH, Some(scope)) = (exit, address.kind.scope()) {
                    error.push_str(&format!(" (log in again: `{}`)", scope.command()));
                }
                error
            });
            Ok(Ended {
                summary: Some(summary),
                calls,
                error,
                exit,
            })
        }
        // A damaged store or a wrong key is every source's end: the run's.
        Err(e) if e.exit_code() == exit::STORE_OR_KEY => Err(e),
        Err(e) => {
            let code = e.exit_code();
            let mut error = e.to_string();
            if let Some(hint) = e.hint() {
                error.push_str(&format!(" ({hint})"));
            }
            Ok(Ended {
                summary: None,
                calls: 0,
                error: Some(error),
                exit: match code {
                    exit::AUTH | exit::TEMPORARY => code,
                    _ => exit::PARTIAL,
                },
            })
        }
    }
}
