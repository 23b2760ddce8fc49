//! The near-duplicate signatures kept beside the samples (`signatures`): read with the
//! samples a dataset covers, written for those that had none or a stale one. What a
//! signature is, and how it is made, is `dataset::near`'s business; here it is bytes.

use super::StoreError;
use super::samples::{DATE, Filter};
use super::sql::{Sql, Value, values};

/// A sample a dataset may take, as far as finding its near-duplicates needs.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub seq: i64,
    pub id: String,
    pub sha256: String,
    /// When it was written, as far as is known (RFC 3339).
    pub date: String,
    /// Its signature made by `scheme` from its present text, if one is kept.
    pub signature: Option<Vec<u8>>,
}

/// Calls `each` with every sample matching `filter`, oldest first, with its signature where
/// one made by `scheme` from its present text is kept.
pub fn candidates<E: From<StoreError>>(
    db: &dyn Sql,
    filter: Filter<'_>,
    scheme: &str,
    mut each: impl FnMut(Candidate) -> Result<(), E>,
) -> Result<(), E> {
    let (cond, filtered) = filter.sql(db.dialect(), 2);
    let mut values = vec![Value::from(scheme)];
    values.extend(filtered);
    let sql = format!(
        "SELECT s.seq, s.id, s.sha256, {DATE} AS date, g.signature \
         FROM samples s LEFT JOIN signatures g \
              ON g.sample = s.seq AND g.sha256 = s.sha256 AND g.scheme = ?1{cond} \
         ORDER BY s.seq"
    );
    db.each_as(&sql, &values, |r| {
        each(Candidate {
            seq: r.get("seq")?,
            id: r.get("id")?,
            sha256: r.get("sha256")?,
            date: r.get("date")?,
            signature: r.get("signature")?,
        })
    })
}

/// Keeps signatures made by `scheme`: (sample, the sha256 of the text it was made from, the
/// signature), replacing what was kept for those samples.
pub fn save(db: &dyn Sql, scheme: &str, made: &[(i64, &str, Vec<u8>)]) -> Result<(), StoreError> {
    for (seq, sha256, signature) in made {
        db.execute(
            "INSERT INTO signatures (sample, sha256, scheme, signature) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (sample) DO UPDATE SET sha256 = excluded.sha256,
                 scheme = excluded.scheme, signature = excluded.signature",
            values![*seq, *sha256, scheme, signature],
        )?;
    }
    Ok(())
}
