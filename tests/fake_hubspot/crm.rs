//! The CRM side: the email, note and call records (A4) and how they are read. Each record has
//! the text-bearing properties the facts page lists, every value rendered as a string
//! (datetimes as ISO 8601 with milliseconds, `2026-03-02T09:00:00.000Z`), unset ones as null.
//! This module serves the date-versioned list (`GET /crm/objects/2026-03/{type}`: `limit`
//! default 10, at most 100; an opaque `after` cursor; `archived=true` lists only archived
//! records) and single-record read (`…/{type}/{id}`), the owners API
//! (`/crm/v3/owners`, `…/{id}?idProperty=id|userId`) and call transcripts
//! (`/crm/extensions/calling/2026-03/transcripts/{id}`); search is `search.rs`.
//!
//! Scopes (A3): emails need `crm.objects.emails.read` or `crm.objects.contacts.read`, notes
//! and calls their own granular scope or contacts.read, owners `crm.objects.owners.read` or
//! `automation`, transcripts `crm.extensions_calling_transcripts.read` (and, by default, an
//! OAuth token: the docs say the API "must be authenticated with OAuth"). Without
//! `sales-email-read` an email's `hs_email_text`, `hs_email_html` and `hs_email_subject` come
//! back empty; with `HubConfig::emails_need_sales_email_read` they are a 403 instead (the
//! 2026-09 spec's AND), so a client can be tested against both readings of A3.
//!
//! Query parameters an endpoint does not declare are refused with a 400 (HubSpot may ignore
//! them; the fake would rather a typo fail loudly) and logged for `rejected_parameters`.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use serde_json::{Map, Value, json};

use super::errors;
use super::fixture::{
    CallSpec, EmailSpec, HubUser, NoteSpec, OWNER_CREATED_MS, TRANSCRIPT_ID_BASE,
};
use super::http::{Req, Resp, json as json_resp};
use super::oauth::{Caller, TokenKind};
use super::{Inner, iso};

/// An object type the fake serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Emails,
    Notes,
    Calls,
}

impl Kind {
    pub fn parse(name: &str) -> Option<Kind> {
        match name {
            "emails" => Some(Kind::Emails),
            "notes" => Some(Kind::Notes),
            "calls" => Some(Kind::Calls),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Emails => "emails",
            Kind::Notes => "notes",
            Kind::Calls => "calls",
        }
    }
}

/// What a property holds, which decides how search compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PType {
    Str,
    /// Compared as a number (`hs_object_id`, `hs_call_duration`).
    Num,
    /// Epoch ms inside, ISO 8601 outside; compared as a number.
    Date,
    Bool,
}

/// A property's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Str(String),
    Num(i64),
    Date(i64),
    Bool(bool),
}

impl Val {
    /// As HubSpot writes it: always a string.
    pub fn render(&self) -> String {
        match self {
            Val::Str(s) => s.clone(),
            Val::Num(n) => n.to_string(),
            Val::Date(ms) => iso(*ms),
            Val::Bool(b) => b.to_string(),
        }
    }

    /// Orders two values of one property.
    pub fn cmp(&self, other: &Val) -> std::cmp::Ordering {
        match (self, other) {
            (Val::Num(a) | Val::Date(a), Val::Num(b) | Val::Date(b)) => a.cmp(b),
            (Val::Bool(a), Val::Bool(b)) => a.cmp(b),
            _ => self.render().cmp(&other.render()),
        }
    }
}

/// Properties every object has, and every answer includes.
pub const DEFAULT_PROPERTIES: &[&str] = &["hs_createdate", "hs_lastmodifieddate", "hs_object_id"];

const COMMON: &[(&str, PType)] = &[
    ("hs_createdate", PType::Date),
    ("hs_lastmodifieddate", PType::Date),
    ("hs_object_id", PType::Num),
    ("hs_timestamp", PType::Date),
    ("hubspot_owner_id", PType::Str),
];

