//! The one network layer every call to Google goes through, OAuth and Drive alike: pacing
//! (a token bucket per host), the circuit breaker (shared through the store), the retry
//! policy (full-jitter exponential backoff bounded in tries and total time, `Retry-After`
//! honoured), classification of answers (`classify`), timeouts, streaming downloads checked
//! against Drive's md5, and the rule that a bearer token only ever goes to a Google host.
//! Call sites describe a request ([`Call`]); they never loop, sleep or retry themselves.

pub mod breaker;
pub mod classify;
mod pace;
pub mod settings;

use std::collections::HashSet;
use std::io::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use backon::BackoffBuilder as _;
use futures::StreamExt as _;
use md5::Digest as _;
use reqwest::Method;
use url::Url;

use self::classify::Verdict;
use crate::secret::Secret;
use crate::store::{Store, StoreError};

/// Everything the network layer can be told, from config `[retry]`, `[pacing]`, `[breaker]`,
/// `[timeouts]`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings {
    pub retry: settings::Retry,
    pub pacing: settings::Pacing,
    pub breaker: settings::Breaker,
    pub timeouts: settings::Timeouts,
}

/// Which API a call is to: what retry policy it follows and how it is paced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    Token,
    Drive,
    /// Paced in Gmail's quota units ([`Call::cost`]), and retried as Drive is.
    Gmail,
    /// HubSpot's API but search, paced within its ten-second limit, retried as Drive is.
    HubSpot,
    /// HubSpot's CRM search: a bucket of its own, 5 requests a second.
    HubSpotSearch,
    /// The YouTube Data API, retried as Drive is; its limit is a daily quota, metered by
    /// the caller, not a rate.
    YouTube,
}

/// Gmail's per-user quota is 250 units a second, as a moving average; paced a little below it,
/// with a small burst, a run never meets the limit however its requests bunch up.
const GMAIL_PACING: settings::Pacing = settings::Pacing {
    rate: 240.0,
    burst: 50.0,
};

/// HubSpot's ten-second limit is 110 requests for an OAuth app's token (190 for a private
/// app's): 10 a second with a burst of 5 stays under both in any 10 s.
const HUBSPOT_PACING: settings::Pacing = settings::Pacing {
    rate: 10.0,
    burst: 5.0,
};

/// CRM search allows 5 requests a second, counted apart from the rest.
const HUBSPOT_SEARCH_PACING: settings::Pacing = settings::Pacing {
    rate: 4.8,
    burst: 1.0,
};

/// One request, described so that it can be sent again.
#[derive(Debug, Clone)]
pub struct Call<'a> {
    pub api: Api,
    pub method: Method,
    pub url: Url,
    pub bearer: Option<&'a Secret>,
    pub body: Body<'a>,
    /// Never logged: the OAuth client's credentials travel in `Authorization: Basic`.
    pub headers: Vec<(String, String)>,
    /// What it costs of its host's pacing: 1 a request, or the API's own quota units.
    pub cost: f64,
}

/// A request body.
#[derive(Debug, Clone)]
pub enum Body<'a> {
    None,
    /// `application/x-www-form-urlencoded`.
    Form(Vec<(&'a str, &'a str)>),
    /// Bytes made elsewhere (by the oauth2 crate), with their Content-Type among the headers.
    Raw(Vec<u8>),
}

impl<'a> Call<'a> {
    pub fn get(api: Api, url: Url) -> Call<'a> {
        Call {
            api,
            method: Method::GET,
            url,
            bearer: None,
            body: Body::None,
            headers: Vec::new(),
            cost: 1.0,
        }
    }

    pub fn post_form(api: Api, url: Url, form: Vec<(&'a str, &'a str)>) -> Call<'a> {
        Call {
            method: Method::POST,
            body: Body::Form(form),
            ..Call::get(api, url)
        }
    }

    /// A POST of a JSON body.
    pub fn post_json(api: Api, url: Url, body: &serde_json::Value) -> Call<'a> {
        Call {
            method: Method::POST,
            body: Body::Raw(body.to_string().into_bytes()),
            headers: vec![("Content-Type".into(), "application/json".into())],
            ..Call::get(api, url)
        }
    }

    pub fn bearer(mut self, token: &'a Secret) -> Call<'a> {
        self.bearer = Some(token);
        self
    }

    pub fn header(mut self, name: &str, value: String) -> Call<'a> {
        self.headers.push((name.to_string(), value));
        self
    }

    pub fn cost(mut self, units: f64) -> Call<'a> {
        self.cost = units;
        self
    }
}

