//! `dataset build`, from the store to a dataset directory, in two passes over the samples a
//! selection covers. The first finds near-duplicates from signatures (kept in the store;
//! only samples without one are read). The second streams the texts in store order, in
//! batches that worker threads turn into examples (PII replaced, prompts made, long texts cut
//! to fit the token budget) while one writer appends them to their split's file in order.
//! Files are written in a staging directory inside the output and moved into place at the
//! end, so a failed build leaves the earlier dataset as it was.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

use super::chunk;
use super::example::{Example, Style};
use super::layout::{self, CardFacts, Format};
use super::manifest::{self, Earlier, Manifest};
use super::near::{self, Signature};
use super::pii::{self, Redactor};
use super::pipeline;
use super::prompt::{self, Known, Template};
use super::split::{self, Fractions, Split};
use super::tokens::{Counter, Tokenizer};
use crate::store::samples::{self, Filter, SampleRow};
use crate::store::{Store, StoreError, signatures};

/// Which samples a dataset is made from. Dates are RFC 3339; `until` is exclusive.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub source_types: Vec<String>,
    pub tags: Vec<String>,
    pub account: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub include_gone: bool,
}

/// How the examples are made.
#[derive(Debug, Clone)]
pub struct Options {
    pub format: Format,
    pub style: Style,
    pub fractions: Fractions,
    pub seed: u64,
    pub max_tokens: usize,
    pub min_tokens: usize,
    pub tokenizer: Tokenizer,
    pub system: Option<String>,
    /// The `--prompt` template, as given and parsed.
    pub prompt: Option<(String, Template)>,
    /// The similarity at which two samples are one; `None`: keep them all.
    pub near_dup: Option<f64>,
    pub redact: bool,
    pub selection: Selection,
    /// Worker threads.
    pub jobs: usize,
}

/// Where the dataset goes.
#[derive(Debug, Clone, Copy)]
pub struct Destination<'a> {
    pub dir: &'a Path,
    /// Write into a directory holding files of no earlier build.
    pub force: bool,
    /// Work it all out, write nothing.
    pub dry_run: bool,
}

/// How far a build has got: a phase, then steps of it done.
pub trait Progress: Sync {
    fn phase(&self, what: &str, total: u64);
    fn advance(&self, n: u64);
}

#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{} holds files, and no dataset voicetrain built", .0.display())]
    NotADataset(PathBuf),
    #[error("{} is not a directory", .0.display())]
    NotADirectory(PathBuf),
    #[error("cannot write the dataset in {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("no sample matches the filters ({in_store} in the store)")]
    NoSamples { in_store: u64 },
    #[error(
        "--system and the prompt framing take {overhead} tokens of --max-tokens {max}, leaving no room for text"
    )]
    NoRoom { overhead: usize, max: usize },
}

