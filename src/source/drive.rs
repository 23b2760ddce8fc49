//! Google Drive as a source: an address expands into files (a folder into its files, every
//! page, recursively unless told not to; shortcuts followed, a dangling one reported; trashed
//! files never), and a file is fetched only when its `version` or md5 changed since it was
//! last ingested. A folder read before is read again through the changes feed
//! (`drive_feed`): an unchanged folder costs one call.

use std::collections::{HashSet, VecDeque};
use std::ffi::OsStr;
use std::path::Path;

use futures::future::LocalBoxFuture;
use sha2::{Digest as _, Sha256};

use super::drive_feed::{self, Tree};
use super::{
    Claim, Entry, ExpandOptions, Expanded, Failure, Fetch, FetchOptions, Found, Item, Kind, Left,
    Link, Read, extracted,
};
use crate::cli::FileKind;
use crate::extract::{Declared, Kind as TextKind};
use crate::google;
use crate::google::address::{self, BareWord, DriveRef};
use crate::google::drive::{DOC, Drive, FOLDER, Meta, SHEET, SHORTCUT, SLIDES, XLSX};
use crate::net::NetError;
use crate::provider::ApiError;
use crate::provider::Scope;
use crate::store::samples::{Provenance, SourceRecord};

/// The kind's name.
const NAME: &str = "drive";

/// Drive and Docs addresses, bare Drive IDs.
pub struct DriveFiles;

impl Kind for DriveFiles {
    fn name(&self) -> &'static str {
        NAME
    }

    fn why_gone(&self, _key: &str) -> String {
        "no longer in the folder: trashed, deleted, moved out or no longer shared".into()
    }

    fn scope(&self) -> Option<&'static Scope> {
        Some(&google::DRIVE)
    }

    fn jobs(&self) -> usize {
        8
    }

    /// An address with a scheme (one that is not Drive's is refused with the shapes
    /// understood), or a bare word that reads as a Drive ID and is not a local path. One
    /// that fits an ID but reads as a name is left to be a path, saying how to ask for Drive.
    fn claim(&self, address: &OsStr) -> Claim {
        let text = address.to_string_lossy();
        if !text.contains("://") {
            if Path::new(address).exists() {
                return Claim::Not;
            }
            match address::bare_word(&text) {
                BareWord::NotAnId => return Claim::Not,
                BareWord::Unlikely => {
                    return Claim::Perhaps(format!(
                        "not tried as a Google Drive ID, since it reads as a file name \
                         (for a Drive file, give its address: https://drive.google.com/open?id={text})"
                    ));
                }
                BareWord::Likely => {}
            }
        }
        match address::parse(&text) {
            Ok(_) => Claim::Takes,
            Err(e) => Claim::Malformed(refusal(&e)),
        }
    }

    fn expand<'a>(
        &'a self,
        link: &'a Link<'a>,
        address: &'a OsStr,
        opts: &'a ExpandOptions,
        found: &'a Found,
    ) -> LocalBoxFuture<'a, ()> {
        Box::pin(async move {
            let display = address.to_string_lossy().into_owned();
            match (address::parse(&display), &link.google) {
                (Err(e), _) => found.push(Expanded::Failed {
                    source: display,
                    file_id: None,
                    failure: refusal(&e).into(),
                }),
                (Ok(target), Err(unlinked)) => found.push(Expanded::Failed {
                    source: display,
                    file_id: Some(target.id),
                    failure: unlinked.clone(),
                }),
                (Ok(target), Ok(google)) => {
                    let lister = Lister {
                        drive: Drive::new(google.google, google.token),
                        account: google.token.account(),
                        out: found,
                    };
                    lister.expand(&target, &display, opts).await;
                }
            }
        })
    }
}

/// Why an address is not one Drive can read, and the shapes it understands.
fn refusal(e: &address::NotDrive) -> String {
    format!("{e}; these shapes are: {}", address::SHAPES)
}

/// Expands one address into `out`.
struct Lister<'a, 'o> {
    drive: Drive<'a>,
    account: &'a str,
    out: &'o Found,
}

impl Lister<'_, '_> {
    async fn expand(mut self, target: &DriveRef, display: &str, opts: &ExpandOptions) {
        let name = drive_feed::state_name(&target.id, opts.recursive);
        let remembered = opts
            .remembered
            .get(&(NAME.to_string(), self.account.to_string(), name.clone()))
            .filter(|_| !opts.force)
            .and_then(|value| serde_json::from_str::<Tree>(value).ok());
        if let Some(tree) = remembered
            && self.follow_feed(tree, display, &name, opts.recursive).await
        {
            return;
        }
        let Some(meta) = self
            .resolve(&target.id, target.resource_key.as_deref(), display)
            .await
        else {
            return;
        };
        if meta.mime_type != FOLDER {
            self.item(meta, display.to_string());
            return;
        }
        // The feed's position first: whatever changes during the listing is read next time.
        let token = match self.drive.start_page_token(meta.drive_id.as_deref()).await {
            Ok(token) => token,
            Err(e) => {
                self.failed(display.to_string(), &meta.id, &e);
                return;
            }
        };
        let mut tree = Tree::new(&meta.id, meta.drive_id.clone(), token);
        // Files found in a folder are shown by their path in Drive, from the folder's name.
        let root = meta.name.clone();
        self.walk(meta, root, opts.recursive, &mut tree).await;
        self.out.push(Expanded::Complete);
        self.remember(name, &tree);
    }

