//! The scenarios of the calibration cases: the processes each case of
//! `calibration/machine_profile.py` runs, rebuilt as the model's scenario ([`Scene`]), run
//! with a profile's costs ([`model_run`]), and the figures read off their traces the way the
//! script reads them from its timestamps.

use crate::engine::simulate;
use crate::profile::MachineProfile;
use crate::scenario::{
    Machine, Process, Runtime, SCENARIO_VERSION, Scenario, StartMethod, Step, Thread,
};
use crate::trace::{EventKind, Lane, State, Trace};

pub(super) const MS: u64 = 1_000_000;
/// The CPU-bound cases' work in all, as the script's (`rate * 0.08`).
const CPU_WORK_NS: u64 = 80 * MS;
/// The switch interval every case runs at unless it says otherwise (CPython's default).
const INTERVAL_NS: u64 = 5 * MS;

/// Runs a case's processes on `cores` cores, at `interval` (CPython's default unless a case
/// says), with the profile's costs.
pub(super) fn model_run(profile: &MachineProfile, cores: u32, case: Scene) -> Option<Trace> {
    let (processes, interval) = case;
    let mut sc = Scenario {
        version: SCENARIO_VERSION,
        name: String::new(),
        question: String::new(),
        lesson: String::new(),
        seed: 0,
        machine: Machine {
            cores,
            ..Machine::default()
        },
        os: Default::default(),
        runtime: Runtime {
            switch_interval_ns: interval,
            ..Runtime::default()
        },
        start_costs: Default::default(),
        limits: Default::default(),
        workload: None,
        processes,
    };
    profile.apply(&mut sc);
    simulate(&sc).ok()
}

/// A case: its processes and its switch interval.
pub(super) type Scene = (Vec<Process>, u64);

pub(super) fn ratio(a: Option<u64>, b: Option<u64>) -> Option<f64> {
    let (a, b) = (a?, b?);
    (b > 0).then(|| a as f64 / b as f64)
}

pub(super) fn ms(ns: u64) -> f64 {
    ns as f64 / MS as f64
}

pub(super) fn median(mut xs: Vec<u64>) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    xs.sort_unstable();
    let n = xs.len();
    Some(if n % 2 == 1 {
        xs[n / 2] as f64
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) as f64 / 2.0
    })
}

pub(super) fn names(prefix: &str, k: u32) -> Vec<String> {
    (1..=k).map(|i| format!("{prefix}{i}")).collect()
}

pub(super) fn thread(name: &str, program: Vec<Step>) -> Thread {
    Thread {
        name: name.into(),
        daemon: false,
        interpreter: 0,
        program,
    }
}

pub(super) fn process(name: &str, method: StartMethod, threads: Vec<Thread>) -> Process {
    Process {
        name: name.into(),
        start_method: method,
        interpreters: 1,
        threads,
    }
}

pub(super) fn cpu(ns: u64) -> Step {
    Step::Cpu { ns }
}

/// The main process, whose main thread runs `program`, then `others`.
pub(super) fn main_then(program: Vec<Step>, others: Vec<Process>) -> Vec<Process> {
    let mut ps = vec![process(
        "main",
        StartMethod::Fork,
        vec![thread("MainThread", program)],
    )];
    ps.extend(others);
    ps
}

/// `k` processes (fork), each `CPU_WORK_NS / k` of Python, started then joined.
pub(super) fn cpu_processes(k: u32) -> Scene {
    let ps = names("p", k);
    let mut main: Vec<Step> = ps
        .iter()
        .map(|p| Step::StartProcess { process: p.clone() })
        .collect();
    main.extend(ps.iter().map(|p| Step::JoinProcess { process: p.clone() }));
    let each = CPU_WORK_NS / u64::from(k);
    let children = ps
        .iter()
        .map(|p| {
            process(
                p,
                StartMethod::Fork,
                vec![thread("MainThread", vec![cpu(each)])],
            )
        })
        .collect();
    (main_then(main, children), INTERVAL_NS)
}

/// `k` threads, each `ns` of Python, started then joined, at switch interval `interval`.
pub(super) fn threads_of(k: u32, ns: u64, interval: u64) -> Scene {
    let ts = names("t", k);
    let mut main: Vec<Step> = ts
        .iter()
        .map(|t| Step::StartThread { thread: t.clone() })
        .collect();
    main.extend(ts.iter().map(|t| Step::JoinThread { thread: t.clone() }));
    let mut threads = vec![thread("MainThread", main)];
    threads.extend(ts.iter().map(|t| thread(t, vec![cpu(ns)])));
    (vec![process("main", StartMethod::Fork, threads)], interval)
}

