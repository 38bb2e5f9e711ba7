//! The simulator screen: the preset picker, the parameters panel, the transport (play, pause,
//! step, scrub, speed, keyboard), the timeline canvas, the live state panel at the playhead,
//! the metrics, the four-way comparison and its verdict, and the glossary.
//!
//! The trace is precomputed by `gil-sim`, so stepping and scrubbing are instant. Playback runs
//! on `requestAnimationFrame` and draws straight to the canvas; Yew re-renders only on user
//! actions and, while playing, at most a few times a second for the live panel.

pub mod glossary;
pub mod timeline;
pub mod words;

use gil_sim::presets::{self, Preset};
use gil_sim::{Comparison, GilMode, Metrics, Scenario, StartMethod, Trace, compare};
use gloo_events::EventListener;
use gloo_render::{AnimationFrame, request_animation_frame};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use timeline::{Frame, Highlight, LEGEND, Paints, Palette, Row, View};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, HtmlInputElement};
use words::{fmt_ns, process_short, thread_short};
use yew::prelude::*;

/// Playback speeds, in simulated time per real time.
pub const SPEEDS: [f64; 12] = [
    0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0, 100.0,
];

/// Engine events one browser simulation may take. About two trace spans per event, so this
/// keeps a trace near 3 M spans: far below the 1 GiB wasm memory, and well under a second of
/// simulation. Past it the run is refused with an error naming the cap, not truncated.
pub const BROWSER_MAX_EVENTS: u64 = 1_500_000;

/// A finished simulation of one scenario, with everything the screen shows.
pub struct Run {
    pub scenario: Scenario,
    pub trace: Trace,
    pub metrics: Metrics,
    /// The same workload four ways (presets built from a workload only).
    pub comparison: Option<Result<Comparison, String>>,
    pub rows: Vec<Row>,
}

impl Run {
    /// Simulates `scenario` (and, for a workload, the four-way comparison).
    pub fn new(mut scenario: Scenario) -> Result<Run, String> {
        scenario.limits.max_events = scenario.limits.max_events.min(BROWSER_MAX_EVENTS);
        let trace = gil_sim::simulate(&scenario).map_err(|e| match e {
            gil_sim::SimError::Cap {
                cap: "limits.max_events",
                ..
            } => format!(
                "{e} (the browser's limit keeps the page responsive: try fewer threads or less switching)"
            ),
            other => other.to_string(),
        })?;
        let metrics = gil_sim::metrics(&trace);
        let comparison = scenario
            .workload
            .as_ref()
            .map(|w| compare(&w.work, &scenario.setup()).map_err(|e| e.to_string()));
        let rows = timeline::layout(&trace);
        Ok(Run {
            scenario,
            trace,
            metrics,
            comparison,
            rows,
        })
    }
}

/// The parameters a teacher can change in place.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    pub cores: u32,
    /// Threads or processes of a workload preset (`None`: the preset fixes its own threads).
    pub workers: Option<u32>,
    pub switch_interval_ns: u64,
    pub gil: GilMode,
    pub start_method: Option<StartMethod>,
    pub seed: u64,
}

impl Params {
    pub fn of(sc: &Scenario) -> Params {
        Params {
            cores: sc.machine.cores,
            workers: sc.workload.as_ref().map(|w| w.work.worker_count()),
            switch_interval_ns: sc.runtime.switch_interval_ns,
            gil: sc.runtime.gil,
            start_method: sc.workload.as_ref().map(|w| w.work.start_method),
            seed: sc.seed,
        }
    }

    /// The preset's scenario with these parameters; errors name the field.
    pub fn apply(&self, base: &Scenario) -> Result<Scenario, String> {
        let mut sc = base.clone();
        sc.machine.cores = self.cores;
        sc.runtime.gil = self.gil;
        sc.runtime.switch_interval_ns = self.switch_interval_ns;
        sc.seed = self.seed;
        if let Some(w) = sc.workload.as_mut() {
            if let Some(n) = self.workers {
                // One task per worker at least, so n threads (or processes) really run.
                w.work.workers = n;
                w.work.tasks = w.work.tasks.max(n);
            }
            if let Some(m) = self.start_method {
                w.work.start_method = m;
            }
        }
        let sc = match sc.rebuild(None, &sc.setup()) {
            Some(rebuilt) => rebuilt.map_err(|e| e.to_string())?,
            None => sc,
        };
        sc.validate().map_err(|e| e.to_string())?;
        Ok(sc)
    }
}

/// The default speed for a trace: about 20 s of real time for the whole run.
pub fn default_speed(end_ns: u64) -> f64 {
    let want = end_ns as f64 / 20e9;
    SPEEDS
        .iter()
        .copied()
        .min_by(|a, b| {
            (a.ln() - want.max(1e-9).ln())
                .abs()
                .total_cmp(&(b.ln() - want.max(1e-9).ln()).abs())
        })
        .unwrap_or(1.0)
}

