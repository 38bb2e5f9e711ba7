//! The simulator screen: pick a lesson (a preset of `gil-sim`), change its parameters in place,
//! and play the run on the timeline with the live state, the metrics, the same work four ways,
//! and the glossary beside it.
//!
//! - [`code_view`]: the run as its Python program, each thread's line marked at the playhead;
//! - [`editor`]: the program in a code editor, run as you type;
//! - [`predict`]: predict, then reveal (the rest of the run hidden until the answer);
//! - [`machine`]: the machine profile every run uses ("calibrated to: …");
//! - [`measured`]: a recording of the program in real CPython beside the prediction;
//! - [`files`]: exports (program, Perfetto trace, CSV, PNG) and importing a file;
//! - [`embed_view`]: the compact, read-only screen for a course page's iframe (`#/embed`);
//! - [`state`]: the screen's state (lesson, parameters, run, error) as a pure reducer;
//! - [`share`]: the Share panel (the link, an iframe snippet, copy with a fallback);
//! - [`link`]: that state and the playback moment in the page's URL (back, forward, reload
//!   and copied links reopen it);
//! - [`run`]: one simulated run ([`ModelRun`]); [`params`]: the parameters and their form;
//! - [`playback`]: playhead, play, step, seek, speed, zoom and pan as a pure reducer;
//! - [`stage`]: the canvas and the animation, outside Yew's render; [`transport`]: the
//!   toolbar and keys; [`panels`]: live state, metrics, comparison, legend;
//! - [`glossary`] and [`words`]: the seed's terms and sentences.
//!
//! The trace is precomputed by `gil-sim`, so stepping and scrubbing are instant. Playback runs
//! on `requestAnimationFrame` and draws straight to the canvas; Yew re-renders only on user
//! actions and, while playing, the live panel at most four times a second.

pub mod code_view;
pub mod editor;
pub mod embed_view;
pub mod files;
pub mod glossary;
pub mod link;
pub mod machine;
pub mod measured;
pub mod panels;
pub mod params;
pub mod playback;
pub mod predict;
pub mod run;
pub mod share;
pub mod stage;
pub mod state;
pub mod transport;
pub mod words;

pub use run::{BROWSER_MAX_EVENTS, ModelRun};

use crate::timeline::Highlight;
use gil_sim::presets::Preset;
use panels::{ComparePanel, Legend, LivePanel, MetricsPanel};
use params::{ParamEdit, ParamsForm};
use playback::Action;
use share::Share;
use stage::{Stage, StageCanvas, use_stage};
use state::{Refusal, SimAction, SimState};
use std::rc::Rc;
use transport::Transport;
use yew::prelude::*;

/// Where the simulator is shown.
#[derive(Properties, PartialEq, Clone)]
pub struct SimulatorProps {
    /// The compact, read-only view for a course page's iframe (`#/embed`).
    #[prop_or_default]
    pub embed: bool,
    /// Whether its view is on screen (the app keeps it while the lab is shown).
    #[prop_or(true)]
    pub shown: bool,
}

/// The simulator screen (or, should no lesson run at all, a notice saying so).
#[function_component(Simulator)]
pub fn simulator(props: &SimulatorProps) -> Html {
    let first = use_memo((), |_| link::opening_state().map(Rc::new));
    let SimulatorProps { embed, shown } = props.clone();
    match (*first).clone() {
        Some(first) => html! { <Screen {first} {embed} {shown} /> },
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
    embed: bool,
    shown: bool,
}

impl PartialEq for ScreenProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.first, &other.first)
            && self.embed == other.embed
            && self.shown == other.shown
    }
}

