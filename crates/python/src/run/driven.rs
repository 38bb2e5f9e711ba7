//! A program under the model: the engine (`gil_sim::simulate_driven`) decides which thread runs
//! and when, on its cores and its GIL; this driver runs the thread it is asked for, a slice of
//! operations at a time, and tells the engine what the slice cost (its operations, each at its
//! kind's cost: `vm::cost`) and what the thread does next: sleeps, waits, starts a thread, ends.
//! What the program prints is kept line by line, each at the time and on the thread that
//! printed it.

use gil_sim::python::PyError;
use gil_sim::{Driver, Next, Scenario, SimError, Slice as Work, Trace};

use super::{End, compile_text, end_of};
use crate::value::Value;
use crate::value::heap::Heap;
use crate::vm::cost::OpCosts;
use crate::vm::threads::{Slice, State};
use crate::vm::{Block, Flow, Limits, Vm};

/// How a program runs under the model.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// The machine, the OS and the runtime (its processes are replaced by the program's).
    pub scenario: Scenario,
    /// The time each kind of operation takes at full speed.
    pub costs: OpCosts,
    /// The caps of the run.
    pub limits: Limits,
    /// The program's standard input (what `input()` reads).
    pub stdin: String,
    /// How long `input()` waits for its line, ns.
    pub input_ns: u64,
}

/// The model's default machine, OS and runtime, with one main process and its main thread (a
/// program's threads join it): what a `Simulation` runs on unless told otherwise.
pub fn default_scenario() -> Scenario {
    Scenario::from_json(
        r#"{"version":1,"processes":[{"name":"MainProcess","threads":[{"name":"MainThread","program":[]}]}]}"#,
    )
    .expect("the default scenario reads")
}

impl Simulation {
    /// A run on `scenario`'s machine with the default costs, caps and input wait, and no input.
    pub fn new(scenario: Scenario) -> Simulation {
        Simulation {
            scenario,
            costs: OpCosts::default(),
            limits: Limits::default(),
            stdin: String::new(),
            input_ns: crate::vm::INPUT_NS,
        }
    }
}

/// A line the program printed: when (the model's clock, ns), on which thread (its number in
/// the trace's main process), and its text without the line end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub at_ns: u64,
    pub thread: u32,
    pub text: String,
}

/// A program run under the model.
#[derive(Debug, Clone)]
pub struct Simulated {
    /// The run's trace (none when the program was refused, or never ends).
    pub trace: Option<Trace>,
    /// What it printed, as one text, and line by line.
    pub stdout: String,
    pub lines: Vec<Line>,
    /// How it ended.
    pub end: End,
}

/// Reads `text` and runs it under the model: its threads are the trace's main process's.
pub fn simulate(text: &str, setup: &Simulation) -> Simulated {
    let code = match compile_text(text) {
        Ok(code) => code,
        Err(e) => return refused(e),
    };
    let mut sc = setup.scenario.clone();
    sc.processes = vec![gil_sim::Process {
        name: "MainProcess".into(),
        start_method: Default::default(),
        interpreters: 1,
        threads: vec![gil_sim::Thread {
            name: "MainThread".into(),
            daemon: false,
            interpreter: 0,
            program: Vec::new(),
        }],
    }];
    sc.workload = None;
    let checked = match sc.check() {
        Ok(c) => c,
        Err(e) => return refused(PyError::new(1, 1, e.to_string())),
    };
    // Declared first, dropped last: when the run is over, its objects' cycles are broken.
    let _heap = Heap::enter();
    let mut vm = Vm::new(setup.limits);
    vm.costs = setup.costs;
    vm.stdin = setup.stdin.clone();
    vm.cpu_count = setup.scenario.machine.cores;
    vm.switch_ns = setup.scenario.runtime.switch_interval_ns;
    // Without a GIL, threads on different cores interleave at any operation: short slices
    // that may end anywhere (a read and its write can be split, and updates lost).
    let free = setup.scenario.runtime.gil == gil_sim::GilMode::FreeThreaded;
    vm.anywhere = free;
    vm.input_ns = setup.input_ns;
    vm.load_main(code);
    let mut driver = PyDriver {
        vm: &mut vm,
        main_error: None,
        stopped: None,
        switch_ns: setup.scenario.runtime.switch_interval_ns,
        slice_ns: if free { FREE_SLICE_NS } else { u64::MAX },
        seed: setup.scenario.seed ^ 0x9E37_79B9_7F4A_7C15,
    };
    let result = gil_sim::simulate_driven(checked, &mut driver);
    let (main_error, stopped) = (driver.main_error.take(), driver.stopped.take());
    let lines = lines_of(&vm);
    let (trace, end) = match (result, stopped) {
        (_, Some(flow)) => (None, end_of(&mut vm, Err(flow))),
        (Ok(trace), None) => {
            let end = end_of(&mut vm, main_error.map_or(Ok(()), Err));
            (Some(trace), end)
        }
        (Err(e), None) => (None, end_of(&mut vm, Err(Flow::Refuse(why(&e))))),
    };
    Simulated {
        trace,
        stdout: std::mem::take(&mut vm.out),
        lines,
        end,
    }
}

