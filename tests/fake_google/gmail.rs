//! The Gmail v1 side (`/gmail/v1/users/{me|address}/...`), strict where `docs/gmail.md`
//! says Gmail is: `messages.list` (ids only, `resultSizeEstimate` stuck at 201, TRASH and SPAM
//! left out unless `includeSpamTrash`, a `q` subset), `messages.get` in four formats (`raw`
//! base64url WITH padding, `full` part data WITHOUT padding, transfer-decoded but left in the
//! part's own charset, attachments behind ephemeral attachment IDs), `threads.get`,
//! `history.list` (records after `startHistoryId`, messages carrying only id and threadId, 404
//! for an id older than the retained window), `labels.list`, `settings.sendAs.list`,
//! `getProfile`, `attachments.get` and the batch endpoint (`POST /batch/gmail/v1`, at most 100
//! parts, a 429 per part past the in-flight limit inside the 200); the scope rules (gmail.metadata
//! refuses any `q` and formats full and raw, even beside gmail.readonly), the per-user quota
//! in units (a token bucket, 403 `userRateLimitExceeded`) and the per-user limit on requests in
//! flight (429 "Too many concurrent requests for user", counted across the fake's latency).
//!
//! The `q` subset, implicit AND of space-separated terms, each optionally negated with `-`:
//! `in:X` / `label:X` (system labels by name, user labels by name, `-`/`/` and spaces alike;
//! `in:anywhere`), `is:unread|read|starred|important`, `after:`/`before:` (epoch seconds, or
//! YYYY/MM/DD or YYYY-MM-DD read at midnight PST = UTC-8; after is inclusive, before
//! exclusive), `newer_than:`/`older_than:` (`Nd`, `Nm` = 30 days, `Ny` = 365 days),
//! `from:`/`to:`/`cc:`/`subject:` (substring of the decoded header, case-insensitive; `me` is
//! the primary address only: Gmail does not expand aliases), `rfc822msgid:`, bare words and
//! "quoted phrases" (substring of subject, addresses and text parts), `AND`. Anything else
//! (`OR`, braces, parentheses, other operators, bad dates, unbalanced quotes) is a 400
//! `invalidArgument` "Invalid query": Gmail would search for it somehow, the fake refuses
//! rather than guess. `in:trash`, `in:spam`, `in:anywhere` and `label:trash|spam` bring those
//! messages back without `includeSpamTrash`.
//!
//! `maxResults` above 500 is clamped to 500 (the discovery document says "maximum allowed
//! value" and clients report being given 500); 0 is proto3's "unset", so 100; not a number is
//! a 400. A part's data moves behind an `attachmentId` when it has a filename or is larger
//! than `Config::gmail_inline_body_max` (Gmail's own threshold is not documented).
//!
//! Requests are counted under `gmail.profile`, `gmail.messages.list`, `gmail.messages.get`,
//! `gmail.threads.get`, `gmail.history.list`, `gmail.labels.list`, `gmail.sendAs.list`,
//! `gmail.attachments.get`, `gmail.batch` (and each part under its own name), with `:STATUS`;
//! refusals by the limits also under `gmail.quota:403` and `gmail.concurrency:429`. The test
//! controls (`add_mail`, `delete_mail`, `label_mail`, `expire_history`, `vanish_on_get`,
//! `save_draft`, `send_draft`, `gmail_units`, `gmail_history_id`) are on `FakeGoogle`.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use mailparse::{MailHeaderMap as _, ParsedMail};
use serde_json::{Value, json};

use super::fixture::{Fixture, MessageSpec, SendAsSpec};
use super::http::{self, Req, Resp, google_error};
use super::{Inner, State};

const READ: &[&str] = &[
    "https://www.googleapis.com/auth/gmail.readonly",
    "https://www.googleapis.com/auth/gmail.modify",
    "https://mail.google.com/",
];
const METADATA: &str = "https://www.googleapis.com/auth/gmail.metadata";
const LABELS: &str = "https://www.googleapis.com/auth/gmail.labels";
const COMPOSE: &str = "https://www.googleapis.com/auth/gmail.compose";
const SETTINGS: &str = "https://www.googleapis.com/auth/gmail.settings.basic";

/// System labels, by ID (= name).
pub const SYSTEM_LABELS: &[&str] = &[
    "INBOX",
    "SENT",
    "DRAFT",
    "SPAM",
    "TRASH",
    "UNREAD",
    "STARRED",
    "IMPORTANT",
    "CHAT",
    "CATEGORY_PERSONAL",
    "CATEGORY_SOCIAL",
    "CATEGORY_PROMOTIONS",
    "CATEGORY_UPDATES",
    "CATEGORY_FORUMS",
];

/// Gmail batch requests hold at most this many calls.
pub const BATCH_LIMIT: usize = 100;

/// The first history ID of every mailbox; IDs then grow by uneven steps, as Gmail's do.
const FIRST_HISTORY_ID: u64 = 4000;

/// The endpoint name of a Gmail request, for counters and faults.
pub fn endpoint(method: &str, path: &str) -> Option<&'static str> {
    if (method, path) == ("POST", "/batch/gmail/v1") {
        return Some("gmail.batch");
    }
    let rest = path.strip_prefix("/gmail/v1/users/")?;
    let segments: Vec<&str> = rest.split('/').collect();
    if method != "GET" {
        return None;
    }
    Some(match segments.as_slice() {
        [_, "profile"] => "gmail.profile",
        [_, "messages"] => "gmail.messages.list",
        [_, "messages", _] => "gmail.messages.get",
        [_, "messages", _, "attachments", _] => "gmail.attachments.get",
        [_, "threads", _] => "gmail.threads.get",
        [_, "history"] => "gmail.history.list",
        [_, "labels"] => "gmail.labels.list",
        [_, "settings", "sendAs"] => "gmail.sendAs.list",
        _ => return None,
    })
}

/// Quota units each method costs (docs/gmail.md; threads.get's 10 is Google's published figure).
fn cost(endpoint: &str) -> f64 {
    match endpoint {
        "gmail.messages.list" | "gmail.messages.get" | "gmail.attachments.get" => 5.0,
        "gmail.history.list" => 2.0,
        "gmail.threads.get" => 10.0,
        _ => 1.0,
    }
}

/// The query parameters each method declares in the Gmail v1 discovery document.
fn declared(endpoint: &str) -> &'static [&'static str] {
    match endpoint {
        "gmail.messages.list" => &[
            "includeSpamTrash",
            "labelIds",
            "maxResults",
            "pageToken",
            "q",
        ],
        "gmail.messages.get" | "gmail.threads.get" => &["format", "metadataHeaders"],
        "gmail.history.list" => &[
            "historyTypes",
            "labelId",
            "maxResults",
            "pageToken",
            "startHistoryId",
        ],
        _ => &[],
    }
}

