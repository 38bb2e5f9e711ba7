//! The real-work thread pool: detects cross-origin isolation, starts the wasm-bindgen-rayon pool
//! with one worker per logical core, and proves it runs by a round trip through `rayon::spawn`.
//!
//! Without isolation (the usual case inside an LMS iframe) `SharedArrayBuffer` is absent, the
//! module's memory cannot be handed to a Worker, and the pool is not started at all: touching
//! rayon before `init_thread_pool` would pin a one-thread global pool for good.

use futures::future::{Either, select};
use std::time::Duration;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// How long the workers get to start before the pool is reported as failed.
pub const START_TIMEOUT: Duration = Duration::from_secs(20);

/// What the page knows about real threads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PoolStatus {
    /// The page is isolated and the workers are starting.
    Starting { requested: usize },
    /// The pool runs `threads` workers (confirmed from inside the pool).
    Ready { threads: usize },
    /// Not cross-origin isolated: real threads are off, everything else works.
    NotIsolated,
    /// Isolated, but the pool could not start; the text says why.
    Failed(String),
}

impl PoolStatus {
    /// Worker threads that real work can use right now (0 when the pool is off).
    pub fn threads(&self) -> usize {
        match self {
            PoolStatus::Ready { threads } => *threads,
            _ => 0,
        }
    }
}

/// Whether the page is cross-origin isolated (`self.crossOriginIsolated`).
pub fn is_cross_origin_isolated() -> bool {
    global_flag("crossOriginIsolated") == Some(true)
}

/// Whether `SharedArrayBuffer` exists in this realm.
pub fn has_shared_array_buffer() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("SharedArrayBuffer"))
        .map(|v| !v.is_undefined())
        .unwrap_or(false)
}

/// `navigator.hardwareConcurrency`, at least 1.
pub fn hardware_concurrency() -> usize {
    web_sys::window()
        .map(|w| w.navigator().hardware_concurrency() as usize)
        .unwrap_or(1)
        .max(1)
}

fn global_flag(name: &str) -> Option<bool> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_bool())
}

/// Starts the pool with `threads` workers and returns the size the pool reports from inside.
/// Never blocks the main thread: the confirmation comes back through a oneshot channel.
pub async fn start(threads: usize) -> Result<usize, String> {
    if !has_shared_array_buffer() {
        return Err(
            "this browser reports cross-origin isolation but has no SharedArrayBuffer".into(),
        );
    }
    let boot = async move {
        JsFuture::from(wasm_bindgen_rayon::init_thread_pool(threads))
            .await
            .map_err(|e| format!("the worker threads could not start: {}", js_error_text(&e)))?;
        let (tx, rx) = futures::channel::oneshot::channel();
        rayon::spawn(move || {
            let _ = tx.send(rayon::current_num_threads());
        });
        rx.await
            .map_err(|_| "the thread pool dropped its first task".to_string())
    };
    let timeout = gloo_timers::future::sleep(START_TIMEOUT);
    match select(Box::pin(boot), Box::pin(timeout)).await {
        Either::Left((result, _)) => result,
        Either::Right(_) => Err(format!(
            "the worker threads did not start within {} s",
            START_TIMEOUT.as_secs()
        )),
    }
}

/// A readable one-line text for a JS error value.
pub fn js_error_text(value: &JsValue) -> String {
    use wasm_bindgen::JsCast;
    match value.dyn_ref::<js_sys::Error>() {
        Some(err) => String::from(err.message()),
        None => value.as_string().unwrap_or_else(|| format!("{value:?}")),
    }
}
