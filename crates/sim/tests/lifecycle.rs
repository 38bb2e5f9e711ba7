//! Process lifecycles across more than two levels: a child process that starts a grandchild is
//! its parent, waits for it at exit, and the start event names the thread that started it.

use gil_sim::{EventKind, Scenario, check_invariants, simulate};

#[test]
fn a_grandchild_process_belongs_to_the_process_that_started_it() {
    // Thread ids: main/MainThread 0, main/helper 1, mid/MainThread 2, leaf/MainThread 3.
    // Process ids: main 0, mid 1, leaf 2. `mid` starts `leaf` and does not join it: at exit,
    // mid's main thread must still wait for its child (multiprocessing joins children at exit).
    let sc = Scenario::from_json(
        r#"{"version": 1, "machine": {"cores": 4},
        "processes": [
          {"name": "main", "threads": [
            {"name": "MainThread", "program": [
              {"op": "start_thread", "thread": "helper"},
              {"op": "start_process", "process": "mid"},
              {"op": "join_process", "process": "mid"}]},
            {"name": "helper", "program": [{"op": "cpu", "ns": 1000}]}]},
          {"name": "mid", "threads": [
            {"name": "MainThread", "program": [
              {"op": "start_process", "process": "leaf"},
              {"op": "cpu", "ns": 1000000}]}]},
          {"name": "leaf", "threads": [
            {"name": "MainThread", "program": [{"op": "cpu", "ns": 200000000}]}]}
        ]}"#,
    )
    .unwrap();
    let tr = simulate(&sc).unwrap();
    check_invariants(&sc, &tr).unwrap();
    let (mid, leaf) = (&tr.processes[1], &tr.processes[2]);
    assert!(
        mid.end_ns.unwrap() >= leaf.end_ns.unwrap(),
        "mid exited at {:?}, before its child leaf ({:?})",
        mid.end_ns,
        leaf.end_ns
    );
    let start = tr
        .events
        .iter()
        .find(|e| e.kind == EventKind::ProcessStart && e.process == Some(2))
        .expect("leaf starts");
    assert_eq!(
        start.other_thread(),
        Some(2),
        "leaf is started by mid's MainThread (thread 2)"
    );
}
