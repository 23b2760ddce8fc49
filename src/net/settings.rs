//! The network layer's knobs, as the config file spells them (`[retry.drive]`,
//! `[retry.token]`, `[pacing]`, `[breaker]`, `[timeouts]`), with defaults close to what mature
//! Drive clients use (rclone: 1, 2, 4, 8, 16 s waits, 10 tries; Google: 200 queries/s/user).

use std::time::Duration;

use serde::{Deserialize, Deserializer};

/// How one kind of call is retried.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub attempts: u32,
    /// The first wait's ceiling; each next one doubles, up to `max_delay`. Waits are drawn
    /// uniformly below the ceiling (full jitter).
    #[serde(deserialize_with = "duration")]
    pub base_delay: Duration,
    #[serde(deserialize_with = "duration")]
    pub max_delay: Duration,
    /// No retry starts once this much time has passed since the first try.
    #[serde(deserialize_with = "duration")]
    pub budget: Duration,
}

impl RetryPolicy {
    /// Drive API calls: patient, as a folder ingest can afford to be.
    pub const DRIVE: RetryPolicy = RetryPolicy {
        attempts: 10,
        base_delay: Duration::from_secs(1),
        max_delay: Duration::from_secs(16),
        budget: Duration::from_secs(120),
    };

    /// The token endpoint: fewer, shorter tries, so a cron refresh or a login ends promptly.
    pub const TOKEN: RetryPolicy = RetryPolicy {
        attempts: 5,
        base_delay: Duration::from_secs(1),
        max_delay: Duration::from_secs(8),
        budget: Duration::from_secs(30),
    };
}

/// `[retry]`: one policy for Drive, one for the token endpoint; missing keys keep defaults.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Retry {
    #[serde(deserialize_with = "partial_drive")]
    pub drive: RetryPolicy,
    #[serde(deserialize_with = "partial_token")]
    pub token: RetryPolicy,
}

impl Default for Retry {
    fn default() -> Retry {
        Retry {
            drive: RetryPolicy::DRIVE,
            token: RetryPolicy::TOKEN,
        }
    }
}

/// `[pacing]`: a token bucket per host.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Pacing {
    /// Requests a second, at most (Google's per-user Drive quota is 12,000 a minute).
    pub rate: f64,
    /// Requests that may go at once after a quiet spell.
    pub burst: f64,
}

impl Default for Pacing {
    fn default() -> Pacing {
        Pacing {
            rate: 200.0,
            burst: 100.0,
        }
    }
}

/// `[breaker]`: when a host counts as down, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Breaker {
    /// Consecutive unhealthy failures (5xx, timeouts, drops) that open the circuit. Ten, not
    /// five: with eight calls in flight, a host failing a third of the time (flaky, not down)
    /// gives five failures in a row within a few hundred calls, and the circuit opened on a
    /// folder ingest that would have finished (tests/it/faults.rs); ten in a row at that rate
    /// is about once in 60,000 calls, while a host that is down reaches ten in seconds.
    pub failures: u32,
    /// How long an open circuit refuses calls before one is let through to probe.
    #[serde(deserialize_with = "duration")]
    pub recovery: Duration,
}

impl Default for Breaker {
    fn default() -> Breaker {
        Breaker {
            failures: 10,
            recovery: Duration::from_secs(30),
        }
    }
}

/// `[timeouts]`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Timeouts {
    #[serde(deserialize_with = "duration")]
    pub connect: Duration,
    /// A whole request and its (small) answer.
    #[serde(deserialize_with = "duration")]
    pub request: Duration,
    /// A download may take as long as it likes while bytes keep coming; this long with none
    /// counts as a dead connection.
    #[serde(deserialize_with = "duration")]
    pub idle: Duration,
    /// Extracting one file (its parsers, and OCR of its pages), in the extractor child; it
    /// and what it started are killed after this long.
    #[serde(deserialize_with = "duration")]
    pub extract: Duration,
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(60),
            idle: Duration::from_secs(60),
            extract: Duration::from_secs(120),
        }
    }
}

/// Parses "30s", "2m", "1h 30m", "500ms".
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let d: jiff::SignedDuration = text
        .trim()
        .parse()
        .map_err(|e| format!("`{text}` is not a duration like 30s, 5m or 1h 30m: {e}"))?;
    Duration::try_from(d).map_err(|_| format!("`{text}` is negative"))
}

fn duration<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    let text = String::deserialize(d)?;
    parse_duration(&text).map_err(serde::de::Error::custom)
}

/// A policy table where any key may be left out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartialPolicy {
    attempts: Option<u32>,
    base_delay: Option<String>,
    max_delay: Option<String>,
    budget: Option<String>,
}

fn partial<'de, D: Deserializer<'de>>(d: D, default: RetryPolicy) -> Result<RetryPolicy, D::Error> {
    let p = PartialPolicy::deserialize(d)?;
    let dur = |v: Option<String>, dflt| match v {
        Some(t) => parse_duration(&t).map_err(serde::de::Error::custom),
        None => Ok(dflt),
    };
    let policy = RetryPolicy {
        attempts: p.attempts.unwrap_or(default.attempts),
        base_delay: dur(p.base_delay, default.base_delay)?,
        max_delay: dur(p.max_delay, default.max_delay)?,
        budget: dur(p.budget, default.budget)?,
    };
    if policy.attempts == 0 {
        return Err(serde::de::Error::custom("attempts must be at least 1"));
    }
    Ok(policy)
}

fn partial_drive<'de, D: Deserializer<'de>>(d: D) -> Result<RetryPolicy, D::Error> {
    partial(d, RetryPolicy::DRIVE)
}

fn partial_token<'de, D: Deserializer<'de>>(d: D) -> Result<RetryPolicy, D::Error> {
    partial(d, RetryPolicy::TOKEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_friendly_form() {
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("1h 30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert!(parse_duration("soon").is_err());
    }

    #[test]
    fn partial_tables_keep_defaults() {
        let r: Retry = toml::from_str("[token]\nattempts = 2\n").unwrap();
        assert_eq!(r.token.attempts, 2);
        assert_eq!(r.token.budget, RetryPolicy::TOKEN.budget);
        assert_eq!(r.drive, RetryPolicy::DRIVE);
    }
}
