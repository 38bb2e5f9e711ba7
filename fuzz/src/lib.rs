//! What every fuzz target checks, and the generator of mostly valid scenarios.
//!
//! For any input: no panic; an error is one line with no control character; a valid scenario's
//! run either passes `check_invariants` or ends in an error, and a second run gives the same
//! trace hash (or the same error). Recordings (`recording`) and machine profiles (`profile`)
//! have their own checks.

mod profile;
mod recording;

pub use profile::{FUZZ_MAX_PROFILE_CPUS, check_profile};
pub use recording::check_recording;

use arbitrary::{Result, Unstructured};
use gil_sim::{Scenario, check_invariants, simulate, trace_hash};
use serde_json::{Value, json};

/// Engine events a fuzzed run may use, so that one execution stays short.
pub const FUZZ_MAX_EVENTS: u64 = 100_000;

fn assert_one_line(what: &str, message: &str) {
    assert!(
        !message.chars().any(char::is_control),
        "{what} error is not one safe line: {message:?}"
    );
}

/// Parses, validates and runs a scenario given as text, checking everything above.
pub fn check_text(text: &str) {
    match Scenario::from_json(text) {
        Err(e) => assert_one_line("scenario", &e.to_string()),
        Ok(mut sc) => {
            sc.limits.max_events = sc.limits.max_events.min(FUZZ_MAX_EVENTS);
            check_run(&sc);
        }
    }
}

/// Runs a valid scenario twice and checks both runs.
pub fn check_run(sc: &Scenario) {
    let first = simulate(sc);
    let second = simulate(sc);
    match (&first, &second) {
        (Ok(a), Ok(b)) => {
            if let Err(e) = check_invariants(sc, a) {
                panic!("invariant broken: {e}");
            }
            assert_eq!(trace_hash(a), trace_hash(b), "two runs differ");
        }
        (Err(a), Err(b)) => {
            assert_one_line("run", &a.to_string());
            assert_eq!(a, b, "two runs end in different errors");
        }
        _ => panic!("one run failed and the other did not: {first:?} / {second:?}"),
    }
}

fn duration(u: &mut Unstructured<'_>) -> Result<u64> {
    // Mostly short, sometimes zero (invalid) or huge (a cap).
    Ok(match u.int_in_range(0..=20)? {
        0 => 0,
        1 => u.arbitrary()?,
        _ => u.int_in_range(1..=3_000_000)?,
    })
}

fn step(
    u: &mut Unstructured<'_>,
    threads: usize,
    procs: usize,
    task: bool,
    depth: u32,
) -> Result<Value> {
    let name = |u: &mut Unstructured<'_>, prefix: &str, n: usize| -> Result<String> {
        Ok(format!("{prefix}{}", u.int_in_range(0..=n.max(1))?))
    };
    Ok(match u.int_in_range(0..=13)? {
        0 | 1 => json!({"op": "cpu", "ns": duration(u)?}),
        2 => json!({"op": "c_release", "ns": duration(u)?}),
        3 if task => {
            json!({"op": "await_io", "ns": duration(u)?, "jitter_ns": u.int_in_range(0..=5000)?})
        }
        3 => json!({"op": "io", "ns": duration(u)?, "jitter_ns": u.int_in_range(0..=5000)?}),
        4 if task => json!({"op": "await_sleep", "ns": duration(u)?}),
        4 => json!({"op": "sleep", "ns": duration(u)?}),
        5 => json!({"op": "acquire", "lock": name(u, "L", 2)?}),
        6 => json!({"op": "release", "lock": name(u, "L", 2)?}),
        7 => json!({"op": "start_thread", "thread": name(u, "t", threads)?}),
        8 => json!({"op": "join_thread", "thread": name(u, "t", threads)?}),
        9 => json!({"op": "start_process", "process": name(u, "p", procs)?}),
        10 => json!({"op": "join_process", "process": name(u, "p", procs)?}),
        11 if depth < 3 => {
            let body = program(u, threads, procs, task, depth + 1)?;
            json!({"op": "repeat", "count": u.int_in_range(0..=40)?, "body": body})
        }
        12 if depth < 2 && !task => {
            let n = u.int_in_range(0..=4)?;
            let mut tasks = Vec::new();
            for k in 0..n {
                tasks.push(json!({"name": format!("k{k}"), "program": program(u, threads, procs, true, depth + 1)?}));
            }
            json!({"op": "asyncio", "tasks": tasks})
        }
        _ => json!({"op": "cpu", "ns": u.int_in_range(1..=100_000)?}),
    })
}

