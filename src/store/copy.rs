//! Copying a whole store into a new one (`store migrate --to FILE|URL`), between the two
//! engines either way or from file to file: the new store is made with this voicetrain's
//! schema, every table's rows are copied in one transaction (on PostgreSQL the schema too),
//! the search index is rebuilt from them, and each table is checked before the transaction
//! commits: the same rows on both sides, by a count and a digest of every value (taken in
//! no order, so the engines' sort orders do not matter). The source is only read; a copy that
//! fails leaves no file behind and an empty database empty.

use std::collections::BTreeSet;
use std::path::Path;

use postgres::fallible_iterator::FallibleIterator as _;
use postgres::types::ToSql;
use rusqlite::types::Value;
use sha2::{Digest as _, Sha256};

use super::location::PgUrl;
use super::pg::{self, PgStore};
use super::{Counts, Store, StoreError};

/// The tables other tables' keys refer to, each before those that refer to it.
const PARENTS: [&str; 3] = ["samples", "synced_sources", "sources"];

/// What a copy came to.
#[derive(Debug)]
pub struct Copied {
    /// Where the new store is, as shown.
    pub to: String,
    pub counts: Counts,
    /// Tables copied and checked.
    pub tables: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("{0} exists: a store is copied only into a new file")]
    Exists(String),
    #[error(
        "the database {0} holds a voicetrain store already: a store is copied only into an empty one"
    )]
    NotEmpty(String),
    #[error("the copy's table {table} does not match the store's ({why}); nothing was written")]
    Mismatch { table: String, why: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<rusqlite::Error> for CopyError {
    fn from(e: rusqlite::Error) -> CopyError {
        CopyError::Store(e.into())
    }
}

/// A table to copy: its name and the columns that hold data (not computed ones), by name.
struct Table {
    name: String,
    columns: Vec<String>,
}

impl Table {
    fn select(&self) -> String {
        // The key rotation's and the schema's own facts belong to each store, not its data.
        let only = if self.name == "meta" {
            " WHERE name <> 'schema_version'"
        } else {
            ""
        };
        format!(
            "SELECT {} FROM {}{only}",
            self.columns.join(", "),
            self.name
        )
    }

    fn insert(&self, placeholder: impl Fn(usize) -> String) -> String {
        let values: Vec<String> = (1..=self.columns.len()).map(placeholder).collect();
        format!(
            "INSERT INTO {} ({}) VALUES ({})",
            self.name,
            self.columns.join(", "),
            values.join(", ")
        )
    }
}

impl Store {
    /// Copies this store into a new store file at `target`.
    pub fn copy_to(&self, target: &Path) -> Result<Copied, CopyError> {
        let (conn, path) = self.file("copying a store file")?;
        into_new_file(target, |copy| {
            self.commit_batch()?;
            let tables = sqlite_tables(conn)?;
            let (copy_conn, _) = copy.file("copying into a store file")?;
            copy_conn.execute(
                "ATTACH DATABASE ?1 AS source",
                [path.to_string_lossy().as_ref()],
            )?;
            let filled = (|| {
                let tx = copy_conn.unchecked_transaction()?;
                for table in &tables {
                    tx.execute(
                        &format!(
                            "INSERT INTO main.{0} ({1}) SELECT {1} FROM source.{0}",
                            table.name,
                            table.columns.join(", ")
                        ),
                        [],
                    )?;
                }
                Ok::<_, CopyError>(tx)
            })();
            let tx = filled?;
            let checked = finish_file(copy, &tables, |t| sqlite_digest(conn, t));
            if checked.is_ok() {
                tx.commit()?;
            }
            drop(copy_conn.execute("DETACH DATABASE source", []));
            checked.map(|()| (tables.len(), self.counts()))
        })
    }

    /// Copies this store into the empty PostgreSQL database at `url`, schema and all, in one
    /// transaction there.
    pub fn copy_to_postgres(&self, url: &PgUrl) -> Result<Copied, CopyError> {
        let (conn, _) = self.file("copying a store file")?;
        self.commit_batch()?;
        let mut target = PgStore::connect(url)?;
        if !target.is_empty()? {
            return Err(CopyError::NotEmpty(url.shown().to_string()));
        }
        let tables = sqlite_tables(conn)?;
        let pg_error = |e| url.error(e);
        let mut tx = target.client().transaction().map_err(pg_error)?;
        pg::apply(&mut tx, url).map_err(|e| e.into_store(url))?;
        let types = pg_columns(&mut tx, &tables, pg_error)?;
        for (table, types) in tables.iter().zip(&types) {
            let insert = tx
                .prepare(&table.insert(|i| format!("${i}")))
                .map_err(pg_error)?;
            let mut stmt = conn.prepare(&table.select())?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let mut params: Vec<Box<dyn ToSql + Sync>> = Vec::with_capacity(types.len());
                for (i, ty) in types.iter().enumerate() {
                    params.push(pg_param(table, i, ty, row.get(i)?)?);
                }
                let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
                tx.execute(&insert, &refs).map_err(pg_error)?;
            }
        }
        for (table, types) in tables.iter().zip(&types) {
            let ours = sqlite_digest(conn, table)?;
            let theirs = pg_digest(&mut tx, table, types).map_err(pg_error)?;
            compare(table, ours, theirs)?;
        }
        restart_identities(&mut tx).map_err(pg_error)?;
        tx.commit().map_err(pg_error)?;
        Ok(Copied {
            to: url.shown().to_string(),
            counts: target.counts()?,
            tables: tables.len(),
        })
    }
}

