//! Measured runs: what a program did in real CPython, recorded by its helper module
//! (`python3 prog.py --record run.json`, see `python::HELPER_MODULE`), read back
//! ([`Recording::from_json`], with caps, and refused when its times are impossible:
//! `validate`), matched with the program it claims to record ([`Recording::of_program`]:
//! `program`), drawn as a trace of the same kind as the model's ([`measured_trace`]: thread
//! lanes from the recorded steps, waits from the gaps between the ~100 µs chunks of CPU work,
//! and an approximate GIL-holder lane per process), and compared with the model's prediction
//! thread by thread ([`check`]).

mod check;
mod lanes;
mod program;
mod validate;

use serde::{Deserialize, Serialize};

use crate::scenario::{MAX_SCENARIO_BYTES, ScenarioError};

pub use check::{Check, CheckRow, check};
pub use lanes::measured_trace;
pub use program::program_sha256;
pub use validate::{MAX_RECORDING_NS, STEP_KINDS};

/// The recording format version this crate reads.
pub const RECORDING_VERSION: u32 = 1;

/// A recorded run: every process of the program and its threads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recording {
    /// Format version, 1.
    pub version: u32,
    /// The clock of every time (`perf_counter_ns`: one monotonic clock for all processes).
    pub clock: String,
    /// The Python that ran it (`3.11.7`).
    pub python: String,
    /// `sys.platform`.
    pub platform: String,
    /// `os.cpu_count()`.
    #[serde(default)]
    pub cpus: Option<u32>,
    /// The SHA-256 (64 lowercase hex digits) of the program's text ([`program_sha256`]), which
    /// [`Recording::of_program`] checks; none in recordings of older helpers or of a program
    /// with no file (`python3 -c`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program_sha256: Option<String>,
    /// The processes; the first is the main one.
    pub processes: Vec<RecProcess>,
}

/// One recorded process.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecProcess {
    /// Its name (the main process: the scenario's name for it; others: `name=`).
    pub name: String,
    /// Its process id.
    pub pid: u64,
    /// When the helper module was imported in it, ns.
    pub start_ns: u64,
    /// When it wrote its record, ns (its end).
    pub end_ns: u64,
    /// Its threads, in the order they first did something.
    pub threads: Vec<RecThread>,
}

/// One recorded thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecThread {
    /// `Thread.name`.
    pub name: String,
    /// Whether it was a daemon thread.
    pub daemon: bool,
    /// When it began running its target (a main thread: its process's start), ns.
    pub start_ns: u64,
    /// When its target returned (a main thread: when its process exited or its target
    /// returned); none if it was still running at its process's end (a daemon, killed).
    pub end_ns: Option<u64>,
    /// Its steps, in the order they ended.
    pub steps: Vec<RecStep>,
    /// The end of every ~100 µs chunk of CPU work it did, ns.
    pub chunks: Vec<u64>,
}

/// One recorded step: kind (`cpu`, `c_release`, `io`, `sleep`, `await_io`, `await_sleep`,
/// `start_thread`, `join_thread`, `start_process`, `join_process`), the line it was called
/// from, start and end (ns), the task or the thread/process it names, if any, and for `cpu`
/// the CPU time the thread got for it (`time.thread_time_ns`) and the work it asked for (ns).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecStep(
    pub String,
    pub u32,
    pub u64,
    pub u64,
    #[serde(default)] pub Option<String>,
    #[serde(default)] pub Option<u64>,
    #[serde(default)] pub Option<u64>,
);

impl RecStep {
    /// What kind of step.
    pub fn kind(&self) -> &str {
        &self.0
    }
    /// The line of the program it was called from.
    pub fn line(&self) -> u32 {
        self.1
    }
    /// The task (`await_*`), thread or process (`start_*`, `join_*`) it names, if any.
    pub fn name(&self) -> Option<&str> {
        self.4.as_deref()
    }
    /// Whether it is an `await` of an asyncio task (these overlap the thread's other steps).
    pub fn is_await(&self) -> bool {
        self.0.starts_with("await_")
    }
    /// Start, ns.
    pub fn t0(&self) -> u64 {
        self.2
    }
    /// End, ns.
    pub fn t1(&self) -> u64 {
        self.3
    }
    /// The CPU time the thread got for a `cpu` step, ns.
    pub fn cpu_ns(&self) -> Option<u64> {
        self.5
    }
    /// The CPU work a `cpu` step asked for, ns.
    pub fn asked_ns(&self) -> Option<u64> {
        self.6
    }
}

impl Recording {
    /// Reads a recording; errors name the field (`processes[1].threads[0].steps[3]`) or cap.
    /// Refused: another version, more processes or threads than a scenario may have, and
    /// anything a real run cannot record (`validate`): steps out of order or overlapping in a
    /// thread, times outside their thread's, process's or the main process's span, a run
    /// longer than [`MAX_RECORDING_NS`], processes not started by exactly one `start_process`
    /// step, duplicate names or pids.
    pub fn from_json(text: &str) -> Result<Recording, ScenarioError> {
        let rec: Recording = crate::scenario::read_json(
            text,
            "recording",
            MAX_SCENARIO_BYTES,
            "MAX_SCENARIO_BYTES",
        )?;
        if rec.version != RECORDING_VERSION {
            return Err(ScenarioError::new(
                "version",
                format!(
                    "unsupported recording version {} (this build reads {RECORDING_VERSION})",
                    rec.version
                ),
            ));
        }
        validate::validate(&rec)?;
        Ok(rec)
    }

    /// The CPU time the finished `cpu()` steps got over the work they asked for, over every
    /// thread (1.0: the machine ran at the speed the helper measured; none without such steps).
    pub fn cpu_got_over_asked(&self) -> Option<f64> {
        let (got, asked) = self
            .processes
            .iter()
            .flat_map(|p| &p.threads)
            .flat_map(|t| &t.steps)
            .filter_map(|s| Some((s.5?, s.6?)))
            .fold((0u128, 0u128), |(g, a), (x, y)| {
                (g + u128::from(x), a + u128::from(y))
            });
        (asked > 0).then(|| got as f64 / asked as f64)
    }

    /// The earliest time in the recording (the main process's start): time 0 of its trace.
    pub fn origin_ns(&self) -> u64 {
        self.processes.iter().map(|p| p.start_ns).min().unwrap_or(0)
    }
}