/// Every user's mailbox.
#[derive(Default)]
pub struct Gmail {
    boxes: BTreeMap<String, Mailbox>,
    /// Makes each attachment ID handed out different from the last (they are ephemeral).
    attachment_nonce: u64,
    /// Drafts (by the test's name for them) and the message ID their last save got.
    drafts: BTreeMap<String, (String, String)>,
    next_message: u64,
}

pub struct Mailbox {
    user: String,
    messages: BTreeMap<String, Message>,
    history: Vec<Record>,
    history_id: u64,
    /// A `startHistoryId` below this is out of the retained window: 404.
    oldest_valid: u64,
    send_as: Vec<SendAsSpec>,
    /// User labels: (ID, name).
    labels: Vec<(String, String)>,
    /// Listed (and in history) but 404 on get: deleted between list and get.
    unfetchable: HashSet<String>,
    /// Quota units left in the bucket, as of `refilled`.
    bucket: f64,
    refilled: Instant,
    /// Units charged so far.
    units: u64,
    in_flight: usize,
}

struct Message {
    id: String,
    thread_id: String,
    labels: Vec<String>,
    internal_date_ms: i64,
    raw: Vec<u8>,
    history_id: u64,
    index: Index,
}

/// What `q` and the snippet look at, taken from the raw message once.
#[derive(Default)]
struct Index {
    from: String,
    to: String,
    cc: String,
    subject: String,
    message_id: String,
    /// Subject, addresses and decoded text parts, lowercased.
    text: String,
    snippet: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    MessageAdded,
    MessageDeleted,
    LabelAdded,
    LabelRemoved,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s.to_ascii_lowercase().as_str() {
            "messageadded" => Kind::MessageAdded,
            "messagedeleted" => Kind::MessageDeleted,
            "labeladded" => Kind::LabelAdded,
            "labelremoved" => Kind::LabelRemoved,
            _ => return None,
        })
    }
}

struct Record {
    id: u64,
    kind: Kind,
    message: String,
    thread: String,
    /// The labels added or removed (label records).
    changed: Vec<String>,
    /// The message's labels after the change: what `labelId` filters on.
    labels: Vec<String>,
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

impl Gmail {
    pub fn load(fixture: &Fixture, burst: f64) -> Gmail {
        let mut gmail = Gmail::default();
        for user in &fixture.users {
            gmail.mailbox(user, burst);
        }
        for alias in &fixture.send_as {
            gmail
                .mailbox(&alias.user, burst)
                .send_as
                .push(alias.clone());
        }
        let first = fixture.users.first().cloned().unwrap_or_default();
        for spec in &fixture.mail {
            let user = spec.user.clone().unwrap_or_else(|| first.clone());
            gmail.mailbox(&user, burst).insert(spec);
        }
        for mb in gmail.boxes.values_mut() {
            // The fixture's own records are kept: any ID from FIRST_HISTORY_ID on is good.
            mb.oldest_valid = FIRST_HISTORY_ID;
        }
        gmail
    }

    fn mailbox(&mut self, user: &str, burst: f64) -> &mut Mailbox {
        self.boxes
            .entry(user.to_string())
            .or_insert_with(|| Mailbox {
                user: user.to_string(),
                messages: BTreeMap::new(),
                history: Vec::new(),
                history_id: FIRST_HISTORY_ID,
                oldest_valid: FIRST_HISTORY_ID,
                send_as: Vec::new(),
                labels: Vec::new(),
                unfetchable: HashSet::new(),
                bucket: burst,
                refilled: Instant::now(),
                units: 0,
                in_flight: 0,
            })
    }

    /// The mailbox holding message `id`.
    fn holding(&mut self, id: &str) -> &mut Mailbox {
        self.boxes
            .values_mut()
            .find(|mb| mb.messages.contains_key(id))
            .expect("no such message in the fake's Gmail")
    }

    /// Adds a message to its user's mailbox (`user`: the fixture's first user when the spec
    /// names none): a `messageAdded` record, a new history ID.
    pub fn add(&mut self, spec: &MessageSpec, default_user: &str, burst: f64) {
        let user = spec
            .user
            .clone()
            .unwrap_or_else(|| default_user.to_string());
        self.mailbox(&user, burst).insert(spec);
    }

    /// Deletes a message for good (not to the trash): a `messageDeleted` record.
    pub fn delete(&mut self, id: &str) {
        self.holding(id).delete(id);
    }

    /// Adds and removes labels (IDs or user label names): one record for each side that
    /// changed anything.
    pub fn relabel(&mut self, id: &str, add: &[&str], remove: &[&str]) {
        self.holding(id).relabel(id, add, remove);
    }

    /// Every history record is dropped: any `startHistoryId` older than the current one 404s.
    pub fn expire_history(&mut self) {
        for mb in self.boxes.values_mut() {
            mb.history.clear();
            mb.oldest_valid = mb.history_id;
        }
    }

    pub fn make_unfetchable(&mut self, id: &str) {
        self.holding(id).unfetchable.insert(id.to_string());
    }

    /// Saves draft `draft` with `raw` as Gmail's autosave does: a message with a NEW ID
    /// labelled DRAFT (`messageAdded`), the previous save's message deleted
    /// (`messageDeleted`). Returns the new message ID.
    pub fn save_draft(&mut self, user: &str, draft: &str, raw: &[u8], burst: f64) -> String {
        self.next_message += 1;
        let id = format!("draft{:012x}", self.next_message);
        let previous = self.drafts.get(draft).cloned();
        let thread = match &previous {
            Some((_, old)) => {
                let mb = self.mailbox(user, burst);
                let thread = mb.messages.get(old).map(|m| m.thread_id.clone());
                if mb.messages.contains_key(old) {
                    mb.delete(old);
                }
                thread.unwrap_or_else(|| id.clone())
            }
            None => id.clone(),
        };
        let spec = MessageSpec::sent(&id, raw).draft().in_thread(&thread);
        self.mailbox(user, burst).insert(&spec);
        self.drafts
            .insert(draft.to_string(), (user.to_string(), id.clone()));
        id
    }

    /// Sends a draft: its last message loses DRAFT, gains SENT and the time of sending
    /// [inf: Gmail keeps the message ID]. Returns that ID.
    pub fn send_draft(&mut self, draft: &str) -> String {
        let (_, id) = self
            .drafts
            .remove(draft)
            .expect("no such draft in the fake's Gmail");
        let mb = self.holding(&id);
        if let Some(m) = mb.messages.get_mut(&id) {
            m.internal_date_ms = now_ms();
        }
        mb.relabel(&id, &["SENT"], &["DRAFT"]);
        id
    }

    pub fn contains(&self, id: &str) -> bool {
        self.boxes.values().any(|mb| mb.messages.contains_key(id))
    }

    pub fn units(&self, user: &str) -> u64 {
        self.boxes.get(user).map_or(0, |mb| mb.units)
    }

