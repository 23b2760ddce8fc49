//! The ingest pipeline: items are fetched and extracted concurrently (`--jobs` at a time, on
//! blocking threads), and each result is recorded in the store, one transaction a file, by the
//! one task that owns the store. Recording decides the status: a text already stored is a
//! duplicate, a known source whose text changed updates its sample in place.

use std::collections::{HashMap, HashSet};

use futures::StreamExt as _;
use sha2::{Digest as _, Sha256};

use crate::Error;
use crate::extract;
use crate::google::drive::Drive;
use crate::output::{FileReport, Progress, Status};
use crate::source::{self, Expanded, Fetch, FetchOptions, Item, Provenance};
use crate::store::samples::{self, NewSample, SourceKey, SourceRecord};
use crate::store::{self, Store, StoreError};

/// What `ingest`'s flags ask for.
#[derive(Debug, Clone)]
pub struct Options {
    pub fetch: FetchOptions,
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub jobs: usize,
    pub dry_run: bool,
    /// Walk into subfolders of Drive folders (local directories are walked at expansion).
    pub recursive: bool,
}

/// How many files ended in each status.
#[derive(Debug, Default)]
pub struct Summary {
    counts: HashMap<Status, usize>,
    /// Of the failed, those that failed because Google stayed unavailable.
    temporary: usize,
}

impl Summary {
    pub fn count(&self, status: Status) -> usize {
        self.counts.get(&status).copied().unwrap_or(0)
    }

    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }

    /// Whether nothing was done but for failures that were all because Google stayed
    /// unavailable: the run as a whole is a temporary failure (exit 75) a later run finishes.
    pub fn all_temporary(&self) -> bool {
        let failed = self.count(Status::Failed);
        failed > 0
            && self.temporary == failed
            && failed + self.count(Status::Skipped) == self.total()
    }

    fn add(&mut self, report: &FileReport) {
        *self.counts.entry(report.status).or_default() += 1;
        self.temporary += usize::from(report.temporary);
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = Status::ALL
            .iter()
            .map(|s| format!("{} {}", self.count(*s), s.as_str()))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

/// How many files may be fetched and waiting for their turn to be recorded, per job.
const LOOKAHEAD: usize = 4;

/// Ingests `expanded`, calling `report` once per file as each finishes.
pub async fn run(
    store: &Store,
    expanded: Vec<Expanded>,
    opts: &Options,
    drive: Option<&Drive<'_>>,
    progress: &Progress,
    report: &mut dyn FnMut(&FileReport) -> Result<(), Error>,
) -> Result<Summary, Error> {
    let mut summary = Summary::default();
    let mut emit = |r: FileReport| -> Result<(), Error> {
        summary.add(&r);
        progress.counted();
        report(&r)
    };
    // Drive addresses become files here, where an account is at hand.
    let mut flat = Vec::with_capacity(expanded.len());
    for e in expanded {
        match (e, drive) {
            (Expanded::Drive { source, target }, Some(drive)) => {
                let line = progress.started(&format!("listing {source}"));
                source::drive::expand(drive, &target, &source, opts.recursive, &mut flat).await;
                progress.finished(line, 0);
            }
            (Expanded::Drive { source, .. }, None) => flat.push(Expanded::Failed {
                source,
                failure: source::NO_ACCOUNT.into(),
            }),
            (other, _) => flat.push(other),
        }
    }
    progress.set_files(flat.len());
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    for e in flat {
        match e {
            Expanded::Item(item) => {
                if seen.insert((item.account.clone(), item.key.clone())) {
                    items.push(item);
                }
            }
            Expanded::Skipped { source, reason } => {
                emit(bare_report(source, Status::Skipped, reason, opts.dry_run))?
            }
            Expanded::Failed { source, failure } => {
                let mut report = bare_report(source, Status::Failed, failure.reason, opts.dry_run);
                report.temporary = failure.temporary;
                emit(report)?
            }
            Expanded::Drive { .. } => {}
        }
    }
    let scratch = tempfile::tempdir().map_err(|source| Error::WriteFile {
        path: std::env::temp_dir(),
        source,
    })?;
    // A dry run stores nothing, so it remembers here which texts it would have stored.
    let mut dry_run_texts = HashSet::new();
    let jobs = opts.jobs.max(1);
    let working = tokio::sync::Semaphore::new(jobs);
    let working = &working;
    let mut results = futures::stream::iter(items)
        .map(|item| {
            let prior = samples::find_source(store.conn(), key_of(&item));
            let scratch = scratch.path();
            async move {
                let prior = prior?;
                // Never closed, so acquiring cannot fail.
                let _turn = working.acquire().await.ok();
                let line = progress.started(&item.display);
                let fetched =
                    source::fetch(&item, prior.as_ref(), &opts.fetch, drive, scratch).await;
                let bytes = match &fetched {
                    Fetch::Text { provenance, .. } => provenance.bytes,
                    _ => 0,
                };
                progress.finished(line, bytes);
                Ok::<_, StoreError>((item, prior, fetched))
            }
        })
        // In order: reports follow the order files were named, and of two identical texts
        // the first named becomes the sample. `jobs` fetches run at once; the window looks
        // further ahead so that one slow file does not leave the other workers idle (with a
        // window of `jobs`, 327 PDFs on two cores took 15.3 s; with four times that, 10.5 s).
        .buffered(jobs * LOOKAHEAD);
    while let Some(result) = results.next().await {
        let (item, prior, fetched) = result?;
        emit(record(
            store,
            &item,
            prior,
            fetched,
            opts,
            &mut dry_run_texts,
        )?)?;
    }
    Ok(summary)
}

fn key_of(item: &Item) -> SourceKey<'_> {
    SourceKey {
        source_type: item.source_type(),
        account: &item.account,
        key: &item.key,
    }
}

