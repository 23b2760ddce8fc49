//! A fake of the HubSpot APIs voicetrain reads (OAuth 2026-03, owners, the email, note and call
//! objects and their search, call transcripts), strict where the HubSpot facts page
//! (`design/hubspot-youtube.md`, part A) says HubSpot is, served over real HTTP on 127.0.0.1 at a free
//! port on a thread of its own. It is not part of the product: it lives in `tests/` and is
//! compiled into the test binary and the benchmarks, each of which uses a different part of it
//! (hence the allowances below). Its HTTP plumbing is the fake Google's (`../fake_google/http.rs`).
//!
//! It counts requests per endpoint and per outcome (`emails.search`, `emails.search:429`), keeps
//! what a test may want to look at afterwards (the last authorize request, refused query
//! parameters, the 429s served), and has controls a test calls while it runs: archive, modify
//! and add records, expire access tokens, change the config, inject failures. Rate limits are on
//! by default, because HubSpot has them; they are not faults. Times come from the fake clock:
//! the wall-clock time at start plus the (monotonic) time since, so timestamps the fake stamps
//! (`hs_lastmodifieddate` of an edit, token expiry) are real and only ever grow.
//!
//! Modules: `fixture` (the world at start), `oauth` (tokens and who is calling), `crm` (records,
//! list, owners, transcripts), `search`, `limits` (rate limits and their headers), `errors`
//! (HubSpot's error bodies).

#![allow(dead_code, unused_imports)]

mod crm;
mod errors;
pub mod fixture;
// The fake Google's plumbing, compiled a second time here so that the fake HubSpot builds on
// its own (in a bench without the fake Google) as well as beside it.
#[allow(clippy::duplicate_mod)]
#[path = "../fake_google/http.rs"]
mod http;
mod limits;
mod oauth;
mod search;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use http_body_util::combinators::BoxBody;
use hyper::body::{Bytes, Incoming};

use self::crm::{Data, Kind, Record};
pub use self::fixture::{
    APP_SCOPES, CUSTOMER, CallSpec, DEFAULT_REDIRECT_URI, EmailSpec, HUB_APP_ID, HUB_CLIENT_ID,
    HUB_CLIENT_SECRET, HUB_DOMAIN, HUB_ID, HubFixture, HubUser, NoteSpec, OTHER_USER, SALES_USER,
    Utterance, other, sam,
};
pub use self::http::AuthRequest;
use self::http::{Req, Resp};

/// Requests whose request line (path and query) is longer than this get a 414.
pub const MAX_URL_CHARS: usize = 8000;

/// How the fake behaves beyond its fixture.
#[derive(Debug, Clone)]
pub struct HubConfig {
    /// How long an OAuth access token lives (HubSpot: 30 min).
    pub access_token_lifetime: Duration,
    /// Non-search requests per rolling 10 s per private-app token (HubSpot Pro/Ent: 190).
    pub ten_second_limit: u32,
    /// The same for the OAuth app, shared by all its tokens in the account (HubSpot: 110).
    pub ten_second_limit_oauth: u32,
    /// Search requests per rolling second (HubSpot: 5).
    pub search_per_second: u32,
    /// Requests per day (UTC, fake clock) (HubSpot Pro: 650,000).
    pub daily_limit: u64,
    /// 429 answers carry `Retry-After` (seconds). Off by default: HubSpot's don't always.
    pub retry_after: bool,
    /// The rate limits are enforced (the headers are sent either way).
    pub limits: bool,
    /// Records modified less than this long ago (fake clock) are not yet in search.
    pub search_lag: Duration,
    /// Added to every answer.
    pub latency_ms: u64,
    /// The transcripts API refuses static tokens (403): "must be authenticated with OAuth".
    pub transcripts_need_oauth: bool,
    /// Reading emails without `sales-email-read` is a 403 MISSING_SCOPES (the 2026-09 spec's
    /// AND) rather than content blanked (A3's likelier reading, the default).
    pub emails_need_sales_email_read: bool,
}

impl Default for HubConfig {
    fn default() -> HubConfig {
        HubConfig {
            access_token_lifetime: Duration::from_secs(1800),
            ten_second_limit: 190,
            ten_second_limit_oauth: 110,
            search_per_second: 5,
            daily_limit: 650_000,
            retry_after: false,
            limits: true,
            search_lag: Duration::ZERO,
            latency_ms: 0,
            transcripts_need_oauth: true,
            emails_need_sales_email_read: false,
        }
    }
}

