//! `samples export` to what `-o PATH` names, through the real binary: a regular file replaced
//! whole (through a symlink, keeping its mode), a FIFO and the process's stdout written as
//! streams, a full device an error that says so, `-` for stdout; and a txt export that splits
//! back into exactly its samples.

use std::ffi::OsStr;
use std::io::Read as _;
use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use crate::util::{Env, Exported, json_lines, mode, stderr_of};

/// A node of /dev as it was before a test wrote to it. voicetrain once renamed its export over
/// whatever `-o` named, and as root that replaces the device or link itself: should a
/// regression do it again, this puts the node back when the test ends, so the test fails
/// without leaving the machine without its /dev/full or /dev/stdout.
struct Restore {
    path: &'static Path,
    before: Option<Node>,
}

#[derive(Debug, PartialEq)]
enum Node {
    Link(PathBuf),
    Device { rdev: u64, mode: u32 },
}

impl Node {
    fn of(path: &Path) -> Option<Node> {
        let m = std::fs::symlink_metadata(path).ok()?;
        if m.file_type().is_symlink() {
            std::fs::read_link(path).ok().map(Node::Link)
        } else if m.file_type().is_char_device() {
            Some(Node::Device {
                rdev: m.rdev(),
                mode: m.mode() & 0o7777,
            })
        } else {
            None
        }
    }
}

impl Restore {
    fn new(path: &'static str) -> Restore {
        let path = Path::new(path);
        Restore {
            path,
            before: Node::of(path),
        }
    }
}

impl Drop for Restore {
    fn drop(&mut self) {
        let Some(before) = &self.before else { return };
        if Node::of(self.path).as_ref() == Some(before) {
            return;
        }
        let _ = std::fs::remove_file(self.path);
        let _ = match before {
            Node::Link(to) => std::os::unix::fs::symlink(to, self.path),
            Node::Device { rdev, mode } => rustix::fs::mknodat(
                rustix::fs::CWD,
                self.path,
                rustix::fs::FileType::CharacterDevice,
                rustix::fs::Mode::from_raw_mode(*mode),
                *rdev,
            )
            .map_err(std::io::Error::from)
            .and_then(|()| {
                std::fs::set_permissions(self.path, std::fs::Permissions::from_mode(*mode))
            }),
        };
    }
}

/// `voicetrain samples export ARGS...`.
fn export<S: AsRef<std::ffi::OsStr>>(env: &Env, args: impl IntoIterator<Item = S>) -> Output {
    env.cmd()
        .args(["samples", "export"])
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap()
}

/// Three samples, two of them with blank lines inside; returns the export on stdout.
fn samples(env: &Env) -> Vec<u8> {
    env.write(
        "w/a.txt",
        "First paragraph of a.\n\nSecond paragraph of a.\n\n\nThird, after two blank lines.\n",
    );
    env.write("w/b.md", "# B\n\nA heading, then a paragraph.\n");
    env.write("w/c.txt", "One line, no blank line at all.\n");
    let (code, _) = env.ingest(&["w"]);
    assert_eq!(code, 0);
    let out = export(env, std::iter::empty::<&str>());
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(json_lines::<Exported>(&out.stdout).len(), 3);
    out.stdout
}

/// Leftovers of a replace in `dir`: anything but the names given.
fn others_in(dir: &std::path::Path, expected: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !expected.contains(&n.as_str()))
        .collect()
}

#[test]
fn export_to_a_fifo_streams_to_its_reader_instead_of_replacing_it() {
    let env = Env::new();
    let expected = samples(&env);
    let fifo = env.path("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (sender, got) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            std::fs::File::open(fifo)
                .unwrap()
                .read_to_end(&mut bytes)
                .unwrap();
            let _ = sender.send(bytes);
        });
    }
    let out = export(&env, [OsStr::new("-o"), fifo.as_os_str()]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    // A FIFO replaced by a file leaves its reader waiting for a writer that never comes.
    let got = got
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the reader got nothing");
    assert_eq!(got, expected, "the reader got the whole export");
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "still a FIFO, not a file renamed over it");
}