struct Playback {
    t: u64,
    playing: bool,
    speed: f64,
    last_ts: Option<f64>,
    view: View,
    drag_x: Option<f64>,
}

/// What the cached static layer depends on.
#[derive(Clone, Copy, PartialEq)]
struct LayerKey {
    run: *const Run,
    view: View,
    size: (u32, u32),
    dark: bool,
    highlight: Highlight,
}

/// State shared between Yew callbacks and the animation loop.
struct Stage {
    run: RefCell<Rc<Run>>,
    pb: RefCell<Playback>,
    canvas: NodeRef,
    time_out: NodeRef,
    scrub: NodeRef,
    tooltip: NodeRef,
    raf: RefCell<Option<AnimationFrame>>,
    paints: RefCell<Option<(bool, Paints)>>,
    /// The static picture of the current view, redrawn only when its key changes.
    layer: RefCell<Option<(LayerKey, HtmlCanvasElement)>>,
    live_rerender: RefCell<Option<Callback<()>>>,
    highlight: Cell<Highlight>,
    rerender: RefCell<Option<Callback<()>>>,
    last_notify: Cell<f64>,
}

fn media(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

impl Stage {
    fn new(run: Rc<Run>) -> Stage {
        let end = run.trace.end_ns();
        Stage {
            pb: RefCell::new(Playback {
                t: 0,
                playing: false,
                speed: default_speed(end),
                last_ts: None,
                view: View::fit(end),
                drag_x: None,
            }),
            run: RefCell::new(run),
            canvas: NodeRef::default(),
            time_out: NodeRef::default(),
            scrub: NodeRef::default(),
            tooltip: NodeRef::default(),
            raf: RefCell::new(None),
            paints: RefCell::new(None),
            layer: RefCell::new(None),
            live_rerender: RefCell::new(None),
            highlight: Cell::new(Highlight::None),
            rerender: RefCell::new(None),
            last_notify: Cell::new(0.0),
        }
    }

    fn end(&self) -> u64 {
        self.run.borrow().trace.end_ns()
    }

    fn canvas_width(&self) -> f64 {
        self.canvas
            .cast::<HtmlCanvasElement>()
            .and_then(|c| c.parent_element())
            .map(|p| f64::from(p.client_width()))
            .unwrap_or(1000.0)
            .max(400.0)
    }

    /// Draws the current frame and updates the playhead readouts (no Yew involved).
    fn draw(&self) {
        let Some(canvas) = self.canvas.cast::<HtmlCanvasElement>() else {
            return;
        };
        let run = self.run.borrow().clone();
        let width = self.canvas_width();
        let height = timeline::height(&run.rows);
        let dpr = web_sys::window()
            .map(|w| w.device_pixel_ratio())
            .unwrap_or(1.0)
            .max(1.0);
        let (pw, ph) = ((width * dpr) as u32, (height * dpr) as u32);
        if canvas.width() != pw || canvas.height() != ph {
            canvas.set_width(pw);
            canvas.set_height(ph);
            let _ = canvas
                .style()
                .set_property("height", &format!("{height}px"));
        }
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        let dark = media("(prefers-color-scheme: dark)");
        let mut paints = self.paints.borrow_mut();
        if paints.as_ref().is_none_or(|(d, _)| *d != dark) {
            *paints = Paints::new(&ctx).map(|p| (dark, p));
        }
        let pb = self.pb.borrow();
        let palette = Palette::new(dark);
        let frame = Frame {
            trace: &run.trace,
            rows: &run.rows,
            view: pb.view,
            playhead: pb.t,
            width,
            palette: &palette,
            paints: paints.as_ref().map(|(_, p)| p),
            highlight: self.highlight.get(),
            dpr,
        };
        // The static picture is cached: while playing, a frame is one blit plus the playhead.
        let key = LayerKey {
            run: Rc::as_ptr(&run),
            view: pb.view,
            size: (pw, ph),
            dark,
            highlight: self.highlight.get(),
        };
        let mut layer = self.layer.borrow_mut();
        if layer.as_ref().is_none_or(|(k, _)| *k != key) {
            let reuse = layer.take().map(|(_, c)| c);
            let canvas = reuse.or_else(|| {
                web_sys::window()?
                    .document()?
                    .create_element("canvas")
                    .ok()?
                    .dyn_into::<HtmlCanvasElement>()
                    .ok()
            });
            if let Some(off) = canvas {
                off.set_width(pw);
                off.set_height(ph);
                if let Some(octx) = off
                    .get_context("2d")
                    .ok()
                    .flatten()
                    .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
                {
                    let _ = octx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
                    timeline::draw(&octx, &frame);
                }
                *layer = Some((key, off));
            }
        }
        match layer.as_ref() {
            Some((_, off)) => {
                let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
                let _ = ctx.draw_image_with_html_canvas_element(off, 0.0, 0.0);
                let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
            }
            None => timeline::draw(&ctx, &frame),
        }
        timeline::draw_playhead(&ctx, &frame);
        if let Some(out) = self.time_out.cast::<HtmlElement>() {
            out.set_text_content(Some(&format!(
                "{} / {}",
                fmt_ns(pb.t),
                fmt_ns(run.trace.end_ns())
            )));
            let _ = out.set_attribute("data-ns", &pb.t.to_string());
        }
        if let Some(scrub) = self.scrub.cast::<HtmlInputElement>() {
            scrub.set_value(&pb.t.to_string());
        }
    }

    /// Re-renders the whole screen (after a user action).
    fn notify(&self) {
        if let Some(cb) = self.rerender.borrow().as_ref() {
            cb.emit(());
        }
        // The live panel's props never change (same stage), so it is told separately.
        self.notify_live();
    }

    /// Re-renders only the live state panel (while playing).
    fn notify_live(&self) {
        if let Some(cb) = self.live_rerender.borrow().as_ref() {
            cb.emit(());
        }
    }

    /// Moves the playhead (clamped), keeps it in view, redraws, and refreshes the panels.
    fn seek(&self, t: u64) {
        let end = self.end();
        {
            let mut pb = self.pb.borrow_mut();
            pb.t = t.min(end);
            pb.view = pb.view.follow(pb.t, end);
        }
        self.draw();
        self.notify();
    }

    fn step(&self, forward: bool) {
        self.pause();
        let t = self.pb.borrow().t;
        let run = self.run.borrow().clone();
        let next = if forward {
            run.trace
                .next_event_after(t)
                .map(|e| e.t_ns)
                .unwrap_or(run.trace.end_ns())
        } else {
            run.trace.prev_event_before(t).map(|e| e.t_ns).unwrap_or(0)
        };
        self.seek(next);
    }

    fn pause(&self) {
        let mut pb = self.pb.borrow_mut();
        pb.playing = false;
        pb.last_ts = None;
        drop(pb);
        self.raf.borrow_mut().take();
    }

    fn play(self: &Rc<Self>) {
        {
            let mut pb = self.pb.borrow_mut();
            if pb.t >= self.run.borrow().trace.end_ns() {
                pb.t = 0;
            }
            pb.playing = true;
            pb.last_ts = None;
        }
        self.schedule();
        self.notify();
    }

    fn toggle(self: &Rc<Self>) {
        if self.pb.borrow().playing {
            self.pause();
            self.notify();
        } else {
            self.play();
        }
    }

    fn schedule(self: &Rc<Self>) {
        let me = self.clone();
        let handle = request_animation_frame(move |ts| me.frame(ts));
        *self.raf.borrow_mut() = Some(handle);
    }

    /// One animation frame: advance simulated time by real time × speed, draw, reschedule.
    fn frame(self: &Rc<Self>, ts: f64) {
        let end = self.end();
        let reduced = media("(prefers-reduced-motion: reduce)");
        let finished = {
            let mut pb = self.pb.borrow_mut();
            if !pb.playing {
                return;
            }
            let dt_ms = pb.last_ts.map(|l| (ts - l).max(0.0)).unwrap_or(0.0);
            // Reduced motion: advance in discrete half-second steps instead of smoothly.
            if reduced && pb.last_ts.is_some() && dt_ms < 500.0 {
                drop(pb);
                self.schedule();
                return;
            }
            pb.last_ts = Some(ts);
            let advance = (dt_ms * 1e6 * pb.speed) as u64;
            pb.t = pb.t.saturating_add(advance).min(end);
            pb.view = pb.view.follow(pb.t, end);
            if pb.t >= end {
                pb.playing = false;
            }
            !pb.playing
        };
        self.draw();
        if finished {
            self.notify();
        } else if ts - self.last_notify.get() > 250.0 {
            self.last_notify.set(ts);
            self.notify_live();
        }
        if !finished {
            self.schedule();
        }
    }

    fn set_speed(&self, faster: bool) {
        let mut pb = self.pb.borrow_mut();
        let i = SPEEDS
            .iter()
            .position(|&s| s >= pb.speed)
            .unwrap_or(SPEEDS.len() - 1);
        let j = if faster {
            (i + 1).min(SPEEDS.len() - 1)
        } else {
            i.saturating_sub(1)
        };
        pb.speed = SPEEDS[j];
    }

    fn zoom(&self, factor: f64, anchor: Option<u64>) {
        let end = self.end();
        {
            let mut pb = self.pb.borrow_mut();
            let anchor = anchor.unwrap_or(pb.t);
            pb.view = if factor > 1e6 {
                View::fit(end)
            } else {
                pb.view.zoom(factor, anchor, end)
            };
        }
        self.draw();
    }

    /// Swaps in a new run, keeping the playhead where it was when it still fits.
    fn replace(&self, run: Rc<Run>, keep_time: bool) {
        let end = run.trace.end_ns();
        {
            let mut pb = self.pb.borrow_mut();
            pb.t = if keep_time { pb.t.min(end) } else { 0 };
            pb.view = View::fit(end);
            if !keep_time {
                pb.speed = default_speed(end);
            }
        }
        *self.run.borrow_mut() = run;
        self.draw();
        // The live panel's props do not change with the run, so it is told directly.
        self.notify_live();
    }

    fn plot_point(&self, e: &MouseEvent) -> Option<(f64, f64)> {
        let canvas = self.canvas.cast::<HtmlCanvasElement>()?;
        let rect = canvas.get_bounding_client_rect();
        Some((
            f64::from(e.client_x()) - rect.left(),
            f64::from(e.client_y()) - rect.top(),
        ))
    }

    fn hover(&self, e: &MouseEvent) {
        let Some(tip) = self.tooltip.cast::<HtmlElement>() else {
            return;
        };
        let Some((x, y)) = self.plot_point(e) else {
            return;
        };
        let run = self.run.borrow().clone();
        let view = self.pb.borrow().view;
        let text = timeline::hit(&run.rows, &view, self.canvas_width(), x, y)
            .and_then(|(lane, t)| timeline::tooltip(&run.trace, lane, t));
        match text {
            Some(text) => {
                tip.set_text_content(Some(&text));
                let style = tip.style();
                let _ = style.set_property(
                    "left",
                    &format!("{}px", (x + 14.0).min(self.canvas_width() - 260.0)),
                );
                let _ = style.set_property("top", &format!("{}px", y + 16.0));
                let _ = style.set_property("display", "block");
            }
            None => {
                let _ = tip.style().set_property("display", "none");
            }
        }
    }
}

/// The simulator screen.
#[function_component(Simulator)]
pub fn simulator() -> Html {
    let presets = use_memo((), |_| presets::all());
    let default_index = presets
        .iter()
        .position(|p| p.name == presets::DEFAULT)
        .unwrap_or(0);
    let preset_index = use_state(|| default_index);
    let error = use_state(|| Option::<String>::None);
    let params = use_state(|| presets.get(default_index).map(|p| Params::of(&p.scenario)));
    let stage = {
        let presets = presets.clone();
        use_memo((), move |_| {
            let first = presets
                .get(default_index)
                .and_then(|p| Run::new(p.scenario.clone()).ok())
                .or_else(|| {
                    presets
                        .iter()
                        .find_map(|p| Run::new(p.scenario.clone()).ok())
                });
            first.map(|run| Rc::new(Stage::new(Rc::new(run))))
        })
    };
    let force = use_force_update();

    let Some(stage) = (*stage).clone() else {
        return html! {
            <div class="notice notice-error" role="alert">
                { "The simulator could not run any preset. Please report this." }
            </div>
        };
    };

    // Wire the re-render callback, the first draw, the keyboard and resize listeners.
    {
        let stage = stage.clone();
        let force = force.clone();
        use_effect_with((), move |_| {
            *stage.rerender.borrow_mut() = Some(Callback::from(move |_| force.force_update()));
            stage.draw();
            let document = web_sys::window().and_then(|w| w.document());
            let keys = document.map(|doc| {
                let stage = stage.clone();
                EventListener::new_with_options(
                    &doc,
                    "keydown",
                    gloo_events::EventListenerOptions::enable_prevent_default(),
                    move |e| on_key(&stage, e),
                )
            });
            let resize = web_sys::window().map(|w| {
                let stage = stage.clone();
                EventListener::new(&w, "resize", move |_| stage.draw())
            });
            let stage_for_cleanup = stage.clone();
            move || {
                drop(keys);
                drop(resize);
                stage_for_cleanup.pause();
                stage_for_cleanup.rerender.borrow_mut().take();
            }
        });
    }

    let run = stage.run.borrow().clone();
    let (t, playing, speed) = {
        let pb = stage.pb.borrow();
        (pb.t, pb.playing, pb.speed)
    };
    let preset: Option<&Preset> = presets.get(*preset_index);

    // --- Callbacks -------------------------------------------------------------------------
    let on_preset = {
        let (stage, presets, preset_index, params, error) = (
            stage.clone(),
            presets.clone(),
            preset_index.clone(),
            params.clone(),
            error.clone(),
        );
        Callback::from(move |e: Event| {
            let i: usize = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value()
                .parse()
                .unwrap_or(0);
            let Some(p) = presets.get(i) else { return };
            match Run::new(p.scenario.clone()) {
                Ok(run) => {
                    stage.pause();
                    stage.replace(Rc::new(run), false);
                    preset_index.set(i);
                    params.set(Some(Params::of(&p.scenario)));
                    error.set(None);
                }
                Err(why) => error.set(Some(format!("preset {}: {why}", p.name))),
            }
        })
    };

    let change_param = {
        let (stage, presets, preset_index, params, error) = (
            stage.clone(),
            presets.clone(),
            preset_index.clone(),
            params.clone(),
            error.clone(),
        );
        Callback::from(move |edit: ParamEdit| {
            let Some(current) = (*params).clone() else {
                return;
            };
            let Some(base) = presets.get(*preset_index) else {
                return;
            };
            let edit = match edit {
                Ok(f) => f,
                Err(why) => {
                    error.set(Some(why));
                    return;
                }
            };
            let mut next = current;
            edit(&mut next);
            match next.apply(&base.scenario).and_then(Run::new) {
                Ok(run) => {
                    stage.pause();
                    stage.replace(Rc::new(run), true);
                    params.set(Some(next));
                    error.set(None);
                }
                // Keep the last good run and parameters; say which field is wrong.
                Err(why) => error.set(Some(why)),
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
            stage.pause();
            stage.seek(v);
        })
    };
    let click = |f: fn(&Rc<Stage>)| {
        let stage = stage.clone();
        Callback::from(move |_: MouseEvent| f(&stage))
    };
    let on_highlight = {
        let stage = stage.clone();
        Callback::from(move |h: Highlight| {
            stage.highlight.set(h);
            stage.draw();
        })
    };

    // Canvas pointer handling: hover tooltips, drag to pan, ctrl+wheel to zoom, shift+wheel to pan.
    let on_move = {
        let stage = stage.clone();
        Callback::from(move |e: MouseEvent| {
            let drag = stage.pb.borrow().drag_x;
            if let (Some(x0), Some((x, _))) = (drag, stage.plot_point(&e)) {
                let end = stage.end();
                {
                    let mut pb = stage.pb.borrow_mut();
                    let plot_w = stage.canvas_width() - timeline::LABEL_W - 8.0;
                    let dt = -((x - x0) / plot_w.max(1.0) * pb.view.span() as f64) as i64;
                    pb.view = pb.view.pan(dt, end);
                    pb.drag_x = Some(x);
                }
                stage.draw();
            }
            stage.hover(&e);
        })
    };
    let on_down = {
        let stage = stage.clone();
        Callback::from(move |e: MouseEvent| {
            stage.pb.borrow_mut().drag_x = stage.plot_point(&e).map(|p| p.0);
        })
    };
    let on_up = {
        let stage = stage.clone();
        Callback::from(move |_: MouseEvent| stage.pb.borrow_mut().drag_x = None)
    };
    let on_leave = {
        let stage = stage.clone();
        Callback::from(move |_: MouseEvent| {
            stage.pb.borrow_mut().drag_x = None;
            if let Some(tip) = stage.tooltip.cast::<HtmlElement>() {
                let _ = tip.style().set_property("display", "none");
            }
        })
    };
    let on_wheel = {
        let stage = stage.clone();
        Callback::from(move |e: WheelEvent| {
            if !(e.ctrl_key() || e.shift_key()) {
                return;
            }
            e.prevent_default();
            let Some((x, _)) = stage.plot_point(&e) else {
                return;
            };
            let view = stage.pb.borrow().view;
            let plot_w = stage.canvas_width() - timeline::LABEL_W - 8.0;
            if e.ctrl_key() {
                let anchor = view.t_of(x, plot_w);
                stage.zoom(if e.delta_y() < 0.0 { 0.8 } else { 1.25 }, Some(anchor));
            } else {
                let dt = (e.delta_y().signum() * view.span() as f64 * 0.1) as i64;
                let end = stage.end();
                stage.pb.borrow_mut().view = view.pan(dt, end);
                stage.draw();
            }
        })
    };

    // --- View --------------------------------------------------------------------------------
    let end = run.trace.end_ns();
    html! {
        <div class="sim">
            <div class="sim-top">
                <div class="field preset-field">
                    <label for="preset-select">{ "Lesson" }</label>
                    <select id="preset-select" data-testid="preset-select" onchange={on_preset}>
                        { for presets.iter().enumerate().map(|(i, p)| html! {
                            <option value={i.to_string()} selected={i == *preset_index} data-name={p.name}>
                                { preset_title(p) }
                            </option>
                        }) }
                    </select>
                    if let Some(p) = preset {
                        <p class="lesson" data-testid="lesson">{ p.lesson().to_string() }</p>
                    }
                </div>
                { params_panel((*params).clone(), change_param) }
            </div>
            if let Some(why) = (*error).clone() {
                <p class="notice notice-error" role="alert" data-testid="param-error">
                    <strong>{ "Not applied: " }</strong>{ why }
                    { ". The last good run is still shown." }
                </p>
            }

            <div class="transport" role="toolbar" aria-label="Playback">
                <button onclick={click(|s| s.seek(0))} data-testid="jump-start" title="Jump to start (Home)" aria-label="Jump to start">{ "◀◀ Start" }</button>
                <button onclick={click(|s| s.step(false))} data-testid="step-back" title="Step back one event (←)" aria-label="Step back one event">{ "◀ Step" }</button>
                <button class="primary" onclick={click(|s| s.toggle())} data-testid="play" aria-pressed={playing.to_string()} title="Play or pause (Space)">
                    { if playing { "❚❚ Pause" } else { "▶ Play" } }
                </button>
                <button onclick={click(|s| s.step(true))} data-testid="step-forward" title="Step forward one event (→)" aria-label="Step forward one event">{ "Step ▶" }</button>
                <button onclick={click(|s| { let end = s.end(); s.pause(); s.seek(end) })} data-testid="jump-end" title="Jump to end (End)" aria-label="Jump to end">{ "End ▶▶" }</button>
                <input type="range" class="scrub" min="0" max={end.to_string()} step="1"
                       value={t.to_string()} ref={stage.scrub.clone()} oninput={on_scrub}
                       data-testid="scrub" aria-label="Scrub through time" />
                <output class="playhead-time" ref={stage.time_out.clone()} data-testid="playhead-time"
                        data-ns={t.to_string()} aria-live="off">
                    { format!("{} / {}", fmt_ns(t), fmt_ns(end)) }
                </output>
                <span class="speed">
                    <button onclick={click(|s| { s.set_speed(false); s.notify() })} data-testid="slower" title="Slower (−)" aria-label="Slower">{ "−" }</button>
                    <span data-testid="speed" data-speed={speed.to_string()}>{ format!("{}×", speed) }</span>
                    <button onclick={click(|s| { s.set_speed(true); s.notify() })} data-testid="faster" title="Faster (+)" aria-label="Faster">{ "+" }</button>
                </span>
                <span class="zoom">
                    <button onclick={click(|s| s.zoom(0.5, None))} data-testid="zoom-in" aria-label="Zoom in">{ "Zoom +" }</button>
                    <button onclick={click(|s| s.zoom(2.0, None))} data-testid="zoom-out" aria-label="Zoom out">{ "Zoom −" }</button>
                    <button onclick={click(|s| s.zoom(f64::MAX, None))} data-testid="zoom-fit">{ "Fit" }</button>
                </span>
            </div>
            <p class="hint">{ "Keys: Space play/pause · ← → step · Home/End · + − speed. Drag the timeline to pan; Ctrl+wheel zooms." }</p>

            <div class="timeline-wrap">
                <canvas ref={stage.canvas.clone()} data-testid="timeline" class="timeline"
                        data-spans={run.trace.span_count().to_string()} data-threads={run.trace.threads.len().to_string()}
                        role="img" aria-label="Timeline of cores, threads and GIL lanes; the live state panel below describes the playhead in words."
                        onmousemove={on_move} onmousedown={on_down} onmouseup={on_up}
                        onmouseleave={on_leave} onwheel={on_wheel}></canvas>
                <div class="tooltip" ref={stage.tooltip.clone()} data-testid="tooltip" role="tooltip"></div>
            </div>
            { legend() }

            <div class="sim-panels">
                <LivePanel stage={stage.clone()} />
                { metrics_panel(&run.metrics) }
                { compare_panel(run.comparison.as_ref(), run.scenario.machine.cores) }
                <glossary::Glossary {on_highlight} />
            </div>
        </div>
    }
}

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

fn on_key(stage: &Rc<Stage>, e: &Event) {
    let Some(ke) = e.dyn_ref::<KeyboardEvent>() else {
        return;
    };
    if ke.ctrl_key() || ke.meta_key() || ke.alt_key() {
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
    match key.as_str() {
        " " => stage.toggle(),
        "ArrowRight" => stage.step(true),
        "ArrowLeft" => stage.step(false),
        "Home" => {
            stage.pause();
            stage.seek(0);
        }
        "End" => {
            stage.pause();
            let end = stage.end();
            stage.seek(end);
        }
        "+" | "=" => {
            stage.set_speed(true);
            stage.notify();
        }
        "-" | "_" => {
            stage.set_speed(false);
            stage.notify();
        }
        _ => return,
    }
    e.prevent_default();
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

type ParamEdit = Result<Box<dyn Fn(&mut Params)>, String>;

/// GIL modes offered: (form value, mode, label).
const GIL_MODES: [(&str, GilMode, &str); 4] = [
    ("new", GilMode::New, "New GIL (3.2+)"),
    ("old", GilMode::Old, "Old GIL (≤ 3.1)"),
    (
        "free_threaded",
        GilMode::FreeThreaded,
        "Free-threaded (3.13t)",
    ),
    (
        "per_interpreter",
        GilMode::PerInterpreter,
        "Per-interpreter GIL (3.12)",
    ),
];

/// Start methods offered: (form value, method).
const START_METHODS: [(&str, StartMethod); 3] = [
    ("fork", StartMethod::Fork),
    ("forkserver", StartMethod::Forkserver),
    ("spawn", StartMethod::Spawn),
];

/// A `<select>` change handler that applies the chosen value to the parameters.
fn on_select(change: &Callback<ParamEdit>, apply: fn(&mut Params, &str)) -> Callback<Event> {
    let change = change.clone();
    Callback::from(move |e: Event| {
        let v = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        change.emit(Ok(Box::new(move |p: &mut Params| apply(p, &v))));
    })
}

fn params_panel(params: Option<Params>, change: Callback<ParamEdit>) -> Html {
    let Some(p) = params else {
        return Html::default();
    };
    let number = |field: &'static str, min: u64, max: u64, apply: fn(&mut Params, u64)| {
        let change = change.clone();
        Callback::from(move |e: Event| {
            let raw = e.target_unchecked_into::<HtmlInputElement>().value();
            let edit: ParamEdit = match raw.trim().parse::<u64>() {
                Ok(v) if (min..=max).contains(&v) => {
                    Ok(Box::new(move |p: &mut Params| apply(p, v)))
                }
                _ => Err(format!(
                    "{field}: enter a whole number from {min} to {max} (got \"{raw}\")"
                )),
            };
            change.emit(edit);
        })
    };
    let on_interval = on_select(&change, |p, v| {
        if let Ok(ns) = v.parse() {
            p.switch_interval_ns = ns;
        }
    });
    let on_gil = on_select(&change, |p, v| {
        if let Some((_, mode, _)) = GIL_MODES.iter().find(|(key, _, _)| *key == v) {
            p.gil = *mode;
        }
    });
    let on_start = on_select(&change, |p, v| {
        if let Some((_, m)) = START_METHODS.iter().find(|(key, _)| *key == v) {
            p.start_method = Some(*m);
        }
    });
    let intervals: [(u64, &str); 7] = [
        (1_000, "1 µs"),
        (100_000, "0.1 ms"),
        (1_000_000, "1 ms"),
        (5_000_000, "5 ms (default)"),
        (10_000_000, "10 ms"),
        (20_000_000, "20 ms"),
        (50_000_000, "50 ms"),
    ];
    html! {
        <fieldset class="params" data-testid="params">
            <legend>{ "Parameters" }</legend>
            <label>{ "Cores" }
                <input type="number" min="1" max="64" value={p.cores.to_string()} data-testid="param-cores"
                       onchange={number("cores", 1, 64, |p, v| p.cores = v as u32)} />
            </label>
            <label>{ "Threads / processes" }
                <input type="number" min="1" max="64" disabled={p.workers.is_none()}
                       title={if p.workers.is_none() { "This lesson fixes its own threads" } else { "" }}
                       value={p.workers.map(|w| w.to_string()).unwrap_or_default()} data-testid="param-workers"
                       onchange={number("threads / processes", 1, 64, |p, v| p.workers = Some(v as u32))} />
            </label>
            <label>{ "Switch interval" }
                <select data-testid="param-interval" onchange={on_interval}>
                    { for intervals.iter().map(|(ns, label)| html! {
                        <option value={ns.to_string()} selected={*ns == p.switch_interval_ns}>{ *label }</option>
                    }) }
                    if !intervals.iter().any(|(ns, _)| *ns == p.switch_interval_ns) {
                        <option value={p.switch_interval_ns.to_string()} selected=true>{ fmt_ns(p.switch_interval_ns) }</option>
                    }
                </select>
            </label>
            <label>{ "GIL" }
                <select data-testid="param-gil" onchange={on_gil}>
                    { for GIL_MODES.iter().map(|(v, m, label)| html! {
                        <option value={*v} selected={*m == p.gil}>{ *label }</option>
                    }) }
                </select>
            </label>
            <label>{ "Start method" }
                <select data-testid="param-start" onchange={on_start} disabled={p.start_method.is_none()}>
                    { for START_METHODS.iter().map(|(v, m)| html! {
                        <option value={*v} selected={Some(*m) == p.start_method}>{ *v }</option>
                    }) }
                </select>
            </label>
            <label>{ "Seed" }
                <input type="number" min="0" value={p.seed.to_string()} data-testid="param-seed"
                       onchange={number("seed", 0, u64::MAX, |p, v| p.seed = v)} />
            </label>
        </fieldset>
    }
}

fn legend() -> Html {
    html! {
        <ul class="legend" aria-label="Legend">
            { for LEGEND.iter().map(|&s| {
                let st = timeline::style(s);
                html! {
                    <li>
                        <span class={classes!("swatch", format!("marks-{:?}", st.marks).to_lowercase())}
                              style={format!("background-color: {}", st.base)} aria-hidden="true"></span>
                        { s.label() }
                    </li>
                }
            }) }
            <li><span class="marker marker-drop" aria-hidden="true">{ "▼" }</span>{ "drop request" }</li>
            <li><span class="marker marker-forced" aria-hidden="true">{ "◆" }</span>{ "forced switch" }</li>
        </ul>
    }
}

#[derive(Properties)]
struct LiveProps {
    stage: Rc<Stage>,
}

impl PartialEq for LiveProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.stage, &other.stage)
    }
}

