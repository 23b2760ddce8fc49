//! Crash consistency: `ingest` (of a local and of a Drive folder), `sync`, `tokens refresh`
//! and `key rotate` killed with SIGKILL at many moments. After each kill the store passes
//! `PRAGMA integrity_check`, no sample holds partial text (each text hashes to its recorded
//! sha256), every secret still decrypts with the key voicetrain finds, and a re-run finishes
//! with exactly the expected samples. `ingest` killed so runs on a PostgreSQL store too.

use std::time::Duration;

use crate::fake_google::{Config, FakeGoogle, Faults, Fixture};
use crate::util::{Env, check_store, seed_tokens, stderr_of};

/// How long `args` takes to run to the end here, so kills can be spread across a run.
fn duration_of(env: &Env, vars: &[(&str, String)], args: &[&str]) -> u64 {
    let started = std::time::Instant::now();
    let out = env
        .cmd()
        .envs(vars.iter().cloned())
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    started.elapsed().as_millis().max(20) as u64
}

/// Starts the binary with `args` and SIGKILLs it after `delay`; true when it was still running.
fn kill_after(env: &Env, vars: &[(&str, String)], args: &[&str], delay: Duration) -> bool {
    let mut child = env
        .std_cmd()
        .envs(vars.iter().cloned())
        .args(args)
        .spawn()
        .unwrap();
    std::thread::sleep(delay);
    let running = child.try_wait().unwrap().is_none();
    let _ = child.kill();
    let _ = child.wait();
    running
}

/// Delays spread over a run, reproducible: a small linear congruential sequence.
fn kill_points(n: usize, max_ms: u64) -> Vec<Duration> {
    let mut x: u64 = 0x5eed;
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            Duration::from_millis((x >> 33) % max_ms)
        })
        .collect()
}

#[test]
fn ingest_killed_at_25_moments_leaves_a_consistent_store() {
    let env = Env::new();
    ingest_killed_at_25_moments(&env, || {
        for name in ["voicetrain.db", "voicetrain.db-wal", "voicetrain.db-shm"] {
            let _ = std::fs::remove_file(env.home().join(name));
        }
    });
}

#[test]
fn on_postgres_ingest_killed_at_25_moments_leaves_a_consistent_store() {
    let Some(env) = Env::on_postgres() else {
        return;
    };
    ingest_killed_at_25_moments(&env, || env.db.as_ref().unwrap().empty());
}

