//! "Same workload, four ways": [`compare`] runs a workload sequentially, with threads, with
//! processes and with asyncio and reports wall times and speedups; [`predict`] is the one-call
//! prediction the real-work lab needs. The only module above the engine.

use serde::{Deserialize, Serialize};

use crate::engine::{SimError, simulate_checked_untraced};
use crate::scenario::workload::{Approach, Setup, Workload};
use crate::scenario::{Checked, GilMode, StartMethod};

/// Wall time of `work` run as `mode` on `setup` (untraced; the scenario is validated once, when
/// it is built).
fn run_untraced(work: &Workload, mode: Approach, setup: &Setup) -> Result<crate::Trace, SimError> {
    let sc = work.scenario(mode, setup)?;
    simulate_checked_untraced(Checked::trusted(&sc))
}

/// One mode's result in a comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareRow {
    /// The mode this row ran.
    pub mode: Approach,
    /// Wall time of the run (when the main process exited), ns.
    pub wall_ns: u64,
    /// Sequential wall time / this wall time, per mille (1000 = same speed).
    pub speedup_permille: u64,
    /// CPU time over all threads (program work plus overheads), ns.
    pub cpu_ns: u64,
}

impl CompareRow {
    /// Speedup as a ratio, for display.
    pub fn speedup(&self) -> f64 {
        self.speedup_permille as f64 / 1000.0
    }
}

/// The same workload, four ways.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// One row per mode, in the order the modes were given.
    pub rows: Vec<CompareRow>,
}

impl Comparison {
    /// The row of one mode.
    pub fn get(&self, m: Approach) -> Option<&CompareRow> {
        self.rows.iter().find(|r| r.mode == m)
    }

    /// The fastest mode (the first in display order on ties).
    pub fn best(&self) -> Option<&CompareRow> {
        self.rows.iter().min_by_key(|r| r.wall_ns)
    }
}

fn speedup_permille(seq: u64, wall: u64) -> u64 {
    if wall == 0 {
        return 0;
    }
    u64::try_from(u128::from(seq) * 1000 / u128::from(wall)).unwrap_or(u64::MAX)
}

/// Runs `work` in the given modes on `setup`; speedups are against the sequential run.
pub fn compare_modes(
    work: &Workload,
    setup: &Setup,
    modes: &[Approach],
) -> Result<Comparison, SimError> {
    let seq_wall = run_untraced(work, Approach::Sequential, setup)?.wall_ns;
    let mut rows = Vec::new();
    for &m in modes {
        let tr = run_untraced(work, m, setup)?;
        let cpu = tr
            .threads
            .iter()
            .map(|t| t.work_ns.saturating_add(t.overhead_ns))
            .sum();
        rows.push(CompareRow {
            mode: m,
            wall_ns: tr.wall_ns,
            speedup_permille: speedup_permille(seq_wall, tr.wall_ns),
            cpu_ns: cpu,
        });
    }
    Ok(Comparison { rows })
}

/// Runs `work` sequentially, with threads, with processes and with asyncio.
pub fn compare(work: &Workload, setup: &Setup) -> Result<Comparison, SimError> {
    compare_modes(work, setup, &Approach::ALL)
}

/// A CPU-bound job as the real-work lab runs it: `job_ns` of single-thread work split into
/// `chunks` equal chunks, on `workers` threads or processes, on `cores` cores.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabJob {
    /// Single-thread CPU time of the whole job, ns.
    pub job_ns: u64,
    /// Number of equal chunks the job is split into (0 counts as 1).
    pub chunks: u32,
    /// Threads or processes sharing the chunks (0 counts as 1).
    pub workers: u32,
    /// Cores of the simulated machine.
    pub cores: u32,
    /// Switch interval of the "threads with a GIL" mode, ns.
    pub switch_interval_ns: u64,
    /// Start cost of one worker process, ns, paid in the child as a `spawn` start (Web Worker
    /// start-up, or a Python start method).
    pub process_start_ns: u64,
}

/// The model's wall-time prediction for a [`LabJob`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prediction {
    /// One thread runs every chunk, ns.
    pub sequential_ns: u64,
    /// Threads without a GIL (shared memory, like rayon; free-threaded with no overhead), ns.
    pub threads_ns: u64,
    /// Threads under the new GIL, ns.
    pub threads_gil_ns: u64,
    /// Independent processes, each paying `process_start_ns`, ns.
    pub processes_ns: u64,
}

/// Predicts sequential / threads / threads-with-GIL / processes wall times of a CPU-bound job.
pub fn predict(job: &LabJob) -> Result<Prediction, SimError> {
    let chunks = job.chunks.max(1);
    let work = Workload {
        tasks: chunks,
        workers: job.workers.max(1),
        cpu_ns: (job.job_ns / u64::from(chunks)).max(1),
        c_release_ns: 0,
        io_ns: 0,
        sleep_ns: 0,
        repeats: 1,
        start_method: StartMethod::Spawn,
    };
    let mut setup = Setup::default();
    setup.machine.cores = job.cores;
    setup.runtime.switch_interval_ns = job.switch_interval_ns;
    setup.start_costs.spawn.parent_ns = 0;
    setup.start_costs.spawn.child_ns = job.process_start_ns;
    let wall = |m: Approach, s: &Setup| -> Result<u64, SimError> {
        Ok(run_untraced(&work, m, s)?.wall_ns)
    };
    let sequential_ns = wall(Approach::Sequential, &setup)?;
    let threads_gil_ns = wall(Approach::Threads, &setup)?;
    let processes_ns = wall(Approach::Processes, &setup)?;
    let mut free = setup.clone();
    free.runtime.gil = GilMode::FreeThreaded;
    free.runtime.free_threaded_overhead_permille = 0;
    let threads_ns = wall(Approach::Threads, &free)?;
    Ok(Prediction {
        sequential_ns,
        threads_ns,
        threads_gil_ns,
        processes_ns,
    })
}
