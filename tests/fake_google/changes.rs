//! Drive v3's changes feed and the edits that feed it, strict where `docs/gmail.md` (section B)
//! says Drive is. `changes.getStartPageToken` (with `driveId`: that shared drive's own feed)
//! and `changes.list`: `pageToken` required, `pageSize` 100 by default and coerced to 1000
//! above it, `includeRemoved` on by default, one change per file (its latest, where that
//! latest falls: Drive coalesces), oldest first, `nextPageToken` while there is more and
//! `newStartPageToken` only on the last page, and default fields as minimal as Google's (no
//! `parents`, `trashed` or `version` unless the `fields` mask asks, through the same mask code
//! as `files.get`). Trash is a change that is not `removed` (`file.trashed: true`); permanent
//! deletion and loss of access are `removed` with no `file`. A shared drive's items are in the
//! user's feed only with `includeItemsFromAllDrives=true&supportsAllDrives=true`, except
//! trashed ones, which Drive shows anyway; a `driveId` without `supportsAllDrives=true` is a
//! 404, as for a drive that does not exist; a drive's feed shows its items only with
//! `includeItemsFromAllDrives=true` too. `restrictToMyDrive=true` leaves out files another
//! user owns (the fake's stand-in for shared files not added to My Drive) and shared drives'
//! items but trashed ones. `includeCorpusRemovals`, `includeLabels` and
//! `includePermissionsForView` are accepted and change nothing (the fake has no file that is
//! removed yet still reachable, no labels, no published view), and so are the deprecated
//! `supportsTeamDrives`, `teamDriveId` and `includeTeamDriveItems`, as in `files.*`.
//!
//! The log holds one entry per edit, numbered from 1; a page token is a position in it, and
//! a shared drive's tokens are apart from the user's (feed n's positions are offset by n
//! billion), so a token is refused (400 `invalid` on `pageToken`, as Drive refuses one it
//! rejects) in a feed other than its own, past the end of the log, or once expired. Each edit
//! logs a change for the file it names and for no other: moving, trashing, restoring or
//! removing a folder changes its descendants' standing (they are trashed, or gone, with it)
//! but their own `parents` and `explicitlyTrashed` stay as they were, so a client must act
//! on the folder's change for the whole subtree (docs/gmail.md reports this for moves; the
//! fake holds the other subtree edits to it too, the stricter reading). Metadata edits
//! give a new `version` and keep `modifiedTime` (docs/gmail.md says so of trash and restore;
//! the fake does the same for renames and moves, so that a client cannot take `modifiedTime`
//! for "something changed"); a view logs a change with nothing different, not even
//! `version`, as Drive reports files merely viewed. The edits are
//! `FakeGoogle`'s Drive controls and the `/__fake/drive/OP` routes; requests are counted under
//! `changes.getStartPageToken` and `changes.list` (with `:STATUS`).

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::drive::{self, File, Reach};
use super::fixture::{FOLDER, FileSpec, Fixture};
use super::http::{self, Req, Resp, google_error};

/// Change resource fields Drive knows (a mask naming another is a 400); the deprecated ones
/// and `drive` (for changes of type `drive`, which the fake never makes) give nothing.
pub const CHANGE_FIELDS: &[&str] = &[
    "kind",
    "changeType",
    "time",
    "removed",
    "fileId",
    "file",
    "driveId",
    "drive",
    "type",
    "teamDriveId",
    "teamDrive",
];
const LIST_FIELDS: &[&str] = &["kind", "nextPageToken", "newStartPageToken", "changes"];
const DEFAULT_LIST_FIELDS: &str = "kind,nextPageToken,newStartPageToken,\
    changes(kind,changeType,time,removed,fileId,file(kind,id,name,mimeType))";
const TOKEN_FIELDS: &[&str] = &["kind", "startPageToken"];
const DEFAULT_TOKEN_FIELDS: &str = "kind,startPageToken";

/// Feed n's page tokens are n * FEED_SPAN + a position in the log.
const FEED_SPAN: u64 = 1_000_000_000;

/// The change log of the fake Drive, and the shared drives it has seen.
#[derive(Debug)]
pub struct Log {
    /// Oldest first; IDs grow by one.
    entries: Vec<Entry>,
    /// The ID the next change gets: where a start page token taken now points.
    next: u64,
    /// Tokens pointing before this were expired.
    oldest: u64,
    /// Shared drives in the order first seen: feeds 1, 2, ...; feed 0 is the user's.
    drives: Vec<String>,
}

