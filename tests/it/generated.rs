//! `completions/` and `man/` are generated from the clap definitions and committed. This
//! fails when they are stale; `VOICETRAIN_UPDATE_GENERATED=1 cargo test generated` rewrites them.

use std::path::{Path, PathBuf};

use clap::CommandFactory as _;
use clap_complete::Shell;
use voicetrain::cli::Cli;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every generated file: its path and what it must contain.
fn expected() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for (shell, name) in [
        (Shell::Bash, "voicetrain.bash"),
        (Shell::Zsh, "_voicetrain"),
        (Shell::Fish, "voicetrain.fish"),
        (Shell::Elvish, "voicetrain.elv"),
        (Shell::PowerShell, "_voicetrain.ps1"),
    ] {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "voicetrain", &mut buf);
        files.push((root().join("completions").join(name), buf));
    }
    man_pages(&Cli::command(), "voicetrain", &mut files);
    files
}

fn man_pages(cmd: &clap::Command, name: &str, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let static_name: &'static str = Box::leak(name.to_string().into_boxed_str());
    let cmd = cmd.clone().name(static_name);
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf).unwrap();
    files.push((root().join("man").join(format!("{name}.1")), buf));
    for sub in cmd
        .get_subcommands()
        .filter(|s| s.get_name() != "help" && !s.is_hide_set())
    {
        man_pages(sub, &format!("{name}-{}", sub.get_name()), files);
    }
}

#[test]
fn generated_completions_and_man_pages_are_current() {
    let update = std::env::var_os("VOICETRAIN_UPDATE_GENERATED").is_some();
    let mut stale = Vec::new();
    for (path, contents) in expected() {
        if std::fs::read(&path).ok().as_deref() != Some(contents.as_slice()) {
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, contents).unwrap();
            } else {
                stale.push(
                    path.strip_prefix(root())
                        .unwrap_or(Path::new("?"))
                        .display()
                        .to_string(),
                );
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale: {stale:?}; run `VOICETRAIN_UPDATE_GENERATED=1 cargo test generated` and commit"
    );
}

#[test]
fn completions_command_prints_the_committed_script() {
    let env = crate::util::Env::new();
    let out = env.cmd().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        out.stdout,
        std::fs::read(root().join("completions/voicetrain.bash")).unwrap()
    );
}
