//! The ways to run one [`Job`]: sequential, threads on the current rayon pool, threads under a
//! real GIL, and one process worker's share ([`run_chunks`]).
//!
//! Every mode returns the same checkable result plus timing stamps from the caller's
//! [`Clock`]: one [`ChunkStamp`] per chunk, and for the GIL mode every holding period and
//! hand-off. A [`Control`] lets another thread cancel a run and watch its progress live.
//!
//! Thread modes run their N workers as N tasks of the CURRENT rayon pool (no pool is created
//! here), so N must not exceed the pool size: a GIL waiter blocks its pool thread. In the
//! browser, call these from inside `rayon::spawn`, never on the main thread.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU32, Ordering};

use crate::clock::Clock;
use crate::gil::{DropReason, Gil, GilConfig, GilHold, GilThread, Handoff};
use crate::kernel::{Job, JobError, MAX_WORKERS};

/// How a run was executed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Strategy {
    Sequential,
    /// Shared-memory threads on the rayon pool, no GIL (like free-threaded Python).
    Threads,
    /// Threads that must hold one GIL while they compute (like CPython's default build).
    Gil,
    /// Independent workers sharing nothing; the caller runs each share with [`run_chunks`].
    Processes,
}

impl Strategy {
    /// All modes.
    pub const ALL: [Strategy; 4] = [
        Strategy::Sequential,
        Strategy::Threads,
        Strategy::Gil,
        Strategy::Processes,
    ];

    /// Stable lowercase name ("sequential", "threads", "gil", "processes").
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Sequential => "sequential",
            Strategy::Threads => "threads",
            Strategy::Gil => "gil",
            Strategy::Processes => "processes",
        }
    }

    /// Parse a name produced by [`Strategy::name`].
    pub fn from_name(name: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// What a worker is doing, for live activity displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum WorkerState {
    Idle = 0,
    Computing = 1,
    /// Blocked in `take_gil` (or in the forced-switch wait).
    WaitingForGil = 2,
    Done = 3,
}

impl WorkerState {
    fn from_u8(v: u8) -> WorkerState {
        match v {
            1 => WorkerState::Computing,
            2 => WorkerState::WaitingForGil,
            3 => WorkerState::Done,
            _ => WorkerState::Idle,
        }
    }
}

/// Cancellation and live progress of one run, shared with the thread that watches it (for
/// example in an `Arc`). Reuse needs [`Control::reset`].
#[derive(Debug)]
pub struct Control {
    cancel: AtomicBool,
    chunks_done: AtomicU32,
    worker_chunks: [AtomicU32; MAX_WORKERS as usize],
    worker_state: [AtomicU8; MAX_WORKERS as usize],
}

impl Default for Control {
    fn default() -> Self {
        Self::new()
    }
}

impl Control {
    pub fn new() -> Self {
        Self {
            cancel: AtomicBool::new(false),
            chunks_done: AtomicU32::new(0),
            worker_chunks: std::array::from_fn(|_| AtomicU32::new(0)),
            worker_state: std::array::from_fn(|_| AtomicU8::new(WorkerState::Idle as u8)),
        }
    }

    /// Ask the run to stop; workers notice at their next chunk or eval-breaker check and the
    /// run returns [`JobError::Cancelled`].
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Chunks finished so far, all workers together.
    pub fn chunks_done(&self) -> u32 {
        self.chunks_done.load(Ordering::Relaxed)
    }

    /// Chunks finished so far by `worker` (0 for an unknown worker).
    pub fn worker_chunks_done(&self, worker: u32) -> u32 {
        self.worker_chunks
            .get(worker as usize)
            .map_or(0, |c| c.load(Ordering::Relaxed))
    }

    /// What `worker` is doing now.
    pub fn worker_state(&self, worker: u32) -> WorkerState {
        self.worker_state
            .get(worker as usize)
            .map_or(WorkerState::Idle, |s| {
                WorkerState::from_u8(s.load(Ordering::Relaxed))
            })
    }