const EMAIL_PROPS: &[(&str, PType)] = &[
    ("hs_email_direction", PType::Str),
    ("hs_email_text", PType::Str),
    ("hs_email_html", PType::Str),
    ("hs_email_subject", PType::Str),
    ("hs_email_status", PType::Str),
    ("hs_email_headers", PType::Str),
    ("hs_email_from_email", PType::Str),
    ("hs_email_from_firstname", PType::Str),
    ("hs_email_from_lastname", PType::Str),
    ("hs_email_to_email", PType::Str),
    ("hs_email_to_firstname", PType::Str),
    ("hs_email_to_lastname", PType::Str),
    ("hs_sequence_id", PType::Str),
    ("hs_template_id", PType::Str),
    ("hs_owner_ids_from", PType::Str),
    ("hs_owner_ids_to", PType::Str),
];

const NOTE_PROPS: &[(&str, PType)] = &[
    ("hs_note_body", PType::Str),
    ("hs_attachment_ids", PType::Str),
];

const CALL_PROPS: &[(&str, PType)] = &[
    ("hs_call_title", PType::Str),
    ("hs_call_body", PType::Str),
    ("hs_call_direction", PType::Str),
    ("hs_call_status", PType::Str),
    ("hs_call_duration", PType::Num),
    ("hs_call_has_transcript", PType::Bool),
    ("hs_call_transcription_id", PType::Str),
];

/// Every property of `kind`, with its type.
pub fn schema(kind: Kind) -> impl Iterator<Item = (&'static str, PType)> {
    let own = match kind {
        Kind::Emails => EMAIL_PROPS,
        Kind::Notes => NOTE_PROPS,
        Kind::Calls => CALL_PROPS,
    };
    COMMON.iter().chain(own).copied()
}

/// The type of `name` on `kind`, if `kind` has such a property.
pub fn property_type(kind: Kind, name: &str) -> Option<PType> {
    schema(kind).find(|(n, _)| *n == name).map(|(_, t)| t)
}

/// `hs_email_headers`: the JSON-escaped string A4 describes.
fn email_headers(e: &EmailSpec, from: Option<&HubUser>, to: Option<&HubUser>) -> String {
    let person = |email: &str, u: Option<&HubUser>| {
        let mut v = json!({"email": email});
        if let Some(u) = u {
            v["firstName"] = u.first_name.clone().into();
            v["lastName"] = u.last_name.clone().into();
        }
        v
    };
    json!({
        "from": person(&e.from_email, from),
        "sender": {"email": e.from_email},
        "to": [person(&e.to_email, to)],
        "cc": [],
        "bcc": [],
    })
    .to_string()
}

/// The properties blanked without `sales-email-read`.
const EMAIL_CONTENT: &[&str] = &["hs_email_text", "hs_email_html", "hs_email_subject"];

pub enum Data {
    Email(EmailSpec),
    Note(NoteSpec),
    Call(CallSpec),
}

pub struct Record {
    pub id: u64,
    pub kind: Kind,
    pub created_ms: i64,
    pub modified_ms: i64,
    pub archived_ms: Option<i64>,
    pub data: Data,
}

/// Every record, by type and id.
#[derive(Default)]
pub struct Store {
    by_kind: BTreeMap<Kind, BTreeMap<u64, Record>>,
}

impl Store {
    pub fn load(fixture: &super::HubFixture) -> Store {
        let mut store = Store::default();
        for e in &fixture.emails {
            store.put(Record::email(e.clone(), e.timestamp_ms, e.modified_ms));
        }
        for n in &fixture.notes {
            store.put(Record::note(n.clone(), n.timestamp_ms, n.modified_ms));
        }
        for c in &fixture.calls {
            store.put(Record::call(c.clone(), c.timestamp_ms, c.modified_ms));
        }
        store
    }

