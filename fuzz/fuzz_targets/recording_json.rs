//! Any bytes as a recording of a real run (`--record run.json`): reading with its checks, then
//! what the app and the CLI do with one (the trace, the check against the model, the program
//! check). The seed corpus holds real recordings made with the helper module.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        gil_lab_fuzz::check_recording(text);
    }
});
