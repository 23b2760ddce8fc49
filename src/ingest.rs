//! The ingest pipeline: sources expand into items, items are fetched and extracted
//! concurrently (`--jobs` at a time, on blocking threads) while the listing goes on, and each
//! result is recorded in the store, in batches, by the one task that owns the store. Recording
//! decides the status: a text already stored is a duplicate, a known source whose text changed
//! updates its sample in place. What happens is told to a [`Progress`] and, one [`Outcome`] a
//! file, to the caller; how either is shown is not this module's business.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use futures::future::{Either, LocalBoxFuture};
use futures::stream::LocalBoxStream;
use futures::{FutureExt as _, StreamExt as _};
use sha2::{Digest as _, Sha256};

use crate::extract::{self, Text};
use crate::source::{
    self, Address, ExpandOptions, Expanded, Failure, Fetch, FetchOptions, Item, Link, Read,
};
use crate::store::samples::{self, Body, NewSample, SourceKey, SourceRecord};
use crate::store::sql::Sql;
use crate::store::{self, Store, StoreError, leases, synced};

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot make a scratch directory in {}", std::env::temp_dir().display())]
    Scratch(#[source] std::io::Error),
    /// The caller's handling of an outcome failed (a closed stdout).
    #[error(transparent)]
    Report(std::io::Error),
}

/// Told what is in flight, for a progress display.
pub trait Progress {
    /// A handle on one step in flight.
    type Step;
    /// A step began: listing an address, fetching an item.
    fn started(&self, what: &str) -> Self::Step;
    /// It ended, having read `bytes`.
    fn finished(&self, step: Self::Step, bytes: u64);
    /// `n` more items were found: the run holds at least as many as found so far.
    fn found(&self, n: usize);
    /// One more item has its outcome.
    fn counted(&self);
}

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// One file's fate.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The source as the user sees it.
    pub source: String,
    /// What names the file within its kind (a Drive file ID, a local file's URL); `None`
    /// only for an address that names no file at all.
    pub file_id: Option<String>,
    pub title: Option<String>,
    pub mime_type: Option<String>,
    pub status: Status,
    pub sample_id: Option<String>,
    pub words: Option<usize>,
    pub reason: Option<String>,
    /// Failed only because the provider stayed unavailable: the next run may well succeed.
    pub temporary: bool,
    /// Failed for want of a login (none, revoked, or lacking a scope).
    pub needs_login: bool,
    /// Failed because a daily quota is spent.
    pub quota: bool,
}

impl Outcome {
    fn new(source: String, file_id: Option<String>, status: Status) -> Outcome {
        Outcome {
            source,
            file_id,
            title: None,
            mime_type: None,
            status,
            sample_id: None,
            words: None,
            reason: None,
            temporary: false,
            needs_login: false,
            quota: false,
        }
    }

    fn failed(source: String, file_id: Option<String>, failure: Failure) -> Outcome {
        let mut o = Outcome::new(source, file_id, Status::Failed);
        o.reason = Some(failure.reason);
        o.temporary = failure.temporary;
        o.needs_login = failure.needs_login;
        o.quota = failure.quota;
        o
    }
}

/// What `ingest`'s flags ask for.
#[derive(Debug, Clone)]
pub struct Options {
    pub fetch: FetchOptions,
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub jobs: usize,
    pub dry_run: bool,
    /// Set (by a Ctrl-C, say) when the run is to end with what it has recorded so far.
    pub stop: Arc<AtomicBool>,
    /// The remembered source the run syncs (`sync`), if any: what the run reads is linked to
    /// it, and where its kind lists whole, what it no longer holds is marked gone.
    pub synced: Option<i64>,
    /// On a shared store, the lease this host takes on each item of the remembered source
    /// before it fetches it, passing by those another host holds: syncs of one source on
    /// several hosts at once split its items.
    pub lease: Option<leases::Lease>,
}

/// How many files ended in each status.
#[derive(Debug, Default)]
pub struct Summary {
    counts: HashMap<Status, usize>,
    /// Of the failed, those that failed because the provider stayed unavailable.
    temporary: usize,
    /// Of the failed, those that failed for want of a login.
    needs_login: usize,
    /// Of the temporary, those that failed because a daily quota is spent.
    quota: usize,
    /// The skipped, by why (`not text`, `empty file`, ...), in the order first seen.
    skipped_why: Vec<(String, usize)>,
    /// Samples that left their source in this run (every item giving them gone).
    pub gone: usize,
    /// Items of the source that other hosts recorded while this run was at it (a sync of a
    /// shared store).
    pub others: usize,
    /// Whether the run was stopped before it was through ([`Options::stop`]).
    pub stopped: bool,
    /// The file that took most of the run's time, when one did.
    pub dominant: Option<Dominant>,
}

