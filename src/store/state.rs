//! What a kind of source remembers between runs for an account (`source_state`): where a
//! feed was read to. Read whole before a run expands its sources; written after a run that
//! ended with nothing failed.

use std::collections::HashMap;

use super::StoreError;
use super::sql::{Sql, values};

/// `(kind, account, name)` → value.
pub type Remembered = HashMap<(String, String, String), String>;

/// Everything remembered.
pub fn all(db: &dyn Sql) -> Result<Remembered, StoreError> {
    let mut all = Remembered::new();
    db.each(
        "SELECT kind, account, name, value FROM source_state",
        &[],
        &mut |r| {
            let key = (r.get("kind")?, r.get("account")?, r.get("name")?);
            all.insert(key, r.get("value")?);
            Ok(())
        },
    )?;
    Ok(all)
}

/// What is remembered under `name` for `kind` and `account`.
pub fn get(
    db: &dyn Sql,
    kind: &str,
    account: &str,
    name: &str,
) -> Result<Option<String>, StoreError> {
    db.row(
        "SELECT value FROM source_state WHERE kind = ?1 AND account = ?2 AND name = ?3",
        values![kind, account, name],
        |r| r.get("value"),
    )
}

/// Remembers `value` under `name` for `kind` and `account`, replacing what was.
pub fn set(
    db: &dyn Sql,
    kind: &str,
    account: &str,
    name: &str,
    value: &str,
    now: &str,
) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO source_state (kind, account, name, value, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (kind, account, name) DO UPDATE SET value = excluded.value,
             updated_at = excluded.updated_at",
        values![kind, account, name, value, now],
    )?;
    Ok(())
}