    /// Clear cancellation and progress for another run.
    pub fn reset(&self) {
        self.cancel.store(false, Ordering::Relaxed);
        self.chunks_done.store(0, Ordering::Relaxed);
        for c in &self.worker_chunks {
            c.store(0, Ordering::Relaxed);
        }
        for s in &self.worker_state {
            s.store(WorkerState::Idle as u8, Ordering::Relaxed);
        }
    }

    fn set_state(&self, worker: u32, state: WorkerState) {
        if let Some(s) = self.worker_state.get(worker as usize) {
            s.store(state as u8, Ordering::Relaxed);
        }
    }

    fn chunk_finished(&self, worker: u32) {
        self.chunks_done.fetch_add(1, Ordering::Relaxed);
        if let Some(c) = self.worker_chunks.get(worker as usize) {
            c.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// When one chunk ran, and on which worker. Stamps are the caller's clock values (not relative
/// to the run's start). In GIL mode a chunk's span includes the times its worker spent waiting
/// for the GIL in the middle of it: see [`GilTrace::holds`] for when it actually computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkStamp {
    pub worker: u32,
    pub chunk: u32,
    pub start_ns: u64,
    pub end_ns: u64,
    pub result: u64,
}

/// The GIL's side of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GilTrace {
    pub interval_ns: u64,
    /// Every holding period, sorted by start.
    pub holds: Vec<GilHold>,
    /// Every switch from one thread to another, sorted by time.
    pub handoffs: Vec<Handoff>,
    /// Drop requests set by waiters.
    pub drop_requests: u64,
    /// `switch_number` at the end.
    pub switches: u64,
    /// Forced-switch waits done by dropping holders.
    pub forced_switch_waits: u64,
}

impl GilTrace {
    /// Median length of the holding periods that ended with a drop request: the ones CPython
    /// bounds by the switch interval. `None` if there were none.
    pub fn median_requested_hold_ns(&self) -> Option<u64> {
        let mut d: Vec<u64> = self
            .holds
            .iter()
            .filter(|h| h.reason == DropReason::DropRequest)
            .map(GilHold::duration_ns)
            .collect();
        median(&mut d)
    }

    /// Median time the GIL was free between one thread's release and another thread's take
    /// (wake-up latency of the waiter: nobody computes meanwhile). `None` without a switch.
    pub fn median_handoff_gap_ns(&self) -> Option<u64> {
        let mut d: Vec<u64> = self
            .holds
            .windows(2)
            .filter(|w| w[0].holder != w[1].holder)
            .map(|w| w[1].start_ns.saturating_sub(w[0].end_ns))
            .collect();
        median(&mut d)
    }

    /// Median length of all holding periods.
    pub fn median_hold_ns(&self) -> Option<u64> {
        let mut d: Vec<u64> = self.holds.iter().map(GilHold::duration_ns).collect();
        median(&mut d)
    }
}

fn median(v: &mut [u64]) -> Option<u64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    Some(v[v.len() / 2])
}

/// A finished run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub mode: Strategy,
    pub workers: u32,
    pub job: Job,
    /// Sum of all chunk results; equal across modes for one job.
    pub result: u64,
    pub start_ns: u64,
    pub end_ns: u64,
    /// One stamp per chunk, sorted by start.
    pub chunks: Vec<ChunkStamp>,
    /// Present for [`Strategy::Gil`].
    pub gil: Option<GilTrace>,
}

impl Run {
    /// Wall time of the run.
    pub fn elapsed_ns(&self) -> u64 {
        self.end_ns.saturating_sub(self.start_ns)
    }
}

/// Check `workers` against [`MAX_WORKERS`] and the current rayon pool.
fn check_workers(workers: u32) -> Result<(), JobError> {
    if workers == 0 || workers > MAX_WORKERS {
        return Err(JobError::BadWorkers {
            workers,
            max: MAX_WORKERS,
        });
    }
    let pool = u32::try_from(rayon::current_num_threads()).unwrap_or(u32::MAX);
    if workers > pool {
        return Err(JobError::WorkersExceedPool { workers, pool });
    }
    Ok(())
}