#[derive(Debug)]
struct Entry {
    id: u64,
    file_id: String,
    /// The file's shared drive, kept for when the file is gone.
    drive_id: Option<String>,
    time: String,
}

/// What one `changes.list` request may see.
struct View<'a> {
    feed: usize,
    all_drives: bool,
    restrict_to_my_drive: bool,
    include_removed: bool,
    /// `spaces` names `drive`; the fake's appDataFolder is empty.
    drive_space: bool,
    /// drive.file / drive.appdata: only what the app made, which here is nothing.
    app_only: bool,
    user: &'a str,
}

/// An edit to the fake Drive while it runs, from a `FakeGoogle` Drive control or a
/// `/__fake/drive/OP` route (`op` is OP).
#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum DriveEdit {
    Add(Box<FileSpec>),
    EditText { id: String, text: String },
    Rename { id: String, name: String },
    Trash { id: String },
    Untrash { id: String },
    Delete { id: String },
    Unshare { id: String },
    Move { id: String, parent: String },
    View { id: String },
    ExpireChangeTokens,
}

/// Why an edit was not made.
#[derive(Debug)]
pub enum Refused {
    NoSuchFile(String),
    Impossible(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NoSuchFile(id) => write!(f, "no file {id} in the fake Drive"),
            Refused::Impossible(why) => f.write_str(why),
        }
    }
}

impl Log {
    /// A log with one change per fixture file, at its `modifiedTime`, in fixture order.
    pub fn load(fixture: &Fixture, files: &BTreeMap<String, File>) -> Log {
        let mut log = Log {
            entries: Vec::new(),
            next: 1,
            oldest: 1,
            drives: Vec::new(),
        };
        for spec in &fixture.files {
            let time = files.get(&spec.id).map(|f| f.modified().to_string());
            log.record(&spec.id, spec.drive_id.as_deref(), time);
        }
        log
    }

    /// Appends a change of `file_id` (at `time`, else now).
    fn record(&mut self, file_id: &str, drive_id: Option<&str>, time: Option<String>) {
        if let Some(d) = drive_id
            && !self.drives.iter().any(|known| known == d)
        {
            self.drives.push(d.to_string());
        }
        self.entries.push(Entry {
            id: self.next,
            file_id: file_id.to_string(),
            drive_id: drive_id.map(str::to_string),
            time: time.unwrap_or_else(|| drive::rfc3339(jiff::Timestamp::now())),
        });
        self.next += 1;
    }

    /// Makes `edit`, logging its change.
    pub fn apply(
        &mut self,
        files: &mut BTreeMap<String, File>,
        edit: DriveEdit,
    ) -> Result<(), Refused> {
        let id = match edit {
            DriveEdit::ExpireChangeTokens => {
                // A gap, so no token from before can name a position after.
                self.next += 1;
                self.oldest = self.next;
                self.entries.clear();
                return Ok(());
            }
            DriveEdit::Add(spec) => {
                if files.contains_key(&spec.id) {
                    return Err(Refused::Impossible(format!("file {} exists", spec.id)));
                }
                let now = drive::rfc3339(jiff::Timestamp::now());
                let id = spec.id.clone();
                files.insert(id.clone(), File::new(*spec, 1, now.clone(), now));
                id
            }
            DriveEdit::Delete { id } | DriveEdit::Unshare { id } => {
                let drive_id = file(files, &id)?.spec.drive_id.clone();
                for gone in subtree(files, &id) {
                    files.remove(&gone);
                }
                self.record(&id, drive_id.as_deref(), None);
                return Ok(());
            }
            DriveEdit::Move { id, parent } => {
                let drive_id = file(files, &id)?.spec.drive_id.clone();
                if subtree(files, &id).contains(&parent) {
                    return Err(Refused::Impossible(format!("{id} cannot move into itself")));
                }
                if let Some(folder) = files.get(&parent)
                    && (folder.mime_type != FOLDER || folder.spec.drive_id != drive_id)
                {
                    return Err(Refused::Impossible(format!(
                        "{parent} is not a folder of {id}'s drive (the fake moves files within a drive)"
                    )));
                }
                let moved = file(files, &id)?;
                moved.spec.parents = vec![parent];
                moved.bump();
                id
            }
            DriveEdit::EditText { id, text } => {
                file(files, &id)?.edit(&text).map_err(Refused::Impossible)?;
                id
            }
            DriveEdit::Rename { id, name } => {
                let renamed = file(files, &id)?;
                renamed.spec.name = name;
                renamed.bump();
                id
            }
            DriveEdit::Trash { id } => trash(files, id, true)?,
            DriveEdit::Untrash { id } => trash(files, id, false)?,
            DriveEdit::View { id } => {
                file(files, &id)?;
                id
            }
        };
        let drive_id = files.get(&id).and_then(|f| f.spec.drive_id.clone());
        self.record(&id, drive_id.as_deref(), None);
        Ok(())
    }

