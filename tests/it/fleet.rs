//! A team's hosts sharing one PostgreSQL store, through the real binary: each "host" a HOME
//! of its own (its own key file, copied as a team hands the key out), all pointed at one
//! database of the real cluster. Login on one and use on all, the refresh race across hosts,
//! every sample command on the shared store, syncs on several hosts at once splitting the items
//! of one source, a host killed mid-sync whose work another finishes, and leases that ran out
//! or failed taken over. Without PostgreSQL these say SKIPPED.

use std::collections::HashSet;
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::fake_google::{Config, FakeGoogle, Faults, Fixture};
use crate::postgres::Db;
use crate::util::{Env, stderr_of};

const FOLDER: &str = "1SharedFolder0000000000000";

/// One host of the team: its own HOME, the shared store.
struct Host<'a> {
    env: Env,
    db: &'a Db,
}

impl<'a> Host<'a> {
    fn new(db: &'a Db) -> Host<'a> {
        Host {
            env: Env::new(),
            db,
        }
    }

    /// The binary on this host, against `fake` if given.
    fn cmd(&self, fake: Option<&FakeGoogle>) -> std::process::Command {
        let mut cmd = self.env.std_cmd();
        cmd.env("VOICETRAIN_STORE", self.db.url());
        if let Some(fake) = fake {
            cmd.envs(fake.env());
        }
        cmd
    }

    fn run(&self, fake: Option<&FakeGoogle>, args: &[&str]) -> Output {
        self.cmd(fake).args(args).output().unwrap()
    }

    /// Runs `args`, which must succeed; its stdout.
    fn ok(&self, fake: Option<&FakeGoogle>, args: &[&str]) -> String {
        let out = self.run(fake, args);
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, fake: Option<&FakeGoogle>, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(fake, args)).unwrap()
    }