fn timed_chunk(job: &Job, worker: u32, chunk: u32, clock: &dyn Clock) -> ChunkStamp {
    let start_ns = clock.now_ns();
    let result = job.run_chunk(chunk);
    let end_ns = clock.now_ns();
    ChunkStamp {
        worker,
        chunk,
        start_ns,
        end_ns,
        result,
    }
}

fn finish_run(
    mode: Strategy,
    workers: u32,
    job: &Job,
    start_ns: u64,
    end_ns: u64,
    mut chunks: Vec<ChunkStamp>,
    gil: Option<GilTrace>,
) -> Run {
    chunks.sort_by_key(|c| (c.start_ns, c.chunk));
    Run {
        mode,
        workers,
        job: *job,
        result: chunks.iter().map(|c| c.result).sum(),
        start_ns,
        end_ns,
        chunks,
        gil,
    }
}

/// Run every chunk in order on the calling thread (worker 0).
pub fn run_sequential(job: &Job, clock: &dyn Clock, control: &Control) -> Result<Run, JobError> {
    job.validate()?;
    let start_ns = clock.now_ns();
    control.set_state(0, WorkerState::Computing);
    let mut chunks = Vec::with_capacity(job.chunks as usize);
    for chunk in 0..job.chunks {
        if control.is_cancelled() {
            control.set_state(0, WorkerState::Done);
            return Err(JobError::Cancelled);
        }
        chunks.push(timed_chunk(job, 0, chunk, clock));
        control.chunk_finished(0);
    }
    control.set_state(0, WorkerState::Done);
    let end_ns = clock.now_ns();
    Ok(finish_run(
        Strategy::Sequential,
        1,
        job,
        start_ns,
        end_ns,
        chunks,
        None,
    ))
}