/// The live state panel: its own component, so playback refreshes it without re-rendering the
/// rest of the screen.
#[function_component(LivePanel)]
fn live_panel_component(props: &LiveProps) -> Html {
    let force = use_force_update();
    {
        let stage = props.stage.clone();
        use_effect_with((), move |_| {
            *stage.live_rerender.borrow_mut() = Some(Callback::from(move |_| force.force_update()));
            move || {
                stage.live_rerender.borrow_mut().take();
            }
        });
    }
    let run = props.stage.run.borrow().clone();
    let t = props.stage.pb.borrow().t;
    live_panel(&run.trace, t)
}

fn live_panel(trace: &Trace, t: u64) -> Html {
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
                { for snap.threads.iter().enumerate().take(24).filter_map(|(th, now)| now.as_ref().map(|n| html! {
                    <li class="live-thread" data-thread={thread_short(th as u32)}>
                        { words::describe_thread(trace, th as u32, n, t) }
                    </li>
                })) }
            </ul>
            if snap.threads.len() > 24 {
                <p class="hint">{ format!("…and {} more threads (see the timeline).", snap.threads.len() - 24) }</p>
            }
        </section>
    }
}

fn metrics_panel(m: &Metrics) -> Html {
    let pct = |permille: u32| format!("{:.1} %", f64::from(permille) / 10.0);
    let rows: Vec<(&str, String, &str)> = vec![
        ("Wall time", fmt_ns(m.wall_ns), "wall"),
        ("CPU time (all threads)", fmt_ns(m.total_cpu_ns), "cpu"),
        (
            "Waiting for the GIL (all threads)",
            fmt_ns(m.total_gil_wait_ns),
            "gil-wait",
        ),
        (
            "Core utilisation",
            pct(m.utilisation_permille),
            "utilisation",
        ),
        ("GIL switches", m.gil_switches.to_string(), "gil-switches"),
        (
            "Drop requests / forced switches",
            format!("{} / {}", m.drop_requests, m.forced_switches),
            "drops",
        ),
        (
            "Median GIL holding period",
            if m.holding.count > 0 {
                fmt_ns(m.holding.median_ns)
            } else {
                "—".into()
            },
            "holding",
        ),
    ];
    html! {
        <section class="panel metrics" aria-labelledby="metrics-title" data-testid="metrics"
                 data-wall-ns={m.wall_ns.to_string()} data-gil-switches={m.gil_switches.to_string()}>
            <h3 id="metrics-title">{ "Metrics" }</h3>
            <table>
                { for rows.into_iter().map(|(k, v, id)| html! {
                    <tr data-metric={id}><th scope="row">{ k }</th><td>{ v }</td></tr>
                }) }
            </table>
            <details>
                <summary>{ "Per thread" }</summary>
                <table class="per-thread">
                    <tr><th>{ "Thread" }</th><th>{ "Process" }</th><th>{ "CPU" }</th><th>{ "GIL wait" }</th></tr>
                    { for m.threads.iter().enumerate().map(|(i, th)| html! {
                        <tr>
                            <td>{ format!("{} {}", thread_short(i as u32), th.name) }</td>
                            <td>{ process_short(th.process) }</td>
                            <td>{ fmt_ns(th.cpu_ns) }</td>
                            <td>{ fmt_ns(th.gil_wait_ns) }</td>
                        </tr>
                    }) }
                </table>
            </details>
        </section>
    }
}

