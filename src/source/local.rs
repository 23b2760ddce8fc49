//! Local files as a source: paths and directories expand into files, and a file's bytes are
//! read unless its size and modification time (or, failing that, its bytes) show it has not
//! changed since it was last ingested. Whatever no other kind claims is a path.
//!
//! A directory is walked as ripgrep walks one (with its own walker, the `ignore` crate):
//! hidden files and directories, what `.ignore` files and, inside a git repository,
//! `.gitignore` files leave out, and what `--exclude` names are passed over without a word.
//! The walk never leaves the tree it was given unless told to (`--follow`): a symbolic link
//! within the tree is followed (its files are in the tree already, and each is ingested once),
//! one leading out of it is reported as skipped, so that `ln -s /etc notes/etc` never makes
//! `/etc/shadow` a writing sample. A link named on the command line is what was asked for.

use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::UNIX_EPOCH;

use futures::future::LocalBoxFuture;
use ignore::overrides::{Override, OverrideBuilder};
use sha2::{Digest as _, Sha256};

use super::{
    Claim, Entry, ExpandOptions, Expanded, Fetch, FetchOptions, Found, Item, Kind, Link, Read,
};
use crate::extract;
use crate::provider::Scope;
use crate::store::samples::{Provenance, SourceRecord};

/// The kind's name.
const NAME: &str = "local";

/// Local files and directories.
pub struct LocalFiles;

impl Kind for LocalFiles {
    fn name(&self) -> &'static str {
        NAME
    }

    fn why_gone(&self, key: &str) -> String {
        let exists = url::Url::parse(key)
            .ok()
            .and_then(|u| u.to_file_path().ok())
            .is_some_and(|p| p.symlink_metadata().is_ok());
        match exists {
            true => "no longer in the directory walked (ignored, excluded or hidden)".into(),
            false => "deleted".into(),
        }
    }

    fn scope(&self) -> Option<&'static Scope> {
        None
    }

    fn jobs(&self) -> usize {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    }

    fn claim(&self, _address: &OsStr) -> Claim {
        Claim::Takes
    }

    fn expand<'a>(
        &'a self,
        _link: &'a Link<'a>,
        address: &'a OsStr,
        opts: &'a ExpandOptions,
        found: &'a Found,
    ) -> LocalBoxFuture<'a, ()> {
        Box::pin(async move { expand(Path::new(address), opts, found) })
    }
}

/// How directories are walked.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Follow symbolic links out of the directory walked too (`--follow`).
    pub follow: bool,
    /// Honour `.ignore` files, and `.gitignore` files inside a git repository (unless
    /// `--no-ignore`).
    pub ignore_files: bool,
    /// Gitignore-style globs of paths to pass over, matched against the path within the
    /// directory walked (`--exclude`).
    pub exclude: Vec<String>,
}

/// Whether `glob` is one `--exclude` can match with, and if not why.
pub fn check_exclude(glob: &str) -> Result<(), String> {
    excluding(Path::new(""), &[glob]).map(drop)
}

/// The globs to pass over in a walk of `root`: ripgrep's `-g '!GLOB'`.
fn excluding<S: AsRef<str>>(root: &Path, globs: &[S]) -> Result<Override, String> {
    // Said of the glob as given, not of the `!GLOB` made of it.
    let why = |e: ignore::Error| match e {
        ignore::Error::Glob { err, .. } => err,
        e => e.to_string(),
    };
    let mut builder = OverrideBuilder::new(root);
    for glob in globs {
        builder.add(&format!("!{}", glob.as_ref())).map_err(why)?;
    }
    builder.build().map_err(why)
}

/// One local file, by its canonical path.
#[derive(Debug)]
struct LocalFile(PathBuf);

impl Entry for LocalFile {
    fn fetch<'a>(
        &'a self,
        _link: &'a Link<'a>,
        prior: Option<&'a SourceRecord>,
        opts: &'a FetchOptions,
        _scratch: &'a Path,
    ) -> LocalBoxFuture<'a, Fetch> {
        // Most files of a directory synced before are unchanged, and one stat tells so: that
        // is done here, without the hop to a thread of its own that reading takes.
        if let Some(unchanged) = prior.and_then(|p| unchanged(&self.0, p, opts)) {
            return Box::pin(std::future::ready(unchanged));
        }
        let (path, prior, opts) = (self.0.clone(), prior.cloned(), opts.clone());
        Box::pin(async move {
            tokio::task::spawn_blocking(move || fetch(&path, prior.as_ref(), &opts))
                .await
                .unwrap_or_else(|_| {
                    Fetch::Failed("internal error while reading this file (a bug)".into())
                })
        })
    }
}