    fn spawn(&self, fake: Option<&FakeGoogle>, args: &[&str]) -> Child {
        self.cmd(fake)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// Logs in with a well-behaved browser.
    fn login(&self, fake: &FakeGoogle) {
        let out = self
            .cmd(Some(fake))
            .env("BROWSER", self.env.browser("", ""))
            .args(["auth", "google"])
            .output()
            .unwrap();
        assert!(out.status.success(), "login failed: {}", stderr_of(&out));
    }

    /// Gives this host the key `from` made, as a team hands its key to each host.
    fn key_from(&self, from: &Host<'_>) {
        std::fs::create_dir_all(self.env.home()).unwrap();
        std::fs::copy(from.env.home().join("key"), self.env.home().join("key")).unwrap();
    }
}

/// The IDs `samples list --json` gives on `host`.
fn ids(host: &Host<'_>) -> Vec<String> {
    let list = host.json(None, &["samples", "list", "--json"]);
    (list.as_array().unwrap().iter())
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

fn fake(docs: usize, latency_ms: u64) -> FakeGoogle {
    voicetrain::net::install_tls_provider();
    FakeGoogle::start(
        Fixture::docs(FOLDER, docs, 60),
        Config {
            rotate_refresh_tokens: true,
            faults: Faults {
                latency_ms,
                ..Faults::default()
            },
            ..Config::default()
        },
    )
}

fn folder_url() -> String {
    format!("https://drive.google.com/drive/folders/{FOLDER}")
}

#[test]
fn every_sample_command_works_on_the_shared_store_from_every_host() {
    let Some(db) = Db::new() else { return };
    let (a, b) = (Host::new(&db), Host::new(&db));
    a.env.write(
        "notes/harbour.txt",
        "The harbour at dawn, the boats still tied, and the gulls already loud.",
    );
    a.env.write(
        "notes/plans.md",
        "# Plans\n\nWhat we will build next spring.",
    );
    let big: String = (0..60_000)
        .map(|i| format!("Line {i} of a very long journal, written by hand.\n"))
        .collect();
    a.env.write("notes/journal.txt", big);
    a.ok(None, &["sources", "add", "notes", "--tag", "mine"]);
    a.ok(None, &["sync"]);

    // What one host stored, another sees: the same samples, texts and tags.
    let seen = ids(&b);
    assert_eq!(seen.len(), 3);
    assert_eq!(seen, ids(&a));
    let stats = b.json(None, &["samples", "stats", "--json"]);
    assert_eq!(stats["samples"], 3, "{stats}");
    let journal = b.ok(
        None,
        &["samples", "export", "--format", "jsonl", "--tag", "mine"],
    );
    assert_eq!(journal.lines().count(), 3);
    assert!(journal.contains("Line 59999 of a very long journal"));

    // Ranked search by PostgreSQL's own text search, a word's other forms found too.
    let hits = b.json(None, &["samples", "search", "--json", "harbours"]);
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(
        hits[0]["title"].as_str().unwrap().contains("harbour"),
        "{hits:?}"
    );
    assert!(
        hits[0]["snippet"].as_str().unwrap().contains("harbour"),
        "{hits:?}"
    );
    let phrase = b.json(
        None,
        &["samples", "search", "--json", "\"boats still\" OR spring"],
    );
    assert_eq!(phrase.as_array().map(Vec::len), Some(2), "{phrase}");
    let none = b.run(None, &["samples", "search", "\"still boats\""]);
    assert_eq!(none.status.code(), Some(1), "{}", stderr_of(&none));
    // What has no counterpart is refused plainly, not searched as something else.
    let near = b.run(None, &["samples", "search", "NEAR(harbour gulls, 5)"]);
    assert_eq!(near.status.code(), Some(2), "{}", stderr_of(&near));
    assert!(stderr_of(&near).contains("NEAR"), "{}", stderr_of(&near));
    // Not valid syntax: searched as its plain words, as on SQLite.
    let plain = b.json(None, &["samples", "search", "--json", "(harbour"]);
    assert_eq!(plain.as_array().map(Vec::len), Some(1), "{plain}");

    // A dataset built on another host, from the shared samples.
    let dir = b.env.path("ds");
    let dir = dir.to_str().unwrap();
    let manifest = b.json(
        None,
        &[
            "dataset", "build", "--format", "text", "--output", dir, "--json",
        ],
    );
    assert!(manifest["examples"].as_u64().unwrap() > 1, "{manifest}");
    assert!(b.env.path("ds/train.txt").exists());

    // Removed on one host, gone for all; the next sync on a third finds it unchanged.
    let plans = seen
        .iter()
        .find(|id| b.ok(None, &["samples", "show", id]).contains("next spring"))
        .unwrap();
    b.ok(None, &["samples", "rm", "--yes", plans]);
    assert_eq!(ids(&a).len(), 2);
    let c = Host::new(&db);
    let synced = c.json(None, &["sync", "--json"]);
    assert_eq!(synced["sources"][0]["status"], "ok", "{synced}");
    let status = c.json(None, &["store", "status", "--json"]);
    assert_eq!(status["kind"], "postgres");
    assert_eq!(status["counts"]["sources"], 1, "{status}");
}

#[test]
fn login_once_and_32_refreshes_over_4_hosts_make_one_refresh_call() {
    let Some(db) = Db::new() else { return };
    let fake = fake(0, 0);
    let hosts: Vec<Host<'_>> = (0..4).map(|_| Host::new(&db)).collect();
    hosts[0].login(&fake);
    for host in &hosts[1..] {
        host.key_from(&hosts[0]);
    }
    // Used on every host: the one login is there.
    for host in &hosts {
        let list = host.json(None, &["tokens", "list", "--json"]);
        assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    }
    // About to expire: a minute left.
    let soon = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_secs(60))
        .unwrap();
    db.client(&db.name)
        .execute(
            "UPDATE oauth_tokens SET expires_at = $1",
            &[&jiff::Timestamp::from_second(soon.as_second())
                .unwrap()
                .to_string()],
        )
        .unwrap();
    let before = fake.count("token.refresh_token");
    let children: Vec<Child> = (0..32)
        .map(|i| hosts[i % 4].spawn(Some(&fake), &["tokens", "refresh"]))
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        assert!(
            out.stdout.is_empty() && out.stderr.is_empty(),
            "cron output: {}",
            stderr_of(&out)
        );
    }
    assert_eq!(
        fake.count("token.refresh_token") - before,
        1,
        "{:?}",
        fake.counters()
    );
    // The refresh token the store holds is the one Google still honours (they rotate).
    let (_, refresh) = stored_tokens(&db, &hosts[2]);
    assert!(fake.refresh_token_is_live(&refresh.unwrap()));
}

