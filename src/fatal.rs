//! Fatal errors made visible: the panic hook writes a banner into the page, so a crash never
//! leaves a white screen. It touches the DOM directly because Yew may be the thing that died.

use wasm_bindgen::JsCast;

/// The sentence shown above the technical detail of a fatal error.
pub const FATAL_HEADLINE: &str = "GIL Lab hit an internal error and stopped.";

/// Installs a panic hook that logs to the console and shows a banner with the panic message.
/// It goes through Yew, because `yew::Renderer` replaces any hook not set this way.
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let detail = match info.payload().downcast_ref::<&str>() {
            Some(s) => (*s).to_string(),
            None => info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "unknown panic".to_string()),
        };
        // The release build leaves panic locations out (`-Z location-detail=none`, to keep the
        // first load in its budget): then there is no place to show.
        let place = info
            .location()
            .filter(|l| l.line() > 0)
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        show_fatal(&format!("{detail}{place}"));
    }));
}

/// Shows (or replaces) the fatal-error banner. Safe to call from a panic hook: every DOM step
/// that fails is skipped rather than unwrapped.
pub fn show_fatal(detail: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let banner = match document.get_element_by_id("fatal-error") {
        Some(el) => el,
        None => {
            let Ok(el) = document.create_element("div") else {
                return;
            };
            el.set_id("fatal-error");
            let _ = el.set_attribute("role", "alert");
            let _ = el.set_attribute("data-testid", "fatal-error");
            let _ = el.set_attribute("class", "fatal");
            if let Some(body) = document.body() {
                let _ = body.prepend_with_node_1(&el);
            }
            el
        }
    };
    banner.set_inner_html("");
    let push = |tag: &str, text: &str| {
        if let Ok(node) = document.create_element(tag) {
            node.set_text_content(Some(text));
            let _ = banner.append_child(&node);
        }
    };
    push("strong", FATAL_HEADLINE);
    push(
        "p",
        "Reload the page to start again. If it happens again, please report the detail below.",
    );
    push("code", detail);
    if let Some(el) = banner.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}
