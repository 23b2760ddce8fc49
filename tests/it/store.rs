//! The store file: its modes, and what happens when it is damaged, too new, or misconfigured.

use crate::util::{Env, mode, stderr_of};

#[test]
fn store_is_private() {
    let env = Env::new();
    env.write("a.txt", "hello there");
    env.ingest(&["a.txt"]);
    assert_eq!(mode(&env.store_file()), 0o600);
    assert_eq!(mode(&env.home()), 0o700);
}

#[test]
fn xdg_defaults_when_no_home_is_given() {
    let env = Env::new();
    env.write("a.txt", "hello there");
    let out = env
        .cmd()
        .env_remove("VOICETRAIN_HOME")
        .args(["ingest", "a.txt"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(env.path(".local/share/voicetrain/voicetrain.db").exists());
    let xdg = env.path("xdg");
    let out = env
        .cmd()
        .env_remove("VOICETRAIN_HOME")
        .env("XDG_DATA_HOME", &xdg)
        .args(["ingest", "a.txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(xdg.join("voicetrain/voicetrain.db").exists());
}

#[test]
fn a_file_that_is_not_a_store_exits_5_and_is_left_alone() {
    let env = Env::new();
    let garbage = "this is not SQLite at all, just words in a file. ".repeat(200);
    std::fs::create_dir_all(env.home()).unwrap();
    std::fs::write(env.store_file(), &garbage).unwrap();
    let out = env.cmd().args(["samples", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    let err = stderr_of(&out);
    assert!(
        err.contains("is not a voicetrain store, or it is damaged"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    assert_eq!(std::fs::read_to_string(env.store_file()).unwrap(), garbage);
}

#[test]
fn a_store_from_a_newer_version_exits_5() {
    let env = Env::new();
    env.write("a.txt", "hello there");
    env.ingest(&["a.txt"]);
    let conn = rusqlite::Connection::open(env.store_file()).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let out = env.cmd().args(["samples", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(
        stderr_of(&out).contains("written by a newer voicetrain"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn config_typos_are_reported() {
    let env = Env::new();
    env.write("home/config.toml", "keyring = false\nkey_fiel = \"x\"\n");
    let out = env.cmd().args(["samples", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains("config.toml is not valid") && err.contains("key_fiel"),
        "{err}"
    );

    let out = env
        .cmd()
        .args(["samples", "list", "--config", "missing.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("cannot read config file"));
}
