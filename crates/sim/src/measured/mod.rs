//! Measured runs: what a program did in real CPython, recorded by its helper module
//! (`python3 prog.py --record run.json`, see `python::HELPER_MODULE`), read back
//! ([`Recording::from_json`], with caps), drawn as a trace of the same kind as the model's
//! ([`measured_trace`]: thread lanes from the recorded steps, waits from the gaps between the
//! ~100 µs chunks of CPU work, and an approximate GIL-holder lane per process), and compared
//! with the model's prediction thread by thread ([`check`]).

mod check;
mod lanes;

use serde::{Deserialize, Serialize};

use crate::scenario::{MAX_PROCESSES, MAX_SCENARIO_BYTES, MAX_THREADS, ScenarioError};

pub use check::{Check, CheckRow, check};
pub use lanes::measured_trace;

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
    /// When its target returned; none if it was still running at exit (a daemon, killed).
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
        if rec.processes.is_empty() || rec.processes.len() > MAX_PROCESSES as usize {
            return Err(ScenarioError::new(
                "processes",
                format!("must hold 1 to {MAX_PROCESSES} processes"),
            ));
        }
        let threads: usize = rec.processes.iter().map(|p| p.threads.len()).sum();
        if threads > MAX_THREADS as usize {
            return Err(ScenarioError::new(
                "processes",
                format!("{threads} threads, more than {MAX_THREADS}"),
            ));
        }
        for (pi, p) in rec.processes.iter().enumerate() {
            if p.end_ns < p.start_ns {
                return Err(ScenarioError::new(
                    format!("processes[{pi}].end_ns"),
                    "ends before it starts",
                ));
            }
            for (ti, t) in p.threads.iter().enumerate() {
                for (si, s) in t.steps.iter().enumerate() {
                    if s.t1() < s.t0() {
                        return Err(ScenarioError::new(
                            format!("processes[{pi}].threads[{ti}].steps[{si}]"),
                            "ends before it starts",
                        ));
                    }
                }
            }
        }
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
            .fold((0u64, 0u64), |(g, a), (x, y)| (g + x, a + y));
        (asked > 0).then(|| got as f64 / asked as f64)
    }

    /// The earliest time in the recording (the main process's start): time 0 of its trace.
    pub fn origin_ns(&self) -> u64 {
        self.processes.iter().map(|p| p.start_ns).min().unwrap_or(0)
    }
}
