//! The `--json` contract of `docs/cli.md`, field by field: every JSON output the
//! product has (`auth status`, `tokens list|refresh|log`, `ingest`, `samples
//! list|show|search|export|stats`, `key status`, `doctor`) is produced by the real binary in a
//! logged-in home against the fake Google, read back as `serde_json::Value`, and each field
//! cli.md documents must be there: not null where it must have a value, present (maybe null)
//! where it may not. Every missing field of a test is reported at once, with the command that
//! left it out. Where cli.md describes an output without naming its fields (`tokens log`,
//! `key status`, `doctor`, `samples stats`, `samples search`) the names are the ones the
//! product uses today, so that renaming them is a deliberate act.

use serde_json::Value;

use crate::fake_google::{Config, FakeGoogle, FileSpec, Fixture};
use crate::util::{Env, json_lines, stderr_of};

/// What a test found wrong with the outputs it read, reported together by [`Contract::verify`].
#[derive(Default)]
struct Contract {
    problems: Vec<String>,
}

impl Contract {
    /// Checks one JSON object from `origin` (the command, and where in its output): each of
    /// `non_null` must be present and not null, each of `nullable` present.
    fn fields(&mut self, origin: &str, object: &Value, non_null: &[&str], nullable: &[&str]) {
        let Some(map) = object.as_object() else {
            self.problems
                .push(format!("{origin}: not a JSON object: {object}"));
            return;
        };
        for field in non_null {
            match map.get(*field) {
                None => self.problems.push(format!("{origin}: no \"{field}\"")),
                Some(Value::Null) => self.problems.push(format!("{origin}: \"{field}\" is null")),
                Some(_) => {}
            }
        }
        for field in nullable {
            if !map.contains_key(*field) {
                self.problems.push(format!("{origin}: no \"{field}\""));
            }
        }
    }

    /// `object[field]` must be the string `want`.
    fn equals(&mut self, origin: &str, object: &Value, field: &str, want: &str) {
        if object[field].as_str() != Some(want) {
            self.problems.push(format!(
                "{origin}: \"{field}\" is {}, not \"{want}\"",
                object[field]
            ));
        }
    }

    /// `object[field]` must be one of the strings `allowed`.
    fn one_of(&mut self, origin: &str, object: &Value, field: &str, allowed: &[&str]) {
        if !object[field].as_str().is_some_and(|v| allowed.contains(&v)) {
            self.problems.push(format!(
                "{origin}: \"{field}\" is {}, not one of {allowed:?}",
                object[field]
            ));
        }
    }

    /// Fails the test with every problem found, one a line.
    fn verify(self) {
        assert!(
            self.problems.is_empty(),
            "the --json contract of cli.md is broken in {} place(s):\n{}",
            self.problems.len(),
            self.problems.join("\n")
        );
    }
}

/// Runs `voicetrain ARGS` against `fake`, which must exit `code`; returns the command (for
/// messages) and what it printed on stdout.
fn run(env: &Env, fake: &FakeGoogle, args: &[&str], code: i32) -> (String, Vec<u8>) {
    let command = format!("voicetrain {}", args.join(" "));
    let out = env.google(fake).args(args).output().expect("run");
    assert_eq!(
        out.status.code(),
        Some(code),
        "{command}: {}",
        stderr_of(&out)
    );
    (command, out.stdout)
}

/// The one JSON document (pretty or not) a command printed.
fn document(env: &Env, fake: &FakeGoogle, args: &[&str], code: i32) -> (String, Value) {
    let (command, stdout) = run(env, fake, args, code);
    let value = serde_json::from_slice(&stdout).unwrap_or_else(|e| {
        panic!(
            "{command}: stdout is not one JSON document ({e}): {}",
            String::from_utf8_lossy(&stdout)
        )
    });
    (command, value)
}

/// The JSON objects, one a line, a command printed.
fn lines_of(env: &Env, fake: &FakeGoogle, args: &[&str], code: i32) -> (String, Vec<Value>) {
    let (command, stdout) = run(env, fake, args, code);
    let lines = json_lines(&stdout);
    assert!(!lines.is_empty(), "{command}: printed nothing");
    (command, lines)
}

/// The elements of `value[key]` (or of `value` itself, for an empty key), which must be a
/// non-empty array: a check of the fields of none would prove nothing.
fn elements<'a>(command: &str, value: &'a Value, key: &str) -> &'a [Value] {
    let array = if key.is_empty() { value } else { &value[key] };
    let items = array
        .as_array()
        .unwrap_or_else(|| panic!("{command}: {key:?} is not an array: {value}"));
    assert!(!items.is_empty(), "{command}: {key:?} is empty: {value}");
    items
}

