//! Google Drive as a source: an address expands into files (a folder into its files, every
//! page, recursively unless told not to; shortcuts followed, a dangling one reported; trashed
//! files never), and a file is fetched only when its `version` or md5 changed since it was
//! last ingested: an unchanged folder costs listing calls and nothing more.

use std::collections::{HashSet, VecDeque};
use std::path::Path;

use sha2::{Digest as _, Sha256};

use super::{Expanded, Failure, Fetch, FetchOptions, Item, Origin, Provenance, extracted};
use crate::Error;
use crate::cli::FileKind;
use crate::extract::Kind;
use crate::google::address::DriveRef;
use crate::google::drive::{DOC, Drive, FOLDER, Meta, SHEET, SHORTCUT, SLIDES, XLSX};
use crate::net::NetError;
use crate::store::samples::SourceRecord;

/// Expands one Drive address into items.
pub async fn expand(
    drive: &Drive<'_>,
    target: &DriveRef,
    display: &str,
    recursive: bool,
    out: &mut Vec<Expanded>,
) {
    let meta = match resolve(
        drive,
        &target.id,
        target.resource_key.as_deref(),
        display,
        out,
    )
    .await
    {
        Some(meta) => meta,
        None => return,
    };
    if meta.mime_type != FOLDER {
        out.push(item(drive, meta, display.to_string()));
        return;
    }
    // Breadth first, each folder once (a shortcut can make a loop).
    let mut seen = HashSet::from([meta.id.clone()]);
    // Files found in a folder are shown by their path in Drive, from the folder's name.
    let root = meta.name.clone();
    let mut queue = VecDeque::from([(meta, root)]);
    while let Some((folder, path)) = queue.pop_front() {
        let children = match drive
            .children(&folder.id, folder.resource_key.as_deref())
            .await
        {
            Ok(c) => c,
            Err(e) => {
                out.push(Expanded::Failed {
                    source: path,
                    failure: failure(&e),
                });
                continue;
            }
        };
        for child in children {
            let shown = format!("{path}/{}", child.name);
            let child = if child.mime_type == SHORTCUT {
                match follow(drive, &child, &shown, out).await {
                    Some(target) => target,
                    None => continue,
                }
            } else {
                child
            };
            if child.trashed {
                continue;
            }
            if child.mime_type == FOLDER {
                if recursive && seen.insert(child.id.clone()) {
                    queue.push_back((child, shown));
                }
            } else {
                out.push(item(drive, child, shown));
            }
        }
    }
}

/// A file's metadata, shortcuts followed; failures and skips reported into `out`.
async fn resolve(
    drive: &Drive<'_>,
    id: &str,
    key: Option<&str>,
    display: &str,
    out: &mut Vec<Expanded>,
) -> Option<Meta> {
    let meta = match drive.get(id, key).await {
        Ok(m) => m,
        Err(e) => {
            out.push(Expanded::Failed {
                source: display.to_string(),
                failure: failure(&e),
            });
            return None;
        }
    };
    let meta = if meta.mime_type == SHORTCUT {
        follow(drive, &meta, display, out).await?
    } else {
        meta
    };
    if meta.trashed {
        out.push(Expanded::Skipped {
            source: display.to_string(),
            reason: "in the trash".into(),
        });
        return None;
    }
    Some(meta)
}

/// The target of a shortcut; a dangling one is reported as skipped.
async fn follow(
    drive: &Drive<'_>,
    shortcut: &Meta,
    display: &str,
    out: &mut Vec<Expanded>,
) -> Option<Meta> {
    let details = shortcut.shortcut_details.as_ref()?;
    match drive
        .get(&details.target_id, details.target_resource_key.as_deref())
        .await
    {
        Ok(target) => Some(target),
        Err(Error::Net(NetError::Refused { status: 404, .. })) => {
            out.push(Expanded::Skipped {
                source: display.to_string(),
                reason: "shortcut to a file that no longer exists or is not shared".into(),
            });
            None
        }
        Err(e) => {
            out.push(Expanded::Failed {
                source: display.to_string(),
                failure: failure(&e),
            });
            None
        }
    }
}

fn item(drive: &Drive<'_>, meta: Meta, display: String) -> Expanded {
    Expanded::Item(Item {
        display,
        key: meta.id.clone(),
        account: drive.account.to_string(),
        origin: Origin::Drive(Box::new(meta)),
    })
}

