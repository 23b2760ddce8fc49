//! `dataset build` and `dataset check` through the real binary (issue 14), on a store of real
//! writing (tests/fixtures/dataset: Debian's documentation and license texts, planted
//! near-duplicates and planted PII with the look-alikes that must survive): every answer is
//! the author's text, nothing is in two splits, duplicates and PII are gone, a rebuild is
//! byte-identical, and the real consumers (Python `datasets`, `tiktoken`, OpenAI's rules as
//! the cookbook checks them, mlx-lm's layout) take what it writes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::Value;

use crate::python::python_with;
use crate::util::{Env, skip, stderr_of};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dataset")
}

fn expectations() -> Value {
    serde_json::from_slice(&fs::read(fixtures().join("expect.json")).unwrap()).unwrap()
}

/// The fixture corpus copied into the test's directory, every file dated in 2023 except the
/// near-duplicate sets, whose newest member is dated after the others.
fn corpus(env: &Env) -> PathBuf {
    let to = env.path("corpus");
    let day = |n: u64| SystemTime::UNIX_EPOCH + Duration::from_secs(1_672_531_200 + n * 86_400);
    let newest: BTreeSet<String> = expectations()["near_duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|set| set["newest"].as_str().unwrap().to_string())
        .collect();
    for sub in ["real", "neardup", "pii"] {
        for (i, entry) in fs::read_dir(fixtures().join(sub)).unwrap().enumerate() {
            let entry = entry.unwrap();
            let rel = format!("{sub}/{}", entry.file_name().to_string_lossy());
            let path = env.write(&format!("corpus/{rel}"), fs::read(entry.path()).unwrap());
            let when = if newest.contains(&rel) {
                day(400)
            } else {
                day(i as u64)
            };
            fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(when)
                .unwrap();
        }
    }
    to
}

/// A store holding the corpus.
fn store_of_corpus() -> (Env, PathBuf) {
    let env = Env::new();
    let corpus = corpus(&env);
    let (code, reports) = env.ingest(&[corpus.to_str().unwrap()]);
    assert_eq!(code, 0, "{reports:#?}");
    (env, corpus)
}

/// `dataset build --json ARGS`: the exit code, the manifest printed, stderr.
fn build(env: &Env, args: &[&str]) -> (i32, Value, String) {
    let out = env
        .cmd()
        .args(["dataset", "build", "--json"])
        .args(args)
        .output()
        .unwrap();
    let manifest = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap(), manifest, stderr_of(&out))
}

fn built(env: &Env, args: &[&str]) -> Value {
    let (code, manifest, stderr) = build(env, args);
    assert_eq!(code, 0, "{stderr}");
    manifest
}

