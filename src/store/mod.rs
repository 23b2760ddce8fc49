//! The store: by default one plain SQLite file any SQLite tool can read, where only secrets
//! are ciphertext; for a team, a PostgreSQL database its hosts share (`pg/`). This module opens
//! either as a [`Store`] whose statements ([`Store::db`], [`Store::write`]) run on whichever
//! engine it is, creates the file 0600 in a 0700 directory, applies the numbered migrations in
//! `migrations/` (never edited once landed), and maps failures to errors a person can act on.
//! Table families live in their own files and take a [`sql::Sql`].

pub mod breakers;
pub mod copy;
pub mod leases;
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

use rusqlite::{Connection, ErrorCode, OpenFlags};

use location::{Location, PgUrl};
use pg::conn::PgConn;
use sql::Sql;

/// The migrations, in order. The store's `user_version` is how many have been applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_breakers.sql"),
    include_str!("migrations/0003_any_source_type.sql"),
    include_str!("migrations/0004_text_parts.sql"),
    include_str!("migrations/0005_mail.sql"),
    include_str!("migrations/0006_signatures.sql"),
    include_str!("migrations/0007_sync.sql"),
    include_str!("migrations/0008_ocr.sql"),
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
    #[error("store query failed: {}", pg::reason(.0))]
    Postgres(#[source] postgres::Error),
    /// A PostgreSQL store whose TLS certificate could not be verified.
    #[error("the store {store} could not be verified: {why}")]
    Untrusted { store: String, why: String },
    /// A query's reader stopped it with an error of its own: never seen outside
    /// `each_as` (on `dyn sql::Sql`), which gives that error back instead.
    #[error("a query was stopped by its reader")]
    Stopped,
    /// A search query using what the store's engine cannot search.
    #[error("this store's search cannot take {0}")]
    Query(String),
    /// What only a SQLite store file does, asked of a PostgreSQL store.
    #[error("{what} works on a SQLite store file, and the store {store} is a PostgreSQL database")]
    NotAFile { what: &'static str, store: String },
}

impl StoreError {
    /// Whether this is a write that lost a race with another process on a shared store, and
    /// would succeed run again: a row another transaction inserted first (whose own check
    /// had not seen it yet), a deadlock between two, a serialization failure. A store file
    /// takes its writers one at a time and has no such races.
    pub fn lost_race(&self) -> bool {
        use postgres::error::SqlState;
        let StoreError::Postgres(e) = self else {
            return false;
        };
        e.code().is_some_and(|code| {
            [
                SqlState::UNIQUE_VIOLATION,
                SqlState::T_R_DEADLOCK_DETECTED,
                SqlState::T_R_SERIALIZATION_FAILURE,
            ]
            .contains(code)
        })
    }

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
            StoreError::Untrusted { .. } => Some(
                "name the CA certificate that signed the server's in the store address \
                 (`sslrootcert=/path/to/ca.pem`) or in PGSSLROOTCERT; voicetrain always checks \
                 the server's certificate and name"
                    .into(),
            ),
            StoreError::DiskFull => Some("free some space; nothing was lost".into()),
            StoreError::WriteFailed(_) => Some(
                "the disk may be full, a file-size limit (`ulimit -f`) reached, or the disk failing; \
                 free space or raise the limit and run again: nothing was lost"
                    .into(),
            ),
            StoreError::AmbiguousId { .. } => Some("give more characters of the ID".into()),
            StoreError::Query(_) => Some(
                "a PostgreSQL store searches words, \"phrases\", prefix*, AND, OR, NOT and \
                 parentheses"
                    .into(),
            ),
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
                | StoreError::Untrusted { .. }
        )
    }

    /// Whether the user asked for what cannot be done (exit 2).
    pub fn is_usage(&self) -> bool {
        matches!(self, StoreError::Query(_))
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

/// An open store, on either engine.
pub struct Store {
    engine: Engine,
    location: Location,
    /// Writes of [`Store::write_batched`] not yet committed (0: no batch is open).
    batched: std::cell::Cell<usize>,
}

enum Engine {
    Sqlite(Connection),
    Postgres(Box<PgConn>),
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Store({})", self.location)
    }
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
    /// Opens the store at `location`, making it on first use, and brings its schema up to
    /// date: for commands that write.
    pub fn open_at(location: &Location) -> Result<Store, StoreError> {
        match location {
            Location::File(path) => Store::open_path(path),
            Location::Postgres(url) => Store::open_postgres(url),
        }
    }

    /// The store at `location` if there is one, else an empty one: for commands that only
    /// read, and dry runs, which must create nothing. A PostgreSQL store is its database,
    /// whose schema is made or brought up to date where this user may.
    pub fn read_at(location: &Location) -> Result<Store, StoreError> {
        match location {
            Location::File(path) => Store::open_or_empty_path(path),
            Location::Postgres(url) => Store::open_postgres(url),
        }
    }

    /// Connects to the PostgreSQL store at `url`, bringing its schema up to date.
    fn open_postgres(url: &PgUrl) -> Result<Store, StoreError> {
        let conn = PgConn::new(pg::PgStore::open(url)?.into_client(), url.clone())?;
        Ok(Store {
            engine: Engine::Postgres(Box::new(conn)),
            location: Location::Postgres(Box::new(url.clone())),
            batched: std::cell::Cell::new(0),
        })
    }

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
        let is_new = !path.exists();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        if is_new {
            make_private(path);
        }
        // A file this user cannot write is opened read-only without a word from SQLite.
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(StoreError::ReadOnly {
                path: Some(path.to_path_buf()),
            });
        }
        Store::ready(conn, path.to_path_buf())
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
                Ok(conn) => return Store::ready(conn, path),
                Err(e) => last = Some(e),
            }
        }
        let source = last.unwrap_or(rusqlite::Error::InvalidQuery);
        Err(StoreError::Open { path, source })
    }

    /// Whether this store was opened read-only ([`Store::open_or_empty`] on a store file this
    /// user cannot write).
    pub fn is_read_only(&self) -> bool {
        match &self.engine {
            Engine::Sqlite(conn) => conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false),
            Engine::Postgres(_) => false,
        }
    }

    /// Sets up a freshly opened store file's connection and brings its schema up to date.
    fn ready(conn: Connection, path: PathBuf) -> Result<Store, StoreError> {
        let file = File {
            conn: &conn,
            path: &path,
        };
        file.setup().map_err(|e| file.diagnose(e))?;
        if file.is_read_only() {
            // Nothing to migrate with: a store at an older schema needs writing first.
            match file.schema()? {
                (found, known) if found as usize == known => {}
                (found, known) if found < 0 || found as usize > known => {
                    return Err(StoreError::TooNew {
                        store: path.display().to_string(),
                        found,
                        known,
                    });
                }
                _ => return Err(StoreError::ReadOnly { path: Some(path) }),
            }
        } else {
            file.migrate()?;
            // Only now: a migration that rebuilds a table must not cascade its deletes.
            conn.pragma_update(None, "foreign_keys", true)
                .map_err(|e| file.diagnose(e))?;
        }
        Ok(Store {
            engine: Engine::Sqlite(conn),
            location: Location::File(path),
            batched: std::cell::Cell::new(0),
        })
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
        Store::ready(conn, path)
    }

    /// Another connection to this store, for a part of the program that runs beside the
    /// command's own (the network layer's circuit breakers, from any thread).
    pub fn connect_again(&self) -> Result<Box<dyn Sql + Send>, StoreError> {
        Ok(match &self.location {
            Location::File(path) => {
                let conn = Connection::open(path).map_err(|source| StoreError::Open {
                    path: path.clone(),
                    source,
                })?;
                conn.busy_timeout(BUSY_TIMEOUT)?;
                Box::new(conn)
            }
            Location::Postgres(url) => Box::new(PgConn::new(
                pg::PgStore::connect(url)?.into_client(),
                (**url).clone(),
            )?),
        })
    }

    /// Where the store is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// What the store holds.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        Counts::gather(|table| {
            let n: i64 = self
                .db()
                .value(&format!("SELECT count(*) AS value FROM {table}"), &[])?;
            Ok(u64::try_from(n).unwrap_or(0))
        })
    }

    /// The SQLite connection and the path of a store file; for `what`, which only a file does.
    pub(crate) fn file(&self, what: &'static str) -> Result<(&Connection, &Path), StoreError> {
        match (&self.engine, &self.location) {
            (Engine::Sqlite(conn), Location::File(path)) => Ok((conn, path)),
            _ => Err(StoreError::NotAFile {
                what,
                store: self.location.to_string(),
            }),
        }
    }

    /// The bytes a store file takes on disk: its file and write-ahead log (0 before it
    /// exists).
    pub fn size_bytes(&self) -> Result<u64, StoreError> {
        let (_, path) = self.file("the size on disk")?;
        let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
        let mut wal = path.to_path_buf().into_os_string();
        wal.push("-wal");
        Ok(size(path) + size(Path::new(&wal)))
    }

    /// `PRAGMA integrity_check` of a store file: empty when it is sound, else what SQLite
    /// found.
    pub fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        let (conn, path) = self.file("an integrity check")?;
        File { conn, path }.integrity_problems()
    }

    /// The schema version a store file is at, and the newest this build knows (the two agree
    /// once [`Store::open`] has run, unless another process is mid-migration).
    pub fn schema(&self) -> Result<(i64, usize), StoreError> {
        let (conn, path) = self.file("the schema version")?;
        File { conn, path }.schema()
    }

    /// Where statements run: the store's connection, on its engine.
    pub fn db(&self) -> &dyn Sql {
        match &self.engine {
            Engine::Sqlite(conn) => conn,
            Engine::Postgres(conn) => &**conn,
        }
    }

    /// Runs transaction control (`BEGIN`, `COMMIT`, `SAVEPOINT`, ...) on the store's engine.
    fn control(&self, sql: &str) -> Result<(), StoreError> {
        match &self.engine {
            Engine::Sqlite(conn) => Ok(conn.execute_batch(sql)?),
            Engine::Postgres(conn) => conn.batch(sql),
        }
    }

    /// A write transaction: on SQLite taken up front (`BEGIN IMMEDIATE`), so that two
    /// processes never both read, then both write; on PostgreSQL a transaction whose rows
    /// are locked as it writes them.
    fn begin(&self) -> Result<(), StoreError> {
        self.control(match self.engine {
            Engine::Sqlite(_) => "BEGIN IMMEDIATE",
            Engine::Postgres(_) => "BEGIN",
        })
    }

    /// Runs `f` in a write transaction (on SQLite taken up front, `BEGIN IMMEDIATE`): the
    /// second of two writers waits for the first. Any error from `f` rolls the transaction
    /// back; one that lost a race with another process ([`StoreError::lost_race`]) runs `f`
    /// again (so `f` may run more than once), which then sees what that process wrote. An
    /// open batch is committed first.
    pub fn write<T, E: MaybeStore>(&self, f: impl FnMut(&dyn Sql) -> Result<T, E>) -> Result<T, E> {
        self.write_or_discard(true, f)
    }

    /// Like [`Store::write`], but with `commit` false everything is rolled back at the end:
    /// a dry run that sees exactly what a real run would.
    pub fn write_or_discard<T, E: MaybeStore>(
        &self,
        commit: bool,
        mut f: impl FnMut(&dyn Sql) -> Result<T, E>,
    ) -> Result<T, E> {
        self.commit_batch()?;
        let mut attempt = 1;
        loop {
            self.begin()?;
            match f(self.db()) {
                Ok(value) => {
                    self.control(if commit { "COMMIT" } else { "ROLLBACK" })?;
                    return Ok(value);
                }
                Err(e) => {
                    if let Err(undone) = self.control("ROLLBACK") {
                        tracing::warn!("a failed write could not be rolled back: {undone}");
                        return Err(e);
                    }
                    if !again(&e, &mut attempt) {
                        return Err(e);
                    }
                }
            }
        }
    }

    /// Like [`Store::write`], but committed together with the writes around it: a batch is
    /// opened by the first and committed by [`Store::commit_batch`] or by any other write.
    /// For the items of a run that come faster than they can be committed one by one (each
    /// commit rewrites the pages it touched); an error rolls back only `f`'s own writes. What
    /// a batch holds is lost if the process dies or the disk fills first: only what can be
    /// fetched again belongs in one, and it is reported stored only once committed. A write
    /// that lost a race commits the batch before it (so that the other process, perhaps
    /// waiting on its rows, goes on) and runs again in a batch of its own.
    pub fn write_batched<T, E: MaybeStore>(
        &self,
        mut f: impl FnMut(&dyn Sql) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut attempt = 1;
        loop {
            if self.batched.get() == 0 {
                self.begin()?;
            }
            self.control("SAVEPOINT item")?;
            // Counted open even if `f` fails: the batch's transaction is.
            self.batched.set(self.batched.get() + 1);
            match f(self.db()) {
                Ok(value) => {
                    self.control("RELEASE item")?;
                    return Ok(value);
                }
                Err(e) => {
                    self.control("ROLLBACK TO item")?;
                    self.control("RELEASE item")?;
                    if !again(&e, &mut attempt) {
                        return Err(e);
                    }
                    self.commit_batch()?;
                }
            }
        }
    }

    /// Commits the writes of [`Store::write_batched`] so far, if any.
    pub fn commit_batch(&self) -> Result<(), StoreError> {
        if self.batched.replace(0) > 0 {
            self.control("COMMIT")?;
        }
        Ok(())
    }
}