impl PgStore {
    /// Copies this PostgreSQL store into a new store file at `target`.
    pub fn copy_to(&mut self, target: &Path) -> Result<Copied, CopyError> {
        let url = self.url().clone();
        into_new_file(target, |copy| {
            let (copy_conn, _) = copy.file("copying into a store file")?;
            let tables = sqlite_tables(copy_conn)?;
            let pg_error = |e| url.error(e);
            // One snapshot of the whole store, however long the copy takes.
            let mut read = self
                .client()
                .build_transaction()
                .isolation_level(postgres::IsolationLevel::RepeatableRead)
                .read_only(true)
                .start()
                .map_err(pg_error)?;
            let types = pg_columns(&mut read, &tables, pg_error)?;
            let tx = copy_conn.unchecked_transaction()?;
            for (table, types) in tables.iter().zip(&types) {
                let mut insert = tx.prepare(&table.insert(|i| format!("?{i}")))?;
                let mut rows = read
                    .query_raw(&table.select(), std::iter::empty::<i64>())
                    .map_err(pg_error)?;
                while let Some(row) = rows.next().map_err(pg_error)? {
                    let values = pg_values(&row, types).map_err(pg_error)?;
                    insert.execute(rusqlite::params_from_iter(values))?;
                }
            }
            let mut types = types.iter();
            finish_file(copy, &tables, |t| {
                let types = types.next().map_or(&[][..], Vec::as_slice);
                pg_digest(&mut read, t, types).map_err(pg_error)
            })?;
            tx.commit()?;
            Ok((tables.len(), copy.counts()))
        })
    }
}

/// Makes a new store file at `target` with the schema, lets `fill` copy into it (returning
/// the tables copied and the counts), and removes the file again if anything failed.
fn into_new_file(
    target: &Path,
    fill: impl FnOnce(&Store) -> Result<(usize, Result<Counts, StoreError>), CopyError>,
) -> Result<Copied, CopyError> {
    if target.exists() {
        return Err(CopyError::Exists(target.display().to_string()));
    }
    let copied = Store::open_path(target)
        .map_err(CopyError::from)
        .and_then(|copy| {
            let (tables, counts) = fill(&copy)?;
            Ok((tables, counts?))
        });
    match copied {
        Ok((tables, counts)) => Ok(Copied {
            to: target.display().to_string(),
            counts,
            tables,
        }),
        Err(e) => {
            for suffix in ["", "-wal", "-shm"] {
                let mut path = target.as_os_str().to_owned();
                path.push(suffix);
                let _ = std::fs::remove_file(path);
            }
            Err(e)
        }
    }
}

