//! GIL Lab, the Yew front end: the app shell and its views (routes), the real-work thread pool,
//! and fatal-error display.
//!
//! The model (`gil-sim`) and the kernels (`gil-work`) are plain Rust crates; this crate is the
//! only one that knows about the browser.

pub mod app;
pub mod dom;
pub mod fatal;
pub mod lab;
pub mod pool;
pub mod route;
pub mod sim;
pub mod timeline;

use wasm_bindgen::prelude::*;

/// Installs the panic hook and mounts [`app::App`] into `<div id="app">`. Does nothing where
/// there is no document: the same module also runs inside Web Workers (the rayon pool, and the
/// lab's "process" workers), which instantiate it without a page to draw.
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    fatal::install_panic_hook();
    let Some(root) = document
        .get_element_by_id("app")
        .or_else(|| document.body().map(Into::into))
    else {
        return;
    };
    yew::Renderer::<app::App>::with_root(root).render();
}

/// Test hook, exported for the end-to-end suite: panics on purpose so the tests can check that a
/// panic shows a visible error instead of a white screen. Not reachable from the UI.
#[wasm_bindgen(js_name = glTestPanic)]
pub fn test_panic() {
    panic!("deliberate test panic (glTestPanic)");
}

/// Bench hook, exported for `tests/bench/program-edit.mjs`: an edit of a program, as the editor
/// runs it, `reps` times (the text `classroom` stands for the classroom scenario's program):
/// says `MODEL_MS UI_MS`, the mean per edit of `from_python` + simulate + metrics (what the
/// native bench `python/edit_to_run` times) and of the whole [`sim::ModelRun`] the screen
/// builds (plus the four-way comparison and the timeline's rows). Timed over all the reps, as
/// the browser's clock is coarse. Not reachable from the UI.
#[wasm_bindgen(js_name = glBenchProgramRun)]
pub fn bench_program_run(text: &str, reps: u32) -> String {
    let perf = web_sys::window().and_then(|w| w.performance());
    let now = || perf.as_ref().map_or(0.0, |p| p.now());
    let text = if text == "classroom" {
        gil_sim::python::to_python(&gil_sim::stress::classroom_scenario()).text
    } else {
        text.to_string()
    };
    let reps = reps.max(1);
    let t0 = now();
    for _ in 0..reps {
        let ok = gil_sim::python::from_python(&text)
            .ok()
            .and_then(|(sc, _)| gil_sim::simulate(&sc).ok())
            .map(|tr| gil_sim::metrics(&tr));
        if ok.is_none() {
            return "error".into();
        }
    }
    let t1 = now();
    for _ in 0..reps {
        let run = sim::ModelRun::of_program(&text);
        if run.is_err() {
            return "error".into();
        }
    }
    let t2 = now();
    let n = f64::from(reps);
    format!("{:.3} {:.3}", (t1 - t0) / n, (t2 - t1) / n)
}

/// Bench hook, exported for `tests/bench/worst-cases.mjs`: runs a scenario given as JSON exactly
/// as the simulator screen does ([`sim::ModelRun`]: the browser's event cap, the trace, the
/// metrics, the comparison, the rows) and says `ok MS ENGINE_EVENTS WASM_BYTES` or
/// `error MS WASM_BYTES MESSAGE`. Not reachable from the UI.
#[wasm_bindgen(js_name = glBenchModelRun)]
pub fn bench_model_run(json: &str) -> String {
    let perf = web_sys::window().and_then(|w| w.performance());
    let now = || perf.as_ref().map_or(0.0, |p| p.now());
    let t0 = now();
    let run = gil_sim::Scenario::from_json(json)
        .map_err(|e| e.to_string())
        .and_then(sim::ModelRun::new);
    let ms = now() - t0;
    #[cfg(target_arch = "wasm32")]
    let bytes = core::arch::wasm32::memory_size(0) as u64 * 65_536;
    #[cfg(not(target_arch = "wasm32"))]
    let bytes = 0u64;
    match run {
        Ok(r) => format!("ok {ms:.1} {} {bytes}", r.trace.engine_events),
        Err(e) => format!("error {ms:.1} {bytes} {e}"),
    }
}
