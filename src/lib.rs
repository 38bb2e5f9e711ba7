//! GIL Lab, the Yew front end: the app shell, the real-work thread pool, and fatal-error display.
//!
//! The model (`gil-sim`) and the kernels (`gil-work`) are plain Rust crates; this crate is the
//! only one that knows about the browser.

pub mod app;
pub mod dom;
pub mod fatal;
pub mod lab;
pub mod pool;
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
