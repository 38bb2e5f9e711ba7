//! The benchmark scenarios: the stress scenario (64 threads in 8 processes on 8 cores, 60 s
//! simulated, I/O mixed with CPU) and the classroom scenario (16 threads, 10 s simulated).

use crate::scenario::{Machine, Process, SCENARIO_VERSION, Scenario, Step, Thread};

fn worker_program(iters: u32, cpu_ns: u64, io_ns: u64, jitter_ns: u64) -> Vec<Step> {
    vec![Step::Repeat {
        count: iters,
        body: vec![
            Step::Cpu { ns: cpu_ns },
            Step::Io {
                ns: io_ns,
                jitter_ns,
            },
        ],
    }]
}

fn process(
    name: String,
    threads: u32,
    iters: u32,
    cpu_ns: u64,
    io_ns: u64,
    jitter_ns: u64,
) -> Process {
    let mut main_prog: Vec<Step> = (1..threads)
        .map(|i| Step::StartThread {
            thread: format!("worker-{i}"),
        })
        .collect();
    main_prog.extend(worker_program(iters, cpu_ns, io_ns, jitter_ns));
    main_prog.extend((1..threads).map(|i| Step::JoinThread {
        thread: format!("worker-{i}"),
    }));
    let mut ts = vec![Thread {
        name: "MainThread".into(),
        daemon: false,
        interpreter: 0,
        program: main_prog,
    }];
    ts.extend((1..threads).map(|i| Thread {
        name: format!("worker-{i}"),
        daemon: false,
        interpreter: 0,
        program: worker_program(iters, cpu_ns, io_ns, jitter_ns),
    }));
    Process {
        name,
        start_method: Default::default(),
        interpreters: 1,
        threads: ts,
    }
}

fn base(cores: u32, seed: u64, processes: Vec<Process>) -> Scenario {
    Scenario {
        version: SCENARIO_VERSION,
        name: String::new(),
        question: String::new(),
        lesson: String::new(),
        seed,
        machine: Machine {
            cores,
            ..Machine::default()
        },
        os: Default::default(),
        runtime: Default::default(),
        start_costs: Default::default(),
        limits: Default::default(),
        workload: None,
        processes,
    }
}

/// 64 threads in 8 processes on 8 cores, about 60 s simulated: every thread repeats 1 ms of
/// Python then 9 ms (+0..2 ms) of blocking I/O.
pub fn stress_scenario() -> Scenario {
    let mut procs = vec![process(
        "main".into(),
        8,
        6_000,
        1_000_000,
        9_000_000,
        2_000_000,
    )];
    let mut main_prog: Vec<Step> = (1..8)
        .map(|i| Step::StartProcess {
            process: format!("proc-{i}"),
        })
        .collect();
    main_prog.append(&mut procs[0].threads[0].program);
    main_prog.extend((1..8).map(|i| Step::JoinProcess {
        process: format!("proc-{i}"),
    }));
    procs[0].threads[0].program = main_prog;
    for i in 1..8 {
        procs.push(process(
            format!("proc-{i}"),
            8,
            6_000,
            1_000_000,
            9_000_000,
            2_000_000,
        ));
    }
    let mut sc = base(8, 64, procs);
    sc.name = "stress".into();
    sc
}

/// 16 threads in one process on 4 cores, about 10 s simulated: each repeats 1 ms of Python
/// then 19 ms (+0..2 ms) of I/O.
pub fn classroom_scenario() -> Scenario {
    let mut sc = base(
        4,
        16,
        vec![process(
            "main".into(),
            16,
            500,
            1_000_000,
            19_000_000,
            2_000_000,
        )],
    );
    sc.name = "classroom".into();
    sc
}
