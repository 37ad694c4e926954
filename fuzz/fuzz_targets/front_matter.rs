//! `cargo fuzz run front_matter`: see `tidings::fuzzing::front_matter`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tidings::fuzzing::front_matter(data));
