//! The app's views as routes of the page's hash (`#/sim`, `#/embed`, `#/lab`: gil-link's
//! [`View`]): which one is shown, following back and forward, and the address of another view
//! that keeps the simulator's state (every view's hash carries it, so the way back finds it).

use crate::sim::link::current_hash;
pub use gil_link::{View, with_view};
use gloo_events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// The view the page's address shows now (gil-link reads hashes: [`View::of_hash`]).
pub fn current_view() -> View {
    View::of_hash(&current_hash())
}

/// The page's address in `view`, with the state it carries now (for a link to open in a new
/// tab).
pub fn address_of(view: View) -> String {
    crate::sim::link::page_url(&with_view(&current_hash(), view))
}

/// The view shown, following the address (back, forward, an edited hash), and a callback that
/// moves to another view as a new history entry, keeping the simulator's state.
#[hook]
pub fn use_view() -> (View, Callback<View>) {
    let view = use_state(current_view);
    {
        let view = view.clone();
        use_effect_with((), move |_| {
            let listeners = web_sys::window().map(|w| {
                ["popstate", "hashchange"].map(|event| {
                    let view = view.clone();
                    EventListener::new(&w, event, move |_| view.set(current_view()))
                })
            });
            move || drop(listeners)
        });
    }
    let go = {
        let view = view.clone();
        Callback::from(move |to: View| {
            let hash = with_view(&current_hash(), to);
            if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&hash));
            }
            view.set(to);
        })
    };
    (*view, go)
}
