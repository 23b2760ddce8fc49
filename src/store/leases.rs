//! Leases on the items of a remembered source, so that syncs of one source on several hosts
//! at once split its items between them (a shared store only; a store file has one sync at a
//! time). Every host lists the source; before fetching an item a host claims its lease, and
//! the hosts that find it claimed pass it by. A lease is held by a host's token, which is live
//! while that host holds an advisory lock on it ([`SharedLock::Holder`]: let go the moment
//! its connection ends, however the host ends) and until the lease's time runs out unless
//! renewed (a host that hangs, or a machine that vanishes without closing its connection).
//!
//! Claiming is one atomic upsert, not `SELECT ... FOR UPDATE SKIP LOCKED` and an update: the
//! row lock the upsert takes makes a second claimant wait the length of one statement and
//! then see the first one's lease, which is what skipping a locked row would say, without a
//! transaction around it.

use super::samples::SourceKey;
use super::sql::{Sql, values};
use super::{Locked, SharedLock, Store, StoreError};

/// How long a lease holds without renewal; [`renew`] runs well within it.
pub const LEASE_MS: i64 = 60_000;

/// The database's clock, in Unix ms: one clock for every host, whatever theirs say.
const NOW: &str = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

/// Whether the lease in row `l` is held: by a live token, in time, and not given up failed.
const HELD: &str = "(NOT l.failed AND l.until_ms > CAST(EXTRACT(EPOCH FROM clock_timestamp()) \
     * 1000 AS BIGINT) AND EXISTS (SELECT 1 FROM pg_locks k WHERE k.locktype = 'advisory' \
     AND k.classid = 30312 AND k.objid = CAST(l.holder AS OID) AND k.objsubid = 2 AND k.granted))";

/// A host's hold on the items of one remembered source: its token, live while [`Holder`]
/// lives.
#[derive(Debug, Clone, Copy)]
pub struct Lease {
    pub synced: i64,
    token: i32,
}

/// This host's token, held (and so live) until dropped.
pub struct Holder<'a> {
    token: i32,
    _locked: Locked<'a>,
}

impl Holder<'_> {
    /// Takes a token no other host holds, in a shared store.
    pub fn take(store: &Store) -> Result<Holder<'_>, StoreError> {
        loop {
            let mut bytes = [0; 4];
            // Failing to get randomness from the OS is not something to recover from.
            #[allow(clippy::expect_used)]
            getrandom::fill(&mut bytes).expect("the OS random number generator failed");
            // Positive, so that it reads the same as the lock's object ID.
            let token = i32::from_be_bytes(bytes) & i32::MAX;
            if let Some(locked) = store.lock(SharedLock::Holder(token), false)? {
                return Ok(Holder {
                    token,
                    _locked: locked,
                });
            }
        }
    }

    /// The lease this holder takes on the items of the remembered source `synced`.
    pub fn lease(&self, synced: i64) -> Lease {
        Lease {
            synced,
            token: self.token,
        }
    }
}

/// Claims the item `key` for this host: `false` if another host holds it.
pub fn claim(db: &dyn Sql, lease: &Lease, key: SourceKey<'_>) -> Result<bool, StoreError> {
    let claimed = db.execute(
        &format!(
            "INSERT INTO sync_leases AS l (synced, account, key, holder, until_ms, failed)
             VALUES (?1, ?2, ?3, ?4, {NOW} + ?5, FALSE)
             ON CONFLICT (synced, account, key) DO UPDATE
             SET holder = excluded.holder, until_ms = excluded.until_ms, failed = FALSE
             WHERE l.holder = excluded.holder OR NOT {HELD}"
        ),
        values![
            lease.synced,
            key.account,
            key.key,
            i64::from(lease.token),
            LEASE_MS
        ],
    )?;
    Ok(claimed == 1)
}

/// Lets go of the item `key` once what became of it is recorded (in the same transaction):
/// done, or `failed`, which leaves it to whichever host tries it next.
pub fn release(
    tx: &dyn Sql,
    lease: &Lease,
    key: SourceKey<'_>,
    failed: bool,
) -> Result<(), StoreError> {
    let sql = match failed {
        true => {
            "UPDATE sync_leases SET failed = TRUE
             WHERE synced = ?1 AND account = ?2 AND key = ?3 AND holder = ?4"
        }
        false => {
            "DELETE FROM sync_leases WHERE synced = ?1 AND account = ?2 AND key = ?3 AND holder = ?4"
        }
    };
    tx.execute(
        sql,
        values![lease.synced, key.account, key.key, i64::from(lease.token)],
    )?;
    Ok(())
}

/// Renews every lease this host holds on the source's items.
pub fn renew(db: &dyn Sql, lease: &Lease) -> Result<(), StoreError> {
    db.execute(
        &format!(
            "UPDATE sync_leases SET until_ms = {NOW} + ?3
             WHERE synced = ?1 AND holder = ?2 AND NOT failed"
        ),
        values![lease.synced, i64::from(lease.token), LEASE_MS],
    )?;
    Ok(())
}

/// What became of an item another host had claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elsewhere {
    /// Still in that host's hands.
    Held,
    /// Recorded there.
    Done,
    /// Failed there, or its host is gone: for this host to take.
    Free,
}

/// What became of each of `keys` (account, key), items of the source that other hosts had
/// claimed.
pub fn elsewhere(
    db: &dyn Sql,
    lease: &Lease,
    keys: &[(&str, &str)],
) -> Result<Vec<Elsewhere>, StoreError> {
    let mut held = std::collections::HashMap::new();
    db.each(
        &format!("SELECT account, key, {HELD} AS held FROM sync_leases l WHERE synced = ?1"),
        values![lease.synced],
        &mut |r| {
            let (account, key): (String, String) = (r.get("account")?, r.get("key")?);
            held.insert((account, key), r.get::<bool>("held")?);
            Ok(())
        },
    )?;
    Ok(keys
        .iter()
        .map(
            |&(account, key)| match held.get(&(account.to_owned(), key.to_owned())) {
                None => Elsewhere::Done,
                Some(true) => Elsewhere::Held,
                Some(false) => Elsewhere::Free,
            },
        )
        .collect())
}
