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

#[test]
fn store_status_says_where_the_store_is_and_what_it_holds() {
    let env = Env::new();
    let status = |env: &Env| -> serde_json::Value {
        let out = env
            .cmd()
            .args(["store", "status", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // Before anything is stored: nothing made, nothing held.
    let empty = status(&env);
    assert_eq!(empty["kind"], "sqlite");
    assert_eq!(empty["location"], env.store_file().display().to_string());
    assert_eq!(empty["size_bytes"], 0);
    assert_eq!(empty["counts"]["samples"], 0);
    assert!(!env.store_file().exists(), "status made the store");

    env.write("notes/a.txt", "The first note, in words of my own.");
    env.write("notes/b.txt", "The second note, also in words of my own.");
    let out = env
        .cmd()
        .args(["sources", "add", "notes"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = env.cmd().args(["sync"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // A login: a HubSpot static token, checked against the fake HubSpot.
    let hub = crate::fake_hubspot::FakeHubSpot::start(
        crate::fake_hubspot::HubFixture::default().with_user(crate::fake_hubspot::sam()),
        crate::fake_hubspot::HubConfig::default(),
    );
    let token = hub.issue_static_token(&["crm.objects.owners.read"]);
    let out = env
        .cmd()
        .envs(hub.env())
        .args(["auth", "hubspot", "--token-stdin", "--account"])
        .arg(crate::fake_hubspot::SALES_USER)
        .write_stdin(token)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let full = status(&env);
    assert_eq!(full["counts"]["samples"], 2, "{full}");
    assert_eq!(full["counts"]["sources"], 1, "{full}");
    assert_eq!(full["counts"]["accounts"], 1, "{full}");
    assert_eq!(full["counts"]["tokens"], 1, "{full}");
    assert!(full["size_bytes"].as_u64().unwrap() > 0, "{full}");
    assert!(full["schema_version"].as_i64().unwrap() >= 7, "{full}");
    let out = env.cmd().args(["store", "status"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2 samples") && text.contains("1 remembered source"),
        "{text}"
    );
}

#[test]
fn store_migrate_copies_everything_into_a_new_file_and_refuses_an_existing_one() {
    let env = Env::new();
    env.write(
        "notes/a.txt",
        "Herons stand still at the pond in the cold morning.",
    );
    env.write(
        "notes/b.txt",
        "The train was late again; I read the whole book.",
    );
    let ok = |cmd: &mut assert_cmd::Command| {
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        out.stdout
    };
    ok(env.cmd().args(["sources", "add", "notes", "--tag", "mine"]));
    ok(env.cmd().args(["sync"]));
    let hub = crate::fake_hubspot::FakeHubSpot::start(
        crate::fake_hubspot::HubFixture::default().with_user(crate::fake_hubspot::sam()),
        crate::fake_hubspot::HubConfig::default(),
    );
    let token = hub.issue_static_token(&["crm.objects.owners.read"]);
    ok(env
        .cmd()
        .envs(hub.env())
        .args(["auth", "hubspot", "--token-stdin", "--account"])
        .arg(crate::fake_hubspot::SALES_USER)
        .write_stdin(token.clone()));

    let target = env.path("moved/voicetrain.db");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    ok(env.cmd().args(["store", "migrate", "--to"]).arg(&target));
    assert_eq!(mode(&target), 0o600);
    let moved = |cmd: &mut assert_cmd::Command| {
        cmd.env("VOICETRAIN_HOME", target.parent().unwrap())
            .env("VOICETRAIN_KEY_FILE", env.home().join("key"));
    };
    let export = |moved_too: bool| {
        let mut cmd = env.cmd();
        cmd.args(["samples", "export", "--format", "jsonl"]);
        if moved_too {
            moved(&mut cmd);
        }
        ok(&mut cmd)
    };
    assert_eq!(export(false), export(true), "the copy exports the same");
    // Its search index was rebuilt; its token opens with the same key; its source is there.
    let mut search = env.cmd();
    search.args(["samples", "search", "herons"]);
    moved(&mut search);
    assert!(
        String::from_utf8_lossy(&ok(&mut search)).contains("a"),
        "search"
    );
    let mut shown = env.cmd();
    shown.args(["auth", "token", "--provider", "hubspot"]);
    moved(&mut shown);
    assert_eq!(String::from_utf8_lossy(&ok(&mut shown)).trim(), token);
    let mut sources = env.cmd();
    sources.args(["sources", "list", "--json"]);
    moved(&mut sources);
    assert!(String::from_utf8_lossy(&ok(&mut sources)).contains("notes"));

    // Never into an existing file: it is left as it was.
    let before = std::fs::read(&target).unwrap();
    let out = env
        .cmd()
        .args(["store", "migrate", "--to"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert_eq!(std::fs::read(&target).unwrap(), before);
}
