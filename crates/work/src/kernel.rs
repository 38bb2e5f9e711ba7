//! CPU-bound kernels and the [`Job`] that splits one kernel's work into chunks.
//!
//! A kernel is the real counterpart of the model's "CPU work" step: pure computation, no I/O,
//! no allocation. Every chunk returns a `u64` and the chunk results of a job add up to the same
//! checkable total whatever the mode (sequential, threads, threads under the GIL, processes).

use std::fmt;
use std::hint::black_box;

/// Largest `size` of a [`Kernel::Primes`] job: numbers below 50 million (about 15 s natively on
/// one core with trial division).
pub const MAX_PRIMES_SIZE: u64 = 50_000_000;
/// Largest `size` of a [`Kernel::Countdown`] job: 20 billion decrements (about 10 to 20 s natively).
pub const MAX_COUNTDOWN_SIZE: u64 = 20_000_000_000;
/// Largest number of chunks in one job.
pub const MAX_CHUNKS: u32 = 65_536;
/// Largest number of workers in one run.
pub const MAX_WORKERS: u32 = 64;

/// Which CPU-bound computation a job runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kernel {
    /// Count the primes in `[0, size)` by trial division. Later numbers cost more.
    Primes,
    /// Beazley's `while n > 0: n -= 1`, `size` decrements in all; the result is the number of
    /// decrements done. Every unit costs the same.
    Countdown,
}

impl Kernel {
    /// All kernels, for pickers and tests.
    pub const ALL: [Kernel; 2] = [Kernel::Primes, Kernel::Countdown];

    /// Stable lowercase name ("primes", "countdown").
    pub fn name(self) -> &'static str {
        match self {
            Kernel::Primes => "primes",
            Kernel::Countdown => "countdown",
        }
    }

    /// Parse a name produced by [`Kernel::name`].
    pub fn from_name(name: &str) -> Option<Kernel> {
        Kernel::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The bound on `size` for this kernel.
    pub fn max_size(self) -> u64 {
        match self {
            Kernel::Primes => MAX_PRIMES_SIZE,
            Kernel::Countdown => MAX_COUNTDOWN_SIZE,
        }
    }

    /// How many units the GIL mode computes between two eval-breaker checks: small enough that
    /// a drop request is noticed within tens of microseconds, like pure-Python code.
    pub fn slice_units(self) -> u64 {
        match self {
            Kernel::Primes => 256,
            Kernel::Countdown => 1 << 15,
        }
    }

    /// Compute units `[lo, hi)` of this kernel and return their result.
    pub fn run_units(self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return 0;
        }
        match self {
            Kernel::Primes => count_primes(lo, hi),
            Kernel::Countdown => countdown(hi - lo),
        }
    }
}

impl fmt::Display for Kernel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Number of primes `p` with `lo <= p < hi`, by trial division with odd divisors.
#[inline(never)]
pub fn count_primes(lo: u64, hi: u64) -> u64 {
    let mut count = 0;
    let mut n = lo;
    while n < hi {
        if is_prime(n) {
            count += 1;
        }
        n += 1;
    }
    count
}

/// Trial division; uses 32-bit division when `n` fits (much faster natively, same in wasm).
#[inline]
fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    if n < 4 {
        return true;
    }
    if n.is_multiple_of(2) {
        return false;
    }
    if let Ok(n32) = u32::try_from(n) {
        let mut d: u32 = 3;
        while u64::from(d) * u64::from(d) <= n {
            if n32.is_multiple_of(d) {
                return false;
            }
            d += 2;
        }
    } else {
        let mut d: u64 = 3;
        while d <= n / d {
            if n.is_multiple_of(d) {
                return false;
            }
            d += 2;
        }
    }
    true
}

