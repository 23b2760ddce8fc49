//! How `ingest` walks a directory and tells a path from a Drive ID (issue 12, items 2 and 6):
//! it never leaves the tree it was given unless `--follow` says so, honours `--exclude`,
//! `.ignore` and (in a git repository) `.gitignore` as ripgrep does, and a mistyped path is a
//! missing file, not a Drive ID that needs a login.

use std::os::unix::fs::symlink;

use crate::util::{Env, FileReport, report, stderr_of};

/// `notes/` to walk, `outside/secret.txt` beside it, and a link `link` to `target` (both
/// relative to the test's directory).
fn tree(link: &str, target: &str) -> Env {
    let env = Env::new();
    env.write("notes/a.txt", "A note of my own, in the tree.");
    env.write("outside/secret.txt", "Not mine: a file outside the tree.");
    symlink(env.path(target), env.path(link)).unwrap();
    env
}

/// `ingest --json ARGS`, which must succeed.
fn ingest_ok(env: &Env, args: &[&str]) -> Vec<FileReport> {
    let (code, reports) = env.ingest(args);
    assert_eq!(code, 0, "{reports:#?}");
    reports
}

/// What a dry run of `notes` with `args` walks, in the order walked.
fn walked(env: &Env, args: &[&str]) -> Vec<String> {
    let reports = ingest_ok(env, &[&["notes", "--dry-run"], args].concat());
    reports.into_iter().map(|r| r.source).collect()
}

/// The sources reported with their status, by source (what a walk skips is reported before
/// the files it found).
fn statuses(reports: &[FileReport]) -> Vec<(String, String)> {
    let mut all: Vec<_> = reports
        .iter()
        .map(|r| (r.source.clone(), r.status.clone()))
        .collect();
    all.sort();
    all
}

fn url_of(env: &Env, rel: &str) -> String {
    url::Url::from_file_path(env.path(rel)).unwrap().to_string()
}

/// `ln -s /etc notes/etc; voicetrain ingest notes` ingested 149 files of /etc.
#[test]
fn a_symlink_to_a_directory_outside_the_tree_is_not_followed() {
    let env = tree("notes/elsewhere", "outside");
    let reports = ingest_ok(&env, &["notes"]);
    assert_eq!(
        statuses(&reports),
        [
            ("notes/a.txt".into(), "ingested".into()),
            ("notes/elsewhere".into(), "skipped".into())
        ],
        "{reports:#?}"
    );
    let link = report(&reports, "notes/elsewhere");
    assert_eq!(
        link.file_id.as_deref(),
        Some(url_of(&env, "notes/elsewhere").as_str())
    );
    let reason = link.reason.as_deref().unwrap();
    assert!(
        reason.contains("symbolic link out of notes") && reason.contains("--follow"),
        "{reason}"
    );
    assert_eq!(env.samples().len(), 1);

    // People see it at -v, with its reason.
    let out = env.cmd().args(["ingest", "-v", "notes"]).output().unwrap();
    assert!(out.status.success());
    let err = stderr_of(&out);
    assert!(
        err.lines()
            .any(|l| l.contains("skipped") && l.contains("notes/elsewhere: symbolic link out")),
        "{err}"
    );
}

#[test]
fn with_follow_a_symlink_to_a_directory_outside_the_tree_is_followed() {
    let env = tree("notes/elsewhere", "outside");
    assert_eq!(
        statuses(&ingest_ok(&env, &["notes", "--follow"])),
        [
            ("notes/a.txt".into(), "ingested".into()),
            ("notes/elsewhere/secret.txt".into(), "ingested".into())
        ]
    );
}

