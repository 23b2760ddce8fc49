//! The Drive v3 side: `files.get` with `fields` masks (only `kind,id,name,mimeType` by
//! default), `files.list` with the `q` subset clients use and paging, exports with Google's
//! formats and 10 MB limit, `alt=media` downloads (with Range), `exportLinks` (not capped),
//! shortcuts, shared drives that 404 without `supportsAllDrives` (where the method declares
//! it: exports take a shared-drive file by its ID), link-shared files that 404 without their
//! resource key, a 400 for any query parameter the method does not declare, and the scope
//! checks. A file is `trashed` when it or a folder above it was put in the trash
//! (`explicitlyTrashed` only for the first). The files change while the fake runs through the
//! edits of `changes.rs`, which also serves the changes feed; this module routes its two
//! methods there once their parameters, token and scope have passed.

use std::collections::BTreeMap;

use base64::Engine as _;
use md5::Digest as _;
use serde_json::{Map, Value, json};

use super::Inner;
use super::fixture::{DOC, FOLDER, FileSpec, Fixture, SHEET, SHORTCUT, SLIDES};
use super::http::{self, Req, Resp, google_error};

/// Google's cap on exported content.
pub const EXPORT_LIMIT: usize = 10 * 1024 * 1024;

const DEFAULT_GET_FIELDS: &str = "kind,id,name,mimeType";
const DEFAULT_LIST_FIELDS: &str =
    "kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)";

/// File resource fields Google knows; asking for one we do not model gives nothing, asking
/// for a name outside this list is a 400, as it is at Google.
const FILE_FIELDS: &[&str] = &[
    "kind",
    "id",
    "name",
    "mimeType",
    "parents",
    "trashed",
    "explicitlyTrashed",
    "version",
    "createdTime",
    "modifiedTime",
    "webViewLink",
    "owners",
    "driveId",
    "resourceKey",
    "size",
    "md5Checksum",
    "sha1Checksum",
    "sha256Checksum",
    "headRevisionId",
    "shortcutDetails",
    "exportLinks",
    "description",
    "starred",
    "permissions",
    "capabilities",
    "thumbnailLink",
    "iconLink",
    "fileExtension",
    "originalFilename",
    "fullFileExtension",
    "lastModifyingUser",
    "sharingUser",
    "spaces",
    "viewedByMeTime",
    "sharedWithMeTime",
    "teamDriveId",
    "hasThumbnail",
    "quotaBytesUsed",
    "properties",
    "appProperties",
    "webContentLink",
    "linkShareMetadata",
    "labelInfo",
    "contentRestrictions",
];
const LIST_FIELDS: &[&str] = &["kind", "incompleteSearch", "nextPageToken", "files"];

/// One file in the fake Drive.
#[derive(Debug, Clone)]
pub struct File {
    pub spec: FileSpec,
    pub mime_type: String,
    bytes: Option<Vec<u8>>,
    version: u64,
    created: String,
    modified: String,
}

