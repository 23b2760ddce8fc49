//! A fake of Google's OAuth 2.0, Drive v3, Gmail v1 and YouTube Data v3 endpoints, strict where
//! Google is strict (see `docs/google.md`, `docs/gmail.md` and `youtube.rs`), served over real
//! HTTP on 127.0.0.1 at a free port. Tests start it in-process; `cargo run --example
//! fake-google` runs it standalone. It is not part of the product: it lives in `tests/` and is
//! compiled into the test binary, the example and the benchmarks, each of which uses a different
//! part of it (hence the allowances below).
//!
//! On demand it adds latency and faults (5xx, 429 with Retry-After, 403 rate limits, dropped
//! connections, bodies cut short), drawn from a seeded generator, and it counts requests per
//! endpoint and per outcome so a test can say "exactly one refresh happened". It also keeps
//! what a test may want to look at afterwards: the Drive and Gmail requests it refused for a
//! parameter their method does not declare (and YouTube's), the last consent request, the scopes
//! each user granted, the Gmail quota units each user spent and the YouTube units the project
//! spent today. Gmail's own per-user limits (units per second, requests in flight) are on by
//! default, because Gmail has them; they are not faults. A test (or a `/__fake/` route) can
//! change Drive, the mailboxes and the YouTube channels while the fake runs; Drive's edits land
//! in its changes feed (`changes.rs`) as Gmail's land in history; a new upload tops its
//! channel's uploads playlist, and a caption edit bumps the track's `lastUpdated`.

#![allow(dead_code, unused_imports)]

mod changes;
mod drive;
pub mod fixture;
mod gmail;
mod http;
mod oauth;
mod youtube;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use http_body_util::combinators::BoxBody;
use hyper::body::{Bytes, Incoming};
use serde::{Deserialize, Serialize};

use self::changes::DriveEdit;
pub use self::fixture::{
    BENCH_FOLDER, CLIENT_ID, CLIENT_SECRET, FileSpec, Fixture, MessageSpec, SendAsSpec, USER,
    plain_message,
};
pub use self::http::AuthRequest;
use self::http::{Req, Resp};
pub use self::youtube::{
    CHANNEL_ID, CaptionFormat, ChannelSpec, OTHER_CHANNEL_ID, OTHER_OWNER, OTHER_UPLOADS_ID,
    OTHER_VIDEO, SCOPE_FORCE_SSL, SCOPE_PARTNER, SCOPE_READONLY, SCOPE_YOUTUBE, TrackSpec,
    UPLOADS_ID, VideoSpec, asr_hears, machine_translate, render_captions, spoken_text, track_id,
    video_id,
};

/// How the fake behaves beyond its fixture.
#[derive(Debug, Clone)]
pub struct Config {
    /// How long an access token lives (Google: 3599 s).
    pub access_token_lifetime: Duration,
    /// Every refresh returns a new refresh token and kills the old one.
    pub rotate_refresh_tokens: bool,
    /// The consent screen answers "deny".
    pub deny_consent: bool,
    /// Which user consents (default: the first in the fixture).
    pub consent_user: Option<String>,
    /// Device flow: how many polls answer `authorization_pending` before tokens come.
    pub device_pending_polls: u32,
    /// Device flow: the polling interval it asks for; polls closer together get `slow_down`.
    pub device_interval: Duration,
    /// Gmail's per-user limits: quota units (403 `userRateLimitExceeded`) and requests in
    /// flight (429). On, as at Google.
    pub gmail_limits: bool,
    /// Quota units a user's bucket refills per second: Gmail's "250 quota units per user per
    /// second, moving average".
    pub gmail_units_per_second: f64,
    /// The bucket's size: the short burst the moving average allows.
    pub gmail_burst: f64,
    /// Gmail requests one user may have in flight (a batch's parts count one each); one more
    /// is a 429 "Too many concurrent requests for user". 25: the largest batch measured to
    /// pass cold (docs/gmail.md, where 100 got 429s).
    pub gmail_max_concurrent: usize,
    /// Larger part bodies leave `data` for an `attachmentId` even without a filename.
    pub gmail_inline_body_max: usize,
    /// history.list serves an empty page (nextPageToken, no `history`) before each page of
    /// records, as Gmail sometimes does.
    pub empty_history_pages: bool,
    /// The project's YouTube Data API quota a day (Google's default: 10,000 units).
    pub youtube_daily_units: u64,
    pub faults: Faults,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            access_token_lifetime: Duration::from_secs(3599),
            rotate_refresh_tokens: false,
            deny_consent: false,
            consent_user: None,
            device_pending_polls: 1,
            device_interval: Duration::from_secs(5),
            gmail_limits: true,
            gmail_units_per_second: 250.0,
            gmail_burst: 250.0,
            gmail_max_concurrent: 25,
            gmail_inline_body_max: 1024 * 1024,
            empty_history_pages: false,
            youtube_daily_units: 10_000,
            faults: Faults::default(),
        }
    }
}