    pub fn put(&mut self, record: Record) {
        self.by_kind
            .entry(record.kind)
            .or_default()
            .insert(record.id, record);
    }

    pub fn kind(&self, kind: Kind) -> impl Iterator<Item = &Record> {
        self.by_kind.get(&kind).into_iter().flat_map(|m| m.values())
    }

    /// The records of `kind` from id `first` on, by id.
    pub fn from(&self, kind: Kind, first: u64) -> impl Iterator<Item = &Record> {
        self.by_kind
            .get(&kind)
            .into_iter()
            .flat_map(move |m| m.range(first..).map(|(_, r)| r))
    }

    pub fn get(&self, kind: Kind, id: u64) -> Option<&Record> {
        self.by_kind.get(&kind)?.get(&id)
    }

    pub fn get_mut(&mut self, kind: Kind, id: u64) -> Option<&mut Record> {
        self.by_kind.get_mut(&kind)?.get_mut(&id)
    }

    /// The call whose transcript has id `transcript_id`.
    pub fn call_with_transcript(&self, transcript_id: u64) -> Option<&CallSpec> {
        let id = transcript_id.checked_sub(TRANSCRIPT_ID_BASE)?;
        match &self.get(Kind::Calls, id)?.data {
            Data::Call(c) if c.transcript.is_some() => Some(c),
            _ => None,
        }
    }
}

fn user_by_email<'a>(users: &'a [HubUser], email: &str) -> Option<&'a HubUser> {
    users.iter().find(|u| u.email.eq_ignore_ascii_case(email))
}

impl Record {
    pub fn email(e: EmailSpec, created_ms: i64, modified_ms: i64) -> Record {
        Record {
            id: e.id,
            kind: Kind::Emails,
            created_ms,
            modified_ms,
            archived_ms: None,
            data: Data::Email(e),
        }
    }

    pub fn note(n: NoteSpec, created_ms: i64, modified_ms: i64) -> Record {
        Record {
            id: n.id,
            kind: Kind::Notes,
            created_ms,
            modified_ms,
            archived_ms: None,
            data: Data::Note(n),
        }
    }

    pub fn call(c: CallSpec, created_ms: i64, modified_ms: i64) -> Record {
        Record {
            id: c.id,
            kind: Kind::Calls,
            created_ms,
            modified_ms,
            archived_ms: None,
            data: Data::Call(c),
        }
    }