    pub fn history_id(&self, user: &str) -> u64 {
        self.boxes.get(user).map_or(0, |mb| mb.history_id)
    }
}

impl Mailbox {
    fn bump(&mut self) -> u64 {
        // Increasing, not contiguous (docs/gmail.md).
        self.history_id += 1 + self.history_id % 3;
        self.history_id
    }

    fn record(&mut self, kind: Kind, id: &str, changed: Vec<String>) {
        let history_id = self.bump();
        let (thread, labels) = match self.messages.get_mut(id) {
            Some(m) => {
                m.history_id = history_id;
                (m.thread_id.clone(), m.labels.clone())
            }
            None => (String::new(), Vec::new()),
        };
        self.history.push(Record {
            id: history_id,
            kind,
            message: id.to_string(),
            thread,
            changed,
            labels,
        });
    }

    /// A label's ID: system labels are their own, user labels get `Label_N` on first use.
    fn label_id(&mut self, label: &str) -> String {
        if SYSTEM_LABELS.contains(&label) || self.labels.iter().any(|(id, _)| id == label) {
            return label.to_string();
        }
        if let Some((id, _)) = self.labels.iter().find(|(_, name)| name == label) {
            return id.clone();
        }
        let id = format!("Label_{}", self.labels.len() + 1);
        self.labels.push((id.clone(), label.to_string()));
        id
    }

    fn insert(&mut self, spec: &MessageSpec) {
        let raw = spec.bytes();
        let parsed = mailparse::parse_mail(&raw).ok();
        let date = parsed
            .as_ref()
            .and_then(|p| p.headers.get_first_value("Date"))
            .and_then(|d| mailparse::dateparse(&d).ok())
            .map(|s| s * 1000);
        let labels = spec.labels.iter().map(|l| self.label_id(l)).collect();
        let thread_id = if spec.thread_id.is_empty() {
            spec.id.clone()
        } else {
            spec.thread_id.clone()
        };
        let message = Message {
            id: spec.id.clone(),
            thread_id,
            labels,
            internal_date_ms: spec.internal_date_ms.or(date).unwrap_or_else(now_ms),
            index: parsed.as_ref().map(index).unwrap_or_default(),
            raw,
            history_id: 0,
        };
        self.messages.insert(spec.id.clone(), message);
        self.record(Kind::MessageAdded, &spec.id, Vec::new());
    }

    fn delete(&mut self, id: &str) {
        let Some(m) = self.messages.remove(id) else {
            return;
        };
        let history_id = self.bump();
        self.history.push(Record {
            id: history_id,
            kind: Kind::MessageDeleted,
            message: m.id,
            thread: m.thread_id,
            changed: Vec::new(),
            labels: m.labels,
        });
    }

    fn relabel(&mut self, id: &str, add: &[&str], remove: &[&str]) {
        let add: Vec<String> = add.iter().map(|l| self.label_id(l)).collect();
        let remove: Vec<String> = remove.iter().map(|l| self.label_id(l)).collect();
        let Some(m) = self.messages.get_mut(id) else {
            return;
        };
        let added: Vec<String> = add.into_iter().filter(|l| !m.labels.contains(l)).collect();
        m.labels.extend(added.iter().cloned());
        let removed: Vec<String> = remove
            .into_iter()
            .filter(|l| m.labels.contains(l))
            .collect();
        m.labels.retain(|l| !removed.contains(l));
        if !added.is_empty() {
            self.record(Kind::LabelAdded, id, added);
        }
        if !removed.is_empty() {
            self.record(Kind::LabelRemoved, id, removed);
        }
    }

    /// Whether a label (as `q` names it) is on `m`: system labels by their lowercased ID,
    /// user labels by name, case-insensitive, with `-` and `/` standing for spaces.
    fn has_named_label(&self, m: &Message, name: &str) -> bool {
        let norm = |s: &str| s.to_lowercase().replace(['-', '/'], " ");
        let wanted = norm(name);
        let system = match wanted.as_str() {
            "drafts" => "DRAFT".to_string(),
            "chats" => "CHAT".to_string(),
            w => w.to_uppercase().replace(' ', "_"),
        };
        m.labels.iter().any(|l| {
            *l == system
                || self
                    .labels
                    .iter()
                    .any(|(id, name)| id == l && norm(name) == wanted)
        })
    }

    fn label_exists(&self, id: &str) -> bool {
        SYSTEM_LABELS.contains(&id) || self.labels.iter().any(|(l, _)| l == id)
    }

