//! A store this user may read but not write (issue 12, item 8): the reading commands work on
//! it as they would on any other; the writing ones say it is read-only and how to fix it, with
//! exit 5, and change nothing; a data directory that cannot be made says why; `doctor` fails
//! both. Permission bits do not bind root, so as root the binary runs as `nobody`.

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

use crate::util::{DoctorCheck as Check, DoctorReport as Report, Env, Sample};

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// A store holding one sample, made by the user the test then takes write access from.
fn store_with_one_sample() -> Env {
    let env = Env::new();
    env.write("docs/essay.txt", "An essay about the sea and its moods.\n");
    let out = env
        .cmd_unprivileged()
        .args(["ingest", "docs"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env
}

fn run(env: &Env, args: &[&str]) -> (i32, String, String) {
    let out = env.cmd_unprivileged().args(args).output().expect("run");
    (
        out.status.code().expect("exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn store_check(env: &Env) -> Check {
    let (_, stdout, stderr) = run(env, &["doctor", "--json"]);
    let report: Report = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    assert!(!report.ok, "doctor must not be all well: {report:?}");
    report
        .checks
        .into_iter()
        .find(|c| c.check == "store")
        .expect("a store check")
}

/// Reading commands work, writing ones refuse with the fix, and the store is as it was.
fn reads_work_and_writes_refuse(env: &Env) {
    let (code, stdout, stderr) = run(env, &["samples", "list", "--json"]);
    assert_eq!(code, 0, "samples list on a read-only store: {stderr}");
    let samples: Vec<Sample> = serde_json::from_str(&stdout).expect("samples list --json");
    assert_eq!(samples.len(), 1);
    let id = samples[0].id.as_str();

    let (code, stdout, stderr) = run(env, &["samples", "show", id]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("the sea and its moods"), "{stdout}");
    let (code, stdout, stderr) = run(env, &["samples", "search", "moods"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(id), "{stdout}");
    let (code, stdout, stderr) = run(env, &["samples", "export"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("the sea and its moods"), "{stdout}");
    for args in [&["tokens", "list"][..], &["tokens", "log"]] {
        let (code, _, stderr) = run(env, args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
    }

    env.write("docs/second.txt", "A second essay, about the hills.\n");
    let (code, _, stderr) = run(env, &["ingest", "docs"]);
    assert_eq!(code, 5, "ingest into a read-only store: {stderr}");
    assert!(stderr.contains("is read-only to you"), "{stderr}");
    assert!(
        stderr.contains("hint:") && stderr.contains("VOICETRAIN_HOME"),
        "{stderr}"
    );
    assert!(!stderr.contains("store query failed"), "{stderr}");
    let (_, stdout, _) = run(env, &["samples", "list", "--json"]);
    let after: Vec<Sample> = serde_json::from_str(&stdout).expect("samples list --json");
    assert_eq!(after.len(), 1, "nothing was written");

    let check = store_check(env);
    assert_eq!(check.status, "fail", "{check:?}");
    assert!(check.detail.contains("read-only to you"), "{check:?}");
    assert!(check.fix.is_some_and(|f| f.contains("chmod u+w")));
}

#[test]
fn a_store_in_a_directory_the_user_cannot_write_is_read_and_refuses_writes_with_the_fix() {
    let env = store_with_one_sample();
    chmod(&env.home(), 0o500);
    reads_work_and_writes_refuse(&env);
    chmod(&env.home(), 0o700);
}

#[test]
fn a_store_file_the_user_cannot_write_is_read_and_refuses_writes_with_the_fix() {
    let env = store_with_one_sample();
    chmod(&env.store_file(), 0o400);
    reads_work_and_writes_refuse(&env);
}

#[test]
fn a_data_directory_that_cannot_be_made_says_why_and_doctor_fails_it() {
    let env = Env::new();
    env.write("docs/essay.txt", "Words of my own.\n");
    std::fs::create_dir(env.path("locked")).expect("mkdir");
    // Given to nobody first, then locked: nobody owns it and cannot write into it.
    env.hand_to_unprivileged();
    chmod(&env.path("locked"), 0o500);
    let home = env.path("locked/home");
    let out = env
        .cmd_unprivileged()
        .env("VOICETRAIN_HOME", &home)
        .args(["ingest", "docs"])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("cannot create data directory") && stderr.contains("Permission denied"),
        "the OS error is named: {stderr}"
    );
    assert!(stderr.contains("hint:"), "{stderr}");

    let out = env
        .cmd_unprivileged()
        .env("VOICETRAIN_HOME", &home)
        .args(["doctor", "--json"])
        .output()
        .expect("run");
    let report: Report = serde_json::from_slice(&out.stdout).expect("doctor --json");
    let check = report
        .checks
        .iter()
        .find(|c| c.check == "store")
        .expect("store check");
    assert_eq!(check.status, "fail", "not \"ok, none yet\": {check:?}");
    assert!(check.detail.contains("Permission denied"), "{check:?}");
    assert!(!home.exists(), "doctor made nothing");
    chmod(&env.path("locked"), 0o700);
}