/// Rebuilds the new file's search index from what was copied into it, then checks every
/// table against the source's digest of it.
fn finish_file(
    copy: &Store,
    tables: &[Table],
    mut source: impl FnMut(&Table) -> Result<(u64, [u8; 32]), StoreError>,
) -> Result<(), CopyError> {
    let (conn, _) = copy.file("copying into a store file")?;
    conn.execute(
        "INSERT INTO sample_search (sample_search) VALUES ('rebuild')",
        [],
    )?;
    for table in tables {
        compare(table, source(table)?, sqlite_digest(conn, table)?)?;
    }
    Ok(())
}

fn compare(table: &Table, ours: (u64, [u8; 32]), theirs: (u64, [u8; 32])) -> Result<(), CopyError> {
    if ours == theirs {
        return Ok(());
    }
    let why = if ours.0 == theirs.0 {
        "the same rows in number, not in content".to_string()
    } else {
        format!("{} rows here, {} there", ours.0, theirs.0)
    };
    Err(CopyError::Mismatch {
        table: table.name.clone(),
        why,
    })
}

/// A SQLite store's tables, but the search index's own (rebuilt, not copied), those that
/// others' keys refer to first, each with its columns.
fn sqlite_tables(conn: &rusqlite::Connection) -> Result<Vec<Table>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT name FROM main.sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'sample_search%' ORDER BY name",
    )?;
    let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut names: Vec<String> = names.collect::<Result<_, _>>()?;
    let rank = |name: &str| {
        PARENTS
            .iter()
            .position(|p| *p == name)
            .unwrap_or(PARENTS.len())
    };
    names.sort_by_key(|n| rank(n));
    let mut columns = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY name")?;
    names
        .into_iter()
        .map(|name| {
            let cols = columns.query_map([&name], |r| r.get::<_, String>(0))?;
            Ok(Table {
                columns: cols.collect::<Result<_, _>>()?,
                name,
            })
        })
        .collect()
}

/// The PostgreSQL types of `tables`' columns, in their order; a table or column that the
/// database lacks, or one it has that the SQLite store lacks, is a mismatch of schemas.
fn pg_columns(
    client: &mut impl postgres::GenericClient,
    tables: &[Table],
    pg_error: impl Fn(postgres::Error) -> StoreError,
) -> Result<Vec<Vec<String>>, CopyError> {
    let mut all = Vec::with_capacity(tables.len());
    for table in tables {
        let rows = client
            .query(
                "SELECT column_name::text, data_type::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = $1
                 AND is_generated = 'NEVER'",
                &[&table.name],
            )
            .map_err(&pg_error)?;
        let found: std::collections::HashMap<String, String> =
            rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        let theirs: BTreeSet<&String> = found.keys().collect();
        let ours: BTreeSet<&String> = table.columns.iter().collect();
        if theirs != ours {
            let differ: Vec<&str> = theirs
                .symmetric_difference(&ours)
                .map(|c| c.as_str())
                .collect();
            return Err(CopyError::Mismatch {
                table: table.name.clone(),
                why: format!("the engines' schemas differ in {}", differ.join(", ")),
            });
        }
        all.push(table.columns.iter().map(|c| found[c].clone()).collect());
    }
    Ok(all)
}