    /// Property `name`, unblanked: `None` if the type has no such property, `Some(None)` if
    /// the record leaves it unset.
    pub fn property(&self, name: &str, users: &[HubUser]) -> Option<Option<Val>> {
        let s = |v: &str| Some(Val::Str(v.to_string()));
        let common = match name {
            "hs_createdate" => Some(Some(Val::Date(self.created_ms))),
            "hs_lastmodifieddate" => Some(Some(Val::Date(self.modified_ms))),
            "hs_object_id" => Some(Some(Val::Num(self.id as i64))),
            _ => None,
        };
        if common.is_some() {
            return common;
        }
        let (owner_id, timestamp_ms) = match &self.data {
            Data::Email(e) => (e.owner_id, e.timestamp_ms),
            Data::Note(n) => (n.owner_id, n.timestamp_ms),
            Data::Call(c) => (c.owner_id, c.timestamp_ms),
        };
        match name {
            "hs_timestamp" => return Some(Some(Val::Date(timestamp_ms))),
            "hubspot_owner_id" => return Some(s(&owner_id.to_string())),
            _ => {}
        }
        Some(match &self.data {
            Data::Email(e) => {
                let from = || user_by_email(users, &e.from_email);
                let to = || user_by_email(users, &e.to_email);
                match name {
                    "hs_email_direction" => s(e.direction),
                    "hs_email_text" => s(&e.text),
                    "hs_email_html" => e.html.as_deref().and_then(s),
                    "hs_email_subject" => s(&e.subject),
                    "hs_email_status" => s(e.status),
                    "hs_email_headers" => s(&email_headers(e, from(), to())),
                    "hs_email_from_email" => s(&e.from_email),
                    "hs_email_from_firstname" => from().and_then(|u| s(&u.first_name)),
                    "hs_email_from_lastname" => from().and_then(|u| s(&u.last_name)),
                    "hs_email_to_email" => s(&e.to_email),
                    "hs_email_to_firstname" => to().and_then(|u| s(&u.first_name)),
                    "hs_email_to_lastname" => to().and_then(|u| s(&u.last_name)),
                    "hs_sequence_id" => e.sequence_id.as_deref().and_then(s),
                    "hs_template_id" => e.template_id.as_deref().and_then(s),
                    "hs_owner_ids_from" => from().and_then(|u| s(&u.owner_id.to_string())),
                    "hs_owner_ids_to" => to().and_then(|u| s(&u.owner_id.to_string())),
                    _ => return None,
                }
            }
            Data::Note(n) => match name {
                "hs_note_body" => s(&n.body_html),
                "hs_attachment_ids" => None,
                _ => return None,
            },
            Data::Call(c) => match name {
                "hs_call_title" => s(&c.title),
                "hs_call_body" => s(&c.body_html),
                "hs_call_direction" => s("OUTBOUND"),
                "hs_call_status" => s("COMPLETED"),
                "hs_call_duration" => Some(Val::Num(c.duration_ms())),
                "hs_call_has_transcript" => Some(Val::Bool(c.transcript.is_some())),
                "hs_call_transcription_id" => c.transcript_id().and_then(|t| s(&t.to_string())),
                _ => return None,
            },
        })
    }

    /// Every property the record's type has (unset ones as `None`), unblanked.
    pub fn properties(&self, users: &[HubUser]) -> BTreeMap<&'static str, Option<Val>> {
        schema(self.kind)
            .filter_map(|(name, _)| Some((name, self.property(name, users)?)))
            .collect()
    }

    /// The record as HubSpot's SimplePublicObject: `properties` holds those `wanted` that the
    /// type has, plus the defaults; with `blank`, an email's content is emptied.
    pub fn to_json(
        &self,
        users: &[HubUser],
        wanted: &[String],
        history: &[String],
        blank: bool,
    ) -> Value {
        let value = |name: &str| -> Option<Value> {
            let v = self.property(name, users)?;
            if blank && EMAIL_CONTENT.contains(&name) {
                return Some(Value::String(String::new()));
            }
            Some(v.map_or(Value::Null, |v| Value::String(v.render())))
        };
        let mut props = Map::new();
        for name in DEFAULT_PROPERTIES
            .iter()
            .copied()
            .chain(wanted.iter().map(String::as_str))
        {
            if let Some(v) = value(name) {
                props.insert(name.to_string(), v);
            }
        }
        let mut out = json!({
            "id": self.id.to_string(),
            "properties": props,
            "createdAt": iso(self.created_ms),
            "updatedAt": iso(self.modified_ms),
            "archived": self.archived_ms.is_some(),
        });
        if let Some(at) = self.archived_ms {
            out["archivedAt"] = iso(at).into();
        }
        if !history.is_empty() {
            let mut with = Map::new();
            for name in history {
                if let Some(v) = value(name) {
                    let entries = if v.is_null() {
                        json!([])
                    } else {
                        json!([{
                            "value": v,
                            "timestamp": iso(self.modified_ms),
                            "sourceType": "CRM_UI",
                        }])
                    };
                    with.insert(name.clone(), entries);
                }
            }
            out["propertiesWithHistory"] = Value::Object(with);
        }
        out
    }
}