const SAMPLE_NON_NULL: &[&str] = &[
    "id",
    "title",
    "source_type",
    "source_id",
    "source_url",
    "mime_type",
    "tags",
    "words",
    "chars",
    "sha256",
    "ingested_at",
];
// `gone` (samples that left their source) comes with `sync`, and `samples show`'s `context` (the
// text a reply answered) with Gmail: each is added here with the issue that brings it.
const SAMPLE_NULLABLE: &[&str] = &["account", "modified_time"];
const SOURCE_TYPES: &[&str] = &["drive", "local", "gmail", "hubspot", "youtube"];

fn setup(fixture: Fixture) -> (Env, FakeGoogle) {
    voicetrain::net::install_tls_provider();
    let env = Env::new();
    let fake = FakeGoogle::start(fixture, Config::default());
    env.login(&fake);
    (env, fake)
}

#[test]
fn auth_tokens_key_and_doctor_json_have_every_documented_field() {
    let (env, fake) = setup(Fixture::default());
    let mut contract = Contract::default();

    let (cmd, status) = document(&env, &fake, &["auth", "status", "--json"], 0);
    contract.fields(&cmd, &status, &["key_source", "accounts"], &[]);
    for (i, account) in elements(&cmd, &status, "accounts").iter().enumerate() {
        contract.fields(
            &format!("{cmd}: accounts[{i}]"),
            account,
            &["email", "provider", "default", "scopes", "revoked"],
            &["expires_at", "last_refreshed_at"],
        );
    }

    let (cmd, rows) = document(&env, &fake, &["tokens", "list", "--json"], 0);
    for (i, row) in elements(&cmd, &rows, "").iter().enumerate() {
        contract.fields(
            &format!("{cmd}: [{i}]"),
            row,
            &["account", "service", "scopes", "revoked", "updated_at"],
            &["expires_at"],
        );
    }

    let (cmd, report) = document(&env, &fake, &["tokens", "refresh", "--force", "--json"], 0);
    contract.fields(&cmd, &report, &["refreshed", "skipped", "failed"], &[]);
    for (i, refreshed) in elements(&cmd, &report, "refreshed").iter().enumerate() {
        // Google's token response always says when the new token expires.
        contract.fields(
            &format!("{cmd}: refreshed[{i}]"),
            refreshed,
            &["account", "service", "expires_at"],
            &[],
        );
    }
    let (cmd, report) = document(&env, &fake, &["tokens", "refresh", "--json"], 0);
    contract.fields(&cmd, &report, &["refreshed", "skipped", "failed"], &[]);
    for (i, skipped) in elements(&cmd, &report, "skipped").iter().enumerate() {
        contract.fields(
            &format!("{cmd}: skipped[{i}]"),
            skipped,
            &["account", "service"],
            &[],
        );
    }

    let (cmd, key) = document(&env, &fake, &["key", "status", "--json"], 0);
    contract.fields(&cmd, &key, &["source", "fingerprint", "opens_store"], &[]);

    let (cmd, doctor) = document(&env, &fake, &["doctor", "--json"], 0);
    contract.fields(&cmd, &doctor, &["ok", "checks"], &[]);
    for (i, check) in elements(&cmd, &doctor, "checks").iter().enumerate() {
        let origin = format!("{cmd}: checks[{i}]");
        contract.fields(&origin, check, &["check", "status", "detail"], &["fix"]);
        contract.one_of(&origin, check, "status", &["ok", "warn", "fail"]);
        if check["status"] != "ok" {
            // "with what to do where one fails"
            contract.fields(&origin, check, &["fix"], &[]);
        }
    }

    // A dead grant: the failed half of `tokens refresh`, and reasons in the audit trail.
    fake.revoke_everything();
    let (cmd, report) = document(&env, &fake, &["tokens", "refresh", "--force", "--json"], 3);
    contract.fields(&cmd, &report, &["refreshed", "skipped", "failed"], &[]);
    for (i, failed) in elements(&cmd, &report, "failed").iter().enumerate() {
        contract.fields(
            &format!("{cmd}: failed[{i}]"),
            failed,
            &["account", "service", "error", "reauth_required"],
            &[],
        );
    }
    let (cmd, log) = document(&env, &fake, &["tokens", "log", "--json"], 0);
    let events = elements(&cmd, &log, "");
    for (i, event) in events.iter().enumerate() {
        let origin = format!("{cmd}: [{i}]");
        contract.fields(&origin, event, &["at", "account", "event"], &["reason"]);
        contract.one_of(
            &origin,
            event,
            "event",
            &["stored", "refreshed", "refresh_failed", "revoked", "used"],
        );
        if matches!(event["event"].as_str(), Some("refresh_failed" | "revoked")) {
            contract.fields(&origin, event, &["reason"], &[]);
        }
    }
    assert!(
        events.iter().any(|e| e["event"] == "refreshed")
            && events.iter().any(|e| e["event"] == "revoked"),
        "{log}"
    );
    contract.verify();
}

