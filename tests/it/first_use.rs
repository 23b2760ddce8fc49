//! What a new user hits (issue 12), through the real binary: each test is named after what
//! broke, and failed before the fix. A Drive source without a login no longer aborts a batch,
//! `--title` reaches an unchanged file, cron notices a lost key or the last logout, odd
//! `VOICETRAIN_HOME` values are handled, and skip reasons are counted in the summary.

use serde_json::Value;

use crate::util::{Env, stderr_of};

const FOLDER: &str = "https://drive.google.com/drive/folders/1WritingFolder0000000000000";

#[test]
fn one_drive_source_without_a_login_no_longer_aborts_the_batch() {
    let env = Env::new();
    env.write("a.txt", "The first local note, about herons.\n");
    env.write("b.txt", "The second local note, about rivers.\n");
    let (code, reports) = env.ingest(&["a.txt", FOLDER, "b.txt"]);
    assert_eq!(code, 4, "the local files were done: {reports:#?}");
    let status = |source: &str| {
        let r = reports.iter().find(|r| r.source == source);
        r.map_or("(none)", |r| r.status.as_str())
    };
    assert_eq!(
        [status("a.txt"), status(FOLDER), status("b.txt")],
        ["ingested", "failed", "ingested"],
        "{reports:#?}"
    );
    let drive = reports.iter().find(|r| r.source == FOLDER).unwrap();
    let reason = drive.reason.as_deref().unwrap_or_default();
    assert!(
        reason.contains("no Google account is logged in") && reason.contains("auth google"),
        "{reason}"
    );
    assert_eq!(
        drive.file_id.as_deref(),
        Some("1WritingFolder0000000000000")
    );
    assert_eq!(env.samples().len(), 2);

    // With nothing else to do, it is a login that is needed: exit 3.
    let (code, _) = env.ingest(&[FOLDER]);
    assert_eq!(code, 3);
}

#[test]
fn title_is_no_longer_dropped_for_an_unchanged_file() {
    let env = Env::new();
    env.write("essay.md", "An essay on the colour of rivers.\n");
    let (code, _) = env.ingest(&["essay.md"]);
    assert_eq!(code, 0);
    for extra in [&[][..], &["--force"][..]] {
        let title = format!("Rivers {extra:?}");
        let mut args = vec!["essay.md", "--title", &title, "--tag", "rivers"];
        args.extend_from_slice(extra);
        let (code, reports) = env.ingest(&args);
        assert_eq!(code, 0);
        assert_eq!(reports[0].status, "unchanged", "{reports:#?}");
        let samples = env.samples();
        assert_eq!(samples[0].title, title, "{extra:?}");
        assert_eq!(samples[0].tags, ["rivers"]);
    }
    // The new title is what search finds.
    let out = env
        .cmd()
        .args(["samples", "search", "Rivers", "--json"])
        .output()
        .unwrap();
    let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits.as_array().map(Vec::len), Some(1), "{hits:#}");
}

/// A store with one (fake) token row, encrypted with a key file that is then deleted.
fn store_whose_key_is_gone(env: &Env) {
    let key_file = env.home().join("key");
    crate::util::seed_tokens(env, &key_file, &[("access", "refresh")]);
    std::fs::remove_file(key_file).unwrap();
}

#[test]
fn cron_notices_the_key_file_is_gone_before_a_token_is_due() {
    let env = Env::new();
    store_whose_key_is_gone(&env);
    for args in [&["tokens", "refresh"][..], &["tokens", "list"][..]] {
        let out = env.cmd().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(5), "{args:?}: {}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains("no key was found"),
            "{args:?}: {}",
            stderr_of(&out)
        );
    }
}

