//! A PostgreSQL connection that [`Sql`] statements run on, from any thread and from within an
//! async runtime alike: the `postgres` crate's blocking client (which panics when called from
//! a runtime's thread) lives on a thread of its own, and each statement is handed to it and
//! its answer waited for. Statements are written as for SQLite (`?1`); they reach PostgreSQL
//! as `$1`, each prepared once a connection and kept (one round trip a statement run, not
//! two). tests/it/postgres.rs runs the ported table families on it and on SQLite alike.

use std::collections::HashMap;
use std::sync::mpsc;
use std::thread::JoinHandle;

use super::super::StoreError;
use super::super::location::PgUrl;
use super::super::sql::{Dialect, Row, Sql, Value, dollars};

type Job = Box<dyn FnOnce(&mut Session) + Send>;

/// The client on the connection's thread, with the statements it has prepared.
struct Session {
    client: postgres::Client,
    prepared: HashMap<String, postgres::Statement>,
}

/// The most statements a connection keeps prepared; past it, it starts again (statements
/// built with values in them would otherwise pile up).
const PREPARED: usize = 256;

impl Session {
    /// The statement `sql`, prepared the first time it is asked for.
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement, postgres::Error> {
        if let Some(statement) = self.prepared.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        if self.prepared.len() >= PREPARED {
            self.prepared.clear();
        }
        self.prepared.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

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
                let mut session = Session {
                    client,
                    prepared: HashMap::new(),
                };
                for job in queue {
                    job(&mut session);
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
        f: impl FnOnce(&mut Session) -> Result<T, postgres::Error> + Send + 'static,
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
        self.run(move |session| session.client.batch_execute(&sql))
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
        let changed = self.run(move |session| {
            let statement = session.statement(&sql)?;
            session.client.execute(&statement, &refs(&params))
        })?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }

    fn each(
        &self,
        sql: &str,
        params: &[Value],
        each: &mut dyn FnMut(&Row<'_>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let (sql, params) = (dollars(sql), params.to_vec());
        let rows = self.run(move |session| {
            let statement = session.statement(&sql)?;
            session.client.query(&statement, &refs(&params))
        })?;
        rows.iter().try_for_each(|row| each(&Row::postgres(row)))
    }
}
