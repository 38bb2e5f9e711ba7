//! wasm-bindgen-test, in headless Chromium served with COOP/COEP by the test runner: the real
//! wasm-bindgen-rayon pool starts with one worker per logical core and runs them in parallel.
#![cfg(target_arch = "wasm32")]

use futures::future::{Either, select};
use gil_lab::pool;
use std::sync::{Arc, Barrier, Mutex};
use std::time::Duration;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Runs `job` on the pool and awaits its result without blocking the main thread.
async fn on_pool<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = futures::channel::oneshot::channel();
    rayon::spawn(move || {
        let _ = tx.send(job());
    });
    let timeout = gloo_timers::future::sleep(Duration::from_secs(30));
    match select(rx, Box::pin(timeout)).await {
        Either::Left((result, _)) => result.expect("the pool dropped the job"),
        Either::Right(_) => panic!("the pool did not finish the job within 30 s"),
    }
}

#[wasm_bindgen_test]
async fn pool_starts_with_every_core_and_runs_them_at_once() {
    assert!(
        pool::is_cross_origin_isolated(),
        "the test runner serves COOP/COEP"
    );
    assert!(pool::has_shared_array_buffer());
    let cores = pool::hardware_concurrency();
    let threads = pool::start(cores).await.expect("pool starts");
    assert_eq!(threads, cores, "the pool reports one thread per core");

    // Every worker must be running at the same moment: a barrier of `threads` parties only
    // opens if `threads` distinct workers reach it concurrently.
    let seen = on_pool(move || {
        let barrier = Arc::new(Barrier::new(threads));
        let seen = Arc::new(Mutex::new(Vec::new()));
        rayon::scope(|s| {
            for _ in 0..threads {
                let barrier = barrier.clone();
                let seen = seen.clone();
                s.spawn(move |_| {
                    barrier.wait();
                    seen.lock().unwrap().push(rayon::current_thread_index());
                });
            }
        });
        let mut seen = Arc::try_unwrap(seen).unwrap().into_inner().unwrap();
        seen.sort();
        seen
    })
    .await;
    let expected: Vec<Option<usize>> = (0..threads).map(Some).collect();
    assert_eq!(seen, expected, "each pool thread ran one barrier party");
}