    /// `/__fake/drive/OP` (POST): the [`DriveEdit`] OP names, its fields (`id`, `text`, `name`,
    /// `parent`; for `add` the [`FileSpec`]) from a JSON object in the body and/or the query
    /// string. 200, 400 for an edit that cannot be made, 404 for no such file.
    pub fn control(&mut self, files: &mut BTreeMap<String, File>, req: &Req, op: &str) -> Resp {
        let fail = |status: u16, why: String| http::json(status, &json!({ "error": why }));
        let mut args = if req.body.is_empty() {
            Map::new()
        } else {
            match serde_json::from_slice::<Map<String, Value>>(&req.body) {
                Ok(args) => args,
                Err(e) => return fail(400, e.to_string()),
            }
        };
        for (name, value) in &req.query {
            args.insert(name.clone(), value.clone().into());
        }
        args.insert("op".into(), op.into());
        let edit = match serde_json::from_value::<DriveEdit>(Value::Object(args)) {
            Ok(edit) => edit,
            Err(e) => return fail(400, e.to_string()),
        };
        match self.apply(files, edit) {
            Ok(()) => http::json(200, &json!({ "done": op })),
            Err(e @ Refused::NoSuchFile(_)) => fail(404, e.to_string()),
            Err(e) => fail(400, e.to_string()),
        }
    }

    /// `changes.getStartPageToken`: where the feed ends now.
    pub fn start_page_token(&self, req: &Req) -> Resp {
        match self.feed(req) {
            Ok(feed) => drive::masked(
                &json!({
                    "kind": "drive#startPageToken",
                    "startPageToken": token(feed, self.next),
                }),
                req,
                DEFAULT_TOKEN_FIELDS,
                TOKEN_FIELDS,
            ),
            Err(resp) => resp,
        }
    }

    /// `changes.list`.
    pub fn list(
        &self,
        files: &BTreeMap<String, File>,
        base: &str,
        req: &Req,
        reach: &Reach,
        user: &str,
    ) -> Resp {
        match self.page(files, base, req, reach, user) {
            Ok(body) => drive::masked(&body, req, DEFAULT_LIST_FIELDS, LIST_FIELDS),
            Err(resp) => resp,
        }
    }

    fn page(
        &self,
        files: &BTreeMap<String, File>,
        base: &str,
        req: &Req,
        reach: &Reach,
        user: &str,
    ) -> Result<Value, Resp> {
        let feed = self.feed(req)?;
        let all_drives = drive::all_drives(req)?;
        let given = req.q("pageToken").ok_or_else(|| {
            drive::at_parameter(
                google_error(400, "global", "required", "Required parameter: pageToken"),
                "pageToken",
            )
        })?;
        let start = self.position(feed, given).ok_or_else(|| {
            drive::at_parameter(
                google_error(400, "global", "invalid", "Invalid Value"),
                "pageToken",
            )
        })?;
        let page_size = drive::page_size(req, true)?;
        let view = View {
            feed,
            all_drives,
            restrict_to_my_drive: req.flag("restrictToMyDrive"),
            include_removed: req.q("includeRemoved") != Some("false"),
            drive_space: drive_space(req)?,
            app_only: *reach == Reach::AppOnly,
            user,
        };
        let since = &self.entries[self.entries.partition_point(|e| e.id < start)..];
        // Drive coalesces: one change per file, its latest, where that latest falls.
        let latest: HashMap<&str, u64> = since.iter().map(|e| (e.file_id.as_str(), e.id)).collect();
        let mut shown = since
            .iter()
            .filter(|e| latest.get(e.file_id.as_str()) == Some(&e.id))
            .filter(|e| self.shows(e, files, &view));
        let page: Vec<&Entry> = shown.by_ref().take(page_size).collect();
        let changes: Vec<Value> = page.iter().map(|e| change(e, files, base, feed)).collect();
        let mut body = json!({"kind": "drive#changeList", "changes": changes});
        match page.last() {
            Some(last) if shown.next().is_some() => {
                body["nextPageToken"] = token(feed, last.id + 1).into();
            }
            _ => body["newStartPageToken"] = token(feed, self.next).into(),
        }
        Ok(body)
    }