/// A file that took at least half of a run of several files, and a second or more: worth
/// naming in the summary, since it, not the number of files, is what the run's time went on.
#[derive(Debug, Clone)]
pub struct Dominant {
    pub source: String,
    /// Fetching, extracting and storing it.
    pub took: Duration,
    /// The whole run.
    pub of: Duration,
    pub bytes: u64,
}

impl Dominant {
    /// `slowest` of a run of `files` that took `elapsed`, if it dominated the run.
    fn of_run(slowest: Option<Dominant>, files: usize, elapsed: Duration) -> Option<Dominant> {
        let slowest = slowest?;
        let dominated =
            files >= 2 && elapsed >= Duration::from_secs(1) && slowest.took * 2 >= elapsed;
        dominated.then_some(Dominant {
            of: elapsed,
            ..slowest
        })
    }
}

impl Summary {
    pub fn count(&self, status: Status) -> usize {
        self.counts.get(&status).copied().unwrap_or(0)
    }

    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }

    /// Of the failed, how many failed for want of a login, and how many only because the
    /// provider stayed unavailable.
    pub fn failed_for(&self) -> (usize, usize) {
        (self.needs_login, self.temporary)
    }

    /// Whether nothing was done but for failures that were all because the provider stayed
    /// unavailable: the run as a whole is a temporary failure (exit 75) a later run finishes.
    pub fn all_temporary(&self) -> bool {
        self.only_failures_of(self.temporary)
    }

    /// Whether a daily quota ended the run: every failure temporary, some for the quota. The
    /// run is then the day's part of a longer one (exit 75), whatever it did before.
    pub fn quota_ended(&self) -> bool {
        self.quota > 0 && self.temporary == self.count(Status::Failed)
    }

    /// Whether nothing was done but for failures that all want a login (exit 3).
    pub fn all_need_login(&self) -> bool {
        self.only_failures_of(self.needs_login)
    }

    /// Whether there were failures, `these` were all of them, and nothing else was done.
    fn only_failures_of(&self, these: usize) -> bool {
        let failed = self.count(Status::Failed);
        failed > 0 && these == failed && failed + self.count(Status::Skipped) == self.total()
    }

    fn add(&mut self, report: &Outcome) {
        *self.counts.entry(report.status).or_default() += 1;
        self.temporary += usize::from(report.temporary);
        self.needs_login += usize::from(report.needs_login);
        self.quota += usize::from(report.quota);
        if report.status == Status::Skipped {
            let why = skip_group(report.reason.as_deref().unwrap_or("skipped"));
            match self.skipped_why.iter_mut().find(|(w, _)| *w == why) {
                Some((_, n)) => *n += 1,
                None => self.skipped_why.push((why, 1)),
            }
        }
    }
}

/// A skip reason without what is particular to one file (its MIME type, its size), so that
/// the summary can count alike reasons together: "application/zip is not a supported type"
/// and "video/mp4 is not a supported type" are both "not a supported type".
fn skip_group(reason: &str) -> String {
    let general = reason.split([':', '(']).next().unwrap_or(reason).trim();
    match general.split_once(" is ") {
        Some((subject, rest)) if subject.contains('/') && !subject.contains(' ') => {
            rest.to_string()
        }
        _ => general.to_string(),
    }
}

/// `3 ingested, 0 updated, 0 unchanged, 0 duplicate, 5 skipped (4 not a supported type, 1
/// empty file), 0 failed`.
impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = Status::ALL
            .iter()
            .map(|s| {
                let mut part = format!("{} {}", self.count(*s), s.as_str());
                if *s == Status::Skipped && !self.skipped_why.is_empty() {
                    let why: Vec<String> = self
                        .skipped_why
                        .iter()
                        .map(|(why, n)| format!("{n} {why}"))
                        .collect();
                    part.push_str(&format!(" ({})", why.join(", ")));
                }
                part
            })
            .collect();
        f.write_str(&parts.join(", "))?;
        if self.gone > 0 {
            write!(f, ", {} gone", self.gone)?;
        }
        if self.others > 0 {
            write!(f, ", {} by other hosts", self.others)?;
        }
        if let Some(d) = &self.dominant {
            write!(
                f,
                "; {} took {:.1} s of {:.1} s",
                d.source,
                d.took.as_secs_f64(),
                d.of.as_secs_f64()
            )?;
            if d.bytes > 0 {
                write!(f, " ({})", bytesize::ByteSize(d.bytes))?;
            }
        }
        Ok(())
    }
}

