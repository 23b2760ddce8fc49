//! A PostgreSQL connection that [`Sql`] statements run on, from any thread and from within an
//! async runtime alike: the `postgres` crate's blocking client (which panics when called from
//! a runtime's thread) lives on a thread of its own, and each statement is handed to it and
//! its answer waited for. Statements are written as for SQLite (`?1`); they reach PostgreSQL
//! as `$1`.

use std::sync::mpsc;
use std::thread::JoinHandle;

use super::super::StoreError;
use super::super::location::PgUrl;
use super::super::sql::{Row, Sql, Value, dollars};

type Job = Box<dyn FnOnce(&mut postgres::Client) + Send>;

/// A connection to a PostgreSQL store, on its own thread.
pub struct PgConn {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
    url: PgUrl,
}

impl PgConn {
    /// Hands `client`, connected to the store at `url`, a thread of its own.
    pub fn new(client: postgres::Client, url: PgUrl) -> Result<PgConn, StoreError> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("postgres".into())
            .spawn(move || {
                let mut client = client;
                for job in queue {
                    job(&mut client);
                }
            })
            .map_err(|e| StoreError::Unreachable {
                store: url.shown().to_string(),
                why: format!("cannot start a thread for it: {e}"),
            })?;
        Ok(PgConn {
            jobs: Some(jobs),
            thread: Some(thread),
            url,
        })
    }

    /// Runs `f` on the connection's thread and waits for what it gives.
    fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut postgres::Client) -> Result<T, postgres::Error> + Send + 'static,
    ) -> Result<T, StoreError> {
        let lost = || StoreError::Unreachable {
            store: self.url.shown().to_string(),
            why: "the connection's thread ended".into(),
        };
        let (answer, answered) = mpsc::sync_channel(1);
        let job: Job = Box::new(move |client| {
            // Refused only if the caller stopped waiting: nobody to tell.
            answer.send(f(client)).ok();
        });
        self.jobs
            .as_ref()
            .ok_or_else(lost)?
            .send(job)
            .map_err(|_| lost())?;
        answered
            .recv()
            .map_err(|_| lost())?
            .map_err(|e| self.url.error(e))
    }

    /// Runs statements that take no parameters and return no rows (`BEGIN`, `COMMIT`).
    pub fn batch(&self, sql: &str) -> Result<(), StoreError> {
        let sql = sql.to_string();
        self.run(move |client| client.batch_execute(&sql))
    }
}

impl Drop for PgConn {
    fn drop(&mut self) {
        // The thread ends with its queue.
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::warn!("the PostgreSQL connection's thread panicked");
        }
    }
}

