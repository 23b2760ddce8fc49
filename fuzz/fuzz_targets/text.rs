//! The text extractor, voicetrain's own code, on any bytes: never a panic, and any text it
//! gives is in the one normal form.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voicetrain::extract::{Kind, contained, extract, in_contained, normalize};

fuzz_target!(
    init: {
        // libFuzzer's hook turns every panic into a crash; a contained one is not.
        let crash = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !in_contained() {
                crash(info);
            }
        }));
    },
    |bytes: &[u8]| {
        if let Ok(text) = contained(|| extract(Kind::Text, bytes)) {
            assert_eq!(normalize(&text), text);
        }
    }
);