/// A whole answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: bytes::Bytes,
}

impl Answer {
    pub fn json<T: serde::de::DeserializeOwned>(&self, host: &str) -> Result<T, NetError> {
        serde_json::from_slice(&self.body).map_err(|e| NetError::BadAnswer {
            host: host.to_string(),
            why: e.to_string(),
        })
    }
}

/// A file downloaded whole and checked.
#[derive(Debug)]
pub struct Downloaded {
    pub file: tempfile::NamedTempFile,
    pub bytes: u64,
    pub md5: String,
}

#[derive(Debug, thiserror::Error)]
pub enum NetError {
    #[error("{host} stayed unavailable through {attempts} tries over {waited:.0?}: {why}")]
    Unavailable {
        host: String,
        attempts: u32,
        waited: Duration,
        why: String,
    },
    #[error("{host} has been failing; voicetrain will not call it again until {until}")]
    CircuitOpen { host: String, until: String },
    #[error("the quota is used up ({reason}): {message}")]
    Quota { reason: String, message: String },
    #[error("the access token was refused")]
    Unauthorized,
    #[error("answered {status} {reason}: {message}")]
    Refused {
        status: u16,
        reason: String,
        message: String,
    },
    #[error("refusing to send credentials to {host}, which is not a Google host")]
    Untrusted { host: String },
    #[error("unexpected answer from {host}: {why}")]
    BadAnswer { host: String, why: String },
    #[error("cannot write the download")]
    Io(#[source] std::io::Error),
    #[error("cannot set up the HTTP client: {0}")]
    Setup(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl NetError {
    /// Whether cron may simply try again later (exit 75).
    pub fn is_temporary(&self) -> bool {
        matches!(
            self,
            NetError::Unavailable { .. } | NetError::CircuitOpen { .. } | NetError::Quota { .. }
        )
    }

    /// Whether only a new login can help: HubSpot's refusal of a token that lacks a scope the
    /// app must be given.
    pub fn needs_login(&self) -> bool {
        self.reason() == Some("MISSING_SCOPES")
    }

    /// The Google `reason` (or OAuth `error`, or HubSpot `category`) of a refusal.
    pub fn reason(&self) -> Option<&str> {
        match self {
            NetError::Refused { reason, .. } => Some(reason),
            _ => None,
        }
    }
}

/// What one try came to, when it did not succeed.
enum Attempt {
    Retry {
        unhealthy: bool,
        rate_limited: bool,
        /// Too many requests were in flight at once.
        crowded: bool,
        after: Option<Duration>,
        why: String,
    },
    Stop(NetError),
}

impl Attempt {
    fn unhealthy(why: String) -> Attempt {
        Attempt::Retry {
            unhealthy: true,
            rate_limited: false,
            crowded: false,
            after: None,
            why,
        }
    }
}

/// The HTTP client with its policies.
#[derive(Debug)]
pub struct Net {
    http: reqwest::Client,
    settings: Settings,
    pacer: pace::Pacer,
    breaker: breaker::Breaker,
    trusted: HashSet<String>,
    /// API requests sent (each attempt of each call; token requests are not counted).
    calls: std::sync::atomic::AtomicU64,
}

/// Makes ring the process's TLS crypto provider (once; later calls do nothing). ring, not
/// aws-lc: it builds with nothing beyond a C compiler. Every reqwest client needs this first.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Hosts a bearer token may always go to.
fn is_google(host: &str) -> bool {
    let host = host.split(':').next().unwrap_or(host);
    ["google.com", "googleapis.com"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

/// `host[:port]` of a URL.
pub fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        _ => String::new(),
    }
}

impl Net {
    /// `trusted` are the configured Google endpoints: their hosts may receive a bearer token,
    /// as may any `*.google.com` or `*.googleapis.com` host.
    pub fn new(settings: Settings, trusted: &[&Url], store: &Store) -> Result<Net, NetError> {
        install_tls_provider();
        let trusted: HashSet<String> = trusted.iter().map(|u| host_of(u)).collect();
        let allowed = trusted.clone();
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            let host = host_of(attempt.url());
            if attempt.previous().len() >= 5 {
                attempt.error("too many redirects")
            } else if allowed.contains(&host) || is_google(&host) {
                attempt.follow()
            } else {
                attempt.error(format!("redirect to {host}, which is not a Google host"))
            }
        });
        let http = reqwest::Client::builder()
            .user_agent(concat!("voicetrain/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(settings.timeouts.connect)
            .redirect(redirects)
            .build()
            .map_err(|e| NetError::Setup(e.to_string()))?;
        Ok(Net {
            http,
            settings,
            pacer: pace::Pacer::new(settings.pacing),
            breaker: breaker::Breaker::open(store, settings.breaker)?,
            trusted,
            calls: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// How many API requests this client has sent: each attempt counts, OAuth's do not.
    pub fn calls(&self) -> u64 {
        self.calls.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Sends `call` (retrying as its policy says) and returns the successful answer, read
    /// whole within the request timeout.
    pub async fn send(&self, call: &Call<'_>) -> Result<Answer, NetError> {
        let timeout = self.settings.timeouts.request;
        self.retrying(call, Some(timeout), async |resp: reqwest::Response| {
            let status = resp.status().as_u16();
            match resp.bytes().await {
                Ok(body) => Ok(Answer { status, body }),
                Err(e) => Err(Attempt::unhealthy(transport(&e))),
            }
        })
        .await
    }

    /// Sends a request the oauth2 crate built, through the same policies (the token
    /// endpoint's); the crate reads the answer. A refusal comes back as a [`NetError`].
    pub async fn send_http(
        &self,
        req: oauth2::HttpRequest,
    ) -> Result<oauth2::HttpResponse, NetError> {
        let (parts, body) = req.into_parts();
        let url = Url::parse(&parts.uri.to_string()).map_err(|e| NetError::Setup(e.to_string()))?;
        let mut call = Call::get(Api::Token, url);
        call.method = parts.method;
        call.body = Body::Raw(body);
        for (name, value) in &parts.headers {
            if let Ok(v) = value.to_str() {
                call.headers.push((name.to_string(), v.to_string()));
            }
        }
        let answer = self.send(&call).await?;
        let mut resp = oauth2::HttpResponse::new(answer.body.to_vec());
        *resp.status_mut() = oauth2::http::StatusCode::from_u16(answer.status)
            .map_err(|e| NetError::Setup(e.to_string()))?;
        resp.headers_mut().insert(
            oauth2::http::header::CONTENT_TYPE,
            oauth2::http::HeaderValue::from_static("application/json"),
        );
        Ok(resp)
    }

    /// Streams the answer into a temporary file in `dir`, hashing as it goes. A body cut
    /// short, shorter than its Content-Length, silent for the idle timeout, or not matching
    /// `md5` is fetched again from the start: a half file is never handed back.
    pub async fn download(
        &self,
        call: &Call<'_>,
        dir: &Path,
        md5: Option<&str>,
    ) -> Result<Downloaded, NetError> {
        let idle = self.settings.timeouts.idle;
        self.retrying(call, None, async |resp: reqwest::Response| {
            let promised = resp.content_length();
            let mut file =
                tempfile::NamedTempFile::new_in(dir).map_err(|e| Attempt::Stop(NetError::Io(e)))?;
            let mut hash = md5::Md5::new();
            let mut bytes = 0u64;
            let mut body = resp.bytes_stream();
            loop {
                match tokio::time::timeout(idle, body.next()).await {
                    Err(_) => {
                        return Err(Attempt::unhealthy(format!(
                            "no data for {} s after {bytes} bytes",
                            idle.as_secs()
                        )));
                    }
                    Ok(None) => break,
                    Ok(Some(Err(_))) => {
                        return Err(Attempt::unhealthy(format!(
                            "body cut short after {bytes} bytes"
                        )));
                    }
                    Ok(Some(Ok(chunk))) => {
                        hash.update(&chunk);
                        bytes += chunk.len() as u64;
                        file.write_all(&chunk)
                            .map_err(|e| Attempt::Stop(NetError::Io(e)))?;
                    }
                }
            }
            if promised.is_some_and(|p| p != bytes) {
                return Err(Attempt::unhealthy(format!(
                    "body cut short: {bytes} of {} bytes",
                    promised.unwrap_or(0)
                )));
            }
            let got = hex::encode(hash.finalize());
            if let Some(expected) = md5
                && !expected.eq_ignore_ascii_case(&got)
            {
                return Err(Attempt::Retry {
                    unhealthy: false,
                    rate_limited: false,
                    crowded: false,
                    after: None,
                    why: format!("md5 {got} does not match Drive's {expected}"),
                });
            }
            file.flush().map_err(|e| Attempt::Stop(NetError::Io(e)))?;
            Ok(Downloaded {
                file,
                bytes,
                md5: got,
            })
        })
        .await
    }

    /// The retry loop every call goes through.
    async fn retrying<T>(
        &self,
        call: &Call<'_>,
        timeout: Option<Duration>,
        read: impl AsyncFn(reqwest::Response) -> Result<T, Attempt>,
    ) -> Result<T, NetError> {
        let host = host_of(&call.url);
        if call.bearer.is_some() && !self.trusted.contains(&host) && !is_google(&host) {
            return Err(NetError::Untrusted { host });
        }
        let (policy, pacing) = match call.api {
            Api::Token => (self.settings.retry.token, None),
            Api::Drive | Api::YouTube => (self.settings.retry.drive, None),
            Api::Gmail => (self.settings.retry.drive, Some(GMAIL_PACING)),
            Api::HubSpot => (self.settings.retry.drive, Some(HUBSPOT_PACING)),
            Api::HubSpotSearch => (self.settings.retry.drive, Some(HUBSPOT_SEARCH_PACING)),
        };
        // Gmail's quota is its own, even where it shares a host (a proxy, the fake), as is
        // HubSpot search's.
        let paced = match call.api {
            Api::Gmail => format!("{host} gmail"),
            Api::HubSpotSearch => format!("{host} search"),
            _ => host.clone(),
        };
        let mut schedule = backon::ExponentialBuilder::default()
            .with_min_delay(policy.base_delay)
            .with_max_delay(policy.max_delay)
            .with_factor(2.0)
            .with_max_times(policy.attempts.saturating_sub(1) as usize)
            .build();
        let started = Instant::now();
        let shown = redacted(&call.url);
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let on_record = match self.breaker.check(&host)? {
                Ok(on_record) => on_record,
                Err(open) => {
                    return Err(NetError::CircuitOpen {
                        host,
                        until: open.until,
                    });
                }
            };
            let wait = self.pacer.reserve(&paced, call.cost, pacing);
            if !wait.is_zero() {
                tokio::time::sleep(wait).await;
            }
            let in_flight = self.pacer.admit(&paced).await;
            let sent = Instant::now();
            if call.api != Api::Token {
                self.calls
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            let outcome = match self.request(call, timeout).send().await {
                Err(e) => Err(Attempt::unhealthy(transport(&e))),
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    tracing::debug!(
                        "{} {shown} -> {status} ({} ms)",
                        call.method,
                        sent.elapsed().as_millis()
                    );
                    if resp.status().is_success() {
                        read(resp).await
                    } else {
                        Err(refusal(resp).await)
                    }
                }
            };
            drop(in_flight);
            let (unhealthy, rate_limited, crowded, after, why) = match outcome {
                Ok(value) => {
                    if on_record {
                        self.breaker.succeeded(&host)?;
                    }
                    self.pacer.speed_up(&paced);
                    return Ok(value);
                }
                Err(Attempt::Stop(e)) => {
                    // An answer, even a refusal, means the host is up.
                    if on_record {
                        self.breaker.succeeded(&host)?;
                    }
                    return Err(e);
                }
                Err(Attempt::Retry {
                    unhealthy,
                    rate_limited,
                    crowded,
                    after,
                    why,
                }) => (unhealthy, rate_limited, crowded, after, why),
            };
            if unhealthy && let Some(until) = self.breaker.failed(&host)? {
                tracing::info!("{host} keeps failing ({why}); not calling it again until {until}");
                return Err(NetError::CircuitOpen { host, until });
            }
            if crowded {
                self.pacer.crowded(&paced);
            } else if rate_limited {
                self.pacer.slow_down(&paced);
            }
            let give_up = |why: String| NetError::Unavailable {
                host: host.clone(),
                attempts: attempt,
                waited: started.elapsed(),
                why,
            };
            let Some(ceiling) = schedule.next() else {
                return Err(give_up(why));
            };
            // Full jitter: anywhere below the ceiling, unless Google named a time.
            let delay = ceiling
                .mul_f64(fastrand::f64())
                .max(after.unwrap_or(Duration::ZERO));
            if started.elapsed() + delay > policy.budget {
                return Err(give_up(match after {
                    Some(a) => format!(
                        "{why}; Google asked to wait {} s, past the retry budget",
                        a.as_secs()
                    ),
                    None => why,
                }));
            }
            tracing::info!(
                "retrying {} {shown} in {:.1} s: {why} (try {} of {})",
                call.method,
                delay.as_secs_f64(),
                attempt + 1,
                policy.attempts
            );
            tokio::time::sleep(delay).await;
        }
    }

    fn request(&self, call: &Call<'_>, timeout: Option<Duration>) -> reqwest::RequestBuilder {
        let mut req = self.http.request(call.method.clone(), call.url.clone());
        if let Some(token) = call.bearer {
            req = req.bearer_auth(token.expose());
        }
        for (name, value) in &call.headers {
            req = req.header(name.as_str(), value);
        }
        match &call.body {
            Body::None => {}
            Body::Form(form) => req = req.form(form),
            Body::Raw(bytes) => req = req.body(bytes.clone()),
        }
        if let Some(t) = timeout {
            req = req.timeout(t);
        }
        req
    }
}

/// Reads a refusal and decides what it means.
async fn refusal(resp: reqwest::Response) -> Attempt {
    let status = resp.status().as_u16();
    let after = resp
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| classify::retry_after(v, jiff::Timestamp::now()));
    let body = match resp.bytes().await {
        Ok(b) => b,
        Err(e) => return Attempt::unhealthy(transport(&e)),
    };
    match classify::classify(status, &body) {
        Verdict::Ok => Attempt::Stop(NetError::BadAnswer {
            host: String::new(),
            why: format!("status {status}"),
        }),
        Verdict::Unhealthy { why } => Attempt::Retry {
            unhealthy: true,
            rate_limited: false,
            crowded: false,
            after,
            why,
        },
        Verdict::RateLimited { why, crowded } => Attempt::Retry {
            unhealthy: false,
            rate_limited: true,
            crowded,
            after,
            why,
        },
        Verdict::Unauthorized => Attempt::Stop(NetError::Unauthorized),
        Verdict::QuotaExhausted { reason, message } => {
            Attempt::Stop(NetError::Quota { reason, message })
        }
        Verdict::Fatal {
            status,
            reason,
            message,
        } => Attempt::Stop(NetError::Refused {
            status,
            reason,
            message,
        }),
    }
}

/// A transport failure in a few words, without the URL.
fn transport(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else if e.is_body() || e.is_decode() {
        "body cut short".into()
    } else {
        "connection dropped".into()
    }
}

/// One plain GET of each URL at once, no retries, no credentials, no redirects: whether each
/// host answers at all (any HTTP status counts) within `within`. For `voicetrain doctor`.
pub async fn probe(urls: &[&Url], within: Duration) -> Vec<Result<u16, String>> {
    install_tls_provider();
    let http = match reqwest::Client::builder()
        .user_agent(concat!("voicetrain/", env!("CARGO_PKG_VERSION")))
        .timeout(within)
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(http) => http,
        Err(e) => return urls.iter().map(|_| Err(e.to_string())).collect(),
    };
    futures::future::join_all(urls.iter().map(|url| async {
        match http.get((*url).clone()).send().await {
            Ok(resp) => Ok(resp.status().as_u16()),
            Err(e) => Err(transport(&e)),
        }
    }))
    .await
}

/// The URL as logs show it: values of parameters that could hold a secret are hidden.
pub fn redacted(url: &Url) -> String {
    const SECRET: &[&str] = &[
        "token",
        "access_token",
        "refresh_token",
        "code",
        "client_secret",
        "key",
    ];
    if url.query().is_none() {
        return url.to_string();
    }
    let mut shown = url.clone();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if SECRET.contains(&k.as_ref()) {
                "(redacted)".into()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    shown.query_pairs_mut().clear().extend_pairs(pairs);
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn google_hosts_and_only_them() {
        assert!(is_google("www.googleapis.com"));
        assert!(is_google("oauth2.googleapis.com:443"));
        assert!(is_google("docs.google.com"));
        assert!(!is_google("googleapis.com.evil.example"));
        assert!(!is_google("evilgoogle.com"));
    }

    #[test]
    fn secrets_in_query_strings_are_hidden() {
        let url = Url::parse("https://oauth2.googleapis.com/revoke?token=ya29.secret&x=1").unwrap();
        let shown = redacted(&url);
        assert!(
            !shown.contains("ya29.secret") && shown.contains("x=1"),
            "{shown}"
        );
    }
}
