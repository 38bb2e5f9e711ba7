//! The browser plumbing every screen shares: media queries, the page's URL, and a canvas's 2D
//! context sized for the device pixel ratio. Nothing here knows about the model.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Whether a CSS media query matches now, e.g. `(prefers-color-scheme: dark)`.
pub fn media(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Whether the page is in the dark theme (it follows the system).
pub fn dark() -> bool {
    media("(prefers-color-scheme: dark)")
}

/// The page's full URL, or `/` where there is none.
pub fn current_url() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_else(|| "/".to_string())
}

/// For a link that opens this page in a new tab: on click (before the browser follows it) its
/// `href` becomes the page's address as it is now, hash included, so the new tab opens what is
/// on screen, not what was there when the link was drawn.
pub fn to_current_url(e: yew::MouseEvent) {
    set_link_href(&e, &current_url());
}

/// Sets the `href` of the link a click is on (before the browser follows it).
pub fn set_link_href(e: &yew::MouseEvent, href: &str) {
    // Yew delegates events, so `current_target` is its root: find the link from the target.
    if let Some(a) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a").ok().flatten())
    {
        let _ = a.set_attribute("href", href);
    }
}

/// The device pixel ratio, at least 1.
pub fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .max(1.0)
}

/// The CSS width of a canvas's parent (what the canvas may fill), at least `min`.
pub fn parent_width(canvas: &HtmlCanvasElement, min: f64) -> f64 {
    canvas
        .parent_element()
        .map(|p| f64::from(p.client_width()))
        .unwrap_or(1000.0)
        .max(min)
}

/// Sizes `canvas` to `width`×`height` CSS pixels at the device pixel ratio (its backing store
/// is only reallocated when the size changes) and returns its 2D context, scaled so that one
/// unit is one CSS pixel.
pub fn context_2d(
    canvas: &HtmlCanvasElement,
    width: f64,
    height: f64,
) -> Option<CanvasRenderingContext2d> {
    let dpr = device_pixel_ratio();
    let (pw, ph) = ((width * dpr) as u32, (height * dpr) as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
        let _ = canvas
            .style()
            .set_property("height", &format!("{height}px"));
    }
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    Some(ctx)
}