/// The `file://` URL of a path (made absolute), or the path itself where it has none.
fn file_url(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match url::Url::from_file_path(&absolute) {
        Ok(u) => u.to_string(),
        Err(()) => absolute.to_string_lossy().into_owned(),
    }
}

/// A file or walk that failed, named by its URL.
fn failed(path: &Path, display: String, reason: String) -> Expanded {
    Expanded::Failed {
        source: display,
        file_id: Some(file_url(path)),
        failure: reason.into(),
    }
}

/// Expands one path: a file is itself, a directory its files, walked as [`WalkOptions`] say
/// (recursively unless `opts.recursive` is false), in the order of their names. A path that
/// does not exist says what else it could have been meant as.
fn expand(path: &Path, opts: &ExpandOptions, out: &Found) {
    let display = path.to_string_lossy().into_owned();
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let mut reason = io_reason(&e);
            if e.kind() == std::io::ErrorKind::NotFound
                && let Some(other) = super::other_readings(path.as_os_str())
            {
                reason = format!("{reason}; {other}");
            }
            out.push(failed(path, display, reason));
            return;
        }
    };
    if meta.is_dir() {
        walk(path, display, opts, out);
        out.push(Expanded::Complete);
    } else {
        push_file(path, display, fs::canonicalize(path), out);
    }
}

/// Walks a directory into its files: what the walk reaches and `opts` do not leave out.
fn walk(path: &Path, display: String, opts: &ExpandOptions, out: &Found) {
    let (tree, exclude) = match (fs::canonicalize(path), excluding(path, &opts.walk.exclude)) {
        (Ok(tree), Ok(exclude)) => (tree, exclude),
        (Err(e), _) => return out.push(failed(path, display, io_reason(&e))),
        (_, Err(why)) => return out.push(failed(path, display, why)),
    };
    let mut walk = ignore::WalkBuilder::new(path);
    walk.standard_filters(opts.walk.ignore_files)
        .hidden(true)
        .overrides(exclude)
        // Links are followed so that loops are found; those out of the tree are cut below.
        .follow_links(true)
        .max_depth((!opts.recursive).then_some(1))
        .sort_by_file_name(|a, b| a.cmp(b));
    // The walker's filter must be `'static` and `Sync`: it notes the links it cuts here, and
    // the loop below reports them in the order they were met.
    let cut = Arc::new(Mutex::new(Vec::new()));
    if !opts.walk.follow {
        let cut = Arc::clone(&cut);
        let tree = tree.clone();
        walk.filter_entry(move |e| {
            let out_of_tree = e
                .path_is_symlink()
                .then(|| fs::canonicalize(e.path()).ok())
                .flatten()
                .filter(|target| !target.starts_with(&tree));
            let keep = out_of_tree.is_none();
            if let Some(target) = out_of_tree {
                let mut cut = cut.lock().unwrap_or_else(PoisonError::into_inner);
                cut.push((e.path().to_path_buf(), target));
            }
            keep
        });
    }
    let report_cut = |out: &Found| {
        let mut cut = cut.lock().unwrap_or_else(PoisonError::into_inner);
        for (link, target) in cut.drain(..) {
            out.push(Expanded::Skipped {
                source: link.to_string_lossy().into_owned(),
                file_id: Some(file_url(&link)),
                reason: format!(
                    "symbolic link out of {display} (to {}); --follow follows it",
                    target.display()
                ),
            });
        }
    };
    // The walk is depth first, so a linked directory is met before what is reached through
    // it: a file under none of them is the tree's canonical path joined with its own, and
    // needs no `realpath` of its own (one per file is most of an unchanged sync's time).
    let mut links: Vec<PathBuf> = Vec::new();
    for entry in walk.build() {
        report_cut(out);
        match entry {
            Ok(e) => {
                if let Some(e) = e.error() {
                    ignore_file_trouble(e);
                }
                // The tree's own root is canonical already, link or not.
                let linked = e.depth() > 0 && e.path_is_symlink();
                let through_link = linked || links.iter().any(|l| e.path().starts_with(l));
                if linked && e.file_type().is_some_and(|t| t.is_dir()) {
                    links.push(e.path().to_path_buf());
                }
                if e.file_type().is_some_and(|t| t.is_file()) {
                    let canonical = match e.path().strip_prefix(path) {
                        Ok(rel) if !through_link => Ok(tree.join(rel)),
                        _ => fs::canonicalize(e.path()),
                    };
                    push_file(
                        e.path(),
                        e.path().to_string_lossy().into_owned(),
                        canonical,
                        out,
                    );
                }
            }
            Err(e) if e.is_partial() => ignore_file_trouble(&e),
            Err(e) => {
                let at = walk_error_path(&e).unwrap_or(path);
                let shown = at.to_string_lossy().into_owned();
                if is_loop(&e) {
                    out.push(Expanded::Skipped {
                        source: shown,
                        file_id: Some(file_url(at)),
                        reason: "symbolic link loop".into(),
                    });
                } else {
                    let reason = e.io_error().map(io_reason).unwrap_or_else(|| e.to_string());
                    out.push(failed(at, shown, reason));
                }
            }
        }
    }
    report_cut(out);
}

