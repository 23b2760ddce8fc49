//! `voicetrain ingest` on local files.

use std::os::unix::ffi::OsStrExt as _;

use crate::util::{Env, report, stderr_of};

fn corpus(env: &Env) {
    env.write("docs/essay.md", "# On walking\r\n\r\nI walk every day.\r\n");
    env.write(
        "docs/letters/dear.txt",
        "\u{feff}Dear friend,\nthank you.\n",
    );
    env.write("docs/letters/copy.txt", "Dear friend,\r\nthank you.\r\n");
    env.write(
        "docs/latin1.txt",
        b"Caf\xe9 cr\xe8me, d\xe9j\xe0 vu, na\xefve fa\xe7ade.".as_slice(),
    );
    // A type voicetrain does not read (PNG, JPEG and TIFF images it reads with OCR).
    env.write("docs/photo.gif", b"GIF89a\x01\0\x01\0\0\0\0;".as_slice());
    env.write("docs/empty.txt", "");
    env.write("docs/.hidden/secret.txt", "not walked into");
}

#[test]
fn ingests_a_directory_with_each_file_reported() {
    let env = Env::new();
    corpus(&env);
    let (code, reports) = env.ingest(&["docs"]);
    assert_eq!(code, 0, "{reports:#?}");
    assert_eq!(
        reports.len(),
        6,
        "hidden directories are not walked: {reports:#?}"
    );
    let essay = report(&reports, "essay.md");
    assert_eq!(essay.status, "ingested");
    assert_eq!(essay.mime_type.as_deref(), Some("text/markdown"));
    assert_eq!(essay.title.as_deref(), Some("essay"));
    assert_eq!(essay.words, Some(7));
    assert_eq!(report(&reports, "photo.gif").status, "skipped");
    assert_eq!(
        report(&reports, "photo.gif").reason.as_deref(),
        Some("image/gif is not a supported type")
    );
    assert_eq!(report(&reports, "empty.txt").status, "skipped");
    // Same words with another BOM and line ends: stored once.
    let dear = report(&reports, "dear.txt");
    let copy = report(&reports, "copy.txt");
    assert_eq!(copy.status, "ingested");
    assert_eq!(dear.status, "duplicate");
    assert_eq!(dear.sample_id, copy.sample_id);

    let samples = env.samples();
    assert_eq!(samples.len(), 3);
    let essay_id = essay.sample_id.as_deref().unwrap();
    assert_eq!(env.text(essay_id), "# On walking\n\nI walk every day.\n");
    let latin = report(&reports, "latin1.txt").sample_id.clone().unwrap();
    assert_eq!(env.text(&latin), "Café crème, déjà vu, naïve façade.\n");
}

#[test]
fn second_run_is_unchanged_and_a_changed_file_keeps_its_id() {
    let env = Env::new();
    corpus(&env);
    let (_, first) = env.ingest(&["docs"]);
    let (code, again) = env.ingest(&["docs"]);
    assert_eq!(code, 0);
    for r in &again {
        assert!(
            r.status == "unchanged" || r.status == "skipped",
            "second run: {r:?}"
        );
    }
    assert_eq!(
        report(&again, "essay.md").sample_id,
        report(&first, "essay.md").sample_id
    );
    assert_eq!(report(&again, "essay.md").words, Some(7));

    // Touched but the same bytes: still unchanged.
    let essay = env.path("docs/essay.md");
    let bytes = std::fs::read(&essay).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&essay, &bytes).unwrap();
    let (_, touched) = env.ingest(&["docs/essay.md"]);
    assert_eq!(touched[0].status, "unchanged");

    env.write(
        "docs/essay.md",
        "# On walking\n\nI walk every day, rain or shine.\n",
    );
    let (code, changed) = env.ingest(&["docs"]);
    assert_eq!(code, 0);
    let essay = report(&changed, "essay.md");
    assert_eq!(essay.status, "updated");
    assert_eq!(essay.sample_id, report(&first, "essay.md").sample_id);
    assert_eq!(env.samples().len(), 3);
    assert!(
        env.text(essay.sample_id.as_deref().unwrap())
            .contains("rain or shine")
    );
    // The search index follows the change.
    let out = env
        .cmd()
        .args(["samples", "search", "shine", "--json"])
        .output()
        .unwrap();
    let hits: Vec<crate::util::Sample> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits.len(), 1);
}

#[test]
fn force_re_extracts_but_identical_text_stays_unchanged() {
    let env = Env::new();
    env.write("a.txt", "one two three");
    env.ingest(&["a.txt"]);
    let (code, forced) = env.ingest(&["a.txt", "--force"]);
    assert_eq!(code, 0);
    assert_eq!(forced[0].status, "unchanged");
    assert_eq!(forced[0].words, Some(3));
}

