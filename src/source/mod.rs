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
use crate::extract::NoText;
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
                for line in stdin.lines() {
                    let line = line?;
                    let line = line.trim();
                    if !line.is_empty() {
                        expand_one(OsString::from(line).as_os_str(), recursive, &mut out);
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
                    Fetch::Failed(
                        String::from("internal error while reading this file (a bug)").into(),
                    )
                })
        }
        Origin::Drive(meta) => match drive {
            Some(drive) => drive::fetch(drive, meta, prior, opts, scratch).await,
            None => Fetch::Failed(String::from("no Google account to read it with").into()),
        },
    }
}

/// How long one file may take to read and extract. A stuck extractor's thread is left behind
/// (it ends with the process) and the file reported failed.
pub const TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

pub fn too_slow() -> String {
    format!(
        "gave up after {} s extracting this file",
        TIME_LIMIT.as_secs()
    )
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
