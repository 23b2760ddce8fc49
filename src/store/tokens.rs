//! Accounts, their OAuth tokens and the audit trail (`accounts`, `oauth_tokens`,
//! `token_events`). Secret values arrive here already encrypted and leave encrypted: this
//! module never sees a plaintext secret.

use super::StoreError;
use super::sql::{Row, Sql, values};

/// One token row's ciphertexts.
#[derive(Debug)]
pub struct Ciphertexts {
    pub id: i64,
    pub access_token: String,
    pub refresh_token: Option<String>,
}

/// Every token row's ciphertexts.
pub fn ciphertexts(db: &dyn Sql) -> Result<Vec<Ciphertexts>, StoreError> {
    db.rows(
        "SELECT id, access_token_encrypted, refresh_token_encrypted FROM oauth_tokens ORDER BY id",
        &[],
        |r| {
            Ok(Ciphertexts {
                id: r.get("id")?,
                access_token: r.get("access_token_encrypted")?,
                refresh_token: r.get("refresh_token_encrypted")?,
            })
        },
    )
}

/// Replaces one row's ciphertexts (same plaintexts under another key).
pub fn replace_ciphertexts(db: &dyn Sql, c: &Ciphertexts) -> Result<(), StoreError> {
    db.execute(
        "UPDATE oauth_tokens SET access_token_encrypted = ?2, refresh_token_encrypted = ?3
         WHERE id = ?1",
        values![c.id, &c.access_token, c.refresh_token.as_deref()],
    )?;
    Ok(())
}

/// One account's token row, secrets still encrypted.
#[derive(Debug, Clone)]
pub struct TokenRow {
    pub account: String,
    pub service: String,
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub expires_at: Option<String>,
    pub scopes: Vec<String>,
    pub revoked: bool,
    pub created_at: String,
    pub updated_at: String,
    pub last_refreshed_at: Option<String>,
    pub is_default: bool,
}

const TOKEN_COLUMNS: &str = "t.account, t.service, t.access_token_encrypted, \
    t.refresh_token_encrypted, t.expires_at, t.scopes, t.revoked, t.created_at, t.updated_at, \
    t.last_refreshed_at, coalesce(a.is_default, 0) AS is_default";

fn token_row(r: &Row<'_>) -> Result<TokenRow, StoreError> {
    let scopes: String = r.get("scopes")?;
    Ok(TokenRow {
        account: r.get("account")?,
        service: r.get("service")?,
        access_token: r.get("access_token_encrypted")?,
        refresh_token: r.get("refresh_token_encrypted")?,
        expires_at: r.get("expires_at")?,
        scopes: scopes.split_whitespace().map(str::to_string).collect(),
        revoked: r.get("revoked")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
        last_refreshed_at: r.get("last_refreshed_at")?,
        is_default: r.get("is_default")?,
    })
}

/// Every token, of `service` or of every service, default accounts first.
pub fn all(db: &dyn Sql, service: Option<&str>) -> Result<Vec<TokenRow>, StoreError> {
    db.rows(
        &format!(
            "SELECT {TOKEN_COLUMNS} FROM oauth_tokens t
             LEFT JOIN accounts a ON a.provider = t.service AND a.email = t.account
             WHERE CAST(?1 AS TEXT) IS NULL OR t.service = ?1
             ORDER BY t.service, coalesce(a.is_default, 0) DESC, t.account"
        ),
        values![service],
        token_row,
    )
}

/// The providers that have accounts, in name order.
pub fn providers(db: &dyn Sql) -> Result<Vec<String>, StoreError> {
    db.rows(
        "SELECT DISTINCT service FROM oauth_tokens ORDER BY service",
        &[],
        |r| r.get("service"),
    )
}

pub fn get(db: &dyn Sql, service: &str, account: &str) -> Result<Option<TokenRow>, StoreError> {
    db.row(
        &format!(
            "SELECT {TOKEN_COLUMNS} FROM oauth_tokens t
             LEFT JOIN accounts a ON a.provider = t.service AND a.email = t.account
             WHERE t.service = ?1 AND t.account = ?2"
        ),
        values![service, account],
        token_row,
    )
}

/// New tokens from a login: the account is created (default if it is the first), the token
/// row replaced; a login that brought no refresh token keeps the one stored.
pub struct Login<'a> {
    pub service: &'a str,
    pub account: &'a str,
    pub access_token: &'a str,
    pub refresh_token: Option<&'a str>,
    pub expires_at: Option<&'a str>,
    pub scopes: &'a str,
}