/// A running fake. Dropping it stops the server.
pub struct FakeHubSpot {
    pub url: String,
    state: Arc<State>,
    /// Stopped when the fake is dropped.
    server: http::Server,
}

pub(crate) struct State {
    inner: Mutex<Inner>,
}

/// Failures a test asked for: the next `left` requests to endpoints named `prefix…` answer
/// `status` (0: the connection is dropped).
struct Injected {
    prefix: String,
    status: u16,
    /// How many matching requests are answered as usual first.
    pass: u32,
    left: u32,
}

pub(crate) struct Inner {
    pub fixture: HubFixture,
    pub config: HubConfig,
    /// The fake's URL, for `paging.next.link`.
    pub base: String,
    pub oauth: oauth::OAuth,
    pub store: crm::Store,
    pub limits: limits::Limits,
    /// Who consents from now on (default: the fixture's first user).
    pub consent_user: Option<String>,
    counters: BTreeMap<String, u64>,
    rejected_parameters: Vec<(String, String)>,
    rate_limited: u64,
    injected: Vec<Injected>,
    /// The fake clock: wall-clock ms at `started`.
    start_ms: i64,
    started: Instant,
    /// The last time stamped on a record: stamps only grow.
    last_stamp: i64,
}

impl FakeHubSpot {
    /// Starts the fake on 127.0.0.1 at a free port, on a thread of its own.
    pub fn start(fixture: HubFixture, config: HubConfig) -> FakeHubSpot {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let store = crm::Store::load(&fixture);
        let start_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        let state = Arc::new(State {
            inner: Mutex::new(Inner {
                fixture,
                config,
                base: url.clone(),
                oauth: oauth::OAuth::default(),
                store,
                limits: limits::Limits::default(),
                consent_user: None,
                counters: BTreeMap::new(),
                rejected_parameters: Vec::new(),
                rate_limited: 0,
                injected: Vec::new(),
                start_ms,
                started: Instant::now(),
                last_stamp: 0,
            }),
        });
        let server = http::Server::start("fake-hubspot", listener, Arc::clone(&state), handle);
        FakeHubSpot { url, state, server }
    }

