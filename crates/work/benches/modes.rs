//! Criterion bench: one fixed CPU-bound job in each mode, on 1 and 2 workers, so speedups
//! against sequential are ratios from one run. Ends with a one-shot summary of the ratios and
//! of the GIL's holding-period median against its switch interval.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use gil_work::{
    ChunkSet, Clock, Control, GilConfig, InstantClock, Job, Kernel, Run, run_chunks, run_gil,
    run_sequential, run_threads, warm_up,
};

/// Primes below 4 million in 64 chunks: about 0.3 to 0.4 s on one core.
fn job() -> Job {
    Job::new(Kernel::Primes, 4_000_000, 64).unwrap()
}

fn pool() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap()
}

fn modes(c: &mut Criterion) {
    black_box(warm_up());
    let job = job();
    let clock = InstantClock::new();
    let control = Control::new();
    let pool = pool();
    let gil = GilConfig::default();
    let mut g = c.benchmark_group("modes");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    g.bench_function("sequential", |b| {
        b.iter(|| run_sequential(&job, &clock, &control).unwrap().result)
    });
    for workers in [1u32, 2] {
        g.bench_function(format!("threads/{workers}"), |b| {
            b.iter(|| pool.install(|| run_threads(&job, workers, &clock, &control).unwrap().result))
        });
        g.bench_function(format!("gil/{workers}"), |b| {
            b.iter(|| {
                pool.install(|| {
                    run_gil(&job, workers, gil, &clock, &control)
                        .unwrap()
                        .result
                })
            })
        });
        g.bench_function(format!("process-shares/{workers}"), |b| {
            b.iter(|| pool.install(|| process_shares(&job, workers, &clock, &control)))
        });
    }
    g.finish();
}

/// The "processes" layout: each worker runs its strided share with `run_chunks`, sharing
/// nothing but the job (here as rayon tasks, in the app as separate Web Workers).
fn process_shares(job: &Job, workers: u32, clock: &InstantClock, control: &Control) -> u64 {
    let mut out = vec![0u64; workers as usize];
    rayon::scope(|s| {
        for (w, slot) in (0..workers).zip(out.iter_mut()) {
            s.spawn(move |_| {
                let set = ChunkSet::strided(job, workers, w);
                *slot = run_chunks(job, set, w, clock, control).unwrap().result;
            });
        }
    });
    out.iter().sum()
}

fn median_ns(mut f: impl FnMut() -> Run) -> (u64, Run) {
    let mut runs: Vec<Run> = (0..5).map(|_| f()).collect();
    runs.sort_by_key(Run::elapsed_ns);
    let mid = runs.swap_remove(2);
    (mid.elapsed_ns(), mid)
}

/// One-shot summary: median of 5 runs per mode, ratios against sequential.
fn summary(_: &mut Criterion) {
    let job = job();
    let clock = InstantClock::new();
    let control = Control::new();
    let pool = pool();
    let gil = GilConfig::default();
    let (seq, seq_run) = median_ns(|| run_sequential(&job, &clock, &control).unwrap());
    println!(
        "\nsummary: {} below {} in {} chunks, median of 5 runs",
        job.kernel, job.size, job.chunks
    );
    println!(
        "  sequential          {:>8.1} ms  result {}",
        seq as f64 / 1e6,
        seq_run.result
    );
    for workers in [1u32, 2] {
        let (t, r) =
            median_ns(|| pool.install(|| run_threads(&job, workers, &clock, &control).unwrap()));
        assert_eq!(r.result, seq_run.result);
        println!(
            "  threads/{workers}           {:>8.1} ms  speedup {:.2}x",
            t as f64 / 1e6,
            seq as f64 / t as f64
        );
        let (t, r) =
            median_ns(|| pool.install(|| run_gil(&job, workers, gil, &clock, &control).unwrap()));
        assert_eq!(r.result, seq_run.result);
        let trace = r.gil.as_ref().unwrap();
        let med = trace
            .median_requested_hold_ns()
            .map_or("none".to_string(), |m| {
                format!(
                    "{:.2} ms = {:.2}x interval",
                    m as f64 / 1e6,
                    m as f64 / trace.interval_ns as f64
                )
            });
        println!(
            "  gil/{workers} (5 ms)        {:>8.1} ms  speedup {:.2}x  holds {}  drop requests {}  median requested hold {}  median hand-off gap {:.3} ms",
            t as f64 / 1e6,
            seq as f64 / t as f64,
            trace.holds.len(),
            trace.drop_requests,
            med,
            trace.median_handoff_gap_ns().unwrap_or(0) as f64 / 1e6
        );
        let (t, r) = median_ns(|| {
            let start_ns = clock.now_ns();
            let result = pool.install(|| process_shares(&job, workers, &clock, &control));
            Run {
                result,
                start_ns,
                end_ns: clock.now_ns(),
                ..seq_run.clone()
            }
        });
        assert_eq!(r.result, seq_run.result);
        println!(
            "  process-shares/{workers}    {:>8.1} ms  speedup {:.2}x",
            t as f64 / 1e6,
            seq as f64 / t as f64
        );
    }
}

criterion_group!(benches, modes, summary);
criterion_main!(benches);