/// The parameters as the client takes them.
fn refs(params: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|p| p as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

impl Sql for PgConn {
    fn execute(&self, sql: &str, params: &[Value]) -> Result<usize, StoreError> {
        let (sql, params) = (dollars(sql), params.to_vec());
        let changed = self.run(move |client| client.execute(sql.as_str(), &refs(&params)))?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }

    fn each(
        &self,
        sql: &str,
        params: &[Value],
        each: &mut dyn FnMut(&Row<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let (sql, params) = (dollars(sql), params.to_vec());
        let rows = self.run(move |client| client.query(sql.as_str(), &refs(&params)))?;
        rows.iter().try_for_each(|row| each(&Row::postgres(row)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tokens::{self, Login};
    use crate::store::{breakers, meta, state};

    /// The private cluster scripts/test starts, as a fresh database of this test's own with
    /// the store's schema; `None` (the test skipped) where there is none, but never under CI.
    #[allow(clippy::disallowed_macros)] // a test's word to whoever runs it
    fn store_db() -> Option<(PgConn, postgres::Client, String)> {
        let Some(socket_dir) = std::env::var_os("VOICETRAIN_TEST_PG") else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "under CI the PostgreSQL tests must run: VOICETRAIN_TEST_PG is unset"
            );
            eprintln!("SKIPPED: no PostgreSQL (VOICETRAIN_TEST_PG is set by scripts/test)");
            return None;
        };
        let socket_dir = socket_dir.to_string_lossy().into_owned();
        let name = format!("vt_unit_{}_{}", std::process::id(), fastrand::u32(..));
        let connect = |db: &str| {
            postgres::Config::new()
                .host_path(&socket_dir)
                .user("vt")
                .dbname(db)
                .connect(postgres::NoTls)
                .unwrap()
        };
        let mut admin = connect("postgres");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let address = format!("postgresql://vt@/{name}?host={socket_dir}");
        let Ok(crate::store::location::Location::Postgres(url)) =
            crate::store::location::Location::parse(&address)
        else {
            panic!("{address} is not a PostgreSQL address");
        };
        let url = *url;
        drop(super::super::PgStore::open(&url).unwrap());
        let conn = PgConn::new(connect(&name), url).unwrap();
        Some((conn, admin, name))
    }

    /// Every statement the ported table families make, on both engines: the same answers.
    #[test]
    fn tokens_state_meta_and_breakers_answer_alike_on_both_engines() {
        let Some((pg, mut admin, name)) = store_db() else {
            return;
        };
        let sqlite = crate::store::Store::open_path(
            &tempfile::tempdir().unwrap().keep().join("voicetrain.db"),
        )
        .unwrap();
        let run = |db: &dyn Sql| {
            let login = |account: &'static str| Login {
                service: "google",
                account,
                access_token: "ct-a",
                refresh_token: Some("ct-r"),
                expires_at: Some("2026-12-03T10:00:00Z"),
                scopes: "drive.readonly openid",
            };
            tokens::save_login(db, &login("a@example.com"), "2026-12-03T09:00:00Z").unwrap();
            tokens::save_login(db, &login("b@example.com"), "2026-12-03T09:01:00Z").unwrap();
            assert!(tokens::set_default(db, "google", "b@example.com").unwrap());
            assert!(!tokens::set_default(db, "google", "nobody@example.com").unwrap());
            tokens::save_refresh(
                db,
                "google",
                "a@example.com",
                "ct-a2",
                None,
                Some("2026-12-03T11:00:00Z"),
                "2026-12-03T09:02:00Z",
            )
            .unwrap();
            tokens::mark_revoked(
                db,
                "google",
                "b@example.com",
                "invalid_grant",
                "2026-12-03T09:03:00Z",
            )
            .unwrap();
            let all = tokens::all(db, None).unwrap();
            let google = tokens::all(db, Some("google")).unwrap();
            let one = tokens::get(db, "google", "a@example.com").unwrap().unwrap();
            tokens::remove(db, "google", "b@example.com", "2026-12-03T09:04:00Z").unwrap();
            let after = tokens::all(db, None).unwrap();
            let events = tokens::events(db, 3).unwrap();
            state::set(
                db,
                "drive",
                "a@example.com",
                "cursor",
                "42",
                "2026-12-03T09:05:00Z",
            )
            .unwrap();
            state::set(
                db,
                "drive",
                "a@example.com",
                "cursor",
                "43",
                "2026-12-03T09:06:00Z",
            )
            .unwrap();
            // A breaker opened at two failures, kept open by a third, half-open once its
            // time is up, opened again by a failed probe, closed by a success.
            let h = "api.example.com";
            let breaker = (
                breakers::check(db, h, 0).unwrap(),
                breakers::failed(db, h, 2, 1_000, 10).unwrap(),
                breakers::failed(db, h, 2, 1_000, 20).unwrap(),
                breakers::failed(db, h, 2, 1_000, 30).unwrap(),
                breakers::check(db, h, 500).unwrap(),
                breakers::check(db, h, 1_500).unwrap(),
                breakers::failed(db, h, 2, 1_000, 1_600).unwrap(),
                breakers::succeeded(db, h, 3_000).unwrap(),
                breakers::check(db, h, 3_000).unwrap(),
            );
            meta::set(db, "probe", "1").unwrap();
            let probe = meta::get(db, "probe").unwrap();
            meta::delete(db, "probe").unwrap();
            format!(
                "{:?}",
                (
                    all.iter()
                        .map(|t| (&t.account, &t.access_token, t.revoked, t.is_default))
                        .collect::<Vec<_>>(),
                    google.len(),
                    (
                        &one.access_token,
                        &one.refresh_token,
                        &one.expires_at,
                        &one.scopes
                    ),
                    &one.last_refreshed_at,
                    after
                        .iter()
                        .map(|t| (&t.account, t.is_default))
                        .collect::<Vec<_>>(),
                    events
                        .iter()
                        .map(|e| (&e.event, &e.reason))
                        .collect::<Vec<_>>(),
                    tokens::providers(db).unwrap(),
                    state::get(db, "drive", "a@example.com", "cursor").unwrap(),
                    state::all(db).unwrap(),
                    probe,
                    meta::get(db, "probe").unwrap(),
                    breaker,
                )
            )
        };
        let on_sqlite = run(sqlite.conn());
        let on_postgres = run(&pg);
        drop(pg);
        admin
            .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .unwrap();
        assert_eq!(on_postgres, on_sqlite);
        assert!(on_sqlite.contains("ct-a2"), "{on_sqlite}");
        // The breaker's story as told above, on SQLite (and so on PostgreSQL).
        assert!(
            on_sqlite.contains(
                "Breaker { state: Closed, failures: 1 }, \
                 Breaker { state: Open { open_until: 1020 }, failures: 2 }, \
                 Breaker { state: Open { open_until: 1020 }, failures: 3 }, \
                 Breaker { state: Open { open_until: 1020 }, failures: 3 }, \
                 Breaker { state: HalfOpen, failures: 3 }, \
                 Breaker { state: Open { open_until: 2600 }, failures: 4 }, (), \
                 Breaker { state: Closed, failures: 0 }"
            ),
            "{on_sqlite}"
        );
    }
}