/// Checks every line of an `ingest --json` run: the fields of cli.md, those a status needs
/// (a sample for what is stored, a reason for what is not), and `file_id`, which must be
/// `file_id_of(source)` on EVERY line (the Drive file ID, or the local file's `file://` URL).
fn check_ingest(
    contract: &mut Contract,
    cmd: &str,
    lines: &[Value],
    file_id_of: &dyn Fn(&str) -> String,
) {
    for line in lines {
        let source = line["source"].as_str().unwrap_or("?");
        let origin = format!("{cmd}: the line of {source}");
        contract.fields(
            &origin,
            line,
            &["source", "file_id", "status"],
            &["title", "mime_type", "sample_id", "words", "reason"],
        );
        contract.one_of(
            &origin,
            line,
            "status",
            &[
                "ingested",
                "updated",
                "unchanged",
                "duplicate",
                "skipped",
                "failed",
            ],
        );
        match line["status"].as_str() {
            Some("ingested" | "updated" | "unchanged" | "duplicate") => contract.fields(
                &origin,
                line,
                &["sample_id", "title", "mime_type", "words"],
                &[],
            ),
            Some("skipped" | "failed") => contract.fields(&origin, line, &["reason"], &[]),
            _ => {}
        }
        // A null one is reported above already.
        if !line["file_id"].is_null() {
            contract.equals(&origin, line, "file_id", &file_id_of(source));
        }
    }
}

/// The run reported exactly these files (by the end of their `source`), in these statuses:
/// each status the test means to cover did come up.
fn expect_statuses(cmd: &str, lines: &[Value], expected: &[(&str, &str)]) {
    assert_eq!(
        lines.len(),
        expected.len(),
        "{cmd}: one line a file: {lines:#?}"
    );
    for (suffix, status) in expected {
        let line = lines
            .iter()
            .find(|l| l["source"].as_str().is_some_and(|s| s.ends_with(suffix)))
            .unwrap_or_else(|| panic!("{cmd}: no line for {suffix} in {lines:#?}"));
        assert_eq!(line["status"], *status, "{cmd}: {suffix}: {line:#}");
    }
}

/// Local files of each outcome: two texts, two types that are skipped, a broken PDF.
fn local_files(env: &Env) {
    env.write("notes/letter.txt", "Dear Sam,\nthe river was high today.\n");
    env.write(
        "notes/walk.md",
        "# Walking\n\nI walk by the river every morning.\n",
    );
    env.write("notes/archive.zip", b"PK\x03\x04\x14\0\0\0".as_slice());
    env.write("notes/clip.mp4", b"\0\0\0\x18ftypmp42".as_slice());
    env.write(
        "notes/broken.pdf",
        b"%PDF-1.7\n1 0 obj\n<< /Type".as_slice(),
    );
}

/// The `file://` URL of a file under the test's directory, as cli.md has it for `file_id`.
fn file_url(env: &Env, rel: &str) -> String {
    let path = std::fs::canonicalize(env.path(rel)).expect("canonical path");
    url::Url::from_file_path(path)
        .expect("absolute path")
        .to_string()
}

#[test]
fn ingest_json_of_local_files_has_every_field_on_every_line() {
    let (env, fake) = setup(Fixture::default());
    local_files(&env);
    let mut contract = Contract::default();
    for (run, stored) in [("first", "ingested"), ("again", "unchanged")] {
        let (cmd, lines) = lines_of(&env, &fake, &["ingest", "--json", "notes"], 4);
        let cmd = format!("{cmd} ({run})");
        expect_statuses(
            &cmd,
            &lines,
            &[
                ("letter.txt", stored),
                ("walk.md", stored),
                ("archive.zip", "skipped"),
                ("clip.mp4", "skipped"),
                ("broken.pdf", "failed"),
            ],
        );
        // A local source is the path as named, relative to the test's directory.
        check_ingest(&mut contract, &cmd, &lines, &|source| {
            file_url(&env, source)
        });
    }
    contract.verify();
}

const FOLDER: &str = "1JsonFolder0000000000000000";
const DOC: &str = "1JsonDoc00000000000000000000";
const ZIP: &str = "1JsonZip00000000000000000000";
const MP4: &str = "1JsonMp400000000000000000000";
const DANGLING: &str = "1JsonDangling000000000000000";

/// A folder with a Doc, two binaries that are skipped and a shortcut to nothing.
fn drive() -> Fixture {
    Fixture::default()
        .with(FileSpec::folder(FOLDER, "Writing", "root"))
        .with(FileSpec::doc(
            DOC,
            "On walking",
            FOLDER,
            "On walking\n\nI walk by the river every morning.\n",
        ))
        .with(FileSpec::binary(
            ZIP,
            "old.zip",
            FOLDER,
            "application/zip",
            b"PK\x03\x04",
        ))
        .with(FileSpec::binary(
            MP4,
            "clip.mp4",
            FOLDER,
            "video/mp4",
            b"\0\0\0\x18ftypmp42",
        ))
        .with(FileSpec::shortcut(
            DANGLING,
            "Gone",
            FOLDER,
            "1JsonNoSuchFile0000000000000",
        ))
}

