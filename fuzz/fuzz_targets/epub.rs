//! The EPUB extractor (zip, quick-xml, then html2text) on any bytes, as the product runs
//! it: a panic in a third-party parser is that file's failure, so only an abort (a failed
//! allocation, a stack overflow) or a hang is found here; the product survives those too, by
//! running this extractor in a child process (src/extract/isolate.rs).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: common::crash_only_on_uncontained_panics(),
    |bytes: &[u8]| common::check(voicetrain::extract::Kind::Epub, bytes)
);
