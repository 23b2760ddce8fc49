//! The `meta` table: small named facts about the store itself (its key's fingerprint, a key
//! rotation in progress). Functions take a [`Sql`] so they work inside a transaction too.

use super::sql::{Sql, values};
use super::{Store, StoreError};

/// Names of the facts kept in `meta`.
pub mod names {
    /// Fingerprint of the key every secret in the store is encrypted with.
    pub const KEY_FINGERPRINT: &str = "key_fingerprint";
    /// During a rotation: the fingerprint of the key being replaced.
    pub const ROTATION_FROM: &str = "rotation_from";
    /// During a rotation: the new key, encrypted with the old one.
    pub const ROTATION_KEY: &str = "rotation_key";
}

pub fn get(db: &dyn Sql, name: &str) -> Result<Option<String>, StoreError> {
    db.row(
        "SELECT value FROM meta WHERE name = ?1",
        values![name],
        |r| r.get("value"),
    )
}

pub fn set(db: &dyn Sql, name: &str, value: &str) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO meta (name, value) VALUES (?1, ?2)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        values![name, value],
    )?;
    Ok(())
}

pub fn delete(db: &dyn Sql, name: &str) -> Result<(), StoreError> {
    db.execute("DELETE FROM meta WHERE name = ?1", values![name])?;
    Ok(())
}

impl Store {
    pub fn meta(&self, name: &str) -> Result<Option<String>, StoreError> {
        get(self.db(), name)
    }
}
