//! The `breakers` table: one circuit breaker per host, shared by every process that uses the
//! store. Each change is one statement or one immediate transaction, so two processes never
//! lose each other's counts.

use rusqlite::{Connection, OptionalExtension as _, TransactionBehavior, params};

use super::StoreError;

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

/// The breaker for `host`; an open one whose time is up turns half-open.
pub fn check(conn: &Connection, host: &str, now: i64) -> Result<Breaker, StoreError> {
    let row = conn
        .query_row(
            "SELECT state, failures, open_until FROM breakers WHERE host = ?1",
            [host],
            |r| {
                Ok((
                    r.get::<_, String>("state")?,
                    r.get::<_, u32>("failures")?,
                    r.get::<_, i64>("open_until")?,
                ))
            },
        )
        .optional()?;
    let Some((state, failures, open_until)) = row else {
        return Ok(Breaker::CLOSED);
    };
    let state = match state.as_str() {
        "open" if now < open_until => State::Open { open_until },
        "open" => {
            conn.execute(
                "UPDATE breakers SET state = 'half_open', updated_at = ?2 WHERE host = ?1 AND state = 'open'",
                params![host, now],
            )?;
            State::HalfOpen
        }
        "half_open" => State::HalfOpen,
        _ => State::Closed,
    };
    Ok(Breaker { state, failures })
}

/// An unhealthy failure: count it, and open the breaker at `threshold` failures in a row, or
/// at once when it was half-open (the probe failed).
pub fn failed(
    conn: &Connection,
    host: &str,
    threshold: u32,
    recovery_ms: i64,
    now: i64,
) -> Result<Breaker, StoreError> {
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let (state, failures, open_until): (String, u32, i64) = tx
        .query_row(
            "SELECT state, failures, open_until FROM breakers WHERE host = ?1",
            [host],
            |r| Ok((r.get("state")?, r.get("failures")?, r.get("open_until")?)),
        )
        .optional()?
        .unwrap_or(("closed".into(), 0, 0));
    let failures = failures.saturating_add(1);
    let breaker = if state == "half_open" || failures >= threshold {
        Breaker {
            state: State::Open {
                open_until: now + recovery_ms,
            },
            failures,
        }
    } else if state == "open" {
        // Another process opened it meanwhile: leave its deadline alone.
        tx.commit()?;
        return Ok(Breaker {
            state: State::Open { open_until },
            failures,
        });
    } else {
        Breaker {
            state: State::Closed,
            failures,
        }
    };
    let (name, open_until) = match breaker.state {
        State::Open { open_until } => ("open", open_until),
        _ => ("closed", 0),
    };
    tx.execute(
        "INSERT INTO breakers (host, state, failures, open_until, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (host) DO UPDATE SET state = excluded.state, failures = excluded.failures,
             open_until = excluded.open_until, updated_at = excluded.updated_at",
        params![host, name, failures, open_until, now],
    )?;
    tx.commit()?;
    Ok(breaker)
}

/// A healthy answer closes the breaker and forgets past failures.
pub fn succeeded(conn: &Connection, host: &str, now: i64) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE breakers SET state = 'closed', failures = 0, open_until = 0, updated_at = ?2
         WHERE host = ?1",
        params![host, now],
    )?;
    Ok(())
}