    /// Reads what changed in a remembered folder since its last sync, through the changes
    /// feed; false when Drive no longer takes the feed's position, and only a whole listing
    /// can say.
    async fn follow_feed(
        &mut self,
        mut tree: Tree,
        display: &str,
        name: &str,
        recursive: bool,
    ) -> bool {
        let (changes, next) = match self.drive.changes(&tree.token, tree.drive.as_deref()).await {
            Ok(Some(read)) => read,
            Ok(None) => {
                let address = display;
                tracing::info!("Drive refused the feed position of {address}; listing it whole");
                return false;
            }
            Err(e) => {
                self.failed(display.to_string(), &tree.top, &e);
                return true;
            }
        };
        let plan = tree.apply(changes, recursive);
        let shown = |m: &Meta| format!("{display}/{}", m.name);
        for meta in plan.read {
            let at = shown(&meta);
            self.item(meta, at);
        }
        for shortcut in plan.shortcuts {
            let at = shown(&shortcut);
            if let Some(target) = self.follow(&shortcut, &at).await
                && !target.trashed
                && target.mime_type != FOLDER
            {
                let folder = shortcut.parents.first().map_or("", String::as_str);
                tree.add_file(&target.id, folder, true);
                self.item(target, at);
            }
        }
        for folder in plan.list {
            let at = shown(&folder);
            self.walk(folder, at, recursive, &mut tree).await;
        }
        for (id, why) in plan.left {
            self.out.push(Expanded::Item(Item {
                kind: NAME,
                display: format!("{display}: {id}"),
                key: id,
                account: self.account.to_string(),
                entry: Box::new(Left(why)),
            }));
        }
        tree.token = next;
        self.remember(name.to_string(), &tree);
        true
    }

    /// The tree and feed position to read on from next time, kept if nothing failed.
    fn remember(&mut self, name: String, tree: &Tree) {
        if let Ok(value) = serde_json::to_string(tree) {
            self.out.push(Expanded::Remember {
                kind: NAME,
                account: self.account.to_string(),
                name,
                value,
            });
        }
    }

    /// Lists `start` and (if `recursive`) every folder in it, breadth first, each folder
    /// once (a shortcut can make a loop), recording what it finds in `tree`.
    async fn walk(&mut self, start: Meta, path: String, recursive: bool, tree: &mut Tree) {
        let mut seen = HashSet::from([start.id.clone()]);
        let mut queue = VecDeque::from([(start, path)]);
        while let Some((folder, path)) = queue.pop_front() {
            let children = match self
                .drive
                .children(&folder.id, folder.resource_key.as_deref())
                .await
            {
                Ok(c) => c,
                Err(e) => {
                    self.failed(path, &folder.id, &e);
                    continue;
                }
            };
            for child in children {
                let shown = format!("{path}/{}", child.name);
                let via_shortcut = child.mime_type == SHORTCUT;
                let child = if via_shortcut {
                    match self.follow(&child, &shown).await {
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
                        tree.add_folder(&child.id, &folder.id);
                        queue.push_back((child, shown));
                    }
                } else {
                    tree.add_file(&child.id, &folder.id, via_shortcut);
                    self.item(child, shown);
                }
            }
        }
    }

    /// A file's metadata, shortcuts followed; failures and skips reported into `out`.
    async fn resolve(&mut self, id: &str, key: Option<&str>, display: &str) -> Option<Meta> {
        let meta = match self.drive.get(id, key).await {
            Ok(m) => m,
            Err(e) => {
                self.failed(display.to_string(), id, &e);
                return None;
            }
        };
        let meta = if meta.mime_type == SHORTCUT {
            self.follow(&meta, display).await?
        } else {
            meta
        };
        if meta.trashed {
            self.out.push(Expanded::Skipped {
                source: display.to_string(),
                file_id: Some(meta.id),
                reason: "in the trash".into(),
            });
            return None;
        }
        Some(meta)
    }

