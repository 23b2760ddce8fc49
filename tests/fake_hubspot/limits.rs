//! HubSpot's rate limits (A7), kept per limit key (a private app's token; the OAuth app in
//! the account for every OAuth token): a rolling 10-second window of non-search requests
//! (190 for private apps, 110 for OAuth apps), CRM search's own bucket of `search_per_second`
//! requests in any rolling second (search is exempt from the ten-secondly window), and a daily
//! count that resets at midnight UTC on the fake clock. A request past one gets a 429 with the
//! legacy body (`errorType: RATE_LIMIT`, `policyName` TEN_SECONDLY_ROLLING, SECONDLY or DAILY),
//! carrying `Retry-After` only when the config says so (A7: "429 does not always carry
//! Retry-After"). Every authenticated API answer carries the `X-HubSpot-RateLimit-*` headers:
//! the daily pair always, the ten-secondly trio except on search, the secondly pair on search.
//! Refused requests do not count against any limit.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use serde_json::json;

use super::HubConfig;
use super::errors::correlation_id;
use super::http::{Resp, json as json_resp};
use super::oauth::{Caller, TokenKind};

const TEN_SECONDS: Duration = Duration::from_secs(10);
const ONE_SECOND: Duration = Duration::from_secs(1);
const DAY_MS: i64 = 86_400_000;

#[derive(Default)]
struct Bucket {
    /// Admitted non-search requests in the last 10 s, oldest first.
    window: VecDeque<Instant>,
    /// Admitted search requests in the last second, oldest first.
    search: VecDeque<Instant>,
    /// The fake-clock day `daily` counts.
    day: i64,
    daily: u64,
}

/// Every limit key's usage.
#[derive(Default)]
pub struct Limits {
    buckets: HashMap<String, Bucket>,
}

/// Where a key stands after a request was admitted: what the headers report.
pub struct Usage {
    search: bool,
    daily_max: u64,
    daily_remaining: u64,
    max: u32,
    remaining: u32,
}

/// The ten-secondly limit for a caller's kind of token.
pub fn ten_second_limit(config: &HubConfig, caller: &Caller) -> u32 {
    match caller.kind {
        TokenKind::Static => config.ten_second_limit,
        TokenKind::OAuth => config.ten_second_limit_oauth,
    }
}

/// What became of one request: the usage the headers report, and the 429 (with its policy
/// name) if it was refused.
pub struct Verdict {
    pub usage: Usage,
    pub refused: Option<(&'static str, Resp)>,
}

impl Limits {
    /// Admits one request of `caller` (a search or not) at `now` (`now_ms` on the fake clock),
    /// or refuses it with the 429 HubSpot gives.
    pub fn admit(
        &mut self,
        config: &HubConfig,
        caller: &Caller,
        search: bool,
        now: Instant,
        now_ms: i64,
    ) -> Verdict {
        let key = caller.limit_key();
        let max = ten_second_limit(config, caller);
        let b = self.buckets.entry(key.clone()).or_default();
        let day = now_ms.div_euclid(DAY_MS);
        if b.day != day {
            b.day = day;
            b.daily = 0;
        }
        while b
            .window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= TEN_SECONDS)
        {
            b.window.pop_front();
        }
        while b
            .search
            .front()
            .is_some_and(|t| now.duration_since(*t) >= ONE_SECOND)
        {
            b.search.pop_front();
        }
        let refused = if config.limits {
            refusal(config, caller, b, &key, search, max, now, now_ms, day)
        } else {
            None
        };
        if refused.is_none() {
            b.daily += 1;
            if search {
                b.search.push_back(now);
            } else {
                b.window.push_back(now);
            }
        }
        let (limit, used) = if search {
            (config.search_per_second, b.search.len())
        } else {
            (max, b.window.len())
        };
        Verdict {
            usage: Usage {
                search,
                daily_max: config.daily_limit,
                daily_remaining: config.daily_limit.saturating_sub(b.daily),
                max: limit,
                remaining: (limit as usize).saturating_sub(used) as u32,
            },
            refused,
        }
    }
}

/// The 429 for a request past one of the limits, daily first.
#[allow(clippy::too_many_arguments)]
fn refusal(
    config: &HubConfig,
    caller: &Caller,
    b: &Bucket,
    key: &str,
    search: bool,
    max: u32,
    now: Instant,
    now_ms: i64,
    day: i64,
) -> Option<(&'static str, Resp)> {
    let group = match caller.kind {
        TokenKind::Static => format!("privateapps:{key}"),
        TokenKind::OAuth => format!("publicapi:{key}"),
    };
    let wait = |q: &VecDeque<Instant>, span: Duration| {
        q.front()
            .map(|t| span.saturating_sub(now.duration_since(*t)))
            .unwrap_or(span)
            .as_millis() as i64
    };
    let (policy, message, wait_ms) = if b.daily >= config.daily_limit {
        (
            "DAILY",
            "You have reached your daily limit.",
            (day + 1) * DAY_MS - now_ms,
        )
    } else if search && b.search.len() >= config.search_per_second as usize {
        (
            "SECONDLY",
            "You have reached your secondly limit.",
            wait(&b.search, ONE_SECOND),
        )
    } else if !search && b.window.len() >= max as usize {
        (
            "TEN_SECONDLY_ROLLING",
            "You have reached your ten_secondly_rolling limit.",
            wait(&b.window, TEN_SECONDS),
        )
    } else {
        return None;
    };
    Some((policy, too_many(config, message, policy, &group, wait_ms)))
}

impl Usage {
    /// Adds the `X-HubSpot-RateLimit-*` headers to an answer.
    pub fn stamp(&self, resp: &mut Resp) {
        let mut add = |k: &str, v: String| resp.headers.push((k.to_string(), v));
        add("x-hubspot-ratelimit-daily", self.daily_max.to_string());
        add(
            "x-hubspot-ratelimit-daily-remaining",
            self.daily_remaining.to_string(),
        );
        if self.search {
            add("x-hubspot-ratelimit-secondly", self.max.to_string());
            add(
                "x-hubspot-ratelimit-secondly-remaining",
                self.remaining.to_string(),
            );
        } else {
            add("x-hubspot-ratelimit-interval-milliseconds", "10000".into());
            add("x-hubspot-ratelimit-max", self.max.to_string());
            add("x-hubspot-ratelimit-remaining", self.remaining.to_string());
        }
    }
}

/// The 429: the legacy body, and `Retry-After` (whole seconds, rounded up) if configured.
fn too_many(config: &HubConfig, message: &str, policy: &str, group: &str, wait_ms: i64) -> Resp {
    let mut resp = json_resp(
        429,
        &json!({
            "status": "error",
            "message": message,
            "errorType": "RATE_LIMIT",
            "correlationId": correlation_id(),
            "policyName": policy,
            "groupName": group,
            "requestId": correlation_id(),
        }),
    );
    if config.retry_after {
        let secs = (wait_ms.max(1) + 999) / 1000;
        resp.headers.push(("retry-after".into(), secs.to_string()));
    }
    resp
}

/// A 429 a test injected (`FakeHubSpot::fail_next`): the ten-secondly one.
pub fn injected_429(config: &HubConfig) -> Resp {
    too_many(
        config,
        "You have reached your ten_secondly_rolling limit.",
        "TEN_SECONDLY_ROLLING",
        "injected",
        1000,
    )
}
