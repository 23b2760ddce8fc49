//! A folder ingest through the real binary while the fake Google misbehaves: a mix of 503s,
//! 429s with Retry-After, dropped connections and cut bodies must end with exactly the samples
//! a calm run gives, exit 0; a total outage must end within the retry budget with exit 75 and
//! nothing half-stored, and a re-run once Google is back must complete.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::fake_google::{Config, FakeGoogle, Faults, FileSpec, Fixture};
use crate::util::{Env, Exported, check_store, json_lines, stderr_of};

const FOLDER: &str = "1FaultsFolder00000000000000";

/// 40 Docs, a Slides deck, a Sheet, and text files that are downloaded (not exported), so
/// every kind of call meets the faults.
fn drive() -> Fixture {
    let mut fixture = Fixture::docs(FOLDER, 40, 120)
        .with(FileSpec::slides(
            "1FaultSlides000000000000000",
            "Talk",
            FOLDER,
            "Why I write\nEvery morning",
        ))
        .with(FileSpec::sheet(
            "1FaultSheet0000000000000000",
            "Log",
            FOLDER,
            &[("2026", &[&["Title", "Pages"], &["Emma", "474"]])],
        ));
    for i in 0..10 {
        let text = format!("Notes {i}: {}\n", "a line of plain text. ".repeat(40 + i));
        fixture = fixture.with(FileSpec::binary(
            &format!("1FaultNotes{i:016}"),
            &format!("notes-{i}.txt"),
            FOLDER,
            "text/plain",
            text.as_bytes(),
        ));
    }
    fixture
}

/// Quick retries, so that many faults cost seconds, not minutes; the breaker as shipped.
const FAST_RETRIES: &str = "[retry.drive]\nattempts = 10\nbase_delay = \"20ms\"\nmax_delay = \"300ms\"\nbudget = \"60s\"\n\
     [retry.token]\nattempts = 10\nbase_delay = \"20ms\"\nmax_delay = \"300ms\"\nbudget = \"30s\"\n";

fn setup(config: &str) -> (Env, FakeGoogle) {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeGoogle::start(drive(), Config::default());
    env.login(&fake);
    env.write("home/config.toml", config);
    (env, fake)
}

fn folder() -> String {
    format!("https://drive.google.com/drive/folders/{FOLDER}")
}

/// Title → text of every stored sample.
fn corpus(env: &Env) -> BTreeMap<String, String> {
    let out = env
        .cmd()
        .args(["samples", "export", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    json_lines::<Exported>(&out.stdout)
        .into_iter()
        .map(|e| (e.title, e.text))
        .collect()
}

/// What a run with no faults stores: the reference.
fn calm_corpus() -> BTreeMap<String, String> {
    let (env, fake) = setup(FAST_RETRIES);
    let out = env
        .google(&fake)
        .args(["ingest", &folder()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    corpus(&env)
}

#[test]
fn fault_mix_stores_what_a_calm_run_does_and_a_flaky_host_does_not_open_the_breaker() {
    let expected = calm_corpus();
    assert_eq!(expected.len(), 52, "{:?}", expected.keys());
    let (env, fake) = setup(FAST_RETRIES);
    fake.set_faults(Faults {
        seed: 7,
        server_error: 0.20,
        rate_limit_429: 0.10,
        retry_after_secs: 1,
        drop: 0.05,
        truncate: 0.05,
        ..Faults::default()
    });
    let out = env
        .google(&fake)
        .args(["ingest", "--jobs", "8", &folder()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let counters = fake.counters();
    let injected = |suffix: &str| -> u64 {
        counters
            .iter()
            .filter(|(k, _)| k.ends_with(suffix))
            .map(|(_, n)| n)
            .sum()
    };
    // The mix really happened (numbers from the seeded draw, not asserted exactly: the order
    // of concurrent requests varies).
    assert!(injected(":503") + injected(":500") >= 10, "{counters:?}");
    assert!(injected(":429") >= 5, "{counters:?}");
    assert!(injected(":drop") >= 2, "{counters:?}");
    assert!(injected(":truncated") >= 2, "{counters:?}");
    check_store(&env);
    assert_eq!(corpus(&env), expected);
}

#[test]
fn total_outage_exits_75_not_1_within_budget_and_a_rerun_completes() {
    let expected = calm_corpus();
    let (env, fake) = setup(
        "[retry.drive]\nattempts = 6\nbase_delay = \"50ms\"\nmax_delay = \"400ms\"\nbudget = \"3s\"\n\
         [breaker]\nrecovery = \"1s\"\n",
    );
    // The listing works, every file's content is unavailable.
    fake.set_faults(Faults {
        server_error: 1.0,
        only: vec!["files.export".into(), "files.download".into()],
        ..Faults::default()
    });
    let started = Instant::now();
    let out = env
        .google(&fake)
        .args(["ingest", "--json", &folder()])
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(out.status.code(), Some(75), "{}", stderr_of(&out));
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
    let reports: Vec<crate::util::FileReport> = json_lines(&out.stdout);
    assert!(reports.iter().all(|r| r.status == "failed"), "{reports:#?}");
    check_store(&env);
    assert!(corpus(&env).is_empty(), "nothing stored from an outage");
    // Google is back; the breaker's recovery time passes.
    fake.set_faults(Faults::default());
    std::thread::sleep(Duration::from_millis(1100));
    let out = env
        .google(&fake)
        .args(["ingest", &folder()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    check_store(&env);
    assert_eq!(corpus(&env), expected);
}