/// Beazley's countdown: `while n > 0: n -= 1`. Returns the number of decrements, which is `n`.
/// `black_box` keeps the optimiser from replacing the loop by its result.
#[inline(never)]
pub fn countdown(n: u64) -> u64 {
    let mut n = n;
    let mut steps = 0u64;
    while black_box(n) > 0 {
        n -= 1;
        steps += 1;
    }
    steps
}

/// Why a job (or a run of it) was refused or stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobError {
    /// `size` is above the kernel's limit.
    SizeTooLarge { kernel: Kernel, size: u64, max: u64 },
    /// `chunks` is 0 or above [`MAX_CHUNKS`].
    BadChunks { chunks: u32, max: u32 },
    /// `workers` is 0 or above [`MAX_WORKERS`].
    BadWorkers { workers: u32, max: u32 },
    /// More workers than threads in the current rayon pool (each worker is one pool task and
    /// they must all run at once).
    WorkersExceedPool { workers: u32, pool: u32 },
    /// A chunk set names chunks outside `0..job.chunks`, or has step 0.
    BadChunkSet {
        start: u32,
        end: u32,
        step: u32,
        chunks: u32,
    },
    /// The run was cancelled through its [`crate::Control`].
    Cancelled,
}

impl fmt::Display for JobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JobError::SizeTooLarge { kernel, size, max } => write!(
                f,
                "size {size} is too large for the {kernel} kernel: the limit is {max}"
            ),
            JobError::BadChunks { chunks, max } => {
                write!(f, "chunks must be between 1 and {max}, got {chunks}")
            }
            JobError::BadWorkers { workers, max } => {
                write!(f, "workers must be between 1 and {max}, got {workers}")
            }
            JobError::WorkersExceedPool { workers, pool } => write!(
                f,
                "{workers} workers need {workers} pool threads, but the thread pool has only {pool}"
            ),
            JobError::BadChunkSet {
                start,
                end,
                step,
                chunks,
            } => write!(
                f,
                "chunk set {start}..{end} step {step} does not fit a job of {chunks} chunks"
            ),
            JobError::Cancelled => f.write_str("the run was cancelled"),
        }
    }
}

impl std::error::Error for JobError {}

/// One unit of checkable work: a kernel over `size` units, split into `chunks` nearly equal
/// contiguous chunks whose results add up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Job {
    pub kernel: Kernel,
    pub size: u64,
    pub chunks: u32,
}

impl Job {
    /// A validated job.
    pub fn new(kernel: Kernel, size: u64, chunks: u32) -> Result<Job, JobError> {
        let job = Job {
            kernel,
            size,
            chunks,
        };
        job.validate()?;
        Ok(job)
    }

    /// Check the bounds (every mode calls this first, since the fields are public).
    pub fn validate(&self) -> Result<(), JobError> {
        let max = self.kernel.max_size();
        if self.size > max {
            return Err(JobError::SizeTooLarge {
                kernel: self.kernel,
                size: self.size,
                max,
            });
        }
        if self.chunks == 0 || self.chunks > MAX_CHUNKS {
            return Err(JobError::BadChunks {
                chunks: self.chunks,
                max: MAX_CHUNKS,
            });
        }
        Ok(())
    }

    /// Units `[lo, hi)` of chunk `index` (`index < chunks`). Chunks tile `[0, size)`.
    pub fn chunk_bounds(&self, index: u32) -> (u64, u64) {
        let at = |i: u32| -> u64 {
            let v = u128::from(self.size) * u128::from(i) / u128::from(self.chunks.max(1));
            v as u64 // v <= size, so this never truncates
        };
        (at(index), at(index + 1))
    }

    /// Compute one chunk in a single kernel call.
    pub fn run_chunk(&self, index: u32) -> u64 {
        let (lo, hi) = self.chunk_bounds(index);
        self.kernel.run_units(lo, hi)
    }
}

