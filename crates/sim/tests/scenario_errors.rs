//! Validation: every bad scenario gets a one-line error naming the field path and the reason;
//! caps are errors naming the cap.

use gil_sim::*;
use serde_json::{Value, json};

fn base() -> Value {
    json!({"version": 1, "machine": {"cores": 2}, "processes": [
        {"name": "main", "threads": [
            {"name": "MainThread", "program": [
                {"op": "start_thread", "thread": "w"}, {"op": "cpu", "ns": 1000}, {"op": "join_thread", "thread": "w"}]},
            {"name": "w", "program": [{"op": "io", "ns": 5000}]}]},
        {"name": "child", "threads": [{"name": "MainThread", "program": [{"op": "cpu", "ns": 10}]}]}]})
}

fn err(v: &Value) -> String {
    let e = Scenario::from_json(&v.to_string()).expect_err("must be rejected");
    let s = e.to_string();
    assert!(!s.contains('\n'), "multi-line error: {s}");
    s
}

#[test]
fn base_with_process_started_is_valid() {
    let mut v = base();
    v["processes"][0]["threads"][0]["program"]
        .as_array_mut()
        .unwrap()
        .push(json!({"op": "start_process", "process": "child"}));
    let sc = Scenario::from_json(&v.to_string()).unwrap();
    let tr = simulate(&sc).unwrap();
    check_invariants(&sc, &tr).unwrap();
}

#[test]
fn a_process_that_is_never_started_is_named() {
    assert_eq!(
        err(&base()),
        "processes[1]: this process is never started (add a start_process step)"
    );
}

#[test]
fn zero_duration_names_the_step() {
    let mut v = base();
    v["processes"][0]["threads"][0]["program"][1]["ns"] = json!(0);
    assert!(
        err(&v).starts_with("processes[0].threads[0].program[1].ns: duration must be > 0"),
        "{}",
        err(&v)
    );
}

#[test]
fn unknown_and_mistyped_fields_name_the_path() {
    let mut v = base();
    v["machine"]["corez"] = json!(3);
    let e = err(&v);
    assert!(e.starts_with("machine.corez: unknown field `corez`"), "{e}");

    let mut v = base();
    v["machine"]["cores"] = json!("two");
    let e = err(&v);
    assert!(e.starts_with("machine.cores: invalid type"), "{e}");

    let mut v = base();
    v["processes"][0]["threads"][1]["program"][0] = json!({"op": "teleport", "ns": 3});
    let e = err(&v);
    assert!(e.starts_with("processes[0].threads[1].program[0]"), "{e}");
    assert!(e.contains("teleport"), "{e}");

    let mut v = base();
    v["processes"][0]["threads"][1]["program"][0] = json!({"op": "io", "ns": 3, "colour": 1});
    let e = err(&v);
    assert!(e.starts_with("processes[0].threads[1].program[0]"), "{e}");
    assert!(e.contains("colour"), "{e}");

    let e = err(&json!({"version": 1, "processes": "nope"}));
    assert!(e.starts_with("processes: invalid type"), "{e}");
}

