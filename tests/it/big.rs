//! A text file far larger than any one line of it (issue 12, item 18): ingest streams it, so
//! its memory is bounded by a few times the longest line, not by the file; the stored text is
//! exactly the normal form the whole-file path makes, searchable to its last line; and the
//! summary says when one file took most of the run.

use std::io::Write as _;
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;

use crate::util::Env;

/// A file of `lines` numbered lines with CRLF line ends and white space at its end: what the
/// normal form changes is all there.
fn write_big(env: &Env, rel: &str, lines: usize) -> (std::path::PathBuf, String) {
    let path = env.path(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut expected = String::new();
    for i in 0..lines {
        let line = format!(
            "line {i} of a long journal, caf\u{e9} and cr\u{e8}me, word{}",
            i % 977
        );
        write!(file, "{line}\r\n").unwrap();
        expected.push_str(&line);
        expected.push('\n');
    }
    file.write_all(b"the last words: heronry\r\n   \r\n\r\n")
        .unwrap();
    expected.push_str("the last words: heronry\n");
    file.flush().unwrap();
    (path, expected)
}

/// Runs `ingest ARGS` to its end; returns its peak resident memory in bytes (polled from
/// /proc while it runs), its exit code and its stderr.
fn ingest_watched(env: &Env, args: &[&str]) -> (u64, i32, String) {
    let mut child = env
        .std_cmd()
        .arg("ingest")
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status)
            && let Some(kb) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak = peak.max(kb * 1024);
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let out = child.wait_with_output().unwrap();
    (
        peak,
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_text_file_many_times_its_longest_line_is_streamed_in_bounded_memory_and_stored_whole() {
    // About 18 MB (above the size from which text files are streamed), and three times that:
    // held whole, the larger alone (its bytes, its text, the text again as it was stored)
    // would take over 100 MB more.
    let env = Env::new();
    let (path, expected) = write_big(&env, "big/journal.txt", 330_000);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > 16 << 20, "{size}");
    let (peak, code, stderr) = ingest_watched(&env, &["big", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let larger = Env::new();
    write_big(&larger, "big/journal.txt", 990_000);
    let (larger_peak, code, stderr) = ingest_watched(&larger, &["big"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        larger_peak < peak + (16 << 20),
        "peak memory {larger_peak} for a file three times the size of one that took {peak}"
    );

    let out = env
        .cmd()
        .args(["samples", "list", "--json"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let journal = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == "journal")
        .expect("the journal is a sample");
    let id = journal["id"].as_str().unwrap();
    assert_eq!(journal["words"], expected.split_whitespace().count());
    assert_eq!(journal["chars"], expected.chars().count());
    let text = env.text(id);
    assert!(
        text == expected,
        "the stored text is the file's normal form, whole"
    );

    // Searchable to its end, and by its title.
    for query in ["heronry", "journal"] {
        let out = env
            .cmd()
            .args(["samples", "search", query, "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{query}");
        let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(hits.as_array().unwrap().len(), 1, "{query}: {hits:#}");
        assert_eq!(hits[0]["id"], id);
    }
    let out = env
        .cmd()
        .args(["samples", "export", "--format", "jsonl"])
        .output()
        .unwrap();
    let exported: Vec<Value> = crate::util::json_lines(&out.stdout);
    let big = exported.iter().find(|e| e["id"] == id).unwrap();
    assert!(big["text"].as_str() == Some(expected.as_str()));

    // Again, unchanged: known by its size and time, not read.
    let (code, reports) = env.ingest(&["big"]);
    assert_eq!(code, 0);
    assert_eq!(reports[0].status, "unchanged");
}

#[test]
fn the_summary_names_a_file_that_took_most_of_the_run() {
    let env = Env::new();
    write_big(&env, "notes/journal.txt", 440_000);
    for i in 0..3 {
        env.write(&format!("notes/small{i}.txt"), format!("Small note {i}.\n"));
    }
    let out = env.cmd().args(["ingest", "notes"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let summary = stderr.lines().last().unwrap();
    assert!(summary.starts_with("4 ingested"), "{summary}");
    assert!(
        summary.contains("journal.txt took") && summary.contains(" MiB)"),
        "{summary}"
    );

    // A run of files alike names none.
    let env = Env::new();
    for i in 0..3 {
        env.write(&format!("notes/small{i}.txt"), format!("Small note {i}.\n"));
    }
    let out = env.cmd().args(["ingest", "notes"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains(" took "), "{stderr}");
}

#[test]
fn a_text_of_many_parts_read_whole_is_stored_searched_and_shown_whole() {
    let env = Env::new();
    // Under the streaming size, over a part's: stored in several parts.
    let mut text = String::new();
    for i in 0..60_000 {
        text.push_str(&format!(
            "entry {i}: the tide came in at d\u{e9}j\u{e0} vu o'clock\n"
        ));
    }
    text.push_str(&"x".repeat(200_000));
    text.push_str("\nfinal kingfisher\n");
    env.write("notes/log.txt", &text);
    let (code, reports) = env.ingest(&["notes"]);
    assert_eq!(code, 0);
    let id = reports[0].sample_id.clone().unwrap();
    assert!(env.text(&id) == text, "shown whole, in order");
    for query in ["kingfisher", "log", "tide"] {
        let out = env
            .cmd()
            .args(["samples", "search", query, "--json"])
            .output()
            .unwrap();
        let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            hits.as_array().unwrap().len(),
            1,
            "{query}: one hit a sample"
        );
        assert_eq!(hits[0]["id"], id.as_str());
    }
    let conn = rusqlite::Connection::open(env.store_file()).unwrap();
    let parts: i64 = conn
        .query_row("SELECT count(*) FROM sample_parts", [], |r| r.get(0))
        .unwrap();
    assert!(parts > 3, "{parts} parts");
}