impl DatasetError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            DatasetError::Store(e) => e.hint(),
            DatasetError::NotADataset(_) => Some(
                "choose an empty or new directory with --output, or pass --force to write beside those files"
                    .into(),
            ),
            DatasetError::NoSamples { in_store: 0 } => {
                Some("ingest some writing first: `voicetrain ingest DIR`".into())
            }
            DatasetError::NoSamples { .. } => {
                Some("loosen --source, --tag, --account, --since or --until".into())
            }
            DatasetError::NoRoom { .. } => {
                Some("raise --max-tokens, or shorten --system and --prompt".into())
            }
            DatasetError::NotADirectory(_) | DatasetError::Write { .. } => None,
        }
    }

    fn write(path: &Path) -> impl FnOnce(io::Error) -> DatasetError + '_ {
        move |source| DatasetError::Write {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Samples read and turned into examples at a time.
const BATCH: usize = 512;

/// Workers that count with a tokenizer instance of their own (the rest share one).
const OWN_TOKENIZERS: usize = 4;

/// Builds the dataset `options` describe from `store` into `dest`; returns its manifest.
pub fn build(
    store: &Store,
    options: &Options,
    dest: Destination<'_>,
    progress: &dyn Progress,
) -> Result<Manifest, DatasetError> {
    // Loading the tokenizer takes a while: done beside the near-duplicate pass, unless the
    // framing is long enough that it may not fit, which must be told before any work.
    let tokenizer = options.tokenizer;
    let _ = std::thread::Builder::new().spawn(move || Counter::new(tokenizer));
    let at_most = options.system.as_ref().map_or(0, String::len) + 16;
    if at_most + options.min_tokens.max(1) > options.max_tokens {
        no_room(options, &Counter::new(tokenizer))?;
    }
    let started = std::time::Instant::now();
    let earlier = check_destination(dest)?;
    let sel = &options.selection;
    let filter = Filter {
        source_types: &sel.source_types,
        tags: &sel.tags,
        account: sel.account.as_deref(),
        since: sel.since.as_deref(),
        until: sel.until.as_deref(),
        gone: (!sel.include_gone).then_some(false),
    };
    let mut candidates = Vec::new();
    signatures::candidates(store.db(), filter, near::SCHEME, |c| {
        candidates.push(c);
        Ok::<_, StoreError>(())
    })?;
    if candidates.is_empty() {
        let in_store = samples::stats(store.db())?.samples;
        return Err(DatasetError::NoSamples {
            in_store: u64::try_from(in_store).unwrap_or(0),
        });
    }
    tracing::debug!(
        "{} samples selected in {:.2?}",
        candidates.len(),
        started.elapsed()
    );
    let dups = match options.near_dup {
        Some(threshold) => near_duplicates(
            store,
            &candidates,
            threshold,
            !dest.dry_run,
            options.jobs,
            progress,
        )?,
        None => Duplicates::default(),
    };

    let staging = match dest.dry_run {
        true => None,
        false => Some(Staging::new(dest.dir, options)?),
    };
    tracing::debug!(
        "{} near-duplicates in {} groups, at {:.2?}",
        dups.dropped.len(),
        dups.clusters.len(),
        started.elapsed()
    );
    let total = (candidates.len() - dups.dropped.len()) as u64;
    drop(candidates);
    let made = examples(store, options, filter, &dups, staging, total, progress)?;
    tracing::debug!("{} examples at {:.2?}", made.sizes.len(), started.elapsed());
    finish(dest, options, earlier, dups, made)
}

/// Fails when the framing of every example (the system turn, the roles) leaves no room for a
/// text of `--min-tokens`.
fn no_room(options: &Options, counter: &Counter) -> Result<(), DatasetError> {
    let framing = Example {
        system: options.system.as_deref(),
        instruction: Cow::Borrowed(""),
        input: None,
        answer: "",
    }
    .line(options.style, options.format.alpaca())
    .tokens(counter);
    if framing + options.min_tokens.max(1) > options.max_tokens {
        return Err(DatasetError::NoRoom {
            overhead: framing,
            max: options.max_tokens,
        });
    }
    Ok(())
}

/// What the near-duplicate pass decided.
#[derive(Debug, Default)]
struct Duplicates {
    /// Samples left out for a newer near-duplicate.
    dropped: HashSet<i64>,
    /// For a kept sample of a group, the ID its split is decided by: the group's oldest, so
    /// that a newer version of a text lands where the old one was.
    anchor: HashMap<i64, String>,
    /// Each group by ID, the kept one first.
    clusters: Vec<Vec<String>>,
}

fn near_duplicates(
    store: &Store,
    candidates: &[signatures::Candidate],
    threshold: f64,
    keep_signatures: bool,
    jobs: usize,
    progress: &dyn Progress,
) -> Result<Duplicates, DatasetError> {
    let mut sigs: Vec<Option<Signature>> = candidates
        .iter()
        .map(|c| c.signature.as_deref().and_then(Signature::from_bytes))
        .collect();
    let missing: Vec<usize> = (0..candidates.len())
        .filter(|&i| sigs[i].is_none())
        .collect();
    progress.phase("finding near-duplicates", missing.len() as u64);
    tracing::debug!("{} signatures to make", missing.len());
    // A store this user cannot write still gets its dataset, only without the cache.
    let keep = keep_signatures && !store.is_read_only();
    pipeline::run::<_, _, _, DatasetError>(
        jobs,
        |send| {
            for batch in missing.chunks(BATCH) {
                let at: HashMap<i64, usize> =
                    batch.iter().map(|&i| (candidates[i].seq, i)).collect();
                let seqs: Vec<i64> = batch.iter().map(|&i| candidates[i].seq).collect();
                let mut texts = Vec::with_capacity(batch.len());
                samples::texts(store.db(), &seqs, |seq, text| {
                    texts.extend(at.get(&seq).map(|&i| (i, text)));
                    Ok::<_, DatasetError>(())
                })?;
                send(texts)?;
            }
            Ok(())
        },
        || (),
        |(), (_, text)| Signature::of(text),
        |texts, made| {
            if keep {
                let rows: Vec<(i64, &str, Vec<u8>)> = texts
                    .iter()
                    .zip(&made)
                    .map(|((i, _), s)| {
                        let c = &candidates[*i];
                        (c.seq, c.sha256.as_str(), s.to_bytes())
                    })
                    .collect();
                store.write(|tx| signatures::save(tx, near::SCHEME, &rows))?;
            }
            progress.advance(texts.len() as u64);
            for ((i, _), sig) in texts.into_iter().zip(made) {
                sigs[i] = Some(sig);
            }
            Ok(())
        },
    )?;
    // A sample removed meanwhile has no text and no signature: it is in no group.
    let empty = Signature::of("");
    let refs: Vec<&Signature> = sigs.iter().map(|s| s.as_ref().unwrap_or(&empty)).collect();
    let mut dups = Duplicates::default();
    for group in near::clusters(&refs, threshold) {
        let mut members: Vec<&signatures::Candidate> =
            group.iter().map(|&i| &candidates[i]).collect();
        // Newest first: by when it was written, then by when it was stored.
        members.sort_by_key(|c| std::cmp::Reverse((date_key(&c.date), c.seq)));
        let Some((kept, rest)) = members.split_first() else {
            continue;
        };
        let oldest = rest.last().unwrap_or(kept);
        dups.anchor.insert(kept.seq, oldest.id.clone());
        dups.dropped.extend(rest.iter().map(|c| c.seq));
        dups.clusters
            .push(members.iter().map(|c| c.id.clone()).collect());
    }
    Ok(dups)
}

/// A time stored as RFC 3339 (with or without fractions or an offset), for ordering; one
/// that is not is taken as the oldest.
fn date_key(date: &str) -> i128 {
    date.parse::<jiff::Timestamp>()
        .map_or(i128::MIN, |t| t.as_nanosecond())
}

/// One sample on its way to examples.
struct Item {
    split: Split,
    title: String,
    source_type: String,
    mime_type: String,
    date: String,
    text: String,
    context: Option<String>,
}

/// What one sample became.
#[derive(Default)]
struct Made {
    /// Its examples, as their file holds them.
    bytes: Vec<u8>,
    /// Each example's size in tokens.
    sizes: Vec<u32>,
    too_short: u64,
    no_room: u64,
    pii: pii::Counts,
    language: Option<&'static str>,
}

/// What the examples pass came to.
#[derive(Default)]
struct Examples {
    splits: [manifest::SplitTotals; 3],
    sizes: Vec<u32>,
    left_out: BTreeMap<&'static str, u64>,
    pii: pii::Counts,
    sources: BTreeMap<String, u64>,
    languages: BTreeMap<&'static str, u64>,
    taken: u64,
    from: Option<(i128, String)>,
    to: Option<(i128, String)>,
    inputs: Sha256,
    staging: Option<Staging>,
}

fn examples(
    store: &Store,
    options: &Options,
    filter: Filter<'_>,
    dups: &Duplicates,
    staging: Option<Staging>,
    total: u64,
    progress: &dyn Progress,
) -> Result<Examples, DatasetError> {
    let redactor = options.redact.then(Redactor::new);
    // The first worker counts with the instance loaded meanwhile, the next few each with
    // one of their own, which pays for itself many times over on a big build.
    let workers = std::sync::atomic::AtomicUsize::new(0);
    let maker = || Maker {
        options,
        counter: match workers.fetch_add(1, std::sync::atomic::Ordering::Relaxed) {
            1..OWN_TOKENIZERS => Counter::own(options.tokenizer),
            _ => Counter::new(options.tokenizer),
        },
        redactor: redactor.as_ref(),
    };
    let mut done = Examples {
        staging,
        ..Examples::default()
    };
    progress.phase("writing examples", total);
    let (mut inputs, mut near) = (Sha256::new(), 0);
    pipeline::run::<_, _, _, DatasetError>(
        options.jobs,
        |send| {
            let mut batch: Vec<Item> = Vec::with_capacity(BATCH);
            samples::export(store.db(), filter, |row, text, context| {
                hash_input(&mut inputs, row, context);
                if dups.dropped.contains(&row.seq) {
                    near += 1;
                    return Ok(());
                }
                let anchor = dups.anchor.get(&row.seq).unwrap_or(&row.id);
                batch.push(Item {
                    split: split::of(options.seed, anchor, options.fractions),
                    title: row.provenance.title.clone(),
                    source_type: row.provenance.source_type.clone(),
                    mime_type: row.provenance.mime_type.clone(),
                    date: date_of(row).to_string(),
                    text: text.to_string(),
                    context: context.map(str::to_string),
                });
                if batch.len() == BATCH {
                    send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))?;
                }
                Ok::<_, DatasetError>(())
            })?;
            send(batch)
        },
        maker,
        |maker, item| maker.make(item),
        |batch, made| {
            progress.advance(batch.len() as u64);
            done.take(&batch, made)
        },
    )?;
    done.inputs = inputs;
    if near > 0 {
        done.left_out.insert("near_duplicate", near);
    }
    Ok(done)
}