    /// The `VOICETRAIN_HUBSPOT_*` variables that point voicetrain here.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("VOICETRAIN_HUBSPOT_API_URL", self.url.clone()),
            (
                "VOICETRAIN_HUBSPOT_AUTH_URL",
                format!("{}/oauth/authorize", self.url),
            ),
            ("VOICETRAIN_HUBSPOT_CLIENT_ID", HUB_CLIENT_ID.to_string()),
            (
                "VOICETRAIN_HUBSPOT_CLIENT_SECRET",
                HUB_CLIENT_SECRET.to_string(),
            ),
        ]
    }

    /// A private-app (static) token with `scopes`: `pat-na1-<uuid>`, never expires.
    pub fn issue_static_token(&self, scopes: &[&str]) -> String {
        self.state.lock().oauth.issue_static(scopes)
    }

    /// An OAuth access and refresh token for the fixture user `email` with `scopes`, as if
    /// they had installed the app. Panics for an e-mail that is not a fixture user's.
    pub fn issue_oauth_tokens(&self, email: &str, scopes: &[&str]) -> (String, String) {
        let mut inner = self.state.lock();
        let user = inner
            .fixture
            .users
            .iter()
            .find(|u| u.email == email)
            .cloned()
            .expect("issue_oauth_tokens: no such user in the fixture");
        let expires = inner.now_ms() + inner.config.access_token_lifetime.as_millis() as i64;
        let scopes: Vec<String> = scopes.iter().map(|s| s.to_string()).collect();
        inner
            .oauth
            .issue_pair(&user.email, user.user_id, &scopes, expires)
    }

    /// Requests counted under `name`: an endpoint (`emails.search`) or an endpoint and outcome
    /// (`emails.search:429`, `emails.list:drop`). Refusals by a rate limit are also counted
    /// under `ratelimit:POLICY` (`ratelimit:SECONDLY`).
    pub fn count(&self, name: &str) -> u64 {
        self.state.lock().counters.get(name).copied().unwrap_or(0)
    }

    pub fn counters(&self) -> BTreeMap<String, u64> {
        self.state.lock().counters.clone()
    }

    /// Clears the counters, the log of refused parameters and the count of 429s.
    pub fn reset_counters(&self) {
        let mut inner = self.state.lock();
        inner.counters.clear();
        inner.rejected_parameters.clear();
        inner.rate_limited = 0;
    }

    /// Every request refused for a query parameter its endpoint does not declare, as
    /// (endpoint, parameter), oldest first; each is also counted as
    /// `ENDPOINT:undeclared_parameter`.
    pub fn rejected_parameters(&self) -> Vec<(String, String)> {
        self.state.lock().rejected_parameters.clone()
    }

    /// 429s served (by the limits or injected).
    pub fn rate_limited(&self) -> u64 {
        self.state.lock().rate_limited
    }

    /// The query of the last request to `/oauth/authorize`, accepted or not.
    pub fn last_authorization(&self) -> Option<AuthRequest> {
        self.state.lock().oauth.last_authorization.clone()
    }

    pub fn refresh_token_is_live(&self, token: &str) -> bool {
        self.state.lock().oauth.refresh_is_live(token)
    }

    /// Every OAuth access token issued so far now answers 401 EXPIRED_AUTHENTICATION (and is
    /// inactive to introspection); refreshing gives a working one.
    pub fn expire_access_tokens(&self) {
        let mut inner = self.state.lock();
        let now = inner.now_ms();
        inner.oauth.expire_all(now);
    }

    /// The next consents are given by the fixture user `email`.
    pub fn set_consent_user(&self, email: &str) {
        self.state.lock().consent_user = Some(email.to_string());
    }

    /// Changes the config while the fake runs (limits, lag, latency, …).
    pub fn configure(&self, change: impl FnOnce(&mut HubConfig)) {
        change(&mut self.state.lock().config);
    }

    /// The next `times` requests to an endpoint whose name starts with `prefix` (`emails.`,
    /// `oauth.token`, `""` for any) answer `status` before anything else is checked: 429 with
    /// the ten-secondly body (and `Retry-After` if configured), 530 Cloudflare's page, any
    /// other status HubSpot's error schema; 0 drops the connection without an answer.
    pub fn fail_next(&self, prefix: &str, status: u16, times: u32) {
        self.fail_after(prefix, 0, status, times);
    }

    /// As [`FakeHubSpot::fail_next`], once `pass` such requests have been answered as usual.
    pub fn fail_after(&self, prefix: &str, pass: u32, status: u16, times: u32) {
        self.state.lock().injected.push(Injected {
            prefix: prefix.to_string(),
            status,
            pass,
            left: times,
        });
    }

    /// Now on the fake clock, in epoch ms.
    pub fn now_ms(&self) -> i64 {
        self.state.lock().now_ms()
    }

    /// Archives (deletes, restorably) a record of `kind` (`emails`, `notes`, `calls`): out of
    /// search and the normal list, in `list?archived=true` with `archived: true` and
    /// `archivedAt` (now). Panics for an unknown kind or id.
    pub fn archive(&self, kind: &str, id: u64) {
        let mut inner = self.state.lock();
        let at = inner.stamp(0);
        let r = inner.record(kind, id);
        r.archived_ms = Some(at);
        r.modified_ms = at;
    }

    /// Restores an archived record (modified now).
    pub fn restore(&self, kind: &str, id: u64) {
        let mut inner = self.state.lock();
        let at = inner.stamp(0);
        let r = inner.record(kind, id);
        r.archived_ms = None;
        r.modified_ms = at;
    }

    /// Changes an email's `hs_email_text`; `hs_lastmodifieddate` becomes now (later than any
    /// earlier value).
    pub fn modify_email_text(&self, id: u64, text: &str) {
        self.modify("emails", id, |d| {
            if let Data::Email(e) = d {
                e.text = text.to_string();
            }
        });
    }

    /// Changes a note's `hs_note_body`; modified now.
    pub fn modify_note(&self, id: u64, html: &str) {
        self.modify("notes", id, |d| {
            if let Data::Note(n) = d {
                n.body_html = html.to_string();
            }
        });
    }

    /// Changes a call's `hs_call_body`; modified now.
    pub fn modify_call(&self, id: u64, html: &str) {
        self.modify("calls", id, |d| {
            if let Data::Call(c) = d {
                c.body_html = html.to_string();
            }
        });
    }

    fn modify(&self, kind: &str, id: u64, change: impl FnOnce(&mut Data)) {
        let mut inner = self.state.lock();
        let before = inner.record(kind, id).modified_ms;
        let at = inner.stamp(before);
        let r = inner.record(kind, id);
        change(&mut r.data);
        r.modified_ms = at;
    }

    /// Logs a new email, as HubSpot stamps a new record: `hs_createdate` and
    /// `hs_lastmodifieddate` now (the spec's `modified_ms` is not used), `hs_timestamp` the
    /// spec's. Replaces a record with the same id.
    pub fn add_email(&self, e: EmailSpec) {
        let mut inner = self.state.lock();
        let at = inner.stamp(0);
        inner.store.put(Record::email(e, at, at));
    }

    /// Adds a note, stamped as [`FakeHubSpot::add_email`] stamps an email.
    pub fn add_note(&self, n: NoteSpec) {
        let mut inner = self.state.lock();
        let at = inner.stamp(0);
        inner.store.put(Record::note(n, at, at));
    }

    /// Adds a call, stamped as [`FakeHubSpot::add_email`] stamps an email.
    pub fn add_call(&self, c: CallSpec) {
        let mut inner = self.state.lock();
        let at = inner.stamp(0);
        inner.store.put(Record::call(c, at, at));
    }
}

