//! `cargo fuzz run markdown`: see `tidings::fuzzing::markdown`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tidings::fuzzing::markdown(data));
