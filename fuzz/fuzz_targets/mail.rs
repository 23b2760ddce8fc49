//! The mail reader, voicetrain's own code around mail-parser and html2text, on any bytes:
//! never a panic (one in the HTML parser is contained, as the product contains it), and the
//! writer's words it keeps from a text are lines of that text, never anything else.
#![no_main]

mod common;

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use voicetrain::mail::{Body, Signature, clean, parse};

/// Every line of `own` that is not blank is a line of `text` (trailing white space aside).
fn lines_of(own: &str, text: &str) -> bool {
    let lines: HashSet<&str> = text.split('\n').map(str::trim_end).collect();
    own.lines().all(|l| l.is_empty() || lines.contains(l))
}

fuzz_target!(
    init: common::crash_only_on_uncontained_panics(),
    |bytes: &[u8]| {
        if let Ok(message) = parse(bytes)
            && let Ok(words) = message.words(&Signature::default())
            && let Body::Text(text) = &message.body
        {
            assert!(lines_of(&words.own, text));
        }
        // The cleaner alone, on the bytes as text (a body without its message).
        let text = String::from_utf8_lossy(bytes);
        assert!(lines_of(&clean(&text, &Signature::default()).own, &text));
        let learned = Signature::learn(&[&text, &text, &text]);
        assert!(lines_of(&clean(&text, &learned).own, &text));
        assert_eq!(Signature::from_lines(learned.to_lines()), learned);
    }
);
