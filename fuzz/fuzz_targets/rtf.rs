//! The RTF tokenizer, voicetrain's own code, on any bytes: never a panic, and any text it
//! gives is in the one normal form.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: common::crash_only_on_uncontained_panics(),
    |bytes: &[u8]| common::check(voicetrain::extract::Kind::Rtf, bytes)
);
