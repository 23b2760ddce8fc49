//! The address parser on any text: never a panic, and the ID of an address it accepts is one
//! it accepts on its own, as a bare ID, naming the same file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voicetrain::google::address;

fuzz_target!(|text: &str| {
    if let Ok(found) = address::parse(text) {
        assert!(address::parse(&found.id).is_ok_and(|again| again.id == found.id));
    }
});
