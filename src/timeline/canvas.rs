//! The timeline on a real canvas: [`Painter`] sizes a canvas for the device pixel ratio
//! (through `crate::dom`), keeps the theme's patterns and, when asked, a cached picture of the
//! static layer, so that an animation frame is one blit plus the playhead. [`StaticTimeline`]
//! is a component that draws one whole trace once, with hover tooltips.

use super::draw::{self, Frame};
use super::hit::{hit, tooltip};
use super::layout::{
    AXIS_H, CoreLanes, HEADER_H, LABEL_W, LANE_H, LaneRow, height, layout, rows_json,
};
use super::style::{Highlight, Paints, Palette};
use super::view::View;
use crate::dom;
use gil_sim::Trace;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

/// What to paint: a trace, its rows, the time window and the glossary's highlight.
pub struct Scene<'a> {
    pub trace: &'a Trace,
    pub rows: &'a [LaneRow],
    pub view: View,
    pub highlight: Highlight,
    /// Predict mode: hide everything after the playhead.
    pub curtain: bool,
}

/// What the cached static layer depends on.
#[derive(Clone, Copy, PartialEq)]
struct LayerKey {
    trace: *const Trace,
    view: View,
    size: (u32, u32),
    dark: bool,
    highlight: Highlight,
}

/// Paints scenes onto one canvas. Keeps the patterns of the current theme and, if made with
/// [`Painter::cached`], the static picture of the last scene.
#[derive(Default)]
pub struct Painter {
    cache: bool,
    paints: Option<(bool, Paints)>,
    layer: Option<(LayerKey, HtmlCanvasElement)>,
}

impl Painter {
    /// A painter that caches the static picture (for a canvas redrawn every frame).
    pub fn cached() -> Painter {
        Painter {
            cache: true,
            ..Painter::default()
        }
    }

    /// A painter that draws everything each time (for a canvas drawn once).
    pub fn direct() -> Painter {
        Painter::default()
    }

    /// Forgets the cached picture (call it when the trace is replaced).
    pub fn invalidate(&mut self) {
        self.layer = None;
    }

    /// Sizes `canvas` to its parent's width (at least 400 CSS pixels) and the rows' height,
    /// then paints the scene and, if given, the playhead. Returns the CSS width painted.
    pub fn paint(
        &mut self,
        canvas: &HtmlCanvasElement,
        scene: &Scene,
        playhead: Option<u64>,
    ) -> Option<f64> {
        let width = dom::parent_width(canvas, 400.0);
        let ctx = dom::context_2d(canvas, width, height(scene.rows))?;
        let dpr = dom::device_pixel_ratio();
        let dark = dom::dark();
        if self.paints.as_ref().is_none_or(|(d, _)| *d != dark) {
            self.paints = Paints::new(&ctx).map(|p| (dark, p));
        }
        let palette = Palette::new(dark);
        let frame = Frame {
            trace: scene.trace,
            rows: scene.rows,
            view: scene.view,
            playhead: playhead.unwrap_or(u64::MAX),
            width,
            palette: &palette,
            paints: self.paints.as_ref().map(|(_, p)| p),
            highlight: scene.highlight,
            dpr,
        };
        let size = (canvas.width(), canvas.height());
        let key = LayerKey {
            trace: scene.trace,
            view: scene.view,
            size,
            dark,
            highlight: scene.highlight,
        };
        if self.cache && self.layer.as_ref().is_none_or(|(k, _)| *k != key) {
            let reuse = self.layer.take().map(|(_, c)| c);
            if let Some(off) = reuse.or_else(offscreen_canvas) {
                off.set_width(size.0);
                off.set_height(size.1);
                if let Some(octx) = context_of(&off) {
                    let _ = octx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
                    draw::draw(&octx, &frame);
                }
                self.layer = Some((key, off));
            }
        }
        match self.layer.as_ref().filter(|_| self.cache) {
            Some((_, off)) => {
                let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
                let _ = ctx.draw_image_with_html_canvas_element(off, 0.0, 0.0);
                let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
            }
            None => draw::draw(&ctx, &frame),
        }
        if scene.curtain {
            draw::draw_curtain(&ctx, &frame);
        }
        if playhead.is_some() {
            draw::draw_playhead(&ctx, &frame);
        }
        Some(width)
    }
}

fn offscreen_canvas() -> Option<HtmlCanvasElement> {
    web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()
}