    /// The feed a request reads: 0 the user's, n shared drive n (`driveId`, which Drive
    /// answers only beside `supportsAllDrives=true`: else a 404 as for no such drive).
    fn feed(&self, req: &Req) -> Result<usize, Resp> {
        let Some(drive_id) = req.q("driveId") else {
            return Ok(0);
        };
        match self.drives.iter().position(|d| d == drive_id) {
            Some(i) if req.flag("supportsAllDrives") => Ok(i + 1),
            _ => Err(drive::at_parameter(
                google_error(
                    404,
                    "global",
                    "notFound",
                    &format!("Shared drive not found: {drive_id}"),
                ),
                "driveId",
            )),
        }
    }

    /// The log position in `token`, if it is one of `feed`'s and still good.
    fn position(&self, feed: usize, token: &str) -> Option<u64> {
        let n: u64 = token.parse().ok()?;
        let position = n % FEED_SPAN;
        (n / FEED_SPAN == feed as u64 && (self.oldest..=self.next).contains(&position))
            .then_some(position)
    }

    /// Whether a request's view takes in a change.
    fn shows(&self, e: &Entry, files: &BTreeMap<String, File>, view: &View<'_>) -> bool {
        let file = files.get(&e.file_id);
        if !view.drive_space || view.app_only || (file.is_none() && !view.include_removed) {
            return false;
        }
        match (view.feed, &e.drive_id) {
            // Files owned by another stand in for shared files not added to My Drive.
            (0, None) => {
                !(view.restrict_to_my_drive
                    && file
                        .is_some_and(|f| f.spec.owner.as_deref().is_some_and(|o| o != view.user)))
            }
            // Trashed shared-drive items show in the user's feed even without the flags.
            (0, Some(_)) => {
                (view.all_drives && !view.restrict_to_my_drive)
                    || file.is_some_and(|f| drive::is_trashed(files, f))
            }
            (feed, drive_id) => view.all_drives && drive_id.as_ref() == self.drives.get(feed - 1),
        }
    }
}

/// A page token: `feed`'s position `position`.
fn token(feed: usize, position: u64) -> String {
    (feed as u64 * FEED_SPAN + position).to_string()
}

/// The change resource of an entry: the file as it is now, or `removed` when it is gone.
fn change(e: &Entry, files: &BTreeMap<String, File>, base: &str, feed: usize) -> Value {
    let file = files.get(&e.file_id);
    let mut v = json!({
        "kind": "drive#change",
        "changeType": "file",
        "time": e.time,
        "removed": file.is_none(),
        "fileId": e.file_id,
    });
    if let Some(f) = file {
        v["file"] = drive::resource(f, files, base);
    }
    if feed > 0
        && let Some(d) = &e.drive_id
    {
        v["driveId"] = d.clone().into();
    }
    v
}

/// Whether `spaces` (default `drive`; else `drive` and/or `appDataFolder`) names `drive`.
fn drive_space(req: &Req) -> Result<bool, Resp> {
    let mut drive = false;
    for space in req.q("spaces").unwrap_or("drive").split(',') {
        match space.trim() {
            "drive" => drive = true,
            "appDataFolder" => {}
            _ => return Err(drive::invalid("spaces", "Invalid Value")),
        }
    }
    Ok(drive)
}

fn file<'a>(files: &'a mut BTreeMap<String, File>, id: &str) -> Result<&'a mut File, Refused> {
    files
        .get_mut(id)
        .ok_or_else(|| Refused::NoSuchFile(id.to_string()))
}

/// Puts `id` in the trash or takes it out: a new version, the same `modifiedTime`.
fn trash(files: &mut BTreeMap<String, File>, id: String, trashed: bool) -> Result<String, Refused> {
    let f = file(files, &id)?;
    f.spec.trashed = trashed;
    f.bump();
    Ok(id)
}

/// `id` and everything below it.
fn subtree(files: &BTreeMap<String, File>, id: &str) -> Vec<String> {
    let mut found = vec![id.to_string()];
    let mut at = 0;
    while let Some(parent) = found.get(at).cloned() {
        let children: Vec<String> = files
            .values()
            .filter(|f| f.spec.parents.contains(&parent) && !found.contains(&f.spec.id))
            .map(|f| f.spec.id.clone())
            .collect();
        found.extend(children);
        at += 1;
    }
    found
}
