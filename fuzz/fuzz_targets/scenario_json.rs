//! Any bytes as a scenario file: parsing, validation and the run (the seed corpus holds every
//! preset, so libFuzzer's mutations also give mutated presets).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        gil_lab_fuzz::check_text(text);
    }
});