#[test]
fn semantic_errors() {
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"version": 2, "processes": []}),
            "version: unsupported version 2",
        ),
        (
            json!({"version": 1, "machine": {"cores": 0}, "processes": []}),
            "machine.cores: must be between 1 and 256",
        ),
        (
            json!({"version": 1, "processes": []}),
            "processes: must contain at least the main process",
        ),
        (
            json!({"version": 1, "runtime": {"switch_interval_ns": 10}, "processes": []}),
            "runtime.switch_interval_ns",
        ),
        (
            json!({"version": 1, "processes": [{"name": "m", "threads": [{"name": "T", "program": [{"op": "join_thread", "thread": "X"}]}]}]}),
            "processes[0].threads[0].program[0].thread: no thread named \"X\"",
        ),
        (
            json!({"version": 1, "processes": [{"name": "m", "threads": [{"name": "T", "program": [{"op": "repeat", "count": 0, "body": [{"op": "cpu", "ns": 1}]}]}]}]}),
            "processes[0].threads[0].program[0].count: must be > 0",
        ),
        (
            json!({"version": 1, "processes": [{"name": "m", "threads": [{"name": "T", "program": [{"op": "await_io", "ns": 5}]}]}]}),
            "processes[0].threads[0].program[0]: await_io is only allowed inside an asyncio task",
        ),
        (
            json!({"version": 1, "processes": [{"name": "m", "threads": [{"name": "T", "program": []}, {"name": "T", "program": []}]}]}),
            "processes[0].threads[1].name: duplicate thread name",
        ),
        (
            json!({"version": 1, "processes": [{"name": "m", "threads": [{"name": "T", "program": []}, {"name": "U", "program": []}]}]}),
            "processes[0].threads[1]: this thread is never started",
        ),
        (
            json!({"version": 1, "processes": [{"name": "m", "threads": [{"name": "T", "daemon": true, "program": []}]}]}),
            "processes[0].threads[0].daemon: the main thread",
        ),
        (
            json!({"version": 1, "processes": [{"name": "m", "threads": [{"name": "T", "program": [{"op": "asyncio", "tasks": [{"name": "a", "program": [{"op": "start_thread", "thread": "T"}]}]}]}]}]}),
            "processes[0].threads[0].program[0].tasks[0].program[0]: a thread step is not allowed inside an asyncio task",
        ),
    ];
    for (v, want) in cases {
        let e = err(&v);
        assert!(e.starts_with(want), "got {e:?}, want {want:?}");
    }
}

#[test]
fn caps_are_named_errors_not_truncations() {
    // Steps after expanding repeats.
    let v = json!({"version": 1, "processes": [{"name": "m", "threads": [{"name": "T", "program": [
        {"op": "repeat", "count": 100000, "body": [{"op": "repeat", "count": 100000, "body": [{"op": "cpu", "ns": 1}]}]}]}]}]});
    let e = err(&v);
    assert!(e.contains("MAX_STEPS"), "{e}");
    // Cores.
    let e = err(&json!({"version": 1, "machine": {"cores": 100000}, "processes": []}));
    assert!(e.contains("MAX_CORES"), "{e}");
    // Simulated time: a valid scenario whose run would pass one hour.
    let v = json!({"version": 1, "processes": [{"name": "m", "threads": [{"name": "T", "program": [
        {"op": "repeat", "count": 3, "body": [{"op": "sleep", "ns": 3_000_000_000_000u64}]}]}]}]});
    let sc = Scenario::from_json(&v.to_string()).unwrap();
    let e = simulate(&sc).unwrap_err();
    assert!(e.to_string().contains("MAX_SIM_NS"), "{e}");
    // Events: a 1 µs switch interval over a long CPU fight. (The scenario lowers the event cap
    // so the debug-build test stays fast; the engine checks min(limit, MAX_EVENTS) either way.)
    let v = json!({"version": 1, "limits": {"max_events": 200000}, "runtime": {"switch_interval_ns": 1000}, "processes": [{"name": "m", "threads": [
        {"name": "T", "program": [{"op": "start_thread", "thread": "U"}, {"op": "cpu", "ns": 600_000_000_000u64}]},
        {"name": "U", "program": [{"op": "cpu", "ns": 600_000_000_000u64}]}]}]});
    let sc = Scenario::from_json(&v.to_string()).unwrap();
    let e = simulate(&sc).unwrap_err();
    assert!(
        e.to_string().starts_with("cap limits.max_events reached"),
        "{e}"
    );
    let e = err(&json!({"version": 1, "limits": {"max_events": u64::MAX}, "processes": []}));
    assert!(e.contains("MAX_EVENTS"), "{e}");
}

