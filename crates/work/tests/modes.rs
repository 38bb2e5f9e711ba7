//! Every mode gives the same result for the same job; bounds, cancellation and progress.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{pool, with_watchdog};
use gil_work::{
    ChunkSet, Control, GilConfig, InstantClock, Job, JobError, Kernel, Run, Strategy, WorkerState,
    run_chunks, run_gil, run_sequential, run_threads,
};

fn check_chunks(run: &Run) {
    let mut ids: Vec<u32> = run.chunks.iter().map(|c| c.chunk).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        (0..run.job.chunks).collect::<Vec<_>>(),
        "{:?}: every chunk once",
        run.mode
    );
    assert_eq!(run.chunks.iter().map(|c| c.result).sum::<u64>(), run.result);
    for c in &run.chunks {
        assert!(c.worker < run.workers);
        assert!(run.start_ns <= c.start_ns && c.start_ns <= c.end_ns && c.end_ns <= run.end_ns);
    }
}

#[test]
fn all_modes_agree_for_several_sizes_and_worker_counts() {
    let clock = InstantClock::new();
    let control = Control::new();
    let cases: &[(Kernel, u64, u32)] = &[
        (Kernel::Primes, 0, 1),
        (Kernel::Primes, 1, 1),
        (Kernel::Primes, 3, 5),
        (Kernel::Primes, 100, 7),
        (Kernel::Primes, 10_000, 16),
        (Kernel::Primes, 100_003, 13),
        (Kernel::Primes, 150_000, 64),
        (Kernel::Countdown, 0, 2),
        (Kernel::Countdown, 999, 10),
        (Kernel::Countdown, 3_000_017, 31),
    ];
    let pool = pool(4);
    for &(kernel, size, chunks) in cases {
        let job = Job::new(kernel, size, chunks).unwrap();
        let seq = run_sequential(&job, &clock, &control).unwrap();
        check_chunks(&seq);
        if kernel == Kernel::Countdown {
            assert_eq!(seq.result, size);
        }
        if (kernel, size) == (Kernel::Primes, 10_000) {
            assert_eq!(seq.result, 1229);
        }
        for workers in 1..=4 {
            let (thr, gil) = pool.install(|| {
                (
                    run_threads(&job, workers, &clock, &control).unwrap(),
                    run_gil(
                        &job,
                        workers,
                        GilConfig::with_interval_ns(200_000),
                        &clock,
                        &control,
                    )
                    .unwrap(),
                )
            });
            for run in [&thr, &gil] {
                check_chunks(run);
                assert_eq!(
                    run.result, seq.result,
                    "{kernel} {size}/{chunks} {:?} x{workers}",
                    run.mode
                );
                assert_eq!(run.workers, workers);
            }
            assert!(gil.gil.is_some() && thr.gil.is_none());
            // Process shares, strided and contiguous, add up to the same result.
            let strided: u64 = (0..workers)
                .map(|w| {
                    run_chunks(
                        &job,
                        ChunkSet::strided(&job, workers, w),
                        w,
                        &clock,
                        &control,
                    )
                    .unwrap()
                    .result
                })
                .sum();
            assert_eq!(strided, seq.result);
            let cut = chunks / 2;
            let a = run_chunks(&job, ChunkSet::range(0, cut), 0, &clock, &control).unwrap();
            let b = run_chunks(&job, ChunkSet::range(cut, chunks), 1, &clock, &control).unwrap();
            assert_eq!(a.result + b.result, seq.result);
            assert_eq!(a.chunks.len() + b.chunks.len(), chunks as usize);
        }
    }
}

#[test]
fn strided_shares_cover_every_chunk_once() {
    let job = Job::new(Kernel::Countdown, 1000, 23).unwrap();
    for workers in 1..=5 {
        let mut all: Vec<u32> = (0..workers)
            .flat_map(|w| ChunkSet::strided(&job, workers, w).iter())
            .collect();
        all.sort_unstable();
        assert_eq!(all, (0..23).collect::<Vec<_>>());
    }
}