#[test]
fn a_symlink_to_a_file_outside_the_tree_is_not_followed_unless_asked() {
    let env = tree("notes/link.txt", "outside/secret.txt");
    let reports = ingest_ok(&env, &["notes", "--dry-run"]);
    assert_eq!(report(&reports, "notes/link.txt").status, "skipped");
    assert_eq!(
        report(&reports, "notes/link.txt").file_id.as_deref(),
        Some(url_of(&env, "notes/link.txt").as_str())
    );

    let reports = ingest_ok(&env, &["notes", "--dry-run", "--follow"]);
    assert_eq!(report(&reports, "notes/link.txt").status, "ingested");

    // Named on the command line, the link is what the user asked for.
    let reports = ingest_ok(&env, &["notes/link.txt"]);
    assert_eq!(reports[0].status, "ingested");
}

#[test]
fn a_symlinked_directory_named_as_the_source_is_walked() {
    let env = tree("shortcut", "outside");
    assert_eq!(
        statuses(&ingest_ok(&env, &["shortcut"])),
        [("shortcut/secret.txt".into(), "ingested".into())]
    );
}

#[test]
fn a_symlink_within_the_tree_does_not_ingest_its_file_twice() {
    let env = Env::new();
    env.write("notes/real/a.txt", "One note, reachable three ways.");
    symlink("real", env.path("notes/alias")).unwrap();
    symlink("real/a.txt", env.path("notes/b.txt")).unwrap();
    let reports = ingest_ok(&env, &["notes"]);
    assert_eq!(reports.len(), 1, "{reports:#?}");
    assert_eq!(reports[0].status, "ingested");
    assert_eq!(env.samples().len(), 1);
}

#[test]
fn exclude_leaves_out_what_its_globs_match() {
    let env = Env::new();
    env.write("notes/a.md", "Markdown at the top.");
    env.write("notes/sub/b.md", "Markdown further down.");
    env.write("notes/c.txt", "Plain text at the top.");
    env.write("notes/drafts/d.txt", "A draft.");
    env.write("notes/sub/drafts/e.txt", "A draft further down.");
    env.write("notes/sub/drafts.txt", "Not a directory of drafts.");
    assert_eq!(
        walked(&env, &["--exclude", "*.md"]),
        [
            "notes/c.txt",
            "notes/drafts/d.txt",
            "notes/sub/drafts/e.txt",
            "notes/sub/drafts.txt"
        ]
    );
    assert_eq!(
        walked(&env, &["--exclude", "drafts/"]),
        [
            "notes/a.md",
            "notes/c.txt",
            "notes/sub/b.md",
            "notes/sub/drafts.txt"
        ]
    );
    assert_eq!(
        walked(&env, &["--exclude", "*.md", "--exclude", "drafts/"]),
        ["notes/c.txt", "notes/sub/drafts.txt"]
    );
    // Anchored at the directory walked, as in a .gitignore.
    assert_eq!(
        walked(&env, &["--exclude", "/drafts/"]),
        [
            "notes/a.md",
            "notes/c.txt",
            "notes/sub/b.md",
            "notes/sub/drafts/e.txt",
            "notes/sub/drafts.txt"
        ]
    );
}