/// The stored token's secrets, decrypted with `host`'s key.
fn stored_tokens(db: &Db, host: &Host<'_>) -> (String, Option<String>) {
    let key = std::fs::read_to_string(host.env.home().join("key")).unwrap();
    let row = db
        .client(&db.name)
        .query_one(
            "SELECT access_token_encrypted, refresh_token_encrypted FROM oauth_tokens",
            &[],
        )
        .unwrap();
    let (access, refresh): (String, Option<String>) = (row.get(0), row.get(1));
    // Only ciphertext in the table.
    assert!(
        !access.starts_with("ya29") && refresh.as_deref().is_none_or(|r| !r.starts_with("1//"))
    );
    (
        crate::util::decrypt(&key, &access).unwrap(),
        refresh.map(|r| crate::util::decrypt(&key, &r).unwrap()),
    )
}

/// A team of four hosts logged in once, the folder remembered as a source.
fn team<'a>(db: &'a Db, fake: &FakeGoogle) -> Vec<Host<'a>> {
    let hosts: Vec<Host<'a>> = (0..4).map(|_| Host::new(db)).collect();
    hosts[0].login(fake);
    for host in &hosts[1..] {
        host.key_from(&hosts[0]);
    }
    hosts[0].ok(Some(fake), &["sources", "add", &folder_url()]);
    hosts
}

/// The samples in the store, and how many distinct source IDs and texts they have.
fn distinct(db: &Db) -> (i64, usize, usize) {
    let mut client = db.client(&db.name);
    let rows = client
        .query("SELECT source_id, sha256 FROM samples", &[])
        .unwrap();
    let sources: HashSet<String> = rows.iter().map(|r| r.get(0)).collect();
    let texts: HashSet<String> = rows.iter().map(|r| r.get(1)).collect();
    (rows.len() as i64, sources.len(), texts.len())
}

#[test]
fn four_hosts_syncing_at_once_export_each_doc_exactly_once() {
    let Some(db) = Db::new() else { return };
    let fake = fake(300, 2);
    let hosts = team(&db, &fake);
    let children: Vec<Child> = hosts
        .iter()
        .map(|h| h.spawn(Some(&fake), &["sync", "--json"]))
        .collect();
    // Each host records its own part, and sees the others record theirs.
    let mut parts = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let synced = &report["sources"][0];
        assert_eq!(synced["status"], "ok", "{report}");
        let n = |field: &str| synced[field].as_u64().unwrap();
        // Met after another host recorded it, an item is unchanged here.
        assert_eq!(
            n("ingested") + n("unchanged") + n("other_hosts"),
            300,
            "{report}"
        );
        parts.push(n("ingested"));
    }
    assert_eq!(parts.iter().sum::<u64>(), 300, "{parts:?}");
    assert!(
        parts.iter().filter(|&&n| n > 0).count() >= 2,
        "the work was not split: {parts:?}"
    );
    assert_eq!(fake.count("files.export:200"), 300, "{:?}", fake.counters());
    assert_eq!(distinct(&db), (300, 300, 300));
    // Nothing new: the next sync on any host costs no export.
    hosts[3].ok(Some(&fake), &["sync"]);
    assert_eq!(fake.count("files.export:200"), 300);
}

