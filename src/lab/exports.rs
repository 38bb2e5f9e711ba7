//! What a lab "process" worker calls in its own wasm instance (`src/lab/process_worker.js`):
//! warm-up, the shared clock, and one share of a job run with `gil_work::run_chunks`.

use super::clock::PerfClock;
use gil_work::{ChunkSet, Clock, Control, Job, Kernel, run_chunks};
use wasm_bindgen::prelude::*;

/// Warms the kernels up until their timing is steady (optimised code before a timed chunk);
/// returns the rounds it took.
#[wasm_bindgen(js_name = glLabWarmUp)]
pub fn lab_warm_up() -> u32 {
    super::run::warm_up_until_steady(&PerfClock)
}

/// Now on the shared clock (`timeOrigin + now()`), in ns.
#[wasm_bindgen(js_name = glLabNowNs)]
pub fn lab_now_ns() -> u64 {
    PerfClock.now_ns()
}

/// Runs chunks `start, start + step, ...` below `end` of the job `(kernel, size, chunks)` as
/// worker `worker`, and returns `[start_ns, end_ns, result]`. Errors name the limit or field.
#[wasm_bindgen(js_name = glLabRunChunks)]
pub fn lab_run_chunks(
    kernel: &str,
    size: u64,
    chunks: u32,
    start: u32,
    end: u32,
    step: u32,
    worker: u32,
) -> Result<Vec<u64>, JsError> {
    let kernel = Kernel::from_name(kernel)
        .ok_or_else(|| JsError::new(&format!("unknown kernel {kernel:?}")))?;
    let job = Job::new(kernel, size, chunks).map_err(|e| JsError::new(&e.to_string()))?;
    let set = ChunkSet { start, end, step };
    let run = run_chunks(&job, set, worker, &PerfClock, &Control::new())
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(vec![run.start_ns, run.end_ns, run.result])
}
