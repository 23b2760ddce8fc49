//! Copying a whole store into a new one (`store migrate --to FILE`): the new store is made
//! with this voicetrain's schema, every table's rows are copied in one transaction, the search
//! index is rebuilt from them, and each table is checked row for row (a count and a digest of
//! every value, on both sides) before the transaction commits. The source is only read; a
//! copy that fails leaves no file behind.

use std::path::{Path, PathBuf};

use rusqlite::types::ValueRef;
use sha2::{Digest as _, Sha256};

use super::{Counts, Store, StoreError};

/// The tables other tables' keys refer to, each before those that refer to it.
const PARENTS: [&str; 3] = ["samples", "synced_sources", "sources"];

/// What a copy came to.
#[derive(Debug)]
pub struct Copied {
    pub path: PathBuf,
    pub counts: Counts,
    /// Tables copied and checked.
    pub tables: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("{0} exists: a store is copied only into a new file")]
    Exists(PathBuf),
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

impl Store {
    /// Copies this store into a new store file at `target`.
    pub fn copy_to(&self, target: &Path) -> Result<Copied, CopyError> {
        if target.exists() {
            return Err(CopyError::Exists(target.to_path_buf()));
        }
        // Made with the schema, then closed: it is filled through this connection.
        drop(Store::open_file(target)?);
        let copied = self.fill(target);
        if copied.is_err() {
            for suffix in ["", "-wal", "-shm"] {
                let mut path = target.as_os_str().to_owned();
                path.push(suffix);
                let _ = std::fs::remove_file(path);
            }
        }
        copied
    }

    fn fill(&self, target: &Path) -> Result<Copied, CopyError> {
        self.commit_batch()?;
        self.conn.execute(
            "ATTACH DATABASE ?1 AS copy",
            [target.to_string_lossy().as_ref()],
        )?;
        let filled = (|| {
            let tx = rusqlite::Transaction::new_unchecked(
                &self.conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
            let tables = self.tables()?;
            for table in &tables {
                // Both made by the same migrations: the same columns, in the same order.
                tx.execute(
                    &format!("INSERT INTO copy.{table} SELECT * FROM main.{table}"),
                    [],
                )?;
            }
            tx.execute(
                "INSERT INTO copy.sample_search (sample_search) VALUES ('rebuild')",
                [],
            )?;
            for table in &tables {
                let (ours, theirs) = (self.digest("main", table)?, self.digest("copy", table)?);
                if ours != theirs {
                    let why = if ours.0 == theirs.0 {
                        "the same rows in number, not in content".to_string()
                    } else {
                        format!("{} rows here, {} there", ours.0, theirs.0)
                    };
                    return Err(CopyError::Mismatch {
                        table: table.clone(),
                        why,
                    });
                }
            }
            tx.commit()?;
            Ok(tables.len())
        })();
        self.conn.execute("DETACH DATABASE copy", [])?;
        let tables = filled?;
        Ok(Copied {
            path: target.to_path_buf(),
            counts: self.counts()?,
            tables,
        })
    }

    /// The store's tables, but the search index's own (rebuilt, not copied), those that
    /// others' keys refer to first.
    fn tables(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(
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
        Ok(names)
    }

    /// A table's rows in number, and a digest of every value in them, in the order of their
    /// values (some tables have no rowid).
    fn digest(&self, db: &str, table: &str) -> Result<(u64, [u8; 32]), StoreError> {
        let all = format!("SELECT * FROM {db}.{table}");
        let columns = self.conn.prepare(&all)?.column_count();
        let order: Vec<String> = (1..=columns).map(|i| i.to_string()).collect();
        let mut stmt = self
            .conn
            .prepare(&format!("{all} ORDER BY {}", order.join(", ")))?;
        let mut rows = stmt.query([])?;
        let (mut n, mut hash) = (0u64, Sha256::new());
        while let Some(row) = rows.next()? {
            n += 1;
            for i in 0..columns {
                match row.get_ref(i)? {
                    ValueRef::Null => hash.update([0]),
                    ValueRef::Integer(v) => {
                        hash.update([1]);
                        hash.update(v.to_le_bytes());
                    }
                    ValueRef::Real(v) => {
                        hash.update([2]);
                        hash.update(v.to_le_bytes());
                    }
                    ValueRef::Text(v) | ValueRef::Blob(v) => {
                        hash.update([3]);
                        hash.update((v.len() as u64).to_le_bytes());
                        hash.update(v);
                    }
                }
            }
        }
        Ok((n, hash.finalize().into()))
    }
}