/// Run `workers` tasks on the current rayon pool; each pulls the next chunk from a shared
/// counter until none are left (shared memory, no GIL). `workers` must be at most the pool size.
pub fn run_threads(
    job: &Job,
    workers: u32,
    clock: &dyn Clock,
    control: &Control,
) -> Result<Run, JobError> {
    job.validate()?;
    check_workers(workers)?;
    let next = AtomicU32::new(0);
    let slots: Vec<Mutex<Vec<ChunkStamp>>> = (0..workers).map(|_| Mutex::new(Vec::new())).collect();
    let start_ns = clock.now_ns();
    rayon::scope(|s| {
        for (w, slot) in (0..workers).zip(&slots) {
            let next = &next;
            s.spawn(move |_| {
                control.set_state(w, WorkerState::Computing);
                let mut mine = Vec::new();
                while !control.is_cancelled() {
                    let chunk = next.fetch_add(1, Ordering::Relaxed);
                    if chunk >= job.chunks {
                        break;
                    }
                    mine.push(timed_chunk(job, w, chunk, clock));
                    control.chunk_finished(w);
                }
                control.set_state(w, WorkerState::Done);
                *slot.lock().unwrap_or_else(|e| e.into_inner()) = mine;
            });
        }
    });
    let end_ns = clock.now_ns();
    if control.is_cancelled() {
        return Err(JobError::Cancelled);
    }
    let chunks = slots
        .into_iter()
        .flat_map(|s| s.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect();
    Ok(finish_run(
        Strategy::Threads,
        workers,
        job,
        start_ns,
        end_ns,
        chunks,
        None,
    ))
}

/// Output of one GIL worker.
#[derive(Default)]
struct GilWorkerOut {
    chunks: Vec<ChunkStamp>,
    holds: Vec<GilHold>,
    handoffs: Vec<Handoff>,
}

/// Run `workers` tasks on the current rayon pool that share one [`Gil`], like CPU-bound Python
/// threads. A worker takes the GIL, then pulls chunks from a shared counter and computes them
/// in slices of [`crate::Kernel::slice_units`] units with an eval-breaker check after each
/// slice, and drops the GIL for good when no chunk is left. It holds the GIL whenever it
/// computes. `workers` must be at most the pool size (a waiter blocks its pool thread).
pub fn run_gil(
    job: &Job,
    workers: u32,
    config: GilConfig,
    clock: &dyn Clock,
    control: &Control,
) -> Result<Run, JobError> {
    job.validate()?;
    check_workers(workers)?;
    let gil = Gil::new(config);
    let next = AtomicU32::new(0);
    let slots: Vec<Mutex<GilWorkerOut>> = (0..workers)
        .map(|_| Mutex::new(GilWorkerOut::default()))
        .collect();
    let slice = job.kernel.slice_units().max(1);
    let start_ns = clock.now_ns();
    rayon::scope(|s| {
        for (w, slot) in (0..workers).zip(&slots) {
            let (gil, next) = (&gil, &next);
            s.spawn(move |_| {
                let out = gil_worker(job, w, gil, next, slice, clock, control);
                *slot.lock().unwrap_or_else(|e| e.into_inner()) = out;
            });
        }
    });
    let end_ns = clock.now_ns();
    if control.is_cancelled() {
        return Err(JobError::Cancelled);
    }
    let mut chunks = Vec::new();
    let mut holds = Vec::new();
    let mut handoffs = Vec::new();
    for slot in slots {
        let out = slot.into_inner().unwrap_or_else(|e| e.into_inner());
        chunks.extend(out.chunks);
        holds.extend(out.holds);
        handoffs.extend(out.handoffs);
    }
    holds.sort_by_key(|h| (h.start_ns, h.holder));
    handoffs.sort_by_key(|h| (h.at_ns, h.to));
    let trace = GilTrace {
        interval_ns: gil.interval_ns(),
        holds,
        handoffs,
        drop_requests: gil.drop_requests(),
        switches: gil.switch_number(),
        forced_switch_waits: gil.forced_switch_waits(),
    };
    Ok(finish_run(
        Strategy::Gil,
        workers,
        job,
        start_ns,
        end_ns,
        chunks,
        Some(trace),
    ))
}

/// One CPU-bound "Python thread": holds the GIL while computing, checks the eval breaker
/// between slices.
fn gil_worker(
    job: &Job,
    w: u32,
    gil: &Gil,
    next: &AtomicU32,
    slice: u64,
    clock: &dyn Clock,
    control: &Control,
) -> GilWorkerOut {
    let mut thread = GilThread::new(gil, w, clock);
    let mut chunks = Vec::new();
    control.set_state(w, WorkerState::WaitingForGil);
    thread.take();
    control.set_state(w, WorkerState::Computing);
    'chunks: while !control.is_cancelled() {
        let chunk = next.fetch_add(1, Ordering::Relaxed);
        if chunk >= job.chunks {
            break;
        }
        let (lo, hi) = job.chunk_bounds(chunk);
        let start_ns = clock.now_ns();
        let mut result = 0;
        let mut at = lo;
        while at < hi {
            let end = hi.min(at.saturating_add(slice));
            result += job.kernel.run_units(at, end);
            at = end;
            if gil.drop_requested() {
                control.set_state(w, WorkerState::WaitingForGil);
                thread.eval_breaker();
                control.set_state(w, WorkerState::Computing);
            }
            if control.is_cancelled() {
                break 'chunks;
            }
        }
        chunks.push(ChunkStamp {
            worker: w,
            chunk,
            start_ns,
            end_ns: clock.now_ns(),
            result,
        });
        control.chunk_finished(w);
    }
    thread.release(DropReason::Exit);
    control.set_state(w, WorkerState::Done);
    let (holds, handoffs) = thread.finish();
    GilWorkerOut {
        chunks,
        holds,
        handoffs,
    }
}

/// A set of chunk indices `start, start + step, ...` below `end`: one process worker's share.
/// Plain `u32`s, so it can be posted to a Web Worker as three numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChunkSet {
    pub start: u32,
    pub end: u32,
    pub step: u32,
}