/// When a sample was written, as the store's date filter reads it.
fn date_of(row: &SampleRow) -> &str {
    let p = &row.provenance;
    p.modified_time
        .as_deref()
        .or(p.created_time.as_deref())
        .unwrap_or(&row.ingested_at)
}

/// Everything the dataset depends on of one sample, length-prefixed so no two inputs hash
/// alike.
fn hash_input(h: &mut Sha256, row: &SampleRow, context: Option<&str>) {
    let p = &row.provenance;
    for field in [
        Some(row.id.as_str()),
        Some(row.sha256.as_str()),
        Some(p.title.as_str()),
        Some(p.source_type.as_str()),
        Some(p.mime_type.as_str()),
        Some(date_of(row)),
        context,
    ] {
        match field {
            Some(f) => {
                h.update((f.len() as u64).to_le_bytes());
                h.update(f.as_bytes());
            }
            None => h.update(u64::MAX.to_le_bytes()),
        }
    }
}

impl Examples {
    /// Counts and writes what a batch became.
    fn take(&mut self, batch: &[Item], made: Vec<Made>) -> Result<(), DatasetError> {
        for (item, made) in batch.iter().zip(made) {
            self.pii.merge(&made.pii);
            *self.left_out.entry("too_short").or_default() += made.too_short;
            *self.left_out.entry("prompt_too_long").or_default() += made.no_room;
            if made.sizes.is_empty() {
                continue;
            }
            let totals = &mut self.splits[item.split as usize];
            totals.samples += 1;
            totals.examples += made.sizes.len() as u64;
            totals.tokens += made.sizes.iter().map(|&n| u64::from(n)).sum::<u64>();
            self.sizes.extend_from_slice(&made.sizes);
            self.taken += 1;
            *self.sources.entry(item.source_type.clone()).or_default() += 1;
            if let Some(l) = made.language {
                *self.languages.entry(l).or_default() += 1;
            }
            let key = date_key(&item.date);
            if self.from.as_ref().is_none_or(|(k, _)| key < *k) {
                self.from = Some((key, item.date.clone()));
            }
            if self.to.as_ref().is_none_or(|(k, _)| key > *k) {
                self.to = Some((key, item.date.clone()));
            }
            if let Some(staging) = &mut self.staging {
                staging.append(item.split, &made.bytes)?;
            }
        }
        Ok(())
    }
}