/// A time as Drive writes it: RFC 3339, UTC, milliseconds.
pub fn rfc3339(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

impl File {
    /// A file as `spec` describes it, at `version`, made and last modified at those times.
    pub fn new(spec: FileSpec, version: u64, created: String, modified: String) -> File {
        let mime_type = match spec.kind.as_str() {
            "folder" => FOLDER.to_string(),
            "doc" => DOC.to_string(),
            "sheet" => SHEET.to_string(),
            "slides" => SLIDES.to_string(),
            "shortcut" => SHORTCUT.to_string(),
            _ => spec
                .mime_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".into()),
        };
        let bytes = spec
            .content
            .as_ref()
            .map(|c| c.as_bytes().to_vec())
            .or_else(|| {
                spec.content_base64
                    .as_ref()
                    .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
            });
        File {
            spec,
            mime_type,
            bytes,
            version,
            created,
            modified,
        }
    }

    /// A change to metadata only (name, parent, trash): a new version, the same
    /// `modifiedTime` (Drive keeps it through trash and restore: docs/gmail.md).
    pub fn bump(&mut self) {
        self.version += 1;
    }

    /// An edit: a new version and modification time.
    pub fn touch(&mut self) {
        self.bump();
        self.modified = rfc3339(jiff::Timestamp::now());
    }

    /// New content, as an edit in the browser or an upload would make: a Doc's or Slides'
    /// text, or a binary file's bytes (so a new `md5Checksum`). Other kinds have no text.
    pub fn edit(&mut self, text: &str) -> Result<(), String> {
        match (&mut self.bytes, self.mime_type.as_str()) {
            (Some(bytes), _) => *bytes = text.as_bytes().to_vec(),
            (None, DOC | SLIDES) => self.spec.text = Some(text.into()),
            (None, other) => return Err(format!("a {other} has no text to edit")),
        }
        self.touch();
        Ok(())
    }

    pub fn modified(&self) -> &str {
        &self.modified
    }
}

pub fn load(fixture: &Fixture) -> BTreeMap<String, File> {
    let base = jiff::Timestamp::from_second(1_704_067_200).expect("2024-01-01");
    let at = |minutes: i64| rfc3339(base + jiff::SignedDuration::from_mins(minutes));
    fixture
        .files
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let file = File::new(spec.clone(), 3 + i as u64, at(i as i64), at(i as i64 + 30));
            (spec.id.clone(), file)
        })
        .collect()
}

/// Whether `file` is in the trash: put there itself (`explicitlyTrashed`) or below a folder
/// that was.
pub fn is_trashed(files: &BTreeMap<String, File>, file: &File) -> bool {
    let mut at = file;
    // A parent chain longer than the Drive is a cycle; Drive has none, a fixture might.
    for _ in 0..=files.len() {
        if at.spec.trashed {
            return true;
        }
        match at.spec.parents.first().and_then(|p| files.get(p)) {
            Some(parent) => at = parent,
            None => return false,
        }
    }
    false
}

/// What the access token allows.
#[derive(PartialEq, Eq)]
pub enum Reach {
    /// drive, drive.readonly: everything.
    Full,
    /// drive.metadata(.readonly): metadata, no content.
    Metadata,
    /// drive.file, drive.appdata: only what the app made, which here is nothing.
    AppOnly,
}

fn reach(scopes: &str) -> Option<Reach> {
    let has = |s: &str| {
        scopes
            .split(' ')
            .any(|g| g == format!("https://www.googleapis.com/auth/{s}"))
    };
    if has("drive") || has("drive.readonly") {
        Some(Reach::Full)
    } else if has("drive.metadata.readonly") || has("drive.metadata") {
        Some(Reach::Metadata)
    } else if has("drive.file") || has("drive.appdata") {
        Some(Reach::AppOnly)
    } else {
        None
    }
}

fn not_found(id: &str) -> Resp {
    google_error(404, "global", "notFound", &format!("File not found: {id}."))
}

/// A 400 `invalidParameter` naming the parameter at fault.
pub fn invalid(location: &str, message: &str) -> Resp {
    at_parameter(
        google_error(400, "global", "invalidParameter", message),
        location,
    )
}

/// A Google error naming the query parameter at fault (`location`).
pub fn at_parameter(mut resp: Resp, location: &str) -> Resp {
    if let Ok(mut v) = serde_json::from_slice::<Value>(&resp.body) {
        v["error"]["errors"][0]["location"] = location.into();
        v["error"]["errors"][0]["locationType"] = "parameter".into();
        resp.body = serde_json::to_vec_pretty(&v).unwrap_or_default();
    }
    resp
}

