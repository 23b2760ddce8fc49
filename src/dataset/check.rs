//! `dataset check`: a dataset directory read back against the rules of its format, each
//! problem tied to its file and line. For OpenAI these are the rules of OpenAI's own
//! data-preparation validator (the cookbook's Chat_finetuning_data_prep) and upload limits;
//! for the others, what their loaders read (mlx-lm's three files and line shapes, Alpaca's
//! three fields, the Hugging Face card naming each data file, text's end-of-text lines).
//! Every format's examples must fit the token limit its manifest names.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, BufRead as _};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value};

use super::layout::{self, Format};
use super::manifest::Earlier;
use super::split::Split;
use super::tokens::{self, Counter, Tokenizer};

/// The fewest training examples OpenAI accepts.
pub const OPENAI_MIN_EXAMPLES: u64 = 10;

/// The largest file OpenAI's Files API takes.
pub const OPENAI_MAX_FILE: u64 = 512 * 1024 * 1024;

/// The token limit where no manifest names one: gpt-4o-mini's training context.
pub const OPENAI_CONTEXT: usize = 65_536;

/// Problems listed before the rest are only counted.
const MAX_LISTED: usize = 10_000;

/// What a check found.
#[derive(Debug, Serialize)]
pub struct Report {
    pub format: &'static str,
    pub ok: bool,
    /// Examples in all the files read.
    pub examples: u64,
    /// Examples in each file read, by its path in the directory.
    pub files: BTreeMap<String, u64>,
    pub problems: Vec<Problem>,
}

/// One thing wrong: in `file` (relative to the directory), at `line` (0: the whole file).
#[derive(Debug, Serialize)]
pub struct Problem {
    pub file: String,
    pub line: u64,
    pub problem: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("cannot read the dataset directory {}: {source}", path.display())]
    Dir { path: PathBuf, source: io::Error },
    #[error("{} has no manifest.json saying its format", .0.display())]
    WhichFormat(PathBuf),
}

/// The shapes an example's line may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Chat,
    Completion,
    Alpaca,
    Text,
}

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Shape::Chat => "chat (messages)",
            Shape::Completion => "completion (prompt, completion)",
            Shape::Alpaca => "alpaca (instruction, input, output)",
            Shape::Text => "text",
        }
    }

    /// The shape a line's keys say it is.
    fn of(object: &Map<String, Value>) -> Option<Shape> {
        if object.contains_key("messages") {
            Some(Shape::Chat)
        } else if object.contains_key("instruction") || object.contains_key("output") {
            Some(Shape::Alpaca)
        } else if object.contains_key("prompt") || object.contains_key("completion") {
            Some(Shape::Completion)
        } else if object.contains_key("text") {
            Some(Shape::Text)
        } else {
            None
        }
    }
}

/// Checks the dataset in `dir`, of `format` (else the one its manifest names).
pub fn check(dir: &Path, format: Option<Format>) -> Result<Report, CheckError> {
    fs::read_dir(dir).map_err(|source| CheckError::Dir {
        path: dir.to_path_buf(),
        source,
    })?;
    let manifest = fs::read_to_string(dir.join(layout::MANIFEST))
        .ok()
        .and_then(|t| Earlier::parse(&t));
    let format = match format {
        Some(f) => f,
        None => manifest
            .as_ref()
            .and_then(|m| m.format.as_deref())
            .and_then(|name| <Format as clap::ValueEnum>::from_str(name, false).ok())
            .ok_or_else(|| CheckError::WhichFormat(dir.to_path_buf()))?,
    };
    let tokenizer = manifest
        .as_ref()
        .and_then(|m| m.tokenizer.as_deref())
        .and_then(|name| <Tokenizer as clap::ValueEnum>::from_str(name, false).ok())
        .unwrap_or(Tokenizer::O200kBase);
    let limit = manifest
        .as_ref()
        .and_then(|m| m.max_tokens)
        .unwrap_or(OPENAI_CONTEXT);
    let expected = manifest
        .as_ref()
        .and_then(|m| m.style.as_deref())
        .and_then(|style| match (style, format) {
            ("chat", _) => Some(Shape::Chat),
            ("completion", Format::Alpaca) => Some(Shape::Alpaca),
            ("completion", _) => Some(Shape::Completion),
            ("text", _) => Some(Shape::Text),
            _ => None,
        });
    let mut checker = Checker {
        dir,
        format,
        counter: Counter::new(tokenizer),
        limit,
        expected,
        report: Report {
            format: format.name(),
            ok: false,
            examples: 0,
            files: BTreeMap::new(),
            problems: Vec::new(),
        },
        unlisted: 0,
    };
    for split in Split::ALL {
        let name = format.file(split);
        let path = dir.join(name);
        if !path.exists() {
            if split == Split::Train {
                checker.problem(name, 0, "missing".into());
            }
            continue;
        }
        checker.file(name, split);
    }
    if format == Format::Hf {
        checker.card();
    }
    if checker.unlisted > 0 {
        let more = format!("and {} more problems", checker.unlisted);
        checker.report.problems.push(Problem {
            file: String::new(),
            line: 0,
            problem: more,
        });
    }
    let mut report = checker.report;
    report.ok = report.problems.is_empty();
    Ok(report)
}