    /// Takes `cost` units from the bucket, refilled at `rate` per second up to `burst`; the
    /// wait until they would be there when they are not.
    fn charge(&mut self, cost: f64, rate: f64, burst: f64) -> Result<(), Duration> {
        let now = Instant::now();
        let elapsed = now.duration_since(self.refilled).as_secs_f64();
        self.bucket = (self.bucket + elapsed * rate).min(burst);
        self.refilled = now;
        if self.bucket >= cost {
            self.bucket -= cost;
            self.units += cost as u64;
            Ok(())
        } else {
            Err(Duration::from_secs_f64(
                (cost - self.bucket) / rate.max(1e-9),
            ))
        }
    }
}

/// Headers, text and snippet of a parsed message.
fn index(p: &ParsedMail<'_>) -> Index {
    let h = |name: &str| p.headers.get_all_values(name).join(", ");
    let mut text = Vec::new();
    let mut html = Vec::new();
    collect_text(p, &mut text, &mut html);
    let body = if text.is_empty() {
        strip_tags(&html.join("\n"))
    } else {
        text.join("\n")
    };
    let index = Index {
        from: h("From"),
        to: h("To"),
        cc: [h("Cc"), h("Bcc")].join(", "),
        subject: h("Subject"),
        message_id: h("Message-ID").trim().trim_matches(['<', '>']).to_string(),
        snippet: snippet(&body),
        text: String::new(),
    };
    Index {
        text: [&index.subject, &index.from, &index.to, &index.cc, &body]
            .map(|s| s.to_lowercase())
            .join("\n"),
        ..index
    }
}

fn is_attachment(p: &ParsedMail<'_>) -> bool {
    !filename(p).is_empty()
        || p.get_content_disposition().disposition == mailparse::DispositionType::Attachment
}

fn collect_text(p: &ParsedMail<'_>, text: &mut Vec<String>, html: &mut Vec<String>) {
    if p.ctype.mimetype.starts_with("multipart/") {
        for sub in &p.subparts {
            collect_text(sub, text, html);
        }
    } else if !is_attachment(p) {
        match p.ctype.mimetype.as_str() {
            "text/plain" => text.extend(p.get_body().ok()),
            "text/html" => html.extend(p.get_body().ok()),
            _ => {}
        }
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Gmail's snippet: the start of the text, whitespace collapsed, HTML-escaped.
fn snippet(body: &str) -> String {
    let collapsed = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = collapsed.chars().take(200).collect();
    short
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn filename(p: &ParsedMail<'_>) -> String {
    p.get_content_disposition()
        .params
        .get("filename")
        .or_else(|| p.ctype.params.get("name"))
        .cloned()
        .unwrap_or_default()
}

fn invalid_argument(message: &str) -> Resp {
    google_error(400, "global", "invalidArgument", message)
}

fn not_found() -> Resp {
    google_error(404, "global", "notFound", "Requested entity was not found.")
}

fn forbidden(message: &str) -> Resp {
    google_error(403, "global", "forbidden", message)
}

/// A `uint32` parameter: `maxResults` (0 is unset, above `max` clamped) and the like.
fn max_results(req: &Req, default: usize, max: usize) -> Result<usize, Resp> {
    match req.q("maxResults") {
        None => Ok(default),
        Some(v) => match v.parse::<u32>() {
            Ok(0) => Ok(default),
            Ok(n) => Ok((n as usize).min(max)),
            Err(_) => Err(invalid_argument(&format!(
                "Invalid value at 'max_results' (TYPE_UINT32), \"{v}\""
            ))),
        },
    }
}

fn bool_param(req: &Req, name: &str, field: &str) -> Result<bool, Resp> {
    match req.q(name) {
        None => Ok(false),
        Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
        Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
        Some(v) => Err(invalid_argument(&format!(
            "Invalid value at '{field}' (TYPE_BOOL), \"{v}\""
        ))),
    }
}

/// All values of a repeated parameter.
fn all<'a>(req: &'a Req, name: &str) -> Vec<&'a str> {
    req.query
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The path segments after `/gmail/v1/users/`, percent-decoded.
fn segments(path: &str) -> Vec<String> {
    path.strip_prefix("/gmail/v1/users/")
        .unwrap_or("")
        .split('/')
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect()
}

/// What a token's scopes let it do with Gmail.
struct Grant {
    read: bool,
    metadata: bool,
    labels: bool,
    compose: bool,
    settings: bool,
}

fn grant(scopes: &str) -> Grant {
    let has = |s: &str| scopes.split_whitespace().any(|g| g == s);
    Grant {
        read: READ.iter().any(|s| has(s)),
        metadata: has(METADATA),
        labels: has(LABELS),
        compose: has(COMPOSE),
        settings: has(SETTINGS),
    }
}

impl Grant {
    /// Whether the scopes reach `endpoint` at all (the discovery document's method scopes).
    fn reaches(&self, endpoint: &str) -> bool {
        match endpoint {
            "gmail.profile" => self.read || self.metadata || self.compose,
            "gmail.labels.list" => self.read || self.metadata || self.labels,
            "gmail.sendAs.list" => self.read || self.settings,
            "gmail.attachments.get" => self.read,
            _ => self.read || self.metadata,
        }
    }
}

/// The user a live token belongs to, for the in-flight count.
fn token_user(inner: &Inner, req: &Req) -> Option<String> {
    inner
        .oauth
        .check_access(req.bearer())
        .ok()
        .map(|a| a.user.clone())
}

/// One Gmail request in flight for a user; dropping it ends it.
pub struct Slot {
    state: Arc<State>,
    user: String,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(mb) = self.state.lock().gmail.boxes.get_mut(&self.user) {
            mb.in_flight = mb.in_flight.saturating_sub(1);
        }
    }
}

fn too_many_concurrent(inner: &mut Inner) -> Resp {
    inner.count("gmail.concurrency:429");
    google_error(
        429,
        "global",
        "rateLimitExceeded",
        "Too many concurrent requests for user",
    )
}

/// Called (lock held) when a Gmail request arrives, before the fake's latency: counts it in
/// flight for its user, or refuses it with 429 when `gmail_max_concurrent` are already in
/// flight. Batches count their parts instead; a request without a live token is not counted
/// (it gets its 401 later).
pub fn enter(
    state: &Arc<State>,
    inner: &mut Inner,
    req: &Req,
    endpoint: &str,
) -> Result<Option<Slot>, Resp> {
    if !endpoint.starts_with("gmail.") || endpoint == "gmail.batch" || !inner.config.gmail_limits {
        return Ok(None);
    }
    let Some(user) = token_user(inner, req) else {
        return Ok(None);
    };
    let max = inner.config.gmail_max_concurrent;
    let burst = inner.config.gmail_burst;
    let mb = inner.gmail.mailbox(&user, burst);
    if mb.in_flight >= max {
        return Err(too_many_concurrent(inner));
    }
    mb.in_flight += 1;
    Ok(Some(Slot {
        state: Arc::clone(state),
        user,
    }))
}

/// A Gmail request, after the latency: binding, credentials, user, scopes, quota, method.
pub fn handle(inner: &mut Inner, req: &Req, endpoint: &str) -> Resp {
    if endpoint == "gmail.batch" {
        return batch(inner, req);
    }
    if let Some((name, resp)) = http::undeclared(req, declared(endpoint)) {
        inner.reject_parameter(endpoint, &name);
        return resp;
    }
    let (user, scopes) = match inner.oauth.check_access(req.bearer()) {
        Ok(a) => (a.user.clone(), a.scopes.clone()),
        Err(resp) => return resp,
    };
    let segments = segments(&req.path);
    let asked = segments.first().map(String::as_str).unwrap_or("");
    if asked != "me" && !asked.eq_ignore_ascii_case(&user) {
        return forbidden(&format!("Delegation denied for {user}"));
    }
    let grant = grant(&scopes);
    if !grant.reaches(endpoint) {
        return http::insufficient_scopes();
    }
    if let Err(resp) = metadata_limits(&grant, req, endpoint) {
        return resp;
    }
    let (rate, burst) = (
        inner.config.gmail_units_per_second,
        inner.config.gmail_burst,
    );
    let quota = inner.config.gmail_limits;
    let mb = inner.gmail.mailbox(&user, burst);
    if quota && let Err(wait) = mb.charge(cost(endpoint), rate, burst) {
        inner.count("gmail.quota:403");
        let at = jiff::Timestamp::now() + jiff::SignedDuration::try_from(wait).unwrap_or_default();
        return google_error(
            403,
            "usageLimits",
            "userRateLimitExceeded",
            &format!(
                "User-rate limit exceeded.  Retry after {}",
                at.strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
            ),
        );
    }
    let inline_max = inner.config.gmail_inline_body_max;
    let empty_pages = inner.config.empty_history_pages;
    let nonce = &mut inner.gmail.attachment_nonce;
    let Some(mb) = inner.gmail.boxes.get(&user) else {
        return not_found();
    };
    let id = segments.get(2).map(String::as_str).unwrap_or("");
    let result = match endpoint {
        "gmail.profile" => Ok(profile(mb)),
        "gmail.labels.list" => Ok(labels(mb)),
        "gmail.sendAs.list" => Ok(send_as(mb)),
        "gmail.messages.list" => list(mb, req),
        "gmail.messages.get" => get(mb, req, id, inline_max, nonce),
        "gmail.threads.get" => thread(mb, req, id, inline_max, nonce),
        "gmail.history.list" => history(mb, req, empty_pages),
        "gmail.attachments.get" => attachment(mb, id, segments.get(4).map_or("", |s| s)),
        _ => Err(not_found()),
    };
    match result {
        Ok(v) => http::json(200, &v),
        Err(resp) => resp,
    }
}

/// gmail.metadata, even beside gmail.readonly, refuses any `q` and formats full and raw.
fn metadata_limits(grant: &Grant, req: &Req, endpoint: &str) -> Result<(), Resp> {
    if !grant.metadata {
        return Ok(());
    }
    if endpoint == "gmail.messages.list" && req.q("q").is_some() {
        return Err(forbidden("Metadata scope does not support 'q' parameter"));
    }
    if matches!(endpoint, "gmail.messages.get" | "gmail.threads.get")
        && let Ok(f @ (Format::Full | Format::Raw)) =
            Format::parse(req.q("format"), endpoint == "gmail.messages.get")
    {
        return Err(forbidden(&format!(
            "Metadata scope doesn't allow format {}",
            f.name()
        )));
    }
    Ok(())
}

fn profile(mb: &Mailbox) -> Value {
    let threads: HashSet<&str> = mb.messages.values().map(|m| m.thread_id.as_str()).collect();
    json!({
        "emailAddress": mb.user,
        "messagesTotal": mb.messages.len(),
        "threadsTotal": threads.len(),
        "historyId": mb.history_id.to_string(),
    })
}

fn labels(mb: &Mailbox) -> Value {
    let mut labels: Vec<Value> = SYSTEM_LABELS
        .iter()
        .map(|l| json!({"id": l, "name": l, "type": "system"}))
        .collect();
    labels.extend(mb.labels.iter().map(|(id, name)| {
        json!({"id": id, "name": name, "type": "user",
               "messageListVisibility": "show", "labelListVisibility": "labelShow"})
    }));
    json!({ "labels": labels })
}

/// The user's own address first (primary), then the aliases. Google's JSON leaves false
/// booleans out: `isPrimary` appears only on the primary address, `isDefault` only on the
/// default one; `verificationStatus` only on aliases.
fn send_as(mb: &Mailbox) -> Value {
    let alias_default = mb.send_as.iter().any(|a| a.is_default);
    let mut primary = json!({
        "sendAsEmail": mb.user, "displayName": "", "replyToAddress": "", "signature": "",
        "isPrimary": true,
    });
    if !alias_default {
        primary["isDefault"] = true.into();
    }
    let mut all = vec![primary];
    for a in &mb.send_as {
        let mut v = json!({
            "sendAsEmail": a.email, "displayName": a.display_name, "signature": "",
            "treatAsAlias": true, "verificationStatus": a.verification_status,
        });
        if let Some(r) = &a.reply_to {
            v["replyToAddress"] = r.clone().into();
        }
        if a.is_default {
            v["isDefault"] = true.into();
        }
        all.push(v);
    }
    json!({ "sendAs": all })
}

fn list(mb: &Mailbox, req: &Req) -> Result<Value, Resp> {
    let max = max_results(req, 100, 500)?;
    let spam_trash = bool_param(req, "includeSpamTrash", "include_spam_trash")?;
    let query = match req.q("q") {
        Some(q) => parse_query(q).map_err(|_| invalid_argument("Invalid query"))?,
        None => Vec::new(),
    };
    let label_ids = all(req, "labelIds");
    if let Some(bad) = label_ids.iter().find(|l| !mb.label_exists(l)) {
        return Err(invalid_argument(&format!("Invalid label: {bad}")));
    }
    let wants_spam_trash = spam_trash
        || query.iter().any(|c| {
            !c.negated
                && matches!(&c.term, Term::In(x) | Term::Label(x)
                    if matches!(x.to_lowercase().as_str(), "trash" | "spam" | "anywhere"))
        })
        || label_ids.iter().any(|l| matches!(*l, "TRASH" | "SPAM"));
    let now = now_ms();
    let mut matching: Vec<&Message> = mb
        .messages
        .values()
        .filter(|m| wants_spam_trash || !m.labels.iter().any(|l| l == "TRASH" || l == "SPAM"))
        .filter(|m| label_ids.iter().all(|l| m.labels.iter().any(|x| x == l)))
        .filter(|m| query.iter().all(|c| c.eval(mb, m, now)))
        .collect();
    matching.sort_by(|a, b| (b.internal_date_ms, &b.id).cmp(&(a.internal_date_ms, &a.id)));
    let fingerprint = format!("{:?}{label_ids:?}{spam_trash}", req.q("q"));
    let offset = match req.q("pageToken") {
        None => 0,
        Some(t) => http::decode_page_token(t, &fingerprint)
            .ok_or_else(|| invalid_argument("Invalid pageToken"))?,
    };
    let page: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(max)
        .map(|m| json!({"id": m.id, "threadId": m.thread_id}))
        .collect();
    // Not a count: any non-empty result says 201 (docs/gmail.md).
    let mut body = json!({ "resultSizeEstimate": if matching.is_empty() { 0 } else { 201 } });
    if !page.is_empty() {
        body["messages"] = page.into();
    }
    if offset + max < matching.len() {
        body["nextPageToken"] = http::encode_page_token(offset + max, &fingerprint).into();
    }
    Ok(body)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Minimal,
    Metadata,
    Full,
    Raw,
}

impl Format {
    /// `format`, default full; `raw` only where `raw_allowed` (not on threads).
    fn parse(value: Option<&str>, raw_allowed: bool) -> Result<Format, Resp> {
        let Some(v) = value else {
            return Ok(Format::Full);
        };
        Ok(match v.to_ascii_lowercase().as_str() {
            "minimal" => Format::Minimal,
            "metadata" => Format::Metadata,
            "full" => Format::Full,
            "raw" if raw_allowed => Format::Raw,
            _ => {
                return Err(invalid_argument(&format!(
                    "Invalid value at 'format' ({}), \"{v}\"",
                    if raw_allowed {
                        "type.googleapis.com/google.apps.gmail.v1.Format"
                    } else {
                        "type.googleapis.com/google.apps.gmail.v1.ThreadFormat"
                    }
                )));
            }
        })
    }

    fn name(self) -> &'static str {
        match self {
            Format::Minimal => "MINIMAL",
            Format::Metadata => "METADATA",
            Format::Full => "FULL",
            Format::Raw => "RAW",
        }
    }
}

fn fetchable<'a>(mb: &'a Mailbox, id: &str) -> Result<&'a Message, Resp> {
    mb.messages
        .get(id)
        .filter(|_| !mb.unfetchable.contains(id))
        .ok_or_else(not_found)
}

