//! The Share panel: the link to what is on screen and an iframe snippet for a course page, each
//! with a Copy button. Where the browser refuses the clipboard (no permission, a page that is
//! not https, an iframe without `clipboard-write`), the text is selected for Ctrl+C instead.

use super::stage::{Follow, Stage, use_shown};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The iframe's height, CSS pixels: the embed view (`#/embed`) of a preset, its lesson line,
/// transport and whole timeline (480 px for the default lesson at 640 px wide), with room for
/// lessons with more lanes.
pub const EMBED_HEIGHT: u32 = 560;

/// Text made safe inside a double-quoted HTML attribute.
fn attr(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The HTML a teacher pastes into a course page to show `url`.
pub fn iframe_snippet(url: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{EMBED_HEIGHT}\" style=\"border: 0\" \
         allow=\"cross-origin-isolated; fullscreen; clipboard-write\" loading=\"lazy\"></iframe>",
        attr(url),
        attr(title)
    )
}

/// Writes `text` to the clipboard; `Err` if the browser has no clipboard here or refuses.
async fn copy(text: &str) -> Result<(), ()> {
    let navigator = web_sys::window().ok_or(())?.navigator();
    // `navigator.clipboard` is undefined outside secure contexts: check before calling.
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null())
        .ok_or(())?;
    let clipboard: web_sys::Clipboard = clipboard.unchecked_into();
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| ())
}

#[derive(Properties)]
pub struct ShareProps {
    /// Makes the link to what is shown now (or says why there is none).
    pub link: Callback<(), Result<String, String>>,
    /// The stage: the panel follows its playhead, zoom and speed while open.
    pub stage: Rc<Stage>,
    /// The lesson's title, for the iframe's `title`.
    pub title: AttrValue,
}

impl PartialEq for ShareProps {
    fn eq(&self, other: &Self) -> bool {
        self.link == other.link
            && Rc::ptr_eq(&self.stage, &other.stage)
            && self.title == other.title
    }
}

/// What the last Copy did.
#[derive(Clone, PartialEq)]
enum Copied {
    Nothing,
    Done(&'static str),
    Refused(&'static str),
}

/// The Share button and panel.
#[function_component(Share)]
pub fn share(props: &ShareProps) -> Html {
    let open = use_state(|| false);
    let copied = use_state(|| Copied::Nothing);
    let link_ref = use_node_ref();
    let embed_ref = use_node_ref();
    // Re-rendered after every playback action, so the link is always the moment shown.
    let _shown = use_shown(&props.stage, Follow::Actions);
    let toggle = {
        let (open, copied) = (open.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            copied.set(Copied::Nothing);
            open.set(!*open);
        })
    };
    if !*open {
        return html! {
            <button class="share-button" data-testid="share-open" aria-expanded="false" onclick={toggle}>
                { "Share…" }
            </button>
        };
    }
    let made = props.link.emit(());
    let url = made.clone().unwrap_or_default();
    // The course page shows the compact, read-only view of the same state.
    let embed_url = url.replacen("#/sim?", "#/embed?", 1);
    let snippet = iframe_snippet(&embed_url, &format!("GIL Lab: {}", props.title));
    let copy_button = |what: &'static str, text: String, field: NodeRef, testid: &'static str| {
        let copied = copied.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let (copied, text, field) = (copied.clone(), text.clone(), field.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match copy(&text).await {
                    Ok(()) => copied.set(Copied::Done(what)),
                    Err(()) => {
                        // Select the text so that Ctrl+C (⌘C) copies it.
                        if let Some(input) = field.cast::<HtmlInputElement>() {
                            let _ = input.focus();
                            input.select();
                        } else if let Some(area) = field.cast::<HtmlTextAreaElement>() {
                            let _ = area.focus();
                            area.select();
                        }
                        copied.set(Copied::Refused(what));
                    }
                }
            });
        });
        html! { <button data-testid={testid} {onclick}>{ format!("Copy {what}") }</button> }
    };
    html! {
        <div class="share">
            <button class="share-button" data-testid="share-open" aria-expanded="true" onclick={toggle}>
                { "Close sharing" }
            </button>
            <div class="share-panel" role="region" aria-label="Share this moment" data-testid="share-panel">
                if let Err(why) = &made {
                    <p class="notice notice-error" role="alert" data-testid="share-error">{ why.clone() }</p>
                } else {
                    <label for="share-link">{ "Link to this moment (lesson, parameters, playhead, zoom)" }</label>
                    <div class="share-row">
                        <input id="share-link" ref={link_ref.clone()} data-testid="share-link" readonly=true
                               value={url.clone()} />
                        { copy_button("link", url.clone(), link_ref.clone(), "share-copy-link") }
                    </div>
                    <label for="share-embed">{ "Embed in a course page (HTML)" }</label>
                    <div class="share-row">
                        <textarea id="share-embed" ref={embed_ref.clone()} data-testid="share-embed" readonly=true
                                  rows="3" value={snippet.clone()} />
                        { copy_button("embed code", snippet.clone(), embed_ref.clone(), "share-copy-embed") }
                    </div>
                    <p class="share-hint">
                        { "In the frame everything but the lab's threads modes works; course sites usually cannot give a frame real threads, so it offers a new tab for those." }
                    </p>
                    <p class="share-status" role="status" aria-live="polite" data-testid="share-status">
                        { match &*copied {
                            Copied::Nothing => String::new(),
                            Copied::Done(what) => format!("Copied the {what}."),
                            Copied::Refused(what) => format!("This browser did not let the page copy: the {what} is selected, press Ctrl+C (⌘C on a Mac)."),
                        } }
                    </p>
                }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_escapes_the_url_and_the_title_and_allows_what_the_app_needs() {
        let s = iframe_snippet(
            "https://x.org/gil-lab/#/sim?v=1&s=ab\"c",
            "GIL Lab: <convoy> & co",
        );
        assert!(s.starts_with("<iframe src=\"https://x.org/gil-lab/#/sim?v=1&amp;s=ab&quot;c\""));
        assert!(
            s.contains("title=\"GIL Lab: &lt;convoy&gt; &amp; co\""),
            "{s}"
        );
        assert!(s.contains("allow=\"cross-origin-isolated; fullscreen; clipboard-write\""));
        assert!(s.contains(&format!("height=\"{EMBED_HEIGHT}\"")));
        assert!(s.ends_with("></iframe>"));
        assert_eq!(s.matches('"').count() % 2, 0);
    }
}
