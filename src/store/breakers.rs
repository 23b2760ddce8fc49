//! The `breakers` table: one circuit breaker per host, shared by every process that uses the
//! store. Each change is one statement, so two processes (on one host or many, on either
//! engine) never lose each other's counts.

use super::StoreError;
use super::sql::{Row, Sql, values};

/// A breaker's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Closed,
    /// Refusing calls until `open_until` (Unix ms).
    Open {
        open_until: i64,
    },
    /// The recovery time passed: calls go through to probe the host.
    HalfOpen,
}

/// A breaker as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Breaker {
    pub state: State,
    pub failures: u32,
}

impl Breaker {
    pub const CLOSED: Breaker = Breaker {
        state: State::Closed,
        failures: 0,
    };
}

/// A breaker's row: its state's name, failures and deadline.
fn stored(r: &Row<'_>) -> Result<(String, u32, i64), StoreError> {
    Ok((r.get("state")?, r.get("failures")?, r.get("open_until")?))
}

/// The breaker for `host`; an open one whose time is up turns half-open.
pub fn check(db: &dyn Sql, host: &str, now: i64) -> Result<Breaker, StoreError> {
    let row = db.row(
        "SELECT state, failures, open_until FROM breakers WHERE host = ?1",
        values![host],
        stored,
    )?;
    let Some((state, failures, open_until)) = row else {
        return Ok(Breaker::CLOSED);
    };
    let state = match state.as_str() {
        "open" if now < open_until => State::Open { open_until },
        "open" => {
            db.execute(
                "UPDATE breakers SET state = 'half_open', updated_at = ?2 WHERE host = ?1 AND state = 'open'",
                values![host, now],
            )?;
            State::HalfOpen
        }
        "half_open" => State::HalfOpen,
        _ => State::Closed,
    };
    Ok(Breaker { state, failures })
}

/// An unhealthy failure: count it, and open the breaker at `threshold` failures in a row, or
/// at once when it was half-open (the probe failed). One statement, so that processes on any
/// number of hosts never lose each other's counts; a breaker another process opened keeps
/// its deadline.
pub fn failed(
    db: &dyn Sql,
    host: &str,
    threshold: u32,
    recovery_ms: i64,
    now: i64,
) -> Result<Breaker, StoreError> {
    let row = db.row(
        "INSERT INTO breakers (host, state, failures, open_until, updated_at)
         VALUES (?1, CASE WHEN 1 >= CAST(?2 AS BIGINT) THEN 'open' ELSE 'closed' END, 1,
                 CASE WHEN 1 >= CAST(?2 AS BIGINT) THEN CAST(?3 AS BIGINT) ELSE 0 END, ?4)
         ON CONFLICT (host) DO UPDATE SET
             state = CASE
                 WHEN breakers.state IN ('open', 'half_open') OR breakers.failures + 1 >= CAST(?2 AS BIGINT)
                 THEN 'open' ELSE 'closed' END,
             open_until = CASE
                 WHEN breakers.state = 'open' THEN breakers.open_until
                 WHEN breakers.state = 'half_open' OR breakers.failures + 1 >= CAST(?2 AS BIGINT)
                 THEN CAST(?3 AS BIGINT)
                 ELSE 0 END,
             failures = breakers.failures + 1,
             updated_at = ?4
         RETURNING state, failures, open_until",
        values![host, threshold, now + recovery_ms, now],
        stored,
    )?;
    let (state, failures, open_until) = row.unwrap_or(("closed".into(), 0, 0));
    Ok(Breaker {
        state: match state.as_str() {
            "open" => State::Open { open_until },
            _ => State::Closed,
        },
        failures,
    })
}

/// A healthy answer closes the breaker and forgets past failures.
pub fn succeeded(db: &dyn Sql, host: &str, now: i64) -> Result<(), StoreError> {
    db.execute(
        "UPDATE breakers SET state = 'closed', failures = 0, open_until = 0, updated_at = ?2
         WHERE host = ?1",
        values![host, now],
    )?;
    Ok(())
}