fn get(
    mb: &Mailbox,
    req: &Req,
    id: &str,
    inline_max: usize,
    nonce: &mut u64,
) -> Result<Value, Resp> {
    let format = Format::parse(req.q("format"), true)?;
    let m = fetchable(mb, id)?;
    Ok(message_json(
        m,
        format,
        &all(req, "metadataHeaders"),
        inline_max,
        nonce,
    ))
}

fn thread(
    mb: &Mailbox,
    req: &Req,
    id: &str,
    inline_max: usize,
    nonce: &mut u64,
) -> Result<Value, Resp> {
    let format = Format::parse(req.q("format"), false)?;
    let headers = all(req, "metadataHeaders");
    let mut messages: Vec<&Message> = mb
        .messages
        .values()
        .filter(|m| m.thread_id == id && !mb.unfetchable.contains(&m.id))
        .collect();
    if messages.is_empty() {
        return Err(not_found());
    }
    messages.sort_by_key(|m| (m.internal_date_ms, m.history_id));
    let history_id = messages.iter().map(|m| m.history_id).max().unwrap_or(0);
    Ok(json!({
        "id": id,
        "historyId": history_id.to_string(),
        "messages": messages
            .iter()
            .map(|m| message_json(m, format, &headers, inline_max, nonce))
            .collect::<Vec<_>>(),
    }))
}

