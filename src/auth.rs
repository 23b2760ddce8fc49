//! Accounts and the life of their tokens: which account a command acts for, and a fresh
//! access token for it. A refresh happens under an exclusive lock on `<data dir>/refresh.lock`
//! and re-reads the token once it holds the lock, so two processes never refresh the same
//! token at once: the second reuses the first's result, and with rotating refresh tokens
//! nobody ever sends a dead one. A refresh answered `invalid_grant` marks the token revoked.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::Error;
use crate::google::SERVICE;
use crate::google::oauth::{Google, Tokens};
use crate::net::NetError;
use crate::output::Output;
use crate::secret::{Secret, Vault};
use crate::store::tokens::{self, TokenRow};
use crate::store::{self, Store};

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("no Google account is logged in")]
    NoAccount,
    #[error("no account {0} is logged in")]
    UnknownAccount(String),
    #[error("no account has a usable login (each is revoked, or expired without a refresh token)")]
    NoUsableAccount,
    #[error("several accounts are logged in ({}) and none is the default", .0.join(", "))]
    WhichAccount(Vec<String>),
    #[error("the Google login for {account} is no longer valid: {reason}")]
    Revoked { account: String, reason: String },
    #[error("{account} has no refresh token, so its access cannot be renewed")]
    NoRefreshToken { account: String },
    #[error("login failed: {0}")]
    Login(String),
    #[error("{account} did not grant {scope}")]
    MissingScope { account: String, scope: String },
}

impl AuthError {
    pub fn hint(&self) -> Option<String> {
        match self {
            AuthError::NoAccount | AuthError::NoUsableAccount => {
                Some("run `voicetrain auth google` to log in".into())
            }
            AuthError::UnknownAccount(_) => Some("`voicetrain auth status` lists the accounts".into()),
            AuthError::WhichAccount(_) => Some(
                "pass --account EMAIL (or set VOICETRAIN_ACCOUNT), or pick a default with `voicetrain auth switch EMAIL`"
                    .into(),
            ),
            AuthError::Revoked { account, .. } | AuthError::NoRefreshToken { account } => Some(format!(
                "run `voicetrain auth google` again and log in as {account}"
            )),
            AuthError::Login(_) => Some("run `voicetrain auth google` to try again".into()),
            AuthError::MissingScope { .. } => Some(
                "run `voicetrain auth google` again and tick every box on Google's consent screen".into(),
            ),
        }
    }
}

/// Which account a command acts for: `--account`/`VOICETRAIN_ACCOUNT`, else the default,
/// else the only one; with several and a terminal, the person picks.
pub fn choose_account(store: &Store, flag: Option<&str>, out: &Output) -> Result<String, Error> {
    let rows = tokens::all(store.conn(), SERVICE)?;
    if let Some(wanted) = flag {
        return rows
            .iter()
            .find(|r| r.account.eq_ignore_ascii_case(wanted))
            .map(|r| r.account.clone())
            .ok_or_else(|| AuthError::UnknownAccount(wanted.to_string()).into());
    }
    if let Some(default) = rows.iter().find(|r| r.is_default) {
        return Ok(default.account.clone());
    }
    match rows.as_slice() {
        [] => Err(AuthError::NoAccount.into()),
        [one] => Ok(one.account.clone()),
        many if out.stdin_is_terminal => {
            let names: Vec<&str> = many.iter().map(|r| r.account.as_str()).collect();
            let chosen = dialoguer::Select::new()
                .with_prompt("Which account?")
                .items(&names)
                .default(0)
                .interact()
                .map_err(|dialoguer::Error::IO(e)| Error::Output(e))?;
            Ok(names[chosen].to_string())
        }
        many => {
            Err(AuthError::WhichAccount(many.iter().map(|r| r.account.clone()).collect()).into())
        }
    }
}

/// Whether a token expires within `within` (or says nothing of when it expires).
pub fn expires_within(row: &TokenRow, within: Duration) -> bool {
    let Some(at) = row
        .expires_at
        .as_deref()
        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
    else {
        return true;
    };
    let within = jiff::SignedDuration::try_from(within).unwrap_or(jiff::SignedDuration::MAX);
    at.duration_since(jiff::Timestamp::now()) <= within
}

/// An access token known to be good for a while.
#[derive(Debug)]
pub struct Fresh {
    pub access_token: Secret,
    pub expires_at: Option<String>,
    /// Whether this process refreshed it (rather than finding it fresh).
    pub refreshed: bool,
}

/// The tokens of one store.
pub struct Session<'a> {
    pub store: &'a Store,
    pub vault: &'a Vault,
    pub data_dir: &'a Path,
}

