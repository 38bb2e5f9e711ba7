//! The compact, read-only simulator for a course page's iframe (`#/embed`): the lesson in one
//! line (its whole text one click away), the transport and the timeline; the legend, the live
//! state, the metrics, the comparison and the glossary behind one click each (the one shown is
//! in the link); and "Open in GIL
//! Lab", the same state in the full app in a new tab (where real threads can work). Sized for
//! 640×480; nothing in it changes the lesson.

use super::ModelRun;
use super::glossary::Glossary;
use super::panels::{ComparePanel, Legend, LivePanel, MetricsPanel};
use super::stage::{Stage, StageCanvas};
use super::transport::Transport;
use crate::route::{View, address_of};
use crate::timeline::Highlight;
use gil_link::Panel;
use std::rc::Rc;
use yew::prelude::*;

/// What the embed shows.
#[derive(Properties)]
pub struct EmbedProps {
    pub stage: Rc<Stage>,
    pub run: Rc<ModelRun>,
    /// The lesson's title.
    pub title: String,
    /// The lesson's text.
    pub lesson: String,
    /// A link that could not be opened, said as the full app says it.
    pub error: Html,
    pub on_highlight: Callback<Highlight>,
    /// The panel shown under the timeline (it is in the link too).
    pub panel: Panel,
    pub on_panel: Callback<Panel>,
}

impl PartialEq for EmbedProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.stage, &other.stage)
            && Rc::ptr_eq(&self.run, &other.run)
            && self.title == other.title
            && self.lesson == other.lesson
            && self.error == other.error
            && self.panel == other.panel
    }
}

/// The tabs under the timeline: a panel, its name, its test id.
const TABS: [(Panel, &str, &str); 5] = [
    (Panel::Legend, "Legend", "embed-tab-legend"),
    (Panel::Now, "Now", "embed-tab-now"),
    (Panel::Metrics, "Metrics", "embed-tab-metrics"),
    (Panel::Compare, "Compare", "embed-tab-compare"),
    (Panel::Glossary, "Glossary", "embed-tab-glossary"),
];

/// The embed screen.
#[function_component(Embed)]
pub fn embed(props: &EmbedProps) -> Html {
    // The state as it is when clicked.
    let open_full =
        Callback::from(|e: MouseEvent| crate::dom::set_link_href(&e, &address_of(View::Sim)));
    let panel = match props.panel {
        Panel::Legend => html! { <Legend /> },
        Panel::Now => html! { <LivePanel stage={props.stage.clone()} /> },
        Panel::Metrics => html! { <MetricsPanel run={props.run.clone()} /> },
        Panel::Compare => html! { <ComparePanel run={props.run.clone()} /> },
        Panel::Glossary => html! { <Glossary on_highlight={props.on_highlight.clone()} /> },
    };
    html! {
        <div class="sim sim-embed" data-testid="embed-root">
            <div class="embed-bar">
                <details class="embed-lesson">
                    <summary data-testid="lesson-title">
                        <strong>{ props.title.clone() }</strong>{ ": " }
                        <span class="embed-lesson-line">{ props.lesson.clone() }</span>
                    </summary>
                    <p class="lesson" data-testid="lesson">{ props.lesson.clone() }</p>
                </details>
                <a class="open-full" href={address_of(View::Sim)} onclick={open_full} target="_blank" rel="noopener"
                   data-testid="open-full">{ "Open in GIL Lab ↗" }</a>
            </div>
            { props.error.clone() }
            <Transport stage={props.stage.clone()} />
            <StageCanvas stage={props.stage.clone()} run={props.run.clone()} />
            <div class="embed-tabs" role="tablist" aria-label="More about this run">
                { for TABS.iter().map(|&(p, label, testid)| {
                    let onclick = props.on_panel.reform(move |_: MouseEvent| p);
                    html! {
                        <button type="button" role="tab" aria-selected={(props.panel == p).to_string()}
                                data-testid={testid} {onclick}>{ label }</button>
                    }
                }) }
            </div>
            <div class="embed-panel" role="tabpanel">{ panel }</div>
        </div>
    }
}