fn message_json(
    m: &Message,
    format: Format,
    headers: &[&str],
    inline_max: usize,
    nonce: &mut u64,
) -> Value {
    let mut v = json!({
        "id": m.id,
        "threadId": m.thread_id,
        "snippet": m.index.snippet,
        "sizeEstimate": m.raw.len(),
        "historyId": m.history_id.to_string(),
        "internalDate": m.internal_date_ms.to_string(),
    });
    if !m.labels.is_empty() {
        v["labelIds"] = m.labels.clone().into();
    }
    let parsed = mailparse::parse_mail(&m.raw);
    match (format, parsed) {
        (Format::Minimal, _) => {}
        (Format::Raw, _) => v["raw"] = URL_SAFE.encode(&m.raw).into(),
        (Format::Metadata, Ok(p)) => {
            let wanted = |name: &str| {
                headers.is_empty() || headers.iter().any(|h| h.eq_ignore_ascii_case(name))
            };
            v["payload"] = json!({
                "partId": "",
                "mimeType": p.ctype.mimetype,
                "filename": "",
                "headers": header_json(&p, &wanted),
            });
        }
        (Format::Full, Ok(p)) => {
            *nonce += 1;
            v["payload"] = part_json(&p, &m.id, String::new(), inline_max, *nonce);
        }
        (_, Err(_)) => {}
    }
    v
}

fn header_json(p: &ParsedMail<'_>, wanted: &dyn Fn(&str) -> bool) -> Vec<Value> {
    p.headers
        .iter()
        .filter(|h| wanted(&h.get_key()))
        .map(|h| json!({"name": h.get_key(), "value": h.get_value()}))
        .collect()
}

/// An attachment ID: new on every call (nonce), yet always pointing at the same part.
fn attachment_id(message: &str, part_id: &str, nonce: u64) -> String {
    format!(
        "ANGjdJ{}",
        URL_SAFE_NO_PAD.encode(format!("{nonce:08x}|{message}|{part_id}"))
    )
}

/// A MIME part as Gmail's `MessagePart`: part IDs `""` for the top, then `0`, `1`, `0.1`...
/// Leaf data is transfer-decoded but not charset-decoded, base64url without padding.
fn part_json(
    p: &ParsedMail<'_>,
    message: &str,
    part_id: String,
    inline_max: usize,
    nonce: u64,
) -> Value {
    let mut v = json!({
        "partId": part_id,
        "mimeType": p.ctype.mimetype,
        "filename": filename(p),
        "headers": header_json(p, &|_| true),
    });
    if p.ctype.mimetype.starts_with("multipart/") {
        v["body"] = json!({"size": 0});
        let child = |i: usize| {
            if part_id.is_empty() {
                i.to_string()
            } else {
                format!("{part_id}.{i}")
            }
        };
        v["parts"] = p
            .subparts
            .iter()
            .enumerate()
            .map(|(i, sub)| part_json(sub, message, child(i), inline_max, nonce))
            .collect::<Vec<_>>()
            .into();
    } else {
        let data = leaf_bytes(p);
        v["body"] = if data.is_empty() {
            json!({"size": 0})
        } else if is_attachment(p) || data.len() > inline_max {
            json!({"attachmentId": attachment_id(message, &part_id, nonce), "size": data.len()})
        } else {
            json!({"size": data.len(), "data": URL_SAFE_NO_PAD.encode(&data)})
        };
    }
    v
}

fn leaf_bytes(p: &ParsedMail<'_>) -> Vec<u8> {
    p.get_body_raw().unwrap_or_default()
}

/// The part `part_id` (`""`, `1`, `0.1`...) of a parsed message.
fn find_part<'a, 'b>(p: &'b ParsedMail<'a>, part_id: &str) -> Option<&'b ParsedMail<'a>> {
    if part_id.is_empty() {
        return Some(p);
    }
    let mut part = p;
    for i in part_id.split('.') {
        part = part.subparts.get(i.parse::<usize>().ok()?)?;
    }
    Some(part)
}

fn attachment(mb: &Mailbox, message: &str, token: &str) -> Result<Value, Resp> {
    let m = fetchable(mb, message)?;
    let bad = || invalid_argument("Invalid attachment token");
    let decoded = token
        .strip_prefix("ANGjdJ")
        .and_then(|t| URL_SAFE_NO_PAD.decode(t).ok())
        .and_then(|d| String::from_utf8(d).ok())
        .ok_or_else(bad)?;
    let mut fields = decoded.splitn(3, '|');
    let (_, of, part_id) = (fields.next(), fields.next(), fields.next().unwrap_or(""));
    if of != Some(message) {
        return Err(bad());
    }
    let parsed = mailparse::parse_mail(&m.raw).map_err(|_| bad())?;
    let part = find_part(&parsed, part_id).ok_or_else(bad)?;
    let data = leaf_bytes(part);
    Ok(json!({"size": data.len(), "data": URL_SAFE_NO_PAD.encode(&data)}))
}

