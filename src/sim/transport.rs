//! The transport: play and pause, step, jump to the start or end, scrub, speed and zoom
//! buttons, and the keyboard shortcuts (Space, ← →, Home/End, + −) that drive the same
//! playback actions unless the key belongs to the focused field or button.

use super::playback::Action;
use super::stage::{Follow, Stage, use_shown};
use crate::route::View;
use gil_sim::narrate::fmt_ns;
use gloo_events::{EventListener, EventListenerOptions};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

/// The playback actions a key stands for, if it is a transport shortcut.
pub fn key_actions(key: &str) -> Option<Vec<Action>> {
    Some(match key {
        " " => vec![Action::Toggle],
        "ArrowRight" => vec![Action::Step { forward: true }],
        "ArrowLeft" => vec![Action::Step { forward: false }],
        "Home" => vec![Action::Pause, Action::Seek(0)],
        "End" => vec![Action::Pause, Action::Seek(u64::MAX)],
        "+" | "=" => vec![Action::Faster],
        "-" | "_" => vec![Action::Slower],
        _ => return None,
    })
}

/// Whether a key pressed on `el` is that element's own (typing, a slider, activating a button)
/// rather than a transport shortcut.
fn key_belongs_to(el: &web_sys::Element, key: &str) -> bool {
    match el.tag_name().as_str() {
        // Fields, sliders and menus: every key is theirs (so "-" types a minus sign).
        "INPUT" | "SELECT" | "TEXTAREA" => true,
        // Buttons, links and <summary> are activated by Space and Enter; other keys still
        // drive the transport (End right after clicking Play, say).
        "BUTTON" | "A" | "SUMMARY" => key == " " || key == "Enter",
        _ => el
            .dyn_ref::<HtmlElement>()
            .is_some_and(|h| h.is_content_editable()),
    }
}

fn on_key(stage: &Rc<Stage>, e: &Event) {
    let Some(ke) = e.dyn_ref::<KeyboardEvent>() else {
        return;
    };
    // The keys are the simulator's only while it is on screen (not on the lab's view).
    if ke.ctrl_key() || ke.meta_key() || ke.alt_key() || crate::route::current_view() == View::Lab {
        return;
    }
    let key = ke.key();
    let owned = ke
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| key_belongs_to(&el, &key));
    if owned {
        return;
    }
    let Some(actions) = key_actions(&key) else {
        return;
    };
    for action in actions {
        stage.dispatch(action);
    }
    e.prevent_default();
}

/// Listens for the transport's keys on the whole page while mounted.
#[hook]
fn use_transport_keys(stage: &Rc<Stage>) {
    let stage = stage.clone();
    use_effect_with((), move |_| {
        let keys = web_sys::window().and_then(|w| w.document()).map(|doc| {
            EventListener::new_with_options(
                &doc,
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |e| on_key(&stage, e),
            )
        });
        move || drop(keys)
    });
}

#[derive(Properties)]
pub struct TransportProps {
    pub stage: Rc<Stage>,
}

impl PartialEq for TransportProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.stage, &other.stage)
    }
}