#[test]
fn bad_workers_and_chunk_sets_are_refused() {
    let clock = InstantClock::new();
    let control = Control::new();
    let job = Job::new(Kernel::Primes, 1000, 4).unwrap();
    let pool = pool(2);
    pool.install(|| {
        assert_eq!(
            run_threads(&job, 3, &clock, &control).unwrap_err(),
            JobError::WorkersExceedPool {
                workers: 3,
                pool: 2
            }
        );
        let err = run_gil(&job, 3, GilConfig::default(), &clock, &control).unwrap_err();
        assert!(err.to_string().contains("only 2"), "{err}");
        assert!(matches!(
            run_threads(&job, 0, &clock, &control),
            Err(JobError::BadWorkers { .. })
        ));
    });
    let bad = ChunkSet {
        start: 0,
        end: 5,
        step: 1,
    };
    assert!(matches!(
        run_chunks(&job, bad, 0, &clock, &control),
        Err(JobError::BadChunkSet { .. })
    ));
    let bad = ChunkSet {
        start: 0,
        end: 4,
        step: 0,
    };
    assert!(matches!(
        run_chunks(&job, bad, 0, &clock, &control),
        Err(JobError::BadChunkSet { .. })
    ));
    // Public fields are validated by every mode.
    let too_big = Job {
        kernel: Kernel::Primes,
        size: gil_work::MAX_PRIMES_SIZE + 1,
        chunks: 4,
    };
    let err = run_sequential(&too_big, &clock, &control).unwrap_err();
    assert!(
        err.to_string()
            .contains(&gil_work::MAX_PRIMES_SIZE.to_string()),
        "{err}"
    );
    assert!(
        pool.install(|| run_gil(&too_big, 1, GilConfig::default(), &clock, &control))
            .is_err()
    );
}

#[test]
fn progress_is_reported_per_worker() {
    let clock = InstantClock::new();
    let control = Control::new();
    let job = Job::new(Kernel::Primes, 50_000, 20).unwrap();
    let pool = pool(3);
    for mode in [Strategy::Sequential, Strategy::Threads, Strategy::Gil] {
        control.reset();
        let run = pool
            .install(|| match mode {
                Strategy::Sequential => run_sequential(&job, &clock, &control),
                Strategy::Threads => run_threads(&job, 3, &clock, &control),
                _ => run_gil(
                    &job,
                    3,
                    GilConfig::with_interval_ns(100_000),
                    &clock,
                    &control,
                ),
            })
            .unwrap();
        assert_eq!(control.chunks_done(), 20, "{mode:?}");
        let per: u32 = (0..run.workers)
            .map(|w| control.worker_chunks_done(w))
            .sum();
        assert_eq!(per, 20);
        for w in 0..run.workers {
            assert_eq!(control.worker_state(w), WorkerState::Done);
            let n = run.chunks.iter().filter(|c| c.worker == w).count() as u32;
            assert_eq!(control.worker_chunks_done(w), n);
        }
    }
}

#[test]
fn a_cancelled_control_stops_every_mode() {
    let clock = InstantClock::new();
    let control = Control::new();
    control.cancel();
    let job = Job::new(Kernel::Countdown, 1_000_000, 8).unwrap();
    let pool = pool(2);
    assert_eq!(
        run_sequential(&job, &clock, &control).unwrap_err(),
        JobError::Cancelled
    );
    pool.install(|| {
        assert_eq!(
            run_threads(&job, 2, &clock, &control).unwrap_err(),
            JobError::Cancelled
        );
        assert_eq!(
            run_gil(&job, 2, GilConfig::default(), &clock, &control).unwrap_err(),
            JobError::Cancelled
        );
    });
    assert_eq!(
        run_chunks(&job, ChunkSet::range(0, 8), 0, &clock, &control).unwrap_err(),
        JobError::Cancelled
    );
    assert_eq!(control.chunks_done(), 0);
}

#[test]
fn cancelling_a_running_gil_run_stops_it_early() {
    let control = Arc::new(Control::new());
    let c2 = Arc::clone(&control);
    // Far too much work to finish: only cancellation ends it.
    let job = Job::new(Kernel::Countdown, gil_work::MAX_COUNTDOWN_SIZE, 1000).unwrap();
    let watcher = std::thread::spawn(move || {
        while c2.chunks_done() < 1 && c2.worker_state(0) != WorkerState::Done {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(20));
        c2.cancel();
    });
    let c3 = Arc::clone(&control);
    let res = with_watchdog("cancelled GIL run", Duration::from_secs(120), move || {
        let clock = InstantClock::new();
        pool(2).install(|| run_gil(&job, 2, GilConfig::with_interval_ns(1_000_000), &clock, &c3))
    });
    watcher.join().unwrap();
    assert_eq!(res.unwrap_err(), JobError::Cancelled);
    assert!(control.chunks_done() < 1000);
}

#[test]
fn mode_names_round_trip() {
    for m in Strategy::ALL {
        assert_eq!(Strategy::from_name(m.name()), Some(m));
    }
}