fn history(mb: &Mailbox, req: &Req, empty_pages: bool) -> Result<Value, Resp> {
    let missing = || invalid_argument("Missing/invalid parameter: startHistoryId");
    let start: u64 = req
        .q("startHistoryId")
        .ok_or_else(missing)?
        .parse()
        .map_err(|_| missing())?;
    let mut kinds = Vec::new();
    for t in all(req, "historyTypes") {
        kinds.push(Kind::parse(t).ok_or_else(|| {
            invalid_argument(&format!(
                "Invalid value at 'history_types' (type.googleapis.com/google.apps.gmail.v1.HistoryType), \"{t}\""
            ))
        })?);
    }
    let label = req.q("labelId");
    if let Some(l) = label.filter(|l| !mb.label_exists(l)) {
        return Err(invalid_argument(&format!("Invalid label: {l}")));
    }
    let max = max_results(req, 100, 500)?;
    if start < mb.oldest_valid {
        return Err(not_found());
    }
    let records: Vec<&Record> = mb
        .history
        .iter()
        .filter(|r| r.id > start)
        .filter(|r| kinds.is_empty() || kinds.contains(&r.kind))
        .filter(|r| label.is_none_or(|l| r.labels.iter().any(|x| x == l)))
        .collect();
    // A page token is offset * 2 (+1 once its empty page was served, when emulating them).
    let fingerprint = format!("{start}{:?}{label:?}", all(req, "historyTypes"));
    let position = match req.q("pageToken") {
        None => 0,
        Some(t) => http::decode_page_token(t, &fingerprint)
            .ok_or_else(|| invalid_argument("Invalid pageToken"))?,
    };
    let (offset, empty_served) = (position / 2, position % 2 == 1);
    let mut body = json!({ "historyId": mb.history_id.to_string() });
    if empty_pages && !empty_served && offset < records.len() {
        // Gmail's quirk: a page with a nextPageToken and no history (docs/gmail.md).
        body["nextPageToken"] = http::encode_page_token(offset * 2 + 1, &fingerprint).into();
        return Ok(body);
    }
    let page: Vec<Value> = records
        .iter()
        .skip(offset)
        .take(max)
        .map(|r| record_json(r))
        .collect();
    if !page.is_empty() {
        body["history"] = page.into();
    }
    if offset + max < records.len() {
        body["nextPageToken"] = http::encode_page_token((offset + max) * 2, &fingerprint).into();
    }
    Ok(body)
}

fn record_json(r: &Record) -> Value {
    let message = json!({"id": r.message, "threadId": r.thread});
    let mut v = json!({"id": r.id.to_string(), "messages": [message.clone()]});
    match r.kind {
        Kind::MessageAdded => v["messagesAdded"] = json!([{ "message": message }]),
        Kind::MessageDeleted => v["messagesDeleted"] = json!([{ "message": message }]),
        Kind::LabelAdded => {
            v["labelsAdded"] = json!([{ "message": message, "labelIds": r.changed }]);
        }
        Kind::LabelRemoved => {
            v["labelsRemoved"] = json!([{ "message": message, "labelIds": r.changed }]);
        }
    }
    v
}

/// `q` terms the fake understands.
#[derive(Debug)]
enum Term {
    In(String),
    Label(String),
    Is(String),
    /// Epoch seconds.
    After(i64),
    Before(i64),
    /// Milliseconds back from now.
    NewerThan(i64),
    OlderThan(i64),
    From(String),
    To(String),
    Cc(String),
    Subject(String),
    MessageId(String),
    Text(String),
}

#[derive(Debug)]
struct Condition {
    negated: bool,
    term: Term,
}

impl Condition {
    fn eval(&self, mb: &Mailbox, m: &Message, now: i64) -> bool {
        let contains =
            |hay: &str, needle: &str| hay.to_lowercase().contains(&needle.to_lowercase());
        // In an address operator `me` is the primary address, never an alias.
        let address = |hay: &str, needle: &str| {
            if needle.eq_ignore_ascii_case("me") {
                contains(hay, &mb.user)
            } else {
                contains(hay, needle)
            }
        };
        let has = |l: &str| m.labels.iter().any(|x| x == l);
        let secs = m.internal_date_ms.div_euclid(1000);
        let hit = match &self.term {
            Term::In(x) if x.eq_ignore_ascii_case("anywhere") => true,
            Term::In(x) | Term::Label(x) => mb.has_named_label(m, x),
            Term::Is(x) => match x.as_str() {
                "unread" => has("UNREAD"),
                "read" => !has("UNREAD"),
                "starred" => has("STARRED"),
                _ => has("IMPORTANT"),
            },
            Term::After(t) => secs >= *t,
            Term::Before(t) => secs < *t,
            Term::NewerThan(ms) => m.internal_date_ms >= now - ms,
            Term::OlderThan(ms) => m.internal_date_ms < now - ms,
            Term::From(x) => address(&m.index.from, x),
            Term::To(x) => address(&m.index.to, x) || address(&m.index.cc, x),
            Term::Cc(x) => address(&m.index.cc, x),
            Term::Subject(x) => contains(&m.index.subject, x),
            Term::MessageId(x) => m.index.message_id == x.trim_matches(['<', '>']),
            Term::Text(x) => m.index.text.contains(&x.to_lowercase()),
        };
        hit != self.negated
    }
}

/// A word of `q`: its text (quotes taken out), whether any of it was quoted, and whether it
/// is a "quoted phrase" (optionally negated) rather than `op:"quoted value"`.
struct Word {
    text: String,
    quoted: bool,
    phrase: bool,
}

/// Splits `q` into words, keeping "quoted phrases" (also after `op:`) whole.
fn words(q: &str) -> Result<Vec<Word>, ()> {
    let mut out = Vec::new();
    let mut chars = q.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut word = Word {
            text: String::new(),
            quoted: false,
            phrase: false,
        };
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            if c == '"' {
                word.phrase |= !word.quoted && (word.text.is_empty() || word.text == "-");
                word.quoted = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some(c) => word.text.push(c),
                        None => return Err(()),
                    }
                }
            } else if matches!(c, '(' | ')' | '{' | '}') {
                return Err(());
            } else {
                word.text.push(c);
            }
        }
        out.push(word);
    }
    Ok(out)
}

/// A date for `after:`/`before:`: epoch seconds, or a day at midnight PST (UTC-8).
fn date_secs(v: &str) -> Result<i64, ()> {
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return v.parse().map_err(|_| ());
    }
    let parts: Vec<&str> = v.split(['/', '-']).collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(());
    };
    let (y, m, d) = (
        y.parse::<i16>().map_err(|_| ())?,
        m.parse::<i8>().map_err(|_| ())?,
        d.parse::<i8>().map_err(|_| ())?,
    );
    let date = jiff::civil::Date::new(y, m, d).map_err(|_| ())?;
    let utc = date
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map_err(|_| ())?
        .timestamp()
        .as_second();
    Ok(utc + 8 * 3600)
}

/// `Nd`, `Nm`, `Ny` as milliseconds.
fn period_ms(v: &str) -> Result<i64, ()> {
    let (n, unit) = v.split_at(v.len().saturating_sub(1));
    let n: i64 = n.parse().map_err(|_| ())?;
    let day = 86_400_000;
    Ok(n * match unit {
        "d" => day,
        "m" => 30 * day,
        "y" => 365 * day,
        _ => return Err(()),
    })
}

