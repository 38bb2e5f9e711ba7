//! Any bytes as a machine profile: reading with its checks, then what the app and the CLI do
//! with one (the fit, a lesson run on it). The seed corpus holds the shipped profile and a
//! quick run of the calibration script.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        gil_lab_fuzz::check_profile(text);
    }
});