impl State {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic in one request must not poison the fake for the rest of the test.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Inner {
    fn count(&mut self, name: &str) {
        *self.counters.entry(name.to_string()).or_default() += 1;
    }

    /// Logs and counts a request refused for a parameter `endpoint` does not declare.
    fn reject_parameter(&mut self, endpoint: &str, parameter: &str) {
        self.count(&format!("{endpoint}:undeclared_parameter"));
        self.rejected_parameters
            .push((endpoint.to_string(), parameter.to_string()));
    }

    /// Now on the fake clock, in epoch ms.
    pub fn now_ms(&self) -> i64 {
        self.start_ms + self.started.elapsed().as_millis() as i64
    }

    /// A time to stamp on a record: now, but later than every earlier stamp and than `after`.
    fn stamp(&mut self, after: i64) -> i64 {
        let t = self
            .now_ms()
            .max(self.last_stamp + 1)
            .max(after.saturating_add(1));
        self.last_stamp = t;
        t
    }

    fn record(&mut self, kind: &str, id: u64) -> &mut Record {
        let kind = Kind::parse(kind).expect("kind is emails, notes or calls");
        self.store
            .get_mut(kind, id)
            .expect("no such record in the fake HubSpot")
    }

    /// The status of a failure a test injected for `endpoint`, if one is due.
    fn take_injected(&mut self, endpoint: &str) -> Option<u16> {
        let i = self
            .injected
            .iter()
            .position(|f| f.left > 0 && endpoint.starts_with(f.prefix.as_str()))?;
        let f = &mut self.injected[i];
        if f.pass > 0 {
            f.pass -= 1;
            return None;
        }
        f.left -= 1;
        let status = f.status;
        self.injected.retain(|f| f.left > 0);
        Some(status)
    }
}

/// Epoch ms as HubSpot writes datetimes: ISO 8601 UTC with milliseconds.
pub fn iso(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

/// A datetime as a filter may give it: epoch ms, ISO 8601, or a date (midnight UTC).
pub fn parse_time_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(ms) = s.parse::<i64>() {
        return Some(ms);
    }
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Some(t.as_millisecond());
    }
    let date = s.parse::<jiff::civil::Date>().ok()?;
    let t = date.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
    Some(t.as_millisecond())
}

/// The body type `http.rs` builds responses with.
type Body = BoxBody<Bytes, std::io::Error>;

