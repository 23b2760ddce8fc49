//! No secret leaks: every command (30 runs), at -vvv, against the fake Google, with the token values
//! known. None of them may appear in stdout or stderr (but where the user asks for one: the
//! token `auth token` prints), nor in any file but the store, where only their ciphertext may
//! be; the client secret and the key do not appear either.

use std::path::Path;

use crate::fake_google::{CLIENT_SECRET, Config, FakeGoogle, FileSpec, Fixture};
use crate::util::{Env, stderr_of};

const FOLDER: &str = "1SecretsFolder0000000000000";

/// Every file under `dir`, but the store's own.
fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("voicetrain.db"))
        {
            out.push(path);
        }
    }
}

#[test]
fn no_secret_in_any_output_or_file_from_any_command_at_any_verbosity() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeGoogle::start(
        Fixture::default()
            .with(FileSpec::folder(FOLDER, "Writing", "root"))
            .with(FileSpec::doc(
                "1SecretDoc00000000000000000",
                "Essay",
                FOLDER,
                "An essay.\n",
            )),
        Config {
            rotate_refresh_tokens: true,
            ..Config::default()
        },
    );
    env.write("notes/a.md", "A local note.");
    let mut seen = String::new();
    let mut tokens: Vec<String> = Vec::new();
    let mut run = |args: &[&str], prints_a_token: bool| {
        let out = env
            .google(&fake)
            .env("BROWSER", env.browser("", ""))
            .args(args)
            .arg("-vvv")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        if !prints_a_token {
            seen.push_str(&String::from_utf8_lossy(&out.stdout));
        }
        seen.push_str(&stderr_of(&out));
        let (access, refresh) = env.stored_tokens();
        tokens.push(access);
        tokens.extend(refresh);
    };
    let folder = format!("https://drive.google.com/drive/folders/{FOLDER}");
    run(&["auth", "google"], false);
    run(&["auth", "status"], false);
    run(&["auth", "status", "--json"], false);
    run(&["auth", "token"], true);
    run(&["auth", "switch", crate::fake_google::USER], false);
    run(&["tokens", "list"], false);
    run(&["tokens", "list", "--json"], false);
    run(&["tokens", "refresh", "--force", "--json"], false);
    run(&["tokens", "log", "--json"], false);
    run(&["ingest", &folder, "notes"], false);
    run(&["ingest", "--json", "--force", &folder], false);
    run(&["ingest", "--dry-run", "--force", &folder], false);
    run(&["samples", "list"], false);
    run(&["samples", "list", "--json"], false);
    run(&["samples", "search", "essay"], false);
    run(&["samples", "stats"], false);
    let id = env.samples().pop().expect("a sample").id;
    run(&["samples", "show", &id], false);
    run(&["samples", "show", "--json", &id], false);
    run(&["samples", "export", "-o", "corpus.jsonl"], false);
    run(
        &["samples", "export", "--format", "csv", "-o", "corpus.csv"],
        false,
    );
    run(&["samples", "export", "--format", "txt"], false);
    run(&["key", "status"], false);
    run(&["key", "status", "--json"], false);
    run(&["key", "rotate", "--yes"], false);
    run(&["doctor"], false);
    run(&["doctor", "--json"], false);
    run(&["completions", "bash"], false);
    run(&["samples", "rm", "--yes", &id], false);
    let key = std::fs::read_to_string(env.home().join("key")).unwrap();
    let out = env
        .google(&fake)
        .args(["auth", "logout", "--yes", "-vvv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    seen.push_str(&String::from_utf8_lossy(&out.stdout));
    seen.push_str(&stderr_of(&out));
    tokens.sort();
    tokens.dedup();
    assert!(
        tokens.len() >= 4,
        "the tokens changed along the way: {}",
        tokens.len()
    );
    let mut secrets: Vec<&str> = tokens.iter().map(String::as_str).collect();
    secrets.extend([CLIENT_SECRET, key.trim()]);
    for secret in &secrets {
        assert!(!seen.contains(secret), "{secret} leaked in output:\n{seen}");
    }
    // Files: everything in HOME and the data dir but the store; the key file holds the key.
    let mut all = Vec::new();
    files(env.dir.path(), &mut all);
    assert!(all.len() >= 4, "{all:?}");
    for path in all {
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for secret in &secrets {
            if path.ends_with("home/key") && *secret == key.trim() {
                continue;
            }
            assert!(
                !text.contains(secret),
                "{secret} leaked into {}",
                path.display()
            );
        }
    }
    // The store and its WAL: only ciphertext.
    for name in ["voicetrain.db", "voicetrain.db-wal"] {
        let path = env.home().join(name);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for secret in &secrets {
            assert!(!text.contains(secret), "{secret} in plain text in {name}");
        }
    }
    assert!(seen.contains("-> 200"), "-vv shows request lines: {seen}");
}