/// How many times a write that keeps losing races is run before its error is given.
const RACES: u32 = 5;

/// Whether a write that failed with `e`, on its `attempt`th run, runs again (counting it).
fn again(e: &impl MaybeStore, attempt: &mut u32) -> bool {
    let race = e.as_store().is_some_and(StoreError::lost_race) && *attempt < RACES;
    if race {
        tracing::debug!(
            "a write lost a race with another process (run {attempt}); running it again"
        );
        *attempt += 1;
    }
    race
}

/// The error of a write: perhaps the store's own, which may have lost a race.
pub trait MaybeStore: From<StoreError> {
    /// The store's error this is, if it is one.
    fn as_store(&self) -> Option<&StoreError>;
}

impl MaybeStore for StoreError {
    fn as_store(&self) -> Option<&StoreError> {
        Some(self)
    }
}

/// A lock that every host using a shared store sees, held in the database.
#[derive(Debug, Clone, Copy)]
pub enum SharedLock<'a> {
    /// A host's token for the leases it takes ([`leases`]), held while it syncs.
    Holder(i32),
    /// An account's token, held by the host refreshing it.
    Refresh { provider: &'a str, account: &'a str },
}

impl SharedLock<'_> {
    /// The lock's two-part key: its class ("vs", "vr") and its number in it.
    fn key(&self) -> (i64, i64) {
        match self {
            SharedLock::Holder(token) => (0x7668, i64::from(*token)),
            SharedLock::Refresh { provider, account } => {
                use sha2::Digest as _;
                let digest = sha2::Sha256::digest(format!("{provider}\0{account}"));
                let n = i32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
                (0x7672, i64::from(n))
            }
        }
    }
}

