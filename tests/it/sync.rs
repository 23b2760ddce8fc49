//! `voicetrain sources` and `voicetrain sync` through the real binary: remembered sources with
//! their options, a local directory kept in step (new, edited, deleted, restored), gone
//! samples out of listings and datasets, `--forget-samples`, the one-sync-at-a-time lock, and
//! the exit code when some sources fail (a revoked login, Google down, a directory gone).

use std::fs::File;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::fake_google::{Config, FakeGoogle, Faults, FileSpec, Fixture};
use crate::util::{Env, stderr_of};

/// `voicetrain ARGS` in `env`: exit code, stdout, stderr.
fn run(env: &Env, args: &[&str]) -> (i32, String, String) {
    let out = env.cmd().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr_of(&out),
    )
}

fn json(env: &Env, args: &[&str]) -> Value {
    let (code, stdout, stderr) = run(env, args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// Title → gone reason (`None` for a live sample) of every sample, from `samples list`.
fn titles(env: &Env, gone: bool) -> Vec<String> {
    let args: &[&str] = if gone {
        &["samples", "list", "--json", "--gone"]
    } else {
        &["samples", "list", "--json"]
    };
    let mut t: Vec<String> = json(env, args)
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_string())
        .collect();
    t.sort();
    t
}

const HERONS: &str = "The herons came back to the pond this week, three of them standing still.\n";
const GEESE: &str = "The geese flew south over the river in October, calling all the way.\n";
const OWLS: &str = "An owl called from the oak at dusk, and another answered from the hill.\n";

#[test]
fn a_local_directory_is_kept_in_step_new_edited_deleted_and_restored() {
    let env = Env::new();
    env.write("notes/herons.md", HERONS);
    env.write("notes/geese.md", GEESE);
    let (code, _, stderr) = run(
        &env,
        &[
            "sources",
            "add",
            env.path("notes").to_str().unwrap(),
            "--tag",
            "notes",
        ],
    );
    assert_eq!(code, 0, "{stderr}");

    // Silent on success, as cron wants.
    let (code, stdout, stderr) = run(&env, &["sync"]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    assert_eq!(titles(&env, false), ["geese", "herons"]);
    let tags = json(&env, &["samples", "list", "--json"])[0]["tags"].clone();
    assert_eq!(
        tags,
        serde_json::json!(["notes"]),
        "the source's tag is given"
    );

    // New, edited, deleted: one sync.
    env.write("notes/owls.md", OWLS);
    env.write("notes/herons.md", format!("{HERONS}They left at noon.\n"));
    std::fs::remove_file(env.path("notes/geese.md")).unwrap();
    let report = json(&env, &["sync", "--json"]);
    let s = &report["sources"][0];
    assert_eq!(s["status"], "ok");
    assert_eq!(
        (
            &s["ingested"],
            &s["updated"],
            &s["unchanged"],
            &s["gone"],
            &s["failed"]
        ),
        (
            &Value::from(1),
            &Value::from(1),
            &Value::from(0),
            &Value::from(1),
            &Value::from(0)
        ),
        "{report}"
    );
    assert_eq!(s["calls"], 0, "local files cost no API call");
    assert_eq!(s["other_hosts"], 0, "a store file has no other hosts");
    assert!(s["error"].is_null());
    assert_eq!(titles(&env, false), ["herons", "owls"]);
    assert_eq!(titles(&env, true), ["geese"]);
    let gone = &json(&env, &["samples", "list", "--json", "--gone"])[0]["gone"];
    assert_eq!(gone["reason"], "deleted");
    assert!(gone["at"].as_str().unwrap().ends_with('Z'));
    let list = json(&env, &["sources", "list", "--json"]);
    assert_eq!(list[0]["items"], 2, "the live samples it gave: {list}");
    assert_eq!(list[0]["last_status"], "ok");

    // A dataset leaves the gone sample out, unless asked.
    let live = json(
        &env,
        &["dataset", "build", "--dry-run", "--min-tokens", "1"],
    );
    let all = json(
        &env,
        &[
            "dataset",
            "build",
            "--dry-run",
            "--min-tokens",
            "1",
            "--include-gone",
        ],
    );
    assert_eq!(
        (live["examples"].as_u64(), all["examples"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(all["filters"]["include_gone"], true);

    // Back from the trash: no longer gone, and nothing is stored twice.
    env.write("notes/geese.md", GEESE);
    let (code, _, stderr) = run(&env, &["sync"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(titles(&env, false), ["geese", "herons", "owls"]);
    assert!(titles(&env, true).is_empty());

    // Nothing changed: every file unchanged, by a stat.
    let report = json(&env, &["sync", "--json"]);
    assert_eq!(report["sources"][0]["unchanged"], 3, "{report}");
}

#[test]
fn sources_are_remembered_with_their_options_and_forgotten_with_their_own_samples() {
    let env = Env::new();
    env.write("notes/herons.md", HERONS);
    env.write("notes/geese.md", GEESE);
    env.write("blog/geese.md", GEESE);
    env.write("blog/owls.md", OWLS);

    // A relative path is remembered absolute: cron runs elsewhere.
    let mut add = env.cmd();
    add.current_dir(env.path("")).args([
        "sources",
        "add",
        "notes",
        "--types",
        "text",
        "--no-recursive",
    ]);
    let out = add.output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let notes = env.path("notes").to_string_lossy().into_owned();
    let list = json(&env, &["sources", "list", "--json"]);
    assert_eq!(list[0]["source"], notes.as_str());
    assert_eq!(list[0]["kind"], "local");
    assert_eq!(list[0]["types"], serde_json::json!(["text"]));
    assert_eq!(list[0]["recursive"], false);
    assert!(list[0]["last_sync_at"].is_null());
    assert!(list[0]["account"].is_null());

    // Added again: the options given now, the same ID.
    let (code, _, stderr) = run(&env, &["sources", "add", &notes, "--tag", "n"]);
    assert_eq!(code, 0);
    assert!(stderr.contains("updated source 1"), "{stderr}");
    let list = json(&env, &["sources", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["tags"], serde_json::json!(["n"]));
    assert_eq!(list[0]["types"], serde_json::json!([]));
    assert_eq!(list[0]["recursive"], true);

    // What cannot be read is refused, and nothing of the command is remembered.
    let (code, _, stderr) = run(&env, &["sources", "add", "blog", "no/such/dir"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("no/such/dir"), "{stderr}");
    let (code, _, stderr) = run(
        &env,
        &[
            "sources",
            "add",
            "https://drive.google.com/drive/u/0/my-drive",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        json(&env, &["sources", "list", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let blog = env.path("blog").to_string_lossy().into_owned();
    let (code, _, stderr) = run(&env, &["sources", "add", &blog]);
    assert_eq!(code, 0, "{stderr}");
    // Owls from elsewhere too: a sample another way gave stays when its source is forgotten.
    env.write("elsewhere/owls.md", OWLS);
    let (code, _) = env.ingest(&[env.path("elsewhere").to_str().unwrap()]);
    assert_eq!(code, 0);
    let (code, _, stderr) = run(&env, &["sync"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(titles(&env, false), ["geese", "herons", "owls"]);

    let (code, _, stderr) = run(&env, &["sources", "rm", "3"]);
    assert_eq!(code, 1, "no source 3: {stderr}");
    assert!(stderr.contains("sources list"), "{stderr}");
    // By ID: the geese sample is the notes source's too, owls was ingested on its own.
    let (code, _, stderr) = run(&env, &["sources", "rm", "2", "--forget-samples"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("removed 0 samples"), "{stderr}");
    assert_eq!(titles(&env, false), ["geese", "herons", "owls"]);
    // By its address: herons was only the notes source's; geese is also the blog's file,
    // which stays in the store as if ingested on its own once its source is forgotten.
    let (code, _, stderr) = run(&env, &["sources", "rm", &notes, "--forget-samples"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("removed 1 sample"), "{stderr}");
    assert_eq!(titles(&env, false), ["geese", "owls"]);
    assert_eq!(
        json(&env, &["sources", "list", "--json"]),
        serde_json::json!([])
    );
}

#[test]
fn one_sync_at_a_time_the_second_exits_at_once_or_waits() {
    let env = Env::new();
    env.write("notes/herons.md", HERONS);
    let (code, _, _) = run(
        &env,
        &["sources", "add", env.path("notes").to_str().unwrap()],
    );
    assert_eq!(code, 0);
    // A sync in progress holds this lock.
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(env.store_file().with_extension("sync-lock"))
        .unwrap();
    lock.lock().unwrap();

    let (code, stdout, stderr) = run(&env, &["sync"]);
    assert_eq!(
        (code, stdout.as_str(), stderr.as_str()),
        (0, "", ""),
        "silent for cron"
    );
    let (code, _, stderr) = run(&env, &["sync", "-v"]);
    assert_eq!(code, 0);
    assert!(stderr.contains("running already"), "{stderr}");
    assert!(titles(&env, false).is_empty(), "nothing was synced");

    let mut waiting = env.std_cmd().args(["sync", "--wait"]).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "it waits for the lock"
    );
    let released = Instant::now();
    drop(lock);
    let status = waiting.wait().unwrap();
    assert!(status.success());
    assert!(released.elapsed() < Duration::from_secs(10));
    assert_eq!(titles(&env, false), ["herons"]);
}

const FOLDER: &str = "1WritingFolder000000000000000";

fn drive() -> Fixture {
    Fixture::default()
        .with(FileSpec::folder(FOLDER, "Writing", "root"))
        .with(FileSpec::doc(
            "1EssayDoc000000000000000000",
            "On walking",
            FOLDER,
            "On walking\n\nI walk every day, whatever the weather, for an hour or so.\n",
        ))
}

/// Quick retries, so that Google being down costs seconds.
const FAST_RETRIES: &str = "[retry.drive]\nattempts = 3\nbase_delay = \"20ms\"\nmax_delay = \"100ms\"\nbudget = \"10s\"\n\
     [retry.token]\nattempts = 3\nbase_delay = \"20ms\"\nmax_delay = \"100ms\"\nbudget = \"10s\"\n";

fn sync(env: &Env, fake: &FakeGoogle) -> (i32, Value, String) {
    let out = env.google(fake).args(["sync", "--json"]).output().unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), report, stderr_of(&out))
}

/// A fake Google serving `fixture`, logged into, with the Drive folder `id` remembered and
/// synced once.
fn synced_folder(env: &Env, fixture: Fixture, id: &str) -> FakeGoogle {
    let fake = FakeGoogle::start(fixture, Config::default());
    env.login(&fake);
    let folder = format!("https://drive.google.com/drive/folders/{id}");
    let (code, _, stderr) = run(env, &["sources", "add", &folder]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = sync(env, &fake);
    assert_eq!(code, 0, "{stderr}");
    fake
}

fn statuses(report: &Value) -> Vec<String> {
    report["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn failing_sources_pick_the_exit_code_and_the_others_are_synced_all_the_same() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeGoogle::start(drive(), Config::default());
    env.login(&fake);
    env.write("home/config.toml", FAST_RETRIES);
    env.write("notes/herons.md", HERONS);
    env.write("blog/owls.md", OWLS);
    let folder = format!("https://drive.google.com/drive/folders/{FOLDER}");
    for source in [
        folder.as_str(),
        env.path("notes").to_str().unwrap(),
        env.path("blog").to_str().unwrap(),
    ] {
        let (code, _, stderr) = run(&env, &["sources", "add", source]);
        assert_eq!(code, 0, "{stderr}");
    }
    let (code, report, stderr) = sync(&env, &fake);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(statuses(&report), ["ok", "ok", "ok"]);
    assert!(
        report["sources"][0]["calls"].as_u64().unwrap() >= 1,
        "{report}"
    );
    assert_eq!(titles(&env, false), ["On walking", "herons", "owls"]);

    // One of three fails for its own reasons: 4, and one line says which.
    std::fs::remove_dir_all(env.path("blog")).unwrap();
    env.write("notes/geese.md", GEESE);
    let (code, report, stderr) = sync(&env, &fake);
    assert_eq!(code, 4, "{stderr}");
    assert_eq!(statuses(&report), ["ok", "ok", "failed"]);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("blog"), "{stderr}");
    assert!(report["sources"][2]["error"].as_str().is_some());
    assert_eq!(report["sources"][1]["ingested"], 1, "the others go on");
    let list = json(&env, &["sources", "list", "--json"]);
    assert_eq!(list[2]["last_status"], "failed");
    assert!(list[2]["last_error"].as_str().is_some());

    // Google down: 75 wins over 4.
    fake.set_faults(Faults {
        server_error: 1.0,
        only: vec!["files.".into(), "changes.".into()],
        ..Faults::default()
    });
    let (code, report, stderr) = sync(&env, &fake);
    assert_eq!(code, 75, "{stderr}");
    assert_eq!(statuses(&report), ["failed", "ok", "failed"]);
    fake.set_faults(Faults::default());

    // A login revoked: 3 wins over 75 and 4, and the local sources are synced all the same.
    fake.revoke_everything();
    env.write(
        "notes/wrens.md",
        "A wren sang from the hedge all morning, loud for its size.\n",
    );
    let (code, report, stderr) = sync(&env, &fake);
    assert_eq!(code, 3, "{stderr}");
    assert_eq!(statuses(&report), ["failed", "ok", "failed"]);
    assert_eq!(report["sources"][1]["ingested"], 1, "{report}");
    assert!(stderr.contains("auth google"), "says what to do: {stderr}");
}

#[test]
fn a_sent_message_trashed_or_deleted_is_gone_and_back_when_taken_out_of_the_trash() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeGoogle::start(crate::gmail::mailbox(), Config::default());
    crate::gmail::login_with_gmail(&env, &fake);
    let (code, _, stderr) = run(&env, &["sources", "add", "gmail:"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, report, stderr) = sync(&env, &fake);
    assert_eq!(code, 0, "{stderr}");
    let before = titles(&env, false);
    assert!(before.contains(&"Re: The deck".to_string()), "{before:?}");

    fake.label_mail("m2", &["TRASH"], &[]);
    let (code, report2, stderr) = sync(&env, &fake);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report2["sources"][0]["gone"], 1, "{report2}");
    assert_eq!(titles(&env, true), ["Re: The deck"]);
    let gone = &json(&env, &["samples", "list", "--json", "--gone"])[0]["gone"];
    assert_eq!(gone["reason"], "in the trash");
    // Read through the history feed: a few calls, not a listing of the mailbox.
    let calls = |r: &Value| r["sources"][0]["calls"].as_u64().unwrap();
    assert!(calls(&report2) < calls(&report), "{report} then {report2}");

    // Out of the trash: back; another deleted for good: gone, saying so.
    fake.label_mail("m2", &[], &["TRASH"]);
    fake.delete_mail("m1");
    let (code, report3, stderr) = sync(&env, &fake);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report3["sources"][0]["gone"], 1, "{report3}");
    let gone = json(&env, &["samples", "list", "--json", "--gone"]);
    assert_eq!(gone.as_array().map(Vec::len), Some(1), "{gone}");
    assert_eq!(gone[0]["gone"]["reason"], "deleted");
    assert!(titles(&env, false).contains(&"Re: The deck".to_string()));
}

#[test]
fn a_drive_file_trashed_deleted_or_moved_out_is_gone_and_back_when_restored() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fixture = drive()
        .with(FileSpec::folder(
            "1OtherFolder0000000000000000",
            "Other",
            "root",
        ))
        .with(FileSpec::doc(
            "1LetterDoc00000000000000000",
            "To Sam",
            FOLDER,
            "Dear Sam,\n\nthank you for the books; I read them on the train all week.\n",
        ))
        .with(FileSpec::doc(
            "1NoteDoc000000000000000000",
            "A note",
            FOLDER,
            "A note on herons, written at the pond on a cold morning in March.\n",
        ));
    let fake = synced_folder(&env, fixture, FOLDER);
    assert_eq!(titles(&env, false), ["A note", "On walking", "To Sam"]);

    fake.trash_file("1EssayDoc000000000000000000");
    fake.move_file(
        "1LetterDoc00000000000000000",
        "1OtherFolder0000000000000000",
    );
    let (code, report, stderr) = sync(&env, &fake);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["sources"][0]["gone"], 2, "{report}");
    assert_eq!(titles(&env, false), ["A note"]);
    assert_eq!(titles(&env, true), ["On walking", "To Sam"]);

    fake.untrash_file("1EssayDoc000000000000000000");
    fake.delete_file("1NoteDoc000000000000000000");
    let (code, report, stderr) = sync(&env, &fake);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["sources"][0]["gone"], 1, "{report}");
    assert_eq!(titles(&env, false), ["On walking"]);
    assert_eq!(titles(&env, true), ["A note", "To Sam"]);

    // A feed that fails marks nothing gone.
    fake.set_faults(Faults {
        server_error: 1.0,
        only: vec!["changes.list".into()],
        ..Faults::default()
    });
    env.write("home/config.toml", FAST_RETRIES);
    let (code, _, _) = sync(&env, &fake);
    assert_eq!(code, 75);
    assert_eq!(titles(&env, false), ["On walking"]);
}

/// Drive calls of each kind since the counters were reset: `changes.list`, `files.list`, ...
fn drive_calls(fake: &FakeGoogle, name: &str) -> u64 {
    fake.counters()
        .iter()
        .filter(|(k, _)| k.as_str() == name)
        .map(|(_, n)| *n)
        .sum()
}

#[test]
fn a_drive_folder_is_followed_through_the_changes_feed_at_one_call_when_nothing_changed() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let sub = "1SubFolder00000000000000000";
    let outside = "1OutsideFolder0000000000000";
    let fixture = drive()
        .with(FileSpec::folder(sub, "Sub", FOLDER))
        .with(FileSpec::folder(outside, "Outside", "root"))
        .with(FileSpec::folder(
            "1Incoming000000000000000000",
            "Incoming",
            outside,
        ))
        .with(FileSpec::doc(
            "1InSub00000000000000000000",
            "In sub",
            sub,
            "Written in the subfolder, deep in the tree, on a quiet evening.\n",
        ))
        .with(FileSpec::doc(
            "1Arriving000000000000000000",
            "Arriving",
            "1Incoming000000000000000000",
            "Written elsewhere first, then brought into the folder with its own.\n",
        ))
        .with(FileSpec::doc(
            "1Stranger000000000000000000",
            "Stranger",
            outside,
            "Never part of the folder synced: it must never become a sample.\n",
        ));
    let fake = synced_folder(&env, fixture, FOLDER);
    assert_eq!(titles(&env, false), ["In sub", "On walking"]);

    // Nothing changed: one call, the feed.
    fake.reset_counters();
    let (code, report, stderr) = sync(&env, &fake);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["sources"][0]["calls"], 1, "{report}");
    assert_eq!(drive_calls(&fake, "changes.list"), 1);
    assert_eq!(drive_calls(&fake, "files.list"), 0);

    // Noise, an edit outside, an edit inside, a folder moved in, the subfolder moved out.
    fake.view_file("1EssayDoc000000000000000000");
    fake.edit_text("1Stranger000000000000000000", "Still not mine, edited.\n");
    fake.edit_text(
        "1InSub00000000000000000000",
        "Written in the subfolder, then rewritten the next morning.\n",
    );
    fake.move_file("1Incoming000000000000000000", FOLDER);
    fake.reset_counters();
    let (code, report, stderr) = sync(&env, &fake);
    assert_eq!(code, 0, "{stderr}");
    let s = &report["sources"][0];
    assert_eq!(
        (&s["ingested"], &s["updated"]),
        (&Value::from(1), &Value::from(1)),
        "{report}"
    );
    assert_eq!(
        drive_calls(&fake, "files.list"),
        1,
        "only the folder that came in is listed"
    );
    assert_eq!(
        drive_calls(&fake, "files.export"),
        2,
        "the edit and the newcomer, no more"
    );
    assert_eq!(titles(&env, false), ["Arriving", "In sub", "On walking"]);

    fake.move_file(sub, outside);
    let (code, report, stderr) = sync(&env, &fake);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["sources"][0]["gone"], 1, "{report}");
    assert_eq!(titles(&env, true), ["In sub"]);
    let gone = &json(&env, &["samples", "list", "--json", "--gone"])[0]["gone"];
    assert_eq!(gone["reason"], "moved out of the folder");

    // A feed position Drive no longer takes: the folder is listed whole, nothing is lost.
    fake.expire_change_tokens();
    fake.move_file(sub, FOLDER);
    fake.reset_counters();
    let (code, _, stderr) = sync(&env, &fake);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        drive_calls(&fake, "files.list") >= 2,
        "{:?}",
        fake.counters()
    );
    assert_eq!(titles(&env, false), ["Arriving", "In sub", "On walking"]);
    assert!(titles(&env, true).is_empty());
    fake.reset_counters();
    let (_, report, _) = sync(&env, &fake);
    assert_eq!(
        report["sources"][0]["calls"], 1,
        "back on the feed: {report}"
    );
}

#[test]
fn a_shared_drive_folder_is_read_through_that_drive_s_own_feed() {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let team = "1TeamFolder0000000000000000";
    let fixture = Fixture::default()
        .with(FileSpec::folder(team, "Team", "0TeamDrive").in_shared_drive("0TeamDrive"))
        .with(
            FileSpec::doc(
                "1TeamDoc0000000000000000000",
                "Team notes",
                team,
                "Written in a shared drive, for the whole team to read and keep.\n",
            )
            .in_shared_drive("0TeamDrive"),
        );
    let fake = FakeGoogle::start(fixture, Config::default());
    env.login(&fake);
    let (code, _, stderr) = run(
        &env,
        &[
            "sources",
            "add",
            &format!("https://drive.google.com/drive/folders/{team}"),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = sync(&env, &fake);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(titles(&env, false), ["Team notes"]);
    fake.trash_file("1TeamDoc0000000000000000000");
    fake.reset_counters();
    let (code, report, stderr) = sync(&env, &fake);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["sources"][0]["gone"], 1, "{report}");
    assert_eq!(report["sources"][0]["calls"], 1, "{report}");
    assert_eq!(titles(&env, true), ["Team notes"]);
}