#[function_component(Screen)]
fn screen(props: &ScreenProps) -> Html {
    let state = use_reducer(|| (*props.first).clone());
    let stage = use_memo((), |_| Rc::new(Stage::new(state.run.clone())));
    let stage: &Rc<Stage> = &stage;
    use_stage(stage);
    {
        // A new run (another lesson, changed parameters, or a link) goes on the stage, at the
        // moment a link names if it came from one.
        let (stage, state) = (stage.clone(), state.clone());
        use_effect_with(Rc::as_ptr(&state.run) as usize, move |_| {
            stage.load(state.run.clone(), state.keep_time);
            if let Some(at) = state.restore {
                stage.dispatch(Action::Restore(at));
            }
        });
    }
    {
        // Shown again after the lab: the canvas takes its width and draws.
        let stage = stage.clone();
        use_effect_with(props.shown, move |shown| {
            if *shown {
                stage.draw();
            }
        });
    }
    {
        // Predict mode: the run after the playhead stays hidden until the answer.
        let stage = stage.clone();
        let hidden = state.predict && state.revealed.is_none();
        use_effect_with(hidden, move |hidden| stage.set_curtain(*hidden));
    }
    let editing = use_state_eq(|| false);
    // The text the editor last ran: a run from anything else (a lesson, a file, a parameter,
    // a link) closes the editor, whose text would be stale.
    let sent = use_mut_ref(|| None::<Rc<String>>);
    {
        let (editing, sent, run) = (editing.clone(), sent.clone(), state.run.clone());
        use_effect_with(Rc::as_ptr(&state.run) as usize, move |_| {
            let mine = run.users_program
                && run
                    .program
                    .as_ref()
                    .zip(sent.borrow().as_ref())
                    .is_some_and(|(p, s)| p.text == **s);
            if *editing && !mine {
                editing.set(false);
            }
        });
    }
    {
        // Predict mode shuts the editor (it would show the lesson's answer).
        let editing = editing.clone();
        let hidden = state.predict && state.revealed.is_none();
        use_effect_with(hidden, move |hidden| {
            if *hidden {
                editing.set(false);
            }
        });
    }
    // After the run is on the stage: the address bar follows, back/forward reopen.
    let make_link = link::use_address_bar(stage, &state);
    let on_preset = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            // "custom" (the scenario a link brought) is no preset: nothing to pick.
            if let Ok(i) = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value()
                .parse()
            {
                state.dispatch(SimAction::Pick(i));
            }
        })
    };
    let on_edit = {
        let state = state.clone();
        Callback::from(move |edit: ParamEdit| state.dispatch(SimAction::Edit(edit)))
    };
    let title = match (state.lesson(), &state.custom) {
        (Some(p), _) => preset_title(p),
        (None, Some(sc)) if !sc.name.is_empty() => sc.name.clone(),
        _ => "a custom scenario".to_string(),
    };
    let on_highlight = {
        let stage = stage.clone();
        Callback::from(move |h: Highlight| stage.set_highlight(h))
    };
    let run = state.run.clone();
    let hidden = state.predict && state.revealed.is_none();
    let lesson_text = match (state.lesson(), &state.custom) {
        _ if hidden => "Predict first: answer the question below, then reveal.".to_string(),
        (Some(p), _) => p.lesson().to_string(),
        (None, Some(sc)) if !sc.lesson.is_empty() => sc.lesson.clone(),
        _ => "A scenario from a link.".to_string(),
    };
    let error = match state.error.clone() {
        Some(Refusal::Change(why)) => html! {
            <p class="notice notice-error" role="alert" data-testid="param-error">
                <strong>{ "Not applied: " }</strong>{ why }
                { ". The last good run is still shown." }
            </p>
        },
        Some(Refusal::Import(why)) => html! {
            <p class="notice notice-error" role="alert" data-testid="import-error">
                <strong>{ "File not opened: " }</strong>{ why }
                { ". The last good run is still shown." }
            </p>
        },
        Some(Refusal::Link(why)) => html! {
            <p class="notice notice-error" role="alert" data-testid="link-error">
                <strong>{ "Link not opened: " }</strong>{ why }
                { ". The lesson below is shown instead." }
            </p>
        },
        None => Html::default(),
    };
    if props.embed {
        return html! {
            <embed_view::Embed {stage} {run} {title} lesson={lesson_text} {error} {on_highlight}
                panel={state.panel.unwrap_or(gil_link::Panel::Legend)}
                on_panel={{ let d = state.dispatcher(); Callback::from(move |p| d.dispatch(SimAction::ShowPanel(p))) }} />
        };
    }
    let on_predict = {
        let d = state.dispatcher();
        let on = !state.predict;
        Callback::from(move |_: MouseEvent| d.dispatch(SimAction::SetPredict(on)))
    };
    let on_reveal = {
        let d = state.dispatcher();
        Callback::from(move |g| d.dispatch(SimAction::Reveal(g)))
    };
    let code = if *editing {
        let program = run
            .program
            .as_ref()
            .map(|p| Rc::new(p.text.clone()))
            .unwrap_or_default();
        // The lesson the program was started from (a link's custom scenario: the first).
        let from = state.presets.get(state.preset);
        let lesson = Rc::new(
            from.map(|p| gil_sim::python::to_python(&p.scenario).text)
                .unwrap_or_else(|| (*program).clone()),
        );
        let lesson_name = from.map(preset_title).unwrap_or_default();
        let on_program = {
            let (d, sent) = (state.dispatcher(), sent.clone());
            Callback::from(move |text: Rc<String>| {
                *sent.borrow_mut() = Some(text.clone());
                d.dispatch(SimAction::RunProgram(text))
            })
        };
        let on_done = {
            let editing = editing.clone();
            Callback::from(move |()| editing.set(false))
        };
        html! {
            <section class="panel code-panel" aria-labelledby="editor-title">
                <h3 id="editor-title">{ "Edit the program" }</h3>
                <editor::Editor initial={program} {lesson} {lesson_name} error={state.program_error.clone()} {on_program} {on_done} />
            </section>
        }
    } else {
        // While the answer is hidden the editor (which shows the whole docstring) stays shut.
        let on_edit = (!hidden).then(|| {
            let editing = editing.clone();
            Callback::from(move |()| editing.set(true))
        });
        html! { <code_view::CodeView stage={stage.clone()} {on_edit} hide_lesson={hidden} /> }
    };
    let on_import = {
        let d = state.dispatcher();
        Callback::from(move |(name, text)| d.dispatch(SimAction::Import(name, text)))
    };
    let on_refuse = {
        let d = state.dispatcher();
        Callback::from(move |why| d.dispatch(SimAction::Refuse(why)))
    };
    let on_dragover = Callback::from(|e: DragEvent| e.prevent_default());
    let on_drop = {
        let (on_import, on_refuse) = (on_import.clone(), on_refuse.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            files::read_first(
                e.data_transfer().and_then(|d| d.files()),
                on_import.clone(),
                on_refuse.clone(),
            );
        })
    };
    let hidden_panel = |title: &str| {
        html! {
            <section class="panel hidden-panel" data-testid="hidden-panel">
                <h3>{ title.to_string() }</h3>
                <p>{ "Hidden until you reveal your prediction." }</p>
            </section>
        }
    };
    html! {
        <div class={classes!("sim", hidden.then_some("predicting"))} ondragover={on_dragover} ondrop={on_drop}>
            <div class="sim-main">
                <div class="field preset-field">
                    <label for="preset-select">{ "Lesson" }</label>
                    <select id="preset-select" data-testid="preset-select" onchange={on_preset}>
                        { for state.presets.iter().enumerate().map(|(i, p)| html! {
                            <option value={i.to_string()} selected={state.custom.is_none() && i == state.preset} data-name={p.name}>
                                { preset_title(p) }
                            </option>
                        }) }
                        if let Some(sc) = &state.custom {
                            <option value="custom" selected=true data-name="custom">
                                { format!("Custom scenario{}", if sc.name.is_empty() { String::new() } else { format!(": {}", sc.name) }) }
                            </option>
                        }
                    </select>
                    <button class={classes!("predict-toggle", state.predict.then_some("on"))} data-testid="predict-toggle"
                            aria-pressed={state.predict.to_string()} onclick={on_predict}
                            title="Hide the rest of the run, answer the lesson's question, then reveal">
                        { if state.predict { "Predict: on" } else { "Predict first" } }
                    </button>
                    <p class="lesson" data-testid="lesson">{ lesson_text }</p>
                </div>
                if state.predict {
                    <predict::PredictPanel run={run.clone()} revealed={state.revealed.clone()} {on_reveal} />
                }
                { error }
                <Transport stage={stage.clone()} />
                <StageCanvas stage={stage.clone()} run={run.clone()} />
                <Legend />
            </div>
            <div class="sim-code">{ code }</div>
            <aside class="sim-side" aria-label="Parameters and sharing">
                if let Some(params) = state.params.clone() {
                    <ParamsForm {params} {on_edit} />
                }
                <Share link={make_link} stage={stage.clone()} title={title} />
                if !hidden {
                    <files::Files stage={stage.clone()} run={run.clone()} on_import={on_import.clone()} on_refuse={on_refuse.clone()} />
                }
                <machine::MachinePanel on_change={{ let d = state.dispatcher(); Callback::from(move |()| d.dispatch(SimAction::Recalibrate)) }} />
            </aside>
            <div class="sim-panels">
                <LivePanel stage={stage.clone()} />
                if hidden {
                    { hidden_panel("Metrics") }
                    { hidden_panel("Same work, four ways") }
                } else {
                    <MetricsPanel run={run.clone()} />
                    <ComparePanel {run} />
                }
                if !hidden {
                    <measured::MeasuredPanel run={state.run.clone()} />
                }
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