/// How many files may be fetched and waiting for their turn to be recorded, per job.
const LOOKAHEAD: usize = 4;

/// What a run's sources expand into, found as their kinds list them: the run fetches the first
/// items while the rest are still being listed.
pub struct Listing<'a> {
    /// Lists every address in turn; `None` once through.
    listing: Option<LocalBoxFuture<'a, ()>>,
    found: LocalBoxStream<'a, Expanded>,
}

impl<'a> Listing<'a> {
    /// Lists `addresses`, each through the kind that claimed it, once run or finished.
    pub fn new<P: Progress>(
        addresses: &'a [Address],
        link: &'a Link<'a>,
        opts: &'a ExpandOptions,
        progress: &'a P,
    ) -> Listing<'a> {
        let (found, stream) = source::Found::channel();
        let listing = async move {
            for address in addresses {
                let shown = address.text.to_string_lossy();
                if let Some(why) = &address.malformed {
                    found.push(Expanded::Failed {
                        source: shown.into_owned(),
                        file_id: None,
                        failure: why.as_str().into(),
                    });
                    continue;
                }
                let step = progress.started(&format!("listing {shown}"));
                address.kind.expand(link, &address.text, opts, &found).await;
                progress.finished(step, 0);
            }
        };
        Listing {
            listing: Some(listing.boxed_local()),
            found: stream.boxed_local(),
        }
    }

    /// Lists every source to its end, and says how many items they hold: for what must know
    /// that before any item is read.
    pub async fn finish(&mut self) -> usize {
        if let Some(listing) = self.listing.take() {
            listing.await;
        }
        let all: Vec<Expanded> = (&mut self.found).collect().await;
        let items = all
            .iter()
            .filter(|e| matches!(e, Expanded::Item(_)))
            .count();
        self.found = futures::stream::iter(all).boxed_local();
        items
    }
}

/// Ingests what `listing` finds, calling `report` once per file as each finishes.
pub async fn run<P: Progress>(
    store: &Store,
    listing: Listing<'_>,
    opts: &Options,
    link: &Link<'_>,
    progress: &P,
    report: &mut dyn FnMut(&Outcome) -> std::io::Result<()>,
) -> Result<Summary, IngestError> {
    let Listing { listing, found } = listing;
    let ingesting = ingest(store, found, opts, link, progress, report);
    let Some(listing) = listing else {
        return ingesting.await;
    };
    // The listing runs beside the ingest, never held up by it; an ingest that ends first
    // (stopped, or failed) ends the listing with it.
    futures::pin_mut!(ingesting);
    match futures::future::select(ingesting, listing).await {
        Either::Left((ingested, _)) => ingested,
        Either::Right(((), ingesting)) => ingesting.await,
    }
}

/// What comes out of the fetch stage, in the order it was found.
enum Step {
    Fetched(Box<Fetched>),
    /// An item another host has in hand, passed by.
    Elsewhere(Item),
    /// Anything else the listing found, passed through.
    Listed(Expanded),
}

/// An item fetched, with what the store knew of it.
struct Fetched {
    item: Item,
    prior: Option<SourceRecord>,
    fetched: Fetch,
    took: Duration,
    bytes: u64,
}

