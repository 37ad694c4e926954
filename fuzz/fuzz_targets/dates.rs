//! `cargo fuzz run dates`: see `tidings::fuzzing::dates`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tidings::fuzzing::dates(data));