/// An ignore file that could not be read or holds a glob that does not parse: the rest of
/// it is honoured, as git and ripgrep do, and the trouble is said.
fn ignore_file_trouble(e: &ignore::Error) {
    tracing::warn!("{e}");
}

/// The path a walk's error is about, where it names one.
fn walk_error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        _ => None,
    }
}

fn is_loop(e: &ignore::Error) -> bool {
    match e {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        _ => false,
    }
}

/// One file as an item, keyed by its `canonical` path (or the trouble finding it).
fn push_file(path: &Path, display: String, canonical: io::Result<PathBuf>, out: &Found) {
    let canonical = match canonical {
        Ok(p) => p,
        Err(e) => {
            out.push(failed(path, display, io_reason(&e)));
            return;
        }
    };
    out.push(Expanded::Item(Item {
        kind: NAME,
        display,
        key: file_url(&canonical),
        account: String::new(),
        entry: Box::new(LocalFile(canonical)),
    }));
}

/// [`Fetch::Unchanged`] if the file's size and time are still those of `prior` (and neither
/// its type nor its size would skip it now); `None` if it is to be read to know.
fn unchanged(path: &Path, prior: &SourceRecord, opts: &FetchOptions) -> Option<Fetch> {
    if opts.force || super::skip_by_type(&extract::Declared::of_name(path), None, opts).is_some() {
        return None;
    }
    let meta = fs::metadata(path).ok()?;
    let revision = revision(&meta);
    (meta.len() <= opts.max_size && revision == prior.revision)
        .then_some(Fetch::Unchanged { revision })
}

/// Reads one local file, or says why not. Runs on a blocking thread.
fn fetch(path: &Path, prior: Option<&SourceRecord>, opts: &FetchOptions) -> Fetch {
    // The name decides now where it can; a name that says nothing waits for the bytes.
    let declared = extract::Declared::of_name(path);
    if let Some(skipped) = super::skip_by_type(&declared, None, opts) {
        return skipped;
    }
    let file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return Fetch::Failed(io_reason(&e).into()),
    };
    let meta = match file.metadata() {
        Ok(m) => m,
        Err(e) => return Fetch::Failed(io_reason(&e).into()),
    };
    if meta.len() > opts.max_size {
        return Fetch::Skipped {
            reason: format!(
                "larger than --max-size ({} > {})",
                bytesize::ByteSize(meta.len()),
                bytesize::ByteSize(opts.max_size)
            ),
            mime_type: Some(declared.mime().unwrap_or(extract::OCTET_STREAM).to_string()),
        };
    }
    let before = revision(&meta);
    if !opts.force && prior.is_some_and(|p| p.revision == before) {
        return Fetch::Unchanged { revision: before };
    }
    // Not plain text (`None`): read whole, as any other file.
    if meta.len() > extract::stream::STREAM_OVER
        && let Some(fetched) = streamed(path, &meta, declared.clone(), prior, opts)
    {
        return fetched;
    }
    let (meta, bytes) = match read_still(path, file, meta, opts.max_size) {
        Ok(read) => read,
        Err(failure) => return Fetch::Failed(failure.into()),
    };
    let (kind, mime_type) = match super::read_as(declared, None, &bytes, opts) {
        Ok(read_as) => read_as,
        Err(skipped) => return skipped,
    };
    let content_sha256 = hex::encode(Sha256::digest(&bytes));
    if !opts.force && prior.is_some_and(|p| p.content_sha256.as_deref() == Some(&content_sha256)) {
        return Fetch::Unchanged {
            revision: revision(&meta),
        };
    }
    let read = read_of(path, &meta, mime_type, content_sha256, bytes.len() as u64);
    super::extracted(super::extract_contained(kind, &bytes, opts), read)
}

