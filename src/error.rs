//! The one place errors become exit codes and the message a person reads: what failed, and on
//! a second line what to do. Module errors carry the facts (and say themselves whether they
//! are temporary); this decides how they are shown. Only `commands/` and `main.rs` see it.

use std::io;

use crate::account::AccountError;
use crate::config::ConfigError;
use crate::dataset::build::DatasetError;
use crate::dataset::check::CheckError;
use crate::google::GoogleError;
use crate::ingest::IngestError;
use crate::net::NetError;
use crate::output::file::WriteError;
use crate::provider::ApiError;
use crate::secret::{KeyError, VaultError};
use crate::store::StoreError;

/// Exit codes, as cli.md fixes them.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILED: u8 = 1;
    /// A search that found nothing: 1, as grep and rg exit.
    pub const NO_MATCH: u8 = 1;
    pub const USAGE: u8 = 2;
    pub const AUTH: u8 = 3;
    pub const PARTIAL: u8 = 4;
    pub const STORE_OR_KEY: u8 = 5;
    pub const TEMPORARY: u8 = 75;
    /// Stopped by Ctrl-C (128 + SIGINT, as shells report it).
    pub const INTERRUPTED: u8 = 130;
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
    Account(#[from] AccountError),
    #[error(transparent)]
    Google(#[from] GoogleError),
    #[error(transparent)]
    HubSpot(#[from] crate::hubspot::HubSpotError),
    #[error(transparent)]
    Copy(#[from] crate::store::copy::CopyError),
    #[error(transparent)]
    Login(#[from] crate::google::loopback::WaitError),
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Dataset(#[from] DatasetError),
    #[error(transparent)]
    Check(#[from] CheckError),
    #[error("several accounts are logged in ({}) and none is the default", .0.join(", "))]
    WhichAccount(Vec<String>),
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },
    /// A failure of the command's own (exit 1), and what to do about it.
    #[error("{message}")]
    Failed {
        message: String,
        hint: Option<String>,
    },
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(
        "sample {id} holds a line that is the separator, so the export could not be split back into samples"
    )]
    SeparatorInText { id: String },
    #[error("cannot read standard input")]
    Stdin(#[source] io::Error),
    #[error("cannot start the task runtime")]
    Runtime(#[source] io::Error),
    #[error("cannot write output")]
    Output(#[from] io::Error),
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Error {
        match e {
            ApiError::Net(e) => Error::Net(e),
            ApiError::Token(e) => Error::Account(e),
        }
    }
}

/// How a network failure ends a command.
fn net_exit(e: &NetError) -> u8 {
    match e {
        NetError::Store(e) => store_exit(e),
        e if e.is_temporary() => exit::TEMPORARY,
        NetError::Unauthorized => exit::AUTH,
        e if matches!(
            e.reason(),
            Some("invalid_grant" | "insufficientPermissions")
        ) =>
        {
            exit::AUTH
        }
        _ => exit::FAILED,
    }
}

fn store_exit(e: &StoreError) -> u8 {
    if e.is_store_problem() {
        exit::STORE_OR_KEY
    } else if e.is_usage() {
        exit::USAGE
    } else if e.is_temporary() {
        exit::TEMPORARY
    } else {
        exit::FAILED
    }
}

impl Error {
    pub fn usage(message: impl Into<String>, hint: impl Into<Option<String>>) -> Error {
        Error::Usage {
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn failed(message: impl Into<String>, hint: impl Into<Option<String>>) -> Error {
        Error::Failed {
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage { .. } | Error::WhichAccount(_) => exit::USAGE,
            Error::Google(GoogleError::NoClient)
            | Error::HubSpot(crate::hubspot::HubSpotError::NoClient) => exit::USAGE,
            Error::Config(ConfigError::HomeNotDir(_)) => exit::STORE_OR_KEY,
            Error::Config(ConfigError::Tilde(_)) => exit::USAGE,
            Error::Account(AccountError::Store(e)) => store_exit(e),
            Error::Account(AccountError::Key(_)) => exit::STORE_OR_KEY,
            Error::Account(AccountError::Net(e)) => net_exit(e),
            Error::Account(AccountError::Lock { .. }) => exit::FAILED,
            Error::Account(_) | Error::Login(_) => exit::AUTH,
            Error::Copy(
                crate::store::copy::CopyError::Exists(_)
                | crate::store::copy::CopyError::NotEmpty(_),
            ) => exit::USAGE,
            Error::Store(e)
            | Error::Copy(crate::store::copy::CopyError::Store(e))
            | Error::Vault(VaultError::Store(e))
            | Error::Ingest(IngestError::Store(e)) => store_exit(e),
            Error::Key(_) | Error::Vault(_) => exit::STORE_OR_KEY,
            Error::Dataset(DatasetError::Store(e)) => store_exit(e),
            Error::Dataset(DatasetError::NoRoom { .. })
            | Error::Check(CheckError::WhichFormat(_)) => exit::USAGE,
            Error::Net(e) => net_exit(e),
            e if e.is_quiet() => exit::OK,
            _ => exit::FAILED,
        }
    }

    /// A closed pipe (`voicetrain samples list | head`) is not worth a word.
    pub fn is_quiet(&self) -> bool {
        match self {
            Error::Output(e) | Error::Ingest(IngestError::Report(e)) => {
                e.kind() == io::ErrorKind::BrokenPipe
            }
            Error::Write(e) => e.is_broken_pipe(),
            _ => false,
        }
    }

    /// What caused it, outermost first (shown at -v, and by `doctor`).
    pub fn causes(&self) -> impl Iterator<Item = &dyn std::error::Error> {
        std::iter::successors(std::error::Error::source(self), |c| c.source())
    }

    /// The second line: what to do.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::Store(e)
            | Error::Copy(crate::store::copy::CopyError::Store(e))
            | Error::Vault(VaultError::Store(e))
            | Error::Ingest(IngestError::Store(e)) => e.hint(),
            Error::Copy(crate::store::copy::CopyError::NotEmpty(_)) => Some(
                "name a new, empty database (`createdb NAME`); the store already there is left \
                 as it is"
                    .into(),
            ),
            Error::Key(e) | Error::Vault(VaultError::Key(e)) => e.hint(),
            Error::Vault(VaultError::MissingKey { .. }) => Some(
                "set VOICETRAIN_ENCRYPTION_KEY or --key-file to the key this store was made with"
                    .into(),
            ),
            Error::WhichAccount(_) => Some(
                "pass --account EMAIL (or set VOICETRAIN_ACCOUNT), or pick a default with `voicetrain auth switch EMAIL`"
                    .into(),
            ),
            Error::Usage { hint, .. } | Error::Failed { hint, .. } => hint.clone(),
            Error::Config(e) => e.hint(),
            Error::Account(AccountError::Net(e)) | Error::Net(e) => net_hint(e),
            Error::Account(e) => e.hint(),
            Error::Google(e) => e.hint(),
            Error::HubSpot(e) => e.hint(),
            Error::Login(_) => Some("run `voicetrain auth google` to try again".into()),
            Error::Write(e) => e.hint(),
            Error::Dataset(e) => e.hint(),
            Error::Check(CheckError::WhichFormat(_)) => {
                Some("pass --format openai|hf|mlx|alpaca|text".into())
            }
            Error::SeparatorInText { .. } => Some(
                "choose another with --separator TEXT: a line no sample holds (`<|endoftext|>`, say)"
                    .into(),
            ),
            _ => None,
        }
    }
}

/// What to do about a network failure.
fn net_hint(e: &NetError) -> Option<String> {
    match e {
        NetError::Store(e) => e.hint(),
        NetError::Refused { reason, .. } if reason == "invalid_scope" => Some(
            "Google allows only drive.file with --device; drop --device to use the browser login"
                .into(),
        ),
        NetError::Refused { reason, .. } if reason == "insufficientPermissions" => {
            Some("log in again with `voicetrain auth google` and grant access to Drive".into())
        }
        NetError::CircuitOpen { .. } | NetError::Unavailable { .. } => {
            Some("this is temporary; try again later (cron will, on its next run)".into())
        }
        NetError::Quota { reason, .. } if reason.starts_with("RATE_LIMIT") => {
            Some("HubSpot's daily limit resets at midnight in the account's time zone".into())
        }
        NetError::Quota { .. } => {
            Some("Google's daily quotas reset at midnight Pacific time".into())
        }
        _ => None,
    }
}
