//! wasm-bindgen-test of the real-work lab in headless Chromium, served with COOP/COEP by the
//! test runner: the real pool runs the lab's sequential, threads and threads-with-a-GIL modes
//! through `gil_lab::lab::run` (awaited, never blocking the main thread), with equal results,
//! the GIL's holding periods recorded on the shared clock, and cancellation.
#![cfg(target_arch = "wasm32")]

use gil_lab::lab::measured::{Place, RunError, SWITCH_INTERVAL_NS};
use gil_lab::lab::run::run_on_pool;
use gil_lab::lab::{clock::PerfClock, run};
use gil_lab::pool;
use gil_work::{Clock, Control, DropReason, Job, Kernel, Strategy};
use std::sync::Arc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// One pool per test binary: start it once, whichever test comes first.
async fn pool_threads() -> u32 {
    thread_local! {
        static STARTED: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
    }
    if let Some(n) = STARTED.with(|s| s.get()) {
        return n as u32;
    }
    assert!(
        pool::is_cross_origin_isolated(),
        "the test runner serves COOP/COEP"
    );
    let n = pool::start(pool::hardware_concurrency())
        .await
        .expect("pool starts");
    STARTED.with(|s| s.set(Some(n)));
    n as u32
}

#[wasm_bindgen_test]
async fn sequential_threads_and_gil_modes_give_equal_results_on_the_pool() {
    let threads = pool_threads().await;
    let workers = threads.clamp(1, 4);
    // Primes below 400 000: 33 860.
    let job = Job::new(Kernel::Primes, 400_000, 32).unwrap();
    let control = Arc::new(Control::new());
    let seq = run_on_pool(Strategy::Sequential, job, 1, control.clone())
        .await
        .unwrap();
    assert_eq!(seq.result, 33_860);
    assert_eq!(seq.place, Place::PoolThread);
    assert_eq!(seq.chunks.len(), 32);
    assert_eq!(
        control.chunks_done(),
        32,
        "live progress counts every chunk"
    );
    control.reset();
    let thr = run_on_pool(Strategy::Threads, job, workers, control.clone())
        .await
        .unwrap();
    assert_eq!(thr.result, seq.result);
    assert_eq!(thr.workers, workers);
    assert_eq!(
        control.chunks_done(),
        32,
        "live progress counts every chunk"
    );
    control.reset();
    let gil = run_on_pool(Strategy::Gil, job, workers, control.clone())
        .await
        .unwrap();
    assert_eq!(gil.result, seq.result);
    // Every chunk of every mode ran inside its run, on the shared clock.
    for m in [&seq, &thr, &gil] {
        assert!(m.end_ns > m.start_ns, "{:?}", m.mode);
        for c in &m.chunks {
            assert!(c.start_ns >= m.start_ns && c.end_ns <= m.end_ns && c.start_ns <= c.end_ns);
        }
        let trace = m.trace();
        assert_eq!(trace.threads.len() as u32, m.workers);
    }
}

#[wasm_bindgen_test]
async fn the_gil_mode_records_holding_periods_that_never_overlap() {
    let threads = pool_threads().await;
    assert!(
        threads >= 2,
        "this test needs 2 pool threads, the pool has {threads}"
    );
    // Long enough (tens of ms or more, even optimised) for the waiter to time out and request drops.
    let job = Job::new(Kernel::Countdown, 150_000_000, 8).unwrap();
    let gil = run_on_pool(Strategy::Gil, job, 2, Arc::new(Control::new()))
        .await
        .unwrap();
    assert_eq!(gil.result, 150_000_000);
    let g = gil.gil.as_ref().expect("the GIL mode has a GIL trace");
    assert_eq!(g.interval_ns, SWITCH_INTERVAL_NS);
    assert!(g.holds.len() >= 3, "holds: {}", g.holds.len());
    // Both workers held it, and the holds, stamped by different threads' clocks, never
    // overlap: one holder at a time, on one time line.
    assert!(g.holds.iter().any(|h| h.holder == 0) && g.holds.iter().any(|h| h.holder == 1));
    for w in g.holds.windows(2) {
        assert!(
            w[0].end_ns <= w[1].start_ns,
            "overlapping holds {:?} {:?}",
            w[0],
            w[1]
        );
    }
    assert!(
        g.holds.iter().any(|h| h.reason == DropReason::DropRequest),
        "a drop request forced a switch"
    );
    assert!(g.drop_requests > 0);
    // The trace shows both threads waiting for the GIL at some point.
    let trace = gil.trace();
    assert_eq!(trace.gil_spans.len(), 1);
    let waits = trace
        .thread_spans
        .iter()
        .filter(|l| l.iter().any(|s| s.state == gil_sim::State::WaitingGil))
        .count();
    assert_eq!(waits, 2);
}

