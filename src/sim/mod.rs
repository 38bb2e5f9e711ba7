//! The simulator screen: pick a lesson (a preset of `gil-sim`), change its parameters in place,
//! and play the run on the timeline with the live state, the metrics, the same work four ways,
//! and the glossary beside it.
//!
//! - [`state`]: the screen's state (lesson, parameters, run, error) as a pure reducer;
//! - [`run`]: one simulated run ([`ModelRun`]); [`params`]: the parameters and their form;
//! - [`playback`]: playhead, play, step, seek, speed, zoom and pan as a pure reducer;
//! - [`stage`]: the canvas and the animation, outside Yew's render; [`transport`]: the
//!   toolbar and keys; [`panels`]: live state, metrics, comparison, legend;
//! - [`glossary`] and [`words`]: the seed's terms and sentences.
//!
//! The trace is precomputed by `gil-sim`, so stepping and scrubbing are instant. Playback runs
//! on `requestAnimationFrame` and draws straight to the canvas; Yew re-renders only on user
//! actions and, while playing, the live panel at most four times a second.

pub mod glossary;
pub mod panels;
pub mod params;
pub mod playback;
pub mod run;
pub mod stage;
pub mod state;
pub mod transport;
pub mod words;

pub use run::{BROWSER_MAX_EVENTS, ModelRun};

use crate::timeline::Highlight;
use gil_sim::presets::{self, Preset};
use panels::{ComparePanel, Legend, LivePanel, MetricsPanel};
use params::{ParamEdit, ParamsForm};
use stage::{Stage, StageCanvas, use_stage};
use state::{SimAction, SimState};
use std::rc::Rc;
use transport::Transport;
use yew::prelude::*;

/// The simulator screen (or, should no lesson run at all, a notice saying so).
#[function_component(Simulator)]
pub fn simulator() -> Html {
    let first = use_memo((), |_| SimState::new(Rc::new(presets::all())).map(Rc::new));
    match (*first).clone() {
        Some(first) => html! { <Screen {first} /> },
        None => html! {
            <div class="notice notice-error" role="alert">
                { "The simulator could not run any preset. Please report this." }
            </div>
        },
    }
}

#[derive(Properties)]
struct ScreenProps {
    first: Rc<SimState>,
}

impl PartialEq for ScreenProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.first, &other.first)
    }
}

#[function_component(Screen)]
fn screen(props: &ScreenProps) -> Html {
    let state = use_reducer(|| (*props.first).clone());
    let stage = use_memo((), |_| Rc::new(Stage::new(state.run.clone())));
    let stage: &Rc<Stage> = &stage;
    use_stage(stage);
    {
        // A new run (another lesson, or changed parameters) goes on the stage.
        let (stage, run, keep_time) = (stage.clone(), state.run.clone(), state.keep_time);
        use_effect_with(Rc::as_ptr(&state.run) as usize, move |_| {
            stage.load(run, keep_time)
        });
    }
    let on_preset = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let i = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value()
                .parse()
                .unwrap_or(0);
            state.dispatch(SimAction::Pick(i));
        })
    };
    let on_edit = {
        let state = state.clone();
        Callback::from(move |edit: ParamEdit| state.dispatch(SimAction::Edit(edit)))
    };
    let on_highlight = {
        let stage = stage.clone();
        Callback::from(move |h: Highlight| stage.set_highlight(h))
    };
    let run = state.run.clone();
    html! {
        <div class="sim">
            <div class="sim-top">
                <div class="field preset-field">
                    <label for="preset-select">{ "Lesson" }</label>
                    <select id="preset-select" data-testid="preset-select" onchange={on_preset}>
                        { for state.presets.iter().enumerate().map(|(i, p)| html! {
                            <option value={i.to_string()} selected={i == state.preset} data-name={p.name}>
                                { preset_title(p) }
                            </option>
                        }) }
                    </select>
                    if let Some(p) = state.lesson() {
                        <p class="lesson" data-testid="lesson">{ p.lesson().to_string() }</p>
                    }
                </div>
                if let Some(params) = state.params.clone() {
                    <ParamsForm {params} {on_edit} />
                }
            </div>
            if let Some(why) = state.error.clone() {
                <p class="notice notice-error" role="alert" data-testid="param-error">
                    <strong>{ "Not applied: " }</strong>{ why }
                    { ". The last good run is still shown." }
                </p>
            }
            <Transport stage={stage.clone()} />
            <StageCanvas stage={stage.clone()} run={run.clone()} />
            <Legend />
            <div class="sim-panels">
                <LivePanel stage={stage.clone()} />
                <MetricsPanel run={run.clone()} />
                <ComparePanel {run} />
                <glossary::Glossary {on_highlight} />
            </div>
        </div>
    }
}

/// A preset's name as a title: `cpu-threads` reads "CPU threads".
fn preset_title(p: &Preset) -> String {
    let words: Vec<String> = p
        .name
        .split('-')
        .map(|w| match w {
            "cpu" => "CPU".to_string(),
            "io" => "I/O".to_string(),
            "gil" => "GIL".to_string(),
            other => other.to_string(),
        })
        .collect();
    let mut title = words.join(" ");
    if let Some(first) = title.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    title
}