/// A [`SharedLock`] this process holds, until dropped or its connection ends, however the
/// process ends.
pub struct Locked<'a> {
    store: &'a Store,
    key: (i64, i64),
}

impl Store {
    /// Whether this store is shared by several hosts (PostgreSQL), whose locks must then be
    /// the database's rather than files on one host.
    pub fn is_shared(&self) -> bool {
        matches!(self.engine, Engine::Postgres(_))
    }

    /// Takes `lock` in a shared store: waiting for it with `wait`, else `None` if another
    /// host holds it. A store file has no shared locks (its callers lock files beside it
    /// instead): always `None`.
    pub fn lock(&self, lock: SharedLock<'_>, wait: bool) -> Result<Option<Locked<'_>>, StoreError> {
        if !self.is_shared() {
            return Ok(None);
        }
        let key = lock.key();
        let params = sql::values![key.0, key.1];
        let taken = if wait {
            self.db().execute(
                "SELECT pg_advisory_lock(CAST(?1 AS INTEGER), CAST(?2 AS INTEGER))",
                params,
            )?;
            true
        } else {
            self.db().value(
                "SELECT pg_try_advisory_lock(CAST(?1 AS INTEGER), CAST(?2 AS INTEGER)) AS value",
                params,
            )?
        };
        Ok(taken.then_some(Locked { store: self, key }))
    }
}

impl Drop for Locked<'_> {
    fn drop(&mut self) {
        let let_go = self.store.db().execute(
            "SELECT pg_advisory_unlock(CAST(?1 AS INTEGER), CAST(?2 AS INTEGER))",
            sql::values![self.key.0, self.key.1],
        );
        if let Err(e) = let_go {
            tracing::warn!("a lock in the store is held until the connection ends: {e}");
        }
    }
}

