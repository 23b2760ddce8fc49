//! Every message in tests/fixtures/mail against what it must give (the layout is in that
//! directory's README.md): each directory is one writer's mail, whose signature is learned
//! across it, as a run over their sent mail would. All mismatches are reported at once.

use std::fs;
use std::path::{Path, PathBuf};

use super::{Signature, parse};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mail");

/// What a fixture gives, in the form of its expectation files.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// NAME.skip: why it gives no sample.
    Skip(String),
    /// NAME.text and NAME.context (absent when none).
    Sample {
        text: String,
        context: Option<String>,
    },
}

fn outcome(raw: &[u8], learned: &Signature) -> Outcome {
    let message = match parse(raw) {
        Ok(message) => message,
        Err(e) => return Outcome::Skip(format!("error: {e}")),
    };
    if let Some(automated) = message.automated {
        return Outcome::Skip(automated.code().into());
    }
    match message.words(learned) {
        Err(e) => Outcome::Skip(format!("error: {e}")),
        Ok(words) if words.own.is_empty() => Outcome::Skip("no-own-text".into()),
        // The files end with a newline, as stored samples do (extract::normalize).
        Ok(words) => Outcome::Sample {
            text: words.own + "\n",
            context: words.context.map(|c| c + "\n"),
        },
    }
}

fn expected(eml: &Path) -> Outcome {
    let read = |ext: &str| fs::read_to_string(eml.with_extension(ext)).ok();
    match read("skip") {
        Some(code) => Outcome::Skip(code.trim().into()),
        None => Outcome::Sample {
            text: read("text").unwrap_or_else(|| format!("(no {}.text)", stem(eml))),
            context: read("context"),
        },
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The .eml files of a directory, by name.
fn messages(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    found.sort();
    found
}

/// The writer's signature learned from a directory's messages, as `clean` gives their words
/// with none known.
fn learn(paths: &[PathBuf]) -> Signature {
    let owns: Vec<String> = paths
        .iter()
        .filter_map(|p| {
            let message = parse(&fs::read(p).unwrap()).ok()?;
            let words = message.words(&Signature::default()).ok()?;
            (message.automated.is_none() && !words.own.is_empty()).then_some(words.own)
        })
        .collect();
    let texts: Vec<&str> = owns.iter().map(String::as_str).collect();
    Signature::learn(&texts)
}

/// The lines that differ, `-` expected and `+` got, between the lines both share at the
/// start and at the end.
fn diff(name: &str, expected: &str, got: &str) -> String {
    let (e, g): (Vec<&str>, Vec<&str>) =
        (expected.split('\n').collect(), got.split('\n').collect());
    let head = e.iter().zip(&g).take_while(|(a, b)| a == b).count();
    let tail = e[head..]
        .iter()
        .rev()
        .zip(g[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = format!(
        "--- {name} expected\n+++ {name} got\n@@ line {}\n",
        head + 1
    );
    e[head..e.len() - tail]
        .iter()
        .for_each(|l| out += &format!("-{l:?}\n"));
    g[head..g.len() - tail]
        .iter()
        .for_each(|l| out += &format!("+{l:?}\n"));
    out
}

fn describe(name: &str, expected: &Outcome, got: &Outcome) -> String {
    match (expected, got) {
        (
            Outcome::Sample {
                text: et,
                context: ec,
            },
            Outcome::Sample {
                text: gt,
                context: gc,
            },
        ) => {
            let mut out = String::new();
            if et != gt {
                out += &diff(&format!("{name}.text"), et, gt);
            }
            if ec != gc {
                let show = |c: &Option<String>| c.clone().unwrap_or_else(|| "(none)".into());
                out += &diff(&format!("{name}.context"), &show(ec), &show(gc));
            }
            out
        }
        _ => format!("{name}: expected {expected:?}\n{name}: got {got:?}\n"),
    }
}

#[test]
fn every_fixture_gives_what_it_must() {
    let mut dirs = vec![PathBuf::from(ROOT)];
    dirs.extend(
        fs::read_dir(ROOT)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir()),
    );
    let (mut checked, mut failures) = (0, Vec::new());
    for dir in dirs {
        let paths = messages(&dir);
        let learned = learn(&paths);
        for path in &paths {
            let got = outcome(&fs::read(path).unwrap(), &learned);
            let want = expected(path);
            if got != want {
                failures.push(describe(&stem(path), &want, &got));
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} fixtures found in {ROOT}");
    assert!(
        failures.is_empty(),
        "{} of {checked} fixtures give something else:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn encoded_subjects_and_charsets_are_read() {
    let read = |name: &str| parse(&fs::read(Path::new(ROOT).join(name)).unwrap()).unwrap();
    let m = read("subject_rfc2047_emoji.eml");
    assert_eq!(m.subject.as_deref(), Some("🎉 Launch day — ça marche"));
    assert_eq!(m.from, ["alex@example.com"]);
    assert_eq!(m.in_reply_to, None);
    let m = read("latin1_qp.eml");
    assert_eq!(m.subject.as_deref(), Some("Résumé et café"));
    let m = read("reply_pl.eml");
    assert_eq!(
        m.in_reply_to.as_deref(),
        Some("parent-reply_pl@mail.example.com")
    );
    assert!(m.date.is_some_and(|d| d.starts_with("2012-04-03T")));
}

#[test]
fn long_and_pathological_quotes_take_well_under_a_second() {
    for name in ["erp_email_long_quote.eml", "erp_pathological.eml"] {
        let raw = fs::read(Path::new(ROOT).join(name)).unwrap();
        let start = std::time::Instant::now();
        let _ = outcome(&raw, &Signature::default());
        // A debug build, on a busy machine: the release build takes a few milliseconds.
        assert!(
            start.elapsed().as_secs_f64() < 0.5,
            "{name}: {:?}",
            start.elapsed()
        );
    }
}
