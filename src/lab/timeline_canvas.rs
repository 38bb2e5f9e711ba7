//! One measured run's timeline: the run as a `gil-sim` trace, drawn by the shared
//! [`crate::timeline::StaticTimeline`] without core lanes (the browser does not say which core
//! ran a worker), on a time scale shared by all modes.

use super::measured::Measurement;
use crate::timeline::{CoreLanes, StaticTimeline};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LabTimelineProps {
    pub measured: Rc<Measurement>,
    /// The end of the shared time scale (the slowest mode), ns.
    pub end_ns: u64,
}

/// One measured run's timeline, with the simulator's hover tooltips ("T2 waiting for the GIL
/// of P1 since 3.2 ms").
#[function_component(LabTimeline)]
pub fn lab_timeline(props: &LabTimelineProps) -> Html {
    let trace = use_memo(props.measured.clone(), |m| m.trace());
    let label = format!(
        "Measured timeline of {} with {} workers",
        super::strategy_title(props.measured.mode),
        props.measured.workers
    );
    html! {
        <StaticTimeline trace={trace.clone()} cores={CoreLanes::Hidden} end_ns={props.end_ns}
                        label={label} class={classes!("lab-canvas")} tooltip_testid="lab-tooltip" />
    }
}