/// The query parameters each method declares in the Drive v3 discovery document (`fileId`
/// is a path parameter, never a query one). `files.download` is `files.get` with `alt=media`.
fn declared(endpoint: &str) -> &'static [&'static str] {
    match endpoint {
        "files.get" | "files.download" => &[
            "acknowledgeAbuse",
            "supportsAllDrives",
            "supportsTeamDrives",
            "includePermissionsForView",
            "includeLabels",
        ],
        "files.list" => &[
            "corpora",
            "corpus",
            "driveId",
            "includeItemsFromAllDrives",
            "includeLabels",
            "includePermissionsForView",
            "includeTeamDriveItems",
            "orderBy",
            "pageSize",
            "pageToken",
            "q",
            "spaces",
            "supportsAllDrives",
            "supportsTeamDrives",
            "teamDriveId",
        ],
        "files.export" => &["mimeType"],
        "changes.getStartPageToken" => &[
            "driveId",
            "supportsAllDrives",
            "supportsTeamDrives",
            "teamDriveId",
        ],
        "changes.list" => &[
            "driveId",
            "includeCorpusRemovals",
            "includeItemsFromAllDrives",
            "includeLabels",
            "includePermissionsForView",
            "includeRemoved",
            "includeTeamDriveItems",
            "pageSize",
            "pageToken",
            "restrictToMyDrive",
            "spaces",
            "supportsAllDrives",
            "supportsTeamDrives",
            "teamDriveId",
        ],
        _ => &[],
    }
}

/// The first query parameter `endpoint` does not declare (see [`http::undeclared`]).
/// `alt=media` only means something to `files.get` (and to `files.export`, whose answer is
/// media anyway): a list or a change feed cannot be media.
fn undeclared_parameter(req: &Req, endpoint: &str) -> Option<(String, Resp)> {
    if let Some(refused) = http::undeclared(req, declared(endpoint)) {
        return Some(refused);
    }
    let media = matches!(endpoint, "files.download" | "files.export");
    (!media && req.q("alt") == Some("media")).then(|| {
        (
            "alt".to_string(),
            google_error(
                400,
                "global",
                "badRequest",
                &format!(
                    "Invalid value for parameter alt: {endpoint} does not support media download."
                ),
            ),
        )
    })
}

pub fn handle(inner: &mut Inner, base: &str, req: &Req, endpoint: &str) -> Resp {
    // The request must bind to the method before anything else is looked at.
    if endpoint != "exportlink"
        && let Some((name, resp)) = undeclared_parameter(req, endpoint)
    {
        inner.reject_parameter(endpoint, &name);
        return resp;
    }
    let (user, scopes) = match inner.oauth.check_access(req.bearer()) {
        Ok(access) => (access.user.clone(), access.scopes.clone()),
        Err(resp) => return resp,
    };
    let Some(reach) = reach(&scopes) else {
        return http::insufficient_scopes();
    };
    let id = file_id(&req.path);
    match endpoint {
        "changes.getStartPageToken" => inner.changes.start_page_token(req),
        "changes.list" => inner.changes.list(&inner.files, base, req, &reach, &user),
        "files.list" => list(inner, base, req, &reach),
        "files.get" => match find(inner, req, &id, &reach, true) {
            Ok(file) => masked(
                &resource(file, &inner.files, base),
                req,
                DEFAULT_GET_FIELDS,
                FILE_FIELDS,
            ),
            Err(resp) => resp,
        },
        "files.download" => match find(inner, req, &id, &reach, true) {
            Ok(_) if reach == Reach::Metadata => http::insufficient_scopes(),
            Ok(file) => download(file, req),
            Err(resp) => resp,
        },
        // Export declares no supportsAllDrives: a shared-drive file is exported by its ID.
        "files.export" => match find(inner, req, &id, &reach, false) {
            Ok(_) if reach == Reach::Metadata => http::insufficient_scopes(),
            Ok(file) => export(file, req.q("mimeType"), true),
            Err(resp) => resp,
        },
        // exportLinks are addresses of their own: no supportsAllDrives, no 10 MB cap.
        "exportlink" => match inner.files.get(&id) {
            Some(_) if reach != Reach::Full => http::insufficient_scopes(),
            Some(file) => export(file, req.q("mimeType"), false),
            None => not_found(&id),
        },
        _ => not_found(&id),
    }
}

/// The file ID in `/drive/v3/files/ID[/export]` or `/exportlinks/ID`.
fn file_id(path: &str) -> String {
    let rest = path
        .strip_prefix("/drive/v3/files/")
        .or_else(|| path.strip_prefix("/exportlinks/"))
        .unwrap_or("");
    rest.trim_end_matches("/export").to_string()
}