fn program(
    u: &mut Unstructured<'_>,
    threads: usize,
    procs: usize,
    task: bool,
    depth: u32,
) -> Result<Vec<Value>> {
    let n = u.int_in_range(0..=6)?;
    (0..n)
        .map(|_| step(u, threads, procs, task, depth))
        .collect()
}

/// A mostly valid scenario: processes named `p0..`, threads `MainThread` and `t1..`, whose main
/// threads usually start and join the others; programs mix every step kind, sometimes with a
/// wrong name or a bad value so that validation is fuzzed too.
pub fn scenario(u: &mut Unstructured<'_>) -> Result<Value> {
    let procs = u.int_in_range(1..=3)?;
    let mut processes = Vec::new();
    for p in 0..procs {
        let threads = u.int_in_range(1..=4)?;
        let mut main = Vec::new();
        if p == 0 {
            for q in 1..procs {
                main.push(json!({"op": "start_process", "process": format!("p{q}")}));
            }
        }
        for t in 1..threads {
            main.push(json!({"op": "start_thread", "thread": format!("t{t}")}));
        }
        main.extend(program(u, threads, procs, false, 0)?);
        for t in 1..threads {
            if u.arbitrary()? {
                main.push(json!({"op": "join_thread", "thread": format!("t{t}")}));
            }
        }
        let mut ts = vec![json!({"name": "MainThread", "program": main})];
        for t in 1..threads {
            ts.push(
                json!({"name": format!("t{t}"), "daemon": u.arbitrary::<bool>()?,
                "program": program(u, threads, procs, false, 0)?}),
            );
        }
        let method = *u.choose(&["fork", "forkserver", "spawn"])?;
        processes.push(json!({"name": format!("p{p}"), "start_method": method, "threads": ts}));
    }
    let gil = *u.choose(&["new", "old", "free_threaded", "per_interpreter"])?;
    Ok(json!({
        "version": 1,
        "seed": u.arbitrary::<u64>()?,
        "machine": {"cores": u.int_in_range(1..=8)?},
        "os": {"wake": *u.choose(&["random", "fifo"])?, "timer_slack_ns": u.int_in_range(0..=100_000)?},
        "runtime": {"gil": gil, "switch_interval_ns": u.int_in_range(1_000..=10_000_000)?,
                    "asyncio_step_ns": u.int_in_range(0..=10_000)?},
        "processes": processes,
    }))
}

/// Opens a link's hash, checking everything above; a state that opens is written again and must
/// open to the same state.
pub fn check_link(hash: &str) {
    match gil_link::decode(hash) {
        Err(e) => {
            assert_one_line("link", &e.to_string());
            assert!(
                !e.field.is_empty() || e.reason.contains("MAX_HASH_BYTES"),
                "a link error names no field: {e}"
            );
        }
        Ok(None) => {}
        Ok(Some(opened)) => {
            if let Ok(again) = gil_link::encode(&opened.link) {
                let reopened = gil_link::decode(&again)
                    .expect("a written link opens")
                    .expect("a written link has a state");
                assert_eq!(reopened.link, opened.link, "a link reads back differently");
            }
            let mut sc = opened.scenario;
            sc.limits.max_events = sc.limits.max_events.min(FUZZ_MAX_EVENTS);
            check_run(&sc);
        }
    }
}

/// The hash of a link whose state is `json`, packed as links are (so mutations of the JSON reach
/// the state's fields instead of stopping at the checksum).
pub fn link_of_json(json: &[u8]) -> String {
    use base64::Engine as _;
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(json, 1);
    format!(
        "#/sim?v=1&s={}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
    )
}