/// Whether `caller` may read `kind`: `Ok(blank)` (`blank`: the email content must be
/// emptied), or the 403.
pub fn access(inner: &Inner, caller: &Caller, kind: Kind) -> Result<bool, Resp> {
    let granular = match kind {
        Kind::Emails => "crm.objects.emails.read",
        Kind::Notes => "crm.objects.notes.read",
        Kind::Calls => "crm.objects.calls.read",
    };
    if !caller.has(granular) && !caller.has("crm.objects.contacts.read") {
        return Err(errors::missing_scopes(&[
            granular,
            "crm.objects.contacts.read",
        ]));
    }
    if kind != Kind::Emails || caller.has("sales-email-read") {
        return Ok(false);
    }
    if inner.config.emails_need_sales_email_read {
        return Err(errors::missing_scopes(&["sales-email-read"]));
    }
    Ok(true)
}

/// The first query parameter outside `declared`: a 400, logged.
fn undeclared(inner: &mut Inner, req: &Req, endpoint: &str, declared: &[&str]) -> Option<Resp> {
    let (name, _) = req
        .query
        .iter()
        .find(|(k, _)| !declared.contains(&k.as_str()))?;
    let name = name.clone();
    inner.reject_parameter(endpoint, &name);
    Some(errors::validation(&format!(
        "Unknown query parameter '{name}': {endpoint} takes only {}.",
        declared.join(", ")
    )))
}

/// Every value of a comma-separated, possibly repeated, query parameter.
fn list_param(req: &Req, name: &str) -> Vec<String> {
    req.query
        .iter()
        .filter(|(k, _)| k == name)
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// `limit`: `default` when absent, 1..=`max`, else a 400.
fn limit_param(req: &Req, default: usize, max: usize) -> Result<usize, Resp> {
    match req.q("limit") {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(errors::validation(&format!(
                "limit must be a whole number from 1 to {max}, not '{v}'."
            ))),
        },
    }
}

/// `archived`: `true`, `false` or absent.
fn archived_param(req: &Req) -> Result<bool, Resp> {
    match req.q("archived") {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(v) => Err(errors::validation(&format!(
            "archived must be true or false, not '{v}'."
        ))),
    }
}

/// An `after` cursor: opaque to clients, the next id inside (base64 of `"<id>\n"`, as
/// HubSpot's `NTI1Cg%3D%3D` is).
pub fn encode_cursor(id: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{id}\n"))
}

fn decode_cursor(after: &str) -> Option<u64> {
    let trimmed = after.trim_end_matches("%3D").trim_end_matches('=');
    let raw = URL_SAFE_NO_PAD
        .decode(trimmed)
        .or_else(|_| STANDARD_NO_PAD.decode(trimmed))
        .ok()?;
    String::from_utf8(raw).ok()?.trim_end().parse().ok()
}

fn after_param(req: &Req) -> Result<u64, Resp> {
    match req.q("after") {
        None => Ok(0),
        Some(a) => decode_cursor(a).ok_or_else(|| {
            errors::validation(&format!("after '{a}' is not a cursor this endpoint gave."))
        }),
    }
}

/// The `paging` of a list page whose next record is `next`, its `link` this request's URL
/// with `after` replaced.
fn paging(base: &str, req: &Req, next: u64) -> Value {
    let after = encode_cursor(next);
    let mut link = url::Url::parse(&format!("{base}{}", req.path)).expect("link URL");
    {
        let mut pairs = link.query_pairs_mut();
        for (k, v) in req.query.iter().filter(|(k, _)| k != "after") {
            pairs.append_pair(k, v);
        }
        pairs.append_pair("after", &after);
    }
    json!({"next": {"after": after, "link": link.as_str()}})
}