/// An error as a short reason, with what to check for a 404.
/// A failed Drive call as a file's failure: temporary when Google stayed unavailable.
fn failure(e: &Error) -> Failure {
    Failure {
        reason: reason(e),
        temporary: e.exit_code() == crate::error::exit::TEMPORARY,
    }
}

pub fn reason(e: &Error) -> String {
    match e {
        Error::Net(NetError::Refused { status: 404, .. }) => {
            "not found: is it shared with this account, in a shared drive, or does its address need its resourcekey?".into()
        }
        Error::Net(NetError::Refused { reason, message, .. }) => format!("{reason}: {message}"),
        other => other.to_string(),
    }
}

/// How a Drive type is read: its kind, the `--types` name, and the export format for Docs
/// editors files (`None`: download the bytes).
fn plan(meta: &Meta) -> Option<(Kind, FileKind, Option<&'static str>)> {
    let mime = meta.mime_type.as_str();
    Some(match mime {
        DOC => (Kind::Text, FileKind::Docs, Some("text/plain")),
        SLIDES => (Kind::Text, FileKind::Slides, Some("text/plain")),
        SHEET => (Kind::Sheet, FileKind::Sheets, Some(XLSX)),
        XLSX => (Kind::Sheet, FileKind::Sheets, None),
        "text/csv" => (Kind::Csv, FileKind::Sheets, None),
        "application/pdf" => (Kind::Pdf, FileKind::Pdf, None),
        m if m.starts_with("text/") => (Kind::Text, FileKind::Text, None),
        _ => return None,
    })
}

/// Fetches one Drive file, unless its revision shows it unchanged.
pub async fn fetch(
    drive: &Drive<'_>,
    meta: &Meta,
    prior: Option<&SourceRecord>,
    opts: &FetchOptions,
    scratch: &Path,
) -> Fetch {
    let Some((kind, file_kind, export)) = plan(meta) else {
        return Fetch::Skipped {
            reason: format!("{} is not a supported type", meta.mime_type),
            mime_type: Some(meta.mime_type.clone()),
        };
    };
    if !opts.types.is_empty() && !opts.types.contains(&file_kind) {
        return Fetch::Skipped {
            reason: "not among --types".into(),
            mime_type: Some(meta.mime_type.clone()),
        };
    }
    if meta.size().is_some_and(|s| s > opts.max_size) {
        return Fetch::Skipped {
            reason: format!(
                "larger than --max-size ({})",
                bytesize::ByteSize(meta.size().unwrap_or(0))
            ),
            mime_type: Some(meta.mime_type.clone()),
        };
    }
    let revision = meta.revision();
    if !opts.force && prior.is_some_and(|p| p.revision == revision) {
        return Fetch::Unchanged { revision };
    }
    let fetched = match export {
        Some(format) => drive.export(meta, format, scratch).await,
        None => drive.download(meta, scratch).await,
    };
    let bytes = match fetched
        .and_then(|d| std::fs::read(d.file.path()).map_err(|e| Error::Net(NetError::Io(e))))
    {
        Ok(b) => b,
        Err(e) => return Fetch::Failed(failure(&e)),
    };
    let content_sha256 = hex::encode(Sha256::digest(&bytes));
    if !opts.force && prior.is_some_and(|p| p.content_sha256.as_deref() == Some(&content_sha256)) {
        return Fetch::Unchanged { revision };
    }
    let title = if meta.is_native() {
        meta.name.clone()
    } else {
        Path::new(&meta.name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| meta.name.clone())
    };
    let provenance = Provenance {
        title,
        mime_type: meta.mime_type.clone(),
        source_id: meta.id.clone(),
        source_url: meta
            .web_view_link
            .clone()
            .unwrap_or_else(|| format!("https://drive.google.com/file/d/{}/view", meta.id)),
        file_id: Some(meta.id.clone()),
        account: Some(drive.account.to_string()),
        created_time: meta.created_time.clone(),
        modified_time: meta.modified_time.clone(),
        version: meta.version.clone().or_else(|| meta.md5_checksum.clone()),
        owner: meta.owners.first().and_then(|o| o.email_address.clone()),
        revision,
        content_sha256: Some(content_sha256),
        bytes: bytes.len() as u64,
    };
    match tokio::task::spawn_blocking(move || super::extract_contained(kind, &bytes)).await {
        Ok(result) => extracted(result, provenance),
        Err(_) => Fetch::Failed("internal error while extracting this file (a bug)".into()),
    }
}
