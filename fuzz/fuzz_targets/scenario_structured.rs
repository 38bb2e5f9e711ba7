//! Mostly valid scenarios built from the fuzzer's bytes (every step kind, nesting, asyncio,
//! processes, every GIL mode), so the engine itself is fuzzed, not just the parser.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = arbitrary::Unstructured::new(data);
    if let Ok(v) = gil_lab_fuzz::scenario(&mut u) {
        gil_lab_fuzz::check_text(&v.to_string());
    }
});
