//! What every extractor target does: as the product runs an extractor (a panic in it is that
//! file's failure, caught by extract::contained), and any text it gives must be in the one
//! normal form.

use voicetrain::extract::{Kind, contained, extract, in_contained, normalize};

/// libFuzzer's panic hook turns every panic into a crash; one inside `contained` is not.
pub fn crash_only_on_uncontained_panics() {
    let crash = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !in_contained() {
            crash(info);
        }
    }));
}

// The mail target uses only the hook above.
#[allow(dead_code)]
pub fn check(kind: Kind, bytes: &[u8]) {
    if let Ok(text) = contained(|| extract(kind, bytes)) {
        assert_eq!(normalize(&text), text);
    }
}
