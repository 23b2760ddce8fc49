//! The pdf extractor on any bytes, as the product runs it: a panic in the third-party parser
//! is caught (extract::contained) and is that file's failure, so only an abort (a failed
//! allocation, a stack overflow) is a crash here; the product survives those too, by running
//! this parser in a child process (src/extract/isolate.rs). Any text is in the normal form.
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
        if let Ok(text) = contained(|| extract(Kind::Pdf, bytes)) {
            assert_eq!(normalize(&text), text);
        }
    }
);