fn refused(e: PyError) -> Simulated {
    Simulated {
        trace: None,
        stdout: String::new(),
        lines: Vec::new(),
        end: End::Refused(e),
    }
}

/// Why the model stopped the run, for people.
fn why(e: &SimError) -> String {
    match e {
        SimError::Deadlock { blocked, .. } => format!(
            "every thread waits for another ({} threads): this program never ends in CPython (a deadlock)",
            blocked.len()
        ),
        other => other.to_string(),
    }
}

/// The program's output line by line, each with the write that ended it.
fn lines_of(vm: &Vm) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    for w in &vm.writes {
        while let Some(nl) = vm.out[start..w.end].find('\n') {
            let end = start + nl;
            lines.push(Line {
                at_ns: w.at_ns,
                thread: w.thread as u32,
                text: vm.out[start..end].to_string(),
            });
            start = end + 1;
        }
    }
    if start < vm.out.len()
        && let Some(w) = vm.writes.last()
    {
        lines.push(Line {
            at_ns: w.at_ns,
            thread: w.thread as u32,
            text: vm.out[start..].to_string(),
        });
    }
    lines
}

struct PyDriver<'v> {
    vm: &'v mut Vm,
    /// The exception that ended the main thread (the program ends with it).
    main_error: Option<Flow>,
    /// Why the run stopped early: a refusal, a cap.
    stopped: Option<Flow>,
    /// The switch interval the engine has, ns (the program may set another).
    switch_ns: u64,
    /// The most work one slice runs, ns (below the engine's budget in the free-threaded build).
    slice_ns: u64,
    /// Varies the free-threaded build's slices (from the scenario's seed), so that where they
    /// end does not follow the loops' rhythm.
    seed: u64,
}

/// A slice's work in the free-threaded build, ns: how finely threads on different cores
/// interleave their operations.
const FREE_SLICE_NS: u64 = 2_000;

impl Driver for PyDriver<'_> {
    fn run(&mut self, thread: u32, now_ns: u64, budget_ns: u64) -> Work {
        let t = thread as usize;
        let vm = &mut *self.vm;
        vm.now_ns = now_ns;
        vm.switch_to(t);
        let before = vm.work_ps / 1000;
        let budget_ns = if self.slice_ns < budget_ns {
            self.seed = self
                .seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            // Half to one and a half of the slice's work.
            self.slice_ns / 2 + (self.seed >> 33) % self.slice_ns.max(1)
        } else {
            budget_ns
        };
        vm.work_budget_ps = Some(budget_ns.saturating_mul(1000));
        let slice = vm.run_slice(u64::MAX);
        let work_ns = vm.work_ps / 1000 - before;
        let next = match slice {
            Slice::Preempted => Next::Go,
            Slice::Blocked(Block::Sleep(ns)) => {
                vm.threads[t].resume = Some(Value::None);
                Next::Sleep(ns)
            }
            // The call's value was set when it began (`input()`'s line).
            Slice::Blocked(Block::Io(ns)) => Next::Io(ns),
            Slice::Blocked(b @ (Block::Lock(_, deadline) | Block::Join(_, deadline))) => {
                vm.threads[t].state = State::Waiting(b, vm.clock());
                Next::Wait {
                    deadline,
                    join: matches!(b, Block::Join(..)),
                }
            }
            Slice::Started(child) => {
                let (name, daemon) = describe(vm, child);
                Next::Start {
                    thread: child as u32,
                    name,
                    daemon,
                }
            }
            Slice::Finished => {
                vm.threads[t].state = State::Done;
                Next::End
            }
            Slice::Raised(e) => {
                vm.threads[t].state = State::Done;
                if t == 0 {
                    self.main_error = Some(Flow::Raise(e));
                }
                // Another thread's uncaught exception goes to stderr in CPython, and the
                // program goes on.
                Next::End
            }
            Slice::Refused(words) => {
                self.stopped = Some(Flow::Refuse(words.clone()));
                Next::Stop(words)
            }
        };
        let wakes = vm.unblocked().into_iter().map(|w| w as u32).collect();
        let switch_interval_ns = (vm.switch_ns != self.switch_ns).then(|| {
            self.switch_ns = vm.switch_ns;
            vm.switch_ns
        });
        Work {
            work_ns,
            wakes,
            next,
            switch_interval_ns,
        }
    }

    fn resume(&mut self, thread: u32, now_ns: u64) -> bool {
        self.vm.now_ns = now_ns;
        self.vm.slice_work_ps = self.vm.work_ps;
        self.vm.try_resume(thread as usize)
    }
}

/// A new thread's name and whether it is a daemon, from its `Thread` object.
fn describe(vm: &mut Vm, t: usize) -> (String, bool) {
    let obj = vm.threads[t].obj.clone();
    let name = match vm.getattr(&obj, "_name") {
        Ok(Value::Str(s)) => s.to_string(),
        _ => format!("Thread-{t}"),
    };
    (name, vm.threads[t].daemon)
}