#[test]
fn tokens_refresh_after_the_last_logout_says_no_account_with_exit_3() {
    let env = Env::new();
    let out = env.cmd().args(["tokens", "refresh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("no Google account is logged in"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn an_empty_voicetrain_home_counts_as_unset() {
    let env = Env::new();
    for var in [
        "VOICETRAIN_HOME",
        "VOICETRAIN_KEY_FILE",
        "VOICETRAIN_ACCOUNT",
    ] {
        let out = env
            .cmd()
            .env(var, "")
            .env("XDG_DATA_HOME", env.path("xdg"))
            .args(["samples", "list"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{var}=: {}", stderr_of(&out));
    }
}

#[test]
fn voicetrain_home_dev_null_exits_5_and_a_literal_tilde_is_refused() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("VOICETRAIN_HOME", "/dev/null")
        .args(["samples", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr_of(&out));

    let out = env
        .cmd()
        .env("VOICETRAIN_HOME", "~/vt")
        .args(["samples", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("$HOME/vt"),
        "says what to write instead: {err}"
    );
    assert!(!env.path("~").exists(), "no directory named ~ was made");
}

#[test]
fn the_summary_counts_skipped_files_by_reason() {
    let env = Env::new();
    env.write("notes/a.txt", "A note worth keeping.\n");
    env.write("notes/b.zip", "PK\u{3}\u{4} not really a zip");
    env.write("notes/c.mp4", "not really a video");
    env.write("notes/d.txt", "");
    let out = env.cmd().args(["ingest", "notes"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("3 skipped (2 not a supported type, 1 empty file)"),
        "{err}"
    );
}

#[test]
fn reading_commands_and_dry_runs_no_longer_create_a_store() {
    let env = Env::new();
    env.write("notes/a.txt", "A note that a dry run only looks at.\n");
    for args in [
        &["samples", "list"][..],
        &["samples", "stats", "--json"][..],
        &["samples", "export"][..],
        &["tokens", "list"][..],
        &["tokens", "log"][..],
        &["key", "status"][..],
        &["ingest", "--dry-run", "notes"][..],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        assert!(
            !env.home().exists(),
            "{args:?} created {}",
            env.home().display()
        );
    }
    let (code, reports) = env.ingest(&["--dry-run", "notes"]);
    assert_eq!((code, reports[0].status.as_str()), (0, "ingested"));
    assert!(!env.home().exists());
    // A real run still makes it.
    let (code, _) = env.ingest(&["notes"]);
    assert_eq!(code, 0);
    assert!(env.store_file().exists());
}

#[test]
fn a_ctrl_c_ingest_prints_its_summary_so_far_and_keeps_what_it_recorded() {
    let env = Env::new();
    env.write("a.txt", "The first note, recorded before the interrupt.\n");
    env.write(
        "b.txt",
        "The second note, recorded before the interrupt too.\n",
    );
    // Opening a FIFO for reading waits for a writer that never comes: the run is stuck there.
    let fifo = env.path("stuck.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("voicetrain"))
        .env("HOME", env.dir.path())
        .env("VOICETRAIN_HOME", env.home())
        .env("VOICETRAIN_NO_KEYRING", "1")
        .args(["ingest", "--jobs", "1", "a.txt", "b.txt", "stuck.txt"])
        .current_dir(env.dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while env.samples().len() < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains("interrupted: 2 ingested"), "{err}");
    assert_eq!(env.samples().len(), 2, "what was recorded stays");
}

#[test]
fn untrusted_file_names_no_longer_reach_the_terminal_raw_in_ingest_output() {
    let env = Env::new();
    env.write(
        "notes/esc\u{1b}[31mred.txt",
        "A note whose name holds an escape.\n",
    );
    env.write(
        "notes/two\nlines.txt",
        "A note whose name holds a line break.\n",
    );
    let out = env.cmd().args(["ingest", "-v", "notes"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(!err.contains('\u{1b}'), "no live escape: {err:?}");
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("ingested  ")).collect();
    assert_eq!(lines.len(), 2, "one line a file: {err:?}");
}

#[test]
fn a_second_ctrl_c_ends_an_ingest_stuck_in_a_listing_at_once() {
    use crate::fake_google::{Config, FakeGoogle, Faults, Fixture};
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeGoogle::start(Fixture::default(), Config::default());
    env.login(&fake);
    // Every Drive call now takes a minute: the run sits in the folder's listing, where the
    // first Ctrl-C's flag is not looked at.
    fake.set_faults(Faults {
        latency_ms: 60_000,
        ..Faults::default()
    });
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("voicetrain"))
        .env("HOME", env.dir.path())
        .env("VOICETRAIN_HOME", env.home())
        .env("VOICETRAIN_NO_KEYRING", "1")
        .envs(fake.env())
        .args(["ingest", FOLDER])
        .current_dir(env.dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let started = std::time::Instant::now();
    for _ in 0..2 {
        let sent = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr_of(&out));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "ended at once, not after the listing: {:?}",
        started.elapsed()
    );
}