fn compare_panel(cmp: Option<&Result<Comparison, String>>, cores: u32) -> Html {
    let body = match cmp {
        None => html! {
            <p data-testid="verdict" data-kind="none">
                { "This lesson is a single scenario, not one workload run four ways, so there is no four-way comparison. Pick a CPU-bound or I/O-bound lesson to compare." }
            </p>
        },
        Some(Err(why)) => {
            html! { <p class="notice notice-error" role="alert">{ format!("Comparison failed: {why}") }</p> }
        }
        Some(Ok(c)) => {
            let max = c.rows.iter().map(|r| r.wall_ns).max().unwrap_or(1).max(1);
            let best = c.best().map(|b| b.mode);
            html! {
                <>
                    <ul class="bars">
                        { for c.rows.iter().map(|r| {
                            let w = (r.wall_ns as f64 / max as f64 * 100.0).max(1.0);
                            html! {
                                <li data-mode={r.mode.label()} data-wall-ns={r.wall_ns.to_string()}
                                    data-speedup={format!("{:.3}", r.speedup())}
                                    class={classes!(if Some(r.mode) == best { Some("best") } else { None })}>
                                    <span class="bar-label">{ gil_sim::narrate::approach_title(r.mode) }</span>
                                    <span class="bar-track">
                                        <span class={classes!("bar", format!("bar-{}", r.mode.label()))} style={format!("width: {w:.1}%")}></span>
                                    </span>
                                    <span class="bar-value">{ format!("{} · {:.2}×", fmt_ns(r.wall_ns), r.speedup()) }</span>
                                </li>
                            }
                        }) }
                    </ul>
                    <p class="verdict" data-testid="verdict">{ words::verdict(c, cores) }</p>
                </>
            }
        }
    };
    html! {
        <section class="panel compare" aria-labelledby="compare-title" data-testid="compare">
            <h3 id="compare-title">{ "Same work, four ways" }</h3>
            <p class="hint">{ "Wall time of this lesson's workload, and speedup against running it sequentially. Shorter is better." }</p>
            { body }
        </section>
    }
}