/// What every worker needs to turn a sample into examples.
struct Maker<'a> {
    options: &'a Options,
    counter: Counter,
    redactor: Option<&'a Redactor>,
}

impl Maker<'_> {
    fn make(&self, item: &Item) -> Made {
        let o = self.options;
        let mut made = Made::default();
        let mut redact = |text: &str| -> String {
            match self.redactor {
                Some(r) => r.redact(text, &mut made.pii).into_owned(),
                None => text.to_string(),
            }
        };
        // White space around a text is no part of its words.
        let text = redact(item.text.trim());
        let context = item.context.as_deref().map(|c| redact(c.trim()));
        let title = redact(&item.title);
        if o.format == Format::Hf {
            let end = text
                .char_indices()
                .map(|(i, _)| i)
                .find(|&i| i >= 2000)
                .unwrap_or(text.len());
            made.language = whatlang::detect(&text[..end])
                .filter(|info| info.is_reliable())
                .map(|info| info.lang().code());
        }
        let known = Known {
            title: &title,
            source_type: &item.source_type,
            mime_type: &item.mime_type,
            date: Some(&item.date),
            replies: context.is_some(),
        };
        self.pieces(&text, context.as_deref(), &known, &mut made);
        made
    }

    /// The examples of one (redacted) text: whole if it fits, else the message it replies to
    /// cut to its start and the text cut into pieces that each fit.
    fn pieces(&self, text: &str, context: Option<&str>, known: &Known<'_>, made: &mut Made) {
        let o = self.options;
        let template = o.prompt.as_ref().map(|(_, t)| t);
        let system = o.system.as_deref();
        let size = |e: &Example<'_>| e.line(o.style, o.format.alpaca()).tokens(&self.counter);
        let whole = self.counter.count(text);
        let first = ask(system, prompt::instruction(template, known, 1, 1), context);
        if size(&first) + whole <= o.max_tokens {
            self.emit(
                Example {
                    answer: text,
                    ..first
                },
                whole,
                made,
            );
            return;
        }
        // Too long. The message replied to keeps its start, at most half the room if the
        // reply needs it; the reply is cut into pieces, the later ones asked as parts of it.
        let alone = Known {
            replies: false,
            ..*known
        };
        let input = context.map(|c| {
            let room = o.max_tokens.saturating_sub(size(&ask(
                system,
                first.instruction.to_string(),
                Some(""),
            )));
            chunk::head(c, room.saturating_sub(whole).max(room / 2), &self.counter)
        });
        let first = Example { input, ..first };
        let later = ask(
            system,
            prompt::instruction(template, &alone, 999, 999),
            None,
        );
        let overhead = size(&first).max(size(&later));
        let mut budget = o.max_tokens.saturating_sub(overhead);
        while budget >= o.min_tokens.max(1) {
            let pieces = chunk::pieces(text, budget, &self.counter);
            let n = pieces.len();
            let examples: Vec<(Example<'_>, usize)> = pieces
                .iter()
                .enumerate()
                .map(|(k, piece)| {
                    let e = match k {
                        0 => ask(system, prompt::instruction(template, known, 1, n), input),
                        _ => ask(
                            system,
                            prompt::instruction(template, &alone, k + 1, n),
                            None,
                        ),
                    };
                    let tokens = self.counter.count(piece);
                    (Example { answer: piece, ..e }, tokens)
                })
                .collect();
            let over = examples
                .iter()
                .map(|(e, tokens)| {
                    (size(&Example {
                        answer: "",
                        ..e.clone()
                    }) + tokens)
                        .saturating_sub(o.max_tokens)
                })
                .max()
                .unwrap_or(0);
            if over == 0 {
                for (e, tokens) in examples {
                    self.emit(e, tokens, made);
                }
                return;
            }
            budget = budget.saturating_sub(over);
        }
        made.no_room += 1;
    }

    /// Adds one example, unless its answer is shorter than `--min-tokens`.
    fn emit(&self, example: Example<'_>, answer_tokens: usize, made: &mut Made) {
        let o = self.options;
        if answer_tokens < o.min_tokens || example.answer.trim().is_empty() {
            made.too_short += 1;
            return;
        }
        let line = example.line(o.style, o.format.alpaca());
        let framing = Example {
            answer: "",
            ..example.clone()
        }
        .line(o.style, o.format.alpaca())
        .tokens(&self.counter);
        made.sizes
            .push(u32::try_from(framing + answer_tokens).unwrap_or(u32::MAX));
        layout::write_example(&mut made.bytes, o.format, &line);
    }
}

