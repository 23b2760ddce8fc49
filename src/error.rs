//! The one place errors become exit codes and the message a person reads: what failed, and on
//! a second line what to do. Module errors carry the facts; this decides how they are shown.

use std::io;
use std::path::PathBuf;

use crate::auth::AuthError;
use crate::config::ConfigError;
use crate::google::GoogleError;
use crate::net::NetError;
use crate::secret::{KeyError, VaultError};
use crate::store::StoreError;

/// Exit codes, as cli.md fixes them.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILED: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const AUTH: u8 = 3;
    pub const PARTIAL: u8 = 4;
    pub const STORE_OR_KEY: u8 = 5;
    pub const TEMPORARY: u8 = 75;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Net(#[from] NetError),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Google(#[from] GoogleError),
    #[error(transparent)]
    Login(#[from] crate::google::loopback::WaitError),
    #[error(
        "this store holds encrypted secrets, but no key was found (its key has fingerprint {fingerprint})"
    )]
    MissingKey { fingerprint: String },
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },
    #[error("cannot write {path}")]
    WriteFile { path: PathBuf, source: io::Error },
    #[error("cannot read standard input")]
    Stdin(#[source] io::Error),
    #[error("cannot start the task runtime")]
    Runtime(#[source] io::Error),
    #[error("cannot write output")]
    Output(#[from] io::Error),
}

impl From<VaultError> for Error {
    fn from(e: VaultError) -> Error {
        match e {
            VaultError::Key(e) => Error::Key(e),
            VaultError::Store(e) => Error::Store(e),
            VaultError::MissingKey { fingerprint } => Error::MissingKey { fingerprint },
        }
    }
}

impl Error {
    pub fn usage(message: impl Into<String>, hint: impl Into<Option<String>>) -> Error {
        Error::Usage {
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage { .. } => exit::USAGE,
            Error::Auth(AuthError::WhichAccount(_)) => exit::USAGE,
            Error::Google(GoogleError::NoClient) => exit::USAGE,
            Error::Auth(_) | Error::Login(_) => exit::AUTH,
            Error::Key(_) | Error::MissingKey { .. } => exit::STORE_OR_KEY,
            Error::Store(e) if e.is_store_problem() => exit::STORE_OR_KEY,
            Error::Net(NetError::Store(e)) if e.is_store_problem() => exit::STORE_OR_KEY,
            Error::Net(e) if e.is_temporary() => exit::TEMPORARY,
            Error::Net(NetError::Unauthorized) => exit::AUTH,
            Error::Net(e)
                if matches!(
                    e.reason(),
                    Some("invalid_grant" | "insufficientPermissions")
                ) =>
            {
                exit::AUTH
            }
            Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => exit::OK,
            _ => exit::FAILED,
        }
    }

    /// A closed pipe (`voicetrain samples list | head`) is not worth a word.
    pub fn is_quiet(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }

    /// What caused it, outermost first (shown at -v, and by `doctor`).
    pub fn causes(&self) -> impl Iterator<Item = &dyn std::error::Error> {
        std::iter::successors(std::error::Error::source(self), |c| c.source())
    }

    /// The second line: what to do.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Store(e) => e.hint(),
            Error::Key(e) => e.hint(),
            Error::MissingKey { .. } => Some(
                "set VOICETRAIN_ENCRYPTION_KEY or --key-file to the key this store was made with"
                    .into(),
            ),
            Error::Usage { hint, .. } => hint.clone(),
            Error::Auth(e) => e.hint(),
            Error::Google(e) => e.hint(),
            Error::Login(_) => Some("run `voicetrain auth google` to try again".into()),
            Error::Net(NetError::Refused { reason, .. }) if reason == "invalid_scope" => Some(
                "Google allows only drive.file with --device; drop --device to use the browser login".into(),
            ),
            Error::Net(NetError::Refused { reason, .. }) if reason == "insufficientPermissions" => Some(
                "log in again with `voicetrain auth google` and grant access to Drive".into(),
            ),
            Error::Net(NetError::CircuitOpen { .. } | NetError::Unavailable { .. }) => {
                Some("this is temporary; try again later (cron will, on its next run)".into())
            }
            Error::Net(NetError::Quota { .. }) => {
                Some("Google's daily quotas reset at midnight Pacific time".into())
            }
            _ => None,
        }
    }
}
