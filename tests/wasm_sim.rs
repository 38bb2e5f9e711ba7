//! wasm-bindgen-test: the model built for wasm32 gives byte-identical traces to the native
//! build. Every preset's trace hash must equal the golden hash recorded natively in
//! `crates/sim/golden/presets.json` (checked natively by `crates/sim/tests/golden.rs`).
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const GOLDEN: &str = include_str!("../crates/sim/golden/presets.json");

#[wasm_bindgen_test]
fn every_preset_trace_matches_the_native_golden_hash() {
    let golden: BTreeMap<String, String> =
        serde_json::from_str(GOLDEN).expect("golden file parses");
    let presets = gil_sim::presets::all();
    assert_eq!(
        presets.len(),
        gil_sim::presets::names().len(),
        "every preset file parses on wasm32"
    );
    assert_eq!(presets.len(), golden.len(), "one golden hash per preset");
    let mut mismatches = Vec::new();
    for p in &presets {
        let trace = gil_sim::simulate(&p.scenario).expect("preset simulates");
        let hash = gil_sim::trace_hash(&trace);
        match golden.get(p.name) {
            Some(want) if *want == hash => {}
            Some(want) => mismatches.push(format!("{}: wasm {hash} != native {want}", p.name)),
            None => mismatches.push(format!("{}: no golden hash", p.name)),
        }
    }
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}
