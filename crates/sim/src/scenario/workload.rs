//! The workload form of a scenario: a [`Workload`] (tasks of CPU work, GIL-releasing C work, I/O
//! and sleeps) plus machine/runtime parameters ([`Setup`]) builds the processes and threads for
//! each [`Approach`] (sequential, threads, processes, asyncio). Runs nothing: `crate::compare`
//! runs them.

use serde::{Deserialize, Serialize};

use super::{
    Limits, MAX_PROCESSES, MAX_SIM_NS, MAX_THREADS, Machine, Os, Process, Runtime,
    SCENARIO_VERSION, Scenario, ScenarioError, StartCosts, StartMethod, Step, Task, Thread,
    WorkloadRef,
};

/// How a workload is run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Approach {
    /// One thread does every task, one after the other.
    Sequential,
    /// `workers` threads in one process share the tasks (one GIL).
    Threads,
    /// `workers` processes share the tasks (one GIL each), started with `start_method`.
    Processes,
    /// One thread, one event loop, one coroutine per task (I/O and sleeps are awaited).
    Asyncio,
}

impl Approach {
    /// The four modes, in display order.
    pub const ALL: [Approach; 4] = [
        Approach::Sequential,
        Approach::Threads,
        Approach::Processes,
        Approach::Asyncio,
    ];

    /// The mode's name as written in a scenario file (`sequential`, `threads`, ...).
    pub fn label(self) -> &'static str {
        match self {
            Approach::Sequential => "sequential",
            Approach::Threads => "threads",
            Approach::Processes => "processes",
            Approach::Asyncio => "asyncio",
        }
    }
}

/// A workload: `tasks` equal tasks; each task repeats `repeats` times: CPU work (`cpu_ns`,
/// needs the GIL), then GIL-releasing C work (`c_release_ns`), then blocking I/O (`io_ns`),
/// then a sleep (`sleep_ns`). Zero durations are left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    /// Number of equal tasks, 1..=[`MAX_TASKS`].
    pub tasks: u32,
    /// Threads or processes to use (0: one per task). Tasks are dealt round-robin.
    #[serde(default)]
    pub workers: u32,
    /// Pure-Python CPU work per repeat, ns: needs the GIL and a core (default 0).
    #[serde(default)]
    pub cpu_ns: u64,
    /// GIL-releasing C work per repeat, ns: needs a core only (default 0).
    #[serde(default)]
    pub c_release_ns: u64,
    /// Blocking I/O per repeat, ns (awaited in `asyncio` mode; default 0).
    #[serde(default)]
    pub io_ns: u64,
    /// `time.sleep` per repeat, ns (`asyncio.sleep` in `asyncio` mode; default 0).
    #[serde(default)]
    pub sleep_ns: u64,
    /// Times each task runs its body, > 0 (default 1).
    #[serde(default = "one")]
    pub repeats: u32,
    /// Start method of the worker processes in `processes` mode (default `fork`).
    #[serde(default)]
    pub start_method: StartMethod,
}

fn one() -> u32 {
    1
}

/// Largest number of tasks in a workload.
pub const MAX_TASKS: u32 = 4096;

/// The machine and runtime parameters a UI's parameter panel edits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Setup {
    /// The simulated machine (cores).
    pub machine: Machine,
    /// The OS scheduler parameters.
    pub os: Os,
    /// The Python runtime: GIL mode, switch interval, interpreter costs.
    pub runtime: Runtime,
    /// Process start costs per start method.
    pub start_costs: StartCosts,
    /// Seed of the run's PRNG.
    pub seed: u64,
    /// Lower limits for every run built from this setup (a browser asks for fewer events).
    #[serde(default)]
    pub limits: Limits,
}

impl Workload {
    /// Checks the workload; errors name `path.<field>`.
    pub fn validate(&self, path: &str) -> Result<(), ScenarioError> {
        if self.tasks == 0 || self.tasks > MAX_TASKS {
            return Err(ScenarioError::new(
                format!("{path}.work.tasks"),
                format!("must be between 1 and {MAX_TASKS}"),
            ));
        }
        if self.repeats == 0 {
            return Err(ScenarioError::new(
                format!("{path}.work.repeats"),
                "must be > 0",
            ));
        }
        let total = [self.cpu_ns, self.c_release_ns, self.io_ns, self.sleep_ns];
        if total.iter().all(|&d| d == 0) {
            return Err(ScenarioError::new(
                format!("{path}.work"),
                "at least one of cpu_ns, c_release_ns, io_ns, sleep_ns must be > 0",
            ));
        }
        for (n, d) in [
            ("cpu_ns", self.cpu_ns),
            ("c_release_ns", self.c_release_ns),
            ("io_ns", self.io_ns),
            ("sleep_ns", self.sleep_ns),
        ] {
            if d > MAX_SIM_NS {
                return Err(ScenarioError::new(
                    format!("{path}.work.{n}"),
                    format!("must be <= {MAX_SIM_NS}"),
                ));
            }
        }
        let w = self.worker_count();
        if w >= MAX_PROCESSES || w >= MAX_THREADS {
            return Err(ScenarioError::new(
                format!("{path}.work.workers"),
                format!("at most {} workers (cap MAX_PROCESSES)", MAX_PROCESSES - 1),
            ));
        }
        Ok(())
    }

    /// Workers actually used: `workers`, or one per task, never more than the tasks.
    pub fn worker_count(&self) -> u32 {
        let w = if self.workers == 0 {
            self.tasks
        } else {
            self.workers
        };
        w.min(self.tasks).max(1)
    }

