//! Where the key comes from, in cli.md's order: the environment, a key file, the OS keyring.
//! Also where a new key goes: the keyring when one answers, else `<data dir>/key` (0600).

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{Key, KeyError, Keyring, Secret};
use crate::config::{Config, Paths};

/// The environment variables that may hold the key, first wins. `OAUTH_ENCRYPTION_KEY` is what
/// the Python service used, so a migrating deployment works unchanged.
const KEY_VARS: [&str; 2] = ["VOICETRAIN_ENCRYPTION_KEY", "OAUTH_ENCRYPTION_KEY"];

/// Where a key was found, or where it is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Env(&'static str),
    File(PathBuf),
    Keyring { user: String },
}

impl KeySource {
    /// The short name used in `--json` output: env, file or keyring.
    pub fn kind(&self) -> &'static str {
        match self {
            KeySource::Env(_) => "env",
            KeySource::File(_) => "file",
            KeySource::Keyring { .. } => "keyring",
        }
    }

    /// Where exactly: the variable, the file, or the keyring entry.
    pub fn location(&self) -> String {
        match self {
            KeySource::Env(var) => (*var).to_string(),
            KeySource::File(path) => path.display().to_string(),
            KeySource::Keyring { user } => user.clone(),
        }
    }
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::Env(var) => write!(f, "environment variable {var}"),
            KeySource::File(path) => write!(f, "key file {}", path.display()),
            KeySource::Keyring { user } => {
                write!(
                    f,
                    "the OS keyring (service {}, {user})",
                    super::keyring::SERVICE
                )
            }
        }
    }
}

/// The places a key may be, as configured for this run.
#[derive(Debug)]
pub struct KeySources {
    /// A key file named by `--key-file`, `VOICETRAIN_KEY_FILE` or config `key_file`.
    named_file: Option<PathBuf>,
    default_file: PathBuf,
    keyring_user: String,
    keyring: Keyring,
}

impl KeySources {
    pub fn new(paths: &Paths, config: &Config, key_file_flag: Option<&Path>) -> KeySources {
        let named_file = key_file_flag.map(Path::to_path_buf).or_else(|| {
            // A relative `key_file` in the config is relative to the config file.
            config
                .key_file
                .as_ref()
                .map(|p| match paths.config_file.parent() {
                    Some(dir) => dir.join(p),
                    None => p.clone(),
                })
        });
        let keyring_enabled = config.keyring != Some(false)
            && std::env::var_os("VOICETRAIN_NO_KEYRING").is_none_or(|v| v.is_empty() || v == "0");
        KeySources {
            named_file,
            default_file: paths.default_key_file(),
            // One entry per data dir, so separate homes keep separate keys.
            keyring_user: format!("store:{}", paths.data_dir.display()),
            keyring: Keyring::new(keyring_enabled),
        }
    }

    /// Whether the keyring answers: `Err` says why not.
    pub fn probe_keyring(&self) -> Result<(), String> {
        self.keyring.get(&self.keyring_user).map(|_| ())
    }

    /// Finds the key: env, then key file, then keyring. `Ok(None)` when there is none yet.
    pub fn find(&self) -> Result<Option<(Key, KeySource)>, KeyError> {
        for var in KEY_VARS {
            if let Some(value) = std::env::var_os(var).filter(|v| !v.is_empty()) {
                let source = KeySource::Env(var);
                let key = value.to_str().and_then(Key::parse);
                return key
                    .map(|k| Some((k, source.clone())))
                    .ok_or(KeyError::Malformed { from: source });
            }
        }
        if let Some(path) = &self.named_file {
            // A named key file that does not exist yet is where a new key will go.
            if !path.exists() {
                return Ok(None);
            }
            return read_key_file(path).map(Some);
        }
        if self.default_file.exists() {
            return read_key_file(&self.default_file).map(Some);
        }
        let source = KeySource::Keyring {
            user: self.keyring_user.clone(),
        };
        match self.keyring.get(&self.keyring_user) {
            Ok(Some(secret)) => Key::parse(secret.expose())
                .map(|k| Some((k, source.clone())))
                .ok_or(KeyError::Malformed { from: source }),
            // No keyring, or nothing in it: there is no key yet.
            Ok(None) | Err(_) => Ok(None),
        }
    }

    /// Saves a brand-new key where keys go: the keyring when it answers, else the named key
    /// file or `<data dir>/key`. Never overwrites an existing key file; if another process
    /// wrote one first, that key is returned instead.
    pub fn save_new(&self, key: Key) -> Result<(Key, KeySource), KeyError> {
        if self.named_file.is_none() && self.keyring.set(&self.keyring_user, key.encoded()).is_ok()
        {
            let source = KeySource::Keyring {
                user: self.keyring_user.clone(),
            };
            return Ok((key, source));
        }
        let path = self.named_file.as_ref().unwrap_or(&self.default_file);
        match write_key_file(path, key.encoded(), false) {
            Ok(()) => Ok((key, KeySource::File(path.clone()))),
            Err(KeyError::WriteFile { source, .. })
                if source.kind() == std::io::ErrorKind::AlreadyExists =>
            {
                read_key_file(path)
            }
            Err(e) => Err(e),
        }
    }

    /// Replaces the key kept at `source` (a rotation). An environment variable can't be
    /// written: the caller shows the key instead, so this returns `Ok(false)` for it.
    pub fn replace(&self, source: &KeySource, key: &Key) -> Result<bool, KeyError> {
        match source {
            KeySource::Env(_) => Ok(false),
            KeySource::File(path) => write_key_file(path, key.encoded(), true).map(|()| true),
            KeySource::Keyring { user } => self
                .keyring
                .set(user, key.encoded())
                .map(|()| true)
                .map_err(|message| KeyError::KeyringWrite { message }),
        }
    }
}

fn read_key_file(path: &Path) -> Result<(Key, KeySource), KeyError> {
    let source = KeySource::File(path.to_path_buf());
    let file = std::fs::File::open(path).map_err(|e| KeyError::ReadFile {
        path: path.to_path_buf(),
        source: e,
    })?;
    if file.metadata().is_ok_and(|m| !m.is_file()) {
        return Err(KeyError::NotAFile(path.to_path_buf()));
    }
    check_private(path, &file)?;
    let mut text = zeroize::Zeroizing::new(String::new());
    std::io::Read::read_to_string(&mut &file, &mut text).map_err(|e| KeyError::ReadFile {
        path: path.to_path_buf(),
        source: e,
    })?;
    Key::parse(&text)
        .map(|k| (k, source.clone()))
        .ok_or(KeyError::Malformed { from: source })
}

/// Refuses a key file that group or others may read, as ssh does.
#[cfg(unix)]
fn check_private(path: &Path, file: &std::fs::File) -> Result<(), KeyError> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = file
        .metadata()
        .map_err(|e| KeyError::ReadFile {
            path: path.to_path_buf(),
            source: e,
        })?
        .permissions()
        .mode()
        & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeyError::UnsafePermissions {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _file: &std::fs::File) -> Result<(), KeyError> {
    Ok(())
}

/// Writes a key file whole (temp file, fsync, rename), mode 0600. With `replace` false an
/// existing file is left alone and `AlreadyExists` returned.
fn write_key_file(path: &Path, key: &Secret, replace: bool) -> Result<(), KeyError> {
    let err = |source| KeyError::WriteFile {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(err)?;
    // tempfile creates files 0600 on unix.
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    writeln!(tmp, "{}", key.expose()).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    if replace {
        tmp.persist(path).map_err(|e| err(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| err(e.error))?;
    }
    Ok(())
}