fn context_of(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Where a tooltip goes for a point `(x, y)` on a canvas `width` wide: right of and below the
/// pointer, kept inside the canvas. `dy` is the distance below the pointer.
pub fn tooltip_place(x: f64, y: f64, width: f64, dy: f64) -> (f64, f64) {
    ((x + 14.0).min(width - 260.0), y + dy)
}

/// The canvas's geometry as data attributes (`data-axis-h`, `data-header-h`, `data-lane-h`,
/// `data-label-w`, `data-rows`), so tests can find a lane without hard-coding pixels.
pub struct Geometry {
    pub axis_h: AttrValue,
    pub header_h: AttrValue,
    pub lane_h: AttrValue,
    pub label_w: AttrValue,
    pub rows: AttrValue,
}

impl Geometry {
    pub fn of(rows: &[LaneRow]) -> Geometry {
        Geometry {
            axis_h: AXIS_H.to_string().into(),
            header_h: HEADER_H.to_string().into(),
            lane_h: LANE_H.to_string().into(),
            label_w: LABEL_W.to_string().into(),
            rows: rows_json(rows).into(),
        }
    }
}

#[derive(Properties)]
pub struct StaticTimelineProps {
    pub trace: Rc<Trace>,
    /// Whether the trace has core lanes to show.
    pub cores: CoreLanes,
    /// The end of the time scale, ns (at least the trace's end; a longer one lines several
    /// timelines up on one scale).
    pub end_ns: u64,
    /// The canvas's accessible name.
    pub label: AttrValue,
    /// Extra classes for the canvas (it always has `timeline`).
    #[prop_or_default]
    pub class: Classes,
    /// The tooltip's `data-testid`.
    pub tooltip_testid: AttrValue,
}

impl PartialEq for StaticTimelineProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.trace, &other.trace)
            && self.cores == other.cores
            && self.end_ns == other.end_ns
            && self.label == other.label
            && self.class == other.class
            && self.tooltip_testid == other.tooltip_testid
    }
}

/// One whole trace drawn once on a shared time scale, with hover tooltips ("T2 waiting for
/// the GIL of P1 since 3.2 ms").
#[function_component(StaticTimeline)]
pub fn static_timeline(props: &StaticTimelineProps) -> Html {
    let canvas = use_node_ref();
    let tip = use_state(|| None::<(f64, f64, String)>);
    // Keyed on the trace's identity: comparing two traces by value would walk every span.
    let rows = {
        let trace = props.trace.clone();
        use_memo(
            (Rc::as_ptr(&props.trace) as usize, props.cores),
            move |(_, cores)| layout(&trace, *cores),
        )
    };
    let geometry = use_memo(Rc::as_ptr(&rows) as usize, {
        let rows = rows.clone();
        move |_| Geometry::of(&rows)
    });
    let end_ns = props.end_ns.max(props.trace.end_ns);
    {
        let (canvas, trace, rows) = (canvas.clone(), props.trace.clone(), rows.clone());
        use_effect_with((Rc::as_ptr(&trace), end_ns), move |_| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                let scene = Scene {
                    curtain: false,
                    trace: &trace,
                    rows: &rows,
                    view: View::fit(end_ns),
                    highlight: Highlight::None,
                };
                Painter::direct().paint(&c, &scene, None);
            }
        });
    }
    let on_move = {
        let (canvas, tip, trace, rows) = (
            canvas.clone(),
            tip.clone(),
            props.trace.clone(),
            rows.clone(),
        );
        Callback::from(move |e: MouseEvent| {
            let Some(c) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            let rect = c.get_bounding_client_rect();
            let (x, y) = (
                f64::from(e.client_x()) - rect.left(),
                f64::from(e.client_y()) - rect.top(),
            );
            let text = hit(&rows, &View::fit(end_ns), rect.width(), x, y)
                .and_then(|(lane, t)| tooltip(&trace, lane, t));
            tip.set(text.map(|t| {
                let (left, top) = tooltip_place(x, y, rect.width(), 14.0);
                (left.max(0.0), top, t)
            }));
        })
    };
    let on_leave = {
        let tip = tip.clone();
        Callback::from(move |_: MouseEvent| tip.set(None))
    };
    let g = &*geometry;
    html! {
        <div class="timeline-wrap">
            <canvas ref={canvas} class={classes!("timeline", props.class.clone())} role="img"
                    aria-label={props.label.clone()} data-spans={props.trace.span_count().to_string()}
                    data-axis-h={g.axis_h.clone()} data-header-h={g.header_h.clone()} data-lane-h={g.lane_h.clone()}
                    data-label-w={g.label_w.clone()} data-rows={g.rows.clone()}
                    onmousemove={on_move} onmouseleave={on_leave}></canvas>
            { match &*tip {
                Some((x, y, text)) => html! {
                    <div class="tooltip" role="tooltip" data-testid={props.tooltip_testid.clone()}
                         style={format!("display: block; left: {x}px; top: {y}px")}>{ text.clone() }</div>
                },
                None => Html::default(),
            } }
        </div>
    }
}
