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
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(&mut buf).unwrap();
    man.render_name_section(&mut buf).unwrap();
    man.render_synopsis_section(&mut buf).unwrap();
    man.render_description_section(&mut buf).unwrap();
    // As Man::render does, but for the sections --help ends with (cli::MORE_HELP): each a
    // section of its own, not one "EXTRA".
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut buf).unwrap();
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut buf).unwrap();
    }
    if let Some(more) = cmd.get_after_long_help() {
        buf.extend(more_sections(&more.to_string()));
    }
    if cmd.get_version().is_some() {
        man.render_version_section(&mut buf).unwrap();
    }
    files.push((root().join("man").join(format!("{name}.1")), buf));
    for sub in cmd
        .get_subcommands()
        .filter(|s| s.get_name() != "help" && !s.is_hide_set())
    {
        man_pages(sub, &format!("{name}-{}", sub.get_name()), files);
    }
}

/// `HEADING` lines and their indented lines as roff sections, the lines kept as they are
/// (no filling), with roff's special characters escaped.
fn more_sections(text: &str) -> Vec<u8> {
    let mut roff = String::new();
    let mut open = false;
    for line in text.lines().filter(|l| !l.is_empty()) {
        match line.strip_prefix("  ") {
            Some(body) => {
                let body = body.replace('\\', "\\e").replace('-', "\\-");
                roff.push_str(&format!("\\&{body}\n"));
            }
            None => {
                if open {
                    roff.push_str(".fi\n");
                }
                roff.push_str(&format!(".SH \"{line}\"\n.nf\n"));
                open = true;
            }
        }
    }
    if open {
        roff.push_str(".fi\n");
    }
    roff.into_bytes()
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

#[test]
fn help_and_the_man_page_have_exit_status_environment_files_and_examples() {
    let help = crate::util::Env::new()
        .cmd()
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let man = std::fs::read_to_string(root().join("man/voicetrain.1")).unwrap();
    for section in ["EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES"] {
        assert!(
            help.contains(&format!("\n{section}\n")),
            "--help: {section}"
        );
        assert!(
            man.contains(&format!(".SH \"{section}\"")),
            "man: {section}"
        );
    }
    assert!(help.contains("75   temporary failure"), "{help}");
}