/// An example asking `instruction` (or answering `input`), its answer yet to come.
fn ask<'e>(system: Option<&'e str>, instruction: String, input: Option<&'e str>) -> Example<'e> {
    Example {
        system,
        instruction: Cow::Owned(instruction),
        input,
        answer: "",
    }
}

/// The files of a build being written, in a directory of their own inside the output.
struct Staging {
    dir: tempfile::TempDir,
    files: Vec<(Split, &'static str, io::BufWriter<fs::File>)>,
}

impl Staging {
    fn new(out: &Path, options: &Options) -> Result<Staging, DatasetError> {
        let dir = tempfile::Builder::new()
            .prefix(".voicetrain-build-")
            .tempdir_in(out)
            .map_err(DatasetError::write(out))?;
        let mut files = Vec::new();
        for split in Split::ALL {
            let asked = match split {
                Split::Train => true,
                Split::Valid => options.fractions.valid > 0.0,
                Split::Test => options.fractions.test > 0.0,
            };
            if !asked {
                continue;
            }
            let name = options.format.file(split);
            let path = dir.path().join(name);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(DatasetError::write(parent))?;
            }
            let file = fs::File::create(&path).map_err(DatasetError::write(&path))?;
            files.push((split, name, io::BufWriter::with_capacity(1 << 20, file)));
        }
        Ok(Staging { dir, files })
    }