    fn body(&self, asyncio: bool) -> Vec<Step> {
        let mut b = Vec::new();
        if self.cpu_ns > 0 {
            b.push(Step::Cpu { ns: self.cpu_ns });
        }
        if self.c_release_ns > 0 {
            b.push(Step::CRelease {
                ns: self.c_release_ns,
            });
        }
        if self.io_ns > 0 {
            b.push(if asyncio {
                Step::AwaitIo {
                    ns: self.io_ns,
                    jitter_ns: 0,
                }
            } else {
                Step::Io {
                    ns: self.io_ns,
                    jitter_ns: 0,
                }
            });
        }
        if self.sleep_ns > 0 {
            b.push(if asyncio {
                Step::AwaitSleep { ns: self.sleep_ns }
            } else {
                Step::Sleep { ns: self.sleep_ns }
            });
        }
        b
    }

    /// `n` tasks one after the other.
    fn tasks_program(&self, n: u32) -> Vec<Step> {
        let per_task = Step::Repeat {
            count: self.repeats,
            body: self.body(false),
        };
        if n == 1 {
            vec![per_task]
        } else {
            vec![Step::Repeat {
                count: n,
                body: vec![per_task],
            }]
        }
    }

    /// Number of tasks dealt to worker `i` of `w`.
    fn share(&self, i: u32, w: u32) -> u32 {
        self.tasks / w + u32::from(i < self.tasks % w)
    }

    /// The processes that run this workload in `mode`.
    pub fn processes(&self, mode: Approach) -> Result<Vec<Process>, ScenarioError> {
        self.validate("workload")?;
        let w = self.worker_count();
        let main = |program: Vec<Step>, extra: Vec<Thread>| {
            let mut threads = vec![Thread {
                name: "MainThread".into(),
                daemon: false,
                interpreter: 0,
                program,
            }];
            threads.extend(extra);
            Process {
                name: "main".into(),
                start_method: StartMethod::Fork,
                interpreters: 1,
                threads,
            }
        };
        Ok(match mode {
            Approach::Sequential => vec![main(self.tasks_program(self.tasks), vec![])],
            Approach::Threads => {
                let names: Vec<String> = (1..=w).map(|i| format!("Thread-{i}")).collect();
                let mut prog: Vec<Step> = names
                    .iter()
                    .map(|n| Step::StartThread { thread: n.clone() })
                    .collect();
                prog.extend(names.iter().map(|n| Step::JoinThread { thread: n.clone() }));
                let workers = (0..w)
                    .map(|i| Thread {
                        name: names[i as usize].clone(),
                        daemon: false,
                        interpreter: 0,
                        program: self.tasks_program(self.share(i, w)),
                    })
                    .collect();
                vec![main(prog, workers)]
            }
            Approach::Processes => {
                let names: Vec<String> = (1..=w).map(|i| format!("Process-{i}")).collect();
                let mut prog: Vec<Step> = names
                    .iter()
                    .map(|n| Step::StartProcess { process: n.clone() })
                    .collect();
                prog.extend(
                    names
                        .iter()
                        .map(|n| Step::JoinProcess { process: n.clone() }),
                );
                let mut v = vec![main(prog, vec![])];
                for i in 0..w {
                    v.push(Process {
                        name: names[i as usize].clone(),
                        start_method: self.start_method,
                        interpreters: 1,
                        threads: vec![Thread {
                            name: "MainThread".into(),
                            daemon: false,
                            interpreter: 0,
                            program: self.tasks_program(self.share(i, w)),
                        }],
                    });
                }
                v
            }
            Approach::Asyncio => {
                let tasks = (1..=self.tasks)
                    .map(|i| Task {
                        name: format!("task-{i}"),
                        program: vec![Step::Repeat {
                            count: self.repeats,
                            body: self.body(true),
                        }],
                    })
                    .collect();
                vec![main(vec![Step::Asyncio { tasks }], vec![])]
            }
        })
    }

    /// A complete scenario running this workload in `mode` on `setup`.
    pub fn scenario(&self, mode: Approach, setup: &Setup) -> Result<Scenario, ScenarioError> {
        let sc = Scenario {
            version: SCENARIO_VERSION,
            name: format!("workload-{}", mode.label()),
            question: String::new(),
            lesson: String::new(),
            seed: setup.seed,
            machine: setup.machine.clone(),
            os: setup.os.clone(),
            runtime: setup.runtime.clone(),
            start_costs: setup.start_costs.clone(),
            limits: setup.limits.clone(),
            workload: Some(WorkloadRef {
                mode,
                work: self.clone(),
            }),
            processes: self.processes(mode)?,
        };
        sc.validate()?;
        Ok(sc)
    }
}

impl Scenario {
    /// For a scenario built from a workload: the same workload in another mode and/or with
    /// another setup (what a UI's parameter panel does). `None` if it has no workload.
    pub fn rebuild(
        &self,
        mode: Option<Approach>,
        setup: &Setup,
    ) -> Option<Result<Scenario, ScenarioError>> {
        let w = self.workload.as_ref()?;
        let mut sc = w.work.scenario(mode.unwrap_or(w.mode), setup);
        if let Ok(s) = sc.as_mut() {
            s.name = self.name.clone();
            s.question = self.question.clone();
            s.lesson = self.lesson.clone();
        }
        Some(sc)
    }
}