#[test]
fn a_host_killed_mid_sync_leaves_its_work_to_the_next_host() {
    let Some(db) = Db::new() else { return };
    let fake = fake(300, 20);
    let hosts = team(&db, &fake);
    let mut first = hosts[0].spawn(Some(&fake), &["sync"]);
    // Killed once it has stored some of the folder, not all.
    let deadline = Instant::now() + Duration::from_secs(120);
    while distinct(&db).0 < 20 {
        assert!(Instant::now() < deadline, "the first sync stored nothing");
        assert!(
            first.try_wait().unwrap().is_none(),
            "the first sync ended early"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    first.kill().unwrap();
    first.wait().unwrap();
    let stored = distinct(&db).0;
    assert!(stored < 300, "killed too late: {stored}");
    let by_first = fake.count("files.export:200");
    // The killed host's hold on the source ended with its connection: another host takes
    // the source at once and finishes it.
    let out = hosts[1].run(Some(&fake), &["sync", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["sources"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(distinct(&db), (300, 300, 300));
    // Only what the killed host had not stored is exported again.
    assert_eq!(
        fake.count("files.export:200") - by_first,
        300 - stored as u64
    );
}

#[test]
fn a_host_killed_while_another_syncs_with_it_leaves_its_part_to_that_one() {
    let Some(db) = Db::new() else { return };
    let fake = fake(300, 20);
    let hosts = team(&db, &fake);
    let mut killed = hosts[0].spawn(Some(&fake), &["sync"]);
    let other = hosts[1].spawn(Some(&fake), &["sync", "--json"]);
    let deadline = Instant::now() + Duration::from_secs(120);
    while distinct(&db).0 < 40 {
        assert!(Instant::now() < deadline, "the syncs stored nothing");
        std::thread::sleep(Duration::from_millis(20));
    }
    killed.kill().unwrap();
    killed.wait().unwrap();
    // The other host, still in the same run, takes over what the killed one had in hand.
    let out = other.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(distinct(&db), (300, 300, 300));
    let exports = fake.count("files.export:200");
    // Exported twice, at most: what the killed host had fetched and not yet recorded.
    assert!((300..=300 + 8 * 4).contains(&exports), "{exports} exports");
}

/// A lease on one Doc of the folder, held by a live connection of its own (a host that hung,
/// or a machine gone without closing its connection) for `ms` more, or given up `failed`.
fn stray_lease(db: &Db, ms: i64, failed: bool) -> postgres::Client {
    let mut holder = db.client(&db.name);
    holder
        .execute("SELECT pg_advisory_lock(30312, 4242)", &[])
        .unwrap();
    holder
        .execute(
            "INSERT INTO sync_leases (synced, account, key, holder, until_ms, failed)
             VALUES (1, $1, 'doc00007', 4242,
                     CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT) + $2, $3)",
            &[&crate::fake_google::USER, &ms, &failed],
        )
        .unwrap();
    holder
}

#[test]
fn a_lease_whose_time_ran_out_is_taken_over_though_its_host_still_holds_on() {
    let Some(db) = Db::new() else { return };
    let fake = fake(20, 0);
    let hosts = team(&db, &fake);
    let _holder = stray_lease(&db, 3_000, false);
    let began = Instant::now();
    let out = hosts[1].run(Some(&fake), &["sync", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    // It waited for the lease to run out rather than leave the Doc to a host that is gone.
    assert!(
        began.elapsed() >= Duration::from_millis(2_500),
        "{:?}",
        began.elapsed()
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["sources"][0]["ingested"], 20, "{report}");
    assert_eq!(distinct(&db), (20, 20, 20));
    assert_eq!(fake.count("files.export:200"), 20);
}

#[test]
fn an_item_that_failed_on_another_host_is_tried_again_here() {
    let Some(db) = Db::new() else { return };
    let fake = fake(20, 0);
    let hosts = team(&db, &fake);
    let _holder = stray_lease(&db, 600_000, true);
    let out = hosts[1].run(Some(&fake), &["sync", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(distinct(&db), (20, 20, 20));
}

#[test]
fn a_host_that_finds_google_failing_opens_the_circuit_for_every_host() {
    let Some(db) = Db::new() else { return };
    let fake = fake(3, 0);
    let hosts: Vec<Host<'_>> = (0..2).map(|_| Host::new(&db)).collect();
    for host in &hosts {
        host.env.write(
            "home/config.toml",
            "[breaker]\nfailures = 2\nrecovery = \"10m\"\n",
        );
    }
    hosts[0].login(&fake);
    hosts[1].key_from(&hosts[0]);
    fake.set_faults(Faults {
        server_error: 1.0,
        ..Faults::default()
    });
    let doc = folder_url();
    let out = hosts[0].run(Some(&fake), &["ingest", "--retries", "2", &doc]);
    assert_eq!(out.status.code(), Some(75), "{}", stderr_of(&out));
    let calls = fake.counters();
    // The other host does not call Google at all: the circuit it shares is open.
    let out = hosts[1].run(Some(&fake), &["ingest", &doc]);
    assert_eq!(out.status.code(), Some(75), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("will not call it again until"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(fake.counters(), calls, "host 2 called Google");
    let open: i64 = db
        .client(&db.name)
        .query_one("SELECT count(*) FROM breakers WHERE state = 'open'", &[])
        .unwrap()
        .get(0);
    assert_eq!(open, 1);
}
