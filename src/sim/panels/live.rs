//! The live state panel: what every core, GIL and thread is doing at the playhead, in words.
//! Its own component, so playback refreshes it without re-rendering the rest of the screen.

use crate::sim::stage::{Follow, Stage, use_shown};
use crate::sim::words;
use crate::timeline::names::thread_short;
use gil_sim::narrate::fmt_ns;
use std::rc::Rc;
use yew::prelude::*;

/// Threads described at most (the timeline shows the rest).
const MAX_THREADS: usize = 24;

#[derive(Properties)]
pub struct LiveProps {
    pub stage: Rc<Stage>,
}

impl PartialEq for LiveProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.stage, &other.stage)
    }
}

#[function_component(LivePanel)]
pub fn live_panel(props: &LiveProps) -> Html {
    let t = use_shown(&props.stage, Follow::Frames).t;
    let run = props.stage.run();
    let trace = &run.trace;
    let snap = trace.snapshot_at(t);
    html! {
        <section class="panel live" aria-labelledby="live-title" data-testid="live-state">
            <h3 id="live-title">{ format!("At {}", fmt_ns(t)) }</h3>
            <ul>
                { for snap.cores.iter().enumerate().filter_map(|(c, now)| now.as_ref().map(|n| html! {
                    <li class="live-core">{ words::describe_core(trace, c as u32, n) }</li>
                })) }
                { for snap.gils.iter().enumerate().filter_map(|(g, now)| now.as_ref().map(|n| html! {
                    <li class="live-gil">{ words::describe_gil(trace, g as u32, n) }</li>
                })) }
                { for snap.threads.iter().enumerate().take(MAX_THREADS).filter_map(|(th, now)| now.as_ref().map(|n| html! {
                    <li class="live-thread" data-thread={thread_short(th as u32)}>
                        { words::describe_thread(trace, th as u32, n, t) }
                    </li>
                })) }
            </ul>
            if snap.threads.len() > MAX_THREADS {
                <p class="hint">{ format!("…and {} more threads (see the timeline).", snap.threads.len() - MAX_THREADS) }</p>
            }
        </section>
    }
}