#[test]
fn ingest_json_of_a_drive_folder_has_every_field_on_every_line() {
    let (env, fake) = setup(drive());
    let folder = format!("https://drive.google.com/drive/folders/{FOLDER}");
    let file_id_of = |source: &str| {
        let ids = [
            ("On walking", DOC),
            ("old.zip", ZIP),
            ("clip.mp4", MP4),
            // A dangling shortcut is named by its own ID: there is no target to name.
            ("Gone", DANGLING),
        ];
        let (_, id) = ids
            .iter()
            .find(|(name, _)| source.ends_with(name))
            .unwrap_or_else(|| panic!("a line for an unexpected {source}"));
        id.to_string()
    };
    let mut contract = Contract::default();
    // Again with --force: without it, the folder is read through the changes feed, which
    // has nothing to say of an unchanged folder.
    for (run, stored, force) in [
        ("first", "ingested", None),
        ("again", "unchanged", Some("--force")),
    ] {
        let mut args = vec!["ingest", "--json", &folder];
        args.extend(force);
        let (cmd, lines) = lines_of(&env, &fake, &args, 0);
        let cmd = format!("{cmd} ({run})");
        expect_statuses(
            &cmd,
            &lines,
            &[
                ("On walking", stored),
                ("old.zip", "skipped"),
                ("clip.mp4", "skipped"),
                ("Gone", "skipped"),
            ],
        );
        check_ingest(&mut contract, &cmd, &lines, &file_id_of);
    }
    assert!(
        fake.rejected_parameters().is_empty(),
        "Drive refused a parameter: {:?}",
        fake.rejected_parameters()
    );
    contract.verify();
}

#[test]
fn samples_json_has_every_documented_field() {
    let (env, fake) = setup(drive());
    local_files(&env);
    let folder = format!("https://drive.google.com/drive/folders/{FOLDER}");
    run(&env, &fake, &["ingest", "notes", &folder], 4);
    let mut contract = Contract::default();

    let (cmd, list) = document(&env, &fake, &["samples", "list", "--json"], 0);
    let samples = elements(&cmd, &list, "");
    assert_eq!(samples.len(), 3, "two local texts and a Doc: {list:#}");
    for sample in samples {
        let id = sample["id"].as_str().unwrap_or("?");
        let origin = format!("{cmd}: sample {id}");
        contract.fields(&origin, sample, SAMPLE_NON_NULL, SAMPLE_NULLABLE);
        contract.one_of(&origin, sample, "source_type", SOURCE_TYPES);

        let (cmd, shown) = document(&env, &fake, &["samples", "show", id, "--json"], 0);
        // The samples list fields, plus "text".
        contract.fields(
            &cmd,
            &shown,
            &[SAMPLE_NON_NULL, &["text"]].concat(),
            SAMPLE_NULLABLE,
        );
    }
    for kind in ["drive", "local"] {
        assert!(
            samples.iter().any(|s| s["source_type"] == kind),
            "a {kind} sample: {list:#}"
        );
    }

    let (cmd, hits) = document(&env, &fake, &["samples", "search", "river", "--json"], 0);
    for (i, hit) in elements(&cmd, &hits, "").iter().enumerate() {
        contract.fields(
            &format!("{cmd}: [{i}]"),
            hit,
            &["id", "title", "source_type", "source_id", "source_url"],
            &[],
        );
    }

    let (cmd, lines) = lines_of(&env, &fake, &["samples", "export", "--format", "jsonl"], 0);
    assert_eq!(lines.len(), 3, "{cmd}: one line a sample");
    for line in &lines {
        let origin = format!("{cmd}: the line of {}", line["id"]);
        contract.fields(
            &origin,
            line,
            &[
                "id",
                "text",
                "title",
                "source_type",
                "source_url",
                "mime_type",
                "tags",
                "ingested_at",
            ],
            &[],
        );
        contract.one_of(&origin, line, "source_type", SOURCE_TYPES);
    }

    let (cmd, stats) = document(&env, &fake, &["samples", "stats", "--json"], 0);
    contract.fields(
        &cmd,
        &stats,
        &["samples", "words", "by_source", "by_type", "by_account"],
        &[],
    );
    for by in ["by_source", "by_type", "by_account"] {
        for (i, group) in elements(&cmd, &stats, by).iter().enumerate() {
            contract.fields(
                &format!("{cmd}: {by}[{i}]"),
                group,
                &["name", "samples", "words"],
                &[],
            );
        }
    }
    contract.verify();
}
