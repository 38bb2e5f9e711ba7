//! The real-work lab panel: real CPU-bound work on the user's own cores, run four ways
//! (sequential, threads sharing memory, threads behind a real GIL, separate "process" workers
//! sharing nothing), with a progress bar and live per-worker activity while it runs, a measured
//! timeline per mode drawn by the shared timeline (`crate::timeline`), and a results table and
//! chart that put each measurement beside the model's prediction.
//!
//! This module composes the panel. Its parts: [`state`] (the run plan as a pure reducer),
//! [`driver`] (executes the plan in the browser), [`run`] (one mode for real, never blocking the
//! main thread), [`inputs`] (the form), [`progress`], [`results`], [`measured`] (one measured
//! result), [`measured_trace`] (its timeline trace), [`compare`] (beside the model), [`clock`]
//! (one clock for every worker), [`exports`] (what the process workers call) and
//! `timeline_canvas` (one measured timeline).

pub mod clock;
pub mod compare;
pub mod driver;
pub mod exports;
pub mod inputs;
pub mod measured;
pub mod measured_trace;
pub mod progress;
pub mod results;
pub mod run;
pub mod state;
mod timeline_canvas;

use crate::pool::PoolStatus;
use gil_work::Strategy;
use state::{Action, LabState, Message, Request};
use yew::prelude::*;

/// The lab's properties: the pool's status (threads modes need a ready pool) and the core count.
#[derive(Properties, PartialEq, Clone)]
pub struct LabProps {
    pub status: PoolStatus,
    pub cores: usize,
}

/// A mode's name for people.
pub fn strategy_title(mode: Strategy) -> &'static str {
    match mode {
        Strategy::Sequential => "Sequential",
        Strategy::Threads => "Threads (no GIL)",
        Strategy::Gil => "Threads with a GIL",
        Strategy::Processes => "Processes",
    }
}

/// What a mode is, in plain words.
pub fn mode_words(mode: Strategy) -> &'static str {
    match mode {
        Strategy::Sequential => "one thread does every chunk, one after the other: the baseline.",
        Strategy::Threads => {
            "N threads in one process share one memory and compute at the same time on different cores (like free-threaded Python, or C code that releases the GIL)."
        }
        Strategy::Gil => {
            "the same N threads, but a thread must hold one lock, the GIL, while it computes, like CPython: only one thread computes at a time, and a waiting thread asks the holder to let go after the switch interval (5 ms)."
        }
        Strategy::Processes => {
            "N separate workers, each with its own copy of the program and its own memory, like multiprocessing: they share nothing, so they really run in parallel, but each one takes time to start."
        }
    }
}

/// The lab panel.
#[function_component(Lab)]
pub fn lab(props: &LabProps) -> Html {
    let cores = u32::try_from(props.cores).unwrap_or(1).max(1);
    let pool_threads = u32::try_from(props.status.threads()).unwrap_or(0);
    let state = use_reducer(LabState::default);
    let driver = driver::use_driver(&state);

    let on_run = {
        let dispatch = state.dispatcher();
        use_callback((cores, pool_threads), move |(inputs, choice), _| {
            dispatch.dispatch(Action::Start(Request {
                inputs,
                choice,
                cores,
                pool_threads,
            }))
        })
    };
    let on_cancel = {
        let (dispatch, driver) = (state.dispatcher(), driver.clone());
        use_callback((), move |(), _| {
            driver.borrow_mut().cancel();
            dispatch.dispatch(Action::Cancel);
        })
    };

    let plan = state.plan.clone();
    let live = plan
        .as_ref()
        .map(|p| driver.borrow().live(p))
        .unwrap_or_default();
    let message = match &state.message {
        Some(Message::Error(text)) => {
            html! { <p class="lab-error" role="alert" data-testid="lab-error">{ text.clone() }</p> }
        }
        Some(Message::Status(text)) => {
            html! { <p class="lab-status" role="status" data-testid="lab-status">{ text.clone() }</p> }
        }
        None => Html::default(),
    };

    html! {
        <div class="lab" data-testid="lab" data-runs-ended={state.runs_ended.to_string()}>
            <ul class="lab-modes">
                { for Strategy::ALL.iter().map(|&m| html! {
                    <li><strong>{ format!("{}: ", strategy_title(m)) }</strong>{ mode_words(m) }</li>
                }) }
            </ul>
            <inputs::ThreadsNote status={props.status.clone()} />
            <inputs::LabForm {cores} threads_ok={pool_threads > 0} busy={plan.is_some()}
                cancelling={plan.as_ref().is_some_and(|p| p.cancelling)} {on_run} {on_cancel} />
            { message }
            <progress::Progress {plan} {live} />
            <results::Results rows={state.rows.clone()} {cores} />
        </div>
    }
}