#[test]
fn export_through_a_symlink_replaces_its_target_keeping_the_link_and_the_mode() {
    let env = Env::new();
    let expected = samples(&env);
    let target = env.write("data/corpus.jsonl", "old contents\n");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::fs::create_dir_all(env.path("links")).unwrap();
    let link = env.path("links/corpus.jsonl");
    std::os::unix::fs::symlink("../data/corpus.jsonl", &link).unwrap();

    let out = export(&env, [OsStr::new("-o"), link.as_os_str()]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link is kept"
    );
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        std::path::Path::new("../data/corpus.jsonl")
    );
    assert_eq!(
        std::fs::read(&target).unwrap(),
        expected,
        "the target is replaced"
    );
    assert_eq!(mode(&target), 0o640, "with its mode");
    assert!(others_in(&env.path("data"), &["corpus.jsonl"]).is_empty());
    assert!(others_in(&env.path("links"), &["corpus.jsonl"]).is_empty());
}

#[test]
fn export_to_dev_stdout_prints_to_stdout() {
    let env = Env::new();
    let expected = samples(&env);
    let _restore = Restore::new("/dev/stdout");
    let out = export(&env, ["-o", "/dev/stdout"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(out.stdout, expected);

    // Through the descriptor itself: a stdout opened for appending is appended to.
    let log = env.write("log", "before\n");
    let appending = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("voicetrain"))
        .env("HOME", env.dir.path())
        .env("VOICETRAIN_HOME", env.home())
        .env("VOICETRAIN_NO_KEYRING", "1")
        .args(["samples", "export", "-o", "/dev/stdout"])
        .stdout(Stdio::from(appending))
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        std::fs::read(&log).unwrap(),
        [b"before\n".as_slice(), &expected].concat()
    );
}

#[test]
fn export_to_dev_full_fails_naming_enospc_and_leaves_the_device() {
    let full = std::path::Path::new("/dev/full");
    if !std::fs::metadata(full).is_ok_and(|m| m.file_type().is_char_device()) {
        crate::util::skip("there is no /dev/full here");
        return;
    }
    let env = Env::new();
    samples(&env);
    let _restore = Restore::new("/dev/full");
    let out = export(&env, ["-o", "/dev/full"]);
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write /dev/full"), "{err}");
    assert!(err.contains("No space left on device (ENOSPC)"), "{err}");
    assert!(!err.contains("exported"), "{err}");
    assert!(
        std::fs::symlink_metadata(full)
            .unwrap()
            .file_type()
            .is_char_device(),
        "/dev/full is still the device"
    );
}

#[test]
fn export_dash_o_dash_writes_stdout_not_a_file_named_dash() {
    let env = Env::new();
    let expected = samples(&env);
    let out = export(&env, ["-o", "-"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(out.stdout, expected);
    assert!(!env.path("-").exists());
}

/// A txt export cut at each line that is exactly `separator`.
fn split(text: &str, separator: &str) -> Vec<String> {
    let mut pieces = vec![String::new()];
    for line in text.split_inclusive('\n') {
        if line.strip_suffix('\n') == Some(separator) {
            pieces.push(String::new());
        } else if let Some(last) = pieces.last_mut() {
            last.push_str(line);
        }
    }
    pieces
}

#[test]
fn txt_export_of_samples_with_blank_lines_splits_back_into_exactly_those_samples() {
    let env = Env::new();
    let texts: Vec<String> = json_lines::<Exported>(&samples(&env))
        .into_iter()
        .map(|e| e.text)
        .collect();
    assert!(texts.iter().filter(|t| t.contains("\n\n")).count() >= 2);
    for (args, separator) in [
        (&[][..], "\x0c"),
        (&["--separator", "<|endoftext|>"][..], "<|endoftext|>"),
    ] {
        let out = export(&env, [&["--format", "txt"][..], args].concat());
        assert!(out.status.success(), "{}", stderr_of(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(split(&text, separator), texts, "{args:?}: {text:?}");
    }

    // A sample that holds the separator line would not split back: refused, saying which,
    // and a file being replaced is left as it was.
    env.write("w/d.txt", "Page one.\n\x0c\nPage two.\n");
    env.ingest(&["w"]);
    let target = env.write("corpus.txt", "old\n");
    let out = export(
        &env,
        [
            OsStr::new("--format"),
            OsStr::new("txt"),
            OsStr::new("-o"),
            target.as_os_str(),
        ],
    );
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("holds a line that is the separator"), "{err}");
    assert!(err.contains("--separator"), "{err}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old\n");

    let out = export(&env, ["--format", "jsonl", "--separator", "x"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let out = export(&env, ["--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("form feed"), "{help}");
    assert!(help.contains("--separator"), "{help}");
}