    fn append(&mut self, split: Split, bytes: &[u8]) -> Result<(), DatasetError> {
        let staged = self.dir.path();
        match self.files.iter_mut().find(|(s, _, _)| *s == split) {
            Some((_, name, out)) => out
                .write_all(bytes)
                .map_err(DatasetError::write(&staged.join(name))),
            // A split with no file asked for gets no examples (its fraction is 0).
            None => Ok(()),
        }
    }

    /// Writes `name` (the card, the manifest) beside the data.
    fn put(&mut self, name: &str, bytes: &[u8]) -> Result<(), DatasetError> {
        let path = self.dir.path().join(name);
        fs::write(&path, bytes).map_err(DatasetError::write(&path))
    }

    /// Flushes and syncs everything, then moves each file over its namesake in `out`.
    fn commit(self, out: &Path, names: &[&str]) -> Result<(), DatasetError> {
        for (_, name, file) in self.files {
            let path = self.dir.path().join(name);
            let file = file
                .into_inner()
                .map_err(|e| DatasetError::write(&path)(e.into_error()))?;
            file.sync_all().map_err(DatasetError::write(&path))?;
        }
        for name in names {
            let to = out.join(name);
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent).map_err(DatasetError::write(parent))?;
            }
            fs::rename(self.dir.path().join(name), &to).map_err(DatasetError::write(&to))?;
        }
        Ok(())
    }
}

/// Whether `dest` may take a dataset: absent, empty, an earlier build, or `--force`d.
/// Returns the earlier build's manifest, if any.
fn check_destination(dest: Destination<'_>) -> Result<Option<Earlier>, DatasetError> {
    let dir = dest.dir;
    match fs::metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if !dest.dry_run {
                fs::create_dir_all(dir).map_err(DatasetError::write(dir))?;
            }
            return Ok(None);
        }
        Err(e) => return Err(DatasetError::write(dir)(e)),
        Ok(m) if !m.is_dir() => return Err(DatasetError::NotADirectory(dir.to_path_buf())),
        Ok(_) => {}
    }
    let earlier = fs::read_to_string(dir.join(layout::MANIFEST))
        .ok()
        .and_then(|text| Earlier::parse(&text));
    if earlier.is_none() && !dest.force {
        let mut entries = fs::read_dir(dir).map_err(DatasetError::write(dir))?;
        if entries.next().is_some() {
            return Err(DatasetError::NotADataset(dir.to_path_buf()));
        }
    }
    Ok(earlier)
}

