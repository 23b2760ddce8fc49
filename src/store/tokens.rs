//! The `oauth_tokens` table as far as the key needs it: every encrypted value, read and
//! rewritten in place (key rotation). Values arrive here already encrypted; this module never
//! sees a plaintext secret.

use rusqlite::{Connection, params};

use super::StoreError;

/// One token row's ciphertexts.
#[derive(Debug)]
pub struct Ciphertexts {
    pub id: i64,
    pub access_token: String,
    pub refresh_token: Option<String>,
}

/// Every token row's ciphertexts.
pub fn ciphertexts(conn: &Connection) -> Result<Vec<Ciphertexts>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, access_token_encrypted, refresh_token_encrypted FROM oauth_tokens ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Ciphertexts {
            id: r.get(0)?,
            access_token: r.get(1)?,
            refresh_token: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Replaces one row's ciphertexts (same plaintexts under another key).
pub fn replace_ciphertexts(conn: &Connection, c: &Ciphertexts) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE oauth_tokens SET access_token_encrypted = ?2, refresh_token_encrypted = ?3
         WHERE id = ?1",
        params![c.id, c.access_token, c.refresh_token],
    )?;
    Ok(())
}