/// The playback toolbar and its keys.
#[function_component(Transport)]
pub fn transport(props: &TransportProps) -> Html {
    let stage = &props.stage;
    use_transport_keys(stage);
    let shown = use_shown(stage, Follow::Actions);
    let click = |actions: fn() -> Vec<Action>| {
        let stage = stage.clone();
        Callback::from(move |_: MouseEvent| {
            for action in actions() {
                stage.dispatch(action);
            }
        })
    };
    let on_scrub = {
        let stage = stage.clone();
        Callback::from(move |e: InputEvent| {
            let v: u64 = e
                .target_unchecked_into::<HtmlInputElement>()
                .value()
                .parse()
                .unwrap_or(0);
            stage.dispatch(Action::Pause);
            stage.dispatch(Action::Seek(v));
        })
    };
    let (t, end, playing, speed) = (shown.t, shown.end, shown.playing, shown.speed);
    html! {
        <>
            <div class="transport" role="toolbar" aria-label="Playback">
                <button onclick={click(|| vec![Action::Seek(0)])} data-testid="jump-start" title="Jump to start (Home)" aria-label="Jump to start">{ "◀◀" }</button>
                <button onclick={click(|| vec![Action::Step { forward: false }])} data-testid="step-back" title="Step back one event (←)" aria-label="Step back one event">{ "◀ Step" }</button>
                <button class="primary" onclick={click(|| vec![Action::Toggle])} data-testid="play" aria-pressed={playing.to_string()} title="Play or pause (Space)">
                    { if playing { "❚❚ Pause" } else { "▶ Play" } }
                </button>
                <button onclick={click(|| vec![Action::Step { forward: true }])} data-testid="step-forward" title="Step forward one event (→)" aria-label="Step forward one event">{ "Step ▶" }</button>
                <button onclick={click(|| vec![Action::Pause, Action::Seek(u64::MAX)])} data-testid="jump-end" title="Jump to end (End)" aria-label="Jump to end">{ "▶▶" }</button>
                // In predict mode the slider (its length is the run's end) is left out.
                if !stage.curtained() {
                    <input type="range" class="scrub" min="0" max={end.to_string()} step="1"
                           value={t.to_string()} ref={stage.scrub.clone()} oninput={on_scrub}
                           data-testid="scrub" aria-label="Scrub through time" />
                }
                <output class="playhead-time" ref={stage.time_out.clone()} data-testid="playhead-time"
                        data-ns={t.to_string()} aria-live="off">
                    { format!("{} / {}", fmt_ns(t), if stage.curtained() { "?".to_string() } else { fmt_ns(end) }) }
                </output>
                <span class="speed">
                    <button onclick={click(|| vec![Action::Slower])} data-testid="slower" title="Slower (−)" aria-label="Slower">{ "−" }</button>
                    <span data-testid="speed" data-speed={speed.to_string()}>{ format!("{}×", speed) }</span>
                    <button onclick={click(|| vec![Action::Faster])} data-testid="faster" title="Faster (+)" aria-label="Faster">{ "+" }</button>
                </span>
                <span class="zoom">
                    <button onclick={click(|| vec![Action::Zoom { factor: 0.5, anchor: None }])} data-testid="zoom-in" aria-label="Zoom in">{ "Zoom +" }</button>
                    <button onclick={click(|| vec![Action::Zoom { factor: 2.0, anchor: None }])} data-testid="zoom-out" aria-label="Zoom out">{ "Zoom −" }</button>
                    <button onclick={click(|| vec![Action::Fit])} data-testid="zoom-fit">{ "Fit" }</button>
                </span>
                <span class="hint" title="Space: play or pause · ← →: step · Home, End: jump · + −: speed · drag the timeline to pan · Ctrl+wheel: zoom">
                    { "Keys: Space · ← → · Home/End · + −; drag to pan, Ctrl+wheel to zoom" }
                </span>
            </div>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_shortcut_stands_for_its_playback_actions() {
        let names = |key: &str| {
            key_actions(key).map(|a| {
                a.iter()
                    .map(|a| match a {
                        Action::Toggle => "toggle".to_string(),
                        Action::Pause => "pause".into(),
                        Action::Seek(t) => format!("seek {t}"),
                        Action::Step { forward } => format!("step {forward}"),
                        Action::Faster => "faster".into(),
                        Action::Slower => "slower".into(),
                        _ => "other".into(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        };
        assert_eq!(names(" ").as_deref(), Some("toggle"));
        assert_eq!(names("ArrowRight").as_deref(), Some("step true"));
        assert_eq!(names("ArrowLeft").as_deref(), Some("step false"));
        assert_eq!(names("Home").as_deref(), Some("pause, seek 0"));
        assert_eq!(
            names("End").as_deref(),
            Some(format!("pause, seek {}", u64::MAX).as_str())
        );
        for (key, want) in [
            ("+", "faster"),
            ("=", "faster"),
            ("-", "slower"),
            ("_", "slower"),
        ] {
            assert_eq!(names(key).as_deref(), Some(want), "{key}");
        }
        assert!(key_actions("Enter").is_none() && key_actions("a").is_none());
    }
}