/// Kills `ingest` of 1,500 notes at 25 moments, alternately into a store made `empty` and
/// forced over a full one; the store consistent after each, and whole after a last run.
fn ingest_killed_at_25_moments(env: &Env, empty: impl Fn()) {
    for i in 0..1500 {
        env.write(
            &format!("notes/{i:04}.md"),
            format!(
                "Note {i}\n\n{}\n",
                "a few words of mine ".repeat(20 + i % 7)
            ),
        );
    }
    // Two of them say the same: one sample between them.
    env.write(
        "notes/copy.md",
        format!("Note 7\n\n{}\n", "a few words of mine ".repeat(20)),
    );
    let run = duration_of(env, &[], &["ingest", "notes", "-q"]);
    let mut killed_mid_run = 0;
    for (i, delay) in kill_points(25, run * 6 / 10).into_iter().enumerate() {
        // Alternately a first ingest into an empty store, and a forced re-run over a full one.
        let force = i % 2 == 1;
        if !force {
            empty();
        }
        let mut args = vec!["ingest", "notes", "-q"];
        args.extend(force.then_some("--force"));
        killed_mid_run += usize::from(kill_after(env, &[], &args, delay));
        if env.db.is_some() || env.store_file().exists() {
            check_store(env);
        }
    }
    assert!(
        killed_mid_run >= 5,
        "only {killed_mid_run} of 25 kills landed mid-run"
    );
    let out = env.cmd().args(["ingest", "notes"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    check_store(env);
    assert_eq!(env.samples().len(), 1500);
}

#[test]
fn key_rotate_killed_at_25_moments_never_loses_a_secret() {
    let env = Env::new();
    let key_file = env.home().join("key");
    let tokens: Vec<(String, String)> = (0..2000)
        .map(|i| (format!("ya29.access-{i}"), format!("1//refresh-{i}")))
        .collect();
    let pairs: Vec<(&str, &str)> = tokens
        .iter()
        .map(|(a, r)| (a.as_str(), r.as_str()))
        .collect();
    seed_tokens(&env, &key_file, &pairs);
    let run = duration_of(&env, &[], &["key", "rotate", "--yes", "-q"]);
    let mut killed_mid_run = 0;
    for delay in kill_points(25, run * 6 / 10) {
        killed_mid_run += usize::from(kill_after(
            &env,
            &[],
            &["key", "rotate", "--yes", "-q"],
            delay,
        ));
        // Whatever moment it died at, the key voicetrain finds opens the store...
        let out = env.cmd().args(["key", "status"]).output().unwrap();
        assert!(
            out.status.success(),
            "after a kill at {delay:?}: {}",
            stderr_of(&out)
        );
        check_store(&env);
        // ...and every secret decrypts with the key now in the key file.
        let key = std::fs::read_to_string(&key_file).unwrap();
        let stored = crate::util::token_ciphertexts(&env);
        assert_eq!(stored.len(), 2000);
        for ((access, refresh), (want_access, want_refresh)) in stored.iter().zip(&tokens) {
            assert_eq!(
                crate::util::decrypt(&key, access).as_deref(),
                Some(want_access.as_str())
            );
            assert_eq!(
                crate::util::decrypt(&key, refresh.as_deref().unwrap()).as_deref(),
                Some(want_refresh.as_str())
            );
        }
    }
    assert!(
        killed_mid_run >= 5,
        "only {killed_mid_run} of 25 kills landed mid-run"
    );
}

/// Runs `args` against `fake` and SIGKILLs it at 25 moments spread over a measured run; after
/// each, the store is sound and the login survives: its tokens decrypt and the refresh token
/// is still good at Google.
fn kill_25_times_keeping_the_login(env: &Env, fake: &FakeGoogle, args: &[&str]) {
    let vars: Vec<(&str, String)> = fake.env();
    // Spread over most of the measured run, not all of it: a later run may well be quicker
    // than the measured one (a cold first run, a machine busy then), and a kill after the end
    // tests nothing.
    let run = duration_of(env, &vars, args);
    let mut killed_mid_run = 0;
    for delay in kill_points(25, run * 7 / 10) {
        killed_mid_run += usize::from(kill_after(env, &vars, args, delay));
        check_store(env);
        let (_, refresh) = env.stored_tokens();
        assert!(
            fake.refresh_token_is_live(&refresh.expect("a refresh token")),
            "killed at {delay:?}"
        );
    }
    assert!(
        killed_mid_run >= 15,
        "only {killed_mid_run} kills landed mid-run"
    );
}

#[test]
fn tokens_refresh_killed_at_25_moments_never_loses_the_login() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeGoogle::start(
        Fixture::default(),
        Config {
            // Slow enough that kills land before, during and after the token call.
            faults: Faults {
                latency_ms: 150,
                only: vec!["token.".into()],
                ..Faults::default()
            },
            ..Config::default()
        },
    );
    env.login(&fake);
    let args = ["tokens", "refresh", "--force", "-q"];
    kill_25_times_keeping_the_login(&env, &fake, &args);
    // And the next cron run refreshes as if nothing happened.
    let out = env.google(&fake).args(args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = env.google(&fake).args(["auth", "status"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
}

#[test]
fn drive_folder_ingest_killed_at_25_moments_leaves_a_consistent_store() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeGoogle::start(
        Fixture::docs(crate::fake_google::BENCH_FOLDER, 300, 60),
        Config {
            faults: Faults {
                latency_ms: 2,
                ..Faults::default()
            },
            ..Config::default()
        },
    );
    env.login(&fake);
    let folder = format!(
        "https://drive.google.com/drive/folders/{}",
        crate::fake_google::BENCH_FOLDER
    );
    let args = ["ingest", "-q", "--force", folder.as_str()];
    kill_25_times_keeping_the_login(&env, &fake, &args);
    let out = env
        .google(&fake)
        .args(["ingest", "-q", &folder])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    check_store(&env);
    assert_eq!(env.samples().len(), 300);
}

/// The store's files, copied aside or back: a snapshot of a store at rest.
fn copy_store(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for name in ["voicetrain.db", "voicetrain.db-wal", "voicetrain.db-shm"] {
        let _ = std::fs::remove_file(to.join(name));
        if from.join(name).exists() {
            std::fs::copy(from.join(name), to.join(name)).unwrap();
        }
    }
}

#[test]
fn sync_killed_at_25_moments_then_run_again_ends_with_exactly_the_live_and_gone_samples() {
    let env = Env::new();
    let note = |i: usize, edited: bool| {
        format!(
            "Note {i}{}\n\n{}\n",
            if edited { ", edited" } else { "" },
            "a few words of mine ".repeat(20 + i % 7)
        )
    };
    for i in 0..600 {
        env.write(&format!("notes/{i:04}.md"), note(i, false));
    }
    let notes = env.path("notes");
    let out = env
        .cmd()
        .args(["sources", "add", notes.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let _ = duration_of(&env, &[], &["sync"]);
    let synced = env.path("synced-store");
    copy_store(&env.home(), &synced);

    // Then, at once: 100 deleted, 100 edited, 100 new.
    for i in 0..100 {
        std::fs::remove_file(notes.join(format!("{i:04}.md"))).unwrap();
    }
    for i in 100..200 {
        env.write(&format!("notes/{i:04}.md"), note(i, true));
    }
    for i in 600..700 {
        env.write(&format!("notes/{i:04}.md"), note(i, false));
    }
    let run = duration_of(&env, &[], &["sync"]);
    let want_live: std::collections::BTreeSet<String> =
        (100..700).map(|i| format!("{i:04}")).collect();
    let want_gone: std::collections::BTreeSet<String> =
        (0..100).map(|i| format!("{i:04}")).collect();
    let titles = |gone: bool| -> std::collections::BTreeSet<String> {
        let mut cmd = env.cmd();
        cmd.args(["samples", "list", "--json"]);
        if gone {
            cmd.arg("--gone");
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        list.as_array()
            .unwrap()
            .iter()
            .map(|s| s["title"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        (titles(false), titles(true)),
        (want_live.clone(), want_gone.clone())
    );

    let mut killed_mid_run = 0;
    for delay in kill_points(25, run * 7 / 10) {
        copy_store(&synced, &env.home());
        killed_mid_run += usize::from(kill_after(&env, &[], &["sync", "-q"], delay));
        check_store(&env);
        let out = env.cmd().args(["sync"]).output().unwrap();
        assert!(
            out.status.success(),
            "after a kill at {delay:?}: {}",
            stderr_of(&out)
        );
        check_store(&env);
        assert_eq!(
            (titles(false), titles(true)),
            (want_live.clone(), want_gone.clone()),
            "after a kill at {delay:?}"
        );
    }
    assert!(
        killed_mid_run >= 10,
        "only {killed_mid_run} of 25 kills landed mid-run"
    );
    // The edits are in, whole.
    let out = env
        .cmd()
        .args(["samples", "export", "--format", "jsonl"])
        .output()
        .unwrap();
    let edited = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains(", edited"))
        .count();
    assert_eq!(edited, 100);
}