    /// The target of a shortcut; a dangling one is reported as skipped.
    async fn follow(&mut self, shortcut: &Meta, display: &str) -> Option<Meta> {
        let details = shortcut.shortcut_details.as_ref()?;
        match self
            .drive
            .get(&details.target_id, details.target_resource_key.as_deref())
            .await
        {
            Ok(target) => Some(target),
            Err(ApiError::Net(NetError::Refused { status: 404, .. })) => {
                self.out.push(Expanded::Skipped {
                    source: display.to_string(),
                    file_id: Some(shortcut.id.clone()),
                    reason: "shortcut to a file that no longer exists or is not shared".into(),
                });
                None
            }
            Err(e) => {
                self.failed(display.to_string(), &shortcut.id, &e);
                None
            }
        }
    }

    fn item(&mut self, meta: Meta, display: String) {
        self.out.push(Expanded::Item(Item {
            kind: NAME,
            display,
            key: meta.id.clone(),
            account: self.account.to_string(),
            entry: Box::new(DriveFile(meta)),
        }));
    }

    fn failed(&mut self, source: String, id: &str, e: &ApiError) {
        self.out.push(Expanded::Failed {
            source,
            file_id: Some(id.to_string()),
            failure: failure(e),
        });
    }
}

/// A failed Drive call as a file's failure: temporary when Google stayed unavailable, and
/// with what to check for a 404.
fn failure(e: &ApiError) -> Failure {
    match e {
        ApiError::Net(NetError::Refused { status: 404, .. }) => Failure::from(
            "not found: is it shared with this account, in a shared drive, or does its address need its resourcekey?".to_string(),
        ),
        other => Failure::from(other),
    }
}

/// How a Drive file is read: what its type says (Docs editors files are read through an
/// export; any other type as a local file of that type would be, and one that says nothing,
/// `application/octet-stream` or none, by its bytes), the `--types` name where it is not the
/// kind's own, and the export format (`None`: download the bytes).
fn plan(meta: &Meta) -> (Declared, Option<FileKind>, Option<&'static str>) {
    let native = |kind| Declared::Kind(kind, meta.mime_type.clone());
    match meta.mime_type.as_str() {
        DOC => (
            native(TextKind::Text),
            Some(FileKind::Docs),
            Some("text/plain"),
        ),
        SLIDES => (
            native(TextKind::Text),
            Some(FileKind::Slides),
            Some("text/plain"),
        ),
        SHEET => (native(TextKind::Sheet), None, Some(XLSX)),
        mime => (Declared::of_mime(mime), None, None),
    }
}

/// One Drive file, by its metadata.
#[derive(Debug)]
struct DriveFile(Meta);

impl Entry for DriveFile {
    fn fetch<'a>(
        &'a self,
        link: &'a Link<'a>,
        prior: Option<&'a SourceRecord>,
        opts: &'a FetchOptions,
        scratch: &'a Path,
    ) -> LocalBoxFuture<'a, Fetch> {
        Box::pin(async move {
            match &link.google {
                Ok(google) => {
                    let drive = Drive::new(google.google, google.token);
                    fetch(
                        &drive,
                        google.token.account(),
                        &self.0,
                        prior,
                        opts,
                        scratch,
                    )
                    .await
                }
                Err(unlinked) => Fetch::Failed(unlinked.clone()),
            }
        })
    }
}

/// Fetches one Drive file, unless its revision shows it unchanged.
async fn fetch(
    drive: &Drive<'_>,
    account: &str,
    meta: &Meta,
    prior: Option<&SourceRecord>,
    opts: &FetchOptions,
    scratch: &Path,
) -> Fetch {
    let (declared, file_kind, export) = plan(meta);
    if let Some(skipped) = super::skip_by_type(&declared, file_kind, opts) {
        return skipped;
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
        .and_then(|d| std::fs::read(d.file.path()).map_err(|e| ApiError::Net(NetError::Io(e))))
    {
        Ok(b) => b,
        Err(e) => return Fetch::Failed(failure(&e)),
    };
    let (kind, mime_type) = match super::read_as(declared, file_kind, &bytes, opts) {
        Ok(read_as) => read_as,
        Err(skipped) => return skipped,
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
    let read = Read {
        provenance: Provenance {
            title,
            source_type: NAME.into(),
            mime_type,
            source_id: meta.id.clone(),
            source_url: meta
                .web_view_link
                .clone()
                .unwrap_or_else(|| format!("https://drive.google.com/file/d/{}/view", meta.id)),
            account: Some(account.to_string()),
            created_time: meta.created_time.clone(),
            modified_time: meta.modified_time.clone(),
            version: meta.version.clone().or_else(|| meta.md5_checksum.clone()),
            owner: meta.owners.first().and_then(|o| o.email_address.clone()),
            ocr: None,
        },
        revision,
        content_sha256: Some(content_sha256),
        bytes: bytes.len() as u64,
        context: None,
    };
    let opts = opts.clone();
    match tokio::task::spawn_blocking(move || super::extract_contained(kind, &bytes, &opts)).await {
        Ok(result) => extracted(result, read),
        Err(_) => Fetch::Failed("internal error while extracting this file (a bug)".into()),
    }
}
