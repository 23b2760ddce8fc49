//! The PostgreSQL store, against a real PostgreSQL: the private cluster scripts/test starts
//! (its socket directory in VOICETRAIN_TEST_PG), one fresh database a test. Copying a store
//! there and back, reading its status, and what a store that is down, refuses the user or is
//! too new does. Without VOICETRAIN_TEST_PG these tests say SKIPPED (under CI they fail).

use serde::Deserialize;

use voicetrain::store::location::Location;
use voicetrain::store::pg::PgStore;
use voicetrain::store::pg::conn::PgConn;
use voicetrain::store::sql::Sql;
use voicetrain::store::tokens::{self, Login};
use voicetrain::store::{Store, breakers, meta, state};

use crate::util::{Env, seed_tokens, skip, stderr_of};

/// A database of its own for one test, dropped at the end.
pub struct Db {
    pub socket_dir: String,
    pub name: String,
}

impl Db {
    pub fn new() -> Option<Db> {
        let Some(socket_dir) = std::env::var_os("VOICETRAIN_TEST_PG") else {
            skip("no PostgreSQL (VOICETRAIN_TEST_PG is set by scripts/test)");
            return None;
        };
        let socket_dir = socket_dir.to_string_lossy().into_owned();
        let name = format!("vt_{}_{}", std::process::id(), fastrand::u32(..));
        let db = Db { socket_dir, name };
        db.admin(&format!("CREATE DATABASE {}", db.name));
        Some(db)
    }

    /// Runs `sql` as the cluster's superuser in the `postgres` database.
    fn admin(&self, sql: &str) {
        let mut client = self.client("postgres");
        client.batch_execute(sql).unwrap();
    }

    pub fn client(&self, db: &str) -> postgres::Client {
        postgres::Config::new()
            .host_path(&self.socket_dir)
            .user("vt")
            .dbname(db)
            .connect(postgres::NoTls)
            .unwrap()
    }

    /// Empties the database, as if no store had ever been made in it.
    pub fn empty(&self) {
        let mut client = self.client(&self.name);
        client
            .batch_execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            .unwrap();
    }

    /// The store's address, as a user writes it.
    pub fn url(&self) -> String {
        self.url_as("vt")
    }

    fn url_as(&self, userinfo: &str) -> String {
        format!(
            "postgresql://{userinfo}@/{}?host={}",
            self.name, self.socket_dir
        )
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let mut client = self.client("postgres");
        let _ = client.batch_execute(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        ));
    }
}

