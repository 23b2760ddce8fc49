//! Sources remembered by `sources add` (`synced_sources`), each with the ingest options it was
//! added with and how its last sync ended, and the items each produced (`synced_items`): what
//! `sync` ingests, what `sources list` counts and what `sources rm --forget-samples` removes.

use rusqlite::{Connection, OptionalExtension as _, Row, params};

use super::StoreError;
use super::samples::{self, SourceKey};

/// A remembered source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synced {
    pub id: i64,
    /// The SOURCE as given; a local path made absolute.
    pub source: String,
    /// The kind of source that claimed it.
    pub kind: String,
    /// The account it is read as; `None`: the default one at each sync.
    pub account: Option<String>,
    pub tags: Vec<String>,
    /// `--types`, as named on the command line; empty for every type.
    pub types: Vec<String>,
    pub recursive: bool,
    pub added_at: String,
    pub last_sync_at: Option<String>,
    /// `ok` or `failed`.
    pub last_status: Option<String>,
    pub last_error: Option<String>,
    /// The samples it produced that are not gone.
    pub items: i64,
}

/// What `sources add` remembers of a source.
#[derive(Debug, Clone, Copy)]
pub struct NewSynced<'a> {
    pub source: &'a str,
    pub kind: &'a str,
    pub account: Option<&'a str>,
    pub tags: &'a [String],
    pub types: &'a [String],
    pub recursive: bool,
}

const COLUMNS: &str = "id, source, kind, account, tags, types, recursive, added_at, \
     last_sync_at, last_status, last_error, \
     (SELECT count(DISTINCT src.sample) FROM synced_items i
        JOIN sources src ON src.seq = i.item JOIN samples s ON s.seq = src.sample
      WHERE i.synced = synced_sources.id AND s.gone_at IS NULL) AS items";

fn read(r: &Row<'_>) -> rusqlite::Result<Synced> {
    let tags: String = r.get("tags")?;
    let types: String = r.get("types")?;
    Ok(Synced {
        id: r.get("id")?,
        source: r.get("source")?,
        kind: r.get("kind")?,
        account: r.get("account")?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        types: types
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        recursive: r.get("recursive")?,
        added_at: r.get("added_at")?,
        last_sync_at: r.get("last_sync_at")?,
        last_status: r.get("last_status")?,
        last_error: r.get("last_error")?,
        items: r.get("items")?,
    })
}

/// Remembers `s`, or gives the source of that name its new options: `(id, whether it is new)`.
pub fn add(conn: &Connection, s: NewSynced<'_>, now: &str) -> Result<(i64, bool), StoreError> {
    let tags = serde_json::to_string(s.tags).unwrap_or_else(|_| "[]".into());
    let types = s.types.join(",");
    let known: Option<i64> = conn
        .query_row(
            "SELECT id FROM synced_sources WHERE source = ?1",
            [s.source],
            |r| r.get(0),
        )
        .optional()?;
    match known {
        Some(id) => {
            conn.execute(
                "UPDATE synced_sources SET kind = ?2, account = ?3, tags = ?4, types = ?5,
                     recursive = ?6 WHERE id = ?1",
                params![id, s.kind, s.account, tags, types, s.recursive],
            )?;
            Ok((id, false))
        }
        None => {
            conn.execute(
                "INSERT INTO synced_sources (source, kind, account, tags, types, recursive, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![s.source, s.kind, s.account, tags, types, s.recursive, now],
            )?;
            Ok((conn.last_insert_rowid(), true))
        }
    }
}

/// The source remembered under `id`.
pub fn get(conn: &Connection, id: i64) -> Result<Option<Synced>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM synced_sources WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], read).optional()?)
}

/// Every remembered source, in the order they were added.
pub fn list(conn: &Connection) -> Result<Vec<Synced>, StoreError> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM synced_sources ORDER BY id"))?;
    let rows = stmt.query_map([], read)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The source remembered as `name` (the SOURCE as given, or as stored: `absolute` is a local
/// path made absolute), else the one whose ID `name` is.
pub fn find(
    conn: &Connection,
    name: &str,
    absolute: Option<&str>,
) -> Result<Option<Synced>, StoreError> {
    let by = |column: &str, value: &dyn rusqlite::ToSql| -> Result<Option<Synced>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM synced_sources WHERE {column} = ?1");
        Ok(conn.query_row(&sql, [value], read).optional()?)
    };
    if let Some(found) = by("source", &name)? {
        return Ok(Some(found));
    }
    if let Some(path) = absolute
        && let Some(found) = by("source", &path)?
    {
        return Ok(Some(found));
    }
    match name.parse::<i64>() {
        Ok(id) => by("id", &id),
        Err(_) => Ok(None),
    }
}

/// Forgets a source; with `forget_samples`, also the samples no other source (remembered or
/// ingested on its own) gives. Returns how many samples were removed.
pub fn remove(conn: &Connection, id: i64, forget_samples: bool) -> Result<u64, StoreError> {
    let mut removed = 0;
    if forget_samples {
        let mut stmt = conn.prepare(
            "SELECT DISTINCT src.sample FROM synced_items i JOIN sources src ON src.seq = i.item
             WHERE i.synced = ?1 AND NOT EXISTS (
                 SELECT 1 FROM sources other
                 WHERE other.sample = src.sample AND (
                     NOT EXISTS (SELECT 1 FROM synced_items mine
                                 WHERE mine.item = other.seq AND mine.synced = ?1)
                     OR EXISTS (SELECT 1 FROM synced_items theirs
                                WHERE theirs.item = other.seq AND theirs.synced <> ?1)))",
        )?;
        let seqs = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        samples::remove(conn, &seqs)?;
        removed = seqs.len() as u64;
    }
    conn.execute("DELETE FROM synced_sources WHERE id = ?1", [id])?;
    Ok(removed)
}

/// Records that the item `key` is one of the source `id`'s.
pub fn link(conn: &Connection, id: i64, key: SourceKey<'_>) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO synced_items (synced, item)
         SELECT ?1, seq FROM sources WHERE source_type = ?2 AND account = ?3 AND source_key = ?4",
    )?
    .execute(params![id, key.source_type, key.account, key.key])?;
    Ok(())
}

/// The items of the source `id` that are not gone, as `(account, key)`.
pub fn live_items(conn: &Connection, id: i64) -> Result<Vec<(String, String)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT src.account, src.source_key FROM synced_items i JOIN sources src ON src.seq = i.item
         WHERE i.synced = ?1 AND src.gone_at IS NULL ORDER BY src.seq",
    )?;
    let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records how a sync of the source `id` ended: `error` is `None` for one that went well.
pub fn synced(
    conn: &Connection,
    id: i64,
    error: Option<&str>,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE synced_sources SET last_sync_at = ?2, last_status = ?3, last_error = ?4
         WHERE id = ?1",
        params![
            id,
            now,
            if error.is_some() { "failed" } else { "ok" },
            error
        ],
    )?;
    Ok(())
}
