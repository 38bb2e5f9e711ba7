//! Property tests: random valid scenarios keep the invariants and are deterministic; random or
//! mutated JSON never panics.

use gil_sim::*;
use proptest::prelude::*;
use serde_json::{Value, json};

#[derive(Clone, Debug)]
enum S {
    Cpu(u64),
    CRel(u64),
    Io(u64, u64),
    Sleep(u64),
    Locked(u8, u64),
    Rep(u32, Vec<S>),
}

fn leaf() -> impl Strategy<Value = S> {
    prop_oneof![
        (1u64..3_000_000).prop_map(S::Cpu),
        (1u64..2_000_000).prop_map(S::CRel),
        (1u64..2_000_000, 0u64..50_000).prop_map(|(a, b)| S::Io(a, b)),
        (1u64..2_000_000).prop_map(S::Sleep),
        (0u8..2, 1u64..500_000).prop_map(|(l, d)| S::Locked(l, d)),
    ]
}

fn step() -> impl Strategy<Value = S> {
    leaf().prop_recursive(2, 12, 4, |inner| {
        (1u32..4, prop::collection::vec(inner, 1..4)).prop_map(|(c, b)| S::Rep(c, b))
    })
}

fn to_json(s: &S, out: &mut Vec<Value>, task: bool) {
    match s {
        S::Cpu(n) => out.push(json!({"op": "cpu", "ns": n})),
        S::CRel(n) => out.push(json!({"op": "c_release", "ns": n})),
        S::Io(n, j) => out.push(if task {
            json!({"op": "await_io", "ns": n, "jitter_ns": j})
        } else {
            json!({"op": "io", "ns": n, "jitter_ns": j})
        }),
        S::Sleep(n) => out.push(if task {
            json!({"op": "await_sleep", "ns": n})
        } else {
            json!({"op": "sleep", "ns": n})
        }),
        S::Locked(l, d) => {
            if task {
                out.push(json!({"op": "cpu", "ns": d}));
            } else {
                out.push(json!({"op": "acquire", "lock": format!("L{l}")}));
                out.push(json!({"op": "cpu", "ns": d}));
                out.push(json!({"op": "release", "lock": format!("L{l}")}));
            }
        }
        S::Rep(c, b) => {
            let mut body = vec![];
            for x in b {
                to_json(x, &mut body, task);
            }
            out.push(json!({"op": "repeat", "count": c, "body": body}));
        }
    }
}

fn prog(v: &[S], task: bool) -> Vec<Value> {
    let mut out = vec![];
    for s in v {
        to_json(s, &mut out, task);
    }
    out
}

#[derive(Clone, Debug)]
struct Gen {
    cores: u32,
    gil: u8,
    interval: u64,
    seed: u64,
    wake_fifo: bool,
    // processes -> threads -> (daemon, program); thread 0 is main
    procs: Vec<Vec<(bool, Vec<S>)>>,
    joins: Vec<bool>,
    asyncio: Option<Vec<Vec<S>>>,
}

fn gen_strategy() -> impl Strategy<Value = Gen> {
    let thread = (any::<bool>(), prop::collection::vec(step(), 1..5));
    let proc_ = prop::collection::vec(thread, 1..4);
    (
        1u32..5,
        0u8..4,
        prop_oneof![
            Just(1_000u64),
            Just(50_000),
            Just(1_000_000),
            Just(5_000_000)
        ],
        any::<u64>(),
        any::<bool>(),
        prop::collection::vec(proc_, 1..4),
        prop::collection::vec(any::<bool>(), 4),
        prop::option::of(prop::collection::vec(
            prop::collection::vec(step(), 1..4),
            1..4,
        )),
    )
        .prop_map(
            |(cores, gil, interval, seed, wake_fifo, procs, joins, asyncio)| Gen {
                cores,
                gil,
                interval,
                seed,
                wake_fifo,
                procs,
                joins,
                asyncio,
            },
        )
}

fn build(g: &Gen) -> String {
    let gil = ["new", "old", "free_threaded", "per_interpreter"][g.gil as usize];
    let mut processes = vec![];
    for (pi, p) in g.procs.iter().enumerate() {
        let mut threads = vec![];
        let mut main_prog = vec![];
        if pi == 0 {
            for pj in 1..g.procs.len() {
                main_prog.push(json!({"op": "start_process", "process": format!("p{pj}")}));
            }
        }
        for ti in 1..p.len() {
            main_prog.push(json!({"op": "start_thread", "thread": format!("t{ti}")}));
        }
        main_prog.extend(prog(&p[0].1, false));
        if pi == 0
            && let Some(tasks) = &g.asyncio
        {
            let tasks: Vec<Value> = tasks
                .iter()
                .enumerate()
                .map(|(k, t)| json!({"name": format!("task{k}"), "program": prog(t, true)}))
                .collect();
            main_prog.push(json!({"op": "asyncio", "tasks": tasks}));
        }
        for ti in 1..p.len() {
            if g.joins[ti % 4] {
                main_prog.push(json!({"op": "join_thread", "thread": format!("t{ti}")}));
            }
        }
        if pi == 0 {
            for pj in 1..g.procs.len() {
                if g.joins[pj % 4] {
                    main_prog.push(json!({"op": "join_process", "process": format!("p{pj}")}));
                }
            }
        }
        threads.push(json!({"name": "MainThread", "program": main_prog}));
        for (ti, (daemon, program)) in p.iter().enumerate().skip(1) {
            threads.push(json!({"name": format!("t{ti}"), "daemon": daemon, "interpreter": ti % 2, "program": prog(program, false)}));
        }
        processes.push(json!({"name": format!("p{pi}"), "interpreters": 2, "start_method": (["fork", "forkserver", "spawn"][pi % 3]), "threads": threads}));
    }
    json!({
        "version": 1, "seed": g.seed, "machine": {"cores": g.cores},
        "os": {"wake": if g.wake_fifo { "fifo" } else { "random" }},
        "runtime": {"gil": gil, "switch_interval_ns": g.interval},
        "limits": {"max_events": 3_000_000},
        "processes": processes
    })
    .to_string()
}

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