struct Checker<'a> {
    dir: &'a Path,
    format: Format,
    counter: Counter,
    limit: usize,
    expected: Option<Shape>,
    report: Report,
    unlisted: u64,
}

impl Checker<'_> {
    fn problem(&mut self, file: &str, line: u64, problem: String) {
        if self.report.problems.len() >= MAX_LISTED {
            self.unlisted += 1;
            return;
        }
        self.report.problems.push(Problem {
            file: file.to_string(),
            line,
            problem,
        });
    }

    fn file(&mut self, name: &str, split: Split) {
        let path = self.dir.join(name);
        let size = fs::metadata(&path).map_or(0, |m| m.len());
        if self.format == Format::Openai && size > OPENAI_MAX_FILE {
            self.problem(
                name,
                0,
                format!("{size} bytes: OpenAI takes files of at most 512 MB"),
            );
        }
        let examples = match self.format {
            Format::Text => self.text_file(name),
            _ => self.jsonl_file(name),
        };
        if size == 0 {
            self.problem(
                name,
                0,
                "empty: its readers fail on a file with no example (mlx-lm reads its first \
                 line, OpenAI refuses it); remove it"
                    .into(),
            );
        }
        if self.format == Format::Openai && split == Split::Train && examples < OPENAI_MIN_EXAMPLES
        {
            self.problem(
                name,
                0,
                format!(
                    "{examples} training examples: OpenAI needs at least {OPENAI_MIN_EXAMPLES}"
                ),
            );
        }
        self.report.examples += examples;
        self.report.files.insert(name.to_string(), examples);
    }

    /// Reads `name` a line at a time; returns how many examples it holds.
    fn jsonl_file(&mut self, name: &str) -> u64 {
        let path = self.dir.join(name);
        let file = match fs::File::open(&path) {
            Ok(f) => f,
            Err(e) => {
                self.problem(name, 0, format!("cannot be read: {e}"));
                return 0;
            }
        };
        let mut expected = self.expected;
        let mut examples = 0;
        for (i, line) in io::BufReader::new(file).split(b'\n').enumerate() {
            let at = i as u64 + 1;
            let line = match line {
                Ok(l) => l,
                Err(e) => {
                    self.problem(name, at, format!("cannot be read: {e}"));
                    break;
                }
            };
            let value: Value = match serde_json::from_slice(&line) {
                Ok(v) => v,
                Err(e) if line.iter().all(u8::is_ascii_whitespace) => {
                    let _ = e;
                    self.problem(
                        name,
                        at,
                        "an empty line: every line must be one example".into(),
                    );
                    continue;
                }
                Err(e) => {
                    self.problem(name, at, format!("not JSON: {e}"));
                    continue;
                }
            };
            examples += 1;
            let Value::Object(object) = value else {
                self.problem(name, at, "not a JSON object".into());
                continue;
            };
            let Some(shape) = Shape::of(&object) else {
                self.problem(
                    name,
                    at,
                    "holds none of messages, prompt/completion, instruction/output or text".into(),
                );
                continue;
            };
            let want = *expected.get_or_insert(shape);
            if shape != want {
                self.problem(
                    name,
                    at,
                    format!(
                        "a {} example in a file of {} examples",
                        shape.name(),
                        want.name()
                    ),
                );
                continue;
            }
            if !self.takes(shape) {
                self.problem(
                    name,
                    at,
                    format!(
                        "{} does not take {} examples",
                        self.format.name(),
                        shape.name()
                    ),
                );
                continue;
            }
            let tokens = match shape {
                Shape::Chat => self.chat(name, at, &object),
                Shape::Completion => self.fields(name, at, &object, &["prompt", "completion"]),
                Shape::Alpaca => {
                    self.fields(name, at, &object, &["instruction", "input", "output"])
                }
                Shape::Text => self.fields(name, at, &object, &["text"]),
            };
            if let Some(tokens) = tokens {
                self.fits(name, at, tokens);
            }
        }
        examples
    }

    fn takes(&self, shape: Shape) -> bool {
        match self.format {
            Format::Openai => matches!(shape, Shape::Chat | Shape::Completion),
            Format::Hf | Format::Mlx => shape != Shape::Alpaca,
            Format::Alpaca => shape == Shape::Alpaca,
            Format::Text => shape == Shape::Text,
        }
    }

    fn fits(&mut self, name: &str, at: u64, tokens: usize) {
        if tokens > self.limit {
            self.problem(
                name,
                at,
                format!("{tokens} tokens, over the limit of {}", self.limit),
            );
        }
    }

    /// A chat example, by the cookbook's rules; its size in tokens if it is well formed.
    fn chat(&mut self, name: &str, at: u64, object: &Map<String, Value>) -> Option<usize> {
        let Some(Value::Array(messages)) = object.get("messages") else {
            self.problem(name, at, "`messages` is not a list".into());
            return None;
        };
        if messages.is_empty() {
            self.problem(name, at, "`messages` is empty".into());
            return None;
        }
        let mut well_formed = true;
        let mut tokens = tokens::PER_REPLY;
        let mut assistant = false;
        for (k, message) in messages.iter().enumerate() {
            let n = k + 1;
            let Value::Object(message) = message else {
                self.problem(name, at, format!("message {n} is not an object"));
                well_formed = false;
                continue;
            };
            if !message.contains_key("role") || !message.contains_key("content") {
                self.problem(name, at, format!("message {n} lacks a role or a content"));
                well_formed = false;
            }
            if let Some(key) = message.keys().find(|k| {
                !["role", "content", "name", "function_call", "weight"].contains(&k.as_str())
            }) {
                self.problem(name, at, format!("message {n} has the unknown key `{key}`"));
                well_formed = false;
            }
            let role = message.get("role").and_then(Value::as_str).unwrap_or("");
            if !["system", "user", "assistant", "function"].contains(&role) {
                self.problem(
                    name,
                    at,
                    format!(
                        "message {n} has the role `{role}`: not system, user, assistant or function"
                    ),
                );
                well_formed = false;
            }
            assistant |= role == "assistant";
            match message.get("content") {
                Some(Value::String(c)) if !c.is_empty() => {
                    tokens += self.counter.message(role, c);
                }
                _ if message.get("function_call").is_some_and(|f| !f.is_null()) => {}
                _ => {
                    self.problem(name, at, format!("message {n} has no text content"));
                    well_formed = false;
                }
            }
            if let Some(name_field) = message.get("name").and_then(Value::as_str) {
                tokens += 1 + self.counter.count(name_field);
            }
            match message.get("weight") {
                None => {}
                Some(w) if w.as_u64().is_some_and(|w| w <= 1) => {}
                Some(w) => {
                    self.problem(name, at, format!("message {n} has weight {w}: only 0 or 1"));
                    well_formed = false;
                }
            }
        }
        if !assistant {
            self.problem(name, at, "no assistant message".into());
            well_formed = false;
        }
        well_formed.then_some(tokens)
    }

    /// An example of string fields, the last of which (the answer) must not be empty; its
    /// size in tokens if it is well formed.
    fn fields(
        &mut self,
        name: &str,
        at: u64,
        object: &Map<String, Value>,
        keys: &[&str],
    ) -> Option<usize> {
        let mut tokens = 0;
        let mut well_formed = true;
        for (i, key) in keys.iter().enumerate() {
            match object.get(*key) {
                Some(Value::String(s)) if !(s.is_empty() && i + 1 == keys.len()) => {
                    tokens += self.counter.count(s);
                }
                Some(Value::String(_)) => {
                    self.problem(name, at, format!("`{key}` is empty"));
                    well_formed = false;
                }
                Some(_) => {
                    self.problem(name, at, format!("`{key}` is not a string"));
                    well_formed = false;
                }
                None => {
                    self.problem(name, at, format!("`{key}` is missing"));
                    well_formed = false;
                }
            }
        }
        if self.format == Format::Alpaca
            && let Some(key) = object.keys().find(|k| !keys.contains(&k.as_str()))
        {
            self.problem(name, at, format!("has the unknown key `{key}`"));
            well_formed = false;
        }
        well_formed.then_some(tokens)
    }

    /// A text dataset: examples each followed by a line holding only the end-of-text marker.
    fn text_file(&mut self, name: &str) -> u64 {
        let text = match fs::read(self.dir.join(name)).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(_)) => {
                self.problem(name, 0, "not UTF-8".into());
                return 0;
            }
            Err(e) => {
                self.problem(name, 0, format!("cannot be read: {e}"));
                return 0;
            }
        };
        let mut examples = 0;
        let mut example = String::new();
        let mut starts = 1;
        let mut last = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let at = i as u64 + 1;
            last = at;
            if line.trim_end_matches('\n') == layout::END_OF_TEXT {
                if example.trim().is_empty() {
                    self.problem(name, at, "an empty example".into());
                } else {
                    let tokens = self.counter.count(example.trim_end_matches('\n'));
                    self.fits(name, starts, tokens);
                }
                examples += 1;
                example.clear();
                starts = at + 1;
            } else {
                example.push_str(line);
            }
        }
        if !example.is_empty() {
            self.problem(
                name,
                last,
                format!(
                    "the last example has no {} line after it",
                    layout::END_OF_TEXT
                ),
            );
        }
        examples
    }

    /// The Hugging Face card: front matter whose configs name every data file there is.
    fn card(&mut self) {
        let card = layout::CARD;
        let Ok(text) = fs::read_to_string(self.dir.join(card)) else {
            self.problem(
                card,
                0,
                "missing: the dataset card holds its configuration".into(),
            );
            return;
        };
        let Some(front) = text
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---\n"))
            .map(|(front, _)| front)
        else {
            self.problem(
                card,
                1,
                "no YAML front matter (between two `---` lines)".into(),
            );
            return;
        };
        for key in [
            "configs:",
            "language:",
            "task_categories:",
            "size_categories:",
        ] {
            if !front.lines().any(|l| l.starts_with(key)) {
                self.problem(card, 1, format!("the front matter has no `{key}`"));
            }
        }
        let listed: Vec<&str> = front
            .lines()
            .filter_map(|l| l.trim().strip_prefix("path: "))
            .collect();
        for path in &listed {
            if !self.dir.join(path).exists() {
                self.problem(card, 1, format!("configs name {path}, which is missing"));
            }
        }
        for name in self.report.files.keys().cloned().collect::<Vec<_>>() {
            if !listed.contains(&name.as_str()) {
                self.problem(card, 1, format!("configs do not name {name}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for (name, text) in files {
            let path = dir.path().join(name);
            if let Some(p) = path.parent() {
                let _ = fs::create_dir_all(p);
            }
            let _ = fs::write(path, text);
        }
        dir
    }

    const GOOD: &str = r#"{"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello there."}]}"#;

    #[test]
    fn a_good_openai_dataset_passes() {
        let train = format!("{}\n", [GOOD; 10].join("\n"));
        let dir = dataset(&[("train.jsonl", &train)]);
        let report = check(dir.path(), Some(Format::Openai)).unwrap_or_else(|e| panic!("{e}"));
        assert!(report.ok, "{:?}", report.problems);
        assert_eq!(report.examples, 10);
    }

    #[test]
    fn each_openai_rule_is_told_with_its_line() {
        let lines = [
            GOOD,
            "not json",
            "[1]",
            r#"{"messages":[{"role":"user","content":"Hi"}]}"#,
            r#"{"messages":[{"role":"robot","content":"Hi"},{"role":"assistant","content":"x"}]}"#,
            r#"{"messages":[{"role":"user","content":""},{"role":"assistant","content":"x"}]}"#,
            r#"{"messages":[{"role":"user","content":"a","mood":"x"},{"role":"assistant","content":"x"}]}"#,
            r#"{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"x","weight":2}]}"#,
        ];
        let dir = dataset(&[("train.jsonl", &lines.join("\n"))]);
        let report = check(dir.path(), Some(Format::Openai)).unwrap_or_else(|e| panic!("{e}"));
        let at = |line: u64| {
            report
                .problems
                .iter()
                .filter(|p| p.line == line)
                .map(|p| p.problem.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        assert!(at(1).is_empty());
        assert!(at(2).contains("not JSON"));
        assert!(at(3).contains("not a JSON object"));
        assert!(at(4).contains("no assistant message"));
        assert!(at(5).contains("`robot`"));
        assert!(at(6).contains("no text content"));
        assert!(at(7).contains("unknown key `mood`"));
        assert!(at(8).contains("weight 2"));
        assert!(at(0).contains("at least 10"), "{:?}", report.problems);
    }

    #[test]
    fn mlx_refuses_an_empty_file_and_text_needs_its_end_lines() {
        let dir = dataset(&[
            ("train.jsonl", "{\"text\":\"a b c\"}\n"),
            ("test.jsonl", ""),
        ]);
        let report = check(dir.path(), Some(Format::Mlx)).unwrap_or_else(|e| panic!("{e}"));
        let files: Vec<&str> = report.problems.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, ["test.jsonl"], "{:?}", report.problems);
        let dir = dataset(&[("valid.jsonl", "{\"text\":\"a b c\"}\n")]);
        let report = check(dir.path(), Some(Format::Mlx)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.problems[0].problem, "missing");

        let dir = dataset(&[("train.txt", "one\n<|endoftext|>\n\n<|endoftext|>\ntwo\n")]);
        let report = check(dir.path(), Some(Format::Text)).unwrap_or_else(|e| panic!("{e}"));
        let lines: Vec<u64> = report.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [4, 5], "{:?}", report.problems);
    }

    #[test]
    fn without_a_manifest_the_format_must_be_given() {
        let dir = dataset(&[("train.jsonl", GOOD)]);
        assert!(matches!(
            check(dir.path(), None),
            Err(CheckError::WhichFormat(_))
        ));
    }
}
