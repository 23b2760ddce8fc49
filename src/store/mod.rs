//! The SQLite store: one plain file any SQLite tool can read, where only secrets are
//! ciphertext. This module opens it (creating it 0600 in a 0700 directory), applies the numbered
//! migrations in `migrations/` (never edited once landed), and maps SQLite failures to errors a
//! person can act on. Table families live in their own files.

pub mod breakers;
pub mod copy;
pub mod location;
pub mod meta;
pub mod pg;
pub mod samples;
pub mod signatures;
pub mod sql;
pub mod state;
pub mod synced;
pub mod tokens;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

/// The migrations, in order. The store's `user_version` is how many have been applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_breakers.sql"),
    include_str!("migrations/0003_any_source_type.sql"),
    include_str!("migrations/0004_text_parts.sql"),
    include_str!("migrations/0005_mail.sql"),
    include_str!("migrations/0006_signatures.sql"),
    include_str!("migrations/0007_sync.sql"),
];

/// The store file's name in the data directory.
pub const FILE_NAME: &str = "voicetrain.db";

/// How long a write waits for another process's write to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create data directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the store {path}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{path} is not a voicetrain store, or it is damaged")]
    Corrupt { path: PathBuf },
    #[error(
        "the store {store} was written by a newer voicetrain (schema {found}, this one knows {known})"
    )]
    TooNew {
        store: String,
        found: i64,
        known: usize,
    },
    #[error("{} is read-only to you, and this command writes to it", path.as_deref().map_or("the store".into(), |p| format!("the store {}", p.display())))]
    ReadOnly { path: Option<PathBuf> },
    #[error("the disk holding the store is full")]
    DiskFull,
    #[error("the store could not be written (a disk I/O error)")]
    WriteFailed(#[source] rusqlite::Error),
    /// A text too large to hold could not be read back as it was stored (it changed, or the
    /// disk failed): that one text's failure, not the store's.
    #[error("{0}")]
    TextRead(#[source] std::io::Error),
    #[error("no sample has an ID starting with `{0}`")]
    NoSuchSample(String),
    #[error("`{prefix}` names more than one sample: {}", candidates.join(", "))]
    AmbiguousId {
        prefix: String,
        candidates: Vec<String>,
    },
    #[error("store query failed")]
    Sqlite(#[source] rusqlite::Error),
    /// A column that does not hold what the store's schema says (a store edited by hand).
    #[error("the store's column {name} does not hold {wanted}")]
    Column { name: String, wanted: &'static str },
    /// A PostgreSQL store that is down, unreachable or too slow to answer.
    #[error("the store {store} cannot be reached: {why}")]
    Unreachable { store: String, why: String },
    /// A PostgreSQL store that refused this user: credentials, a missing database, a
    /// permission.
    #[error("the store {store} refused the connection: {why}")]
    Refused {
        store: String,
        why: String,
        missing_db: bool,
    },
    #[error("store query failed")]
    Postgres(#[source] postgres::Error),
}

impl StoreError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            StoreError::Corrupt { path } => Some(format!(
                "move it aside (`mv {0} {0}.bad`) to start a new store, or point --home elsewhere",
                path.display()
            )),
            StoreError::CreateDir { path, .. } => Some(format!(
                "make {} writable by you, or set VOICETRAIN_HOME to a directory you can write",
                path.parent().unwrap_or(path).display()
            )),
            StoreError::ReadOnly { .. } => Some(
                "make the data directory and the voicetrain.db* files in it writable by you (`chmod u+w`), or set VOICETRAIN_HOME to a directory \
                 you can write; commands that only read (samples list, show, search, export) work \
                 on it as it is"
                    .into(),
            ),
            StoreError::TooNew { .. } => Some("upgrade voicetrain to open this store".into()),
            StoreError::Unreachable { .. } => Some(
                "check that PostgreSQL is running and reachable from this host (the address's \
                 host and port, or its socket directory); nothing was changed, and a cron job \
                 may simply run again"
                    .into(),
            ),
            StoreError::Refused {
                missing_db: true, ..
            } => Some(
                "create the database (`createdb NAME` as a PostgreSQL superuser) or name one \
                 that exists in the store address"
                    .into(),
            ),
            StoreError::Refused { .. } => Some(
                "check the user and password in the store address (or PGPASSWORD), and that \
                 this user may connect to the database and create tables in it (pg_hba.conf, \
                 GRANT)"
                    .into(),
            ),
            StoreError::DiskFull => Some("free some space; nothing was lost".into()),
            StoreError::WriteFailed(_) => Some(
                "the disk may be full, a file-size limit (`ulimit -f`) reached, or the disk failing; \
                 free space or raise the limit and run again: nothing was lost"
                    .into(),
            ),
            StoreError::AmbiguousId { .. } => Some("give more characters of the ID".into()),
            StoreError::NoSuchSample(_) => Some("`voicetrain samples list` shows the IDs".into()),
            _ => None,
        }
    }

    /// Whether this is a store problem (exit 5) rather than a plain failure (exit 1).
    pub fn is_store_problem(&self) -> bool {
        matches!(
            self,
            StoreError::Open { .. }
                | StoreError::Corrupt { .. }
                | StoreError::TooNew { .. }
                | StoreError::ReadOnly { .. }
                | StoreError::CreateDir { .. }
                | StoreError::Refused { .. }
        )
    }

    /// Whether it may pass by itself (a store that could not be reached): exit 75.
    pub fn is_temporary(&self) -> bool {
        matches!(self, StoreError::Unreachable { .. })
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(ErrorCode::SystemIoFailure) => StoreError::WriteFailed(e),
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path: None },
            _ => StoreError::Sqlite(e),
        }
    }
}

