//! One measured lab result: a `gil_work::Run` (the one measured run) plus what only the lab
//! knows about it, namely where it ran and, for processes, when each worker started. Also why a
//! run can end without a result ([`RunError`]). Pure: no browser calls.

use gil_work::{JobError, Run, Strategy};

/// The switch interval of the lab's "threads with a GIL" mode: CPython's default, 5 ms.
pub const SWITCH_INTERVAL_NS: u64 = gil_work::DEFAULT_SWITCH_INTERVAL_NS;

/// Where a run happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// On the page's worker pool.
    PoolThread,
    /// In separate workers (processes, or a sequential run when the page has no pool).
    SeparateWorker,
}

/// When one "process" worker was created and when its own wasm instance was ready to compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcessStart {
    pub worker: u32,
    pub spawn_ns: u64,
    pub ready_ns: u64,
}

impl ProcessStart {
    /// The start-up cost: creating the worker, loading the module, a fresh memory, warm-up.
    pub fn cost_ns(&self) -> u64 {
        self.ready_ns.saturating_sub(self.spawn_ns)
    }
}

/// One strategy's measured result in the lab: its [`Run`] (which it derefs to, so `m.result`
/// is the run's result) plus the lab's annotations. Times are on the shared clock (`PerfClock`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measurement {
    /// The measured run itself: strategy, workers, job, result, stamps, GIL trace.
    pub run: Run,
    /// Processes mode: one entry per worker.
    pub starts: Vec<ProcessStart>,
    pub place: Place,
}

impl std::ops::Deref for Measurement {
    type Target = Run;

    fn deref(&self) -> &Run {
        &self.run
    }
}

impl Measurement {
    /// A `gil-work` run on the pool.
    pub fn on_pool(run: Run) -> Measurement {
        Measurement {
            run,
            starts: Vec::new(),
            place: Place::PoolThread,
        }
    }

    /// A one-worker processes run seen as a sequential run: only its computing time counts
    /// (first chunk start to last chunk end), not the worker's start-up.
    pub fn into_sequential(mut self) -> Measurement {
        let run = &mut self.run;
        let start = run
            .chunks
            .iter()
            .map(|c| c.start_ns)
            .min()
            .unwrap_or(run.start_ns);
        let end = run.chunks.iter().map(|c| c.end_ns).max().unwrap_or(start);
        run.mode = Strategy::Sequential;
        run.workers = 1;
        run.start_ns = start;
        run.end_ns = end.max(start);
        self.starts.clear();
        self.place = Place::SeparateWorker;
        self
    }

    /// Wall time of the run.
    pub fn elapsed_ns(&self) -> u64 {
        self.run.elapsed_ns()
    }

    /// Median start-up cost of the process workers (`None` for other modes).
    pub fn median_start_ns(&self) -> Option<u64> {
        let mut v: Vec<u64> = self.starts.iter().map(ProcessStart::cost_ns).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_unstable();
        Some(v[v.len() / 2])
    }

    /// Time the workers spent computing chunks, all together.
    pub fn busy_ns(&self) -> u64 {
        self.run
            .chunks
            .iter()
            .map(|c| c.end_ns.saturating_sub(c.start_ns))
            .sum()
    }

    /// Time during which at least two workers were computing a chunk at once: proof from the
    /// stamps alone that the workers ran side by side.
    pub fn parallel_ns(&self) -> u64 {
        let mut edges: Vec<(u64, i32)> = self
            .run
            .chunks
            .iter()
            .flat_map(|c| [(c.start_ns, 1), (c.end_ns, -1)])
            .collect();
        // Ends before starts at the same instant: touching chunks do not overlap.
        edges.sort_unstable();
        let (mut depth, mut since, mut total) = (0i32, 0u64, 0u64);
        for (t, d) in edges {
            if depth >= 2 {
                total += t - since;
            }
            depth += d;
            since = t;
        }
        total
    }
}

/// Why a run of one mode ended without a result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunError {
    Cancelled,
    Failed(String),
}

impl From<JobError> for RunError {
    fn from(e: JobError) -> Self {
        match e {
            JobError::Cancelled => RunError::Cancelled,
            other => RunError::Failed(other.to_string()),
        }
    }
}

/// Test fixtures shared by the lab's unit tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;
    use gil_work::{ChunkStamp, Job, Kernel};

    pub fn stamp(worker: u32, chunk: u32, start_ns: u64, end_ns: u64) -> ChunkStamp {
        ChunkStamp {
            worker,
            chunk,
            start_ns,
            end_ns,
            result: 1,
        }
    }

    /// A measurement of a 4-chunk primes job from 1 ms to 11 ms on the pool.
    pub fn measured(mode: Strategy, workers: u32, chunks: Vec<ChunkStamp>) -> Measurement {
        Measurement::on_pool(Run {
            mode,
            workers,
            job: Job::new(Kernel::Primes, 1000, 4).unwrap(),
            result: chunks.iter().map(|c| c.result).sum(),
            start_ns: 1_000_000,
            end_ns: 11_000_000,
            chunks,
            gil: None,
        })
    }
}
