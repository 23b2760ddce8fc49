//! Accounts and the life of their tokens, for every provider alike: which account a command
//! acts for, and a fresh access token for it. A refresh happens under an exclusive lock (on
//! `<data dir>/refresh.lock`, or in the database of a store several hosts share) and re-reads
//! the token once it holds the lock, so two processes never refresh the same token at once:
//! the second reuses the first's result, and with rotating refresh tokens nobody ever sends a
//! dead one. A refresh answered `invalid_grant` marks the token revoked. A provider's API
//! client is handed a [`TokenSource`] from here; it never calls up into this layer. Nothing
//! here prints or prompts.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use futures::future::LocalBoxFuture;

use crate::net::NetError;
use crate::provider::{self, Provider, Scope, Tokens};
use crate::secret::{KeyError, Secret, Vault};
use crate::store::tokens::{self, TokenRow};
use crate::store::{self, SharedLock, Store, StoreError};

/// An access token is renewed when it expires within this: long enough for any one call.
pub const MARGIN: Duration = Duration::from_secs(5 * 60);

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("no {} account is logged in", provider::label(provider))]
    NoAccount { provider: String },
    #[error("no account {account} is logged in to {}", provider::label(provider))]
    UnknownAccount { provider: String, account: String },
    #[error("no account has a usable login (each is revoked, or expired without a refresh token)")]
    NoUsableAccount,
    #[error(
        "the {} login for {account} is no longer valid: {reason}",
        provider::label(provider)
    )]
    Revoked {
        provider: String,
        account: String,
        reason: String,
    },
    #[error("{account} has no refresh token, so its access cannot be renewed")]
    NoRefreshToken { provider: String, account: String },
    #[error("login failed: {why}")]
    Login { provider: String, why: String },
    #[error("{account} has not granted voicetrain {} access ({})", scope.alias, scope.grants[0])]
    MissingScope {
        account: String,
        scope: &'static Scope,
    },
    #[error("cannot lock {path}")]
    Lock {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Net(#[from] NetError),
}

impl AccountError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            AccountError::NoAccount { provider } => {
                Some(format!("run `voicetrain auth {provider}` to log in"))
            }
            AccountError::NoUsableAccount => {
                Some("run `voicetrain auth google` to log in again".into())
            }
            AccountError::UnknownAccount { .. } => {
                Some("`voicetrain auth status` lists the accounts".into())
            }
            AccountError::Revoked {
                provider, account, ..
            }
            | AccountError::NoRefreshToken { provider, account } => Some(format!(
                "run `voicetrain auth {provider}` again and log in as {account}"
            )),
            AccountError::Login { provider, .. } => {
                Some(format!("run `voicetrain auth {provider}` to try again"))
            }
            AccountError::MissingScope { scope, .. } => Some(scope.remedy()),
            AccountError::Store(e) => e.hint(),
            AccountError::Key(e) => e.hint(),
            _ => None,
        }
    }

    /// Whether a later run may well succeed with nothing changed (the provider stayed
    /// unavailable).
    pub fn is_temporary(&self) -> bool {
        matches!(self, AccountError::Net(e) if e.is_temporary())
    }

    /// Whether the person must log in (again, or granting more) for it to succeed.
    pub fn needs_login(&self) -> bool {
        matches!(
            self,
            AccountError::NoAccount { .. }
                | AccountError::Revoked { .. }
                | AccountError::NoRefreshToken { .. }
                | AccountError::MissingScope { .. }
        ) || matches!(self, AccountError::Net(e) if e.reason() == Some("invalid_grant"))
    }
}

/// Which account a command acts for.
#[derive(Debug, PartialEq, Eq)]
pub enum Choice {
    One(String),
    /// Several are logged in and none is the default: the person must pick (or pass a flag).
    Ask(Vec<String>),
}

/// Which account of `provider` a command acts for: `flag` (`--account`), else the default,
/// else the only one; with several and no default, [`Choice::Ask`].
pub fn choose(store: &Store, provider: &str, flag: Option<&str>) -> Result<Choice, AccountError> {
    let rows = tokens::all(store.db(), Some(provider))?;
    if let Some(wanted) = flag {
        return rows
            .iter()
            .find(|r| r.account.eq_ignore_ascii_case(wanted))
            .map(|r| Choice::One(r.account.clone()))
            .ok_or_else(|| AccountError::UnknownAccount {
                provider: provider.to_string(),
                account: wanted.to_string(),
            });
    }
    if let Some(default) = rows.iter().find(|r| r.is_default) {
        return Ok(Choice::One(default.account.clone()));
    }
    match rows.as_slice() {
        [] => Err(AccountError::NoAccount {
            provider: provider.to_string(),
        }),
        [one] => Ok(Choice::One(one.account.clone())),
        many => Ok(Choice::Ask(
            many.iter().map(|r| r.account.clone()).collect(),
        )),
    }
}