/// An open store.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Writes of [`Store::write_batched`] not yet committed (0: no batch is open).
    batched: std::cell::Cell<usize>,
}

impl Drop for Store {
    /// What a batch holds was reported as stored: a run that ends early (an error) keeps it.
    fn drop(&mut self) {
        if let Err(e) = self.commit_batch() {
            tracing::warn!("the last writes could not be committed: {e}");
        }
    }
}

/// How many of each thing a store holds (`store status`).
#[derive(Debug, serde::Serialize)]
pub struct Counts {
    pub accounts: u64,
    pub tokens: u64,
    pub samples: u64,
    /// Remembered sources (`sources list`).
    pub sources: u64,
}

impl Counts {
    /// The counts, each by `count` of the table holding it.
    pub fn gather(
        mut count: impl FnMut(&str) -> Result<u64, StoreError>,
    ) -> Result<Counts, StoreError> {
        Ok(Counts {
            accounts: count("accounts")?,
            tokens: count("oauth_tokens")?,
            samples: count("samples")?,
            sources: count("synced_sources")?,
        })
    }
}

impl Store {
    /// Opens the store in `data_dir`, creating directory and file on first use, and brings its
    /// schema up to date.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        Store::open_path(&data_dir.join(FILE_NAME))
    }

    /// Opens the store file at `path` (`--store FILE`), creating its directory and the file
    /// on first use.
    pub fn open_path(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir)?;
        }
        Store::open_file(path)
    }

    /// [`Store::open`] of the store file at `path`, in a directory that exists.
    fn open_file(path: &Path) -> Result<Store, StoreError> {
        let path = path.to_path_buf();
        let is_new = !path.exists();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(&path, flags).map_err(|source| StoreError::Open {
                path: path.clone(),
                source,
            })?;
        if is_new {
            make_private(&path);
        }
        let store = Store::with(conn, path);
        // A file this user cannot write is opened read-only without a word from SQLite.
        if store.is_read_only() {
            return Err(StoreError::ReadOnly {
                path: Some(store.path.clone()),
            });
        }
        store.ready()
    }

    /// Opens an existing store that this user can read but not write (its directory or file
    /// read-only to them), for commands that only read. SQLite reads a WAL store read-only as
    /// usual when its `-wal` and `-shm` files are there; after a clean close they are gone and
    /// cannot be made in a read-only directory, and then it reads the file as immutable, which
    /// is sound because nobody who could not write it can be writing it now.
    fn open_read_only(path: PathBuf) -> Result<Store, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let encoded = percent_encoding::utf8_percent_encode(
            &path.to_string_lossy(),
            percent_encoding::NON_ALPHANUMERIC,
        )
        .to_string()
        .replace("%2F", "/");
        let mut last = None;
        for uri in [
            format!("file:{encoded}?mode=ro"),
            format!("file:{encoded}?mode=ro&immutable=1"),
        ] {
            let opened = Connection::open_with_flags(&uri, flags).and_then(|conn| {
                conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))?;
                Ok(conn)
            });
            match opened {
                Ok(conn) => {
                    return Store::with(conn, path).ready();
                }
                Err(e) => last = Some(e),
            }
        }
        let source = last.unwrap_or(rusqlite::Error::InvalidQuery);
        Err(StoreError::Open { path, source })
    }

    /// Whether this store was opened read-only ([`Store::open_or_empty`] on a store this user
    /// cannot write).
    pub fn is_read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false)
    }

    /// Sets up a freshly opened connection and brings its schema up to date.
    fn ready(self) -> Result<Store, StoreError> {
        self.setup().map_err(|e| self.diagnose(e))?;
        if self.is_read_only() {
            // Nothing to migrate with: a store at an older schema needs writing first.
            return match self.schema()? {
                (found, known) if found as usize == known => Ok(self),
                (found, known) if found < 0 || found as usize > known => Err(StoreError::TooNew {
                    store: self.path.display().to_string(),
                    found,
                    known,
                }),
                _ => Err(StoreError::ReadOnly {
                    path: Some(self.path.clone()),
                }),
            };
        }
        self.migrate()?;
        // Only now: a migration that rebuilds a table must not cascade its deletes.
        self.conn
            .pragma_update(None, "foreign_keys", true)
            .map_err(|e| self.diagnose(e))?;
        Ok(self)
    }

    /// The store in `data_dir` if there is one (read-only if this user cannot write it), else
    /// an empty one in memory: what a command that only reads (or a dry run) opens, so that it
    /// never creates a directory or a file.
    pub fn open_or_empty(data_dir: &Path) -> Result<Store, StoreError> {
        Store::open_or_empty_path(&data_dir.join(FILE_NAME))
    }

    /// [`Store::open_or_empty`] of the store file at `path`.
    pub fn open_or_empty_path(path: &Path) -> Result<Store, StoreError> {
        let path = path.to_path_buf();
        if path.exists() {
            return match Store::open_path(&path) {
                Err(StoreError::ReadOnly { .. }) => Store::open_read_only(path),
                opened => opened,
            };
        }
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: path.clone(),
            source,
        })?;
        Store::with(conn, path).ready()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the store holds.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        Counts::gather(|table| {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        })
    }

    /// The bytes the store takes on disk: its file and write-ahead log (0 before it exists).
    pub fn size_bytes(&self) -> u64 {
        let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        size(&self.path) + size(Path::new(&wal))
    }

    fn setup(&self) -> rusqlite::Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        // Room for every statement run once per item of an ingest (see `prepare_cached`).
        self.conn.set_prepared_statement_cache_capacity(64);
        if self.is_read_only() {
            return Ok(());
        }
        // WAL lets readers go on while one process writes; NORMAL is durable in WAL mode
        // except for the last transactions before a power cut, never corrupting.
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Off while migrations run (the bundled SQLite turns them on by default): a migration
        // that rebuilds a table must not cascade its deletes. [`Store::open`] turns them on.
        self.conn.pragma_update(None, "foreign_keys", false)?;
        Ok(())
    }

    /// Turns an error on a store that looks damaged into [`StoreError::Corrupt`].
    fn diagnose(&self, e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
                path: self.path.clone(),
            },
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
                path: Some(self.path.clone()),
            },
            _ => StoreError::from(e),
        }
    }

    fn migrate(&self) -> Result<(), StoreError> {
        let version = self.user_version().map_err(|e| self.diagnose(e))?;
        if version as usize == MIGRATIONS.len() {
            return Ok(());
        }
        self.write(|tx| -> Result<(), StoreError> {
            // Another process may have migrated while we waited for the lock.
            let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if version < 0 || version as usize > MIGRATIONS.len() {
                return Ok(());
            }
            for sql in &MIGRATIONS[version as usize..] {
                tx.execute_batch(sql)?;
            }
            // What foreign keys would have refused, had they been on.
            let dangling: i64 =
                tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
            if dangling > 0 {
                return Err(StoreError::Corrupt {
                    path: self.path.clone(),
                });
            }
            tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)?;
            Ok(())
        })
        .map_err(|e| match e {
            StoreError::Sqlite(e) => self.diagnose(e),
            other => other,
        })?;
        let version = self.user_version().map_err(|e| self.diagnose(e))?;
        if version < 0 || version as usize > MIGRATIONS.len() {
            return Err(StoreError::TooNew {
                store: self.path.display().to_string(),
                found: version,
                known: MIGRATIONS.len(),
            });
        }
        Ok(())
    }

    /// `PRAGMA integrity_check`: empty when the file is sound, else what SQLite found.
    pub fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(|e| self.diagnose(e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.diagnose(e))?;
        Ok(rows.into_iter().filter(|r| r != "ok").collect())
    }

    /// The schema version the file is at, and the newest this build knows (the two agree
    /// once [`Store::open`] has run, unless another process is mid-migration).
    pub fn schema(&self) -> Result<(i64, usize), StoreError> {
        let found = self.user_version().map_err(|e| self.diagnose(e))?;
        Ok((found, MIGRATIONS.len()))
    }

    fn user_version(&self) -> rusqlite::Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
    }

    fn with(conn: Connection, path: PathBuf) -> Store {
        Store {
            conn,
            path,
            batched: std::cell::Cell::new(0),
        }
    }

    /// Runs `f` in a write transaction taken up front (`BEGIN IMMEDIATE`), so that two
    /// processes never both read, then both write: the second waits for the first. Any error
    /// from `f` rolls the transaction back. An open batch is committed first.
    pub fn write<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, E>,
    ) -> Result<T, E> {
        self.write_or_discard(true, f)
    }

    /// Like [`Store::write`], but with `commit` false everything is rolled back at the end:
    /// a dry run that sees exactly what a real run would.
    pub fn write_or_discard<T, E: From<StoreError>>(
        &self,
        commit: bool,
        f: impl FnOnce(&Connection) -> Result<T, E>,
    ) -> Result<T, E> {
        self.commit_batch()?;
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let value = f(&tx)?;
        if commit {
            tx.commit().map_err(StoreError::from)?;
        }
        Ok(value)
    }

    /// Like [`Store::write`], but committed together with the writes around it: a batch is
    /// opened by the first and committed by [`Store::commit_batch`] or by any other write.
    /// For the items of a run that come faster than they can be committed one by one (each
    /// commit rewrites the pages it touched); an error rolls back only `f`'s own writes. What
    /// a batch holds is lost if the process dies or the disk fills first: only what can be
    /// fetched again belongs in one, and it is reported stored only once committed.
    pub fn write_batched<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, E>,
    ) -> Result<T, E> {
        let sql = |sql: &str| self.conn.execute_batch(sql).map_err(StoreError::from);
        if self.batched.get() == 0 {
            sql("BEGIN IMMEDIATE")?;
        }
        sql("SAVEPOINT item")?;
        // Counted open even if `f` fails: the batch's transaction is.
        self.batched.set(self.batched.get() + 1);
        match f(&self.conn) {
            Ok(value) => {
                sql("RELEASE item")?;
                Ok(value)
            }
            Err(e) => {
                sql("ROLLBACK TO item; RELEASE item")?;
                Err(e)
            }
        }
    }

    /// Commits the writes of [`Store::write_batched`] so far, if any.
    pub fn commit_batch(&self) -> Result<(), StoreError> {
        if self.batched.replace(0) > 0 {
            self.conn.execute_batch("COMMIT")?;
        }
        Ok(())
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// Creates `dir` (and parents) as 0700; an existing directory is left as it is.
fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|source| StoreError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })
}

/// Makes a file we just created 0600, whatever the umask was (SQLite gives its -wal and -shm
/// files the same mode as the database).
fn make_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // Best effort: the process umask (077) already made it private.
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// The current time as cli.md writes times: RFC 3339, UTC, whole seconds.
pub fn now() -> String {
    let now = jiff::Timestamp::now();
    jiff::Timestamp::from_second(now.as_second())
        .unwrap_or(now)
        .to_string()
}