async fn handle(
    state: Arc<State>,
    req: hyper::Request<Incoming>,
) -> Result<hyper::Response<Body>, std::io::Error> {
    let target_len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    let req = Req::read(req).await?;
    let name = endpoint(req.method.as_str(), &req.path);
    let (latency, injected) = {
        let mut inner = state.lock();
        inner.count(&name);
        let injected = inner.take_injected(&name);
        (Duration::from_millis(inner.config.latency_ms), injected)
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let resp = match injected {
        Some(0) => {
            state.lock().count(&format!("{name}:drop"));
            return Err(std::io::Error::other("fault: connection dropped"));
        }
        Some(429) => limits::injected_429(&state.lock().config),
        Some(530) => errors::malformed_token(),
        Some(status) => errors::error(
            status,
            "INTERNAL_ERROR",
            "An internal error occurred (injected by the test).",
        ),
        None if target_len > MAX_URL_CHARS => errors::uri_too_long(),
        None => dispatch(&state, &req, &name),
    };
    {
        let mut inner = state.lock();
        inner.count(&format!("{name}:{}", resp.status));
        if resp.status == 429 {
            inner.rate_limited += 1;
        }
    }
    Ok(resp.into_response(false))
}

fn segments(path: &str) -> Vec<&str> {
    path.trim_start_matches('/')
        .trim_end_matches('/')
        .split('/')
        .collect()
}

/// The name requests are counted and failed under.
fn endpoint(method: &str, path: &str) -> String {
    let segs = segments(path);
    let kind = |t: &str| Kind::parse(t).map(Kind::name);
    match (method, segs.as_slice()) {
        ("GET", ["oauth", "authorize"]) => "oauth.authorize".into(),
        ("POST", ["oauth", "2026-03", "token"]) => "oauth.token".into(),
        ("POST", ["oauth", "2026-03", "token", "introspect"]) => "oauth.introspect".into(),
        ("POST", ["oauth", "2026-03", "token", "revoke"]) => "oauth.revoke".into(),
        ("GET", ["crm", "v3", "owners"]) => "owners.list".into(),
        ("GET", ["crm", "v3", "owners", _]) => "owners.get".into(),
        ("GET", ["crm", "objects", "2026-03", t]) if let Some(k) = kind(t) => format!("{k}.list"),
        ("POST", ["crm", "objects", "2026-03", t, "search"]) if let Some(k) = kind(t) => {
            format!("{k}.search")
        }
        ("GET", ["crm", "objects", "2026-03", t, _]) if let Some(k) = kind(t) => format!("{k}.get"),
        ("GET", ["crm", "extensions", "calling", "2026-03", "transcripts", _]) => {
            "transcripts.get".into()
        }
        (m, _) => format!("unknown {m} {path}"),
    }
}

fn dispatch(state: &State, req: &Req, name: &str) -> Resp {
    let mut guard = state.lock();
    let inner = &mut *guard;
    match name {
        "oauth.authorize" => oauth::authorize(inner, req),
        "oauth.token" => oauth::token(inner, req),
        "oauth.introspect" => oauth::introspect(inner, req),
        "oauth.revoke" => oauth::revoke(inner, req),
        n if n.starts_with("unknown ") => errors::no_route(req.method.as_str(), &req.path),
        _ => api(inner, req, name),
    }
}

/// An API call: the token, then the rate limits, then the endpoint; the rate-limit headers on
/// whatever it answers.
fn api(inner: &mut Inner, req: &Req, name: &str) -> Resp {
    let caller = match oauth::authenticate(inner, req) {
        Ok(c) => c,
        Err(resp) => return resp,
    };
    let search = name.ends_with(".search");
    let now_ms = inner.now_ms();
    let verdict = inner
        .limits
        .admit(&inner.config, &caller, search, Instant::now(), now_ms);
    let mut resp = match verdict.refused {
        Some((policy, resp)) => {
            inner.count(&format!("ratelimit:{policy}"));
            resp
        }
        None => {
            let segs = segments(&req.path);
            match (name, segs.as_slice()) {
                ("owners.list", _) => crm::owners_list(inner, req, &caller),
                ("owners.get", [.., id]) => crm::owners_get(inner, req, id, &caller),
                ("transcripts.get", [.., id]) => crm::transcript(inner, req, id, &caller),
                (n, ["crm", "objects", _, t, rest @ ..]) if let Some(kind) = Kind::parse(t) => {
                    match (n.rsplit('.').next(), rest) {
                        (Some("list"), []) => crm::list(inner, req, kind, &caller),
                        (Some("search"), ["search"]) => search::search(inner, req, kind, &caller),
                        (Some("get"), [id]) => crm::get(inner, req, kind, id, &caller),
                        _ => errors::no_route(req.method.as_str(), &req.path),
                    }
                }
                _ => errors::no_route(req.method.as_str(), &req.path),
            }
        }
    };
    verdict.usage.stamp(&mut resp);
    resp
}
