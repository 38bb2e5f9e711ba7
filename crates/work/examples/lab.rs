//! Run one job in every mode on a 2-thread rayon pool and print the timings, per-worker chunk
//! counts and the GIL's holding periods: `cargo run --release -p gil-work --example lab [size]`.

use gil_work::{
    ChunkSet, Control, GilConfig, InstantClock, Job, Kernel, Run, run_chunks, run_gil,
    run_sequential, run_threads, warm_up,
};

fn show(run: &Run, seq_ns: u64) {
    let per: Vec<usize> = (0..run.workers)
        .map(|w| run.chunks.iter().filter(|c| c.worker == w).count())
        .collect();
    print!(
        "{:<10} x{}  {:>8.1} ms  speedup {:.2}  result {}  chunks per worker {:?}",
        run.mode.name(),
        run.workers,
        run.elapsed_ns() as f64 / 1e6,
        seq_ns as f64 / run.elapsed_ns() as f64,
        run.result,
        per
    );
    if let Some(t) = &run.gil {
        let med = t.median_requested_hold_ns().unwrap_or(0);
        print!(
            "  holds {}  drop requests {}  median hold {:.2} ms (interval {:.2} ms)  median hand-off gap {:.3} ms",
            t.holds.len(),
            t.drop_requests,
            med as f64 / 1e6,
            t.interval_ns as f64 / 1e6,
            t.median_handoff_gap_ns().unwrap_or(0) as f64 / 1e6
        );
    }
    println!();
}

fn main() {
    let size = std::env::args()
        .nth(1)
        .map_or(4_000_000, |s| s.parse().expect("size"));
    let job = match Job::new(Kernel::Primes, size, 64) {
        Ok(job) => job,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    std::hint::black_box(warm_up());
    let clock = InstantClock::new();
    let control = Control::new();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let seq = run_sequential(&job, &clock, &control).unwrap();
    show(&seq, seq.elapsed_ns());
    for workers in [1, 2] {
        let thr = pool.install(|| run_threads(&job, workers, &clock, &control).unwrap());
        show(&thr, seq.elapsed_ns());
        let gil = pool
            .install(|| run_gil(&job, workers, GilConfig::default(), &clock, &control).unwrap());
        show(&gil, seq.elapsed_ns());
        // "Processes": each share alone, as separate Web Workers would run them.
        let shares: u64 = (0..workers)
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
        assert_eq!(shares, seq.result);
    }
}
