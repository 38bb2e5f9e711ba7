//! The "same workload, four ways" comparison, the real-work lab's one-call prediction, and the
//! trace query API on a large trace.

use gil_sim::*;

const MS: u64 = 1_000_000;

#[test]
fn predict_a_cpu_job_split_into_chunks() {
    let p = predict(&LabJob {
        job_ns: 400 * MS,
        chunks: 8,
        workers: 2,
        cores: 2,
        switch_interval_ns: 5 * MS,
        process_start_ns: 30 * MS,
    })
    .unwrap();
    let r = |a: u64, b: u64| a as f64 / b as f64;
    assert!(
        (0.99..1.02).contains(&r(p.sequential_ns, 400 * MS)),
        "{p:?}"
    );
    assert!(
        (1.9..2.01).contains(&r(p.sequential_ns, p.threads_ns)),
        "threads without a GIL: {p:?}"
    );
    assert!(
        (0.97..1.01).contains(&r(p.sequential_ns, p.threads_gil_ns)),
        "threads with the GIL: {p:?}"
    );
    // Two processes, each paying its 30 ms start-up, then half the work.
    assert!(
        p.processes_ns > 230 * MS && p.processes_ns < 245 * MS,
        "{p:?}"
    );
    // More workers than cores give nothing more.
    let p4 = predict(&LabJob {
        workers: 4,
        ..LabJob {
            job_ns: 400 * MS,
            chunks: 8,
            workers: 2,
            cores: 2,
            switch_interval_ns: 5 * MS,
            process_start_ns: 0,
        }
    })
    .unwrap();
    assert!(r(p4.sequential_ns, p4.threads_ns) < 2.01);
}

#[test]
fn compare_io_and_cpu_workloads() {
    let mut setup = Setup::default();
    setup.machine.cores = 2;
    let io = Workload {
        tasks: 8,
        workers: 0,
        cpu_ns: MS,
        c_release_ns: 0,
        io_ns: 50 * MS,
        sleep_ns: 0,
        repeats: 4,
        start_method: StartMethod::Fork,
    };
    let c = compare(&io, &setup).unwrap();
    let sp = |m| c.get(m).unwrap().speedup_permille;
    assert_eq!(sp(Approach::Sequential), 1000);
    assert!(
        sp(Approach::Threads) > 6000 && sp(Approach::Asyncio) > 6000,
        "{c:?}"
    );
    assert!(sp(Approach::Processes) > 3000, "{c:?}");
    let cpu = Workload {
        cpu_ns: 100 * MS,
        io_ns: 0,
        repeats: 1,
        tasks: 2,
        ..io
    };
    let c = compare(&cpu, &setup).unwrap();
    assert_eq!(c.best().unwrap().mode, Approach::Processes, "{c:?}");
    assert!(sp_of(&c, Approach::Threads) < 1010 && sp_of(&c, Approach::Asyncio) < 1010);
}

fn sp_of(c: &Comparison, m: Approach) -> u64 {
    c.get(m).unwrap().speedup_permille
}

#[test]
fn presets_built_from_a_workload_can_be_rebuilt_with_new_parameters() {
    let p = presets::get("cpu-threads").unwrap();
    let mut setup = p.scenario.setup();
    setup.machine.cores = 8;
    setup.runtime.gil = GilMode::FreeThreaded;
    let sc = p
        .scenario
        .rebuild(Some(Approach::Threads), &setup)
        .unwrap()
        .unwrap();
    assert_eq!(sc.name, "cpu-threads");
    assert_eq!(sc.machine.cores, 8);
    let tr = simulate(&sc).unwrap();
    check_invariants(&sc, &tr).unwrap();
    // No GIL: four 100 ms threads (at 1.4x cost) run side by side.
    assert!(tr.wall_ns < 150 * MS, "{}", tr.wall_ns);
    assert!(
        presets::get("convoy")
            .unwrap()
            .scenario
            .rebuild(None, &setup)
            .is_none()
    );
}

#[test]
fn trace_queries_match_a_linear_scan_on_a_large_trace() {
    let sc = stress::classroom_scenario();
    let tr = simulate(&sc).unwrap();
    check_invariants(&sc, &tr).unwrap();
    assert!(tr.span_count() > 50_000);
    let lanes = tr.lanes();
    for k in 0..50u64 {
        let t = tr.end_ns / 50 * k + 12_345;
        let snap = tr.snapshot_at(t);
        for &lane in &lanes {
            let linear = tr
                .lane(lane)
                .iter()
                .find(|s| s.start_ns <= t && t < s.end_ns);
            let got = tr.lane_at(lane, t);
            assert_eq!(
                linear.map(|s| (s.state, s.start_ns)),
                got.map(|g| (g.state, g.since_ns)),
                "{lane:?} at {t}"
            );
            if let Lane::Thread(i) = lane {
                assert_eq!(snap.threads[i as usize], got);
            }
            let t1 = t + 3 * MS;
            let window = tr.spans_in(lane, t, t1);
            let linear: Vec<_> = tr
                .lane(lane)
                .iter()
                .filter(|s| s.start_ns < t1 && s.end_ns > t)
                .collect();
            assert_eq!(window.len(), linear.len());
        }
        let next = tr.next_event_after(t);
        assert_eq!(next, tr.events.iter().find(|e| e.t_ns > t));
        let prev = tr.prev_event_before(t);
        assert_eq!(prev, tr.events.iter().rev().find(|e| e.t_ns < t));
    }
}
