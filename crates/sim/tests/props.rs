//! Property tests: random valid scenarios keep the invariants and are deterministic; random or
//! mutated JSON never panics.

use gil_sim::*;
use proptest::prelude::*;
mod common;
use common::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn random_valid_scenarios_keep_the_invariants(g in gen_strategy()) {
        let text = build(&g);
        let sc = Scenario::from_json(&text).unwrap_or_else(|e| panic!("generator made an invalid scenario: {e}\n{text}"));
        let tr = simulate(&sc).unwrap_or_else(|e| panic!("{e}\n{text}"));
        if let Err(e) = check_invariants(&sc, &tr) {
            panic!("{e}\n{text}");
        }
        // Every thread that started finished (done or killed as a daemon).
        for (i, spans) in tr.thread_spans.iter().enumerate() {
            if let Some(last) = spans.last() {
                let ended = tr.events.iter().any(|e| e.thread == Some(i as u32) && matches!(e.kind, EventKind::ThreadExit | EventKind::ThreadKilled));
                prop_assert!(ended, "thread {i} never ended (last state {:?})", last.state);
            }
        }
        // Deterministic: same scenario + seed => same trace.
        let again = simulate(&sc).unwrap();
        prop_assert_eq!(trace_hash(&tr), trace_hash(&again));
        // Recording the trace does not change the run.
        let quiet = simulate_untraced(&sc).unwrap();
        prop_assert_eq!(quiet.wall_ns, tr.wall_ns);
        prop_assert_eq!(quiet.end_ns, tr.end_ns);
        prop_assert_eq!(quiet.engine_events, tr.engine_events);
        prop_assert_eq!(&quiet.threads, &tr.threads);
        prop_assert!(quiet.events.is_empty() && quiet.thread_spans.iter().all(|l| l.is_empty()));
        // The trace API agrees with the spans.
        let t = tr.end_ns / 2;
        let snap = tr.snapshot_at(t);
        for (c, now) in snap.cores.iter().enumerate() {
            let now = now.expect("a core lane covers the whole run");
            let s: Vec<_> = tr.spans_in(Lane::Core(c as u32), t, t + 1).collect();
            prop_assert_eq!(s.len(), 1);
            prop_assert_eq!(s[0].state, now.state);
            prop_assert_eq!(s[0].start_ns, now.since_ns);
        }
        if let Some(e) = tr.next_event_after(t) {
            prop_assert!(e.t_ns > t);
            prop_assert!(tr.prev_event_before(e.t_ns).is_none_or(|p| p.t_ns < e.t_ns));
        }
        let _ = metrics(&tr);
    }

    #[test]
    fn random_text_never_panics(s in ".{0,200}") {
        let _ = Scenario::from_json(&s);
    }

    #[test]
    fn mutated_presets_never_panic(idx in 0usize..14, cuts in prop::collection::vec((any::<u16>(), any::<u8>(), 0u8..6), 1..4)) {
        let (_, json) = presets::FILES[idx % presets::FILES.len()];
        let mut text: Vec<u8> = json.as_bytes().to_vec();
        for (pos, byte, kind) in cuts {
            if text.is_empty() { break; }
            let p = pos as usize % text.len();
            match kind {
                0 => { text.remove(p); }
                1 => text.insert(p, byte),
                2 => text[p] = b"0123456789"[byte as usize % 10],
                3 => text[p] = b"{}[]\",:-"[byte as usize % 8],
                4 => text.splice(p..p, b"99999999999".iter().copied()).for_each(drop),
                _ => text.splice(p..p, b"0".iter().copied()).for_each(drop),
            }
        }
        let text = String::from_utf8_lossy(&text).to_string();
        if let Ok(mut sc) = Scenario::from_json(&text) {
            sc.limits.max_events = sc.limits.max_events.min(200_000);
            sc.limits.max_sim_ns = sc.limits.max_sim_ns.min(120_000_000_000);
            if let Ok(tr) = simulate(&sc) {
                prop_assert!(check_invariants(&sc, &tr).is_ok(), "{:?}", check_invariants(&sc, &tr));
            }
        }
    }
}