fn finish(
    dest: Destination<'_>,
    options: &Options,
    earlier: Option<Earlier>,
    dups: Duplicates,
    mut made: Examples,
) -> Result<Manifest, DatasetError> {
    let o = options;
    let mut staging = made.staging.take();
    let totals = |s: Split| made.splits[s as usize];
    // A split with no example gets no file (see `Format::file`); training always has one. A
    // dry run lists the same files, unwritten.
    let mut files: Vec<&'static str> = Split::ALL
        .iter()
        .filter(|&&s| s == Split::Train || totals(s).examples > 0)
        .map(|&s| o.format.file(s))
        .collect();
    let mut card = None;
    if o.format == Format::Hf {
        let total: u64 = made.languages.values().sum();
        let mut languages: Vec<(&'static str, u64)> = made
            .languages
            .iter()
            .filter(|(_, n)| **n * 20 >= total)
            .map(|(l, n)| (*l, *n))
            .collect();
        languages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let splits: Vec<(Split, u64)> = Split::ALL
            .iter()
            .map(|&s| (s, totals(s).examples))
            .filter(|(_, n)| *n > 0)
            .collect();
        card = Some(layout::card(&CardFacts {
            style: o.style,
            tokenizer: o.tokenizer.name(),
            splits,
            languages: languages.into_iter().map(|(l, _)| l).collect(),
            samples: made.taken,
        }));
        files.push(layout::CARD);
    }
    files.push(layout::MANIFEST);
    let left_out = made.left_out.into_iter().filter(|(_, n)| *n > 0).collect();
    let sel = &o.selection;
    let options_out = manifest::Options {
        valid: o.fractions.valid,
        test: o.fractions.test,
        system: o.system.clone(),
        prompt: o.prompt.as_ref().map(|(raw, _)| raw.clone()),
        pii: if o.redact { "redact" } else { "keep" },
    };
    let mut manifest = Manifest {
        generator: manifest::GENERATOR,
        format: o.format.name(),
        style: o.style.name(),
        tokenizer: o.tokenizer.name(),
        seed: o.seed,
        max_tokens: o.max_tokens,
        min_tokens: o.min_tokens,
        splits: manifest::Splits {
            train: totals(Split::Train),
            valid: totals(Split::Valid),
            test: totals(Split::Test),
        },
        examples: made.sizes.len() as u64,
        tokens: manifest::Tokens::of(std::mem::take(&mut made.sizes)),
        left_out,
        near_duplicates: manifest::NearDuplicates {
            threshold: o.near_dup,
            clusters: dups.clusters,
        },
        pii: made.pii.iter().map(|(k, n)| (k.name(), n)).collect(),
        filters: manifest::Filters {
            source: sel.source_types.clone(),
            tag: sel.tags.clone(),
            account: sel.account.clone(),
            since: sel.since.clone(),
            until: sel.until.clone(),
            include_gone: sel.include_gone,
        },
        date_range: manifest::DateRange {
            from: made.from.map(|(_, d)| d),
            to: made.to.map(|(_, d)| d),
        },
        sources: made.sources,
        options: options_out,
        files,
        inputs_sha256: String::new(),
    };
    // The options as the manifest states them, so that any flag that changes the output
    // changes the hash.
    let stated = serde_json::to_vec(&(
        &manifest.format,
        &manifest.style,
        &manifest.tokenizer,
        manifest.seed,
        manifest.max_tokens,
        manifest.min_tokens,
        manifest.near_duplicates.threshold,
        &manifest.filters,
        &manifest.options,
    ))
    .unwrap_or_default();
    made.inputs.update(&stated);
    manifest.inputs_sha256 = hex::encode(made.inputs.finalize());

    if let Some(mut staging) = staging.take() {
        if let Some(card) = &card {
            staging.put(layout::CARD, card.as_bytes())?;
        }
        staging.put(layout::MANIFEST, &to_json(&manifest))?;
        let written = manifest.files.clone();
        staging.commit(dest.dir, &written)?;
        // What an earlier build wrote and this one did not (a test split no longer asked
        // for): removed, but only names a build writes, whatever that manifest says.
        let ours: HashSet<&str> = [
            Format::Openai,
            Format::Hf,
            Format::Mlx,
            Format::Alpaca,
            Format::Text,
        ]
        .iter()
        .flat_map(|f| f.all_files())
        .collect();
        for old in earlier.iter().flat_map(|e| &e.files) {
            if ours.contains(old.as_str()) && !written.contains(&old.as_str()) {
                let _ = fs::remove_file(dest.dir.join(old));
            }
        }
    }
    Ok(manifest)
}

/// The manifest as `manifest.json` holds it (and `--json` prints it): pretty, then a newline.
pub fn to_json(manifest: &Manifest) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(manifest).unwrap_or_default();
    out.push(b'\n');
    out
}
