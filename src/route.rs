//! The app's views as routes of the page's hash (`#/sim`, `#/embed`, `#/lab`: gil-link's
//! [`View`]): which one is shown, following back and forward, and the address of another view
//! that keeps the simulator's state (every view's hash carries it, so the way back finds it).

use crate::sim::link::current_hash;
pub use gil_link::View;
use gloo_events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// The view a hash names; the simulator where it names none (or one this build lacks: the
/// simulator then says what was wrong with the link).
pub fn view_of(hash: &str) -> View {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    hash.strip_prefix('/')
        .and_then(|route| View::of_path(route.split('?').next().unwrap_or_default()))
        .unwrap_or(View::Sim)
}

/// The view the page's address shows now.
pub fn current_view() -> View {
    view_of(&current_hash())
}

/// `hash` with its view changed to `view`, its state (the query) kept.
pub fn retarget(hash: &str, view: View) -> String {
    match hash.split_once('?') {
        Some((_, query)) if !query.is_empty() => format!("#/{}?{query}", view.path()),
        _ => format!("#/{}", view.path()),
    }
}

/// The page's address in `view`, with the state it carries now (for a link to open in a new
/// tab).
pub fn address_of(view: View) -> String {
    crate::sim::link::page_url(&retarget(&current_hash(), view))
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
            let hash = retarget(&current_hash(), to);
            if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&hash));
            }
            view.set(to);
        })
    };
    (*view, go)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_names_its_view_or_the_simulator() {
        for (hash, view) in [
            ("", View::Sim),
            ("#", View::Sim),
            ("#/", View::Sim),
            ("#lab", View::Sim),
            ("#/sim?v=1&s=x", View::Sim),
            ("#/lab", View::Lab),
            ("#/lab?v=1&s=x", View::Lab),
            ("#/embed?v=1", View::Embed),
            ("#/labs", View::Sim),
        ] {
            assert_eq!(view_of(hash), view, "{hash:?}");
        }
    }

    #[test]
    fn another_view_keeps_the_state() {
        assert_eq!(retarget("#/sim?v=1&s=abc", View::Lab), "#/lab?v=1&s=abc");
        assert_eq!(retarget("#/lab?v=1&s=abc", View::Sim), "#/sim?v=1&s=abc");
        assert_eq!(
            retarget("#/sim?v=1&s=abc", View::Embed),
            "#/embed?v=1&s=abc"
        );
        assert_eq!(retarget("", View::Lab), "#/lab");
        assert_eq!(retarget("#/sim?", View::Lab), "#/lab");
    }
}