#[test]
fn an_exclude_glob_that_does_not_parse_is_a_usage_error() {
    let env = Env::new();
    env.write("notes/a.txt", "A note.");
    let out = env
        .cmd()
        .args(["ingest", "notes", "--exclude", "notes/{a"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains("'notes/{a' for '--exclude <GLOB>': unclosed alternate group"),
        "{err}"
    );
}

/// A tree with an ignore file (`name`) that leaves out `private/` and `scratch.txt`.
fn ignoring(env: &Env, name: &str) {
    env.write("notes/keep.txt", "A note to keep.");
    env.write("notes/scratch.txt", "Scratch, ignored.");
    env.write("notes/private/p.txt", "Private, ignored.");
    env.write(&format!("notes/{name}"), "private/\nscratch.txt\n");
}

const EVERY_NOTE: [&str; 3] = ["notes/keep.txt", "notes/private/p.txt", "notes/scratch.txt"];

#[test]
fn a_gitignore_in_a_git_repository_is_honoured_and_no_ignore_turns_it_off() {
    let env = Env::new();
    ignoring(&env, ".gitignore");
    // What makes a directory a git repository to git and to ripgrep.
    std::fs::create_dir_all(env.path("notes/.git")).unwrap();
    assert_eq!(walked(&env, &[]), ["notes/keep.txt"]);
    assert_eq!(walked(&env, &["--no-ignore"]), EVERY_NOTE);
    // Walking part of the repository, its root's .gitignore still applies.
    env.write("notes/sub/scratch.txt", "Scratch further down, ignored.");
    env.write("notes/sub/kept.txt", "Kept further down.");
    let (_, reports) = env.ingest(&["notes/sub", "--dry-run"]);
    assert_eq!(
        statuses(&reports),
        [("notes/sub/kept.txt".into(), "ingested".into())]
    );
}

#[test]
fn a_gitignore_outside_a_git_repository_is_not_honoured() {
    let env = Env::new();
    ignoring(&env, ".gitignore");
    assert_eq!(walked(&env, &[]), EVERY_NOTE);
}

#[test]
fn an_ignore_file_is_honoured_and_no_ignore_turns_it_off() {
    let env = Env::new();
    ignoring(&env, ".ignore");
    assert_eq!(walked(&env, &[]), ["notes/keep.txt"]);
    assert_eq!(walked(&env, &["--no-ignore"]), EVERY_NOTE);
}

#[test]
fn an_ignore_file_with_a_bad_line_is_honoured_for_the_rest() {
    let env = Env::new();
    ignoring(&env, ".ignore");
    env.write("notes/.ignore", "private/\nnotes{a\nscratch.txt\n");
    let out = env
        .cmd()
        .args(["ingest", "notes", "--dry-run", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let reports: Vec<FileReport> = crate::util::json_lines(&out.stdout);
    assert_eq!(
        statuses(&reports),
        [("notes/keep.txt".into(), "ingested".into())]
    );
    assert!(
        stderr_of(&out).contains("notes/.ignore: line 2: error parsing glob 'notes{a'"),
        "{}",
        stderr_of(&out)
    );
}

/// `voicetrain ingest essay_draft_version_two_final_2024` (no such file) said "no Google
/// account is logged in" and exited 3.
#[test]
fn a_mistyped_path_is_a_missing_file_not_a_drive_id() {
    let env = Env::new();
    let typo = "essay_draft_version_two_final_2024";
    let out = env.cmd().args(["ingest", typo]).output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.to_lowercase()
            .contains(&format!("{typo}: no such file or directory")),
        "{err}"
    );
    // Both readings are said: how to ask for the Drive file, had one been meant.
    assert!(
        err.contains(&format!("https://drive.google.com/open?id={typo}")),
        "{err}"
    );
    assert!(!err.contains("logged in"), "no login is needed: {err}");

    // In a batch, a missing file is one failure among successes.
    env.write("essay.txt", "An essay that exists.");
    let (code, reports) = env.ingest(&[typo, "essay.txt"]);
    assert_eq!(code, 4, "{reports:#?}");
    assert_eq!(report(&reports, typo).status, "failed");
    assert_eq!(report(&reports, "essay.txt").status, "ingested");
}

#[test]
fn a_drive_id_without_a_login_still_needs_one() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["ingest", "1AbCdEfGhIjKlMnOpQrStUvWxYz012345"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("voicetrain auth google"), "{err}");
}

#[test]
fn a_file_whose_name_reads_as_a_drive_id_is_a_file() {
    let env = Env::new();
    env.write(
        "1AbCdEfGhIjKlMnOpQrStUvWxYz012345",
        "A file with an odd name.",
    );
    let reports = ingest_ok(&env, &["1AbCdEfGhIjKlMnOpQrStUvWxYz012345"]);
    assert_eq!(reports[0].status, "ingested");
}
