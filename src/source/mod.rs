//! Where bytes come from. A SOURCE on the command line expands into items (one file each);
//! fetching an item yields its extracted text with provenance, or says it is unchanged,
//! skipped or failed. Sources know nothing of the store beyond what it remembers of an item.

mod local;

use std::collections::HashSet;
use std::ffi::OsString;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use crate::cli::FileKind;
use crate::store::samples::SourceRecord;

/// One file to consider.
#[derive(Debug, Clone)]
pub struct Item {
    /// The source as the user sees it (a path as typed or walked).
    pub display: String,
    /// Identity in the store: a local file's `file://` URL.
    pub key: String,
    /// Named on the command line rather than found in a directory.
    pub explicit: bool,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub enum Origin {
    Local(PathBuf),
}

impl Item {
    pub fn source_type(&self) -> &'static str {
        match self.origin {
            Origin::Local(_) => "local",
        }
    }

    /// The account a source belongs to ("" for local files).
    pub fn account(&self) -> &str {
        ""
    }
}

/// What a SOURCE expands into.
#[derive(Debug)]
pub enum Expanded {
    Item(Item),
    Skipped { source: String, reason: String },
    Failed { source: String, reason: String },
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
    Failed(String),
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

fn expand_one(source: &std::ffi::OsStr, recursive: bool, out: &mut Vec<Expanded>) {
    let text = source.to_string_lossy();
    if text.starts_with("http://") || text.starts_with("https://") {
        out.push(Expanded::Failed {
            source: text.into_owned(),
            reason: "web addresses are not supported; give a local file or directory".into(),
        });
        return;
    }
    local::expand(Path::new(source), recursive, out);
}

/// Fetches one item. Blocking: call it from a blocking thread.
pub fn fetch(item: &Item, prior: Option<&SourceRecord>, opts: &FetchOptions) -> Fetch {
    match &item.origin {
        Origin::Local(path) => local::fetch(path, prior, opts),
    }
}