#[test]
fn runtime_errors_and_deadlocks_are_reported() {
    let v = json!({"version": 1, "processes": [{"name": "m", "threads": [{"name": "T", "program": [{"op": "release", "lock": "L"}]}]}]});
    let e = simulate(&Scenario::from_json(&v.to_string()).unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("m/T") && e.contains("release unlocked lock"),
        "{e}"
    );
    let v = json!({"version": 1, "processes": [{"name": "m", "threads": [{"name": "T", "program": [
        {"op": "acquire", "lock": "L"}, {"op": "acquire", "lock": "L"}]}]}]});
    let e = simulate(&Scenario::from_json(&v.to_string()).unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("deadlock") && e.contains("m/T"), "{e}");
}

#[test]
fn not_json_at_all() {
    for t in ["", "{", "[]", "null", "{\"version\": 1", "\u{0}"] {
        let e = Scenario::from_json(t).unwrap_err().to_string();
        assert!(!e.is_empty() && !e.contains('\n'), "{t:?}: {e}");
    }
}

#[test]
fn a_cancelled_timer_beyond_the_time_cap_is_not_an_error() {
    // The daemon's one-hour sleep is cut short when the process exits after 1 ms; its stale
    // timer must not trip MAX_SIM_NS.
    let v = json!({"version": 1, "processes": [{"name": "m", "threads": [
        {"name": "T", "program": [{"op": "start_thread", "thread": "d"}, {"op": "cpu", "ns": 1_000_000}]},
        {"name": "d", "daemon": true, "program": [{"op": "sleep", "ns": 3_600_000_000_000u64}]}]}]});
    let sc = Scenario::from_json(&v.to_string()).unwrap();
    let tr = simulate(&sc).unwrap();
    assert!(tr.wall_ns < 2_000_000, "{}", tr.wall_ns);
    check_invariants(&sc, &tr).unwrap();
}

/// A valid scenario's text, for the untrusted-input tests below.
fn valid_text() -> String {
    let mut v = base();
    v["processes"][0]["threads"][0]["program"]
        .as_array_mut()
        .unwrap()
        .push(json!({"op": "start_process", "process": "child"}));
    v.to_string()
}

#[test]
fn anything_after_the_scenario_is_refused() {
    let text = valid_text();
    assert!(Scenario::from_json(&text).is_ok());
    assert!(
        Scenario::from_json(&format!("{text}\n  \n")).is_ok(),
        "trailing white space is fine"
    );
    for tail in ["garbage", "{}", &text.clone(), "]"] {
        let e = Scenario::from_json(&format!("{text}{tail}")).expect_err("trailing data");
        let s = e.to_string();
        assert!(
            s.contains("unexpected data after the scenario"),
            "{tail:?}: {s}"
        );
        assert!(!s.contains('\n'), "{s}");
    }
}

/// True if the message has no control character at all (so it is one line and cannot drive a
/// terminal).
fn printable(s: &str) -> bool {
    !s.chars().any(char::is_control)
}

#[test]
fn control_characters_from_the_input_are_escaped_in_errors() {
    // An unknown key with a newline, a carriage return and a terminal escape in it.
    let mut v = base();
    v["machine"]["co\nre\rs\u{1b}[31m"] = json!(2);
    let s = Scenario::from_json(&v.to_string()).unwrap_err().to_string();
    assert!(printable(&s), "{s:?}");
    assert!(
        s.contains("\\n") && s.contains("\\r") && s.contains("\\u{1b}"),
        "{s}"
    );

    // A thread name with a newline reaches a runtime error (releasing a lock it does not hold).
    let mut v = base();
    v["processes"][0]["threads"][1]["name"] = json!("w\nx\u{7}");
    v["processes"][0]["threads"][0]["program"] = json!([
        {"op": "start_thread", "thread": "w\nx\u{7}"},
        {"op": "join_thread", "thread": "w\nx\u{7}"},
        {"op": "start_process", "process": "child"}]);
    v["processes"][0]["threads"][1]["program"] = json!([{"op": "release", "lock": "L"}]);
    let sc = Scenario::from_json(&v.to_string()).unwrap();
    let s = simulate(&sc).unwrap_err().to_string();
    assert!(s.contains("release unlocked lock"), "{s}");
    assert!(printable(&s), "{s:?}");
    assert!(s.contains("w\\nx\\u{7}"), "{s}");
    assert_eq!(one_line("tab\there"), "tab\\there");
    assert_eq!(one_line("plain é"), "plain é");
    // Characters that reorder or break a line on screen are escaped too; a joiner is not.
    assert_eq!(
        one_line("a\u{202e}b\u{2066}c\u{200f}d\u{2028}e\u{85}f\u{9b}g"),
        "a\\u{202e}b\\u{2066}c\\u{200f}d\\u{2028}e\\u{85}f\\u{9b}g"
    );
    assert_eq!(one_line("👩\u{200d}🔬"), "👩\u{200d}🔬");
}

