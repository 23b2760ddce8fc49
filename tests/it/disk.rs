//! A disk that fills up mid-ingest, through the real binary: under a file-size limit
//! (`ulimit -f`, which kills a process that does not expect it) and on a small tmpfs (real
//! ENOSPC, where the machine lets a test mount one). Each time: a clear message, exit 1, a
//! store that passes its integrity check, and a re-run with room that completes.

use std::process::Command;

use crate::util::{Env, check_store};

/// 300 files of ~9 KB of distinct text: about 3 MB of samples.
fn notes(env: &Env) {
    for i in 0..300 {
        let text = format!(
            "Note {i}. {}",
            "the heron waits in the reeds. ".repeat(300 + i)
        );
        env.write(&format!("notes/n{i:03}.txt"), text);
    }
}

fn voicetrain_in(env: &Env, home: &std::path::Path, shell_prefix: &str) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("voicetrain");
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{shell_prefix} exec \"$0\" --home \"$1\" ingest notes -q"
        ))
        .arg(bin)
        .arg(home)
        .env("VOICETRAIN_NO_KEYRING", "1")
        .env("HOME", env.dir.path())
        .current_dir(env.dir.path())
        .output()
        .unwrap()
}

fn samples_in(env: &Env, home: &std::path::Path) -> usize {
    let out = env
        .cmd()
        .env("VOICETRAIN_HOME", home)
        .args(["samples", "list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)
        .unwrap()
        .len()
}

#[test]
fn file_size_limit_mid_ingest_exits_1_with_a_message_and_an_intact_store() {
    let env = Env::new();
    notes(&env);
    // 1 MiB (ulimit -f counts 1 KiB blocks): a third of the way.
    let out = voicetrain_in(&env, &env.home(), "ulimit -f 1024;");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "killed by a signal? {err}");
    assert!(err.contains("could not be written"), "{err}");
    assert!(err.contains("nothing was lost"), "{err}");
    assert_eq!(err.lines().count(), 2, "one line and a hint: {err}");
    check_store(&env);
    let stored = samples_in(&env, &env.home());
    assert!(
        (1..300).contains(&stored),
        "{stored} samples before the limit"
    );
    // With room again, the same command finishes the job.
    let out = voicetrain_in(&env, &env.home(), "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_store(&env);
    assert_eq!(samples_in(&env, &env.home()), 300);
}

#[test]
fn full_tmpfs_mid_ingest_exits_1_with_a_message_and_an_intact_store() {
    let env = Env::new();
    notes(&env);
    let mount = env.path("small");
    std::fs::create_dir_all(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&mount)
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        // Mounting needs root and the right to mount (a container may refuse it even to root);
        // the file-size limit test above covers the same ground without either.
        eprintln!("SKIPPED: a tmpfs could not be mounted here");
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _unmount = Unmount(mount.clone());
    let home = mount.join("home");
    let out = voicetrain_in(&env, &home, "");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("disk holding the store is full"), "{err}");
    let conn = rusqlite::Connection::open(home.join("voicetrain.db")).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let stored = samples_in(&env, &home);
    assert!(
        (1..300).contains(&stored),
        "{stored} samples before the disk filled"
    );
}
