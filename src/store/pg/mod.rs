//! The PostgreSQL engine of the store, for a team whose hosts share one database: connecting
//! (within the connect timeout; what fails is told apart into unreachable, exit 75, and
//! refused, exit 5), its own numbered migrations applied under a lock in the database so
//! that two hosts never apply them at once, and what `store status` reports. The schema holds
//! the same tables as the SQLite store's, value for value, so `store migrate` copies between
//! them (store/copy.rs). It runs on the `postgres` crate's blocking client, which must not be
//! called from within an async runtime: commands use it before they start one.

use postgres::error::SqlState;

pub mod conn;
pub mod search;
pub mod tls;

use super::location::PgUrl;
use super::{Counts, StoreError};

/// The PostgreSQL engine's migrations, numbered apart from SQLite's. The schema version is
/// kept in `meta` under `schema_version`.
const MIGRATIONS: &[&str] = &[
    include_str!("0001_init.sql"),
    include_str!("0002_title_search.sql"),
    include_str!("0003_sync_leases.sql"),
    include_str!("0004_ocr.sql"),
];

/// The lock (`pg_advisory_xact_lock`) under which migrations run, on every host.
const MIGRATION_LOCK: i64 = 0x766f_6963_6574_7261; // "voicetra"

/// An open PostgreSQL store.
pub struct PgStore {
    client: postgres::Client,
    url: PgUrl,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PgStore({})", self.url.shown())
    }
}

impl PgStore {
    /// Connects to the store at `url` and brings its schema up to date, making it in an empty
    /// database.
    pub fn open(url: &PgUrl) -> Result<PgStore, StoreError> {
        let mut store = PgStore::connect(url)?;
        store.migrate()?;
        Ok(store)
    }

    /// Connects without touching the schema: for reading what is there (`store status`) and
    /// for filling an empty database (`store migrate`).
    pub fn connect(url: &PgUrl) -> Result<PgStore, StoreError> {
        let connected = match url.wants_tls() {
            true => url.config().connect(tls::connector(url)?),
            false => url.config().connect(postgres::NoTls),
        };
        let client = connected.map_err(|e| connect_error(url, e))?;
        Ok(PgStore {
            client,
            url: url.clone(),
        })
    }

    pub fn url(&self) -> &PgUrl {
        &self.url
    }

    pub fn client(&mut self) -> &mut postgres::Client {
        &mut self.client
    }

    /// The connection, for a [`conn::PgConn`] to run statements on.
    pub fn into_client(self) -> postgres::Client {
        self.client
    }

    /// The schema version found (0 where there is no store yet) and the one this voicetrain
    /// makes.
    pub fn schema(&mut self) -> Result<(i64, usize), StoreError> {
        let found = version(&mut self.client).map_err(|e| self.url.error(e))?;
        Ok((found, MIGRATIONS.len()))
    }

    /// Whether the database holds no voicetrain store yet.
    pub fn is_empty(&mut self) -> Result<bool, StoreError> {
        Ok(self.schema()?.0 == 0)
    }

    /// Applies the migrations not applied yet, in one transaction, under the migration lock:
    /// another host that got there first leaves nothing to do.
    fn migrate(&mut self) -> Result<(), StoreError> {
        if self.schema()?.0 == MIGRATIONS.len() as i64 {
            // The usual case, without taking the lock that every host's start would wait on.
            return Ok(());
        }
        let url = &self.url;
        let mut tx = self.client.transaction().map_err(|e| url.error(e))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(|e| url.error(e))?;
        apply(&mut tx, url).map_err(|e| e.into_store(url))?;
        tx.commit().map_err(|e| url.error(e))
    }

    /// What the store holds (nothing, where it has no schema yet).
    pub fn counts(&mut self) -> Result<Counts, StoreError> {
        if self.is_empty()? {
            return Counts::gather(|_| Ok(0));
        }
        let (client, url) = (&mut self.client, &self.url);
        Counts::gather(|table| {
            let n: i64 = client
                .query_one(&format!("SELECT count(*) FROM {table}"), &[])
                .map_err(|e| url.error(e))?
                .get(0);
            Ok(u64::try_from(n).unwrap_or(0))
        })
    }

    /// Whether this user may write the store: make its tables where there are none yet, else
    /// change its rows.
    pub fn may_write(&mut self) -> Result<bool, StoreError> {
        let sql = if self.is_empty()? {
            "SELECT has_schema_privilege(current_schema(), 'CREATE')"
        } else {
            "SELECT bool_and(has_table_privilege(t, p))
             FROM unnest(ARRAY['samples', 'sample_parts', 'oauth_tokens', 'sources']) t,
                  unnest(ARRAY['INSERT', 'UPDATE', 'DELETE']) p"
        };
        let row = self
            .client
            .query_one(sql, &[])
            .map_err(|e| self.url.error(e))?;
        Ok(row.get::<_, Option<bool>>(0).unwrap_or(false))
    }