impl Session<'_> {
    /// The account's access token if it is good for longer than `within`; `None` when it
    /// needs a refresh. Touches no network, so the common case costs no HTTP client.
    pub fn cached(&self, account: &str, within: Duration) -> Result<Option<Fresh>, Error> {
        let row = self.row(account)?;
        if expires_within(&row, within) {
            return Ok(None);
        }
        self.unrefreshed(&row).map(Some)
    }

    /// Refreshes the account's access token through `google` if it expires within `within`
    /// (or always, with `force`), unless another process did so while this one waited.
    pub async fn refresh(
        &self,
        google: &Google<'_>,
        account: &str,
        within: Duration,
        force: bool,
    ) -> Result<Fresh, Error> {
        let seen = self.row(account)?;
        if !force && !expires_within(&seen, within) {
            return self.unrefreshed(&seen);
        }
        let _lock = RefreshLock::acquire(&self.data_dir.join("refresh.lock"))?;
        let row = self.row(account)?;
        // Another process refreshed while this one waited for the lock: use its result.
        let refreshed_meanwhile = row.last_refreshed_at != seen.last_refreshed_at;
        if !force && (refreshed_meanwhile || !expires_within(&row, within)) {
            return self.unrefreshed(&row);
        }
        let Some(refresh_token) = &row.refresh_token else {
            return Err(AuthError::NoRefreshToken {
                account: account.to_string(),
            }
            .into());
        };
        let refresh_token = self.vault.decrypt(refresh_token)?;
        let now = store::now();
        match google.refresh(&refresh_token).await {
            Ok(t) => self.save(account, &t, &now),
            Err(NetError::Refused {
                reason, message, ..
            }) if reason == "invalid_grant" => {
                let why = format!("invalid_grant: {message}");
                self.store.write(|tx| -> Result<(), Error> {
                    tokens::event(tx, SERVICE, account, "refresh_failed", Some(&why), &now)?;
                    tokens::mark_revoked(tx, SERVICE, account, &why, &now)?;
                    Ok(())
                })?;
                Err(AuthError::Revoked {
                    account: account.to_string(),
                    reason: why,
                }
                .into())
            }
            Err(e) => {
                let why = e.to_string();
                self.store.write(|tx| {
                    tokens::event(tx, SERVICE, account, "refresh_failed", Some(&why), &now)
                })?;
                Err(e.into())
            }
        }
    }

    fn row(&self, account: &str) -> Result<TokenRow, Error> {
        let row = tokens::get(self.store.conn(), SERVICE, account)?
            .ok_or_else(|| AuthError::UnknownAccount(account.to_string()))?;
        if row.revoked {
            return Err(AuthError::Revoked {
                account: account.to_string(),
                reason: "revoked earlier (see `voicetrain tokens log`)".into(),
            }
            .into());
        }
        Ok(row)
    }

    fn unrefreshed(&self, row: &TokenRow) -> Result<Fresh, Error> {
        Ok(Fresh {
            access_token: self.vault.decrypt(&row.access_token)?,
            expires_at: row.expires_at.clone(),
            refreshed: false,
        })
    }

    /// Stores a refresh's result; a rotated refresh token lands in the same statement.
    fn save(&self, account: &str, t: &Tokens, now: &str) -> Result<Fresh, Error> {
        let expires_at = expiry(t.expires_in);
        let access = self.vault.encrypt(&t.access_token);
        let refresh = t.refresh_token.as_ref().map(|r| self.vault.encrypt(r));
        self.store.write(|tx| {
            tokens::save_refresh(
                tx,
                SERVICE,
                account,
                &access,
                refresh.as_deref(),
                expires_at.as_deref(),
                now,
            )
        })?;
        Ok(Fresh {
            access_token: t.access_token.clone(),
            expires_at,
            refreshed: true,
        })
    }
}

/// When a token given `expires_in` now runs out, as stored.
pub fn expiry(expires_in: Option<Duration>) -> Option<String> {
    let secs = i64::try_from(expires_in?.as_secs()).ok()?;
    let at = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_secs(secs))
        .ok()?;
    jiff::Timestamp::from_second(at.as_second())
        .ok()
        .map(|t| t.to_string())
}

/// An exclusive advisory lock on a file, released when dropped (or when the process dies).
struct RefreshLock {
    _file: File,
}

impl RefreshLock {
    fn acquire(path: &PathBuf) -> Result<RefreshLock, Error> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|source| Error::WriteFile {
                path: path.clone(),
                source,
            })?;
        #[cfg(unix)]
        rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive).map_err(|e| {
            Error::WriteFile {
                path: path.clone(),
                source: e.into(),
            }
        })?;
        Ok(RefreshLock { _file: file })
    }
}