#[derive(Debug, Deserialize)]
struct Status {
    kind: String,
    location: String,
    schema_version: i64,
    counts: Counts,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Counts {
    accounts: u64,
    tokens: u64,
    samples: u64,
    sources: u64,
}

fn status(env: &Env, store: &str) -> Status {
    let out = env
        .cmd()
        .args(["--store", store, "store", "status", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn export(env: &Env, store: &str) -> Vec<u8> {
    let out = env
        .cmd()
        .args(["--store", store, "samples", "export", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    out.stdout
}

/// A store with samples (one large enough to be stored in parts), a remembered source and
/// two encrypted tokens.
fn filled(env: &Env) {
    env.write(
        "notes/a.txt",
        "The first note, in my own words, about the harbour.",
    );
    env.write(
        "notes/b.md",
        "# Plans\n\nA second note: what we will build next spring.",
    );
    let big: String = (0..60_000)
        .map(|i| format!("Line {i} of a very long journal, written by hand.\n"))
        .collect();
    env.write("notes/journal.txt", big);
    let out = env
        .cmd()
        .args(["sources", "add", "notes", "--tag", "mine"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = env.cmd().args(["sync"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    seed_tokens(
        env,
        &env.path("key"),
        &[
            ("ya29.access-secret-one", "1//refresh-secret-one"),
            ("ya29.access-secret-two", "1//refresh-secret-two"),
        ],
    );
}

/// One sample, stored in a file and copied into `db`.
fn one_sample_in(env: &Env, db: &Db) {
    env.write("a.txt", "Words of mine.");
    env.ingest(&["a.txt"]);
    let out = env
        .cmd()
        .args(["store", "migrate", "--to", &db.url()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn a_store_copied_into_postgres_and_back_holds_exactly_what_it_held() {
    let Some(db) = Db::new() else { return };
    let env = Env::new();
    filled(&env);
    let file = env.store_file().display().to_string();
    let before = status(&env, &file);
    assert_eq!(before.counts.samples, 3);

    let out = env
        .cmd()
        .args(["store", "migrate", "--to", &db.url()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("every table checked"),
        "{}",
        stderr_of(&out)
    );

    let pg = status(&env, &db.url());
    assert_eq!(pg.kind, "postgres");
    assert_eq!(pg.schema_version, 4);
    assert_eq!(pg.counts, before.counts);
    assert_eq!(
        pg.location,
        format!("postgres://vt@/{}?host={}", db.name, db.socket_dir)
    );

    // Only ciphertext in the tables: the tokens as the file held them, no secret in clear.
    let mut client = db.client(&db.name);
    let rows = client
        .query(
            "SELECT access_token_encrypted, refresh_token_encrypted FROM oauth_tokens ORDER BY id",
            &[],
        )
        .unwrap();
    let in_pg: Vec<(String, Option<String>)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert_eq!(in_pg, crate::util::token_ciphertexts(&env));
    let dump: String = client
        .query_one("SELECT string_agg(t::text, ' ') FROM oauth_tokens t", &[])
        .unwrap()
        .get(0);
    assert!(!dump.contains("secret"), "{dump}");
    // The search vector is made by PostgreSQL from the copied text.
    let found: i64 = client
        .query_one(
            "SELECT count(*) FROM sample_parts WHERE search @@ plainto_tsquery('english', 'harbour')",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(found, 1);

    // And back into a file: the same samples, exported byte for byte, searchable.
    let back = env.path("back/voicetrain.db").display().to_string();
    let out = env
        .cmd()
        .args(["--store", &db.url(), "store", "migrate", "--to", &back])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(status(&env, &back).counts, before.counts);
    assert_eq!(export(&env, &back), export(&env, &file));
    let out = env
        .cmd()
        .args(["--store", &back, "samples", "search", "harbour"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("a"),
        "{out:?}"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.starts_with(' '))
            .count(),
        1
    );
    // The copy's tokens decrypt with the key, as the original's do.
    let key = std::fs::read_to_string(env.path("key")).unwrap();
    let conn = rusqlite::Connection::open(&back).unwrap();
    let access: String = conn
        .query_row(
            "SELECT access_token_encrypted FROM oauth_tokens ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        crate::util::decrypt(key.trim(), &access).as_deref(),
        Some("ya29.access-secret-one")
    );
    // The copy is a store like any: it takes new samples, with new keys.
    env.write(
        "more/c.txt",
        "A third note, written after the copy was made.",
    );
    let out = env
        .cmd()
        .args(["--store", &back, "ingest", "more"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(status(&env, &back).counts.samples, 4);
}

#[test]
fn a_database_that_holds_a_store_is_never_copied_into() {
    let Some(db) = Db::new() else { return };
    let env = Env::new();
    env.write("a.txt", "Words of mine, to be copied once.");
    env.ingest(&["a.txt"]);
    let migrate = || {
        env.cmd()
            .args(["store", "migrate", "--to", &db.url()])
            .output()
            .unwrap()
    };
    assert!(migrate().status.success());
    env.write(
        "b.txt",
        "More words, that must not reach the database by a second copy.",
    );
    env.ingest(&["b.txt"]);
    let out = migrate();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("holds a voicetrain store already"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(status(&env, &db.url()).counts.samples, 1);
}

#[test]
fn a_failed_copy_leaves_the_database_empty() {
    let Some(db) = Db::new() else { return };
    let env = Env::new();
    env.write("a.txt", "Words of mine.");
    env.ingest(&["a.txt"]);
    // A table the store has and this database cannot take: the copy stops, all of it undone.
    let conn = rusqlite::Connection::open(env.store_file()).unwrap();
    conn.execute_batch("ALTER TABLE samples ADD COLUMN surprise TEXT")
        .unwrap();
    drop(conn);
    let out = env
        .cmd()
        .args(["store", "migrate", "--to", &db.url()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("surprise"), "{}", stderr_of(&out));
    let st = status(&env, &db.url());
    assert_eq!((st.schema_version, st.counts.samples), (0, 0));
    let tables: i64 = db
        .client(&db.name)
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 0);
}

#[test]
fn a_store_from_a_newer_voicetrain_exits_5() {
    let Some(db) = Db::new() else { return };
    let env = Env::new();
    one_sample_in(&env, &db);
    db.client(&db.name)
        .batch_execute("UPDATE meta SET value = '99' WHERE name = 'schema_version'")
        .unwrap();
    let out = env
        .cmd()
        .args(["--store", &db.url(), "store", "migrate", "--to", "copy.db"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("newer voicetrain (schema 99"),
        "{}",
        stderr_of(&out)
    );
    assert!(!env.path("copy.db").exists());
}

#[test]
fn refused_credentials_exit_5_with_the_fix_and_no_password_is_ever_shown() {
    let Some(db) = Db::new() else { return };
    let password = format!("pw-{}-never-shown", fastrand::u64(..));
    // scripts/test makes the cluster ask `vtpw` for a password.
    db.admin(&format!(
        "DROP ROLE IF EXISTS vtpw; CREATE ROLE vtpw LOGIN PASSWORD '{password}';
         GRANT ALL ON DATABASE {0} TO vtpw",
        db.name
    ));
    db.client(&db.name)
        .batch_execute("GRANT ALL ON SCHEMA public TO vtpw")
        .unwrap();
    let env = Env::new();
    env.write("a.txt", "Words of mine.");
    env.ingest(&["a.txt"]);
    let wrong = db.url_as(&format!("vtpw:{password}x"));
    for verbosity in ["-q", "-v", "-vv", "-vvv"] {
        let out = env
            .cmd()
            .args([verbosity, "--store", &wrong, "store", "status"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
        let all = format!(
            "{}{}",
            stderr_of(&out),
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!all.contains(&password), "{verbosity}: {all}");
        if verbosity != "-q" {
            assert!(all.contains("password authentication failed"), "{all}");
            assert!(all.contains("PGPASSWORD"), "{all}");
        }
    }
    // The right password, in the address or in PGPASSWORD, opens it; it is shown in neither.
    let right = db.url_as(&format!("vtpw:{password}"));
    let out = env
        .cmd()
        .args(["-vv", "store", "migrate", "--to", &right])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains(&password), "{}", stderr_of(&out));
    let out = env
        .cmd()
        .env("PGPASSWORD", &password)
        .args([
            "-vv",
            "--store",
            &db.url_as("vtpw"),
            "store",
            "status",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let all = format!(
        "{}{}",
        stderr_of(&out),
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!all.contains(&password), "{all}");
    assert!(all.contains("\"samples\":1"), "{all}");
    // A role that does not exist, a database that does not.
    let out = env
        .cmd()
        .args(["--store", &db.url_as("nobody_here"), "store", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    let missing = format!("postgresql://vt@/no_such_db?host={}", db.socket_dir);
    let out = env
        .cmd()
        .args(["--store", &missing, "store", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("createdb"), "{}", stderr_of(&out));
}

#[test]
fn an_unreachable_store_exits_75_at_once_and_shows_no_password() {
    let env = Env::new();
    let dir = env.path("no-postgres-here");
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!(
        "postgresql://vt:hunter2-secret@/corpus?host={}",
        dir.display()
    );
    let started = std::time::Instant::now();
    let out = env
        .cmd()
        .args(["-vv", "--store", &url, "store", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(75), "{}", stderr_of(&out));
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let err = stderr_of(&out);
    assert!(err.contains("cannot be reached"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
    // An address that cannot be read is a usage error, its password hidden as well.
    let out = env
        .cmd()
        .args([
            "--store",
            "postgres://vt:hunter2-secret@db:port/x",
            "samples",
            "list",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains("hunter2"), "{}", stderr_of(&out));
}

#[test]
fn the_flag_names_the_store_before_the_environment_and_that_before_config() {
    let env = Env::new();
    let at = |name: &str| env.path(name).display().to_string();
    env.write(
        "home/config.toml",
        format!("store = {:?}\n", at("from-config.db")),
    );
    let location = |cmd: &mut assert_cmd::Command| -> String {
        let out = cmd.args(["store", "status", "--json"]).output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        serde_json::from_slice::<Status>(&out.stdout)
            .unwrap()
            .location
    };
    assert_eq!(location(&mut env.cmd()), at("from-config.db"));
    assert_eq!(
        location(env.cmd().env("VOICETRAIN_STORE", at("from-env.db"))),
        at("from-env.db")
    );
    assert_eq!(
        location(
            env.cmd()
                .env("VOICETRAIN_STORE", at("from-env.db"))
                .args(["--store", &at("from-flag.db")])
        ),
        at("from-flag.db")
    );
    // Commands use it as they use the default file.
    env.write("a.txt", "Words of mine.");
    let out = env.cmd().args(["ingest", "a.txt"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(env.path("from-config.db").exists());
    assert!(!env.store_file().exists());
}

#[test]
fn doctor_checks_the_postgres_store_it_is_pointed_at() {
    let Some(db) = Db::new() else { return };
    let env = Env::new();
    let doctor = |url: &str| -> String {
        let out = env.cmd().args(["--store", url, "doctor"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned() + &stderr_of(&out)
    };
    let said = doctor(&db.url());
    assert!(said.contains("reachable, no store yet"), "{said}");
    one_sample_in(&env, &db);
    let said = doctor(&db.url());
    assert!(
        said.contains("reachable, schema 4 of 4, writable"),
        "{said}"
    );
    // A role that may only read is told so, with the GRANT that fixes it.
    db.admin("DROP ROLE IF EXISTS vt_reader; CREATE ROLE vt_reader LOGIN");
    db.client(&db.name)
        .batch_execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO vt_reader")
        .unwrap();
    let said = doctor(&db.url_as("vt_reader"));
    assert!(said.contains("may not write the store"), "{said}");
    assert!(said.contains("GRANT"), "{said}");
    let said = doctor(&format!(
        "postgresql://vt@/x?host={}",
        env.path("nowhere").display()
    ));
    assert!(said.contains("cannot be reached"), "{said}");
}

/// Every statement of the table families ported to `store::sql` (tokens, state, meta,
/// breakers), run on a SQLite store and on the real PostgreSQL through `PgConn`: the same
/// answers.
#[test]
fn the_stores_sql_answers_alike_on_both_engines() {
    let Some(db) = Db::new() else {
        return;
    };
    let Ok(Location::Postgres(url)) = Location::parse(&db.url()) else {
        panic!("{} is not a PostgreSQL address", db.url());
    };
    drop(PgStore::open(&url).unwrap());
    let pg = PgConn::new(db.client(&db.name), *url).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Store::open_path(&dir.path().join("voicetrain.db")).unwrap();
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
        // Times as the breaker keeps them, Unix milliseconds now (past 32 bits).
        let t = 1_764_750_000_000_i64;
        let breaker = (
            breakers::check(db, h, t).unwrap(),
            breakers::failed(db, h, 2, 1_000, t + 10).unwrap(),
            breakers::failed(db, h, 2, 1_000, t + 20).unwrap(),
            breakers::failed(db, h, 2, 1_000, t + 30).unwrap(),
            breakers::check(db, h, t + 500).unwrap(),
            breakers::check(db, h, t + 1_500).unwrap(),
            breakers::failed(db, h, 2, 1_000, t + 1_600).unwrap(),
            breakers::succeeded(db, h, t + 3_000).unwrap(),
            breakers::check(db, h, t + 3_000).unwrap(),
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
    let on_sqlite = run(sqlite.db());
    let on_postgres = run(&pg);
    assert_eq!(on_postgres, on_sqlite);
    assert!(on_sqlite.contains("ct-a2"), "{on_sqlite}");
    // The breaker's story as told above, on SQLite (and so on PostgreSQL).
    assert!(
        on_sqlite.contains(
            "Breaker { state: Closed, failures: 1 }, \
             Breaker { state: Open { open_until: 1764750001020 }, failures: 2 }, \
             Breaker { state: Open { open_until: 1764750001020 }, failures: 3 }, \
             Breaker { state: Open { open_until: 1764750001020 }, failures: 3 }, \
             Breaker { state: HalfOpen, failures: 3 }, \
             Breaker { state: Open { open_until: 1764750002600 }, failures: 4 }, (), \
             Breaker { state: Closed, failures: 0 }"
        ),
        "{on_sqlite}"
    );
}

/// The TLS cluster scripts/test starts beside the other (TLS over TCP only, on a loopback
/// port, its certificate signed by a CA made for the run): its port and CA certificate.
fn tls_cluster() -> Option<(String, String)> {
    match (
        std::env::var("VOICETRAIN_TEST_PG_TLS_PORT"),
        std::env::var("VOICETRAIN_TEST_PG_TLS_CA"),
    ) {
        (Ok(port), Ok(ca)) => Some((port, ca)),
        _ => {
            skip("no PostgreSQL with TLS (VOICETRAIN_TEST_PG_TLS_PORT is set by scripts/test)");
            None
        }
    }
}

#[test]
fn a_store_address_that_asks_for_tls_gets_it_verified() {
    let Some((port, ca)) = tls_cluster() else {
        return;
    };
    let env = Env::new();
    let status = |url: &str| {
        env.cmd()
            .args(["--store", url, "store", "status", "--json"])
            .output()
            .unwrap()
    };
    // Verified against the CA named: connected, and the store made there.
    let url = format!("postgresql://vt@localhost:{port}/postgres?sslmode=require&sslrootcert={ca}");
    let out = status(&url);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let st: Status = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(st.kind, "postgres");
    assert!(!st.location.contains("sslrootcert"), "{}", st.location);
    env.write("a.txt", "Words of mine, sent over TLS.");
    let out = env
        .cmd()
        .args(["--store", &url, "ingest", "a.txt"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // The CA may also come from PGSSLROOTCERT, as libpq reads it.
    let out = env
        .cmd()
        .env("PGSSLROOTCERT", &ca)
        .args([
            "--store",
            &format!("postgresql://vt@localhost:{port}/postgres?sslmode=require"),
        ])
        .args(["samples", "list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("a.txt"));
    // A certificate the system does not trust: exit 5 with the fix, never a retry.
    let out = status(&format!(
        "postgresql://vt@localhost:{port}/postgres?sslmode=require"
    ));
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("sslrootcert"),
        "{}",
        stderr_of(&out)
    );
    // The name checked too: the certificate is for localhost, not for this name.
    let out = status(&format!(
        "postgresql://vt@localhost.localdomain:{port}/postgres?sslmode=require&sslrootcert={ca}&hostaddr=127.0.0.1"
    ));
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
    // Without TLS the server refuses this host: told as a refusal.
    let out = status(&format!(
        "postgresql://vt@localhost:{port}/postgres?sslmode=disable"
    ));
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));
}
