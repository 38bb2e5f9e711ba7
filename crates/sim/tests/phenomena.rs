//! P1..P10 of docs/model.md §3 ("Phenomena the tests pin"): each test reproduces the published shape with tolerances that
//! can fail (ratios, not machine-specific seconds). Every trace also passes the invariants.

use gil_sim::*;
use serde_json::{Value, json};

const MS: u64 = 1_000_000;
const US: u64 = 1_000;

fn run(sc: &Scenario) -> Trace {
    let tr = simulate(sc).unwrap_or_else(|e| panic!("{e}"));
    check_invariants(sc, &tr).unwrap_or_else(|e| panic!("invariant: {e}"));
    tr
}

fn scenario(v: Value) -> Scenario {
    Scenario::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e}"))
}

fn setup(cores: u32) -> Setup {
    let mut s = Setup::default();
    s.machine.cores = cores;
    s
}

fn wall(w: &Workload, m: Approach, s: &Setup) -> u64 {
    run(&w.scenario(m, s).unwrap()).wall_ns
}

fn cpu_work(tasks: u32, total_ns: u64) -> Workload {
    Workload {
        tasks,
        workers: 0,
        cpu_ns: total_ns / u64::from(tasks),
        c_release_ns: 0,
        io_ns: 0,
        sleep_ns: 0,
        repeats: 1,
        start_method: StartMethod::Fork,
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    a as f64 / b as f64
}

#[test]
fn p1_cpu_bound_threads_give_no_speedup_under_the_new_gil() {
    let s = setup(2);
    let total = 800 * MS;
    let one = wall(&cpu_work(1, total), Approach::Threads, &s);
    for n in [2u32, 4, 8] {
        let w = wall(&cpu_work(n, total), Approach::Threads, &s);
        let r = ratio(w, one);
        eprintln!("P1: {n} threads {r:.3}x");
        assert!(
            (0.99..=1.15).contains(&r),
            "{n} threads: {r:.3}x the 1-thread time"
        );
    }
    // And processes do speed the same work up: the GIL is what serialises threads.
    let p = wall(&cpu_work(2, total), Approach::Processes, &s);
    assert!(
        ratio(one, p) > 1.7,
        "2 processes: speedup {:.2}",
        ratio(one, p)
    );
}

#[test]
fn p2_old_gil_is_slower_than_sequential_on_several_cores_less_so_on_one() {
    let mut s2 = setup(2);
    s2.runtime.gil = GilMode::Old;
    let mut s1 = s2.clone();
    s1.machine.cores = 1;
    let total = 400 * MS;
    let seq2 = wall(&cpu_work(2, total), Approach::Sequential, &s2);
    let thr2 = wall(&cpu_work(2, total), Approach::Threads, &s2);
    let seq1 = wall(&cpu_work(2, total), Approach::Sequential, &s1);
    let thr1 = wall(&cpu_work(2, total), Approach::Threads, &s1);
    let r2 = ratio(thr2, seq2);
    let r1 = ratio(thr1, seq1);
    eprintln!("old GIL: 2 cores {r2:.3}x, 1 core {r1:.3}x");
    // Beazley 2009: 45.5 / 24.6 = 1.85x on 2 cores, 38.0 / 24.6 = 1.54x on 1 core.
    assert!((1.5..=2.3).contains(&r2), "2 cores: {r2:.2}x sequential");
    assert!((1.2..=1.8).contains(&r1), "1 core: {r1:.2}x sequential");
    assert!(
        r2 > r1 + 0.1,
        "2 cores ({r2:.2}x) must be worse than 1 core ({r1:.2}x)"
    );
}

#[test]
fn p3_gil_holding_periods_cluster_at_the_switch_interval() {
    for interval in [5 * MS, 10 * MS] {
        let mut s = setup(2);
        s.runtime.switch_interval_ns = interval;
        let tr = run(&cpu_work(4, 1_000 * MS)
            .scenario(Approach::Threads, &s)
            .unwrap());
        let m = metrics(&tr);
        let med = m.holding.median_ns as f64 / interval as f64;
        assert!(
            (0.97..=1.03).contains(&med),
            "median {} ns for interval {interval}",
            m.holding.median_ns
        );
        assert!(
            m.holding.p95_ns <= interval + interval / 20,
            "p95 {}",
            m.holding.p95_ns
        );
        assert!(
            m.gil_switches as f64 >= 0.9 * (1_000 * MS / interval) as f64,
            "{} switches",
            m.gil_switches
        );
    }
}

#[test]
fn p4_a_tiny_switch_interval_adds_overhead() {
    let total = 100 * MS;
    let ratio_at = |interval: u64, slack: u64| {
        let mut s = setup(2);
        s.runtime.switch_interval_ns = interval;
        s.os.timer_slack_ns = slack;
        let one = run(&cpu_work(1, total).scenario(Approach::Threads, &s).unwrap());
        let two = run(&cpu_work(2, total).scenario(Approach::Threads, &s).unwrap());
        (ratio(two.wall_ns, one.wall_ns), metrics(&two))
    };
    // Published (no timer slack in the way): 17.2 s against 6.9 s, 2.5x.
    let (r, m) = ratio_at(US, 0);
    assert!(
        (1.6..=3.5).contains(&r),
        "1 µs interval, no timer slack: 2 threads take {r:.2}x one thread"
    );
    assert!(m.gil_switches > 5_000, "{} switches", m.gil_switches);
    // With Linux's 50 µs timer slack the timed wait lasts ~50 µs, not 1 µs: measured on this
    // machine 1.08-1.12x (docs/calibration.md). Still noticeable, and far more switches.
    let (r_slack, m_slack) = ratio_at(US, 50 * US);
    assert!(
        (1.05..=1.4).contains(&r_slack),
        "1 µs interval with timer slack: {r_slack:.2}x"
    );
    let (r5, m5) = ratio_at(5 * MS, 50 * US);
    eprintln!("P4: no slack {r:.2}x, slack {r_slack:.2}x, 5 ms {r5:.3}x");
    assert!(r5 < 1.05, "5 ms interval: {r5:.3}x");
    assert!(
        m_slack.gil_switches > 50 * m5.gil_switches,
        "{} vs {}",
        m_slack.gil_switches,
        m5.gil_switches
    );
}

#[test]
fn p5_io_and_sleep_threads_overlap() {
    let s = setup(2);
    for (io, sleep) in [(100 * MS, 0), (0, 100 * MS)] {
        let w = |n| Workload {
            tasks: n,
            workers: 0,
            cpu_ns: 200 * US,
            c_release_ns: 0,
            io_ns: io,
            sleep_ns: sleep,
            repeats: 3,
            start_method: StartMethod::Fork,
        };
        let one = wall(&w(1), Approach::Threads, &s);
        let eight = wall(&w(8), Approach::Threads, &s);
        let seq8 = wall(&w(8), Approach::Sequential, &s);
        assert!(
            ratio(eight, one) < 1.1,
            "8 threads take {:.2}x one task",
            ratio(eight, one)
        );
        assert!(
            ratio(seq8, eight) > 6.0,
            "threads beat sequential by {:.2}x",
            ratio(seq8, eight)
        );
        let aio = wall(&w(8), Approach::Asyncio, &s);
        assert!(
            ratio(aio, one) < 1.1,
            "asyncio takes {:.2}x one task",
            ratio(aio, one)
        );
    }
}

#[test]
fn p6_gil_releasing_c_work_scales_with_cores() {
    let w = |n: u32| Workload {
        tasks: n,
        workers: 0,
        cpu_ns: 0,
        c_release_ns: 1_000 * MS / u64::from(n),
        io_ns: 0,
        sleep_ns: 0,
        repeats: 1,
        start_method: StartMethod::Fork,
    };
    let s = setup(2);
    let one = wall(&w(1), Approach::Threads, &s);
    let two = wall(&w(2), Approach::Threads, &s);
    // SHA-256 over 1 GB: 3.30 s with 1 thread, 1.68 s with 2 (1.96x).
    let sp = ratio(one, two);
    assert!((1.85..=2.0).contains(&sp), "2 threads speedup {sp:.2}");
    let s4 = setup(4);
    let sp4 = ratio(
        wall(&w(1), Approach::Threads, &s4),
        wall(&w(4), Approach::Threads, &s4),
    );
    assert!(
        (3.6..=4.0).contains(&sp4),
        "4 threads on 4 cores speedup {sp4:.2}"
    );
}

/// I/O thread (the main thread) serving `reqs` requests (recv, a little Python, send) while
/// `cpu_threads` CPU-bound daemon threads spin, in this process or (`other_process`) in another.
fn convoy(cpu_threads: u32, interval: u64, other_process: bool, seed: u64) -> f64 {
    let reqs = 40;
    let request = json!({"op": "repeat", "count": reqs, "body": [
        {"op": "io", "ns": 10 * US}, {"op": "cpu", "ns": 10 * US}, {"op": "io", "ns": 10 * US}]});
    let spinners: Vec<Value> = (0..cpu_threads)
        .map(|i| json!({"name": format!("cpu{i}"), "daemon": true, "program": [{"op": "cpu", "ns": 100_000 * MS}]}))
        .collect();
    let mut main_prog: Vec<Value> = Vec::new();
    let mut procs = Vec::new();
    if other_process {
        main_prog.push(json!({"op": "start_process", "process": "cruncher"}));
        let mut threads =
            vec![json!({"name": "MainThread", "program": [{"op": "sleep", "ns": 1_000 * MS}]})];
        let mut starts = vec![];
        for (i, t) in spinners.iter().enumerate() {
            starts.push(json!({"op": "start_thread", "thread": format!("cpu{i}")}));
            threads.push(t.clone());
        }
        starts.push(json!({"op": "sleep", "ns": 100_000 * MS}));
        threads[0] = json!({"name": "MainThread", "program": starts});
        procs.push(json!({"name": "cruncher", "threads": threads}));
    } else {
        for i in 0..cpu_threads {
            main_prog.push(json!({"op": "start_thread", "thread": format!("cpu{i}")}));
        }
    }
    main_prog.push(json!({"op": "sleep", "ns": 20 * MS}));
    main_prog.push(request);
    let mut main_threads = vec![json!({"name": "MainThread", "program": main_prog})];
    if !other_process {
        main_threads.extend(spinners);
    }
    let mut all = vec![json!({"name": "server", "threads": main_threads})];
    all.extend(procs);
    let sc = scenario(json!({"version": 1, "seed": seed, "machine": {"cores": 2},
        "runtime": {"switch_interval_ns": interval}, "processes": all}));
    let tr = simulate(&sc).unwrap_or_else(|e| panic!("{e}"));
    check_invariants(&sc, &tr).unwrap();
    // Requests served per second, from the first request (after the 20 ms sleep) to the end of
    // the main thread.
    let main = &tr.thread_spans[0];
    let sleep_end = main
        .iter()
        .find(|s| s.state == State::Sleeping)
        .map(|s| s.end_ns)
        .unwrap();
    let mut end = tr
        .events
        .iter()
        .find(|e| e.thread == Some(0) && e.kind == EventKind::ThreadExit)
        .unwrap()
        .t_ns;
    if other_process {
        // The main thread then waits for the child; count until its last request instead.
        end = tr
            .events
            .iter()
            .filter(|e| e.thread == Some(0) && e.kind == EventKind::IoEnd)
            .map(|e| e.t_ns)
            .max()
            .unwrap();
    }
    reqs as f64 * 1e9 / (end - sleep_end) as f64
}

#[test]
fn p7_convoy_effect() {
    let alone = convoy(0, 5 * MS, false, 1);
    let one = convoy(1, 5 * MS, false, 1);
    let fast = convoy(1, MS, false, 1);
    let two: f64 = (1..=4).map(|s| convoy(2, 5 * MS, false, s)).sum::<f64>() / 4.0;
    let elsewhere = convoy(1, 5 * MS, true, 1);
    eprintln!(
        "convoy: alone {alone:.0}/s, one {one:.0}/s, 1ms {fast:.0}/s, two {two:.0}/s, elsewhere {elsewhere:.0}/s"
    );
    // About 30,000 requests/s alone, about 100/s next to one CPU-bound thread at 5 ms.
    assert!(alone > 15_000.0, "alone {alone:.0}/s");
    assert!(
        (70.0..=130.0).contains(&one),
        "next to a CPU thread {one:.0}/s"
    );
    // Scales with 1/interval.
    assert!(
        (3.5..=6.0).contains(&(fast / one)),
        "1 ms interval: {fast:.0}/s vs {one:.0}/s"
    );
    // Halves per extra CPU thread (the OS wakes a random waiter).
    assert!(
        (0.35..=0.7).contains(&(two / one)),
        "two CPU threads: {two:.0}/s vs {one:.0}/s"
    );
    // Recovers when the CPU work runs in another process (its own GIL).
    assert!(
        elsewhere > 0.5 * alone,
        "CPU work elsewhere: {elsewhere:.0}/s vs alone {alone:.0}/s"
    );
}

#[test]
fn p8_processes_scale_to_cores_minus_start_cost() {
    let total = 800 * MS;
    for cores in [2u32, 4] {
        let s = setup(cores);
        let w = cpu_work(cores, total);
        let seq = wall(&w, Approach::Sequential, &s);
        let procs = wall(&w, Approach::Processes, &s);
        let sp = ratio(seq, procs);
        assert!(
            sp > 0.9 * f64::from(cores) && sp < f64::from(cores),
            "{cores} cores: speedup {sp:.2}"
        );
        // More processes than cores: no further gain.
        let w8 = cpu_work(cores * 2, total);
        let sp8 = ratio(seq, wall(&w8, Approach::Processes, &s));
        assert!(
            sp8 < f64::from(cores),
            "{} processes on {cores} cores: {sp8:.2}",
            cores * 2
        );
    }
    // The start cost is paid: spawn costs ~50 ms more than fork here.
    let s = setup(2);
    let mut w = cpu_work(2, 100 * MS);
    let fork = wall(&w, Approach::Processes, &s);
    w.start_method = StartMethod::Spawn;
    let spawn = wall(&w, Approach::Processes, &s);
    assert!(spawn > fork + 40 * MS, "spawn {spawn} vs fork {fork}");
    assert!(fork > 50 * MS + s.start_costs.fork.child_ns, "fork {fork}");
}

fn task_done_times(tr: &Trace) -> Vec<u64> {
    let mut v: Vec<(u32, u64)> = tr
        .events
        .iter()
        .filter(|e| e.kind == EventKind::TaskDone)
        .map(|e| (e.other.unwrap(), e.t_ns))
        .collect();
    v.sort();
    v.into_iter().map(|(_, t)| t).collect()
}

#[test]
fn p9_asyncio_blocking_call_delays_every_task() {
    let mk = |blocking: Option<Value>| {
        let mut tasks = vec![];
        for i in 0..5 {
            tasks.push(json!({"name": format!("t{i}"), "program": [
                {"op": "await_sleep", "ns": 100 * MS}, {"op": "cpu", "ns": 100 * US},
                {"op": "await_io", "ns": 50 * MS}, {"op": "cpu", "ns": 100 * US}]}));
        }
        if let Some(b) = blocking {
            tasks.push(
                json!({"name": "blocker", "program": [{"op": "await_sleep", "ns": 10 * MS}, b]}),
            );
        }
        scenario(
            json!({"version": 1, "processes": [{"name": "main", "threads": [
            {"name": "MainThread", "program": [{"op": "asyncio", "tasks": tasks}]}]}]}),
        )
    };
    let base = task_done_times(&run(&mk(None)));
    for b in [
        json!({"op": "cpu", "ns": 1_000 * MS}),
        json!({"op": "sleep", "ns": 1_000 * MS}),
    ] {
        let slow = task_done_times(&run(&mk(Some(b))));
        for i in 0..5 {
            let delay = slow[i] as i64 - base[i] as i64;
            assert!(
                (900 * MS as i64..=1_100 * MS as i64).contains(&delay),
                "task {i} delayed {delay} ns"
            );
        }
    }
    // Without the blocking call all five finish in about 150 ms, concurrently.
    assert!(base.iter().all(|&t| t < 160 * MS), "{base:?}");
}

#[test]
fn p10_daemon_threads_are_killed_non_daemon_threads_joined() {
    let sc = scenario(
        json!({"version": 1, "processes": [{"name": "main", "threads": [
        {"name": "MainThread", "program": [
            {"op": "start_thread", "thread": "daemon"}, {"op": "start_thread", "thread": "worker"},
            {"op": "cpu", "ns": MS}]},
        {"name": "daemon", "daemon": true, "program": [{"op": "sleep", "ns": 10_000 * MS}, {"op": "cpu", "ns": MS}]},
        {"name": "worker", "program": [{"op": "sleep", "ns": 1_000 * MS}, {"op": "cpu", "ns": MS}]}]}]}),
    );
    let tr = run(&sc);
    let m = metrics(&tr);
    // The non-daemon worker keeps the process alive for its second; the daemon's 10 s are cut.
    assert!(
        tr.wall_ns > 1_000 * MS && tr.wall_ns < 1_100 * MS,
        "wall {}",
        tr.wall_ns
    );
    assert!(m.threads[1].killed, "daemon not killed");
    assert!(!m.threads[2].killed);
    assert_eq!(tr.thread_spans[2].last().unwrap().state, State::Done);
    assert_eq!(tr.thread_spans[1].last().unwrap().state, State::Killed);
    assert_eq!(
        tr.threads[1].work_ns, 0,
        "the daemon never ran its CPU step"
    );
    assert_eq!(tr.threads[2].work_ns, MS);
}
