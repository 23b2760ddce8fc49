//! A key bound to a store. The store records its key's fingerprint, so a wrong key is refused
//! by name before anything is read or written. Rotation re-encrypts every secret in one
//! transaction that also leaves the new key in the store, encrypted with the old one: if the
//! process dies before the new key is saved where the old one was, the next run with the old
//! key finishes the job instead of locking the user out.

use super::{Key, KeyError, KeySource, KeySources, Secret};
use crate::store::meta::{self, names};
use crate::store::{MaybeStore, Store, StoreError, tokens};

/// A store's key, checked against the store.
#[derive(Debug)]
pub struct Vault {
    key: Key,
    source: KeySource,
}

/// Errors from binding a key to a store.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "this store holds encrypted secrets, but no key was found (its key has fingerprint {fingerprint})"
    )]
    MissingKey { fingerprint: String },
}

/// What `key status` reports.
#[derive(Debug)]
pub struct KeyReport {
    pub source: Option<KeySource>,
    pub fingerprint: Option<String>,
    pub store_fingerprint: Option<String>,
    pub secrets: usize,
    pub keyring: Result<(), String>,
    /// Set when the key was found but does not open the store.
    pub problem: Option<VaultError>,
}

impl MaybeStore for VaultError {
    fn as_store(&self) -> Option<&StoreError> {
        match self {
            VaultError::Store(e) => Some(e),
            _ => None,
        }
    }
}

/// What a rotation did with the new key.
#[derive(Debug)]
pub enum Rotated {
    /// Saved where the old key was.
    Saved {
        source: KeySource,
        fingerprint: String,
        secrets: usize,
    },
    /// The old key came from an environment variable: the new one must be put there by hand.
    Show {
        var: &'static str,
        key: Secret,
        fingerprint: String,
        secrets: usize,
    },
}

impl Vault {
    /// The key that opens `store`, or `None` when there is no key and nothing needs one.
    pub fn open(store: &Store, sources: &KeySources) -> Result<Option<Vault>, VaultError> {
        let stored = store.meta(names::KEY_FINGERPRINT)?;
        let Some((key, source)) = sources.find()? else {
            return match stored {
                None => Ok(None),
                Some(fingerprint) => Err(VaultError::MissingKey { fingerprint }),
            };
        };
        match stored {
            None => Ok(Some(Vault { key, source })),
            Some(fp) if fp == key.fingerprint() => {
                if store.meta(names::ROTATION_FROM)?.is_some() {
                    // The new key is in use at its source now: the rotation is complete.
                    finish_rotation(store)?;
                }
                Ok(Some(Vault { key, source }))
            }
            Some(_) => Self::resume_rotation(store, sources, key, source).map(Some),
        }
    }

    /// The key that opens `store`, making one if none exists; either way the store records
    /// the key's fingerprint before any secret is written with it.
    pub fn open_or_create(
        store: &Store,
        sources: &KeySources,
        notice: &mut dyn FnMut(&str),
    ) -> Result<Vault, VaultError> {
        if let Some(vault) = Self::open(store, sources)?
            && store.meta(names::KEY_FINGERPRINT)?.is_some()
        {
            return Ok(vault);
        }
        // Under the store's write lock, so two first runs agree on one key.
        store.write(|tx| -> Result<_, VaultError> {
            let (key, source) = match sources.find()? {
                Some(found) => found,
                None => {
                    let (key, source) = sources.save_new(Key::generate())?;
                    if let KeySource::File(path) = &source {
                        notice(&format!(
                            "made a new encryption key in {} (no keyring available)",
                            path.display()
                        ));
                    }
                    (key, source)
                }
            };
            match meta::get(tx, names::KEY_FINGERPRINT)? {
                None => meta::set(tx, names::KEY_FINGERPRINT, key.fingerprint())?,
                Some(fp) if fp == key.fingerprint() => {}
                Some(_) => return Err(KeyError::WrongKey { from: source }.into()),
            }
            Ok(Vault { key, source })
        })
    }

    /// The store's fingerprint no longer matches `key`: a rotation from `key` that committed
    /// in the store but did not reach the key's source. Finish it, or refuse a wrong key.
    fn resume_rotation(
        store: &Store,
        sources: &KeySources,
        old: Key,
        source: KeySource,
    ) -> Result<Vault, VaultError> {
        let from = store.meta(names::ROTATION_FROM)?;
        let sealed = store.meta(names::ROTATION_KEY)?;
        let (Some(from), Some(sealed)) = (from, sealed) else {
            return Err(KeyError::WrongKey { from: source }.into());
        };
        if from != old.fingerprint() {
            return Err(KeyError::WrongKey { from: source }.into());
        }
        let new = old
            .decrypt(&sealed)
            .ok()
            .and_then(|s| Key::parse(s.expose()))
            .ok_or(KeyError::Undecryptable {
                from: source.clone(),
            })?;
        if sources.replace(&source, &new)? {
            finish_rotation(store)?;
        }
        // An environment key can't be replaced from here: keep working with the new key and
        // keep the rotation open until the environment holds the new key.
        Ok(Vault { key: new, source })
    }

