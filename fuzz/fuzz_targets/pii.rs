//! PII redaction, voicetrain's own code, on any text: never a panic, redacting the output
//! again finds nothing and changes nothing, the counts add up to the placeholders put in,
//! and text with no digit, `@` or `://` comes back as it was.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use voicetrain::dataset::pii::{Counts, Kind, Redactor};

static REDACTOR: LazyLock<Redactor> = LazyLock::new(Redactor::new);

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let mut counts = Counts::default();
    let once = REDACTOR.redact(&text, &mut counts);
    let mut again = Counts::default();
    assert_eq!(REDACTOR.redact(&once, &mut again), once);
    assert_eq!(again, Counts::default());
    // Every replacement left its placeholder (the input's own placeholders aside).
    for kind in Kind::ALL {
        let before = text.matches(kind.placeholder()).count() as u64;
        let after = once.matches(kind.placeholder()).count() as u64;
        assert_eq!(after, before + counts.get(kind), "{kind:?}");
    }
    if !text.contains(|c: char| c.is_ascii_digit() || c == '@') && !text.contains("://") {
        assert_eq!(once, text);
    }
});