/// `k` threads sharing `CPU_WORK_NS` of Python.
pub(super) fn cpu_threads(k: u32) -> Scene {
    threads_of(k, CPU_WORK_NS / u64::from(k), INTERVAL_NS)
}

/// `Thread(target=noop)`: start, join (the target runs a microsecond of Python).
pub(super) fn thread_start_join() -> Scene {
    threads_of(1, 1_000, INTERVAL_NS)
}

/// `n` processes of one start method, each started and joined before the next.
pub(super) fn process_starts(method: StartMethod, n: u32) -> Scene {
    let ps = names("p", n);
    let main = ps
        .iter()
        .flat_map(|p| {
            [
                Step::StartProcess { process: p.clone() },
                Step::JoinProcess { process: p.clone() },
            ]
        })
        .collect();
    let children = ps
        .iter()
        .map(|p| process(p, method, vec![thread("MainThread", vec![cpu(1_000)])]))
        .collect();
    (main_then(main, children), INTERVAL_NS)
}

pub(super) fn sleep_once() -> Scene {
    (main_then(vec![Step::Sleep { ns: MS }], vec![]), INTERVAL_NS)
}

/// Two CPU-bound threads for `ns` each at switch interval `interval`.
pub(super) fn gil_turns(interval: u64, ns: u64) -> Scene {
    threads_of(2, ns, interval)
}

/// The median GIL turn of the two worker threads, as the script takes it: from one turn's
/// start to the next's, leaving out the first two turns (the start, when the main thread
/// also wants the GIL) and those after one thread has finished.
pub(super) fn holding_median(tr: &Trace) -> Option<f64> {
    let lane = tr.lane(Lane::Gil(0));
    let workers = |t: Option<u32>| t.is_some_and(|t| t >= 1);
    let starts: Vec<u64> = {
        let mut s = Vec::new();
        let mut who = None;
        for sp in lane.iter() {
            if sp.state == State::Held && workers(sp.thread) && sp.thread != who {
                s.push(sp.start_ns);
                who = sp.thread;
            }
        }
        s
    };
    let first_done = (1..tr.threads.len() as u32)
        .filter_map(|t| {
            tr.lane(Lane::Thread(t))
                .iter()
                .find(|s| s.state == State::Done)
                .map(|s| s.start_ns)
        })
        .min()?;
    let turns: Vec<u64> = starts
        .windows(2)
        .skip(2)
        .filter(|w| w[1] <= first_done)
        .map(|w| w[1] - w[0])
        .collect();
    median(turns).map(|ns| ns / MS as f64)
}

/// A reader thread that waits 9 times for I/O (12 ms) beside a CPU-bound daemon thread.
pub(super) fn release_latency() -> Scene {
    let main = vec![
        Step::StartThread {
            thread: "spinner".into(),
        },
        Step::StartThread {
            thread: "reader".into(),
        },
        Step::JoinThread {
            thread: "reader".into(),
        },
    ];
    let mut spinner = thread("spinner", vec![cpu(10_000 * MS)]);
    spinner.daemon = true;
    let reader = thread(
        "reader",
        vec![Step::Repeat {
            count: 9,
            body: vec![
                Step::Io {
                    ns: 12 * MS,
                    jitter_ns: 0,
                },
                cpu(1_000),
            ],
        }],
    );
    let threads = vec![thread("MainThread", main), spinner, reader];
    (
        vec![process("main", StartMethod::Fork, threads)],
        INTERVAL_NS,
    )
}

/// The median time from the reader's I/O end to its next GIL take, leaving out the first.
pub(super) fn release_median(tr: &Trace) -> Option<f64> {
    let reader = tr.threads.iter().position(|t| t.name == "reader")? as u32;
    let mut lat = Vec::new();
    let mut io_end = None;
    for e in tr.events.iter() {
        if e.thread != Some(reader) {
            continue;
        }
        match e.kind {
            EventKind::IoEnd => io_end = Some(e.t_ns),
            EventKind::GilTake => {
                if let Some(t0) = io_end.take() {
                    lat.push(e.t_ns - t0);
                }
            }
            _ => {}
        }
    }
    median(lat.into_iter().skip(1).collect()).map(|ns| ns / MS as f64)
}
