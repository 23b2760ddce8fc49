//! Providers and kinds of source as peers, through the real binary: `auth google --scope`
//! aliases and incremental authorization against the fake Google, a missing scope naming the
//! exact command to run, `--provider`, `samples list --source` for every registered kind, and
//! a store from before any kind could be registered (schema 2) migrated with nothing lost.

use serde_json::Value;

use crate::fake_google::{Config, FakeGoogle, Fixture};
use crate::util::{Env, stderr_of};

const DRIVE: &str = "https://www.googleapis.com/auth/drive.readonly";
const GMAIL: &str = "https://www.googleapis.com/auth/gmail.readonly";
const USER: &str = "writer@example.com";

fn fake() -> FakeGoogle {
    voicetrain::net::install_tls_provider();
    FakeGoogle::start(Fixture::default(), Config::default())
}

fn scopes_of(env: &Env) -> Vec<String> {
    let out = env
        .cmd()
        .args(["auth", "status", "--json"])
        .output()
        .unwrap();
    let status: Value = serde_json::from_slice(&out.stdout).unwrap();
    status["accounts"][0]["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn scope_gmail_adds_to_an_existing_login_and_keeps_drive() {
    let env = Env::new();
    let fake = fake();
    env.login(&fake);
    let first = fake.last_authorization().unwrap();
    assert!(first.include_granted_scopes(), "{:?}", first.query);
    assert_eq!(first.scopes(), ["openid", "email", DRIVE]);

    let out = env
        .google(&fake)
        .env("BROWSER", env.browser("", ""))
        .args(["auth", "google", "--scope", "gmail"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let asked = fake.last_authorization().unwrap();
    assert!(asked.include_granted_scopes(), "{:?}", asked.query);
    assert!(asked.scopes().contains(&GMAIL), "{:?}", asked.scopes());
    assert!(
        !asked.scopes().iter().any(|s| s.contains("metadata")),
        "never gmail.metadata: {:?}",
        asked.scopes()
    );
    // The union Google granted is what is stored: Drive is kept.
    let scopes = scopes_of(&env);
    assert!(
        scopes.iter().any(|s| s == DRIVE) && scopes.iter().any(|s| s == GMAIL),
        "{scopes:?}"
    );
    assert_eq!(
        fake.granted_scopes(USER),
        scopes,
        "stored what Google granted"
    );
    // Still one account: the scope was added to it, not to a second login.
    let out = env
        .cmd()
        .args(["tokens", "list", "--json"])
        .output()
        .unwrap();
    let tokens: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(tokens.as_array().unwrap().len(), 1, "{tokens:#}");
}

#[test]
fn a_first_login_with_scope_asks_for_drive_too() {
    let env = Env::new();
    let fake = fake();
    let out = env
        .google(&fake)
        .env("BROWSER", env.browser("", ""))
        .args(["auth", "google", "--scope", "youtube"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let asked = fake.last_authorization().unwrap();
    assert_eq!(
        asked.scopes(),
        [
            "openid",
            "email",
            DRIVE,
            "https://www.googleapis.com/auth/youtube.force-ssl"
        ]
    );
}

#[test]
fn scopes_that_are_not_scopes_are_refused_before_any_login() {
    let env = Env::new();
    let fake = fake();
    for (scope, says) in [
        ("gmail.metadata", "never asks for gmail.metadata"),
        (
            "https://www.googleapis.com/auth/gmail.metadata",
            "never asks for gmail.metadata",
        ),
        ("mail", "drive, gmail, youtube"),
    ] {
        let out = env
            .google(&fake)
            .args(["auth", "google", "--no-browser", "--scope", scope])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{scope}: {}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains(says),
            "{scope}: {}",
            stderr_of(&out)
        );
    }
    assert!(fake.last_authorization().is_none(), "no consent page asked");
}

#[test]
fn a_login_without_drive_exits_3_naming_the_command_that_adds_it() {
    let env = Env::new();
    let fake = fake();
    env.login(&fake);
    let conn = rusqlite::Connection::open(env.store_file()).unwrap();
    conn.execute("UPDATE oauth_tokens SET scopes = 'openid email'", [])
        .unwrap();
    let out = env
        .google(&fake)
        .args(["ingest", "1DocAAAAAAAAAAAAAAAAAAAAAAAA"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("voicetrain auth google --scope drive"),
        "names the exact command: {err}"
    );
    assert_eq!(fake.count("files.get"), 0, "no Drive call: {err}");
}

#[test]
fn provider_names_are_checked_and_select_accounts() {
    let env = Env::new();
    let fake = fake();
    env.login(&fake);
    let out = env
        .cmd()
        .args(["auth", "status", "--provider", "dropbox"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("google"), "{}", stderr_of(&out));
    let out = env
        .cmd()
        .args(["auth", "status", "--provider", "google", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = env
        .google(&fake)
        .args(["auth", "token", "--provider", "google"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn samples_list_source_takes_every_registered_kind_and_only_those() {
    let env = Env::new();
    env.write("notes/a.txt", "A local note about herons.\n");
    let (code, _) = env.ingest(&["notes"]);
    assert_eq!(code, 0);
    for (kind, count) in [("local", 1), ("drive", 0)] {
        let out = env
            .cmd()
            .args(["samples", "list", "--json", "--source", kind])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let list: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(list.as_array().unwrap().len(), count, "{kind}: {list:#}");
    }
    let out = env
        .cmd()
        .args(["samples", "list", "--source", "myspace"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("drive, local"),
        "{}",
        stderr_of(&out)
    );
}

/// The schema as 0001 and 0002 left it, with one sample in it.
fn schema_2_store(env: &Env) {
    std::fs::create_dir_all(env.home()).unwrap();
    let conn = rusqlite::Connection::open(env.store_file()).unwrap();
    conn.execute_batch(include_str!("../../src/store/migrations/0001_init.sql"))
        .unwrap();
    conn.execute_batch(include_str!("../../src/store/migrations/0002_breakers.sql"))
        .unwrap();
    conn.execute_batch(
        "INSERT INTO samples (seq, id, sha256, title, source_type, source_id, source_url,
             mime_type, tags, words, chars, ingested_at, updated_at)
         VALUES (7, '00c0ffee00c0ffee', 'abc', 'Herons', 'local', '/n/h.txt', 'file:///n/h.txt',
             'text/plain', '[\"old\"]', 3, 18, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
         INSERT INTO sample_texts (sample, text) VALUES (7, 'Herons stand still');
         INSERT INTO sources (source_type, account, source_key, sample, revision, seen_at)
             VALUES ('local', '', 'file:///n/h.txt', 7, '18:1', '2026-01-01T00:00:00Z');
         INSERT INTO sample_search (rowid, title, text) VALUES (7, 'Herons', 'Herons stand still');
         PRAGMA user_version = 2;",
    )
    .unwrap();
}

#[test]
fn a_schema_2_store_migrates_keeping_every_sample_its_text_source_and_index() {
    let env = Env::new();
    schema_2_store(&env);
    let out = env
        .cmd()
        .args(["samples", "search", "heron", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits[0]["id"], "00c0ffee00c0ffee", "{hits:#}");
    assert_eq!(hits[0]["tags"][0], "old");
    let out = env
        .cmd()
        .args(["samples", "show", "00c0", "--json"])
        .output()
        .unwrap();
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["text"], "Herons stand still");

    let conn = rusqlite::Connection::open(env.store_file()).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/store/migrations"))
        .unwrap()
        .count() as i64;
    assert_eq!(version, migrations, "every migration since");
    let sources: i64 = conn
        .query_row("SELECT count(*) FROM sources WHERE sample = 7", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(sources, 1, "the rebuild cascaded nothing");
    // Any kind may be stored now; an empty one may not.
    conn.execute(
        "INSERT INTO samples (id, sha256, title, source_type, source_id, source_url, mime_type,
             words, chars, ingested_at, updated_at)
         VALUES ('11', 'def', 't', 'gmail', 'm1', 'https://mail.google.com/', 'message/rfc822',
             1, 1, 'now', 'now')",
        [],
    )
    .unwrap();
    assert!(
        conn.execute("UPDATE samples SET source_type = '' WHERE id = '11'", [])
            .is_err()
    );
}
