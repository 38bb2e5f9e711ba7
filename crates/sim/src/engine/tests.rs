//! Unit tests of the engine's own work: the `MAX_WORK` budget, and the stops it plans per
//! engine event however many cores run.

use super::*;

/// Runs a scenario with a smaller work budget than `MAX_WORK`.
fn run_with_budget(sc: &Scenario, budget: u64) -> Result<Trace, SimError> {
    let mut e = Engine::new(sc.check()?.scenario(), false, None);
    e.work_cap = budget;
    e.run()?;
    Ok(e.finish())
}

/// One thread that takes and releases a lock 1,000 times: 2,000 ops that take no time,
/// so only the work budget (not the event cap) can stop it.
fn zero_time_loop() -> Scenario {
    Scenario::from_json(
        r#"{"version": 1, "processes": [{"name": "main", "threads": [
            {"name": "MainThread", "program": [{"op": "repeat", "count": 1000, "body": [
                {"op": "acquire", "lock": "L"}, {"op": "release", "lock": "L"}]}]}]}]}"#,
    )
    .unwrap()
}

#[test]
fn zero_time_steps_are_charged_to_the_work_budget() {
    let sc = zero_time_loop();
    let tr = run_with_budget(&sc, MAX_WORK).unwrap();
    assert!(
        tr.engine_events < 20,
        "the loop uses almost no engine events"
    );
    match run_with_budget(&sc, 1_500) {
        Err(SimError::Cap { cap, .. }) => assert_eq!(cap, "MAX_WORK"),
        other => panic!("expected the MAX_WORK cap, got {other:?}"),
    }
    // 1,000 iterations of acquire, release and the loop's end are at least 3,000 units.
    assert!(run_with_budget(&sc, 2_999).is_err());
    assert!(run_with_budget(&sc, 4_000).is_ok());
}

/// 64 processes on 64 cores, each computing between I/O waits of varied lengths, so the count
/// of running cores changes at almost every engine event; with `eff`, an efficiency list whose
/// entries all differ makes every such change a change of speed.
fn busy_cores(eff: bool) -> Scenario {
    use serde_json::json;
    let starts: Vec<_> = (1..64)
        .map(|i| json!({"op": "start_process", "process": format!("p{i}")}))
        .collect();
    let main = json!({"name": "MainThread", "program": starts});
    let mut procs = vec![json!({"name": "main", "threads": [main]})];
    for i in 1..64u64 {
        let body: Vec<_> = (0..8u64)
            .flat_map(|k| {
                let cpu = 50_000 + (i * 7_919 + k * 104_729) % 200_000;
                let io = 20_000 + (i * 6_007 + k * 15_401) % 100_000;
                [
                    json!({"op": "cpu", "ns": cpu}),
                    json!({"op": "io", "ns": io}),
                ]
            })
            .collect();
        let program = json!([{"op": "repeat", "count": 20, "body": body}]);
        let thread = json!({"name": "MainThread", "program": program});
        procs.push(json!({"name": format!("p{i}"), "threads": [thread]}));
    }
    let list: Vec<u32> = if eff {
        (0..64).map(|k| 1000 - 7 * k).collect()
    } else {
        vec![]
    };
    let machine = json!({"cores": 64, "parallel_efficiency_permille": list});
    let v = json!({"version": 1, "machine": machine, "processes": procs});
    Scenario::from_json(&v.to_string()).unwrap()
}

#[test]
fn a_change_of_speed_plans_no_running_thread_again() {
    // Each engine event plans a few stops (its own core's next one, a wake-up's dispatch, a
    // timer), with or without changes of speed: a change re-maps the work clock, it does not
    // visit the other running cores (which would be up to 63 plans per event here).
    for eff in [false, true] {
        let sc = busy_cores(eff);
        let mut e = Engine::new(sc.check().unwrap().scenario(), false, None);
        e.run().unwrap();
        let per_event = e.seq as f64 / e.engine_events as f64;
        assert!(
            per_event < 2.0,
            "list {eff}: {} plans in {} engine events",
            e.seq,
            e.engine_events
        );
    }
}