fn bare_report(source: String, status: Status, reason: String, dry_run: bool) -> FileReport {
    FileReport {
        source,
        file_id: None,
        title: None,
        mime_type: None,
        status,
        sample_id: None,
        words: None,
        reason: Some(reason),
        dry_run,
        temporary: false,
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
) -> Result<FileReport, StoreError> {
    let mut report = bare_report(
        item.display.clone(),
        Status::Failed,
        String::new(),
        opts.dry_run,
    );
    report.reason = None;
    let key = key_of(item);
    let now = store::now();
    match fetched {
        Fetch::Failed(failure) => {
            report.reason = Some(failure.reason);
            report.temporary = failure.temporary;
        }
        Fetch::Skipped { reason, mime_type } => {
            report.status = Status::Skipped;
            report.mime_type = mime_type;
            report.reason = Some(reason);
        }
        Fetch::Unchanged { revision } => {
            let Some(prior) = prior else {
                // Only a known source can be unchanged.
                report.reason = Some("unchanged, but never ingested (a bug)".into());
                return Ok(report);
            };
            store.write_or_discard(!opts.dry_run, |tx| {
                samples::save_source(
                    tx,
                    key,
                    prior.sample,
                    &revision,
                    prior.content_sha256.as_deref(),
                    &now,
                )?;
                samples::add_tags(tx, prior.sample, &opts.tags)
            })?;
            report.status = Status::Unchanged;
            report.title = Some(prior.title);
            report.mime_type = Some(prior.mime_type);
            report.words = usize::try_from(prior.words).ok();
            report.sample_id = Some(prior.sample_id);
        }
        Fetch::Text { text, provenance } => {
            report.title = Some(
                opts.title
                    .clone()
                    .unwrap_or_else(|| provenance.title.clone()),
            );
            report.mime_type = Some(provenance.mime_type.clone());
            report.file_id = provenance.file_id.clone();
            let words = extract::word_count(&text);
            report.words = Some(words);
            let sha256 = hex::encode(Sha256::digest(text.as_bytes()));
            let extracted = Extracted {
                text: &text,
                provenance: &provenance,
                words,
                sha256: &sha256,
            };
            let (mut status, sample_id) = store.write_or_discard(!opts.dry_run, |tx| {
                store_text(tx, key, &extracted, opts, &now)
            })?;
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
    Ok(report)
}

/// A text fetched and extracted, ready to store.
struct Extracted<'a> {
    text: &'a str,
    provenance: &'a Provenance,
    words: usize,
    /// Of the normalised text: the identity used for deduplication.
    sha256: &'a str,
}

/// The decision at the heart of ingest, inside one transaction. The source is looked up again
/// here, not trusted from before the fetch: another process may have stored it meanwhile
/// (two overlapping ingests at once), and then this is that sample, not a duplicate of it.
fn store_text(
    tx: &rusqlite::Transaction<'_>,
    key: SourceKey<'_>,
    e: &Extracted<'_>,
    opts: &Options,
    now: &str,
) -> Result<(Status, String), StoreError> {
    let prior = samples::find_source(tx, key)?;
    let prior = prior.as_ref();
    let (text, p, sha256) = (e.text, e.provenance, e.sha256);
    let title = opts.title.as_deref().unwrap_or(&p.title);
    let new = NewSample {
        title,
        source_type: key.source_type,
        source_id: &p.source_id,
        source_url: &p.source_url,
        mime_type: &p.mime_type,
        account: p.account.as_deref(),
        created_time: p.created_time.as_deref(),
        modified_time: p.modified_time.as_deref(),
        version: p.version.as_deref(),
        owner: p.owner.as_deref(),
        text,
        sha256,
        words: e.words as i64,
        chars: text.chars().count() as i64,
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
    let (status, seq, id) = match (prior, samples::find_by_sha256(tx, sha256)?) {
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
            samples::replace(tx, prior.sample, &new, now)?;
            save(prior.sample)?;
            (Status::Updated, prior.sample, prior.sample_id.clone())
        }
        (prior, None) => {
            let (seq, id) = samples::insert(tx, &new, now)?;
            save(seq)?;
            let status = if prior.is_some() {
                Status::Updated
            } else {
                Status::Ingested
            };
            (status, seq, id)
        }
    };
    samples::add_tags(tx, seq, &opts.tags)?;
    Ok((status, id))
}
