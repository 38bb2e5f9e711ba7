//! The timeline: one picture of a `gil_sim::Trace` (core lanes, then each process's threads
//! and GIL lanes) shared by the simulator and the real-work lab.
//!
//! - [`layout`](mod@layout): which rows there are and where they sit ([`LaneRow`]); a run
//!   without core lanes (a measured run: the browser does not say which core ran a worker)
//!   leaves that section out;
//! - [`view`]: the visible time window and its zoom, pan and follow math, and axis ticks;
//! - [`style`](mod@style): the palette, each state's colour and pattern, the legend's states;
//! - [`draw`]: painting a [`Frame`] (static picture, then the playhead);
//! - [`hit`](mod@hit): what is under the pointer, and the tooltip in words;
//! - [`names`]: `T2`, `P1`, "the GIL of P1";
//! - [`canvas`]: a canvas painter that owns DPR sizing (through `crate::dom`) and the cached
//!   static layer, and [`StaticTimeline`], a component that draws one whole trace with hover
//!   tooltips (the lab's per-mode timelines).

pub mod canvas;
pub mod draw;
pub mod hit;
pub mod layout;
pub mod names;
pub mod style;
pub mod view;

pub use canvas::{Painter, Scene, StaticTimeline};
pub use draw::Frame;
pub use hit::{hit, tooltip};
pub use layout::{AXIS_H, CoreLanes, HEADER_H, LABEL_W, LANE_H, LaneRow, RowKind, height, layout};
pub use style::{Highlight, LEGEND, Marks, Paints, Palette, StateStyle, style};
pub use view::View;

/// The default lesson's trace, for the timeline's unit tests.
#[cfg(test)]
pub(crate) fn default_trace() -> gil_sim::Trace {
    let preset = gil_sim::presets::all()
        .into_iter()
        .find(|p| p.name == gil_sim::presets::DEFAULT)
        .expect("the default preset");
    gil_sim::simulate(&preset.scenario).expect("it simulates")
}
