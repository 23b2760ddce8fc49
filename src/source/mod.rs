//! Where bytes come from. A SOURCE on the command line expands into items (one file each);
//! fetching an item yields its extracted text with provenance, or says it is unchanged,
//! skipped or failed. Sources know nothing of the store beyond what it remembers of an item.

pub mod drive;
mod local;

use std::collections::HashSet;
use std::ffi::OsString;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use crate::cli::FileKind;
use crate::extract::{self, Kind, NoText};
use crate::google::address::{self, DriveRef};
use crate::google::drive::Drive;
use crate::store::samples::SourceRecord;

/// One file to consider.
#[derive(Debug, Clone)]
pub struct Item {
    /// The source as the user sees it (a path as typed or walked).
    pub display: String,
    /// Identity in the store: a local file's `file://` URL.
    pub key: String,
    /// The account a Drive file is read as; "" for local files.
    pub account: String,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub enum Origin {
    Local(PathBuf),
    Drive(Box<crate::google::drive::Meta>),
}

impl Item {
    pub fn source_type(&self) -> &'static str {
        match self.origin {
            Origin::Local(_) => "local",
            Origin::Drive(_) => "drive",
        }
    }
}

/// What a SOURCE expands into.
#[derive(Debug)]
pub enum Expanded {
    Item(Item),
    /// A Drive address, expanded once an account is at hand.
    Drive {
        source: String,
        target: DriveRef,
    },
    Skipped {
        source: String,
        reason: String,
    },
    Failed {
        source: String,
        failure: Failure,
    },
}

/// What `ingest`'s flags ask of every fetch.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub types: Vec<FileKind>,
    pub max_size: u64,
    pub force: bool,
}

/// Where a text came from, as recorded with its sample.
#[derive(Debug, Clone)]
pub struct Provenance {
    pub title: String,
    pub mime_type: String,
    pub source_id: String,
    pub source_url: String,
    pub file_id: Option<String>,
    pub account: Option<String>,
    pub created_time: Option<String>,
    pub modified_time: Option<String>,
    pub version: Option<String>,
    pub owner: Option<String>,
    /// A cheap marker that changes when the content does.
    pub revision: String,
    pub content_sha256: Option<String>,
    /// Bytes read to get the text.
    pub bytes: u64,
}

/// The result of fetching one item.
#[derive(Debug)]
pub enum Fetch {
    Text {
        text: String,
        provenance: Box<Provenance>,
    },
    Unchanged {
        revision: String,
    },
    Skipped {
        reason: String,
        mime_type: Option<String>,
    },
    Failed(Failure),
}

/// Why an item failed, and whether the same run later may well succeed (Google stayed
/// unavailable through every retry) rather than needing something changed first.
#[derive(Debug, Clone)]
pub struct Failure {
    pub reason: String,
    pub temporary: bool,
}

impl From<String> for Failure {
    fn from(reason: String) -> Failure {
        Failure {
            reason,
            temporary: false,
        }
    }
}

impl From<&str> for Failure {
    fn from(reason: &str) -> Failure {
        Failure::from(reason.to_string())
    }
}

/// Expands the command line's SOURCEs (`-` reads more from `stdin`, one a line) into items,
/// each file once however many ways it was named.
pub fn expand(
    sources: &[OsString],
    recursive: bool,
    stdin: &mut dyn BufRead,
) -> std::io::Result<Vec<Expanded>> {
    let mut out = Vec::new();
    let mut read_stdin = false;
    for source in sources {
        if source == "-" {
            if !read_stdin {
                read_stdin = true;
                // Bytes, not UTF-8: a file name need not be text (`find | voicetrain ingest -`).
                for line in stdin.split(b'\n') {
                    let line = line?;
                    let line = line.trim_ascii();
                    if !line.is_empty() {
                        expand_one(&os_string(line), recursive, &mut out);
                    }
                }
            }
        } else {
            expand_one(source, recursive, &mut out);
        }
    }
    let mut seen = HashSet::new();
    out.retain(|e| match e {
        Expanded::Item(item) => seen.insert(item.key.clone()),
        _ => true,
    });
    Ok(out)
}

/// A line of stdin as a name: its bytes as they are on Unix, lossily elsewhere.
fn os_string(bytes: &[u8]) -> OsString {
    #[cfg(unix)]
    {
        <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(bytes).to_os_string()
    }
    #[cfg(not(unix))]
    {
        OsString::from(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// A local path that exists is local; an address with a scheme must be a Drive one; a bare
/// Drive ID that is not a local path is a Drive file.
fn expand_one(source: &std::ffi::OsStr, recursive: bool, out: &mut Vec<Expanded>) {
    let text = source.to_string_lossy();
    let path = Path::new(source);
    let looks_drive = text.contains("://") || (!path.exists() && address::is_bare_id(&text));
    if !looks_drive {
        local::expand(path, recursive, out);
        return;
    }
    match address::parse(&text) {
        Ok(target) => out.push(Expanded::Drive {
            source: text.into_owned(),
            target,
        }),
        Err(e) => out.push(Expanded::Failed {
            source: text.into_owned(),
            failure: format!("{e}; these shapes are: {}", address::SHAPES).into(),
        }),
    }
}

/// Fetches one item: a local file on a blocking thread, a Drive file through `drive`.
pub async fn fetch(
    item: &Item,
    prior: Option<&SourceRecord>,
    opts: &FetchOptions,
    drive: Option<&Drive<'_>>,
    scratch: &Path,
) -> Fetch {
    match &item.origin {
        Origin::Local(path) => {
            let (path, prior, opts) = (path.clone(), prior.cloned(), opts.clone());
            tokio::task::spawn_blocking(move || local::fetch(&path, prior.as_ref(), &opts))
                .await
                .unwrap_or_else(|_| {
                    Fetch::Failed("internal error while reading this file (a bug)".into())
                })
        }
        Origin::Drive(meta) => match drive {
            Some(drive) => drive::fetch(drive, meta, prior, opts, scratch).await,
            None => Fetch::Failed(NO_ACCOUNT.into()),
        },
    }
}

/// Why a Drive file failed when no account is at hand to read it.
pub const NO_ACCOUNT: &str = "no Google account to read it with";

/// How long one file may take to extract.
pub const TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

/// Extracts `bytes` so that nothing the file does can end the run: third-party parsers in a
/// child process with a time and memory limit, voicetrain's own in-process with panics caught.
/// Blocking.
pub fn extract_contained(kind: Kind, bytes: &[u8]) -> Result<String, NoText> {
    if kind.needs_isolation() {
        extract::isolate::extract(kind, bytes, TIME_LIMIT)
    } else {
        extract::contained(|| extract::extract(kind, bytes))
    }
}

/// The outcome of an extraction: a text, a file with none (skipped), or one that is not
/// what its type says (failed).
pub fn extracted(result: Result<String, NoText>, provenance: Provenance) -> Fetch {
    match result {
        Ok(text) => Fetch::Text {
            text,
            provenance: Box::new(provenance),
        },
        Err(NoText::Unreadable(reason)) => Fetch::Failed(reason.into()),
        Err(no_text) => Fetch::Skipped {
            reason: no_text.to_string(),
            mime_type: Some(provenance.mime_type),
        },
    }
}