/// Faults on demand, each a probability per request, reproducible from `seed`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    pub seed: u64,
    /// Added to every request before it is answered.
    pub latency_ms: u64,
    /// 500 or 503 `backendError`.
    pub server_error: f64,
    /// 429 `rateLimitExceeded` with `Retry-After: retry_after_secs`.
    pub rate_limit_429: f64,
    pub retry_after_secs: u64,
    /// 403 `userRateLimitExceeded`.
    pub rate_limit_403: f64,
    /// The connection is closed before any response.
    pub drop: f64,
    /// The response's body stops halfway (Content-Length says the full size).
    pub truncate: f64,
    /// Endpoint names (or prefixes: `files.`, `token.`) the faults apply to; empty: every API
    /// endpoint. The consent page and `/__fake/` control endpoints are never faulted.
    pub only: Vec<String>,
    /// Inject at most this many faults, then answer normally (0: no limit): "fail twice,
    /// then recover".
    pub limit: u64,
}

/// A running fake. Dropping it stops the server.
pub struct FakeGoogle {
    pub url: String,
    state: Arc<State>,
    /// Stopped when the fake is dropped.
    server: http::Server,
}

pub(crate) struct State {
    base: String,
    inner: Mutex<Inner>,
}

pub(crate) struct Inner {
    pub fixture: Fixture,
    pub config: Config,
    pub files: BTreeMap<String, drive::File>,
    /// Drive's changes feed: an entry per edit of `files`.
    pub changes: changes::Log,
    pub oauth: oauth::OAuth,
    pub gmail: gmail::Gmail,
    pub youtube: youtube::YouTube,
    counters: BTreeMap<String, u64>,
    /// (endpoint, parameter) of each Drive or Gmail request refused for a parameter its method does
    /// not declare, in order.
    rejected_parameters: Vec<(String, String)>,
    rng: u64,
    /// Faults injected since the faults were last set.
    injected: u64,
    pub started: Instant,
}

impl FakeGoogle {
    /// Starts the fake on 127.0.0.1 at a free port, on a thread of its own.
    pub fn start(fixture: Fixture, config: Config) -> FakeGoogle {
        Self::start_on(fixture, config, 0)
    }

    pub fn start_on(fixture: Fixture, config: Config, port: u16) -> FakeGoogle {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let files = drive::load(&fixture);
        let changes = changes::Log::load(&fixture, &files);
        let gmail = gmail::Gmail::load(&fixture, config.gmail_burst);
        let youtube = youtube::YouTube::load(&fixture);
        let rng = config.faults.seed ^ 0x9e37_79b9_7f4a_7c15;
        let state = Arc::new(State {
            base: url.clone(),
            inner: Mutex::new(Inner {
                fixture,
                config,
                files,
                changes,
                oauth: oauth::OAuth::default(),
                gmail,
                youtube,
                counters: BTreeMap::new(),
                rejected_parameters: Vec::new(),
                rng,
                injected: 0,
                started: Instant::now(),
            }),
        });
        let server = http::Server::start("fake-google", listener, Arc::clone(&state), handle);
        FakeGoogle { url, state, server }
    }

