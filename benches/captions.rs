//! The caption cleaner's speed, on one thread:
//!
//! | what                                                               | target       |
//! |--------------------------------------------------------------------|--------------|
//! | `transcript` of a one-hour automatic (roll-up) WebVTT track        | under 50 ms  |
//! | the same for two hours (about 1 MB)                                | under 100 ms |
//!
//! The track is shaped as YouTube serves automatic captions: about 9,000 words in 1,800 cues
//! of 3 to 7 new words each, every word after a cue's first in word-timing markup
//! (`<00:00:01.020><c> word</c>`), each cue repeating the previous cue's line, each followed
//! by a 10 ms hold cue; a `[Music]` cue and a `>>` speaker change now and then. An hour of
//! this shape is 0.5 MB, so the two-hour track is the ~1 MB one.
//!
//! Run with `cargo bench --bench captions`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::disallowed_macros
)]

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use voicetrain::captions::transcript;

const HOUR_MS: u64 = 3_600_000;

/// `ms` as a WebVTT timestamp.
fn time(ms: u64) -> String {
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

/// A track of `hours` at 9,000 words an hour, and the words it says.
fn track(hours: u64) -> (String, Vec<String>) {
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % n
    };
    let vocab: Vec<String> = (0..3_000)
        .map(|_| {
            (0..2 + next(8))
                .map(|_| (b'a' + next(26) as u8) as char)
                .collect()
        })
        .collect();
    let words: Vec<String> = (0..9_000 * hours as usize)
        .map(|_| vocab[next(vocab.len() as u64) as usize].clone())
        .collect();
    let per_cue = hours * HOUR_MS / (words.len() / 5) as u64;
    let mut out = String::from("WEBVTT\nKind: captions\nLanguage: en\n\n");
    let (mut at, mut ms, mut prev, mut cue) = (0, 30, String::new(), 0);
    while at < words.len() {
        let n = (3 + next(5) as usize).min(words.len() - at);
        let end = ms + per_cue - 10;
        writeln!(
            out,
            "{} --> {} align:start position:0%",
            time(ms),
            time(end)
        )
        .unwrap();
        out.push_str(if prev.is_empty() { " " } else { &prev });
        out.push('\n');
        if cue % 97 == 96 {
            out.push_str(">> ");
        }
        let step = (per_cue - 10) / n as u64;
        for (i, w) in words[at..at + n].iter().enumerate() {
            if i == 0 {
                out.push_str(w);
            } else {
                write!(out, "<{}><c> {w}</c>", time(ms + step * i as u64)).unwrap();
            }
        }
        out.push_str("\n\n");
        prev = words[at..at + n].join(" ");
        writeln!(
            out,
            "{} --> {} align:start position:0%\n{prev}\n \n",
            time(end),
            time(end + 10)
        )
        .unwrap();
        if cue % 211 == 210 {
            writeln!(
                out,
                "{} --> {} align:start position:0%\n[Music]\n",
                time(end + 10),
                time(end + 10)
            )
            .unwrap();
        }
        ms = end + 10;
        at += n;
        cue += 1;
    }
    (out, words)
}

/// The best of five runs: the machine's noise only ever adds time.
fn best(mut run: impl FnMut()) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            run();
            t.elapsed()
        })
        .min()
        .unwrap()
}

fn main() {
    for hours in [1, 2] {
        let (vtt, words) = track(hours);
        let cues = vtt.matches(" --> ").count();
        let mut text = String::new();
        let t = best(|| text = transcript(&vtt).unwrap());
        let got = text.split_whitespace().count();
        assert_eq!(got, words.len(), "the cleaner lost or repeated words");
        // The target is for one hour; two show the time grows with the track, no faster.
        let target = Duration::from_millis(50 * hours);
        println!(
            "transcript of a {hours}-hour roll-up VTT ({:.2} MB, {cues} cues with the hold cues, {} words): {:.1} ms (target under {} ms: {})",
            vtt.len() as f64 / (1 << 20) as f64,
            words.len(),
            t.as_secs_f64() * 1e3,
            target.as_millis(),
            if t < target { "met" } else { "MISSED" }
        );
    }
}