/// `GET /crm/objects/2026-03/{type}`.
pub fn list(inner: &mut Inner, req: &Req, kind: Kind, caller: &Caller) -> Resp {
    let endpoint = format!("{}.list", kind.name());
    let blank = match access(inner, caller, kind) {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    const DECLARED: &[&str] = &[
        "limit",
        "after",
        "properties",
        "propertiesWithHistory",
        "associations",
        "archived",
    ];
    if let Some(resp) = undeclared(inner, req, &endpoint, DECLARED) {
        return resp;
    }
    let (limit, archived, after) = match (
        limit_param(req, 10, 100),
        archived_param(req),
        after_param(req),
    ) {
        (Ok(l), Ok(a), Ok(f)) => (l, a, f),
        (Err(r), _, _) | (_, Err(r), _) | (_, _, Err(r)) => return r,
    };
    let wanted = list_param(req, "properties");
    let history = list_param(req, "propertiesWithHistory");
    let users = &inner.fixture.users;
    let mut page = inner
        .store
        .from(kind, after)
        .filter(|r| r.archived_ms.is_some() == archived)
        .take(limit + 1);
    let results: Vec<Value> = page
        .by_ref()
        .take(limit)
        .map(|r| r.to_json(users, &wanted, &history, blank))
        .collect();
    let mut body = json!({"results": results});
    if let Some(next) = page.next() {
        body["paging"] = paging(&inner.base, req, next.id);
    }
    json_resp(200, &body)
}

/// `GET /crm/objects/2026-03/{type}/{id}`.
pub fn get(inner: &mut Inner, req: &Req, kind: Kind, id: &str, caller: &Caller) -> Resp {
    let endpoint = format!("{}.get", kind.name());
    let blank = match access(inner, caller, kind) {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    const DECLARED: &[&str] = &[
        "properties",
        "propertiesWithHistory",
        "associations",
        "archived",
        "idProperty",
    ];
    if let Some(resp) = undeclared(inner, req, &endpoint, DECLARED) {
        return resp;
    }
    let archived = match archived_param(req) {
        Ok(a) => a,
        Err(r) => return r,
    };
    if req.q("idProperty").is_some_and(|p| p != "hs_object_id") {
        return errors::validation("idProperty must be a unique property; only hs_object_id is.");
    }
    let found = id
        .parse::<u64>()
        .ok()
        .and_then(|n| inner.store.get(kind, n))
        .filter(|r| r.archived_ms.is_some() == archived);
    match found {
        Some(r) => json_resp(
            200,
            &r.to_json(
                &inner.fixture.users,
                &list_param(req, "properties"),
                &list_param(req, "propertiesWithHistory"),
                blank,
            ),
        ),
        None => errors::not_found(id),
    }
}

fn owner_json(u: &HubUser) -> Value {
    json!({
        "id": u.owner_id.to_string(),
        "email": u.email,
        "type": "PERSON",
        "firstName": u.first_name,
        "lastName": u.last_name,
        "userId": u.user_id,
        "userIdIncludingInactive": u.user_id,
        "createdAt": iso(OWNER_CREATED_MS),
        "updatedAt": iso(OWNER_CREATED_MS),
        "archived": false,
    })
}

fn owners_access(caller: &Caller) -> Result<(), Resp> {
    if caller.has("crm.objects.owners.read") || caller.has("automation") {
        Ok(())
    } else {
        Err(errors::missing_scopes(&["crm.objects.owners.read"]))
    }
}

/// `GET /crm/v3/owners`: by owner id, `limit` default 100, at most 500; `email` filters;
/// `archived=true` lists the archived owners (the fixture has none).
pub fn owners_list(inner: &mut Inner, req: &Req, caller: &Caller) -> Resp {
    if let Err(resp) = owners_access(caller) {
        return resp;
    }
    if let Some(resp) = undeclared(
        inner,
        req,
        "owners.list",
        &["email", "after", "limit", "archived"],
    ) {
        return resp;
    }
    let (limit, archived, after) = match (
        limit_param(req, 100, 500),
        archived_param(req),
        after_param(req),
    ) {
        (Ok(l), Ok(a), Ok(f)) => (l, a, f),
        (Err(r), _, _) | (_, Err(r), _) | (_, _, Err(r)) => return r,
    };
    let mut owners: Vec<&HubUser> = inner
        .fixture
        .users
        .iter()
        .filter(|u| !archived && u.owner_id >= after)
        .filter(|u| {
            req.q("email")
                .is_none_or(|e| u.email.eq_ignore_ascii_case(e))
        })
        .collect();
    owners.sort_by_key(|u| u.owner_id);
    let results: Vec<Value> = owners.iter().take(limit).map(|u| owner_json(u)).collect();
    let mut body = json!({"results": results});
    if let Some(next) = owners.get(limit) {
        body["paging"] = paging(&inner.base, req, next.owner_id);
    }
    json_resp(200, &body)
}

/// `GET /crm/v3/owners/{id}?idProperty=id|userId`.
pub fn owners_get(inner: &mut Inner, req: &Req, id: &str, caller: &Caller) -> Resp {
    if let Err(resp) = owners_access(caller) {
        return resp;
    }
    if let Some(resp) = undeclared(inner, req, "owners.get", &["idProperty", "archived"]) {
        return resp;
    }
    let by_user = match req.q("idProperty") {
        None | Some("id") => false,
        Some("userId") => true,
        Some(other) => {
            return errors::validation(&format!("idProperty must be id or userId, not '{other}'."));
        }
    };
    if let Err(r) = archived_param(req) {
        return r;
    }
    let n = id.parse::<u64>().ok();
    let found = inner.fixture.users.iter().find(|u| {
        let key = if by_user { u.user_id } else { u.owner_id };
        Some(key) == n
    });
    match found {
        Some(u) => json_resp(200, &owner_json(u)),
        None => errors::error_with(
            404,
            "OBJECT_NOT_FOUND",
            &format!(
                "No owner found with {} {id}",
                if by_user { "userId" } else { "id" }
            ),
            json!({"context": {"id": [id]}}),
        ),
    }
}

/// `GET /crm/extensions/calling/2026-03/transcripts/{id}`.
pub fn transcript(inner: &mut Inner, req: &Req, id: &str, caller: &Caller) -> Resp {
    if inner.config.transcripts_need_oauth && caller.kind == TokenKind::Static {
        // The body is a guess (the facts page has only "must be authenticated with OAuth").
        return errors::error(
            403,
            "FORBIDDEN",
            "This API must be authenticated with OAuth: private app tokens and service keys \
             are not accepted.",
        );
    }
    if !caller.has("crm.extensions_calling_transcripts.read") {
        return errors::missing_scopes(&["crm.extensions_calling_transcripts.read"]);
    }
    if let Some(resp) = undeclared(inner, req, "transcripts.get", &[]) {
        return resp;
    }
    let Some(call) = id
        .parse::<u64>()
        .ok()
        .and_then(|n| inner.store.call_with_transcript(n))
    else {
        return errors::not_found(id);
    };
    let mut speakers: Vec<&str> = Vec::new();
    let utterances: Vec<Value> = call
        .transcript
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, u)| {
            let speaker = match speakers.iter().position(|s| *s == u.speaker_name) {
                Some(p) => p,
                None => {
                    speakers.push(&u.speaker_name);
                    speakers.len() - 1
                }
            };
            let mut who = json!({"id": format!("{}", speaker + 1), "name": u.speaker_name});
            if let Some(e) = &u.speaker_email {
                who["email"] = e.clone().into();
            }
            json!({
                "id": format!("{}", i + 1),
                "speaker": who,
                "text": u.text,
                "startTimeMillis": u.start_ms,
                "endTimeMillis": u.end_ms,
                "languageCode": "en-US",
            })
        })
        .collect();
    json_resp(
        200,
        &json!({
            "id": id,
            "engagementId": call.id,
            "transcriptSource": "HUBSPOT_GENERATED",
            "transcriptUtterances": utterances,
            "createdAt": iso(call.timestamp_ms + call.duration_ms()),
            "updatedAt": iso(call.timestamp_ms + call.duration_ms()),
        }),
    )
}
