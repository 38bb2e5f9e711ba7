//! Criterion bench: the slowest and most memory-hungry valid inputs within the caps, so that
//! "no input can hang the tab" is measured, not assumed. Each case is built at two sizes, so
//! the ratio of their times shows whether the work grows linearly with the input.
//!
//! - `locks/N`: one thread that takes and releases N distinct locks (names resolve by map);
//! - `joins/N`: 4,096 threads, the main thread joins them N times over;
//! - `asyncio_tasks`: an event loop of as many empty tasks as `MAX_STEPS` allows;
//! - `browser_cap_traced`: a run of about 1.5 M engine events (the browser's cap), traced;
//! - `efficiency_256_cores/{none,list}`: 255 processes of 3 threads each on 256 cores doing CPU
//!   work between I/O waits, so the count of running cores changes at almost every dispatch
//!   and block, without and with a 256-entry `machine.parallel_efficiency_permille` whose
//!   entries all differ (a 1.1 MB scenario: every change of that count changes the speed).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use gil_sim::{Scenario, simulate};
use serde_json::{Value, json};
use std::hint::black_box;

fn scenario(v: Value) -> Scenario {
    Scenario::from_json(&v.to_string()).expect("valid")
}

fn locks(n: usize) -> String {
    let mut prog = Vec::with_capacity(2 * n);
    for i in 0..n {
        prog.push(json!({"op": "acquire", "lock": format!("lock-{i}")}));
        prog.push(json!({"op": "release", "lock": format!("lock-{i}")}));
    }
    json!({"version": 1, "processes": [{"name": "main", "threads": [
        {"name": "MainThread", "program": prog}]}]})
    .to_string()
}

fn joins(n: usize) -> String {
    let threads = 4095;
    let mut prog: Vec<Value> = (0..threads)
        .map(|i| json!({"op": "start_thread", "thread": format!("t{i}")}))
        .collect();
    for i in 0..n {
        prog.push(json!({"op": "join_thread", "thread": format!("t{}", i % threads)}));
    }
    let mut ts = vec![json!({"name": "MainThread", "program": prog})];
    ts.extend(
        (0..threads)
            .map(|i| json!({"name": format!("t{i}"), "program": [{"op": "cpu", "ns": 1000}]})),
    );
    json!({"version": 1, "machine": {"cores": 8}, "processes": [{"name": "main", "threads": ts}]})
        .to_string()
}

fn asyncio_tasks() -> Value {
    // 1,000 loops of 1,990 empty tasks: just under MAX_STEPS (2 M) with every task counted.
    let tasks: Vec<Value> = (0..1990)
        .map(|k| json!({"name": format!("t{k}"), "program": []}))
        .collect();
    json!({"version": 1, "runtime": {"asyncio_step_ns": 0}, "processes": [{"name": "main",
        "threads": [{"name": "MainThread", "program": [
            {"op": "repeat", "count": 1000, "body": [{"op": "asyncio", "tasks": tasks}]}]}]}]})
}

fn browser_cap() -> Value {
    // 16 threads of CPU and I/O on 4 cores, sized to about 1.5 M engine events.
    let ts: Vec<Value> = (0..16)
        .map(|i| {
            json!({"name": if i == 0 { "MainThread".to_string() } else { format!("t{i}") },
            "program": [{"op": "repeat", "count": 21_000, "body": [
                {"op": "cpu", "ns": 200_000}, {"op": "io", "ns": 300_000}]}]})
        })
        .collect();
    let mut v = json!({"version": 1, "machine": {"cores": 4}, "processes": [{"name": "main", "threads": ts}]});
    let starts: Vec<Value> = (1..16)
        .map(|i| json!({"op": "start_thread", "thread": format!("t{i}")}))
        .collect();
    let main = v["processes"][0]["threads"][0]["program"]
        .as_array_mut()
        .unwrap();
    for (i, s) in starts.into_iter().enumerate() {
        main.insert(i, s);
    }
    v
}