#[wasm_bindgen_test]
async fn a_cancelled_run_stops_and_says_so() {
    let threads = pool_threads().await;
    let job = Job::new(Kernel::Countdown, gil_work::MAX_COUNTDOWN_SIZE, 4096).unwrap();
    let control = Arc::new(Control::new());
    let run = run_on_pool(Strategy::Threads, job, threads.min(2), control.clone());
    let stop = async {
        gloo_timers::future::sleep(std::time::Duration::from_millis(100)).await;
        control.cancel();
    };
    let (result, ()) = futures::join!(run, stop);
    assert_eq!(result.unwrap_err(), RunError::Cancelled);
    assert!(control.chunks_done() < 4096);
}

#[wasm_bindgen_test]
fn the_clock_is_shared_and_monotonic() {
    let a = PerfClock.now_ns();
    let b = PerfClock.now_ns();
    assert!(b >= a);
    // ns since the Unix epoch: after 2020.
    assert!(a > 1_577_836_800_000_000_000, "{a}");
    assert!(run::warm_up_until_steady(&PerfClock) >= 4);
}

#[wasm_bindgen_test]
async fn process_workers_each_with_their_own_memory_give_the_same_result() {
    let job = Job::new(Kernel::Primes, 200_000, 16).unwrap();
    let live = std::rc::Rc::new(std::cell::RefCell::new(run::ProcLive::default()));
    let (_keep, cancel) = futures::channel::oneshot::channel();
    let m = run::run_processes(job, 2, live.clone(), cancel)
        .await
        .unwrap();
    assert_eq!(m.mode, Strategy::Processes);
    assert_eq!(m.result, 17_984, "primes below 200 000");
    assert_eq!(m.chunks.len(), 16);
    assert_eq!(
        live.borrow().chunks_done,
        [8, 8],
        "strided shares of 16 chunks"
    );
    assert!(
        live.borrow()
            .states
            .iter()
            .all(|s| *s == run::ProcState::Done)
    );
    // Each worker started (its own instance) before it computed, and its stamps, from its own
    // performance clock plus timeOrigin, fall inside the run measured by the page's clock.
    assert_eq!(m.starts.len(), 2);
    for s in &m.starts {
        assert!(s.ready_ns > s.spawn_ns, "{s:?}");
        let first = m
            .chunks
            .iter()
            .filter(|c| c.worker == s.worker)
            .map(|c| c.start_ns)
            .min()
            .unwrap();
        assert!(
            first >= s.ready_ns,
            "computing starts after start-up: {s:?} {first}"
        );
    }
    assert!(
        m.chunks
            .iter()
            .all(|c| c.start_ns >= m.start_ns && c.end_ns <= m.end_ns)
    );
    assert!(m.median_start_ns().unwrap() > 0);
}

#[wasm_bindgen_test]
async fn cancelling_process_workers_terminates_them_at_once() {
    let job = Job::new(Kernel::Countdown, gil_work::MAX_COUNTDOWN_SIZE, 1024).unwrap();
    let live = std::rc::Rc::new(std::cell::RefCell::new(run::ProcLive::default()));
    let (tx, cancel) = futures::channel::oneshot::channel();
    let run = run::run_processes(job, 2, live, cancel);
    let stop = async {
        gloo_timers::future::sleep(std::time::Duration::from_millis(300)).await;
        let _ = tx.send(());
    };
    let (result, ()) = futures::join!(run, stop);
    assert_eq!(result.unwrap_err(), RunError::Cancelled);
}
