//! GIL Lab, the Yew front end: the app shell, the real-work thread pool, and fatal-error display.
//!
//! The model (`gil-sim`) and the kernels (`gil-work`) are plain Rust crates; this crate is the
//! only one that knows about the browser.

pub mod app;
pub mod fatal;
pub mod pool;

use wasm_bindgen::prelude::*;

/// Installs the panic hook and mounts [`app::App`] into `<main id="app">`'s place in the body.
pub fn start() {
    fatal::install_panic_hook();
    let document = gloo_utils_document();
    let root = document
        .get_element_by_id("app")
        .unwrap_or_else(|| document.body().expect("document has a body").into());
    yew::Renderer::<app::App>::with_root(root).render();
}

fn gloo_utils_document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("GIL Lab runs in a browser window with a document")
}

/// Test hook, exported for the end-to-end suite: panics on purpose so the tests can check that a
/// panic shows a visible error instead of a white screen. Not reachable from the UI.
#[wasm_bindgen(js_name = glTestPanic)]
pub fn test_panic() {
    panic!("deliberate test panic (glTestPanic)");
}