/// A store file's connection while it is opened and checked.
struct File<'a> {
    conn: &'a Connection,
    path: &'a Path,
}

impl File<'_> {
    fn is_read_only(&self) -> bool {
        self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false)
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
        // that rebuilds a table must not cascade its deletes. [`Store::ready`] turns them on.
        self.conn.pragma_update(None, "foreign_keys", false)?;
        Ok(())
    }

    /// Turns an error on a store that looks damaged into [`StoreError::Corrupt`].
    fn diagnose(&self, e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
                path: self.path.to_path_buf(),
            },
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
                path: Some(self.path.to_path_buf()),
            },
            _ => StoreError::from(e),
        }
    }

    fn migrate(&self) -> Result<(), StoreError> {
        let version = self.user_version().map_err(|e| self.diagnose(e))?;
        if version as usize == MIGRATIONS.len() {
            return Ok(());
        }
        let apply = || -> Result<(), StoreError> {
            let tx = rusqlite::Transaction::new_unchecked(
                self.conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
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
                    path: self.path.to_path_buf(),
                });
            }
            tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)?;
            Ok(tx.commit()?)
        };
        apply().map_err(|e| match e {
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

    fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
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

    fn schema(&self) -> Result<(i64, usize), StoreError> {
        let found = self.user_version().map_err(|e| self.diagnose(e))?;
        Ok((found, MIGRATIONS.len()))
    }

    fn user_version(&self) -> rusqlite::Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
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