#[test]
fn dry_run_stores_nothing() {
    let env = Env::new();
    corpus(&env);
    let (code, reports) = env.ingest(&["docs", "--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(report(&reports, "essay.md").status, "ingested");
    assert_eq!(report(&reports, "copy.txt").status, "ingested");
    assert_eq!(report(&reports, "dear.txt").status, "duplicate");
    assert!(env.samples().is_empty());
    // What the dry run said is what a real run does.
    let (_, real) = env.ingest(&["docs"]);
    let statuses =
        |r: &[crate::util::FileReport]| r.iter().map(|r| r.status.clone()).collect::<Vec<_>>();
    assert_eq!(statuses(&real), statuses(&reports));
}

#[test]
fn tags_are_added_to_every_sample_touched() {
    let env = Env::new();
    corpus(&env);
    env.ingest(&["docs", "--tag", "essays"]);
    env.ingest(&["docs/essay.md", "--tag", "2024", "--tag", "essays"]);
    let samples = env.samples();
    let essay = samples.iter().find(|s| s.title == "essay").unwrap();
    assert_eq!(essay.tags, ["essays", "2024"]);
    let out = env
        .cmd()
        .args(["samples", "list", "--json", "--tag", "2024"])
        .output()
        .unwrap();
    let tagged: Vec<crate::util::Sample> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(tagged.len(), 1);
}

#[test]
fn reads_sources_from_stdin() {
    let env = Env::new();
    corpus(&env);
    let out = env
        .cmd()
        .args(["ingest", "--json", "-"])
        .write_stdin("docs/essay.md\n\n  docs/latin1.txt  \n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let reports: Vec<crate::util::FileReport> = crate::util::json_lines(&out.stdout);
    assert_eq!(reports.len(), 2);
    assert!(reports.iter().all(|r| r.status == "ingested"));
}

#[test]
fn missing_path_alone_exits_1_and_in_a_batch_exits_4() {
    let env = Env::new();
    corpus(&env);
    let out = env.cmd().args(["ingest", "nope.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("nope.txt: No such file or directory"),
        "{}",
        stderr_of(&out)
    );

    let (code, reports) = env.ingest(&["nope.txt", "docs/essay.md"]);
    assert_eq!(code, 4);
    assert_eq!(report(&reports, "nope.txt").status, "failed");
    assert_eq!(report(&reports, "essay.md").status, "ingested");
}

#[test]
fn empty_directory_says_nothing_was_found() {
    let env = Env::new();
    std::fs::create_dir_all(env.path("empty/sub")).unwrap();
    let out = env.cmd().args(["ingest", "empty"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr_of(&out).contains("nothing found to ingest"));
}

#[test]
fn summary_line_counts_every_status() {
    let env = Env::new();
    corpus(&env);
    let out = env.cmd().args(["ingest", "docs"]).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty(), "results are not mixed into stdout");
    assert_eq!(
        stderr_of(&out).trim(),
        "3 ingested, 0 updated, 0 unchanged, 1 duplicate, 2 skipped (1 empty file, 1 not a supported type), 0 failed"
    );
    let quiet = env.cmd().args(["ingest", "docs", "-q"]).output().unwrap();
    assert!(quiet.stderr.is_empty());
}

#[test]
fn non_utf8_file_name_is_ingested() {
    let env = Env::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    let dir = env.path("odd");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), "written in a file with a Latin-1 name").unwrap();
    let (code, reports) = env.ingest(&["odd"]);
    assert_eq!(code, 0, "{reports:#?}");
    assert_eq!(reports[0].status, "ingested");
    let samples = env.samples();
    assert!(
        samples[0].source_url.ends_with("/odd/caf%E9.txt"),
        "{}",
        samples[0].source_url
    );
    // Named directly, with its raw bytes, it is the same file.
    let out = env
        .cmd()
        .args(["ingest", "--json"])
        .arg(dir.join(name))
        .output()
        .unwrap();
    let again: Vec<crate::util::FileReport> = crate::util::json_lines(&out.stdout);
    assert_eq!(again[0].status, "unchanged");
}

#[test]
fn filters_by_type_size_and_depth() {
    let env = Env::new();
    corpus(&env);
    let (_, reports) = env.ingest(&["docs", "--no-recursive", "--dry-run"]);
    assert!(
        reports.iter().all(|r| !r.source.contains("letters")),
        "{reports:#?}"
    );

    let (_, reports) = env.ingest(&["docs/essay.md", "--types", "pdf,docs", "--dry-run"]);
    assert_eq!(reports[0].status, "skipped");
    assert_eq!(reports[0].reason.as_deref(), Some("not among --types"));

    let (_, reports) = env.ingest(&["docs/essay.md", "--max-size", "10B", "--dry-run"]);
    assert_eq!(reports[0].status, "skipped");
    assert!(
        reports[0]
            .reason
            .as_deref()
            .unwrap()
            .starts_with("larger than --max-size")
    );
}

#[test]
fn title_names_one_file_only() {
    let env = Env::new();
    corpus(&env);
    let out = env
        .cmd()
        .args(["ingest", "docs", "--title", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(env.samples().is_empty());
    let (code, reports) = env.ingest(&["docs/essay.md", "--title", "Walking"]);
    assert_eq!(code, 0);
    assert_eq!(reports[0].title.as_deref(), Some("Walking"));
    assert_eq!(env.samples()[0].title, "Walking");
}

#[test]
fn home_that_is_a_file_exits_5_as_a_store_problem() {
    let env = Env::new();
    let file = env.write("not-a-dir", "x");
    let out = env
        .cmd()
        .env("VOICETRAIN_HOME", &file)
        .args(["samples", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(
        stderr_of(&out).contains("is not a directory"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn symlink_loop_is_skipped_not_followed_forever() {
    let env = Env::new();
    env.write("loop/a.txt", "some words here");
    std::os::unix::fs::symlink(env.path("loop"), env.path("loop/again")).unwrap();
    let (code, reports) = env.ingest(&["loop"]);
    assert_eq!(code, 0, "{reports:#?}");
    assert_eq!(report(&reports, "a.txt").status, "ingested");
    assert_eq!(report(&reports, "again").status, "skipped");
}