async fn ingest<P: Progress>(
    store: &Store,
    found: LocalBoxStream<'_, Expanded>,
    opts: &Options,
    link: &Link<'_>,
    progress: &P,
    report: &mut dyn FnMut(&Outcome) -> std::io::Result<()>,
) -> Result<Summary, IngestError> {
    let began = Instant::now();
    let scratch = tempfile::tempdir().map_err(IngestError::Scratch)?;
    let working = tokio::sync::Semaphore::new(opts.jobs.max(1));
    let env = Env {
        store,
        opts,
        link,
        progress,
        scratch: scratch.path(),
        working: &working,
    };
    let mut t = Tally::default();
    let mut seen = HashSet::new();
    let found = found
        // Each file once, however many ways it was named.
        .filter(move |e| {
            std::future::ready(match e {
                Expanded::Item(item) => {
                    seen.insert((item.kind, item.account.clone(), item.key.clone()))
                }
                _ => true,
            })
        })
        .inspect(|e| {
            if matches!(
                e,
                Expanded::Item(_) | Expanded::Skipped { .. } | Expanded::Failed { .. }
            ) {
                progress.found(1);
            }
        })
        .boxed_local();
    env.pass(found, &mut t, report).await?;
    // What other hosts had in hand is waited for; what they let go of unrecorded (it failed
    // there, or the host is gone) is taken here, so that the whole listing is seen to.
    while let Some(lease) = &opts.lease
        && !t.elsewhere.is_empty()
        && !t.stopped
    {
        let keys: Vec<(&str, &str)> = t
            .elsewhere
            .iter()
            .map(|i| (i.account.as_str(), i.key.as_str()))
            .collect();
        let states = leases::elsewhere(store.db(), lease, &keys)?;
        let mut free = Vec::new();
        let mut held = Vec::new();
        for (item, state) in t.elsewhere.drain(..).zip(states) {
            match state {
                leases::Elsewhere::Done => {
                    t.summary.others += 1;
                    progress.counted();
                }
                leases::Elsewhere::Held => held.push(item),
                leases::Elsewhere::Free => free.push(item),
            }
        }
        t.elsewhere = held;
        if !free.is_empty() {
            let free = futures::stream::iter(free.into_iter().map(Expanded::Item));
            env.pass(free.boxed_local(), &mut t, report).await?;
        } else if !t.elsewhere.is_empty() {
            tokio::select! {
                () = tokio::time::sleep(ELSEWHERE_WAIT) => {}
                () = until(&opts.stop) => t.stopped = true,
            }
        }
    }
    flush_seen(store, &mut t.unchanged, opts)?;
    if let Some(id) = opts.synced
        && t.complete
        && !t.stopped
        && !opts.dry_run
        && !t.listing_failed
    {
        t.gone += mark_departed(store, id, &t.listed)?;
    }
    let mut summary = t.summary;
    summary.gone = t.gone;
    summary.stopped = t.stopped;
    summary.dominant = Dominant::of_run(t.slowest, t.files, began.elapsed());
    // A feed read to here is read from here next time only if nothing it led to was missed
    // (here, or by the other hosts that had a part of it).
    if !t.stopped && !opts.dry_run && summary.count(Status::Failed) == 0 && !t.remember.is_empty() {
        let now = store::now();
        store.write(|tx| -> Result<(), StoreError> {
            for (kind, account, name, value) in &t.remember {
                store::state::set(tx, kind, account, name, value, &now)?;
            }
            Ok(())
        })?;
    }
    // What was skipped stays skipped: remembered whatever else happened, added to what was.
    if !opts.dry_run && !t.skipped.is_empty() {
        let now = store::now();
        store.write(|tx| -> Result<(), StoreError> {
            for ((kind, account), keys) in &t.skipped {
                let known = store::state::get(tx, kind, account, source::SKIPPED)?;
                let mut all: Vec<&str> =
                    known.as_deref().map_or(Vec::new(), |k| k.lines().collect());
                let seen: HashSet<&str> = all.iter().copied().collect();
                all.extend(
                    keys.iter()
                        .map(String::as_str)
                        .filter(|k| !seen.contains(k)),
                );
                store::state::set(tx, kind, account, source::SKIPPED, &all.join("\n"), &now)?;
            }
            Ok(())
        })?;
    }
    Ok(summary)
}

/// How long a run waits before it asks again about items other hosts have in hand.
const ELSEWHERE_WAIT: Duration = Duration::from_millis(100);

/// How often a run renews the leases it holds ([`leases::LEASE_MS`]).
const RENEWAL: Duration = Duration::from_secs(15);

/// What a run reads and records with, the same for each of its passes.
struct Env<'r, P> {
    store: &'r Store,
    opts: &'r Options,
    link: &'r Link<'r>,
    progress: &'r P,
    scratch: &'r std::path::Path,
    working: &'r tokio::sync::Semaphore,
}