fn parse_query(q: &str) -> Result<Vec<Condition>, ()> {
    let mut out = Vec::new();
    for Word {
        text: word,
        quoted,
        phrase,
    } in words(q)?
    {
        if !quoted && word == "AND" {
            continue;
        }
        if !quoted && (word == "OR" || word == "-" || word.is_empty()) {
            return Err(());
        }
        let (negated, body) = match word.strip_prefix('-') {
            Some(rest) if !rest.is_empty() => (true, rest.to_string()),
            _ => (false, word.clone()),
        };
        let term = match body.split_once(':') {
            // A quoted phrase holding a colon is text; `op:"value"` is not a phrase.
            Some((op, value)) if !phrase => {
                if value.is_empty() {
                    return Err(());
                }
                let value = value.to_string();
                match op.to_lowercase().as_str() {
                    "in" => Term::In(value),
                    "label" => Term::Label(value),
                    "is" => match value.to_lowercase().as_str() {
                        v @ ("unread" | "read" | "starred" | "important") => Term::Is(v.into()),
                        _ => return Err(()),
                    },
                    "after" => Term::After(date_secs(&value)?),
                    "before" => Term::Before(date_secs(&value)?),
                    "newer_than" => Term::NewerThan(period_ms(&value)?),
                    "older_than" => Term::OlderThan(period_ms(&value)?),
                    "from" => Term::From(value),
                    "to" => Term::To(value),
                    "cc" => Term::Cc(value),
                    "subject" => Term::Subject(value),
                    "rfc822msgid" => Term::MessageId(value),
                    _ => return Err(()),
                }
            }
            _ => Term::Text(body),
        };
        out.push(Condition { negated, term });
    }
    Ok(out)
}

/// `POST /batch/gmail/v1`: a multipart/mixed body of `application/http` parts, each a Gmail
/// call answered inside the one 200 as if made on its own (same quota, same scopes), all in
/// flight at once: parts past `gmail_max_concurrent` (less what the user already has in
/// flight) get 429 "Too many concurrent requests for user". More than 100 parts is a 400.
fn batch(inner: &mut Inner, req: &Req) -> Resp {
    let content_type = req.header("content-type").unwrap_or("");
    let ctype = mailparse::parse_content_type(content_type);
    if ctype.mimetype != "multipart/mixed" || !ctype.params.contains_key("boundary") {
        return invalid_argument("Batch requests must be multipart/mixed with a boundary");
    }
    let mut whole = format!("Content-Type: {content_type}\r\n\r\n").into_bytes();
    whole.extend_from_slice(&req.body);
    let Ok(parsed) = mailparse::parse_mail(&whole) else {
        return invalid_argument("Failed to parse batch request");
    };
    if parsed.subparts.len() > BATCH_LIMIT {
        return invalid_argument(&format!(
            "Inner request count exceeds the limit. Received: {}, Limit: {BATCH_LIMIT}",
            parsed.subparts.len()
        ));
    }
    let mut calls = Vec::new();
    for part in &parsed.subparts {
        let content_id = part.headers.get_first_value("Content-ID");
        match inner_request(req, &leaf_bytes(part)) {
            Some(call) => calls.push((content_id, Some(call))),
            None => calls.push((content_id, None)),
        }
    }
    let max = inner.config.gmail_max_concurrent;
    let burst = inner.config.gmail_burst;
    let quota = inner.config.gmail_limits;
    let mut answers = Vec::new();
    let mut entered: Vec<String> = Vec::new();
    for (content_id, call) in &calls {
        let resp = match call {
            None => invalid_argument("Failed to parse batch request part"),
            Some(call) => {
                let endpoint =
                    endpoint(call.method.as_str(), &call.path).unwrap_or("gmail.unknown");
                inner.count(endpoint);
                let user = token_user(inner, call);
                let over = user.as_ref().is_some_and(|u| {
                    let mb = inner.gmail.mailbox(u, burst);
                    let over = quota && mb.in_flight >= max;
                    if !over {
                        mb.in_flight += 1;
                    }
                    over
                });
                let resp = if over {
                    too_many_concurrent(inner)
                } else {
                    entered.extend(user);
                    if matches!(endpoint, "gmail.unknown" | "gmail.batch") {
                        not_found()
                    } else {
                        handle(inner, call, endpoint)
                    }
                };
                inner.count(&format!("{endpoint}:{}", resp.status));
                resp
            }
        };
        answers.push((content_id.clone(), resp));
    }
    for user in entered {
        if let Some(mb) = inner.gmail.boxes.get_mut(&user) {
            mb.in_flight = mb.in_flight.saturating_sub(1);
        }
    }
    inner.gmail.attachment_nonce += 1;
    let boundary = format!("batch_fake{:016x}", inner.gmail.attachment_nonce);
    let mut body = Vec::new();
    for (content_id, resp) in answers {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Type: application/http\r\n").as_bytes(),
        );
        if let Some(id) = content_id {
            let id = id.trim().trim_matches(['<', '>']);
            body.extend_from_slice(format!("Content-ID: <response-{id}>\r\n").as_bytes());
        }
        body.extend_from_slice(
            format!(
                "\r\nHTTP/1.1 {} {}\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: {}\r\n\r\n",
                resp.status,
                reason_phrase(resp.status),
                resp.body.len()
            )
            .as_bytes(),
        );
        body.extend_from_slice(&resp.body);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Resp::new(200, &format!("multipart/mixed; boundary={boundary}"), body)
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        _ => "Error",
    }
}

/// One part of a batch: `GET /gmail/v1/... HTTP/1.1`, headers, body. Its headers are its own;
/// the outer request's Authorization applies when the part has none.
fn inner_request(outer: &Req, bytes: &[u8]) -> Option<Req> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .or_else(|| text.split_once("\n\n"))
        .unwrap_or((text, ""));
    let mut lines = head.lines();
    let mut request_line = lines.next()?.split_whitespace();
    let method: hyper::Method = request_line.next()?.parse().ok()?;
    let target = request_line.next()?;
    let uri: hyper::Uri = target.parse().ok()?;
    let mut headers = hyper::HeaderMap::new();
    for line in lines {
        let (k, v) = line.split_once(':')?;
        let name = hyper::header::HeaderName::from_bytes(k.trim().as_bytes()).ok()?;
        headers.append(name, v.trim().parse().ok()?);
    }
    if !headers.contains_key("authorization")
        && let Some(auth) = outer.headers.get("authorization")
    {
        headers.insert("authorization", auth.clone());
    }
    Some(Req::new(
        method,
        &uri,
        headers,
        hyper::body::Bytes::from(body.as_bytes().to_vec()),
    ))
}
