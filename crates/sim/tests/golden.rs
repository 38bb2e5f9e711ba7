//! Golden trace hashes of every preset (crates/sim/golden/presets.json, a flat JSON object
//! {"preset-name": "sha256 hex"}). `GIL_SIM_BLESS=1 cargo test -p gil-sim --test golden`
//! rewrites the file. The wasm-bindgen test compares wasm-built hashes with the same file.

use std::collections::BTreeMap;

use gil_sim::{check_invariants, presets, simulate, trace_hash};

const GOLDEN: &str = include_str!("../golden/presets.json");

fn current() -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for (name, json) in presets::FILES {
        let p = presets::parse(name, json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.scenario.name, *name, "file name and scenario name differ");
        assert!(
            !p.lesson().is_empty() && !p.question().is_empty(),
            "{name}: lesson and question required"
        );
        assert!(!p.lesson().contains('\n'), "{name}: the lesson is one line");
        let tr = simulate(&p.scenario).unwrap_or_else(|e| panic!("{name}: {e}"));
        check_invariants(&p.scenario, &tr).unwrap_or_else(|e| panic!("{name}: {e}"));
        m.insert(name.to_string(), trace_hash(&tr));
    }
    m
}

#[test]
fn preset_trace_hashes_match_golden() {
    let now = current();
    if std::env::var("GIL_SIM_BLESS").is_ok_and(|v| v == "1") {
        let text = serde_json::to_string_pretty(&now).unwrap() + "\n";
        std::fs::write(
            concat!(env!("CARGO_MANIFEST_DIR"), "/golden/presets.json"),
            text,
        )
        .unwrap();
        return;
    }
    let golden: BTreeMap<String, String> =
        serde_json::from_str(GOLDEN).expect("golden/presets.json is a flat object");
    assert_eq!(
        golden.keys().collect::<Vec<_>>(),
        now.keys().collect::<Vec<_>>(),
        "preset set changed: re-bless"
    );
    for (k, v) in &now {
        assert_eq!(
            &golden[k], v,
            "trace of preset {k} changed (GIL_SIM_BLESS=1 to accept)"
        );
    }
}

#[test]
fn presets_are_deterministic_and_seed_matters_only_where_allowed() {
    for p in presets::all() {
        let a = trace_hash(&simulate(&p.scenario).unwrap());
        let b = trace_hash(&simulate(&p.scenario).unwrap());
        assert_eq!(a, b, "{}: two runs differ", p.name);
    }
    assert_eq!(presets::all().len(), presets::FILES.len());
    assert!(presets::get(presets::DEFAULT).is_some());
}

#[test]
fn presets_round_trip_through_to_json() {
    for p in presets::all() {
        let text = p.scenario.to_json();
        let back =
            gil_sim::Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert_eq!(back, p.scenario, "{}", p.name);
    }
}

#[test]
fn the_seed_only_matters_through_its_allowed_choices() {
    // With no switch jitter, FIFO wake-ups and no I/O jitter, nothing random is left: the seed
    // must not change the trace. With them, it does.
    for name in ["cpu-threads", "io-threads", "convoy", "per-interpreter"] {
        let mut sc = presets::get(name).unwrap().scenario;
        sc.os.switch_jitter_ns = 0;
        sc.os.wake = gil_sim::WakePolicy::Fifo;
        for p in sc.processes.iter_mut() {
            for t in p.threads.iter_mut() {
                strip_jitter(&mut t.program);
            }
        }
        let hashes: Vec<String> = [1u64, 2, 99]
            .iter()
            .map(|&s| {
                sc.seed = s;
                trace_hash(&simulate(&sc).unwrap())
            })
            .collect();
        assert!(
            hashes.windows(2).all(|w| w[0] == w[1]),
            "{name}: the seed leaked into a fixed run"
        );
        let mut random = presets::get(name).unwrap().scenario;
        let a = trace_hash(&simulate(&random).unwrap());
        random.seed += 1;
        let b = trace_hash(&simulate(&random).unwrap());
        assert_ne!(a, b, "{name}: the seed has no effect on the random choices");
    }
}

fn strip_jitter(steps: &mut [gil_sim::Step]) {
    for s in steps {
        match s {
            gil_sim::Step::Io { jitter_ns, .. } | gil_sim::Step::AwaitIo { jitter_ns, .. } => {
                *jitter_ns = 0
            }
            gil_sim::Step::Repeat { body, .. } => strip_jitter(body),
            gil_sim::Step::Asyncio { tasks } => {
                tasks.iter_mut().for_each(|t| strip_jitter(&mut t.program))
            }
            _ => {}
        }
    }
}