/// What a run has found and done so far, over all its passes.
#[derive(Default)]
struct Tally {
    summary: Summary,
    remember: Vec<(&'static str, String, String, String)>,
    /// For a source synced: what the listing held, by key, and whether it is whole (what it
    /// no longer holds left it).
    listed: HashSet<String>,
    complete: bool,
    listing_failed: bool,
    /// A dry run stores nothing, so it remembers here which texts it would have stored.
    dry_run_texts: HashSet<String>,
    stopped: bool,
    gone: usize,
    unchanged: Vec<Seen>,
    /// The file that took longest so far (its `of` set once the run is over), of how many.
    slowest: Option<Dominant>,
    files: usize,
    skipped: HashMap<(&'static str, String), Vec<String>>,
    /// Items another host had claimed when this run came to them ([`Options::lease`]).
    elsewhere: Vec<Item>,
}

impl<P: Progress> Env<'_, P> {
    /// Fetches and records what `found` holds, reporting each outcome once it is committed.
    async fn pass(
        &self,
        found: LocalBoxStream<'_, Expanded>,
        t: &mut Tally,
        report: &mut dyn FnMut(&Outcome) -> std::io::Result<()>,
    ) -> Result<(), IngestError> {
        let opts = self.opts;
        let mut results = found
            .map(|e| match e {
                Expanded::Item(item) => Either::Left(self.fetch(item)),
                other => Either::Right(std::future::ready(Ok(Step::Listed(other)))),
            })
            // In order: reports follow the order files were named, and of two identical texts
            // the first named becomes the sample. `jobs` fetches run at once; the window looks
            // further ahead so that one slow file does not leave the other workers idle (with
            // a window of `jobs`, 327 PDFs on two cores took 15.3 s; with four times that,
            // 10.5 s).
            .buffered(opts.jobs.max(1) * LOOKAHEAD);
        let mut renewal = tokio::time::interval(RENEWAL);
        loop {
            if opts.stop.load(Ordering::Relaxed) {
                t.stopped = true;
                break;
            }
            let first = tokio::select! {
                next = results.next() => next,
                _ = renewal.tick(), if opts.lease.is_some() => {
                    if let Some(lease) = &opts.lease {
                        leases::renew(self.store.db(), lease)?;
                    }
                    continue;
                }
                () = until(&opts.stop) => {
                    t.stopped = true;
                    break;
                }
            };
            let Some(first) = first else { break };
            // What else is ready already is stored with it in one batch. It is gathered first:
            // polling the fetches runs their own writes (the breaker's, a refreshed token's,
            // a lease's) on other connections or outside the batch, which would otherwise
            // wait on an open batch for ever.
            let mut ready = vec![first];
            let mut ready_bytes = 0;
            let mut ended = false;
            while ready.len() < BATCH && ready_bytes < BATCH_BYTES {
                match results.next().now_or_never() {
                    Some(Some(next)) => {
                        if let Ok(Step::Fetched(f)) = &next {
                            ready_bytes += f.bytes;
                        }
                        ready.push(next);
                    }
                    Some(None) => {
                        ended = true;
                        break;
                    }
                    None => break,
                }
            }
            // Recorded in the open batch, reported once it is committed.
            let mut pending = Vec::with_capacity(ready.len());
            for result in ready {
                match result? {
                    Step::Fetched(f) => pending.push(self.record_fetched(*f, t)?),
                    Step::Elsewhere(item) => {
                        if opts.synced.is_some() {
                            t.listed.insert(item.key.clone());
                        }
                        t.elsewhere.push(item);
                    }
                    Step::Listed(e) => pending.extend(t.listed_only(e, opts)),
                }
            }
            self.store.commit_batch()?;
            for o in pending {
                t.summary.add(&o);
                self.progress.counted();
                report(&o).map_err(IngestError::Report)?;
            }
            if ended {
                break;
            }
        }
        // What is in flight is dropped: nothing of it was recorded.
        drop(results);
        Ok(())
    }

    /// Fetches `item` in its turn, unless another host has it in hand ([`Options::lease`]).
    async fn fetch(&self, item: Item) -> Result<Step, StoreError> {
        // Never closed, so acquiring cannot fail.
        let _turn = self.working.acquire().await.ok();
        if let Some(lease) = &self.opts.lease
            && !leases::claim(self.store.db(), lease, key_of(&item))?
        {
            return Ok(Step::Elsewhere(item));
        }
        // Read now, not when listed: another host may have recorded it since.
        let prior = samples::find_source(self.store.db(), key_of(&item))?;
        let step = self.progress.started(&item.display);
        let fetching = Instant::now();
        let fetched = item
            .entry
            .fetch(self.link, prior.as_ref(), &self.opts.fetch, self.scratch)
            .await;
        let bytes = match &fetched {
            Fetch::Text { read, .. } => read.bytes,
            _ => 0,
        };
        self.progress.finished(step, bytes);
        Ok(Step::Fetched(Box::new(Fetched {
            item,
            prior,
            fetched,
            took: fetching.elapsed(),
            bytes,
        })))
    }

    /// Records one item fetched, in the open batch, and lets go of its lease there.
    fn record_fetched(&self, f: Fetched, t: &mut Tally) -> Result<Outcome, StoreError> {
        let Fetched {
            item,
            prior,
            fetched,
            took: fetch_time,
            bytes,
        } = f;
        let opts = self.opts;
        if opts.synced.is_some() {
            t.listed.insert(item.key.clone());
        }
        let recording = Instant::now();
        // What left its source may come back (out of the trash): not skipped for good.
        let departed = matches!(fetched, Fetch::Gone { .. });
        let (outcome, left) = record(
            self.store,
            &item,
            prior,
            fetched,
            opts,
            &mut t.dry_run_texts,
            &mut t.unchanged,
        )?;
        if let Some(lease) = &opts.lease {
            let failed = outcome.status == Status::Failed;
            self.store
                .write_batched(|tx| leases::release(tx, lease, key_of(&item), failed))?;
        }
        if t.unchanged.len() >= SEEN_BATCH {
            flush_seen(self.store, &mut t.unchanged, opts)?;
        }
        t.gone += usize::from(left);
        if outcome.status == Status::Skipped && !departed && source::remembers_skips(item.kind) {
            t.skipped
                .entry((item.kind, item.account.clone()))
                .or_default()
                .push(item.key.clone());
        }
        let took = fetch_time + recording.elapsed();
        t.files += 1;
        if t.slowest.as_ref().is_none_or(|d| took > d.took) {
            t.slowest = Some(Dominant {
                source: item.display,
                took,
                of: Duration::ZERO,
                bytes,
            });
        }
        Ok(outcome)
    }
}

impl Tally {
    /// Takes in what the listing found besides items: the outcome to report, if any.
    fn listed_only(&mut self, e: Expanded, opts: &Options) -> Option<Outcome> {
        match e {
            // Fetched, never passed through.
            Expanded::Item(_) => None,
            Expanded::Skipped {
                source,
                file_id,
                reason,
            } => {
                if opts.synced.is_some() {
                    self.listed.extend(file_id.clone());
                }
                let mut o = Outcome::new(source, file_id, Status::Skipped);
                o.reason = Some(reason);
                Some(o)
            }
            Expanded::Failed {
                source,
                file_id,
                failure,
            } => {
                self.listing_failed = true;
                Some(Outcome::failed(source, file_id, failure))
            }
            Expanded::Remember {
                kind,
                account,
                name,
                value,
            } => {
                self.remember.push((kind, account, name, value));
                None
            }
            Expanded::Complete => {
                self.complete = true;
                None
            }
        }
    }
}

/// Marks gone what the remembered source `id` gave before and a whole listing of it no longer
/// holds (`listed`, by key); returns how many samples that made gone.
fn mark_departed(store: &Store, id: i64, listed: &HashSet<String>) -> Result<usize, StoreError> {
    let Some(found) = synced::get(store.db(), id)? else {
        return Ok(0);
    };
    let Some(kind) = source::KINDS.iter().find(|k| k.name() == found.kind) else {
        return Ok(0);
    };
    let left: Vec<(String, String)> = synced::live_items(store.db(), id)?
        .into_iter()
        .filter(|(_, key)| !listed.contains(key))
        .collect();
    if left.is_empty() {
        return Ok(0);
    }
    let now = store::now();
    store.write(|tx| {
        let mut gone = 0;
        for (account, key) in &left {
            let key = SourceKey {
                source_type: kind.name(),
                account,
                key,
            };
            gone +=
                usize::from(samples::mark_gone(tx, key, &kind.why_gone(key.key), &now)?.is_some());
        }
        Ok(gone)
    })
}

/// The most items, and bytes read, that one batch of writes holds: a disk that fills up
/// takes the open batch with it, never more.
const BATCH: usize = 500;
const BATCH_BYTES: u64 = 64 * 1024;

/// Ends once `flag` is set.
async fn until(flag: &AtomicBool) {
    while !flag.load(Ordering::Relaxed) {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

fn key_of(item: &Item) -> SourceKey<'_> {
    SourceKey {
        source_type: item.kind,
        account: &item.account,
        key: &item.key,
    }
}

/// Stores what one fetch produced and says what happened.
fn record(
    store: &Store,
    item: &Item,
    prior: Option<SourceRecord>,
    fetched: Fetch,
    opts: &Options,
    dry_run_texts: &mut HashSet<String>,
    unchanged: &mut Vec<Seen>,
) -> Result<(Outcome, bool), StoreError> {
    let mut report = Outcome::new(item.display.clone(), Some(item.key.clone()), Status::Failed);
    let key = key_of(item);
    let now = store::now();
    match fetched {
        Fetch::Failed(failure) => {
            return Ok((
                Outcome::failed(item.display.clone(), Some(item.key.clone()), failure),
                false,
            ));
        }
        Fetch::Skipped { reason, mime_type } => {
            report.status = Status::Skipped;
            report.mime_type = mime_type;
            report.reason = Some(reason);
        }
        Fetch::Gone { reason } => {
            report.status = Status::Skipped;
            let gone = match prior {
                Some(prior) if !opts.dry_run => {
                    report.sample_id = Some(prior.sample_id);
                    store.write_batched(|tx| samples::mark_gone(tx, key, &reason, &now))?
                }
                _ => None,
            };
            report.reason = Some(reason);
            return Ok((report, gone.is_some()));
        }
        Fetch::Unchanged { revision } => {
            let Some(prior) = prior else {
                // Only a known source can be unchanged.
                report.reason = Some("unchanged, but never ingested (a bug)".into());
                return Ok((report, false));
            };
            if !opts.dry_run {
                unchanged.push(Seen {
                    kind: item.kind,
                    account: item.account.clone(),
                    key: item.key.clone(),
                    sample: prior.sample,
                    revision,
                    content_sha256: prior.content_sha256.clone(),
                });
            }
            report.status = Status::Unchanged;
            report.title = Some(opts.title.clone().unwrap_or(prior.title));
            report.mime_type = Some(prior.mime_type);
            report.words = usize::try_from(prior.words).ok();
            report.sample_id = Some(prior.sample_id);
        }
        Fetch::Text { text, mut read } => {
            if let Some(title) = &opts.title {
                read.provenance.title = title.clone();
            }
            report.title = Some(read.provenance.title.clone());
            report.mime_type = Some(read.provenance.mime_type.clone());
            let (words, chars, sha256) = match &text {
                Text::Whole(text) => (
                    extract::word_count(text),
                    text.chars().count(),
                    hex::encode(Sha256::digest(text.as_bytes())),
                ),
                Text::Streamed(file) => (file.words, file.chars, file.sha256.clone()),
            };
            report.words = Some(words);
            let extracted = Extracted {
                text: &text,
                read: &read,
                words,
                chars,
                sha256: &sha256,
            };
            let store_it = |tx: &dyn Sql| store_text(tx, key, &extracted, opts, &now);
            let stored = if opts.dry_run {
                store.write_or_discard(false, store_it)
            } else {
                store.write_batched(store_it)
            };
            let (mut status, sample_id) = match stored {
                // A text too large to hold changed as it was stored: this file's failure.
                Err(StoreError::TextRead(e)) => {
                    let mut failed = report;
                    failed.status = Status::Failed;
                    failed.reason = Some(e.to_string());
                    return Ok((failed, false));
                }
                stored => stored?,
            };
            if opts.dry_run
                && matches!(status, Status::Ingested | Status::Updated)
                && !dry_run_texts.insert(sha256.clone())
            {
                status = Status::Duplicate;
            }
            report.status = status;
            // A dry run's new IDs were never kept.
            report.sample_id = (!opts.dry_run || status != Status::Ingested).then_some(sample_id);
        }
    }
    Ok((report, false))
}

/// An unchanged item, seen again: recorded with others in one transaction ([`flush_seen`]),
/// since most items of a run over something synced before are unchanged, and a transaction
/// each would be most of the run. Losing them (a crash) only means seeing them again.
struct Seen {
    kind: &'static str,
    account: String,
    key: String,
    sample: i64,
    revision: String,
    content_sha256: Option<String>,
}

/// How many unchanged items are recorded a transaction.
const SEEN_BATCH: usize = 1000;

/// Records the unchanged items seen (when, tags, the source synced), and empties `seen`.
fn flush_seen(store: &Store, seen: &mut Vec<Seen>, opts: &Options) -> Result<(), StoreError> {
    if seen.is_empty() {
        return Ok(());
    }
    let now = store::now();
    store.write(|tx| -> Result<(), StoreError> {
        for s in seen.iter() {
            let key = SourceKey {
                source_type: s.kind,
                account: &s.account,
                key: &s.key,
            };
            samples::save_source(
                tx,
                key,
                s.sample,
                &s.revision,
                s.content_sha256.as_deref(),
                &now,
            )?;
            mark(tx, key, s.sample, opts)?;
        }
        Ok(())
    })?;
    seen.clear();
    Ok(())
}

/// A text fetched and extracted, ready to store.
struct Extracted<'a> {
    text: &'a Text,
    read: &'a Read,
    words: usize,
    chars: usize,
    /// Of the normalised text: the identity used for deduplication.
    sha256: &'a str,
}

/// The decision at the heart of ingest, inside one transaction. The source is looked up again
/// here, not trusted from before the fetch: another process may have stored it meanwhile
/// (two overlapping ingests at once), and then this is that sample, not a duplicate of it.
fn store_text(
    tx: &dyn Sql,
    key: SourceKey<'_>,
    e: &Extracted<'_>,
    opts: &Options,
    now: &str,
) -> Result<(Status, String), StoreError> {
    let mut prior = samples::find_source(tx, key)?;
    let found = samples::find_by_sha256(tx, e.sha256)?;
    if prior.is_none() && found.is_some() {
        // On a shared store each statement reads the store as it is then: the other process
        // may have committed this very source and text between the two lookups.
        prior = samples::find_source(tx, key)?;
    }
    let prior = prior.as_ref();
    let (p, sha256) = (e.read, e.sha256);
    let mut lines;
    let text = match e.text {
        Text::Whole(text) => Body::Whole(text),
        Text::Streamed(file) => {
            lines = file
                .lines()
                .map_err(|e| StoreError::TextRead(std::io::Error::other(e)))?
                .map(|line| line.map_err(std::io::Error::other));
            Body::Lines(&mut lines)
        }
    };
    let new = NewSample {
        provenance: &p.provenance,
        text,
        context: p.context.as_deref(),
        sha256,
        words: e.words as i64,
        chars: e.chars as i64,
    };
    let save = |sample: i64| {
        samples::save_source(
            tx,
            key,
            sample,
            &p.revision,
            p.content_sha256.as_deref(),
            now,
        )
    };
    let (status, seq, id) = match (prior, found) {
        // Same text as before (the bytes changed, the words did not).
        (Some(prior), Some((seq, id))) if seq == prior.sample => {
            save(seq)?;
            (Status::Unchanged, seq, id)
        }
        // This text is already stored, from somewhere else.
        (prior, Some((seq, id))) => {
            save(seq)?;
            if let Some(prior) = prior
                && samples::source_count(tx, prior.sample)? == 0
            {
                samples::remove(tx, &[prior.sample])?;
            }
            (Status::Duplicate, seq, id)
        }
        // A known source with new text: its own sample changes in place, keeping its ID,
        // unless other sources share it.
        (Some(prior), None) if samples::source_count(tx, prior.sample)? == 1 => {
            samples::replace(tx, prior.sample, new, now)?;
            save(prior.sample)?;
            (Status::Updated, prior.sample, prior.sample_id.clone())
        }
        (prior, None) => {
            let (seq, id) = samples::insert(tx, new, now)?;
            save(seq)?;
            let status = if prior.is_some() {
                Status::Updated
            } else {
                Status::Ingested
            };
            (status, seq, id)
        }
    };
    mark(tx, key, seq, opts)?;
    Ok((status, id))
}

/// What `--title` and `--tag` ask of every sample a run touches, changed or not, and the
/// remembered source it is synced for.
fn mark(tx: &dyn Sql, key: SourceKey<'_>, seq: i64, opts: &Options) -> Result<(), StoreError> {
    if let Some(title) = &opts.title {
        samples::set_title(tx, seq, title)?;
    }
    if let Some(id) = opts.synced {
        synced::link(tx, id, key)?;
    }
    samples::add_tags(tx, seq, &opts.tags)
}

#[cfg(test)]
mod tests {
    use super::skip_group;

    #[test]
    fn skip_reasons_group_without_what_is_particular_to_a_file() {
        for (reason, group) in [
            (
                "application/zip is not a supported type",
                "not a supported type",
            ),
            ("video/mp4 is not a supported type", "not a supported type"),
            (
                "larger than --max-size (2 MB > 1 MB)",
                "larger than --max-size",
            ),
            ("empty file", "empty file"),
            ("too large: 12 GB unpacked", "too large"),
            ("no text layer (a scan?)", "no text layer"),
            (
                "shortcut to a file that no longer exists or is not shared",
                "shortcut to a file that no longer exists or is not shared",
            ),
        ] {
            assert_eq!(skip_group(reason), group, "{reason}");
        }
    }
}