    /// The bytes the store's tables and their indexes take in the database.
    pub fn size_bytes(&mut self) -> Result<u64, StoreError> {
        let row = self
            .client
            .query_one(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint
                 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = current_schema() AND c.relkind = 'r'",
                &[],
            )
            .map_err(|e| self.url.error(e))?;
        Ok(u64::try_from(row.get::<_, i64>(0)).unwrap_or(0))
    }
}

impl PgUrl {
    /// A failed statement on the store at this address as a store error: a lost connection
    /// is the store being unreachable, a refused permission a store problem.
    pub fn error(&self, e: postgres::Error) -> StoreError {
        let io = std::error::Error::source(&e).is_some_and(|c| c.is::<std::io::Error>());
        if e.is_closed() || io {
            return StoreError::Unreachable {
                store: self.shown().to_string(),
                why: reason(&e),
            };
        }
        if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) {
            return StoreError::Refused {
                store: self.shown().to_string(),
                why: reason(&e),
                missing_db: false,
            };
        }
        StoreError::Postgres(e)
    }
}

/// Why applying migrations failed.
pub enum Applied {
    Store(StoreError),
    Pg(postgres::Error),
}

impl Applied {
    pub fn into_store(self, url: &PgUrl) -> StoreError {
        match self {
            Applied::Store(e) => e,
            Applied::Pg(e) => url.error(e),
        }
    }
}

impl From<postgres::Error> for Applied {
    fn from(e: postgres::Error) -> Applied {
        Applied::Pg(e)
    }
}

/// Brings the schema seen by `tx` up to date (a database without one gets all of it); a
/// schema from a newer voicetrain is refused.
pub fn apply(tx: &mut postgres::Transaction<'_>, url: &PgUrl) -> Result<(), Applied> {
    let found = version(tx)?;
    let known = MIGRATIONS.len();
    if found < 0 || found as usize > known {
        return Err(Applied::Store(StoreError::TooNew {
            store: url.shown().to_string(),
            found,
            known,
        }));
    }
    if found as usize == known {
        // Up to date: nothing to write, which a user who may only read could not.
        return Ok(());
    }
    for sql in &MIGRATIONS[found as usize..] {
        tx.batch_execute(sql)?;
    }
    tx.execute(
        "INSERT INTO meta (name, value) VALUES ('schema_version', $1)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        &[&known.to_string()],
    )?;
    Ok(())
}

/// The schema version of the store `client` sees: 0 where it has no `meta` table.
fn version(client: &mut impl postgres::GenericClient) -> Result<i64, postgres::Error> {
    let exists: bool = client
        .query_one("SELECT to_regclass('meta') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let row = client.query_opt("SELECT value FROM meta WHERE name = 'schema_version'", &[])?;
    // A version that is no number is from no voicetrain this one knows.
    Ok(row.map_or(0, |r| r.get::<_, String>(0).parse().unwrap_or(-1)))
}

/// A connection that failed: refused by the server (credentials, a database that does not
/// exist, no permission) or never made (down, unreachable, too slow).
fn connect_error(url: &PgUrl, e: postgres::Error) -> StoreError {
    let store = url.shown().to_string();
    let why = reason(&e);
    match e.code() {
        Some(code) if is_refusal(code) => StoreError::Refused {
            store,
            why,
            missing_db: *code == SqlState::INVALID_CATALOG_NAME,
        },
        Some(_) => StoreError::Postgres(e),
        None if is_tls(&e) => StoreError::Untrusted { store, why },
        None => StoreError::Unreachable { store, why },
    }
}

/// Whether a connection failed in its TLS handshake (a certificate not trusted, a name that
/// does not match, a server without TLS), which no retry mends.
fn is_tls(e: &postgres::Error) -> bool {
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        if c.is::<rustls::Error>()
            || c.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .is_some_and(|inner| inner.is::<rustls::Error>())
        {
            return true;
        }
        cause = c.source();
    }
    // The server said it does not speak TLS.
    e.to_string().contains("TLS") || e.to_string().contains("SSL")
}

fn is_refusal(code: &SqlState) -> bool {
    [
        SqlState::INVALID_PASSWORD,
        SqlState::INVALID_AUTHORIZATION_SPECIFICATION,
        SqlState::INVALID_CATALOG_NAME,
        SqlState::INSUFFICIENT_PRIVILEGE,
    ]
    .contains(code)
}

/// The server's own message where it sent one, else the client's, with its cause.
pub fn reason(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    match std::error::Error::source(e) {
        Some(cause) => format!("{e}: {cause}"),
        None => e.to_string(),
    }
}
