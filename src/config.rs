//! Where things live and what the config file says. Paths follow cli.md: XDG directories by
//! default, everything under one directory with `VOICETRAIN_HOME`/`--home`. This module
//! decides and reads; the one thing it writes is an OAuth client a login was given a file
//! for, into the config file (the store creates everything else, with the right modes).

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Errors in finding, reading or (for a login's OAuth client) writing the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("--home {0} is not a directory")]
    HomeNotDir(PathBuf),
    #[error("{0} starts with `~`, which only a shell expands")]
    Tilde(PathBuf),
    #[error("cannot tell where your home directory is; set VOICETRAIN_HOME or pass --home DIR")]
    NoHome,
    #[error("cannot read config file {path}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("cannot save the client in the config file {path}: {why}")]
    Save { path: PathBuf, why: String },
}

impl ConfigError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            ConfigError::Tilde(path) => Some(format!(
                "write the full path: {}",
                path.to_string_lossy().replacen('~', "$HOME", 1)
            )),
            ConfigError::HomeNotDir(_) => {
                Some("point --home (or VOICETRAIN_HOME) at a directory, or unset it".into())
            }
            _ => None,
        }
    }
}

/// A variable of the environment, an empty one counting as unset (as `VOICETRAIN_HOME= cmd`
/// means in a shell script).
pub fn env_var(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name).filter(|v| !v.is_empty())
}

/// The directories and files voicetrain uses.
#[derive(Debug, Clone)]
pub struct Paths {
    /// Holds the store and, where no keyring is used, the key file.
    pub data_dir: PathBuf,
    pub config_file: PathBuf,
    /// Whether `config_file` was named explicitly (then it must exist).
    pub config_explicit: bool,
}

impl Paths {
    /// Decides the paths from `--home`/`VOICETRAIN_HOME`, `--config`, and the XDG variables.
    pub fn resolve(home: Option<&Path>, config: Option<&Path>) -> Result<Paths, ConfigError> {
        let from_env = env_var("VOICETRAIN_HOME").map(PathBuf::from);
        let home = home.or(from_env.as_deref());
        for named in [home, config].into_iter().flatten() {
            if named.starts_with("~") {
                return Err(ConfigError::Tilde(named.to_path_buf()));
            }
        }
        let (data_dir, default_config) = match home {
            Some(dir) => {
                if dir.exists() && !dir.is_dir() {
                    return Err(ConfigError::HomeNotDir(dir.to_path_buf()));
                }
                let dir = absolute(dir);
                (dir.clone(), dir.join("config.toml"))
            }
            None => {
                let data = xdg_dir("XDG_DATA_HOME", ".local/share")?;
                let conf = xdg_dir("XDG_CONFIG_HOME", ".config")?;
                (
                    data.join("voicetrain"),
                    conf.join("voicetrain").join("config.toml"),
                )
            }
        };
        Ok(Paths {
            data_dir,
            config_file: config.map(absolute).unwrap_or(default_config),
            config_explicit: config.is_some(),
        })
    }

    pub fn store_file(&self) -> PathBuf {
        self.data_dir.join("voicetrain.db")
    }

    pub fn default_key_file(&self) -> PathBuf {
        self.data_dir.join("key")
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

fn xdg_dir(var: &str, fallback: &str) -> Result<PathBuf, ConfigError> {
    match std::env::var_os(var) {
        // The XDG spec says relative values are invalid and must be ignored.
        Some(v) if Path::new(&v).is_absolute() => Ok(PathBuf::from(v)),
        _ => std::env::home_dir()
            .filter(|h| !h.as_os_str().is_empty())
            .map(|h| h.join(fallback))
            .ok_or(ConfigError::NoHome),
    }
}

/// A setting of a provider's: the environment variable `env` first, then the config file's
/// value, then `default` (the provider's own address, say).
pub fn setting(env: &str, config: &Option<String>, default: &str) -> String {
    std::env::var(env)
        .ok()
        .filter(|v| !v.is_empty())
        .or_else(|| config.clone())
        .unwrap_or_else(|| default.to_string())
}

/// Writes an OAuth client into the config file's `[table]` (the provider's name), keeping
/// everything else in it.
pub fn remember_client(
    config_file: &Path,
    table: &str,
    id: &str,
    secret: &crate::secret::Secret,
) -> Result<(), ConfigError> {
    write_client(config_file, table, id, secret).map_err(|why| ConfigError::Save {
        path: config_file.to_path_buf(),
        why,
    })
}

fn write_client(
    config_file: &Path,
    table: &str,
    id: &str,
    secret: &crate::secret::Secret,
) -> Result<(), String> {
    let text = match std::fs::read_to_string(config_file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e.to_string()),
    };
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let entries = doc
        .entry(table)
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()))
        .as_table_mut()
        .ok_or_else(|| format!("`{table}` is not a table"))?;
    entries["client_id"] = toml_edit::value(id);
    entries["client_secret"] = toml_edit::value(secret.expose());
    let dir = config_file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    // It holds the client secret: written whole, private to the user.
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| e.to_string())?;
    std::io::Write::write_all(&mut tmp, doc.to_string().as_bytes()).map_err(|e| e.to_string())?;
    tmp.persist(config_file).map_err(|e| e.error.to_string())?;
    Ok(())
}

/// The config file's contents. Unknown keys are refused, so a typo is reported, not ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the encryption key is kept, instead of `<data dir>/key` or the keyring.
    pub key_file: Option<PathBuf>,
    /// `false` never touches the OS keyring.
    pub keyring: Option<bool>,
    /// The store: a PostgreSQL address or a SQLite file path, instead of the file in the data
    /// directory.
    pub store: Option<String>,
    /// When scans and images are read with OCR: `auto`, `off`, `force` (`--ocr` wins).
    pub ocr: Option<crate::cli::OcrMode>,
    #[serde(default)]
    pub google: crate::google::GoogleConfig,
    #[serde(default)]
    pub hubspot: crate::hubspot::HubSpotConfig,
    #[serde(default)]
    pub youtube: crate::google::youtube::YouTubeConfig,
    #[serde(default)]
    pub retry: crate::net::settings::Retry,
    #[serde(default)]
    pub pacing: crate::net::settings::Pacing,
    #[serde(default)]
    pub breaker: crate::net::settings::Breaker,
    #[serde(default)]
    pub timeouts: crate::net::settings::Timeouts,
}

impl Config {
    /// Reads the config file; a missing file is an empty config unless it was named explicitly.
    pub fn load(paths: &Paths) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(&paths.config_file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !paths.config_explicit => {
                return Ok(Config::default());
            }
            Err(source) => {
                return Err(ConfigError::Read {
                    path: paths.config_file.clone(),
                    source,
                });
            }
        };
        toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: paths.config_file.clone(),
            message: e.message().to_string(),
        })
    }
}
