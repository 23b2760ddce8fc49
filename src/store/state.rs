//! What a kind of source remembers between runs for an account (`source_state`): where a
//! feed was read to. Read whole before a run expands its sources; written after a run that
//! ended with nothing failed.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use super::StoreError;

/// `(kind, account, name)` → value.
pub type Remembered = HashMap<(String, String, String), String>;

/// Everything remembered.
pub fn all(conn: &Connection) -> Result<Remembered, StoreError> {
    let mut stmt = conn.prepare("SELECT kind, account, name, value FROM source_state")?;
    let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// What is remembered under `name` for `kind` and `account`.
pub fn get(
    conn: &Connection,
    kind: &str,
    account: &str,
    name: &str,
) -> Result<Option<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT value FROM source_state WHERE kind = ?1 AND account = ?2 AND name = ?3",
    )?;
    let mut rows = stmt.query(params![kind, account, name])?;
    Ok(match rows.next()? {
        Some(row) => Some(row.get(0)?),
        None => None,
    })
}

/// Remembers `value` under `name` for `kind` and `account`, replacing what was.
pub fn set(
    conn: &Connection,
    kind: &str,
    account: &str,
    name: &str,
    value: &str,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO source_state (kind, account, name, value, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (kind, account, name) DO UPDATE SET value = excluded.value,
             updated_at = excluded.updated_at",
        params![kind, account, name, value, now],
    )?;
    Ok(())
}
