//! Secrets: the type that holds them, the Fernet key that encrypts them, where that key comes
//! from, and how it is bound to a store. Nothing in here prints or logs a secret; every secret
//! value lives in [`Secret`], whose `Debug` and `Display` say `(redacted)`.

mod key;
mod keyring;
mod source;
mod vault;

use std::fmt;
use std::path::PathBuf;

use zeroize::Zeroizing;

pub use self::key::Key;
pub use self::keyring::Keyring;
pub use self::source::{KeySource, KeySources};
pub use self::vault::{KeyReport, Rotated, Vault, VaultError};

/// A secret string: zeroed when dropped, never shown by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: String) -> Secret {
        Secret(Zeroizing::new(value))
    }

    /// The secret itself. Call sites are few and each one is a place a secret leaves.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(redacted)")
    }
}

/// What can go wrong with the key. All of these exit 5.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "the key from {from} is not a valid key (expected 32 bytes in url-safe base64, as Fernet.generate_key() makes)"
    )]
    Malformed { from: KeySource },
    #[error("key file {0} is not a file")]
    NotAFile(PathBuf),
    #[error("key file {path} is readable by other users (mode {mode:o})")]
    UnsafePermissions { path: PathBuf, mode: u32 },
    #[error("cannot read key file {path}")]
    ReadFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write key file {path}")]
    WriteFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("this store was encrypted with a different key; key taken from {from}")]
    WrongKey { from: KeySource },
    #[error("a stored secret does not decrypt with the key from {from}; the store may be damaged")]
    Undecryptable { from: KeySource },
    #[error("cannot save the key in the keyring: {message}")]
    KeyringWrite { message: String },
}

impl KeyError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            KeyError::Malformed { .. } => Some(
                "generate one with `python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`, or unset it to let voicetrain make one".into(),
            ),
            KeyError::NotAFile(_) => {
                Some("point --key-file (or VOICETRAIN_KEY_FILE, config key_file) at a file".into())
            }
            KeyError::UnsafePermissions { path, .. } => {
                Some(format!("run `chmod 600 {}`", path.display()))
            }
            KeyError::WrongKey { .. } => Some(
                "use the key this store was made with (`voicetrain key status` shows both fingerprints)".into(),
            ),
            _ => None,
        }
    }
}
