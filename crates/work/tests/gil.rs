//! The new-GIL implementation: mutual exclusion, hand-off after a drop request, holding
//! periods near the switch interval, and no deadlock with 1 to 8 threads.

mod common;

use std::sync::Barrier;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use common::{pool, with_watchdog};
use gil_work::{
    Control, DropReason, Gil, GilConfig, GilThread, InstantClock, Job, Kernel, Run, count_primes,
    run_gil, run_sequential,
};

/// Holding periods of different threads never overlap.
fn assert_holds_disjoint(run: &Run) {
    let trace = run.gil.as_ref().unwrap();
    for w in trace.holds.windows(2) {
        assert!(
            w[0].end_ns <= w[1].start_ns,
            "overlapping holds: {:?} and {:?}",
            w[0],
            w[1]
        );
    }
}

/// N threads contend for one GIL; an "inside" counter bumped while holding it and computing
/// never exceeds 1.
fn mutual_exclusion(threads: u32, force_switching: bool) {
    let gil = Gil::new(GilConfig {
        interval_ns: 100_000,
        force_switching,
    });
    let clock = InstantClock::new();
    let inside = AtomicU32::new(0);
    let max_inside = AtomicU32::new(0);
    let start = Barrier::new(threads as usize);
    let holds = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|id| {
                let (gil, clock, inside, max_inside, start) =
                    (&gil, &clock, &inside, &max_inside, &start);
                s.spawn(move || {
                    let mut t = GilThread::new(gil, id, clock);
                    start.wait();
                    t.take();
                    let deadline = Instant::now() + Duration::from_millis(300);
                    let mut sum = 0;
                    while Instant::now() < deadline {
                        let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                        max_inside.fetch_max(now, Ordering::SeqCst);
                        sum += count_primes(1_000, 1_300);
                        inside.fetch_sub(1, Ordering::SeqCst);
                        t.eval_breaker();
                    }
                    assert!(sum > 0);
                    t.finish().0
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect::<Vec<_>>()
    });
    assert_eq!(
        max_inside.load(Ordering::SeqCst),
        1,
        "more than one thread computed at once"
    );
    assert!(
        gil.switch_number() >= u64::from(threads),
        "switches: {}",
        gil.switch_number()
    );
    assert!(gil.drop_requests() > 0);
    for (id, h) in holds.iter().enumerate() {
        assert!(!h.is_empty(), "thread {id} never held the GIL");
    }
    assert!(!gil.is_locked());
}

#[test]
fn mutual_exclusion_under_contention() {
    with_watchdog("mutual exclusion", Duration::from_secs(60), || {
        for n in [2, 3, 4, 6] {
            mutual_exclusion(n, true);
        }
    });
}

#[test]
fn mutual_exclusion_without_forced_switching() {
    with_watchdog(
        "mutual exclusion, no forced switching",
        Duration::from_secs(60),
        || {
            mutual_exclusion(3, false);
        },
    );
}

#[test]
fn run_gil_holding_periods_never_overlap() {
    let clock = InstantClock::new();
    let control = Control::new();
    let job = Job::new(Kernel::Primes, 200_000, 40).unwrap();
    let pool = pool(4);
    for workers in 2..=4 {
        let run = pool
            .install(|| {
                run_gil(
                    &job,
                    workers,
                    GilConfig::with_interval_ns(300_000),
                    &clock,
                    &control,
                )
            })
            .unwrap();
        assert_holds_disjoint(&run);
        // Every chunk ran inside its worker's holding periods.
        let holds = &run.gil.as_ref().unwrap().holds;
        for c in &run.chunks {
            assert!(
                holds.iter().any(|h| h.holder == c.worker
                    && h.start_ns <= c.start_ns
                    && c.start_ns <= h.end_ns),
                "chunk {c:?} started outside its worker's GIL"
            );
        }
    }
}

#[test]
fn handoff_after_a_drop_request() {
    with_watchdog("hand-off", Duration::from_secs(60), || {
        let gil = Gil::new(GilConfig::with_interval_ns(2_000_000));
        let clock = InstantClock::new();
        let mut a = GilThread::new(&gil, 0, &clock);
        a.take();
        let (b_taken, a_handoffs) = std::thread::scope(|s| {
            let b = s.spawn(|| {
                let mut b = GilThread::new(&gil, 1, &clock);
                let taken = b.take();
                b.release(DropReason::Exit);
                taken
            });
            // A is CPU-bound: compute and check the eval breaker until it has to drop.
            let mut spins = 0u64;
            while !a.eval_breaker() {
                spins += count_primes(1_000, 1_100);
            }
            assert!(spins > 0, "A dropped before any drop request could be due");
            let taken = b.join().unwrap();
            let (_, handoffs) = a.finish();
            (taken, handoffs)
        });
        // B waited out at least one interval, then asked A to drop.
        assert!(
            b_taken.requests_set >= 1 && b_taken.timeouts >= 1,
            "{b_taken:?}"
        );
        assert_eq!(b_taken.switched_from, Some(0));
        assert_eq!(b_taken.previous_drop, DropReason::DropRequest);
        // With forced switching A got the GIL back only after B had taken it.
        assert_eq!(a_handoffs.len(), 1);
        assert_eq!((a_handoffs[0].from, a_handoffs[0].to), (1, 0));
        assert_eq!(a_handoffs[0].reason, DropReason::Exit);
        assert!(gil.drop_requests() >= 1);
        assert_eq!(gil.switch_number(), 3); // A, then B, then A again
        assert!(!gil.drop_requested(), "the request was reset by the taker");
    });
}

#[test]
fn two_cpu_workers_both_hold_the_gil() {
    let clock = InstantClock::new();
    let control = Control::new();
    // Long against the 2 ms interval, so the GIL must change hands many times.
    let job = Job::new(Kernel::Primes, 400_000, 8).unwrap();
    let run = with_watchdog("two workers", Duration::from_secs(120), move || {
        pool(2).install(|| {
            run_gil(
                &job,
                2,
                GilConfig::with_interval_ns(2_000_000),
                &clock,
                &control,
            )
        })
    })
    .unwrap();
    let trace = run.gil.as_ref().unwrap();
    for w in 0..2 {
        assert!(
            trace.holds.iter().any(|h| h.holder == w),
            "worker {w} never held the GIL"
        );
    }
    assert!(trace.drop_requests >= 1);
    assert!(
        trace
            .handoffs
            .iter()
            .any(|h| h.reason == DropReason::DropRequest),
        "no forced hand-off"
    );
    assert_holds_disjoint(&run);
}

#[test]
fn holding_periods_are_near_the_switch_interval() {
    const INTERVAL: u64 = 15_000_000;
    let clock = InstantClock::new();
    let control = Control::new();
    let job = Job::new(Kernel::Countdown, 1, 1).unwrap();
    // Size the job to about 80 intervals of work on this machine and build.
    let probe = Job {
        size: 5_000_000,
        ..job
    };
    let t = run_sequential(&probe, &clock, &control)
        .unwrap()
        .elapsed_ns()
        .max(1);
    let size = (5_000_000u128 * 80 * u128::from(INTERVAL) / u128::from(t)) as u64;
    let job = Job::new(
        Kernel::Countdown,
        size.min(gil_work::MAX_COUNTDOWN_SIZE),
        16,
    )
    .unwrap();
    let run = with_watchdog("holding periods", Duration::from_secs(120), move || {
        pool(2).install(|| {
            run_gil(
                &job,
                2,
                GilConfig::with_interval_ns(INTERVAL),
                &clock,
                &control,
            )
        })
    })
    .unwrap();
    let trace = run.gil.as_ref().unwrap();
    let requested = trace
        .holds
        .iter()
        .filter(|h| h.reason == DropReason::DropRequest)
        .count();
    assert!(requested >= 8, "only {requested} drop-request hand-offs");
    let median = trace.median_requested_hold_ns().unwrap();
    assert!(
        (INTERVAL / 2..=3 * INTERVAL).contains(&median),
        "median holding period {median} ns, interval {INTERVAL} ns"
    );
    assert_eq!(run.result, job.size);
}

#[test]
fn no_deadlock_with_1_to_8_threads() {
    let job = Job::new(Kernel::Primes, 60_000, 48).unwrap();
    let expected = run_sequential(&job, &InstantClock::new(), &Control::new())
        .unwrap()
        .result;
    let pool = std::sync::Arc::new(pool(8));
    for n in 1..=8u32 {
        for interval_ns in [50_000, 1_000_000] {
            let pool = std::sync::Arc::clone(&pool);
            let run = with_watchdog(
                &format!("{n} GIL threads"),
                Duration::from_secs(60),
                move || {
                    let clock = InstantClock::new();
                    let control = Control::new();
                    pool.install(|| {
                        run_gil(
                            &job,
                            n,
                            GilConfig::with_interval_ns(interval_ns),
                            &clock,
                            &control,
                        )
                    })
                },
            )
            .unwrap();
            assert_eq!(run.result, expected, "{n} threads");
            assert_holds_disjoint(&run);
        }
    }
}

#[test]
fn no_deadlock_with_voluntary_releases_mixed_in() {
    // Like I/O threads: some threads drop the GIL voluntarily and take it back, others only
    // leave it at eval-breaker checks.
    with_watchdog("voluntary releases", Duration::from_secs(60), || {
        for n in 1..=8u32 {
            let gil = Gil::new(GilConfig::with_interval_ns(100_000));
            let clock = InstantClock::new();
            std::thread::scope(|s| {
                for id in 0..n {
                    let (gil, clock) = (&gil, &clock);
                    s.spawn(move || {
                        let mut t = GilThread::new(gil, id, clock);
                        t.take();
                        for i in 0..200u32 {
                            count_primes(2_000, 2_200);
                            if id % 2 == 1 && i % 10 == 0 {
                                t.release(DropReason::Voluntary);
                                std::thread::yield_now();
                                t.take();
                            } else {
                                t.eval_breaker();
                            }
                        }
                        t.release(DropReason::Exit);
                    });
                }
            });
            assert!(!gil.is_locked());
        }
    });
}