/// A SQLite value as a parameter for a PostgreSQL column of type `ty`.
fn pg_param(
    table: &Table,
    i: usize,
    ty: &str,
    value: Value,
) -> Result<Box<dyn ToSql + Sync>, CopyError> {
    Ok(match (ty, value) {
        ("bigint", Value::Integer(v)) => Box::new(v),
        ("bigint", Value::Null) => Box::new(None::<i64>),
        ("text", Value::Text(v)) => Box::new(v),
        ("text", Value::Null) => Box::new(None::<String>),
        ("bytea", Value::Blob(v)) => Box::new(v),
        ("bytea", Value::Null) => Box::new(None::<Vec<u8>>),
        ("double precision", Value::Real(v)) => Box::new(v),
        ("double precision", Value::Null) => Box::new(None::<f64>),
        (ty, value) => {
            let column = table.columns.get(i).map_or("?", String::as_str);
            let ty = if ty.is_empty() { "no such column" } else { ty };
            return Err(CopyError::Mismatch {
                table: table.name.clone(),
                why: format!(
                    "column {column} holds {:?} here, {ty} there",
                    value.data_type()
                ),
            });
        }
    })
}

/// A PostgreSQL row's values as SQLite values, by the columns' types.
fn pg_values(row: &postgres::Row, types: &[String]) -> Result<Vec<Value>, postgres::Error> {
    types
        .iter()
        .enumerate()
        .map(|(i, ty)| {
            Ok(match ty.as_str() {
                "bigint" => row.try_get::<_, Option<i64>>(i)?.map(Value::Integer),
                "bytea" => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob),
                "double precision" => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
                _ => row.try_get::<_, Option<String>>(i)?.map(Value::Text),
            }
            .unwrap_or(Value::Null))
        })
        .collect()
}

/// A table's rows in number, and a digest of every value in them, in no order.
#[derive(Default)]
struct RowDigest {
    rows: Vec<[u8; 32]>,
}

impl RowDigest {
    fn add(&mut self, values: &[Value]) {
        let mut hash = Sha256::new();
        for value in values {
            match value {
                Value::Null => hash.update([0]),
                Value::Integer(v) => {
                    hash.update([1]);
                    hash.update(v.to_le_bytes());
                }
                Value::Real(v) => {
                    hash.update([2]);
                    hash.update(v.to_le_bytes());
                }
                Value::Text(v) => {
                    hash.update([3]);
                    hash.update((v.len() as u64).to_le_bytes());
                    hash.update(v.as_bytes());
                }
                Value::Blob(v) => {
                    hash.update([4]);
                    hash.update((v.len() as u64).to_le_bytes());
                    hash.update(v);
                }
            }
        }
        self.rows.push(hash.finalize().into());
    }

    fn finish(mut self) -> (u64, [u8; 32]) {
        self.rows.sort_unstable();
        let mut hash = Sha256::new();
        for row in &self.rows {
            hash.update(row);
        }
        (self.rows.len() as u64, hash.finalize().into())
    }
}

fn sqlite_digest(
    conn: &rusqlite::Connection,
    table: &Table,
) -> Result<(u64, [u8; 32]), StoreError> {
    let mut stmt = conn.prepare(&table.select())?;
    let mut rows = stmt.query([])?;
    let mut digest = RowDigest::default();
    while let Some(row) = rows.next()? {
        let values: Vec<Value> = (0..table.columns.len())
            .map(|i| row.get(i))
            .collect::<Result<_, _>>()?;
        digest.add(&values);
    }
    Ok(digest.finish())
}

fn pg_digest(
    client: &mut impl postgres::GenericClient,
    table: &Table,
    types: &[String],
) -> Result<(u64, [u8; 32]), postgres::Error> {
    let mut rows = client.query_raw(&table.select(), std::iter::empty::<i64>())?;
    let mut digest = RowDigest::default();
    while let Some(row) = rows.next()? {
        digest.add(&pg_values(&row, types)?);
    }
    Ok(digest.finish())
}

/// Sets each identity column's sequence past the highest value copied, so that the rows the
/// store adds next get new keys.
fn restart_identities(client: &mut impl postgres::GenericClient) -> Result<(), postgres::Error> {
    let identities = client.query(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND is_identity = 'YES'",
        &[],
    )?;
    for row in identities {
        let (table, column): (String, String) = (row.get(0), row.get(1));
        client.execute(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), max({column})) \
                 FROM {table} HAVING max({column}) IS NOT NULL"
            ),
            &[],
        )?;
    }
    Ok(())
}