impl ChunkSet {
    /// Contiguous chunks `start..end`.
    pub fn range(start: u32, end: u32) -> Self {
        Self {
            start,
            end,
            step: 1,
        }
    }

    /// Worker `worker`'s share when `workers` workers take every `workers`-th chunk. Striding
    /// balances kernels whose cost grows along the range (primes). Empty when `worker` is
    /// beyond the last chunk.
    pub fn strided(job: &Job, workers: u32, worker: u32) -> Self {
        Self {
            start: worker.min(job.chunks),
            end: job.chunks,
            step: workers.max(1),
        }
    }

    /// The chunk indices.
    pub fn iter(self) -> impl Iterator<Item = u32> {
        (self.start..self.end).step_by(self.step.max(1) as usize)
    }
}

/// The outcome of [`run_chunks`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChunkRun {
    pub worker: u32,
    /// Sum of the chunk results; the shares of all workers add up to the job's result.
    pub result: u64,
    pub start_ns: u64,
    pub end_ns: u64,
    pub chunks: Vec<ChunkStamp>,
}

/// Run one share of a job sequentially, as one "process" (a Web Worker with its own wasm
/// instance) does. Stamps come from `clock`, which in another worker has another origin.
pub fn run_chunks(
    job: &Job,
    set: ChunkSet,
    worker: u32,
    clock: &dyn Clock,
    control: &Control,
) -> Result<ChunkRun, JobError> {
    job.validate()?;
    if set.step == 0 || set.end > job.chunks || set.start > set.end {
        return Err(JobError::BadChunkSet {
            start: set.start,
            end: set.end,
            step: set.step,
            chunks: job.chunks,
        });
    }
    let start_ns = clock.now_ns();
    control.set_state(worker, WorkerState::Computing);
    let mut chunks = Vec::new();
    for chunk in set.iter() {
        if control.is_cancelled() {
            control.set_state(worker, WorkerState::Done);
            return Err(JobError::Cancelled);
        }
        chunks.push(timed_chunk(job, worker, chunk, clock));
        control.chunk_finished(worker);
    }
    control.set_state(worker, WorkerState::Done);
    Ok(ChunkRun {
        worker,
        result: chunks.iter().map(|c| c.result).sum(),
        start_ns,
        end_ns: clock.now_ns(),
        chunks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hold(holder: u32, start_ns: u64, end_ns: u64, reason: DropReason) -> GilHold {
        GilHold {
            holder,
            start_ns,
            end_ns,
            reason,
        }
    }

    #[test]
    fn trace_medians() {
        let trace = GilTrace {
            interval_ns: 5,
            holds: vec![
                hold(0, 0, 10, DropReason::DropRequest),
                hold(1, 12, 18, DropReason::DropRequest),
                hold(0, 19, 26, DropReason::DropRequest),
                hold(0, 30, 31, DropReason::Voluntary),
                hold(1, 35, 100, DropReason::Exit),
            ],
            handoffs: Vec::new(),
            drop_requests: 3,
            switches: 4,
            forced_switch_waits: 0,
        };
        // Requested holds last 10, 6, 7: median 7. All holds: 1, 6, 7, 10, 65: median 7.
        assert_eq!(trace.median_requested_hold_ns(), Some(7));
        assert_eq!(trace.median_hold_ns(), Some(7));
        // Gaps at switches only: 2 (0->1), 1 (1->0), 4 (0->1); 0->0 is not a switch.
        assert_eq!(trace.median_handoff_gap_ns(), Some(2));
        let empty = GilTrace {
            holds: Vec::new(),
            ..trace
        };
        assert_eq!(empty.median_requested_hold_ns(), None);
        assert_eq!(empty.median_handoff_gap_ns(), None);
    }

    #[test]
    fn worker_states_round_trip_through_u8() {
        for s in [
            WorkerState::Idle,
            WorkerState::Computing,
            WorkerState::WaitingForGil,
            WorkerState::Done,
        ] {
            assert_eq!(WorkerState::from_u8(s as u8), s);
        }
    }
}
