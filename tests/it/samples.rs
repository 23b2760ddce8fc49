//! `voicetrain samples`: list, show, search, export, rm, stats.

use std::io::Read as _;
use std::process::Stdio;

use crate::util::{Env, Exported, Sample, json_lines, stderr_of};

fn three(env: &Env) -> Vec<Sample> {
    env.write(
        "w/a.txt",
        "The heron stands in the shallows, patient as stone.",
    );
    env.write(
        "w/b.md",
        "# Herons\n\nA grey heron lifts off over the river.",
    );
    env.write(
        "w/c.txt",
        "Nothing about birds, only \"quotes\", commas, and a newline\r\nhere.",
    );
    let (code, _) = env.ingest(&["w", "--tag", "nature"]);
    assert_eq!(code, 0);
    env.samples()
}

#[test]
fn list_shows_every_sample_and_limit_keeps_the_newest() {
    let env = Env::new();
    let samples = three(&env);
    assert_eq!(samples.len(), 3);
    assert!(
        samples
            .iter()
            .all(|s| s.source_type == "local" && s.tags == ["nature"])
    );
    assert!(
        samples
            .iter()
            .all(|s| s.sha256.len() == 64 && s.account.is_none())
    );

    let out = env
        .cmd()
        .args(["samples", "list", "--json", "--limit", "2"])
        .output()
        .unwrap();
    let newest: Vec<Sample> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(newest.len(), 2);
    assert_eq!(newest[1].id, samples[2].id);

    let out = env.cmd().args(["samples", "list"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 3, "no header when piped: {text}");
    assert!(text.contains(&samples[0].id));

    let out = env
        .cmd()
        .args(["samples", "list", "--json", "--source", "drive"])
        .output()
        .unwrap();
    let none: Vec<Sample> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(none.is_empty());
}

#[test]
fn show_by_unique_prefix_and_refuse_unknown_or_ambiguous() {
    let env = Env::new();
    let samples = three(&env);
    let id = &samples[1].id;
    let out = env
        .cmd()
        .args(["samples", "show", &id[..6]])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&format!("id        {id}")));
    assert!(
        text.ends_with("A grey heron lifts off over the river.\n"),
        "{text}"
    );

    let out = env
        .cmd()
        .args(["samples", "show", "zzzz"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("no sample has an ID starting with `zzzz`"));

    // 17 samples cannot all start with different hex digits.
    for i in 0..14 {
        env.write(&format!("more/{i}.txt"), format!("sample number {i}"));
    }
    env.ingest(&["more"]);
    let all = env.samples();
    let shared = all
        .iter()
        .find(|a| all.iter().filter(|b| b.id[..1] == a.id[..1]).count() > 1)
        .unwrap();
    let out = env
        .cmd()
        .args(["samples", "show", &shared.id[..1]])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr_of(&out).contains("names more than one sample"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn search_ranks_and_survives_fts_syntax() {
    let env = Env::new();
    let samples = three(&env);
    let out = env
        .cmd()
        .args(["samples", "search", "heron", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let hits: Vec<Sample> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits.len(), 2);
    // The title match ranks first.
    assert_eq!(
        hits[0].id,
        samples.iter().find(|s| s.title == "b").unwrap().id
    );

    // Quotes and a stray operator are not an error.
    let out = env
        .cmd()
        .args(["samples", "search", "\"quotes", "AND"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("quotes"));
}

#[test]
fn export_jsonl_csv_and_txt() {
    let env = Env::new();
    let samples = three(&env);
    let out = env.cmd().args(["samples", "export"]).output().unwrap();
    assert!(out.status.success());
    let lines: Vec<Exported> = json_lines(&out.stdout);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0].id, samples[0].id);
    assert_eq!(
        lines[2].text,
        "Nothing about birds, only \"quotes\", commas, and a newline\nhere.\n"
    );
    assert!(
        lines
            .iter()
            .all(|l| l.tags == ["nature"] && l.mime_type.starts_with("text/"))
    );

    let out = env
        .cmd()
        .args(["samples", "export", "--format", "csv"])
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.get(0), Some("id"));
    assert_eq!(headers.get(7), Some("text"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2].get(7), Some(lines[2].text.as_str()));

    let out = env
        .cmd()
        .args(["samples", "export", "--format", "txt"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let expected: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    // A line holding only a form feed between two samples.
    assert_eq!(text, expected.join("\x0c\n"));
}

#[test]
fn export_to_a_file_replaces_it_whole() {
    let env = Env::new();
    three(&env);
    let target = env.write("out/corpus.jsonl", "old contents\n");
    let out = env
        .cmd()
        .args(["samples", "export", "--output"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let lines: Vec<Exported> = json_lines(&std::fs::read(&target).unwrap());
    assert_eq!(lines.len(), 3);
    assert!(stderr_of(&out).contains("exported 3 samples"));
    // Only the export is left in the directory: no temporary file.
    assert_eq!(std::fs::read_dir(env.path("out")).unwrap().count(), 1);
}

#[test]
fn rm_asks_unless_yes_and_refuses_without_a_terminal() {
    let env = Env::new();
    let samples = three(&env);
    let out = env
        .cmd()
        .args(["samples", "rm", &samples[0].id])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("--yes"), "{}", stderr_of(&out));
    assert_eq!(env.samples().len(), 3);

    let out = env
        .cmd()
        .args([
            "samples",
            "rm",
            "--yes",
            &samples[0].id,
            &samples[1].id[..8],
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let left = env.samples();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, samples[2].id);
    let out = env
        .cmd()
        .args(["samples", "search", "heron", "--json"])
        .output()
        .unwrap();
    let hits: Vec<Sample> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(hits.is_empty(), "removed samples leave the index too");

    // A removed sample's file comes back as new on the next ingest.
    let (_, again) = env.ingest(&["w"]);
    assert_eq!(again.iter().filter(|r| r.status == "ingested").count(), 2);
}

#[test]
fn stats_count_words_by_source_and_type() {
    #[derive(serde::Deserialize)]
    struct Group {
        name: String,
        samples: u64,
        words: u64,
    }
    #[derive(serde::Deserialize)]
    struct Stats {
        samples: u64,
        words: u64,
        by_source: Vec<Group>,
        by_type: Vec<Group>,
        by_account: Vec<Group>,
    }
    let env = Env::new();
    let samples = three(&env);
    let out = env
        .cmd()
        .args(["samples", "stats", "--json"])
        .output()
        .unwrap();
    let stats: Stats = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats.samples, 3);
    assert_eq!(stats.words, samples.iter().map(|s| s.words).sum::<u64>());
    assert_eq!(stats.by_source[0].name, "local");
    assert_eq!(stats.by_source[0].samples, 3);
    let md = stats
        .by_type
        .iter()
        .find(|g| g.name == "text/markdown")
        .unwrap();
    assert_eq!((md.samples, md.words), (1, 10));
    assert_eq!(stats.by_account[0].name, "");
}

#[test]
fn closed_pipe_ends_quietly() {
    let env = Env::new();
    for i in 0..300 {
        env.write(
            &format!("many/{i}.txt"),
            format!("text number {i} {}", "word ".repeat(50)),
        );
    }
    env.ingest(&["many"]);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("voicetrain"))
        .env("VOICETRAIN_HOME", env.home())
        .env("VOICETRAIN_NO_KEYRING", "1")
        .args(["samples", "export"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is closed now.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", stderr_of(&out));
}

#[test]
fn search_highlight_with_color_always_is_the_escape_the_word_and_the_reset() {
    let env = Env::new();
    three(&env);
    let out = env
        .cmd()
        .args(["samples", "search", "stands", "--color", "always"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("heron \x1b[1mstands\x1b[0m in"),
        "the match in bold, the escape intact: {text:?}"
    );
    assert!(!text.contains(" [1m"), "{text:?}");

    // Without colour, no mark at all; in JSON, the snippet is the text's own words.
    let out = env
        .cmd()
        .args(["samples", "search", "stands", "--color", "never"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("heron stands in"), "{text:?}");
    let out = env
        .cmd()
        .args(["samples", "search", "stands", "--json", "--color", "always"])
        .output()
        .unwrap();
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let snippet = hits[0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("heron stands in"), "{snippet:?}");
    assert!(!snippet.contains(['\x1b', '\u{feff}', '\r']), "{snippet:?}");
}

#[test]
fn search_with_no_hit_exits_1_as_grep_does_and_json_still_prints_an_empty_array() {
    let env = Env::new();
    three(&env);
    let out = env
        .cmd()
        .args(["samples", "search", "pelican"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(out.stdout.is_empty());
    assert!(stderr_of(&out).contains("no sample matches `pelican`"));

    let out = env
        .cmd()
        .args(["samples", "search", "pelican", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let hits: Vec<Sample> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(hits.is_empty());

    let out = env
        .cmd()
        .args(["samples", "search", "--help"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Exits 1 when no sample matches"));
}

#[test]
fn one_sample_is_1_sample_not_1_samples() {
    let env = Env::new();
    env.write("w/a.txt", "A single heron.");
    env.ingest(&["w"]);
    let id = env.samples()[0].id.clone();

    let out = env.cmd().args(["samples", "stats"]).output().unwrap();
    let stats = String::from_utf8(out.stdout).unwrap();
    assert!(
        stats.starts_with("1 sample, 3 words, 16 characters\n"),
        "{stats}"
    );

    let out = env
        .cmd()
        .args(["samples", "export", "-o", "one.jsonl"])
        .output()
        .unwrap();
    assert!(
        stderr_of(&out).contains("exported 1 sample to one.jsonl"),
        "{}",
        stderr_of(&out)
    );

    let out = env
        .cmd()
        .args(["samples", "rm", "--yes", &id])
        .output()
        .unwrap();
    assert!(
        stderr_of(&out).contains("removed 1 sample\n"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn stats_columns_hold_a_long_mime_type_and_counts_have_thousands_separators() {
    let env = Env::new();
    env.write("w/long.txt", "word ".repeat(1234));
    env.write("w/short.md", "A few words here.");
    env.ingest(&["w"]);
    let conn = rusqlite::Connection::open(env.store_file()).unwrap();
    let long_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    conn.execute(
        "UPDATE samples SET mime_type = ?1 WHERE words = 1234",
        [long_type],
    )
    .unwrap();

    let out = env.cmd().args(["samples", "stats"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let stats = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stats.lines().collect();
    assert_eq!(
        lines[0], "2 samples, 1,238 words, 6,188 characters",
        "{stats}"
    );
    let row = lines
        .iter()
        .find(|l| l.contains(long_type))
        .unwrap_or_else(|| panic!("{stats}"));
    assert!(row.ends_with("  1  1,234"), "{row:?}");
    // Every header and row of every section is as wide as the others: the columns line up.
    let table: Vec<&&str> = lines[1..].iter().filter(|l| !l.is_empty()).collect();
    let width = table[0].chars().count();
    assert!(
        table.iter().all(|l| l.chars().count() == width),
        "ragged columns:\n{stats}"
    );
    for l in &table {
        assert!(
            l.contains(" samples  words") || l.starts_with("  "),
            "{l:?}"
        );
    }
}

#[test]
fn control_characters_in_sample_metadata_are_escaped_in_every_samples_output() {
    let env = Env::new();
    env.write("w/esc\x1b[31mred.txt", "A heron in red ink.");
    env.ingest(&["w"]);
    let conn = rusqlite::Connection::open(env.store_file()).unwrap();
    // Drive metadata is anyone's to set: a hostile type, account and tag.
    conn.execute(
        "UPDATE samples SET mime_type = 'text/plain\x1b[2J', account = 'a\x1b]0;pwned\x07@example.com',
             tags = '[\"t\\u001b[5m\"]'",
        [],
    )
    .unwrap();
    let id = env.samples()[0].id.clone();
    for args in [
        &["samples", "list"][..],
        &["samples", "show", &id],
        &["samples", "search", "heron"],
        &["samples", "stats"],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains(['\x1b', '\x07']),
            "{args:?} printed a control character raw: {text:?}"
        );
    }
    let out = env.cmd().args(["samples", "show", &id]).output().unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    for escaped in [
        "esc\\x1b[31mred",
        "text/plain\\x1b[2J",
        "a\\x1b]0;pwned\\x07@example.com",
        "t\\x1b[5m",
    ] {
        assert!(shown.contains(escaped), "{escaped} in {shown}");
    }
}