/// 255 child processes (3 threads each, every thread a repeat of 24 CPU-then-I/O pairs of
/// varied lengths) on 256 cores; with `list`, a 256-entry efficiency list whose entries all
/// differ. About 1.1 MB of JSON and 1.5 M program steps.
fn efficiency_256(list: bool) -> Value {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |lo: u64, span: u64| {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        lo + (x >> 33) % span
    };
    let thread = |name: String, starts: Vec<Value>, next: &mut dyn FnMut(u64, u64) -> u64| {
        let body: Vec<Value> = (0..24)
            .flat_map(|_| {
                [
                    json!({"op": "cpu", "ns": next(20_000, 200_000)}),
                    json!({"op": "io", "ns": next(10_000, 300_000)}),
                ]
            })
            .collect();
        let mut prog = starts;
        prog.push(json!({"op": "repeat", "count": 40, "body": body}));
        json!({"name": name, "program": prog})
    };
    let names: Vec<String> = (1..256).map(|i| format!("p{i}")).collect();
    let mut main: Vec<Value> = names
        .iter()
        .map(|p| json!({"op": "start_process", "process": p}))
        .collect();
    main.extend(
        names
            .iter()
            .map(|p| json!({"op": "join_process", "process": p})),
    );
    let mut procs =
        vec![json!({"name": "main", "threads": [{"name": "MainThread", "program": main}]})];
    for p in &names {
        let starts = vec![
            json!({"op": "start_thread", "thread": "t1"}),
            json!({"op": "start_thread", "thread": "t2"}),
        ];
        let ts = vec![
            thread("MainThread".into(), starts, &mut next),
            thread("t1".into(), vec![], &mut next),
            thread("t2".into(), vec![], &mut next),
        ];
        procs.push(json!({"name": p, "threads": ts}));
    }
    let eff: Vec<u32> = if list {
        (0..256).map(|k| 1000 - 2 * k).collect()
    } else {
        vec![]
    };
    json!({"version": 1, "machine": {"cores": 256, "parallel_efficiency_permille": eff},
        "processes": procs})
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("worst");
    g.sample_size(10);
    for n in [10_000, 100_000] {
        let text = locks(n);
        g.bench_with_input(
            BenchmarkId::new("locks_parse_validate_run", n),
            &text,
            |b, t| b.iter(|| simulate(&Scenario::from_json(black_box(t)).unwrap()).unwrap()),
        );
    }
    for n in [10_000, 100_000] {
        let text = joins(n);
        g.bench_with_input(
            BenchmarkId::new("joins_parse_validate_run", n),
            &text,
            |b, t| b.iter(|| simulate(&Scenario::from_json(black_box(t)).unwrap()).unwrap()),
        );
    }
    let sc = scenario(asyncio_tasks());
    g.bench_function("asyncio_tasks_at_max_steps", |b| {
        b.iter(|| simulate(black_box(&sc)).unwrap())
    });
    let sc = scenario(browser_cap());
    let tr = simulate(&sc).unwrap();
    eprintln!(
        "browser_cap_traced: {} engine events, {} spans, {} events",
        tr.engine_events,
        tr.thread_spans
            .iter()
            .chain(&tr.core_spans)
            .chain(&tr.gil_spans)
            .map(|s| s.len())
            .sum::<usize>(),
        tr.events.len()
    );
    g.bench_function("browser_cap_traced", |b| {
        b.iter(|| simulate(black_box(&sc)).unwrap())
    });
    for list in [false, true] {
        let v = efficiency_256(list);
        let sc = scenario(v.clone());
        let tr = simulate(&sc).unwrap();
        eprintln!(
            "efficiency_256_cores (list: {list}): {} bytes, {} engine events, {} ns simulated",
            v.to_string().len(),
            tr.engine_events,
            tr.end_ns
        );
        let name = if list { "list" } else { "none" };
        g.bench_function(BenchmarkId::new("efficiency_256_cores", name), |b| {
            b.iter(|| simulate(black_box(&sc)).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