    pub fn source(&self) -> &KeySource {
        &self.source
    }

    pub fn key(&self) -> &Key {
        &self.key
    }

    /// Encrypts one secret value for the store.
    pub fn encrypt(&self, plain: &Secret) -> String {
        self.key.encrypt(plain.expose())
    }

    /// Decrypts one value from the store.
    pub fn decrypt(&self, token: &str) -> Result<Secret, KeyError> {
        self.key
            .decrypt(token)
            .map_err(|_| KeyError::Undecryptable {
                from: self.source.clone(),
            })
    }

    /// Replaces the key: every secret re-encrypted in one transaction, then the new key saved
    /// where the old one was.
    pub fn rotate(self, store: &Store, sources: &KeySources) -> Result<Rotated, VaultError> {
        let new = Key::generate();
        let secrets = store.write(|tx| -> Result<usize, VaultError> {
            let recorded = meta::get(tx, names::KEY_FINGERPRINT)?;
            if recorded.is_some_and(|fp| fp != self.key.fingerprint()) {
                // Someone rotated since we opened; refuse rather than guess.
                return Err(KeyError::WrongKey {
                    from: self.source.clone(),
                }
                .into());
            }
            let rows = tokens::ciphertexts(tx)?;
            for row in &rows {
                let reseal = |c: &str| self.decrypt(c).map(|plain| new.encrypt(plain.expose()));
                let resealed = tokens::Ciphertexts {
                    id: row.id,
                    access_token: reseal(&row.access_token)?,
                    refresh_token: row.refresh_token.as_deref().map(reseal).transpose()?,
                };
                tokens::replace_ciphertexts(tx, &resealed)?;
            }
            meta::set(tx, names::KEY_FINGERPRINT, new.fingerprint())?;
            meta::set(tx, names::ROTATION_FROM, self.key.fingerprint())?;
            meta::set(
                tx,
                names::ROTATION_KEY,
                &self.key.encrypt(new.encoded().expose()),
            )?;
            Ok(secrets_in(&rows))
        })?;
        let fingerprint = new.fingerprint().to_string();
        if sources.replace(&self.source, &new)? {
            finish_rotation(store)?;
            return Ok(Rotated::Saved {
                source: self.source,
                fingerprint,
                secrets,
            });
        }
        match self.source {
            KeySource::Env(var) => Ok(Rotated::Show {
                var,
                key: new.encoded().clone(),
                fingerprint,
                secrets,
            }),
            source => Ok(Rotated::Saved {
                source,
                fingerprint,
                secrets,
            }),
        }
    }

    /// Where the key comes from and whether it opens `store`, without changing anything
    /// (except finishing an interrupted rotation).
    pub fn report(store: &Store, sources: &KeySources) -> Result<KeyReport, StoreError> {
        let store_fingerprint = store.meta(names::KEY_FINGERPRINT)?;
        let secrets = secrets_in(&tokens::ciphertexts(store.db())?);
        let mut report = KeyReport {
            source: None,
            fingerprint: None,
            store_fingerprint,
            secrets,
            keyring: Ok(()),
            problem: None,
        };
        match Self::open(store, sources) {
            Ok(Some(vault)) => {
                report.fingerprint = Some(vault.key.fingerprint().to_string());
                report.source = Some(vault.source);
            }
            Ok(None) => {}
            Err(VaultError::Key(KeyError::WrongKey { from: source })) => {
                report.fingerprint = sources
                    .find()
                    .ok()
                    .flatten()
                    .map(|(k, _)| k.fingerprint().to_string());
                report.problem = Some(
                    KeyError::WrongKey {
                        from: source.clone(),
                    }
                    .into(),
                );
                report.source = Some(source);
            }
            Err(e) => report.problem = Some(e),
        }
        report.keyring = sources.probe_keyring();
        // `open` may have finished a rotation.
        report.store_fingerprint = store.meta(names::KEY_FINGERPRINT)?;
        Ok(report)
    }
}

/// How many secrets token rows hold: an access token each, and a refresh token where there is
/// one (what `key status` and `key rotate` both count).
fn secrets_in(rows: &[tokens::Ciphertexts]) -> usize {
    rows.iter()
        .map(|c| 1 + usize::from(c.refresh_token.is_some()))
        .sum()
}

fn finish_rotation(store: &Store) -> Result<(), StoreError> {
    store.write(|tx| -> Result<(), StoreError> {
        meta::delete(tx, names::ROTATION_FROM)?;
        meta::delete(tx, names::ROTATION_KEY)
    })
}