fn lines(path: &Path) -> Vec<Value> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every sample's ID, title and text, by `samples export`.
fn samples(env: &Env) -> Vec<(String, String, String)> {
    let out = env
        .cmd()
        .args(["samples", "export", "--format", "jsonl"])
        .output()
        .unwrap();
    crate::util::json_lines::<Value>(&out.stdout)
        .into_iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["title"].as_str().unwrap().to_string(),
                s["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The assistant turn of a chat example.
fn answer(example: &Value) -> &str {
    let messages = example["messages"].as_array().unwrap();
    let last = messages.last().unwrap();
    assert_eq!(last["role"], "assistant");
    last["content"].as_str().unwrap()
}

/// Whether `answer` is part of `text`, read with each placeholder standing for whatever it
/// replaced.
fn is_part_of(answer: &str, text: &str) -> bool {
    let placeholder = regex_lite(answer);
    placeholder
        .iter()
        .all(|piece| text.contains(piece.as_str()))
}

/// The pieces of `answer` between placeholders.
fn regex_lite(answer: &str) -> Vec<String> {
    let mut pieces = vec![answer.to_string()];
    for p in [
        "<EMAIL>",
        "<PHONE>",
        "<CARD>",
        "<IBAN>",
        "<IP>",
        "<URL_SECRET>",
    ] {
        pieces = pieces
            .iter()
            .flat_map(|s| s.split(p).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    pieces.retain(|p| !p.trim().is_empty());
    pieces
}

/// The real consumers' verdict on the dataset in `dir` (tests/python/dataset_consumers.py:
/// `datasets`, `tiktoken`, the cookbook's rules, mlx-lm's layout), or `None` where there is
/// no Python with them (which CI never allows).
fn consumers(dir: &Path) -> Option<Value> {
    let Some(python) = python_with("datasets, tiktoken, yaml") else {
        skip("no Python with `datasets` and `tiktoken` (run scripts/test to make .venv)");
        return None;
    };
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/python/dataset_consumers.py");
    let out = std::process::Command::new(python)
        .arg(script)
        .arg(dir)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("consumers printed no report: {}", stderr_of(&out)));
    assert!(
        out.status.success() && report["ok"] == true,
        "the consumers refused {}: {report:#}\n{}",
        dir.display(),
        stderr_of(&out)
    );
    Some(report)
}

fn check(env: &Env, dir: &Path) -> (i32, String) {
    let out = env
        .cmd()
        .args(["dataset", "check"])
        .arg(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Every file of a dataset directory, by name, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            for (inner, bytes) in files(&entry.path()) {
                found.insert(format!("{name}/{inner}"), bytes);
            }
        } else {
            found.insert(name, fs::read(entry.path()).unwrap());
        }
    }
    found
}

#[test]
fn real_writing_becomes_an_openai_dataset_that_passes_check_and_the_real_consumers() {
    let (env, _) = store_of_corpus();
    let manifest = built(&env, &["--format", "openai", "--valid", "0.25"]);
    let dir = env.path("dataset");
    assert_eq!(check(&env, &dir), (0, String::new()));
    let train = lines(&dir.join("train.jsonl"));
    let valid = lines(&dir.join("valid.jsonl"));
    assert!(!valid.is_empty(), "a quarter of the samples are held out");
    assert_eq!(
        manifest["examples"].as_u64().unwrap() as usize,
        train.len() + valid.len()
    );
    assert!(manifest["tokens"]["max"].as_u64().unwrap() <= 4096);

    // Every answer is the author's own text (but for placeholders), and each sample's pieces
    // are all in one split.
    let samples = samples(&env);
    let mut split_of: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (split, examples) in [("train", &train), ("valid", &valid)] {
        for e in examples {
            let a = answer(e);
            let owner = samples
                .iter()
                .find(|(_, _, text)| is_part_of(a, text))
                .unwrap_or_else(|| panic!("an answer no sample holds: {a:.200}"));
            split_of.entry(owner.0.as_str()).or_default().insert(split);
        }
    }
    for (id, splits) in &split_of {
        assert_eq!(splits.len(), 1, "sample {id} is in {splits:?}");
    }

    // The long texts are cut into pieces: several examples each, none cut mid-word.
    let gpl = samples.iter().find(|(_, t, _)| t == "GPL-3").unwrap();
    let pieces: Vec<&str> = train
        .iter()
        .chain(&valid)
        .map(answer)
        .filter(|a| gpl.2.contains(a))
        .collect();
    assert!(
        pieces.len() >= 2,
        "GPL-3 is ~7,400 tokens: {}",
        pieces.len()
    );
    for p in &pieces {
        let at = gpl.2.find(p).unwrap() + p.len();
        let next = gpl.2[at..].chars().next();
        assert!(
            next.is_none_or(char::is_whitespace),
            "a piece ends mid-word: …{}",
            &p[p.len().saturating_sub(40)..]
        );
    }

    if let Some(report) = consumers(&dir) {
        assert_eq!(report["format"], "openai");
    }
}

#[test]
fn near_duplicates_are_kept_once_the_newest_and_different_texts_are_not_merged() {
    let (env, _) = store_of_corpus();
    let manifest = built(&env, &["--dry-run"]);
    let listed = env.samples();
    let id_of = |file: &str| {
        let stem = Path::new(file).file_stem().unwrap().to_str().unwrap();
        listed
            .iter()
            .find(|s| s.title == stem)
            .unwrap_or_else(|| panic!("no sample titled {stem}"))
            .id
            .clone()
    };
    let clusters: Vec<Vec<String>> =
        serde_json::from_value(manifest["near_duplicates"]["clusters"].clone()).unwrap();
    for set in expectations()["near_duplicates"].as_array().unwrap() {
        let files: Vec<&str> = set["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        let ids: BTreeSet<String> = files.iter().map(|f| id_of(f)).collect();
        let cluster = clusters
            .iter()
            .find(|c| c.iter().any(|id| ids.contains(id)));
        if set["same_cluster"] == true {
            let cluster = cluster.unwrap_or_else(|| panic!("{files:?} not found alike"));
            assert_eq!(cluster.iter().cloned().collect::<BTreeSet<_>>(), ids);
            assert_eq!(
                cluster[0],
                id_of(set["newest"].as_str().unwrap()),
                "the newest is kept: {}",
                set["what"]
            );
        } else {
            assert!(cluster.is_none(), "{files:?} taken for near-duplicates");
        }
    }
    let merged: usize = clusters.iter().map(|c| c.len() - 1).sum();
    assert_eq!(manifest["left_out"]["near_duplicate"], merged);

    // Off, every sample is taken.
    let all = built(&env, &["--dry-run", "--near-dup", "off"]);
    assert_eq!(all["near_duplicates"]["clusters"], serde_json::json!([]));
    assert!(all.get("left_out").unwrap().get("near_duplicate").is_none());
}

#[test]
fn planted_pii_is_replaced_by_its_placeholder_and_ordinary_numbers_stay() {
    let (env, _) = store_of_corpus();
    let manifest = built(
        &env,
        &[
            "--source",
            "local",
            "--near-dup",
            "off",
            "--valid",
            "0",
            "--max-tokens",
            "65536",
        ],
    );
    let train = lines(&env.path("dataset/train.jsonl"));
    let answers: Vec<&str> = train.iter().map(answer).collect();
    let all = answers.join("\n\u{0}\n");
    let mut planted = 0;
    for (file, want) in expectations()["pii"].as_object().unwrap() {
        let text = fs::read_to_string(fixtures().join(file)).unwrap();
        let first_line = text.lines().find(|l| l.trim().len() > 20).unwrap().trim();
        let ours = answers
            .iter()
            .find(|a| {
                regex_lite(first_line)
                    .iter()
                    .all(|p| a.contains(p.as_str()))
            })
            .unwrap_or_else(|| panic!("no example holds {file}"));
        for pair in want["redact"].as_array().unwrap() {
            let (secret, placeholder) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
            assert!(!all.contains(secret), "{file}: {secret} is still there");
            assert!(ours.contains(placeholder), "{file}: no {placeholder}");
            planted += 1;
        }
        for keep in want["keep"].as_array().unwrap() {
            let keep = keep.as_str().unwrap();
            assert!(ours.contains(keep), "{file}: `{keep}` was taken for PII");
        }
    }
    let counted: u64 = manifest["pii"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert!(
        counted >= planted,
        "{counted} < {planted}: {}",
        manifest["pii"]
    );

    // --pii keep leaves the texts as they are.
    let kept = built(
        &env,
        &[
            "--source", "local", "--pii", "keep", "-o", "kept", "--valid", "0",
        ],
    );
    assert_eq!(kept["pii"], serde_json::json!({}));
    let raw = fs::read_to_string(env.path("kept/train.jsonl")).unwrap();
    assert!(raw.contains("alex.rivera@example.com"));
}

#[test]
fn a_rebuild_is_byte_identical_and_adding_samples_moves_no_old_one_between_splits() {
    let (env, _) = store_of_corpus();
    built(
        &env,
        &["--valid", "0.3", "--test", "0.2", "--format", "mlx"],
    );
    let first = files(&env.path("dataset"));
    built(
        &env,
        &["--valid", "0.3", "--test", "0.2", "--format", "mlx"],
    );
    assert_eq!(files(&env.path("dataset")), first, "same store, same flags");
    built(
        &env,
        &[
            "--valid", "0.3", "--test", "0.2", "--format", "mlx", "-o", "again",
        ],
    );
    assert_eq!(
        files(&env.path("again")),
        first,
        "another directory, same bytes"
    );

    let split_of = |dir: &Path, samples: &[(String, String, String)]| {
        let mut at: BTreeMap<String, &'static str> = BTreeMap::new();
        for split in ["train", "valid", "test"] {
            let file = dir.join(format!("{split}.jsonl"));
            if !file.exists() {
                continue;
            }
            for e in lines(&file) {
                let a = answer(&e).to_string();
                if let Some(s) = samples.iter().find(|(_, _, t)| is_part_of(&a, t)) {
                    at.insert(s.0.clone(), split);
                }
            }
        }
        at
    };
    let before = split_of(&env.path("dataset"), &samples(&env));
    for i in 0..20 {
        env.write(
            &format!("more/note-{i}.txt"),
            format!(
                "Note {i}: the heron was back at the pond again this morning, standing in \
                 the shallows by the fence for {i} minutes before the rain came in.\n"
            ),
        );
    }
    let (code, _) = env.ingest(&[env.path("more").to_str().unwrap()]);
    assert_eq!(code, 0);
    let later = built(
        &env,
        &["--valid", "0.3", "--test", "0.2", "--format", "mlx"],
    );
    let after = split_of(&env.path("dataset"), &samples(&env));
    for (id, split) in &before {
        assert_eq!(after.get(id), Some(split), "sample {id} moved");
    }
    assert_ne!(
        later["inputs_sha256"],
        serde_json::from_slice::<Value>(&first["manifest.json"]).unwrap()["inputs_sha256"]
    );
    if let Some(report) = consumers(&env.path("dataset")) {
        assert_eq!(report["format"], "mlx");
    }
}

#[test]
fn every_format_passes_check_and_its_consumer() {
    let (env, _) = store_of_corpus();
    for (format, style, files) in [
        (
            "hf",
            "chat",
            &["README.md", "data/train.jsonl", "data/validation.jsonl"][..],
        ),
        ("hf", "text", &["README.md", "data/train.jsonl"][..]),
        ("mlx", "completion", &["train.jsonl", "valid.jsonl"][..]),
        ("alpaca", "completion", &["train.jsonl", "valid.jsonl"][..]),
        ("text", "text", &["train.txt", "valid.txt"][..]),
        ("openai", "completion", &["train.jsonl", "valid.jsonl"][..]),
    ] {
        let dir = format!("out-{format}-{style}");
        let manifest = built(
            &env,
            &[
                "--format",
                format,
                "--style",
                style,
                "-o",
                &dir,
                "--max-tokens",
                "1024",
                "--valid",
                "0.2",
            ],
        );
        assert_eq!(manifest["format"], format);
        assert_eq!(manifest["style"], style);
        assert!(manifest["tokens"]["max"].as_u64().unwrap() <= 1024);
        let dir = env.path(&dir);
        for f in files {
            assert!(dir.join(f).exists(), "{format}/{style}: no {f}");
        }
        let (code, problems) = check(&env, &dir);
        assert_eq!(code, 0, "{format}/{style}: {problems}");
        consumers(&dir);
    }
}

#[test]
fn a_reply_is_asked_with_the_message_it_answered_and_a_document_with_its_title() {
    let env = Env::new();
    let fake = crate::fake_google::FakeGoogle::start(
        crate::gmail::mailbox(),
        crate::fake_google::Config::default(),
    );
    crate::gmail::login_with_gmail(&env, &fake);
    let (code, _, stderr) = env.ingest_from(&fake, &["gmail:"]);
    assert_eq!(code, 0, "{stderr}");
    env.write(
        "notes/On herons.md",
        "Herons stand still for a very long time, and then they strike faster than you can see.\n",
    );
    let (code, _) = env.ingest(&[env.path("notes").to_str().unwrap()]);
    assert_eq!(code, 0);
    built(
        &env,
        &[
            "--min-tokens",
            "1",
            "--valid",
            "0",
            "--system",
            "You write like Alex.",
        ],
    );
    let train = lines(&env.path("dataset/train.jsonl"));
    let find = |answer_starts: &str| {
        train
            .iter()
            .find(|e| answer(e).starts_with(answer_starts))
            .unwrap_or_else(|| panic!("no example answering {answer_starts}: {train:#?}"))
    };
    let reply = find("Sure \u{2014} it is attached.");
    assert_eq!(
        reply["messages"],
        serde_json::json!([
            {"role": "system", "content": "You write like Alex."},
            {"role": "user", "content": "Could you send me the deck before Friday?\n\nBob"},
            {"role": "assistant", "content": "Sure \u{2014} it is attached. Caf\u{e9} at ten?"},
        ]),
        "accents and typography survive"
    );
    let launch = find("Hi team,");
    assert_eq!(
        launch["messages"][1]["content"],
        "Write an email with the subject \"Launch\"."
    );
    let note = find("Herons stand still");
    assert_eq!(
        note["messages"][1]["content"],
        "Write the document \"On herons\"."
    );

    // A template of one's own, with the fields it may name.
    built(
        &env,
        &[
            "--min-tokens",
            "1",
            "--valid",
            "0",
            "--source",
            "local",
            "-o",
            "templated",
            "--prompt",
            "A {kind} from {source}: {title}",
        ],
    );
    let templated = lines(&env.path("templated/train.jsonl"));
    assert_eq!(
        templated[0]["messages"][0]["content"],
        "A document from local: On herons"
    );
}

#[test]
fn filters_choose_the_samples_and_the_manifest_says_which() {
    let env = Env::new();
    let old = env.write(
        "a/old.txt",
        "An old note about the garden in winter, written long ago.\n",
    );
    let new = env.write(
        "b/new.txt",
        "A new note about the kitchen window and the summer rain.\n",
    );
    fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1_577_836_800))
        .unwrap(); // 2020-01-01
    fs::File::options()
        .write(true)
        .open(&new)
        .unwrap()
        .set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1_718_064_000))
        .unwrap(); // 2024-06-11
    assert_eq!(
        env.ingest(&[env.path("a").to_str().unwrap(), "--tag", "old"])
            .0,
        0
    );
    assert_eq!(
        env.ingest(&[env.path("b").to_str().unwrap(), "--tag", "new"])
            .0,
        0
    );
    let count = |args: &[&str]| -> u64 {
        let mut all = vec!["--dry-run", "--min-tokens", "1"];
        all.extend_from_slice(args);
        built(&env, &all)["examples"].as_u64().unwrap()
    };
    assert_eq!(count(&[]), 2);
    assert_eq!(count(&["--tag", "old"]), 1);
    assert_eq!(count(&["--tag", "old", "--tag", "new"]), 2);
    assert_eq!(count(&["--since", "2024-01-01"]), 1);
    assert_eq!(count(&["--until", "2020-01-01"]), 1, "the whole day named");
    let (code, _, stderr) = build(&env, &["--dry-run", "--until", "2019-12-31"]);
    assert_eq!(code, 1, "none before: {stderr}");
    assert_eq!(count(&["--source", "local"]), 2);
    let m = built(
        &env,
        &[
            "--dry-run",
            "--min-tokens",
            "1",
            "--since",
            "2024-01-01",
            "--tag",
            "new",
        ],
    );
    assert_eq!(m["filters"]["since"], "2024-01-01T00:00:00Z");
    assert_eq!(m["filters"]["tag"], serde_json::json!(["new"]));
    assert_eq!(m["date_range"]["from"], "2024-06-11T00:00:00Z");
    assert!(!env.path("dataset").exists(), "a dry run writes nothing");

    let (code, _, stderr) = build(&env, &["--tag", "nothing-has-this"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("no sample matches the filters (2 in the store)"),
        "{stderr}"
    );
}

#[test]
fn a_directory_of_other_files_is_refused_without_force_and_left_alone_with_it() {
    let (env, _) = store_of_corpus();
    let dir = env.path("mine");
    env.write("mine/notes.txt", "my own file");
    let (code, _, stderr) = build(&env, &["-o", "mine"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("holds files, and no dataset voicetrain built"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
    built(&env, &["-o", "mine", "--force", "--test", "0.3"]);
    assert_eq!(
        fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "my own file"
    );
    assert!(dir.join("test.jsonl").exists());
    // An earlier build needs no --force; what it wrote and this one does not goes.
    built(&env, &["-o", "mine"]);
    assert!(!dir.join("test.jsonl").exists());
    assert!(dir.join("notes.txt").exists());
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "no staging directory is left behind");
}

#[test]
fn bad_flags_exit_2_with_what_to_do() {
    let (env, _) = store_of_corpus();
    for (args, says) in [
        (
            &["--format", "openai", "--style", "text"][..],
            "it takes --style chat or completion",
        ),
        (
            &["--format", "alpaca", "--style", "chat"][..],
            "does not take --style chat",
        ),
        (
            &["--valid", "0.6", "--test", "0.5"][..],
            "leaving none to train on",
        ),
        (&["--prompt", "Write {topic}"][..], "{topic}"),
        (&["--prompt", "Write {title"][..], "never closes it"),
        (&["--near-dup", "2"][..], "at most 1"),
        (&["--valid", "1"][..], "fraction"),
        (&["--since", "yesterday"][..], "YYYY-MM-DD"),
        (
            &[
                "--max-tokens",
                "40",
                "--system",
                &"You write like Alex. ".repeat(20),
            ][..],
            "raise --max-tokens",
        ),
    ] {
        let (code, _, stderr) = build(&env, args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    assert!(!env.path("dataset").exists());
}

#[test]
fn an_empty_store_says_to_ingest_first() {
    let env = Env::new();
    let (code, _, stderr) = build(&env, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("no sample matches the filters (0 in the store)"),
        "{stderr}"
    );
    assert!(stderr.contains("voicetrain ingest"), "{stderr}");
    assert!(!env.store_file().exists(), "nothing is made");
}

#[test]
fn a_dry_run_lists_the_files_it_would_write_and_too_few_for_openai_is_said() {
    let env = Env::new();
    for n in 1..=3 {
        env.write(
            &format!("notes/{n}.md"),
            format!("Note {n}: the herons came back to the pond this week, {n} of them.\n"),
        );
    }
    let (code, _) = env.ingest(&[env.path("notes").to_str().unwrap()]);
    assert_eq!(code, 0);
    for (format, files) in [
        ("openai", vec!["train.jsonl", "manifest.json"]),
        ("hf", vec!["data/train.jsonl", "README.md", "manifest.json"]),
        ("text", vec!["train.txt", "manifest.json"]),
    ] {
        let manifest = built(&env, &["--dry-run", "--valid", "0", "--format", format]);
        assert_eq!(manifest["files"], serde_json::json!(files), "{format}");
        assert_eq!(manifest["examples"], 3);
    }
    assert!(!env.path("dataset").exists(), "a dry run writes nothing");

    let out = env
        .cmd()
        .args(["dataset", "build", "--valid", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains("OpenAI's fine-tuning takes at least 10 training examples, and this has 3"),
        "{stderr}"
    );
    let (code, problems) = check(&env, &env.path("dataset"));
    assert_eq!(code, 1);
    assert!(
        problems.ends_with("/train.jsonl:0: 3 training examples: OpenAI needs at least 10\n"),
        "{problems}"
    );
    assert_eq!(problems.lines().count(), 1, "{problems}");
}

#[test]
fn check_lists_each_problem_with_its_file_and_line() {
    let env = Env::new();
    let dir = env.path("broken");
    let good =
        r#"{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello."}]}"#;
    let mut train: Vec<&str> = vec![good; 11];
    train[3] = r#"{"messages":[{"role":"user","content":"Hi"}]}"#;
    train[7] = "{not json";
    env.write("broken/train.jsonl", train.join("\n") + "\n");
    env.write("broken/valid.jsonl", format!("{good}\n"));
    let out = env
        .cmd()
        .args(["dataset", "check", "--format", "openai"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let train_path = dir.join("train.jsonl").display().to_string();
    assert!(
        stdout.contains(&format!("{train_path}:4: no assistant message")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{train_path}:8: not JSON")),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 2, "{stdout}");

    let out = env
        .cmd()
        .args(["dataset", "check", "--json", "--format", "openai"])
        .arg(&dir)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["problems"][0]["file"], "train.jsonl");
    assert_eq!(report["problems"][0]["line"], 4);

    let (code, _) = check(&env, &dir);
    assert_eq!(code, 2, "no manifest and no --format");
}
