//! The circuit breaker, per host, kept in the store so that every process shares it: after
//! `failures` unhealthy answers in a row (5xx, timeouts, drops; never a 404 or a permission
//! error) the host is refused at once for `recovery`, then calls probe it again (half-open);
//! one success closes the circuit, one failure opens it again.

use std::sync::Mutex;

use super::settings;
use crate::store::breakers::{self, State};
use crate::store::sql::Sql;
use crate::store::{Store, StoreError};

pub struct Breaker {
    conn: Mutex<Box<dyn Sql + Send>>,
    settings: settings::Breaker,
}

impl std::fmt::Debug for Breaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Breaker")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// The host is down: calls are refused until `until` (RFC 3339).
#[derive(Debug)]
pub struct Open {
    pub until: String,
}

impl Breaker {
    /// Opens its own connection to `store`, shared by every host that uses it.
    pub fn open(store: &Store, settings: settings::Breaker) -> Result<Breaker, StoreError> {
        Ok(Breaker {
            conn: Mutex::new(store.connect_again()?),
            settings,
        })
    }

    /// Whether a call to `host` may go; also returns whether past failures are on record (so
    /// a success knows whether it has anything to clear).
    pub fn check(&self, host: &str) -> Result<Result<bool, Open>, StoreError> {
        let b = breakers::check(&**self.conn(), host, now_ms())?;
        Ok(match b.state {
            State::Open { open_until } => Err(Open {
                until: rfc3339(open_until),
            }),
            State::HalfOpen => Ok(true),
            State::Closed => Ok(b.failures > 0),
        })
    }

    /// An unhealthy failure; returns the time the circuit opened until, if it did.
    pub fn failed(&self, host: &str) -> Result<Option<String>, StoreError> {
        let recovery = i64::try_from(self.settings.recovery.as_millis()).unwrap_or(i64::MAX);
        let b = breakers::failed(
            &**self.conn(),
            host,
            self.settings.failures.max(1),
            recovery,
            now_ms(),
        )?;
        Ok(match b.state {
            State::Open { open_until } => Some(rfc3339(open_until)),
            _ => None,
        })
    }

    pub fn succeeded(&self, host: &str) -> Result<(), StoreError> {
        breakers::succeeded(&**self.conn(), host, now_ms())
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Box<dyn Sql + Send>> {
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .and_then(|t| jiff::Timestamp::from_second(t.as_second()))
        .map(|t| t.to_string())
        .unwrap_or_default()
}
