//! A PostgreSQL connection that [`Sql`] statements run on, from any thread and from within an
//! async runtime alike: the `postgres` crate's blocking client (which panics when called from
//! a runtime's thread) lives on a thread of its own, and each statement is handed to it and
//! its answer waited for. Statements are written as for SQLite (`?1`); they reach PostgreSQL
//! as `$1`. tests/it/postgres.rs runs the ported table families on it and on SQLite alike.

use std::sync::mpsc;
use std::thread::JoinHandle;

use super::super::StoreError;
use super::super::location::PgUrl;
use super::super::sql::{Dialect, Row, Sql, Value, dollars};

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
}

impl PgConn {
    /// Runs statements that take no parameters and return nothing (`BEGIN`, `COMMIT`,
    /// `SAVEPOINT`): PostgreSQL's simple protocol, one round trip.
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
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

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
