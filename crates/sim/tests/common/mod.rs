//! The random valid scenarios the property tests share (tests/props.rs, tests/python.rs): a
//! generator of processes, threads (daemon or not, in one of two interpreters), nested repeats,
//! locks, I/O with jitter, sleeps and an asyncio loop, on 1-4 cores and every GIL mode.

#![allow(dead_code)]

use proptest::prelude::*;
use serde_json::{Value, json};

#[derive(Clone, Debug)]
pub enum S {
    Cpu(u64),
    CRel(u64),
    Io(u64, u64),
    Sleep(u64),
    Locked(u8, u64),
    Rep(u32, Vec<S>),
}

pub fn leaf() -> impl Strategy<Value = S> {
    prop_oneof![
        (1u64..3_000_000).prop_map(S::Cpu),
        (1u64..2_000_000).prop_map(S::CRel),
        (1u64..2_000_000, 0u64..50_000).prop_map(|(a, b)| S::Io(a, b)),
        (1u64..2_000_000).prop_map(S::Sleep),
        (0u8..2, 1u64..500_000).prop_map(|(l, d)| S::Locked(l, d)),
    ]
}

pub fn step() -> impl Strategy<Value = S> {
    leaf().prop_recursive(2, 12, 4, |inner| {
        (1u32..4, prop::collection::vec(inner, 1..4)).prop_map(|(c, b)| S::Rep(c, b))
    })
}

pub fn to_json(s: &S, out: &mut Vec<Value>, task: bool) {
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

pub fn prog(v: &[S], task: bool) -> Vec<Value> {
    let mut out = vec![];
    for s in v {
        to_json(s, &mut out, task);
    }
    out
}

#[derive(Clone, Debug)]
pub struct Gen {
    pub cores: u32,
    pub gil: u8,
    pub interval: u64,
    pub seed: u64,
    pub wake_fifo: bool,
    // processes -> threads -> (daemon, program); thread 0 is main
    pub procs: Vec<Vec<(bool, Vec<S>)>>,
    pub joins: Vec<bool>,
    pub asyncio: Option<Vec<Vec<S>>>,
}

pub fn gen_strategy() -> impl Strategy<Value = Gen> {
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

pub fn build(g: &Gen) -> String {
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
    // One scenario in three has a machine profile's mechanics: cores slower when several run
    // at once, and a cost for a thread moving to another core.
    let profiled = g.seed.is_multiple_of(3);
    let eff: Vec<u32> = if profiled {
        vec![1000, 930, 850]
    } else {
        vec![]
    };
    json!({
        "version": 1, "seed": g.seed,
        "machine": {"cores": g.cores, "parallel_efficiency_permille": eff},
        "os": {"wake": if g.wake_fifo { "fifo" } else { "random" },
               // One in nine: a move dearer than a time slice (the engine caps it at half).
               "migration_ns": if !profiled { 0 } else if g.seed.is_multiple_of(9) { 10_000_000 } else { 20_000 }},
        "runtime": {"gil": gil, "switch_interval_ns": g.interval},
        "limits": {"max_events": 3_000_000},
        "processes": processes
    })
    .to_string()
}