/// A file the request may see: shared-drive files need `supportsAllDrives=true` where the
/// method declares it (`all_drives_flag`), link-shared ones their resource key in
/// `X-Goog-Drive-Resource-Keys`.
fn find<'a>(
    inner: &'a Inner,
    req: &Req,
    id: &str,
    reach: &Reach,
    all_drives_flag: bool,
) -> Result<&'a File, Resp> {
    let file = inner.files.get(id).ok_or_else(|| not_found(id))?;
    if *reach == Reach::AppOnly {
        return Err(not_found(id));
    }
    if all_drives_flag && file.spec.drive_id.is_some() && !req.flag("supportsAllDrives") {
        return Err(not_found(id));
    }
    if let Some(key) = &file.spec.resource_key {
        let given = req.header("x-goog-drive-resource-keys").unwrap_or("");
        let wanted = format!("{id}/{key}");
        if !given.split(',').any(|pair| pair.trim() == wanted) {
            return Err(not_found(id));
        }
    }
    Ok(file)
}

/// Every field of a file, before the `fields` mask.
pub fn resource(file: &File, files: &BTreeMap<String, File>, base: &str) -> Value {
    let s = &file.spec;
    let mut v = json!({
        "kind": "drive#file",
        "id": s.id,
        "name": s.name,
        "mimeType": file.mime_type,
        "parents": s.parents,
        "trashed": is_trashed(files, file),
        "explicitlyTrashed": s.trashed,
        "version": file.version.to_string(),
        "createdTime": file.created,
        "modifiedTime": file.modified,
        "owners": [{"kind": "drive#user", "emailAddress": s.owner.as_deref().unwrap_or(super::fixture::USER), "me": true}],
    });
    let link = match file.mime_type.as_str() {
        DOC => format!(
            "https://docs.google.com/document/d/{}/edit?usp=drivesdk",
            s.id
        ),
        SHEET => format!(
            "https://docs.google.com/spreadsheets/d/{}/edit?usp=drivesdk",
            s.id
        ),
        SLIDES => format!(
            "https://docs.google.com/presentation/d/{}/edit?usp=drivesdk",
            s.id
        ),
        FOLDER => format!("https://drive.google.com/drive/folders/{}", s.id),
        _ => format!("https://drive.google.com/file/d/{}/view?usp=drivesdk", s.id),
    };
    v["webViewLink"] = link.into();
    if let Some(d) = &s.drive_id {
        v["driveId"] = d.clone().into();
    }
    if let Some(k) = &s.resource_key {
        v["resourceKey"] = k.clone().into();
    }
    if let Some(bytes) = &file.bytes {
        let md5 = hex::encode(md5::Md5::digest(bytes));
        v["size"] = bytes.len().to_string().into();
        v["headRevisionId"] = format!("0B{}{}", &md5[..12], file.version).into();
        v["md5Checksum"] = md5.into();
    }
    if file.mime_type == SHORTCUT {
        let target = s.target.clone().unwrap_or_default();
        v["shortcutDetails"] = json!({"targetId": target});
        // The target's type and key come from the target, when it exists.
        v["shortcutDetails"]["targetMimeType"] = "application/vnd.google-apps.document".into();
    }
    let formats: &[&str] = match file.mime_type.as_str() {
        DOC => &["text/plain", "text/markdown", "text/html"],
        SHEET => &[
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "text/csv",
            "text/tab-separated-values",
        ],
        SLIDES => &["text/plain"],
        _ => &[],
    };
    if !formats.is_empty() {
        let links: Map<String, Value> = formats
            .iter()
            .map(|f| {
                let q: String = url::form_urlencoded::byte_serialize(f.as_bytes()).collect();
                (
                    (*f).to_string(),
                    Value::from(format!("{base}/exportlinks/{}?mimeType={q}", s.id)),
                )
            })
            .collect();
        v["exportLinks"] = Value::Object(links);
    }
    with_shortcut_target(v, files)
}