/// Run every kernel once on a small input so that the engine (V8 in the browser) has compiled
/// the optimised code before a timed run. Returns the results' sum; pass it to `black_box`.
#[inline(never)]
pub fn warm_up() -> u64 {
    let mut sum = 0;
    for _ in 0..3 {
        sum += black_box(Kernel::Primes).run_units(0, black_box(20_000));
        sum += black_box(Kernel::Countdown).run_units(0, black_box(200_000));
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sieve_count(n: u64) -> u64 {
        let n = n as usize;
        if n < 3 {
            return 0;
        }
        let mut is = vec![true; n];
        is[0] = false;
        is[1] = false;
        let mut i = 2;
        while i * i < n {
            if is[i] {
                let mut j = i * i;
                while j < n {
                    is[j] = false;
                    j += i;
                }
            }
            i += 1;
        }
        is.iter().filter(|&&b| b).count() as u64
    }

    #[test]
    fn prime_counts_match_known_values_and_a_sieve() {
        assert_eq!(count_primes(0, 10_000), 1229);
        assert_eq!(count_primes(0, 100_000), 9592);
        for n in [
            0u64, 1, 2, 3, 4, 5, 10, 97, 98, 1000, 7919, 7920, 65_537, 200_000,
        ] {
            assert_eq!(count_primes(0, n), sieve_count(n), "below {n}");
        }
        assert_eq!(count_primes(50, 10), 0);
    }

    #[test]
    fn large_numbers_use_the_u64_path() {
        // 2^32 + 15 is prime; 2^32 + 1 = 641 * 6700417 is not.
        let base = 1u64 << 32;
        assert!(is_prime(base + 15));
        assert!(!is_prime(base + 1));
        assert!(is_prime(4_294_967_291)); // largest 32-bit prime
        assert!(!is_prime(4_294_967_295));
    }

    #[test]
    fn countdown_counts_every_decrement() {
        assert_eq!(countdown(0), 0);
        assert_eq!(countdown(1), 1);
        assert_eq!(countdown(123_457), 123_457);
    }

    #[test]
    fn chunks_tile_the_range() {
        for (size, chunks) in [
            (0u64, 1u32),
            (1, 3),
            (10, 3),
            (1_000_003, 7),
            (17, 17),
            (5, 9),
        ] {
            let job = Job::new(Kernel::Countdown, size, chunks).unwrap();
            let mut prev = 0;
            for i in 0..chunks {
                let (lo, hi) = job.chunk_bounds(i);
                assert_eq!(lo, prev);
                assert!(hi >= lo);
                prev = hi;
            }
            assert_eq!(prev, size);
        }
    }

    #[test]
    fn limits_are_enforced_and_named() {
        let err = Job::new(Kernel::Primes, MAX_PRIMES_SIZE + 1, 4).unwrap_err();
        assert_eq!(
            err,
            JobError::SizeTooLarge {
                kernel: Kernel::Primes,
                size: MAX_PRIMES_SIZE + 1,
                max: MAX_PRIMES_SIZE
            }
        );
        assert!(err.to_string().contains("50000000"), "{err}");
        assert!(Job::new(Kernel::Primes, MAX_PRIMES_SIZE, 4).is_ok());
        let err = Job::new(Kernel::Countdown, MAX_COUNTDOWN_SIZE + 1, 4).unwrap_err();
        assert!(err.to_string().contains(&MAX_COUNTDOWN_SIZE.to_string()));
        assert!(matches!(
            Job::new(Kernel::Primes, 10, 0),
            Err(JobError::BadChunks { .. })
        ));
        assert!(matches!(
            Job::new(Kernel::Primes, 10, MAX_CHUNKS + 1),
            Err(JobError::BadChunks { .. })
        ));
    }

    #[test]
    fn kernel_names_round_trip() {
        for k in Kernel::ALL {
            assert_eq!(Kernel::from_name(k.name()), Some(k));
        }
        assert_eq!(Kernel::from_name("mandelbrot"), None);
    }

    #[test]
    fn warm_up_runs_both_kernels() {
        assert_eq!(warm_up(), 3 * (2262 + 200_000));
    }
}