/// Whether a token expires within `within` (or says nothing of when it expires, but can be
/// refreshed). A static token, with neither an expiry nor a refresh token, never expires.
pub fn expires_within(row: &TokenRow, within: Duration) -> bool {
    let Some(at) = row
        .expires_at
        .as_deref()
        .and_then(|t| t.parse::<jiff::Timestamp>().ok())
    else {
        return row.refresh_token.is_some();
    };
    let within = jiff::SignedDuration::try_from(within).unwrap_or(jiff::SignedDuration::MAX);
    at.duration_since(jiff::Timestamp::now()) <= within
}

/// Whether a login can still be used: not revoked, and either valid or renewable.
pub fn is_usable(row: &TokenRow) -> bool {
    !row.revoked && (row.refresh_token.is_some() || !expires_within(row, Duration::ZERO))
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
#[derive(Clone, Copy)]
pub struct Session<'a> {
    pub store: &'a Store,
    pub vault: &'a Vault,
    pub data_dir: &'a Path,
}

impl<'a> Session<'a> {
    /// The account's access token if it is good for longer than `within`; `None` when it
    /// needs a refresh. Touches no network, so the common case costs no HTTP client.
    pub fn cached(
        &self,
        provider: &str,
        account: &str,
        within: Duration,
    ) -> Result<Option<Fresh>, AccountError> {
        let row = self.row(provider, account)?;
        if expires_within(&row, within) {
            return Ok(None);
        }
        self.unrefreshed(&row).map(Some)
    }

    /// Refreshes the account's access token through `provider` if it expires within `within`
    /// (or always, with `force`), unless another process did so while this one waited.
    pub async fn refresh(
        &self,
        provider: &dyn Provider,
        account: &str,
        within: Duration,
        force: bool,
    ) -> Result<Fresh, AccountError> {
        let name = provider.name();
        let seen = self.row(name, account)?;
        if !force && !expires_within(&seen, within) {
            return self.unrefreshed(&seen);
        }
        // One refresh at a time: across every host of a shared store, by a lock in it;
        // across the processes of this host, by a lock file.
        let (_shared, _file) = match self.store.is_shared() {
            true => {
                let lock = SharedLock::Refresh {
                    provider: name,
                    account,
                };
                (self.store.lock(lock, true)?, None)
            }
            false => {
                let file = RefreshLock::acquire(&self.data_dir.join("refresh.lock"))?;
                (None, Some(file))
            }
        };
        let row = self.row(name, account)?;
        // Another process refreshed while this one waited for the lock: use its result.
        let refreshed_meanwhile = row.last_refreshed_at != seen.last_refreshed_at;
        if !force && (refreshed_meanwhile || !expires_within(&row, within)) {
            return self.unrefreshed(&row);
        }
        let Some(refresh_token) = &row.refresh_token else {
            return Err(AccountError::NoRefreshToken {
                provider: name.to_string(),
                account: account.to_string(),
            });
        };
        let refresh_token = self.vault.decrypt(refresh_token)?;
        let now = store::now();
        match provider.refresh(&refresh_token).await {
            Ok(t) => self.save(name, account, &t, &now),
            Err(NetError::Refused {
                reason, message, ..
            }) if reason == "invalid_grant" => {
                let why = format!("invalid_grant: {message}");
                self.store.write(|tx| -> Result<(), StoreError> {
                    tokens::event(tx, name, account, "refresh_failed", Some(&why), &now)?;
                    tokens::mark_revoked(tx, name, account, &why, &now)
                })?;
                Err(AccountError::Revoked {
                    provider: name.to_string(),
                    account: account.to_string(),
                    reason: why,
                })
            }
            Err(e) => {
                let why = e.to_string();
                self.store.write(|tx| {
                    tokens::event(tx, name, account, "refresh_failed", Some(&why), &now)
                })?;
                Err(e.into())
            }
        }
    }