#[test]
fn empty_asyncio_tasks_count_against_the_step_cap() {
    // The attack: zero-cost event-loop steps, and `repeat` of an asyncio step whose 200 tasks
    // have empty programs. Before, it validated (each task counted as nothing) and then ran for
    // seconds, or grew its trace until the process aborted.
    let tasks: Vec<Value> = (0..200)
        .map(|k| json!({"name": format!("t{k}"), "program": []}))
        .collect();
    let v = json!({"version": 1, "runtime": {"asyncio_step_ns": 0}, "processes": [
        {"name": "main", "threads": [{"name": "MainThread", "program": [
            {"op": "repeat", "count": 1_999_998, "body": [{"op": "asyncio", "tasks": tasks}]}]}]}]});
    let e = err(&v);
    assert!(e.contains("MAX_STEPS") && e.contains("asyncio task"), "{e}");
    // A reasonable loop of the same shape still runs.
    let tasks: Vec<Value> = (0..200)
        .map(|k| json!({"name": format!("t{k}"), "program": []}))
        .collect();
    let v = json!({"version": 1, "runtime": {"asyncio_step_ns": 0}, "processes": [
        {"name": "main", "threads": [{"name": "MainThread", "program": [
            {"op": "repeat", "count": 100, "body": [{"op": "asyncio", "tasks": tasks}]}]}]}]});
    let sc = Scenario::from_json(&v.to_string()).unwrap();
    let tr = simulate(&sc).unwrap();
    check_invariants(&sc, &tr).unwrap();
}

#[test]
fn a_text_larger_than_the_cap_is_refused_before_parsing() {
    let mut text = valid_text();
    text.push_str(&" ".repeat(MAX_SCENARIO_BYTES));
    let e = Scenario::from_json(&text).unwrap_err().to_string();
    assert!(e.contains("MAX_SCENARIO_BYTES"), "{e}");
}

/// A thread named `name` that starts the threads `threads` (of its process) and the processes
/// `procs`, then computes a little.
fn starting(name: &str, threads: &[&str], procs: &[&str]) -> Value {
    let mut prog: Vec<Value> = threads
        .iter()
        .map(|t| json!({"op": "start_thread", "thread": t}))
        .collect();
    prog.extend(
        procs
            .iter()
            .map(|p| json!({"op": "start_process", "process": p})),
    );
    prog.push(json!({"op": "cpu", "ns": 1000}));
    json!({"name": name, "program": prog})
}

fn processes(procs: Vec<(&str, Vec<Value>)>) -> Value {
    let procs: Vec<Value> = procs
        .into_iter()
        .map(|(name, threads)| json!({"name": name, "threads": threads}))
        .collect();
    json!({"version": 1, "processes": procs})
}

