//! The documentation in step with the binary (issue 12, item 17): every flag each command's
//! `--help` lists is in `docs/cli.md`, every link in the README and `docs/` leads to a file of
//! the repository, and nothing points at files outside it.

use std::path::{Path, PathBuf};

use crate::util::Env;

const COMMANDS: &[&[&str]] = &[
    &["ingest"],
    &["samples", "list"],
    &["samples", "show"],
    &["samples", "search"],
    &["samples", "export"],
    &["samples", "rm"],
    &["samples", "stats"],
    &["auth", "google"],
    &["auth", "status"],
    &["auth", "token"],
    &["auth", "logout"],
    &["auth", "switch"],
    &["tokens", "refresh"],
    &["tokens", "list"],
    &["tokens", "log"],
    &["key", "status"],
    &["key", "rotate"],
    &["doctor"],
    &["completions"],
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The long flags a `--help` lists (`--types`, `--no-recursive`), but `--help` itself.
fn flags(help: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in help.lines() {
        let line = line.trim_start();
        let Some(at) = line.find("--") else { continue };
        // Only a flag's own line: `-o, --output <FILE>` or `--json`.
        if at > 4 {
            continue;
        }
        let name: String = line[at + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if !name.is_empty() && name != "help" {
            found.push(format!("--{name}"));
        }
    }
    found
}

#[test]
fn every_flag_of_every_command_is_in_the_command_reference() {
    let reference = read(&root().join("docs/cli.md"));
    let env = Env::new();
    let mut missing = Vec::new();
    for command in COMMANDS {
        let out = env
            .cmd()
            .args(*command)
            .arg("--help")
            .output()
            .expect("run");
        assert!(out.status.success(), "{command:?} --help");
        let help = String::from_utf8_lossy(&out.stdout);
        let listed = flags(&help);
        assert!(
            !listed.is_empty() || command == &["completions"],
            "{command:?}: no flags read"
        );
        for flag in listed {
            if !reference.contains(&format!("`{flag}")) && !reference.contains(&format!("{flag} "))
            {
                missing.push(format!("{} {flag}", command.join(" ")));
            }
        }
    }
    assert!(missing.is_empty(), "not in docs/cli.md: {missing:#?}");
}

#[test]
fn the_readme_and_docs_link_only_to_files_of_the_repository() {
    let mut pages = vec![root().join("README.md")];
    for entry in std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "md") {
            pages.push(entry.path());
        }
    }
    let mut broken = Vec::new();
    for page in &pages {
        let text = read(page);
        if text.contains("shared/design") || text.contains("../shared") {
            broken.push(format!("{}: points outside the repository", page.display()));
        }
        for (at, _) in text.match_indices("](") {
            let rest = &text[at + 2..];
            let target = &rest[..rest.find(')').unwrap_or(rest.len())];
            if target.contains("://") || target.starts_with('#') || target.starts_with("mailto:") {
                continue;
            }
            let file = target.split('#').next().unwrap_or(target);
            let resolved = page.parent().expect("parent").join(file);
            if !resolved.exists() {
                broken.push(format!("{}: {target}", page.display()));
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn no_source_file_cites_a_design_note_outside_the_repository() {
    let mut citing = Vec::new();
    let mut dirs = vec![
        root().join("src"),
        root().join("tests"),
        root().join("benches"),
    ];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && path.file_name().is_some_and(|n| n != "docs.rs")
                && read(&path).contains("shared/design")
            {
                citing.push(path.display().to_string());
            }
        }
    }
    assert!(citing.is_empty(), "cite docs/ instead: {citing:#?}");
}
