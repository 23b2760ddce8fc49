//! The OS keyring (Secret Service on Linux, Keychain, Credential Manager), used so that it can
//! never hang the program: every call runs on a worker thread and is waited for at most
//! [`TIMEOUT`]; after one timeout the keyring counts as unavailable for the rest of the
//! process, since the stuck call may hold the store's lock. A missing D-Bus session, a locked
//! or absent keyring all mean "no keyring", never an error.

use std::sync::Mutex;
use std::sync::mpsc;
use std::time::Duration;

use super::Secret;

/// The keyring service name, as cli.md fixes it.
pub const SERVICE: &str = "voicetrain";

/// How long one keyring call may take (what `gh` allows).
const TIMEOUT: Duration = Duration::from_secs(3);

/// Access to the OS keyring, or the reason there is none.
#[derive(Debug)]
pub struct Keyring {
    unavailable: Mutex<Option<String>>,
}

impl Keyring {
    /// `enabled` is false for `VOICETRAIN_NO_KEYRING=1` or config `keyring = false`.
    pub fn new(enabled: bool) -> Keyring {
        let reason = if !enabled {
            Some("turned off (VOICETRAIN_NO_KEYRING or config `keyring = false`)".to_string())
        } else if cfg!(target_os = "linux")
            && std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none_or(|v| v.is_empty())
        {
            Some("no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)".to_string())
        } else {
            None
        };
        Keyring {
            unavailable: Mutex::new(reason),
        }
    }

    /// Why the keyring can't be used, if it can't.
    pub fn unavailable_reason(&self) -> Option<String> {
        self.unavailable.lock().ok().and_then(|r| r.clone())
    }

    /// Reads the secret stored for `user`; `Ok(None)` when there is none.
    pub fn get(&self, user: &str) -> Result<Option<Secret>, String> {
        let user = user.to_string();
        self.call(move || {
            let entry = keyring::Entry::new(SERVICE, &user)?;
            match entry.get_password() {
                Ok(p) => Ok(Some(Secret::new(p))),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(e),
            }
        })
    }

    /// Stores `value` for `user`, replacing what was there.
    pub fn set(&self, user: &str, value: &Secret) -> Result<(), String> {
        let user = user.to_string();
        let value = value.clone();
        self.call(move || keyring::Entry::new(SERVICE, &user)?.set_password(value.expose()))
    }

    fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> keyring::Result<T> + Send + 'static,
    ) -> Result<T, String> {
        if let Some(reason) = self.unavailable_reason() {
            return Err(reason);
        }
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("keyring".into())
            .spawn(move || {
                let _ = tx.send(f());
            });
        if let Err(e) = spawned {
            return Err(format!("cannot start keyring thread: {e}"));
        }
        match rx.recv_timeout(TIMEOUT) {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(describe(&e)),
            Err(_) => {
                let reason = format!("did not answer within {} s", TIMEOUT.as_secs());
                if let Ok(mut unavailable) = self.unavailable.lock() {
                    *unavailable = Some(reason.clone());
                }
                Err(reason)
            }
        }
    }
}

fn describe(e: &keyring::Error) -> String {
    match e {
        keyring::Error::NoStorageAccess(_) => "locked or not accessible".into(),
        keyring::Error::NoDefaultStore => "no Secret Service on this session".into(),
        // keyring's messages name the platform failure; they never include the secret.
        other => other.to_string(),
    }
}
