//! The scenario: a versioned, serde (JSON) description of the machine, the OS, the Python
//! runtime (GIL mode, switch interval, start costs), the processes and their threads' programs,
//! and the seed. Owns the types, the caps and parsing (with field paths); `validate` checks the
//! meaning (`starts`: who starts whom), `workload` builds the processes of a workload scenario.

use serde::{Deserialize, Serialize};

mod error;
mod setup;
mod starts;
pub mod validate;
pub mod workload;

pub(crate) use error::read_json;
pub use error::{ScenarioError, one_line, unsafe_on_screen};
pub use setup::{
    GilMode, Machine, OldGil, Os, Runtime, StartCost, StartCosts, StartMethod, WakePolicy,
};

pub use validate::Checked;
use workload::{Approach, Workload};

/// The only scenario format version this crate reads.
pub const SCENARIO_VERSION: u32 = 1;
/// Cap: size of a scenario's text, in bytes. Parsing happens before validation, so this bounds
/// its work and memory too (a scenario at `MAX_STEPS` is well under it).
pub const MAX_SCENARIO_BYTES: usize = 64 << 20;
/// Cap: number of CPU cores of the simulated machine.
pub const MAX_CORES: u32 = 256;
/// Cap: number of processes in one scenario.
pub const MAX_PROCESSES: u32 = 256;
/// Cap: number of threads in one scenario, over all processes.
pub const MAX_THREADS: u32 = 4096;
/// Cap: interpreters per process (per-interpreter GIL mode).
pub const MAX_INTERPRETERS: u32 = 64;
/// Cap: program steps over the whole scenario after expanding every `repeat` (and the tasks of
/// every asyncio loop). Bounds the instant steps (locks, starts) a run can execute.
pub const MAX_STEPS: u64 = 2_000_000;
/// Cap: units of engine work in one run: every engine event, and every program op executed
/// (zero-time ones too: lock steps, starts, `repeat` bookkeeping, asyncio task switches). A
/// backstop: `MAX_EVENTS` bounds the events and `MAX_STEPS` the ops and task resumptions, which
/// keeps valid scenarios below it; the engine still charges every unit, so no input can make it
/// work without bound.
pub const MAX_WORK: u64 = 2 * MAX_EVENTS + 4 * MAX_STEPS + MAX_THREADS as u64 + 1_000_000;
/// Cap: simulated time (one hour). A run that would go past it stops with an error.
pub const MAX_SIM_NS: u64 = 3_600 * 1_000_000_000;
/// Cap: engine events processed in one run. A run that would exceed it stops with an error. A
/// traced run stores about 34 bytes of spans and events per engine event, so this also caps
/// the trace at roughly 140 MB (the wasm build has 1 GiB of memory).
pub const MAX_EVENTS: u64 = 4_000_000;
/// Cap: nesting depth of `repeat` blocks.
pub const MAX_REPEAT_DEPTH: u32 = 16;
/// Cap: length of any name (thread, process, lock, task), in bytes.
pub const MAX_NAME_LEN: usize = 64;
/// Lower bound of the switch interval (CPython stores it in microseconds).
pub const MIN_SWITCH_INTERVAL_NS: u64 = 1_000;
/// Lower bound of the OS time slice (keeps the event count bounded).
pub const MIN_TIME_SLICE_NS: u64 = 10_000;

/// A complete scenario. See `docs/model.md` for the format with examples.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Format version, must be 1.
    pub version: u32,
    /// Stable short name (presets use it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The question asked by `gil-sim run` without `-c`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub question: String,
    /// One-line lesson.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lesson: String,
    /// Seed of the one PRNG used for every random choice.
    #[serde(default)]
    pub seed: u64,
    /// The simulated machine (default: 2 cores).
    #[serde(default)]
    pub machine: Machine,
    /// The OS scheduler: time slice, context-switch cost and jitter, timer slack, wake policy.
    #[serde(default)]
    pub os: Os,
    /// The Python runtime: GIL mode, switch interval and interpreter costs.
    #[serde(default)]
    pub runtime: Runtime,
    /// CPU cost of starting a process with each start method (fork, forkserver, spawn).
    #[serde(default)]
    pub start_costs: StartCosts,
    /// Optional lower limits for this run (never above the caps).
    #[serde(default, skip_serializing_if = "Limits::is_default")]
    pub limits: Limits,
    /// If present, `processes` is generated from this workload and mode (and must be absent in
    /// the file). Kept so a UI can edit the workload and re-simulate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload: Option<WorkloadRef>,
    /// The processes. `processes[0]` is the main process; it starts at time 0. Every other
    /// process is started by a `start_process` step.
    #[serde(default)]
    pub processes: Vec<Process>,
}

/// Per-scenario limits, at most the crate's caps (`MAX_EVENTS`, `MAX_SIM_NS`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Engine events this run may process, 1..=[`MAX_EVENTS`] (default `MAX_EVENTS`).
    pub max_events: u64,
    /// Simulated time this run may reach, ns, 1..=[`MAX_SIM_NS`] (default `MAX_SIM_NS`).
    pub max_sim_ns: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_events: MAX_EVENTS,
            max_sim_ns: MAX_SIM_NS,
        }
    }
}

impl Limits {
    fn is_default(&self) -> bool {
        *self == Limits::default()
    }
}

/// A workload and the way to run it (see [`workload`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkloadRef {
    /// How the workload is run: sequential, threads, processes or asyncio.
    pub mode: Approach,
    /// The tasks to run.
    pub work: Workload,
}

