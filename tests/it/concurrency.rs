//! Several voicetrain processes on one store at once, through the real binary: two ingests of
//! overlapping Drive folders and two of overlapping local directories, while `tokens refresh`
//! runs in a loop. No sample may be stored twice, every process must exit 0, and no "database
//! is locked" may reach the user. On the store file and on a PostgreSQL store alike.

use std::collections::HashSet;
use std::process::{Child, Stdio};

use crate::fake_google::{Config, FakeGoogle, Faults, FileSpec, Fixture};
use crate::util::{Env, FileReport, check_store, json_lines};

const FOLDER_A: &str = "1ConcurrentA000000000000000";
const FOLDER_B: &str = "1ConcurrentB000000000000000";

/// Folder A: 40 Docs. Folder B: 10 Docs of its own and shortcuts to 20 of A's.
fn drive() -> Fixture {
    let mut fixture = Fixture::docs(FOLDER_A, 40, 80).with(FileSpec::folder(FOLDER_B, "B", "root"));
    for i in 0..10 {
        fixture = fixture.with(FileSpec::doc(
            &format!("1OnlyInB{i:019}"),
            &format!("Only in B {i}"),
            FOLDER_B,
            &format!("A document only folder B holds, number {i}.\n"),
        ));
    }
    for i in 20..40 {
        fixture = fixture.with(FileSpec::shortcut(
            &format!("1ShortcutInB{i:015}"),
            &format!("Document {i}"),
            FOLDER_B,
            &format!("doc{i:05}"),
        ));
    }
    fixture
}

fn spawn(env: &Env, fake: &FakeGoogle, args: &[&str]) -> Child {
    env.std_cmd()
        .envs(fake.env())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn overlapping_ingests_and_a_refresh_loop_store_each_sample_once_never_as_duplicate() {
    overlapping_ingests_and_a_refresh_loop(&Env::new());
}

#[test]
fn on_postgres_overlapping_ingests_and_a_refresh_loop_store_each_sample_once() {
    if let Some(env) = Env::on_postgres() {
        overlapping_ingests_and_a_refresh_loop(&env);
    }
}

fn overlapping_ingests_and_a_refresh_loop(env: &Env) {
    voicetrain::net::install_tls_provider();
    let fake = FakeGoogle::start(
        drive(),
        Config {
            faults: Faults {
                latency_ms: 3,
                ..Faults::default()
            },
            ..Config::default()
        },
    );
    env.login(&fake);
    // Local: B is a subdirectory of A, so 150 of A's 300 files are named twice.
    for i in 0..300 {
        let dir = if i < 150 { "local" } else { "local/sub" };
        env.write(
            &format!("{dir}/n{i:03}.txt"),
            format!("Local note {i}. {}", "words in a row. ".repeat(20 + i % 7)),
        );
    }
    let folder = |id: &str| format!("https://drive.google.com/drive/folders/{id}");
    let mut children = vec![
        spawn(env, &fake, &["ingest", "--json", &folder(FOLDER_A)]),
        spawn(env, &fake, &["ingest", "--json", &folder(FOLDER_B)]),
        spawn(env, &fake, &["ingest", "--json", "local"]),
        spawn(env, &fake, &["ingest", "--json", "local/sub"]),
    ];
    let mut refreshes = 0;
    while children.iter_mut().any(|c| c.try_wait().unwrap().is_none()) || refreshes < 10 {
        let refresh = spawn(env, &fake, &["tokens", "refresh", "--force", "-q"]);
        children.push(refresh);
        refreshes += 1;
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{err}");
        assert!(!err.contains("locked"), "{err}");
        // A file the other process stored meanwhile is that same sample, not a duplicate
        // (finding: it was reported `duplicate`, as if it came from elsewhere).
        for report in json_lines::<FileReport>(&out.stdout) {
            assert!(
                ["ingested", "unchanged"].contains(&report.status.as_str()),
                "{report:?}"
            );
        }
    }
    check_store(env);
    let samples = env.samples();
    // 40 + 10 Drive documents, 300 local notes; each once.
    assert_eq!(samples.len(), 350);
    let sources: HashSet<_> = samples.iter().map(|s| s.source_id.clone()).collect();
    assert_eq!(sources.len(), 350, "a source stored twice");
    let texts: HashSet<_> = samples.iter().map(|s| s.sha256.clone()).collect();
    assert_eq!(texts.len(), 350, "a text stored twice");
}