    /// The account's token for a client that needs `scopes`: each one checked, and the token
    /// refreshed first if it expires within [`MARGIN`].
    pub async fn token_source(
        &self,
        provider: &'a dyn Provider,
        account: &str,
        scopes: &[&'static Scope],
    ) -> Result<AccountToken<'a>, AccountError> {
        let row = self.row(provider.name(), account)?;
        // A static token's scopes are not known here (none are stored): its provider says
        // what it lacks.
        if let Some(scope) = (scopes.iter())
            .filter(|_| !row.scopes.is_empty())
            .find(|s| !s.granted_by(&row.scopes))
        {
            return Err(AccountError::MissingScope {
                account: account.to_string(),
                scope,
            });
        }
        // The row just read says whether it is fresh; only a refresh reads it again (under
        // its lock).
        let fresh = if expires_within(&row, MARGIN) {
            self.refresh(provider, account, MARGIN, false).await?
        } else {
            self.unrefreshed(&row)?
        };
        Ok(AccountToken {
            session: *self,
            provider,
            account: account.to_string(),
            token: Mutex::new(fresh.access_token),
        })
    }

    fn row(&self, provider: &str, account: &str) -> Result<TokenRow, AccountError> {
        let row = tokens::get(self.store.db(), provider, account)?.ok_or_else(|| {
            AccountError::UnknownAccount {
                provider: provider.to_string(),
                account: account.to_string(),
            }
        })?;
        if row.revoked {
            return Err(AccountError::Revoked {
                provider: provider.to_string(),
                account: account.to_string(),
                reason: "revoked earlier (see `voicetrain tokens log`)".into(),
            });
        }
        Ok(row)
    }

    fn unrefreshed(&self, row: &TokenRow) -> Result<Fresh, AccountError> {
        Ok(Fresh {
            access_token: self.vault.decrypt(&row.access_token)?,
            expires_at: row.expires_at.clone(),
            refreshed: false,
        })
    }

    /// Stores a refresh's result; a rotated refresh token lands in the same statement.
    fn save(
        &self,
        provider: &str,
        account: &str,
        t: &Tokens,
        now: &str,
    ) -> Result<Fresh, AccountError> {
        let expires_at = expiry(t.expires_in);
        let access = self.vault.encrypt(&t.access_token);
        let refresh = t.refresh_token.as_ref().map(|r| self.vault.encrypt(r));
        self.store.write(|tx| {
            tokens::save_refresh(
                tx,
                provider,
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

/// Where a provider's API client gets its access token: what it is handed instead of
/// reaching up into the account layer.
pub trait TokenSource {
    /// The access token to send now.
    fn current(&self) -> Secret;

    /// A new access token, after the provider refused the current one (a 401).
    fn renew(&self) -> LocalBoxFuture<'_, Result<Secret, AccountError>>;
}

/// One account's token, as [`Session::token_source`] gives it.
pub struct AccountToken<'s> {
    session: Session<'s>,
    provider: &'s dyn Provider,
    account: String,
    token: Mutex<Secret>,
}

impl AccountToken<'_> {
    /// The account (e-mail) the token belongs to.
    pub fn account(&self) -> &str {
        &self.account
    }
}

impl TokenSource for AccountToken<'_> {
    fn current(&self) -> Secret {
        self.token.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn renew(&self) -> LocalBoxFuture<'_, Result<Secret, AccountError>> {
        Box::pin(async move {
            let fresh = self
                .session
                .refresh(self.provider, &self.account, MARGIN, true)
                .await?;
            *self.token.lock().unwrap_or_else(|e| e.into_inner()) = fresh.access_token.clone();
            Ok(fresh.access_token)
        })
    }
}

/// A token not (yet) stored, to try before it is: renewing it fails, saying the provider
/// refused it.
pub struct Fixed {
    pub provider: &'static str,
    pub token: Secret,
}

impl TokenSource for Fixed {
    fn current(&self) -> Secret {
        self.token.clone()
    }

    fn renew(&self) -> LocalBoxFuture<'_, Result<Secret, AccountError>> {
        Box::pin(std::future::ready(Err(AccountError::Login {
            provider: self.provider.to_string(),
            why: format!(
                "{} refused the token",
                crate::provider::label(self.provider)
            ),
        })))
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
    fn acquire(path: &Path) -> Result<RefreshLock, AccountError> {
        let fail = |source| AccountError::Lock {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(fail)?;
        #[cfg(unix)]
        rustix::fs::flock(&file, rustix::fs::FlockOperation::LockExclusive)
            .map_err(|e| fail(e.into()))?;
        Ok(RefreshLock { _file: file })
    }
}
