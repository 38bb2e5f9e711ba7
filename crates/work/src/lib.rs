//! gil-work: real CPU-bound work, run sequentially, on threads of the current rayon pool, on
//! threads under a real implementation of CPython's new GIL, and in independent shares for
//! "process" workers.
//!
//! No web dependency: the app calls this crate inside a wasm-bindgen-rayon pool (wasm32) and
//! from plain Web Workers, with a `performance.now()` [`Clock`]. No code here reads the time
//! itself or creates a thread pool.
//!
//! - [`kernel`](Kernel): `#[inline(never)]` CPU-bound kernels (prime count, Beazley's countdown)
//!   and the [`Job`] that splits one into summable chunks, with bounded sizes ([`JobError`]).
//! - [`Gil`]: CPython's `take_gil` / `drop_gil` with the switch interval, drop request (eval
//!   breaker) and forced switching; [`GilThread`] records holding periods and hand-offs.
//! - Modes: [`run_sequential`], [`run_threads`] and [`run_gil`] (N tasks on the CURRENT rayon
//!   pool, N <= pool size), and [`run_chunks`] for one "process" worker's [`ChunkSet`].
//!
//! In the browser, call the thread modes from inside `rayon::spawn` (a pool worker): waiting on
//! the GIL's condition variable uses `memory.atomic.wait`, which the main thread may not do.
//!
//! ```
//! use gil_work::{Control, GilConfig, InstantClock, Job, Kernel, run_gil, run_sequential, run_threads};
//!
//! gil_work::warm_up();
//! let job = Job::new(Kernel::Primes, 200_000, 16).unwrap();
//! let clock = InstantClock::new();
//! let control = Control::new();
//! let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
//! let (seq, thr, gil) = pool.install(|| {
//!     (
//!         run_sequential(&job, &clock, &control).unwrap(),
//!         run_threads(&job, 2, &clock, &control).unwrap(),
//!         run_gil(&job, 2, GilConfig::with_interval_ns(1_000_000), &clock, &control).unwrap(),
//!     )
//! });
//! assert_eq!(seq.result, 17_984); // primes below 200 000
//! assert_eq!(thr.result, seq.result);
//! assert_eq!(gil.result, seq.result);
//! let trace = gil.gil.as_ref().unwrap();
//! // Holding periods never overlap: one holder at a time.
//! assert!(trace.holds.windows(2).all(|w| w[0].end_ns <= w[1].start_ns));
//!
//! // Bad input names the limit.
//! let err = Job::new(Kernel::Primes, gil_work::MAX_PRIMES_SIZE + 1, 4).unwrap_err();
//! assert!(err.to_string().contains("the limit is 50000000"));
//! ```

mod clock;
mod gil;
mod kernel;
mod modes;

pub use clock::Clock;
#[cfg(not(target_arch = "wasm32"))]
pub use clock::InstantClock;
pub use gil::{
    DEFAULT_SWITCH_INTERVAL_NS, DropReason, Gil, GilConfig, GilHold, GilThread, Handoff, Taken,
};
pub use kernel::{
    Job, JobError, Kernel, MAX_CHUNKS, MAX_COUNTDOWN_SIZE, MAX_PRIMES_SIZE, MAX_WORKERS,
    count_primes, countdown, warm_up,
};
pub use modes::{
    ChunkRun, ChunkSet, ChunkStamp, Control, GilTrace, Run, Strategy, WorkerState, run_chunks,
    run_gil, run_sequential, run_threads,
};