    /// The `VOICETRAIN_GOOGLE_*` variables that point voicetrain here.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        let u = &self.url;
        vec![
            (
                "VOICETRAIN_GOOGLE_CLIENT_ID",
                fixture::CLIENT_ID.to_string(),
            ),
            (
                "VOICETRAIN_GOOGLE_CLIENT_SECRET",
                fixture::CLIENT_SECRET.to_string(),
            ),
            (
                "VOICETRAIN_GOOGLE_AUTH_URL",
                format!("{u}/o/oauth2/v2/auth"),
            ),
            ("VOICETRAIN_GOOGLE_TOKEN_URL", format!("{u}/token")),
            (
                "VOICETRAIN_GOOGLE_DEVICE_AUTH_URL",
                format!("{u}/device/code"),
            ),
            ("VOICETRAIN_GOOGLE_REVOKE_URL", format!("{u}/revoke")),
            ("VOICETRAIN_GOOGLE_USERINFO_URL", format!("{u}/v1/userinfo")),
            ("VOICETRAIN_GOOGLE_DRIVE_URL", format!("{u}/drive/v3")),
            ("VOICETRAIN_GOOGLE_GMAIL_URL", format!("{u}/gmail/v1")),
            ("VOICETRAIN_GOOGLE_YOUTUBE_URL", self.youtube_url()),
        ]
    }

    /// Requests counted under `name`: an endpoint (`files.export`) or an endpoint and
    /// outcome (`files.export:200`, `files.get:drop`).
    pub fn count(&self, name: &str) -> u64 {
        self.state.lock().counters.get(name).copied().unwrap_or(0)
    }

    pub fn counters(&self) -> BTreeMap<String, u64> {
        self.state.lock().counters.clone()
    }

    /// Clears the counters and the log of rejected parameters.
    pub fn reset_counters(&self) {
        let mut inner = self.state.lock();
        inner.counters.clear();
        inner.rejected_parameters.clear();
    }

    /// Every Drive or Gmail request refused for a query parameter its method does not declare, as
    /// (endpoint, parameter), oldest first. Each is also counted under
    /// `ENDPOINT:undeclared_parameter`.
    pub fn rejected_parameters(&self) -> Vec<(String, String)> {
        self.state.lock().rejected_parameters.clone()
    }

    /// The query of the last request to the consent page (whether or not it was accepted):
    /// what the client asked for.
    pub fn last_authorization(&self) -> Option<AuthRequest> {
        self.state.lock().oauth.last_authorization.clone()
    }

    /// The scopes `user` has granted this test's client so far (every consent adds to them;
    /// revocation clears them), in the order first granted.
    pub fn granted_scopes(&self, user: &str) -> Vec<String> {
        self.state.lock().oauth.granted(user, fixture::CLIENT_ID)
    }

    pub fn set_faults(&self, faults: Faults) {
        let mut inner = self.state.lock();
        inner.rng = faults.seed ^ 0x9e37_79b9_7f4a_7c15;
        inner.injected = 0;
        inner.config.faults = faults;
    }

    /// Changes a Doc's or Slides' text, or a binary file's bytes, as an edit in the browser or
    /// an upload would: a new `version` and `modifiedTime` (and `md5Checksum`), and a change.
    pub fn edit_text(&self, id: &str, text: &str) {
        self.edit_drive(DriveEdit::EditText {
            id: id.into(),
            text: text.into(),
        });
    }

    /// Adds a file or folder, under the parent its spec names (in the shared drive it names):
    /// version 1, made and modified now, and a change.
    pub fn add_file(&self, file: FileSpec) {
        self.edit_drive(DriveEdit::Add(Box::new(file)));
    }

    /// Renames a file: a new `version`, the same `modifiedTime`, and a change.
    pub fn rename_file(&self, id: &str, name: &str) {
        self.edit_drive(DriveEdit::Rename {
            id: id.into(),
            name: name.into(),
        });
    }

    /// Moves a file to the trash: `trashed` and `explicitlyTrashed` (what is below a folder
    /// becomes `trashed` only), a new `version`, the same `modifiedTime`; a change that is not
    /// `removed`, for this file only.
    pub fn trash_file(&self, id: &str) {
        self.edit_drive(DriveEdit::Trash { id: id.into() });
    }

    /// Restores a file from the trash: `trashed: false`, a new `version`, the same
    /// `modifiedTime`, and a change for this file only.
    pub fn untrash_file(&self, id: &str) {
        self.edit_drive(DriveEdit::Untrash { id: id.into() });
    }

    /// Deletes a file for good (a folder with everything below it): 404 from then on, and a
    /// `removed` change with no `file`, for this file only.
    pub fn delete_file(&self, id: &str) {
        self.edit_drive(DriveEdit::Delete { id: id.into() });
    }

    /// The owner stops sharing a file (a folder with everything below it) with the user: to
    /// the user it is gone as if deleted, a 404 and a `removed` change for this file only.
    pub fn unshare_file(&self, id: &str) {
        self.edit_drive(DriveEdit::Unshare { id: id.into() });
    }

    /// Moves a file to another parent in its drive: a new `version`, the same `modifiedTime`,
    /// and a change for this file only, a folder's descendants keeping their `parents`.
    pub fn move_file(&self, id: &str, parent: &str) {
        self.edit_drive(DriveEdit::Move {
            id: id.into(),
            parent: parent.into(),
        });
    }

    /// The user views a file: a change in which nothing is different, not even `version`, as
    /// Drive reports files merely viewed.
    pub fn view_file(&self, id: &str) {
        self.edit_drive(DriveEdit::View { id: id.into() });
    }

    /// Drive rejects every change page token issued so far (start and page tokens, every
    /// feed): each now gets a 400 `invalid` on `pageToken`, and the client must walk again.
    pub fn expire_change_tokens(&self) {
        self.edit_drive(DriveEdit::ExpireChangeTokens);
    }

    /// Makes a Drive edit; one the fake refuses (no such file, say) fails the test.
    fn edit_drive(&self, edit: DriveEdit) {
        let made = {
            let mut inner = self.state.lock();
            let Inner { files, changes, .. } = &mut *inner;
            changes.apply(files, edit)
        };
        made.map_err(|e| e.to_string())
            .expect("the fake Drive refused the edit");
    }

    /// The next consents are given by `user`.
    pub fn set_consent_user(&self, user: &str) {
        self.state.lock().config.consent_user = Some(user.to_string());
    }

    /// Every access token issued so far is now expired.
    pub fn expire_access_tokens(&self) {
        self.state.lock().oauth.expire_all();
    }

    /// Whether a refresh token is still good.
    pub fn refresh_token_is_live(&self, token: &str) -> bool {
        self.state.lock().oauth.refresh_is_live(token)
    }

    /// The user revokes access in their Google account: every grant dies.
    pub fn revoke_everything(&self) {
        self.state.lock().oauth.revoke_all();
    }

    /// Adds a Gmail message to its user's mailbox (the fixture's first user if it names
    /// none): a `messageAdded` history record and a new history ID.
    pub fn add_mail(&self, message: MessageSpec) {
        let mut inner = self.state.lock();
        let user = inner.fixture.users.first().cloned().unwrap_or_default();
        let burst = inner.config.gmail_burst;
        inner.gmail.add(&message, &user, burst);
    }

    /// Deletes a Gmail message for good (not to the trash): a `messageDeleted` record.
    pub fn delete_mail(&self, id: &str) {
        self.state.lock().gmail.delete(id);
    }

    /// Adds and removes labels (system IDs or user label names) on a Gmail message: a
    /// `labelAdded` and/or `labelRemoved` record.
    pub fn label_mail(&self, id: &str, add: &[&str], remove: &[&str]) {
        self.state.lock().gmail.relabel(id, add, remove);
    }

    /// Gmail's history is dropped (it can be kept for only hours): every `startHistoryId`
    /// older than each mailbox's current one now gets 404.
    pub fn expire_history(&self) {
        self.state.lock().gmail.expire_history();
    }

    /// Message `id` stays listed (and in history) but messages.get, threads.get and
    /// attachments.get answer 404 for it: deleted between a list and a get.
    pub fn vanish_on_get(&self, id: &str) {
        self.state.lock().gmail.make_unfetchable(id);
    }

    /// Saves draft `draft` (any name) of `user` as Gmail's autosave does: a DRAFT message with
    /// a new ID (`messageAdded`); the previous save's message is deleted (`messageDeleted`).
    /// Returns the new message ID.
    pub fn save_draft(&self, user: &str, draft: &str, raw: &[u8]) -> String {
        let mut inner = self.state.lock();
        let burst = inner.config.gmail_burst;
        inner.gmail.save_draft(user, draft, raw, burst)
    }

    /// Sends a saved draft: its message loses DRAFT and gains SENT. Returns its ID.
    pub fn send_draft(&self, draft: &str) -> String {
        self.state.lock().gmail.send_draft(draft)
    }

    /// Gmail quota units `user` has spent (refused requests spend none).
    pub fn gmail_units(&self, user: &str) -> u64 {
        self.state.lock().gmail.units(user)
    }

    /// `user`'s mailbox's current history ID.
    pub fn gmail_history_id(&self, user: &str) -> u64 {
        self.state.lock().gmail.history_id(user)
    }

    /// Where the fake YouTube Data API v3 is: `http://127.0.0.1:PORT/youtube/v3`
    /// (`VOICETRAIN_GOOGLE_YOUTUBE_URL` in [`FakeGoogle::env`]).
    pub fn youtube_url(&self) -> String {
        format!("{}/youtube/v3", self.url)
    }

    /// YouTube quota units the project has spent today (refused requests spend none).
    pub fn youtube_units(&self) -> u64 {
        self.state.lock().youtube.units()
    }

    /// Midnight Pacific time: the project's YouTube quota is whole again.
    pub fn next_youtube_day(&self) {
        self.state.lock().youtube.next_day();
    }

    /// Uploads a video to `channel`, its newest (first in the uploads playlist), with the
    /// tracks its spec names, each `lastUpdated` now.
    pub fn add_upload(&self, channel: &str, video: VideoSpec) {
        let added = self.state.lock().youtube.add_upload(channel, &video);
        added.expect("the fake YouTube refused the upload");
    }

    /// Gives caption track `track_id` new text, `lastUpdated` now (so a new `etag` too).
    pub fn update_track(&self, track_id: &str, text: &str) {
        let updated = self.state.lock().youtube.update_track(track_id, text);
        updated.expect("the fake YouTube refused the caption edit");
    }

    /// Replaces caption track `track_id` by a new one saying `text`; the new track's ID.
    pub fn replace_track(&self, track_id: &str, text: &str) -> String {
        let replaced = self.state.lock().youtube.replace_track(track_id, text);
        replaced.expect("the fake YouTube refused to replace the track")
    }

    /// What caption track `track_id` says now (before rendering), if there is one.
    pub fn track_text(&self, track_id: &str) -> Option<String> {
        self.state.lock().youtube.track_text(track_id)
    }

    /// What the track a correct chooser downloads for `video_id` says now (see
    /// `Fixture::spoken`); empty when there is none.
    pub fn spoken(&self, video_id: &str) -> String {
        self.state.lock().youtube.spoken(video_id)
    }

    /// A token pair issued straight to `user` with `scopes` (as if a login had happened).
    pub fn issue_tokens(&self, user: &str, scopes: &str) -> (String, String) {
        let mut inner = self.state.lock();
        let lifetime = inner.config.access_token_lifetime;
        inner
            .oauth
            .issue(fixture::CLIENT_ID, user, scopes, lifetime)
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

    /// xorshift64*: a uniform draw in [0, 1).
    fn draw(&mut self) -> f64 {
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        let x = self.rng.wrapping_mul(0x2545_f491_4f6c_dd1d);
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// What a fault draw decided for one request.
enum Fault {
    None,
    Drop,
    Truncate,
    Answer(Resp),
}

type Body = BoxBody<Bytes, std::io::Error>;

async fn handle(
    state: Arc<State>,
    req: hyper::Request<Incoming>,
) -> Result<hyper::Response<Body>, std::io::Error> {
    let req = Req::read(req).await?;
    let endpoint = endpoint(&req);
    if endpoint.starts_with("__fake") {
        return Ok(control(&state, &req, &endpoint).into_response(false));
    }
    // A Gmail request is in flight from here (its latency included) until it is answered.
    let (admitted, latency) = {
        let mut inner = state.lock();
        inner.count(&endpoint);
        let latency = Duration::from_millis(inner.config.faults.latency_ms);
        let admitted = gmail::enter(&state, &mut inner, &req, &endpoint)
            .map(|slot| (slot, draw_fault(&mut inner, &endpoint)));
        (admitted, latency)
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let (_in_flight, fault) = match admitted {
        Ok(admitted) => admitted,
        Err(resp) => {
            state.lock().count(&format!("{endpoint}:{}", resp.status));
            return Ok(resp.into_response(false));
        }
    };
    let (resp, truncate) = match fault {
        Fault::Drop => {
            state.lock().count(&format!("{endpoint}:drop"));
            return Err(std::io::Error::other("fault: connection dropped"));
        }
        Fault::Answer(resp) => (resp, false),
        Fault::Truncate => (dispatch(&state, &req, &endpoint), true),
        Fault::None => (dispatch(&state, &req, &endpoint), false),
    };
    let outcome = if truncate && resp.body.len() > 1 {
        "truncated".to_string()
    } else {
        resp.status.to_string()
    };
    state.lock().count(&format!("{endpoint}:{outcome}"));
    Ok(resp.into_response(truncate))
}

/// The name requests are counted and faulted under.
fn endpoint(req: &Req) -> String {
    let path = req.path.as_str();
    match (req.method.as_str(), path) {
        ("GET", "/o/oauth2/v2/auth") => "auth".to_string(),
        ("POST", "/token") => {
            let form = req.form();
            let grant = form.get("grant_type").map(String::as_str).unwrap_or("");
            let grant = match grant {
                "urn:ietf:params:oauth:grant-type:device_code" => "device_code",
                "authorization_code" | "refresh_token" => grant,
                _ => "other",
            };
            format!("token.{grant}")
        }
        ("POST", "/device/code") => "device.code".into(),
        ("POST", "/revoke") => "revoke".into(),
        ("GET", "/v1/userinfo") => "userinfo".into(),
        ("GET", "/drive/v3/files") => "files.list".into(),
        ("GET", "/drive/v3/changes") => "changes.list".into(),
        ("GET", "/drive/v3/changes/startPageToken") => "changes.getStartPageToken".into(),
        ("GET", p) if p.starts_with("/drive/v3/files/") => {
            let rest = &p["/drive/v3/files/".len()..];
            if rest.ends_with("/export") {
                "files.export".into()
            } else if req.q("alt") == Some("media") {
                "files.download".into()
            } else {
                "files.get".into()
            }
        }
        ("GET", p) if p.starts_with("/exportlinks/") => "exportlink".into(),
        (m, p) if let Some(name) = gmail::endpoint(m, p) => name.into(),
        (m, p) if let Some(name) = youtube::endpoint(m, p) => name.into(),
        (_, "/__fake/counters") => "__fake.counters".into(),
        (_, "/__fake/rejected_parameters") => "__fake.rejected_parameters".into(),
        (_, "/__fake/authorization") => "__fake.authorization".into(),
        ("POST", "/__fake/faults") => "__fake.faults".into(),
        ("POST", "/__fake/gmail/add") => "__fake.gmail.add".into(),
        ("POST", "/__fake/gmail/delete") => "__fake.gmail.delete".into(),
        ("POST", "/__fake/gmail/expire_history") => "__fake.gmail.expire_history".into(),
        (_, "/__fake/gmail/units") => "__fake.gmail.units".into(),
        ("POST", p) if let Some(op) = p.strip_prefix("/__fake/drive/") => {
            format!("__fake.drive.{op}")
        }
        (_, p) if let Some(op) = p.strip_prefix("/__fake/youtube/") => {
            format!("__fake.youtube.{op}")
        }
        (m, p) => format!("unknown {m} {p}"),
    }
}

fn draw_fault(inner: &mut Inner, endpoint: &str) -> Fault {
    let f = inner.config.faults.clone();
    let applies = endpoint != "auth"
        && (f.only.is_empty() || f.only.iter().any(|o| endpoint.starts_with(o.as_str())))
        && (f.limit == 0 || inner.injected < f.limit);
    if !applies {
        return Fault::None;
    }
    let fault = draw(inner, &f);
    if !matches!(fault, Fault::None) {
        inner.injected += 1;
    }
    fault
}

fn draw(inner: &mut Inner, f: &Faults) -> Fault {
    let mut roll = inner.draw();
    let mut hit = |p: f64| {
        if roll < p {
            true
        } else {
            roll -= p;
            false
        }
    };
    if hit(f.drop) {
        Fault::Drop
    } else if hit(f.server_error) {
        let status = if inner.draw() < 0.5 { 500 } else { 503 };
        Fault::Answer(http::google_error(
            status,
            "global",
            "backendError",
            "Backend Error",
        ))
    } else if hit(f.rate_limit_429) {
        let mut resp = http::google_error(
            429,
            "usageLimits",
            "rateLimitExceeded",
            "Rate Limit Exceeded",
        );
        resp.headers
            .push(("retry-after".into(), f.retry_after_secs.to_string()));
        Fault::Answer(resp)
    } else if hit(f.rate_limit_403) {
        Fault::Answer(http::google_error(
            403,
            "usageLimits",
            "userRateLimitExceeded",
            "User Rate Limit Exceeded",
        ))
    } else if hit(f.truncate) {
        Fault::Truncate
    } else {
        Fault::None
    }
}

fn dispatch(state: &State, req: &Req, endpoint: &str) -> Resp {
    let mut inner = state.lock();
    match endpoint {
        "auth" => oauth::authorize(&mut inner, req),
        e if e.starts_with("token.") => oauth::token(&mut inner, req),
        "device.code" => oauth::device_code(&mut inner, req),
        "revoke" => oauth::revoke(&mut inner, req),
        "userinfo" => oauth::userinfo(&mut inner, req),
        e if e.starts_with("files.") || e.starts_with("changes.") || e == "exportlink" => {
            drive::handle(&mut inner, &state.base, req, endpoint)
        }
        e if e.starts_with("gmail.") => gmail::handle(&mut inner, req, endpoint),
        e if e.starts_with("youtube.") => youtube::handle(&mut inner, req, endpoint),
        _ => http::google_error(404, "global", "notFound", "Not Found"),
    }
}

/// `/__fake/counters` (GET), `/__fake/rejected_parameters` (GET), `/__fake/authorization`
/// (GET: the last consent request's query, or null), `/__fake/faults` (POST a [`Faults`] as
/// JSON), and for Gmail `/__fake/gmail/add` (POST a [`MessageSpec`] as JSON),
/// `/__fake/gmail/delete?id=ID`, `/__fake/gmail/expire_history` (POST) and
/// `/__fake/gmail/units?user=U` (GET), and for Drive `/__fake/drive/OP` (POST: `add`,
/// `edit_text`, `rename`, `trash`, `untrash`, `delete`, `unshare`, `move`, `view`,
/// `expire_change_tokens`; see `changes::Log::control`), and for YouTube `/__fake/youtube/OP`
/// (`units`, `next_day`, `add`, `update_track`; see `youtube::control`): the control panel for
/// the standalone server.
fn control(state: &State, req: &Req, endpoint: &str) -> Resp {
    let mut inner = state.lock();
    match endpoint {
        "__fake.counters" => http::json(200, &inner.counters),
        "__fake.rejected_parameters" => http::json(200, &inner.rejected_parameters),
        "__fake.authorization" => http::json(
            200,
            &inner.oauth.last_authorization.as_ref().map(|a| &a.query),
        ),
        "__fake.faults" => match serde_json::from_slice::<Faults>(&req.body) {
            Ok(faults) => {
                inner.rng = faults.seed ^ 0x9e37_79b9_7f4a_7c15;
                inner.injected = 0;
                inner.config.faults = faults;
                http::json(200, &inner.config.faults)
            }
            Err(e) => http::json(400, &HashMap::from([("error", e.to_string())])),
        },
        "__fake.gmail.add" => match serde_json::from_slice::<MessageSpec>(&req.body) {
            Ok(spec) => {
                let user = inner.fixture.users.first().cloned().unwrap_or_default();
                let burst = inner.config.gmail_burst;
                inner.gmail.add(&spec, &user, burst);
                http::json(200, &HashMap::from([("id", spec.id)]))
            }
            Err(e) => http::json(400, &HashMap::from([("error", e.to_string())])),
        },
        "__fake.gmail.delete" => {
            let id = req.q("id").unwrap_or("").to_string();
            if inner.gmail.contains(&id) {
                inner.gmail.delete(&id);
                http::json(200, &HashMap::from([("deleted", id)]))
            } else {
                http::json(404, &HashMap::from([("error", "no such message")]))
            }
        }
        "__fake.gmail.expire_history" => {
            inner.gmail.expire_history();
            http::json(200, &HashMap::from([("expired", true)]))
        }
        e if let Some(op) = e.strip_prefix("__fake.drive.") => {
            let Inner { files, changes, .. } = &mut *inner;
            changes.control(files, req, op)
        }
        e if let Some(op) = e.strip_prefix("__fake.youtube.") => {
            youtube::control(&mut inner.youtube, req, op)
        }
        "__fake.gmail.units" => {
            let user = req.q("user").unwrap_or(fixture::USER);
            http::json(200, &HashMap::from([("units", inner.gmail.units(user))]))
        }
        _ => http::json(404, &HashMap::from([("error", "no such control")])),
    }
}
