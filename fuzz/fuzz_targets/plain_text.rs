//! `cargo fuzz run plain_text`: see `tidings::fuzzing::plain_text`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tidings::fuzzing::plain_text(data));