/// A plain text file too large to hold, read a piece at a time ([`extract::stream`]); `None`
/// when the file is not plain text (its head says so), to be read whole instead.
fn streamed(
    path: &Path,
    meta: &fs::Metadata,
    declared: extract::Declared,
    prior: Option<&SourceRecord>,
    opts: &FetchOptions,
) -> Option<Fetch> {
    let mut head = Vec::new();
    if let Err(e) =
        fs::File::open(path).and_then(|f| f.take(extract::SNIFF_LEN as u64).read_to_end(&mut head))
    {
        return Some(Fetch::Failed(io_reason(&e).into()));
    }
    let mime_type = match super::read_as(declared, None, &head, opts) {
        Ok((extract::Kind::Text, mime_type)) => mime_type,
        Ok(_) => return None,
        Err(skipped) => return Some(skipped),
    };
    let text = match extract::stream::TextFile::open(path) {
        Ok(text) => text,
        Err(extract::stream::StreamError::NoText(no_text)) => {
            return Some(Fetch::Skipped {
                reason: no_text.to_string(),
                mime_type: Some(mime_type),
            });
        }
        Err(extract::stream::StreamError::Read(e)) => {
            return Some(Fetch::Failed(io_reason(&e).into()));
        }
        Err(e) => return Some(Fetch::Failed(e.to_string().into())),
    };
    // Its bytes were all read (and are checked again as it is stored): did it move meanwhile?
    let after = match fs::metadata(path) {
        Ok(after) if revision(&after) == revision(meta) && after.len() == text.bytes => after,
        Ok(_) => {
            return Some(Fetch::Failed(
                "it kept changing while it was read; try again once it is still".into(),
            ));
        }
        Err(e) => return Some(Fetch::Failed(io_reason(&e).into())),
    };
    let content_sha256 = text.content_sha256();
    if !opts.force && prior.is_some_and(|p| p.content_sha256.as_deref() == Some(&content_sha256)) {
        return Some(Fetch::Unchanged {
            revision: revision(&after),
        });
    }
    let read = read_of(path, &after, mime_type, content_sha256, text.bytes);
    Some(Fetch::Text {
        text: extract::Text::Streamed(Box::new(text)),
        read: Box::new(read),
    })
}

/// What is known of a local file once read.
fn read_of(
    path: &Path,
    meta: &fs::Metadata,
    mime_type: String,
    content_sha256: String,
    bytes: u64,
) -> Read {
    let title = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Read {
        provenance: Provenance {
            title,
            source_type: NAME.into(),
            mime_type,
            source_id: path.to_string_lossy().into_owned(),
            source_url: file_url(path),
            created_time: meta.created().ok().and_then(rfc3339),
            modified_time: meta.modified().ok().and_then(rfc3339),
            ..Provenance::default()
        },
        revision: revision(meta),
        content_sha256: Some(content_sha256),
        bytes,
        context: None,
    }
}

/// What marks a local file's content as unchanged: its size and modification time.
fn revision(meta: &fs::Metadata) -> String {
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{}:{mtime_ns}", meta.len())
}

/// Reads a file whole; again, a little later, if it changed while it was read, so that a
/// file being written is never stored half old, half new. A change shows in its size or time
/// moving during the read; but a write that began just before the read moved the time before
/// it, so a file changed less than `SETTLE` before it was read is read again once it has
/// been still that long. Gives up after a few tries.
fn read_still(
    path: &Path,
    mut file: fs::File,
    mut meta: fs::Metadata,
    max_size: u64,
) -> Result<(fs::Metadata, Vec<u8>), String> {
    const TRIES: u32 = 6;
    const SETTLE: std::time::Duration = std::time::Duration::from_millis(50);
    const PAUSE: std::time::Duration = std::time::Duration::from_millis(100);
    for attempt in 1..=TRIES {
        let settled = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age >= SETTLE);
        let mut bytes = Vec::with_capacity(meta.len().min(max_size) as usize);
        (&mut file)
            .take(max_size.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| io_reason(&e))?;
        let after = file.metadata().map_err(|e| io_reason(&e))?;
        let unmoved = after.len() == meta.len() && after.modified().ok() == meta.modified().ok();
        if settled && unmoved && (!meta.is_file() || bytes.len() as u64 == meta.len()) {
            return Ok((meta, bytes));
        }
        if attempt < TRIES {
            std::thread::sleep(PAUSE);
            file = fs::File::open(path).map_err(|e| io_reason(&e))?;
            meta = file.metadata().map_err(|e| io_reason(&e))?;
            if meta.len() > max_size {
                return Err("it grew past --max-size while it was read".into());
            }
        }
    }
    Err("it kept changing while it was read; try again once it is still".into())
}

fn rfc3339(t: std::time::SystemTime) -> Option<String> {
    let ts = jiff::Timestamp::try_from(t).ok()?;
    Some(
        jiff::Timestamp::from_second(ts.as_second())
            .ok()?
            .to_string(),
    )
}

/// An I/O error as a short reason, without Rust's "(os error 2)" suffix.
fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