/// Fixes up shortcut details from the target, which the per-file JSON can't see.
fn with_shortcut_target(mut v: Value, files: &BTreeMap<String, File>) -> Value {
    let target = v["shortcutDetails"]["targetId"]
        .as_str()
        .map(str::to_string);
    if let Some(target) = target {
        match files.get(&target) {
            Some(t) => {
                v["shortcutDetails"]["targetMimeType"] = t.mime_type.clone().into();
                if let Some(k) = &t.spec.resource_key {
                    v["shortcutDetails"]["targetResourceKey"] = k.clone().into();
                }
            }
            // A dangling shortcut still names a type: the one its target had.
            None => v["shortcutDetails"]["targetMimeType"] = DOC.into(),
        }
    }
    v
}

/// A parsed `fields` mask: names, some with a sub-mask in parentheses; `*` is everything.
#[derive(Debug)]
struct Mask(Vec<(String, Option<Mask>)>);

fn parse_mask(text: &str) -> Result<Mask, String> {
    fn items(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<Mask, String> {
        let mut out = Vec::new();
        loop {
            let mut name = String::new();
            while let Some(&c) = chars.peek() {
                if c == ',' || c == '(' || c == ')' {
                    break;
                }
                name.push(c);
                chars.next();
            }
            let name = name.trim().to_string();
            if name.is_empty() {
                return Err("empty field name".into());
            }
            let sub = if chars.peek() == Some(&'(') {
                chars.next();
                let sub = items(chars)?;
                if chars.next() != Some(')') {
                    return Err("unbalanced parentheses".into());
                }
                Some(sub)
            } else {
                None
            };
            out.push((name, sub));
            match chars.peek() {
                Some(',') => {
                    chars.next();
                }
                _ => return Ok(Mask(out)),
            }
        }
    }
    let mut chars = text.chars().peekable();
    let mask = items(&mut chars)?;
    if chars.next().is_some() {
        return Err("unbalanced parentheses".into());
    }
    Ok(mask)
}

/// A 200 with `v` under the request's `fields` mask (`default` without one); a name
/// outside `known` is a 400.
pub fn masked(v: &Value, req: &Req, default: &str, known: &[&str]) -> Resp {
    match select(v, req.q("fields").unwrap_or(default), known) {
        Ok(v) => http::json(200, &v),
        Err(resp) => resp,
    }
}

/// Applies a `fields` mask to `v`; names outside `known` are a 400.
fn select(v: &Value, fields: &str, known: &[&str]) -> Result<Value, Resp> {
    let mask = parse_mask(fields)
        .map_err(|e| invalid("fields", &format!("Invalid field selection {fields}: {e}")))?;
    apply(v, &mask, known)
}

fn apply(v: &Value, mask: &Mask, known: &[&str]) -> Result<Value, Resp> {
    let mut out = Map::new();
    for (name, sub) in &mask.0 {
        if name == "*" {
            return Ok(v.clone());
        }
        if !known.contains(&name.as_str()) {
            return Err(invalid(
                "fields",
                &format!("Invalid field selection {name}"),
            ));
        }
        let Some(value) = v.get(name) else { continue };
        // `files(...)` and a change's `file(...)` hold file resources, `changes(...)` change
        // resources; other nested objects (owners, shortcutDetails) take whatever names
        // they hold.
        let names = sub.as_ref().map(sub_names).unwrap_or_default();
        let known_below = match name.as_str() {
            "files" | "file" => FILE_FIELDS,
            "changes" => super::changes::CHANGE_FIELDS,
            _ => &names,
        };
        let value = match (sub, value) {
            (Some(sub), Value::Array(items)) => Value::Array(
                items
                    .iter()
                    .map(|i| apply(i, sub, known_below))
                    .collect::<Result<_, _>>()?,
            ),
            (Some(sub), Value::Object(_)) => apply(value, sub, known_below)?,
            _ => value.clone(),
        };
        out.insert(name.clone(), value);
    }
    Ok(Value::Object(out))
}

fn sub_names(mask: &Mask) -> Vec<&str> {
    mask.0.iter().map(|(n, _)| n.as_str()).collect()
}

/// Whether a listing takes in shared drives' items: `includeItemsFromAllDrives=true`, which
/// Drive accepts only beside `supportsAllDrives=true`.
pub fn all_drives(req: &Req) -> Result<bool, Resp> {
    let all = req.flag("includeItemsFromAllDrives");
    if all && !req.flag("supportsAllDrives") {
        return Err(invalid(
            "includeItemsFromAllDrives",
            "The includeItemsFromAllDrives parameter can only be set to true if supportsAllDrives is also set to true.",
        ));
    }
    Ok(all)
}

/// A listing's `pageSize`: 100 unless given, at most 1000; above that a 400, or 1000 where
/// the method says larger values are `coerced` (changes.list).
pub fn page_size(req: &Req, coerced: bool) -> Result<usize, Resp> {
    match req.q("pageSize").map(str::parse::<usize>) {
        None => Ok(100),
        Some(Ok(n)) if (1..=1000).contains(&n) => Ok(n),
        Some(Ok(n)) if n > 1000 && coerced => Ok(1000),
        Some(_) => Err(invalid(
            "pageSize",
            &format!(
                "Invalid value '{}'. Values must be within the range: [1, 1000]",
                req.q("pageSize").unwrap_or("")
            ),
        )),
    }
}

fn list(inner: &Inner, base: &str, req: &Req, reach: &Reach) -> Resp {
    let all_drives = match all_drives(req) {
        Ok(all) => all,
        Err(resp) => return resp,
    };
    let page_size = match page_size(req, false) {
        Ok(n) => n,
        Err(resp) => return resp,
    };
    let query = match req.q("q").map(parse_query).transpose() {
        Ok(q) => q,
        Err(e) => return invalid("q", &format!("Invalid Value: {e}")),
    };
    let fingerprint = format!("{:?}{all_drives}", req.q("q"));
    let offset = match req.q("pageToken") {
        None => 0,
        Some(token) => match http::decode_page_token(token, &fingerprint) {
            Some(o) => o,
            None => return invalid("pageToken", "Invalid Value"),
        },
    };
    let matching: Vec<&File> = if *reach == Reach::AppOnly {
        Vec::new()
    } else {
        inner
            .files
            .values()
            .filter(|f| f.spec.drive_id.is_none() || all_drives)
            .filter(|f| query.as_ref().is_none_or(|q| q.eval(f, &inner.files)))
            .collect()
    };
    let page: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(page_size)
        .map(|f| resource(f, &inner.files, base))
        .collect();
    let mut body = json!({"kind": "drive#fileList", "incompleteSearch": false, "files": page});
    if offset + page_size < matching.len() {
        body["nextPageToken"] = http::encode_page_token(offset + page_size, &fingerprint).into();
    }
    masked(&body, req, DEFAULT_LIST_FIELDS, LIST_FIELDS)
}

/// The `q` language, as far as clients use it.
#[derive(Debug)]
enum Query {
    And(Box<Query>, Box<Query>),
    Or(Box<Query>, Box<Query>),
    Not(Box<Query>),
    InParents(String),
    Trashed(bool),
    Compare {
        field: String,
        op: String,
        value: String,
    },
}

impl Query {
    fn eval(&self, f: &File, files: &BTreeMap<String, File>) -> bool {
        match self {
            Query::And(a, b) => a.eval(f, files) && b.eval(f, files),
            Query::Or(a, b) => a.eval(f, files) || b.eval(f, files),
            Query::Not(q) => !q.eval(f, files),
            Query::InParents(id) => f.spec.parents.iter().any(|p| p == id),
            Query::Trashed(t) => is_trashed(files, f) == *t,
            Query::Compare { field, op, value } => {
                let actual = match field.as_str() {
                    "mimeType" => &f.mime_type,
                    "name" => &f.spec.name,
                    _ => return false,
                };
                match op.as_str() {
                    "=" => actual == value,
                    "!=" => actual != value,
                    "contains" => actual.contains(value.as_str()),
                    _ => false,
                }
            }
        }
    }
}

fn tokenize(q: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut chars = q.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' => {
                tokens.push(c.to_string());
                chars.next();
            }
            '\'' => {
                chars.next();
                let mut s = String::from("'");
                loop {
                    match chars.next() {
                        Some('\\') => s.push(chars.next().ok_or("dangling escape")?),
                        Some('\'') => break,
                        Some(c) => s.push(c),
                        None => return Err("unterminated string".into()),
                    }
                }
                tokens.push(s);
            }
            '!' | '=' | '<' | '>' => {
                let mut op = String::new();
                while let Some(&c) = chars.peek() {
                    if matches!(c, '!' | '=' | '<' | '>') {
                        op.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(op);
            }
            _ => {
                let mut word = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_alphanumeric() || c == '_' || c == '.' {
                        word.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if word.is_empty() {
                    return Err(format!("unexpected character {c:?}"));
                }
                tokens.push(word);
            }
        }
    }
    Ok(tokens)
}

fn parse_query(q: &str) -> Result<Query, String> {
    let tokens = tokenize(q)?;
    let mut pos = 0;
    let query = parse_or(&tokens, &mut pos)?;
    if pos != tokens.len() {
        return Err(format!("unexpected {:?}", tokens[pos]));
    }
    Ok(query)
}

fn parse_or(t: &[String], pos: &mut usize) -> Result<Query, String> {
    let mut left = parse_and(t, pos)?;
    while t.get(*pos).is_some_and(|w| w.eq_ignore_ascii_case("or")) {
        *pos += 1;
        left = Query::Or(Box::new(left), Box::new(parse_and(t, pos)?));
    }
    Ok(left)
}

fn parse_and(t: &[String], pos: &mut usize) -> Result<Query, String> {
    let mut left = parse_term(t, pos)?;
    while t.get(*pos).is_some_and(|w| w.eq_ignore_ascii_case("and")) {
        *pos += 1;
        left = Query::And(Box::new(left), Box::new(parse_term(t, pos)?));
    }
    Ok(left)
}

fn parse_term(t: &[String], pos: &mut usize) -> Result<Query, String> {
    let token = |i: usize| t.get(i).map(String::as_str);
    match token(*pos) {
        Some(w) if w.eq_ignore_ascii_case("not") => {
            *pos += 1;
            Ok(Query::Not(Box::new(parse_term(t, pos)?)))
        }
        Some("(") => {
            *pos += 1;
            let inner = parse_or(t, pos)?;
            if token(*pos) != Some(")") {
                return Err("missing )".into());
            }
            *pos += 1;
            Ok(inner)
        }
        Some(s) if s.starts_with('\'') => {
            let value = s[1..].to_string();
            match (token(*pos + 1), token(*pos + 2)) {
                (Some("in"), Some("parents")) => {
                    *pos += 3;
                    Ok(Query::InParents(value))
                }
                _ => Err("only 'ID' in parents is understood".into()),
            }
        }
        Some("trashed") => {
            let (op, value) = (token(*pos + 1), token(*pos + 2));
            *pos += 3;
            match (op, value) {
                (Some("="), Some("true")) | (Some("!="), Some("false")) => Ok(Query::Trashed(true)),
                (Some("="), Some("false")) | (Some("!="), Some("true")) => {
                    Ok(Query::Trashed(false))
                }
                _ => Err("trashed takes = true or = false".into()),
            }
        }
        Some(field @ ("mimeType" | "name")) => {
            let op = token(*pos + 1).ok_or("missing operator")?.to_string();
            let value = token(*pos + 2).ok_or("missing value")?;
            if !value.starts_with('\'') || !matches!(op.as_str(), "=" | "!=" | "contains") {
                return Err(format!("bad comparison on {field}"));
            }
            *pos += 3;
            Ok(Query::Compare {
                field: field.to_string(),
                op,
                value: value[1..].to_string(),
            })
        }
        Some(other) => Err(format!("unsupported term {other:?}")),
        None => Err("empty query".into()),
    }
}

/// `alt=media`: the bytes of a binary file (Range honoured); Docs editors files refuse.
fn download(file: &File, req: &Req) -> Resp {
    let Some(bytes) = &file.bytes else {
        return google_error(
            403,
            "global",
            "fileNotDownloadable",
            "Only files with binary content can be downloaded. Use Export with Docs Editors files.",
        );
    };
    let range = req
        .header("range")
        .and_then(|r| r.strip_prefix("bytes="))
        .and_then(|r| r.split_once('-'))
        .and_then(|(a, b)| {
            let start: usize = a.parse().ok()?;
            let end: usize = if b.is_empty() {
                bytes.len().checked_sub(1)?
            } else {
                b.parse().ok()?
            };
            (start <= end && end < bytes.len()).then_some((start, end))
        });
    match range {
        Some((start, end)) => {
            let mut resp = Resp::new(206, &file.mime_type, bytes[start..=end].to_vec());
            resp.headers.push((
                "content-range".into(),
                format!("bytes {start}-{end}/{}", bytes.len()),
            ));
            resp
        }
        None => Resp::new(200, &file.mime_type, bytes.clone()),
    }
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `files.export` (capped at 10 MB when `capped`) and exportLinks (not capped).
fn export(file: &File, mime: Option<&str>, capped: bool) -> Resp {
    let Some(mime) = mime else {
        return google_error(400, "global", "required", "Required parameter: mimeType");
    };
    let spec = &file.spec;
    let text = spec.text.clone().unwrap_or_default();
    let body: Result<Vec<u8>, Resp> = match (file.mime_type.as_str(), mime) {
        (DOC | SLIDES, "text/plain") => Ok(text_export(&text)),
        (DOC, "text/markdown") => Ok(text_export(&text)),
        (DOC, "text/html") => Ok(html_export(&spec.name, &text)),
        (SHEET, XLSX) => xlsx(spec),
        (SHEET, "text/csv") => Ok(delimited(spec, b',')),
        (SHEET, "text/tab-separated-values") => Ok(delimited(spec, b'\t')),
        (DOC | SHEET | SLIDES, "application/pdf")
        | (DOC, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        | (SLIDES, "application/vnd.openxmlformats-officedocument.presentationml.presentation") => {
            Err(google_error(
                501,
                "global",
                "notImplemented",
                "The fake does not render this export format.",
            ))
        }
        (DOC | SHEET | SLIDES, _) => Err(google_error(
            400,
            "global",
            "badRequest",
            "The requested conversion is not supported.",
        )),
        _ => Err(google_error(
            403,
            "global",
            "fileNotExportable",
            "Export only supports Docs Editors files.",
        )),
    };
    match body {
        Ok(body) if capped && body.len() > EXPORT_LIMIT => google_error(
            403,
            "global",
            "exportSizeLimitExceeded",
            "This file is too large to be exported.",
        ),
        Ok(body) => Resp::new(200, &format!("{mime}; charset=utf-8"), body),
        Err(resp) => resp,
    }
}

/// Text exports begin with a UTF-8 byte-order mark and use CRLF line ends.
fn text_export(text: &str) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend_from_slice(text.replace("\r\n", "\n").replace('\n', "\r\n").as_bytes());
    out
}

fn html_export(title: &str, text: &str) -> Vec<u8> {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let paragraphs: String = text
        .split("\n\n")
        .map(|p| format!("<p>{}</p>", escape(p)))
        .collect();
    format!(
        "<html><head><title>{}</title></head><body>{paragraphs}</body></html>",
        escape(title)
    )
    .into_bytes()
}

/// CSV and TSV: the FIRST sheet only (the API has no way to name another).
fn delimited(spec: &FileSpec, delimiter: u8) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    if let Some(sheet) = spec.sheets.first() {
        for row in &sheet.rows {
            let _ = w.write_record(row);
        }
    }
    w.into_inner().unwrap_or_default()
}

/// A real .xlsx with every sheet, numbers as numbers.
fn xlsx(spec: &FileSpec) -> Result<Vec<u8>, Resp> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        google_error(500, "global", "internalError", &e.to_string())
    };
    let mut book = rust_xlsxwriter::Workbook::new();
    for sheet in &spec.sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name).map_err(fail)?;
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell.parse::<f64>() {
                    Ok(n) => ws.write_number(r, c, n).map(|_| ()),
                    Err(_) => ws.write_string(r, c, cell).map(|_| ()),
                }
                .map_err(fail)?;
            }
        }
    }
    book.save_to_buffer().map_err(fail)
}