pub fn save_login(db: &dyn Sql, l: &Login<'_>, now: &str) -> Result<(), StoreError> {
    let first: bool = db.value(
        "SELECT NOT EXISTS (SELECT 1 FROM accounts WHERE provider = ?1 AND is_default = 1)
             AS value",
        values![l.service],
    )?;
    db.execute(
        "INSERT INTO accounts (provider, email, is_default, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (provider, email) DO NOTHING",
        values![l.service, l.account, first, now],
    )?;
    db.execute(
        "INSERT INTO oauth_tokens (account, service, access_token_encrypted,
             refresh_token_encrypted, expires_at, token_type, scopes, revoked, created_at,
             updated_at, last_refreshed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'Bearer', ?6, 0, ?7, ?7, NULL)
         ON CONFLICT (account, service) DO UPDATE SET
             access_token_encrypted = excluded.access_token_encrypted,
             refresh_token_encrypted = coalesce(excluded.refresh_token_encrypted, oauth_tokens.refresh_token_encrypted),
             expires_at = excluded.expires_at, scopes = excluded.scopes, revoked = 0,
             updated_at = excluded.updated_at",
        values![l.account, l.service, l.access_token, l.refresh_token, l.expires_at, l.scopes, now],
    )?;
    event(db, l.service, l.account, "stored", None, now)
}

/// A refresh's result; a rotated refresh token replaces the old one in the same statement.
pub fn save_refresh(
    db: &dyn Sql,
    service: &str,
    account: &str,
    access_token: &str,
    refresh_token: Option<&str>,
    expires_at: Option<&str>,
    now: &str,
) -> Result<(), StoreError> {
    db.execute(
        "UPDATE oauth_tokens SET access_token_encrypted = ?3,
             refresh_token_encrypted = coalesce(?4, refresh_token_encrypted),
             expires_at = ?5, updated_at = ?6, last_refreshed_at = ?6
         WHERE service = ?1 AND account = ?2",
        values![
            service,
            account,
            access_token,
            refresh_token,
            expires_at,
            now
        ],
    )?;
    event(db, service, account, "refreshed", None, now)
}

pub fn mark_revoked(
    db: &dyn Sql,
    service: &str,
    account: &str,
    reason: &str,
    now: &str,
) -> Result<(), StoreError> {
    db.execute(
        "UPDATE oauth_tokens SET revoked = 1, updated_at = ?3 WHERE service = ?1 AND account = ?2",
        values![service, account, now],
    )?;
    event(db, service, account, "revoked", Some(reason), now)
}

/// Forgets an account and its tokens; another account becomes the default if needed.
pub fn remove(db: &dyn Sql, service: &str, account: &str, now: &str) -> Result<(), StoreError> {
    db.execute(
        "DELETE FROM oauth_tokens WHERE service = ?1 AND account = ?2",
        values![service, account],
    )?;
    db.execute(
        "DELETE FROM accounts WHERE provider = ?1 AND email = ?2",
        values![service, account],
    )?;
    db.execute(
        "UPDATE accounts SET is_default = 1 WHERE provider = ?1 AND email =
             (SELECT email FROM accounts WHERE provider = ?1 ORDER BY created_at, email LIMIT 1)
         AND NOT EXISTS (SELECT 1 FROM accounts WHERE provider = ?1 AND is_default = 1)",
        values![service],
    )?;
    event(db, service, account, "revoked", Some("logged out"), now)
}

/// Makes `account` the default; false when there is no such account.
pub fn set_default(db: &dyn Sql, service: &str, account: &str) -> Result<bool, StoreError> {
    let exists: bool = db.value(
        "SELECT EXISTS (SELECT 1 FROM accounts WHERE provider = ?1 AND email = ?2) AS value",
        values![service, account],
    )?;
    if exists {
        db.execute(
            "UPDATE accounts SET is_default = CASE WHEN email = ?2 THEN 1 ELSE 0 END
             WHERE provider = ?1",
            values![service, account],
        )?;
    }
    Ok(exists)
}

/// Adds a line to the audit trail.
pub fn event(
    db: &dyn Sql,
    service: &str,
    account: &str,
    event: &str,
    reason: Option<&str>,
    now: &str,
) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO token_events (at, account, service, event, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
        values![now, account, service, event, reason],
    )?;
    Ok(())
}

/// One line of the audit trail.
#[derive(Debug)]
pub struct Event {
    pub at: String,
    pub account: String,
    pub service: String,
    pub event: String,
    pub reason: Option<String>,
}

/// The newest `limit` events, oldest first.
pub fn events(db: &dyn Sql, limit: u64) -> Result<Vec<Event>, StoreError> {
    db.rows(
        "SELECT * FROM (SELECT at, account, service, event, reason, id FROM token_events
             ORDER BY id DESC LIMIT ?1) AS newest ORDER BY id",
        values![i64::try_from(limit).unwrap_or(i64::MAX)],
        |r| {
            Ok(Event {
                at: r.get("at")?,
                account: r.get("account")?,
                service: r.get("service")?,
                event: r.get("event")?,
                reason: r.get("reason")?,
            })
        },
    )
}