#[test]
fn two_threads_that_only_start_each_other_can_never_start() {
    let v = processes(vec![(
        "main",
        vec![
            starting("MainThread", &[], &[]),
            starting("a", &["b"], &[]),
            starting("b", &["a"], &[]),
        ],
    )]);
    assert_eq!(
        err(&v),
        "processes[0].threads[1]: this thread can never start: it is started only by thread `b`, \
         which can only start after it (a cycle of starts)"
    );
    // The same two threads, once the main thread starts one of them, are fine.
    let v = processes(vec![(
        "main",
        vec![
            starting("MainThread", &["a"], &[]),
            starting("a", &["b"], &[]),
            starting("b", &[], &[]),
        ],
    )]);
    let sc = Scenario::from_json(&v.to_string()).unwrap();
    check_invariants(&sc, &simulate(&sc).unwrap()).unwrap();
}

#[test]
fn three_processes_that_start_each_other_in_a_ring_can_never_start() {
    let v = processes(vec![
        ("main", vec![starting("MainThread", &[], &[])]),
        ("p1", vec![starting("MainThread", &[], &["p2"])]),
        ("p2", vec![starting("MainThread", &[], &["p3"])]),
        ("p3", vec![starting("MainThread", &[], &["p1"])]),
    ]);
    assert_eq!(
        err(&v),
        "processes[1]: this process can never start: it is started only by thread `MainThread` \
         of process `p3`, which can only start after it (a cycle of starts)"
    );
}

#[test]
fn a_start_only_from_a_thread_that_can_never_start_is_refused() {
    // p1 is started only by thread `w` of p2, and p2 only by p3, which only p2 starts.
    let v = processes(vec![
        ("main", vec![starting("MainThread", &[], &[])]),
        ("p1", vec![starting("MainThread", &[], &[])]),
        (
            "p2",
            vec![
                starting("MainThread", &["w"], &["p3"]),
                starting("w", &[], &["p1"]),
            ],
        ),
        ("p3", vec![starting("MainThread", &[], &["p2"])]),
    ]);
    assert_eq!(
        err(&v),
        "processes[1]: this process can never start: it is started only by thread `w` of \
         process `p2`, which can never start itself"
    );
    // A thread of the main process started only by one of two threads that start each other.
    let v = processes(vec![(
        "main",
        vec![
            starting("MainThread", &[], &[]),
            starting("t", &[], &[]),
            starting("x", &["t", "y"], &[]),
            starting("y", &["x"], &[]),
        ],
    )]);
    assert_eq!(
        err(&v),
        "processes[0].threads[1]: this thread can never start: it is started only by thread `x`, \
         which can never start itself"
    );
}

#[test]
fn starts_reachable_through_child_processes_and_long_chains_are_valid() {
    // The main process starts p1, whose thread `w` starts p2, whose main thread starts its
    // thread `v`; and 2,000 threads of p2 each start the next.
    let mut p2 = vec![
        starting("MainThread", &["v", "c1"], &[]),
        starting("v", &[], &[]),
    ];
    for i in 1..2000 {
        let next = format!("c{}", i + 1);
        let starts: Vec<&str> = if i < 1999 { vec![&next] } else { vec![] };
        p2.push(starting(&format!("c{i}"), &starts, &[]));
    }
    let v = processes(vec![
        ("main", vec![starting("MainThread", &[], &["p1"])]),
        (
            "p1",
            vec![
                starting("MainThread", &["w"], &[]),
                starting("w", &[], &["p2"]),
            ],
        ),
        ("p2", p2.clone()),
    ]);
    Scenario::from_json(&v.to_string()).unwrap();
    // Close the chain into a ring instead: its first thread is named.
    p2[0] = starting("MainThread", &["v"], &[]);
    p2[2000] = starting("c1999", &["c1"], &[]);
    let v = processes(vec![
        ("main", vec![starting("MainThread", &[], &["p1"])]),
        (
            "p1",
            vec![
                starting("MainThread", &["w"], &[]),
                starting("w", &[], &["p2"]),
            ],
        ),
        ("p2", p2),
    ]);
    assert_eq!(
        err(&v),
        "processes[2].threads[2]: this thread can never start: it is started only by thread \
         `c1999`, which can only start after it (a cycle of starts)"
    );
}