/// One process: its own memory, interpreter(s) and GIL(s).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    /// Name, unique in the scenario, 1..=[`MAX_NAME_LEN`] bytes (`start_process` uses it).
    pub name: String,
    /// How this process is started (default `fork`; ignored for `processes[0]`).
    #[serde(default)]
    pub start_method: StartMethod,
    /// Number of interpreters, 1..=[`MAX_INTERPRETERS`] (default 1; each has its own GIL in
    /// `per_interpreter` mode).
    #[serde(default = "one")]
    pub interpreters: u32,
    /// `threads[0]` is the process's main thread; the others start via `start_thread`.
    pub threads: Vec<Thread>,
}

fn one() -> u32 {
    1
}

/// One thread and its program.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thread {
    /// Name, unique in its process, 1..=[`MAX_NAME_LEN`] bytes (`start_thread` uses it).
    pub name: String,
    /// Daemon threads are killed when the main thread exits; others are joined (default
    /// false; the main thread cannot be a daemon).
    #[serde(default)]
    pub daemon: bool,
    /// Which interpreter of the process runs this thread, below `interpreters` (default 0).
    #[serde(default)]
    pub interpreter: u32,
    /// The steps the thread runs, in order.
    pub program: Vec<Step>,
}

/// One asyncio task (a coroutine) of an event loop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    /// Name, unique in its event loop, 1..=[`MAX_NAME_LEN`] bytes.
    pub name: String,
    /// The coroutine's steps (`cpu`, `c_release`, `io`, `sleep`, `await_io`, `await_sleep`,
    /// `repeat`).
    pub program: Vec<Step>,
}

/// One step of a program. All durations are in nanoseconds of work (or of waiting).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    /// Pure-Python CPU work: needs the GIL and a core.
    Cpu {
        /// Work, ns (> 0).
        ns: u64,
    },
    /// C code that releases the GIL (hashlib on a large buffer, numpy): needs a core only.
    CRelease {
        /// Work, ns (> 0).
        ns: u64,
    },
    /// Blocking I/O: releases the GIL, uses no core. Optional uniform jitter from the seed.
    Io {
        /// Duration, ns (> 0).
        ns: u64,
        /// Uniform random extra, 0..=`jitter_ns` ns (default 0).
        #[serde(default)]
        jitter_ns: u64,
    },
    /// `time.sleep`: releases the GIL, uses no core.
    Sleep {
        /// Duration, ns (> 0); the wake-up comes `os.timer_slack_ns` later.
        ns: u64,
    },
    /// `threading.Thread(...).start()` of a thread of the same process.
    StartThread {
        /// Name of the thread to start (not `threads[0]`, not the caller).
        thread: String,
    },
    /// `Thread.join()` on a thread of the same process.
    JoinThread {
        /// Name of the thread to join.
        thread: String,
    },
    /// `multiprocessing.Process(...).start()` of another process of the scenario.
    StartProcess {
        /// Name of the process to start (not `processes[0]`).
        process: String,
    },
    /// `Process.join()`.
    JoinProcess {
        /// Name of the process to join.
        process: String,
    },
    /// `threading.Lock.acquire()` on a lock of this process (named).
    Acquire {
        /// Name of the lock; locks exist per process, created on first use.
        lock: String,
    },
    /// `threading.Lock.release()`.
    Release {
        /// Name of the lock; releasing a lock the thread does not hold is a RuntimeError.
        lock: String,
    },
    /// Repeat a block `count` times.
    Repeat {
        /// Times to run `body` (> 0).
        count: u32,
        /// The steps repeated (not empty; nested at most [`MAX_REPEAT_DEPTH`] deep).
        body: Vec<Step>,
    },
    /// `asyncio.run(gather(*tasks))` on this thread.
    Asyncio {
        /// The coroutines gathered (at least one).
        tasks: Vec<Task>,
    },
    /// Inside an asyncio task: `await` non-blocking I/O (the loop runs other tasks).
    AwaitIo {
        /// Duration, ns (> 0).
        ns: u64,
        /// Uniform random extra, 0..=`jitter_ns` ns (default 0).
        #[serde(default)]
        jitter_ns: u64,
    },
    /// Inside an asyncio task: `await asyncio.sleep(...)`.
    AwaitSleep {
        /// Duration, ns (> 0).
        ns: u64,
    },
}

impl Scenario {
    /// Parses and validates a scenario. If it has a `workload`, its processes are generated.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let mut sc: Scenario =
            error::read_json(text, "scenario", MAX_SCENARIO_BYTES, "MAX_SCENARIO_BYTES")?;
        if sc.version != SCENARIO_VERSION {
            return Err(ScenarioError::new(
                "version",
                format!(
                    "unsupported version {} (this build reads version {SCENARIO_VERSION})",
                    sc.version
                ),
            ));
        }
        if let Some(w) = sc.workload.clone() {
            if !sc.processes.is_empty() {
                return Err(ScenarioError::new(
                    "processes",
                    "must be absent when `workload` is given (processes are generated from it)",
                ));
            }
            sc.processes = w.work.processes(w.mode)?;
        }
        sc.validate()?;
        Ok(sc)
    }

    /// The scenario as a file: pretty JSON that `from_json` reads back to an equal scenario.
    /// (A workload scenario is written without its generated `processes`.)
    pub fn to_json(&self) -> String {
        if self.workload.is_some() {
            let mut sc = self.clone();
            sc.processes.clear();
            serde_json::to_string_pretty(&sc).unwrap_or_default()
        } else {
            serde_json::to_string_pretty(self).unwrap_or_default()
        }
    }

    /// The GIL mode, machine and runtime parameters as a [`workload::Setup`].
    pub fn setup(&self) -> workload::Setup {
        workload::Setup {
            machine: self.machine.clone(),
            os: self.os.clone(),
            runtime: self.runtime.clone(),
            start_costs: self.start_costs.clone(),
            seed: self.seed,
            limits: self.limits.clone(),
        }
    }
}
