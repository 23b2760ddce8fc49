//! Sources remembered by `sources add` (`synced_sources`), each with the ingest options it was
//! added with and how its last sync ended, and the items each produced (`synced_items`): what
//! `sync` ingests, what `sources list` counts and what `sources rm --forget-samples` removes.

use super::StoreError;
use super::samples::{self, SourceKey};
use super::sql::{Row, Sql, Value, values};

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

fn read(r: &Row<'_>) -> Result<Synced, StoreError> {
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
pub fn add(db: &dyn Sql, s: NewSynced<'_>, now: &str) -> Result<(i64, bool), StoreError> {
    let tags = serde_json::to_string(s.tags).unwrap_or_else(|_| "[]".into());
    let types = s.types.join(",");
    let known: Option<i64> = db.row(
        "SELECT id FROM synced_sources WHERE source = ?1",
        values![s.source],
        |r| r.get("id"),
    )?;
    match known {
        Some(id) => {
            db.execute(
                "UPDATE synced_sources SET kind = ?2, account = ?3, tags = ?4, types = ?5,
                     recursive = ?6 WHERE id = ?1",
                values![id, s.kind, s.account, tags, types, s.recursive],
            )?;
            Ok((id, false))
        }
        None => {
            let id = db.value(
                "INSERT INTO synced_sources (source, kind, account, tags, types, recursive, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id AS value",
                values![s.source, s.kind, s.account, tags, types, s.recursive, now],
            )?;
            Ok((id, true))
        }
    }
}

/// The source remembered under `id`.
pub fn get(db: &dyn Sql, id: i64) -> Result<Option<Synced>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM synced_sources WHERE id = ?1");
    db.row(&sql, values![id], read)
}

/// Every remembered source, in the order they were added.
pub fn list(db: &dyn Sql) -> Result<Vec<Synced>, StoreError> {
    db.rows(
        &format!("SELECT {COLUMNS} FROM synced_sources ORDER BY id"),
        &[],
        read,
    )
}

/// The source remembered as `name` (the SOURCE as given, or as stored: `absolute` is a local
/// path made absolute), else the one whose ID `name` is.
pub fn find(
    db: &dyn Sql,
    name: &str,
    absolute: Option<&str>,
) -> Result<Option<Synced>, StoreError> {
    let by = |column: &str, value: Value| -> Result<Option<Synced>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM synced_sources WHERE {column} = ?1");
        db.row(&sql, &[value], read)
    };
    if let Some(found) = by("source", name.into())? {
        return Ok(Some(found));
    }
    if let Some(path) = absolute
        && let Some(found) = by("source", path.into())?
    {
        return Ok(Some(found));
    }
    match name.parse::<i64>() {
        Ok(id) => by("id", id.into()),
        Err(_) => Ok(None),
    }
}

/// Forgets a source; with `forget_samples`, also the samples no other source (remembered or
/// ingested on its own) gives. Returns how many samples were removed.
pub fn remove(db: &dyn Sql, id: i64, forget_samples: bool) -> Result<u64, StoreError> {
    let mut removed = 0;
    if forget_samples {
        let seqs: Vec<i64> = db.rows(
            "SELECT DISTINCT src.sample FROM synced_items i JOIN sources src ON src.seq = i.item
             WHERE i.synced = ?1 AND NOT EXISTS (
                 SELECT 1 FROM sources other
                 WHERE other.sample = src.sample AND (
                     NOT EXISTS (SELECT 1 FROM synced_items mine
                                 WHERE mine.item = other.seq AND mine.synced = ?1)
                     OR EXISTS (SELECT 1 FROM synced_items theirs
                                WHERE theirs.item = other.seq AND theirs.synced <> ?1)))",
            values![id],
            |r| r.get("sample"),
        )?;
        samples::remove(db, &seqs)?;
        removed = seqs.len() as u64;
    }
    db.execute("DELETE FROM synced_sources WHERE id = ?1", values![id])?;
    Ok(removed)
}

/// Records that the item `key` is one of the source `id`'s.
pub fn link(db: &dyn Sql, id: i64, key: SourceKey<'_>) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO synced_items (synced, item)
         SELECT ?1, seq FROM sources WHERE source_type = ?2 AND account = ?3 AND source_key = ?4
         ON CONFLICT DO NOTHING",
        values![id, key.source_type, key.account, key.key],
    )?;
    Ok(())
}

/// The items of the source `id` that are not gone, as `(account, key)`.
pub fn live_items(db: &dyn Sql, id: i64) -> Result<Vec<(String, String)>, StoreError> {
    db.rows(
        "SELECT src.account, src.source_key FROM synced_items i JOIN sources src ON src.seq = i.item
         WHERE i.synced = ?1 AND src.gone_at IS NULL ORDER BY src.seq",
        values![id],
        |r| Ok((r.get("account")?, r.get("source_key")?)),
    )
}

/// Records how a sync of the source `id` ended: `error` is `None` for one that went well.
pub fn synced(db: &dyn Sql, id: i64, error: Option<&str>, now: &str) -> Result<(), StoreError> {
    db.execute(
        "UPDATE synced_sources SET last_sync_at = ?2, last_status = ?3, last_error = ?4
         WHERE id = ?1",
        values![
            id,
            now,
            if error.is_some() { "failed" } else { "ok" },
            error
        ],
    )?;
    Ok(())
}
