//! The stage: the simulator's timeline canvas and the animation that runs on it outside Yew's
//! render. It holds the [`Playback`] reducer, applies actions to it, paints the canvas through
//! a caching [`Painter`] (a playing frame is one blit plus the playhead), updates the
//! transport's time readouts directly, and tells the components that watch it: on every user
//! action, and while playing only the live panel, at most four times a second. After a user
//! action, and when playback stops at the end, it also calls its settle hook (the link keeper).

use super::playback::{Action, Playback, PlaybackAt, Tell};
use super::run::ModelRun;
use crate::dom;
use crate::timeline::canvas::{Geometry, tooltip_place};
use crate::timeline::view::plot_width;
use crate::timeline::{Highlight, Painter, Scene, hit, tooltip};
use gil_sim::narrate::fmt_ns;
use gloo_events::EventListener;
use gloo_render::{AnimationFrame, request_animation_frame};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::{HtmlCanvasElement, HtmlElement, HtmlInputElement};
use yew::prelude::*;

/// While playing, the live panel is re-rendered at most this often (ms).
const LIVE_EVERY_MS: f64 = 250.0;

/// What the watching components show of playback.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shown {
    pub t: u64,
    pub end: u64,
    pub playing: bool,
    pub speed: f64,
    /// Changes with every loaded run.
    pub generation: u32,
    /// Predict mode's curtain is up.
    pub curtain: bool,
}

/// When a watcher wants to hear about playback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follow {
    /// After user actions.
    Actions,
    /// After user actions and, while playing, a few times a second.
    Frames,
}

/// The components watching the stage, and what each follows.
#[derive(Default)]
struct Watchers {
    list: RefCell<Vec<(usize, Follow, Callback<Shown>)>>,
}

impl Watchers {
    fn add(&self, follow: Follow, cb: Callback<Shown>) -> usize {
        let mut list = self.list.borrow_mut();
        let id = list.iter().map(|w| w.0 + 1).max().unwrap_or(0);
        list.push((id, follow, cb));
        id
    }

    fn remove(&self, id: usize) {
        self.list.borrow_mut().retain(|w| w.0 != id);
    }

    /// Tells the watchers that follow `what` (everyone for user actions).
    fn tell(&self, what: Follow, shown: Shown) {
        // Copied out first: a watcher may (un)register others while it is told.
        let cbs: Vec<Callback<Shown>> = self
            .list
            .borrow()
            .iter()
            .filter(|w| what == Follow::Actions || w.1 == Follow::Frames)
            .map(|w| w.2.clone())
            .collect();
        for cb in cbs {
            cb.emit(shown);
        }
    }
}

/// Told which thread's span (thread, time) is under the pointer, or `None`.
pub type HoverCallback = Callback<Option<(u32, u64)>>;

/// The timeline canvas and its animation (see the module doc).
pub struct Stage {
    playback: RefCell<Playback>,
    highlight: Cell<Highlight>,
    painter: RefCell<Painter>,
    pub canvas: NodeRef,
    pub tooltip: NodeRef,
    /// The transport's playhead readout and scrub slider, moved on every frame.
    pub time_out: NodeRef,
    pub scrub: NodeRef,
    raf: RefCell<Option<AnimationFrame>>,
    watchers: Watchers,
    last_live: Cell<f64>,
    /// Called after a user action or the end of playback (see [`Stage::on_settle`]).
    settle: RefCell<Option<Callback<()>>>,
    /// Told the thread and time under the pointer (see [`Stage::on_hover`]).
    hover_to: RefCell<Option<HoverCallback>>,
    /// Predict mode: the run after the playhead is hidden (see [`Stage::set_curtain`]).
    curtain: Cell<bool>,
}

impl Stage {
    pub fn new(run: Rc<ModelRun>) -> Stage {
        Stage {
            playback: RefCell::new(Playback::new(run)),
            highlight: Cell::new(Highlight::None),
            painter: RefCell::new(Painter::cached()),
            canvas: NodeRef::default(),
            tooltip: NodeRef::default(),
            time_out: NodeRef::default(),
            scrub: NodeRef::default(),
            raf: RefCell::new(None),
            watchers: Watchers::default(),
            last_live: Cell::new(0.0),
            settle: RefCell::new(None),
            hover_to: RefCell::new(None),
            curtain: Cell::new(false),
        }
    }

    /// Hides (or shows again) the run after the playhead: the timeline's lanes and axis, its
    /// tooltips, the end time of the readout.
    pub fn set_curtain(&self, on: bool) {
        if self.curtain.get() != on {
            self.curtain.set(on);
            self.draw();
            // The transport hides (or shows again) what would give the end away.
            self.tell(Follow::Actions);
        }
    }

    /// The time window drawn: the playback's, or while the curtain is up one that grows with
    /// the playhead (0 to a third past it), so the axis's scale does not give the end away.
    fn view_shown(&self, pb: &Playback) -> crate::timeline::View {
        if self.curtain.get() {
            crate::timeline::View {
                t0: 0,
                t1: (pb.t + pb.t / 3).max(1_000_000),
            }
        } else {
            pb.view
        }
    }

    /// Whether the run after the playhead is hidden.
    pub fn curtained(&self) -> bool {
        self.curtain.get()
    }

    /// Sets what to tell, as the pointer moves over the timeline, which thread's span is under
    /// it (a thread lane, or the thread a core runs or a GIL's holder) and when; `None` when
    /// there is none or the pointer left.
    pub fn on_hover(&self, cb: Option<HoverCallback>) {
        *self.hover_to.borrow_mut() = cb;
    }

    fn tell_hover(&self, at: Option<(u32, u64)>) {
        let cb = self.hover_to.borrow().clone();
        if let Some(cb) = cb {
            cb.emit(at);
        }
    }

    /// The moment shown (playhead, window, speed), as a link names it.
    pub fn at(&self) -> PlaybackAt {
        self.playback.borrow().at()
    }

    /// Sets what to call after each user action that changes something, and when playback
    /// stops by itself at the end (not after other frames, loads or restores).
    pub fn on_settle(&self, cb: Option<Callback<()>>) {
        *self.settle.borrow_mut() = cb;
    }

    pub fn run(&self) -> Rc<ModelRun> {
        self.playback.borrow().run.clone()
    }

    pub fn shown(&self) -> Shown {
        let pb = self.playback.borrow();
        Shown {
            t: pb.t,
            end: pb.end(),
            playing: pb.playing,
            speed: pb.speed,
            generation: pb.generation,
            curtain: self.curtain.get(),
        }
    }

    /// Applies a playback action: redraws, starts or stops the animation, tells watchers.
    pub fn dispatch(self: &Rc<Self>, action: Action) {
        let frame_ts = match action {
            Action::Frame { ts, .. } => Some(ts),
            _ => None,
        };
        if matches!(action, Action::Load { .. }) {
            self.painter.borrow_mut().invalidate();
        }
        let by_user = !matches!(
            action,
            Action::Frame { .. } | Action::Load { .. } | Action::Restore(_)
        );
        let was_playing = self.playback.borrow().playing;
        let outcome = self.playback.borrow_mut().apply(action);
        if outcome.redraw {
            self.draw();
        }
        if !self.playback.borrow().playing {
            self.raf.borrow_mut().take();
        } else if frame_ts.is_some() || self.raf.borrow().is_none() {
            let me = self.clone();
            let handle = request_animation_frame(move |ts| {
                let reduced = dom::media("(prefers-reduced-motion: reduce)");
                me.dispatch(Action::Frame { ts, reduced })
            });
            *self.raf.borrow_mut() = Some(handle);
        }
        match (outcome.tell, frame_ts) {
            (Tell::Everyone, _) => self.tell(Follow::Actions),
            (Tell::Live, Some(ts)) if ts - self.last_live.get() > LIVE_EVERY_MS => {
                self.last_live.set(ts);
                self.tell(Follow::Frames);
            }
            _ => {}
        }
        let changed = outcome.redraw || outcome.tell != Tell::Nobody;
        // A user's change, or playback that stopped by itself at the end.
        let stopped = was_playing && !self.playback.borrow().playing;
        if (by_user && changed) || stopped {
            let cb = self.settle.borrow().clone();
            if let Some(cb) = cb {
                cb.emit(());
            }
        }
    }

    /// Shows another run (unless it is already shown).
    pub fn load(self: &Rc<Self>, run: Rc<ModelRun>, keep_time: bool) {
        if !Rc::ptr_eq(&self.playback.borrow().run, &run) {
            self.dispatch(Action::Load { run, keep_time });
        }
    }

    /// Outlines what a glossary term names.
    pub fn set_highlight(&self, h: Highlight) {
        self.highlight.set(h);
        self.draw();
    }

    /// Paints the current frame and moves the playhead readouts (no Yew involved).
    pub fn draw(&self) {
        let Some(canvas) = self.canvas.cast::<HtmlCanvasElement>() else {
            return;
        };
        let pb = self.playback.borrow();
        let curtain = self.curtain.get();
        let scene = Scene {
            curtain,
            trace: &pb.run.trace,
            rows: &pb.run.rows,
            view: self.view_shown(&pb),
            highlight: self.highlight.get(),
        };
        self.painter.borrow_mut().paint(&canvas, &scene, Some(pb.t));
        // The visible window, for tests and tools (written only when it moves).
        let window = format!("{} {}", scene.view.t0, scene.view.t1);
        if canvas.get_attribute("data-window").as_deref() != Some(window.as_str()) {
            let _ = canvas.set_attribute("data-window", &window);
        }
        if let Some(out) = self.time_out.cast::<HtmlElement>() {
            let end = if curtain {
                "?".to_string()
            } else {
                fmt_ns(pb.end())
            };
            out.set_text_content(Some(&format!("{} / {end}", fmt_ns(pb.t))));
            let _ = out.set_attribute("data-ns", &pb.t.to_string());
        }
        if let Some(scrub) = self.scrub.cast::<HtmlInputElement>() {
            scrub.set_value(&pb.t.to_string());
        }
    }

    /// Stops the animation (when the screen goes away).
    pub fn stop(self: &Rc<Self>) {
        self.dispatch(Action::Pause);
    }

    /// Calls `cb` with what is shown after changes it follows; returns an id for `unwatch`.
    pub fn watch(&self, follow: Follow, cb: Callback<Shown>) -> usize {
        self.watchers.add(follow, cb)
    }

    pub fn unwatch(&self, id: usize) {
        self.watchers.remove(id);
    }

    fn tell(&self, what: Follow) {
        self.watchers.tell(what, self.shown());
    }

    fn width(&self) -> f64 {
        self.canvas
            .cast::<HtmlCanvasElement>()
            .map(|c| dom::parent_width(&c, 400.0))
            .unwrap_or(1000.0)
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
        let (Some(tip), Some((x, y))) = (self.tooltip.cast::<HtmlElement>(), self.plot_point(e))
        else {
            return;
        };
        let width = self.width();
        let (text, under) = {
            let pb = self.playback.borrow();
            let curtain = self.curtain.get();
            let at =
                hit(&pb.run.rows, &pb.view, width, x, y).filter(|&(_, t)| !curtain || t <= pb.t);
            let under = at.and_then(|(lane, t)| match lane {
                gil_sim::Lane::Thread(th) => Some((th, t)),
                other => pb.run.trace.lane_at(other, t)?.thread.map(|th| (th, t)),
            });
            (
                at.and_then(|(lane, t)| tooltip(&pb.run.trace, lane, t)),
                under,
            )
        };
        self.tell_hover(under);
        let style = tip.style();
        match text {
            Some(text) => {
                tip.set_text_content(Some(&text));
                let (left, top) = tooltip_place(x, y, width, 16.0);
                let _ = style.set_property("left", &format!("{left}px"));
                let _ = style.set_property("top", &format!("{top}px"));
                let _ = style.set_property("display", "block");
            }
            None => {
                let _ = style.set_property("display", "none");
            }
        }
    }
}

/// Draws the stage once mounted, redraws it on resize, and stops it when unmounted.
#[hook]
pub fn use_stage(stage: &Rc<Stage>) {
    let stage = stage.clone();
    use_effect_with((), move |_| {
        stage.draw();
        let resize = web_sys::window().map(|w| {
            let stage = stage.clone();
            EventListener::new(&w, "resize", move |_| stage.draw())
        });
        move || {
            drop(resize);
            stage.stop();
        }
    });
}

/// What the stage shows, kept up to date as `follow` says.
#[hook]
pub fn use_shown(stage: &Rc<Stage>, follow: Follow) -> Shown {
    let shown = use_state_eq(|| stage.shown());
    {
        let (stage, shown) = (stage.clone(), shown.clone());
        use_effect_with(follow, move |follow| {
            let id = stage.watch(*follow, Callback::from(move |s| shown.set(s)));
            move || stage.unwatch(id)
        });
    }
    *shown
}

#[derive(Properties)]
pub struct StageProps {
    pub stage: Rc<Stage>,
    /// The run shown (for the canvas's data attributes).
    pub run: Rc<ModelRun>,
}

impl PartialEq for StageProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.stage, &other.stage) && Rc::ptr_eq(&self.run, &other.run)
    }
}

/// The timeline canvas with its tooltip: hover to read a lane, drag to pan, Ctrl+wheel to
/// zoom, Shift+wheel to pan.
#[function_component(StageCanvas)]
pub fn stage_canvas(props: &StageProps) -> Html {
    let stage = &props.stage;
    let on_move = {
        let stage = stage.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some((x, _)) = stage.plot_point(&e) {
                let plot_w = plot_width(stage.width());
                stage.dispatch(Action::DragTo { x, plot_w });
            }
            stage.hover(&e);
        })
    };
    let on_down = {
        let stage = stage.clone();
        Callback::from(move |e: MouseEvent| match stage.plot_point(&e) {
            Some((x, _)) => stage.dispatch(Action::DragStart(x)),
            None => stage.dispatch(Action::DragEnd),
        })
    };
    let on_up = {
        let stage = stage.clone();
        Callback::from(move |_: MouseEvent| stage.dispatch(Action::DragEnd))
    };
    let on_leave = {
        let stage = stage.clone();
        Callback::from(move |_: MouseEvent| {
            stage.dispatch(Action::DragEnd);
            stage.tell_hover(None);
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
            let view = stage.playback.borrow().view;
            if e.ctrl_key() {
                let anchor = view.t_of(x, plot_width(stage.width()));
                let factor = if e.delta_y() < 0.0 { 0.8 } else { 1.25 };
                stage.dispatch(Action::Zoom {
                    factor,
                    anchor: Some(anchor),
                });
            } else {
                let dt = (e.delta_y().signum() * view.span() as f64 * 0.1) as i64;
                stage.dispatch(Action::Pan(dt));
            }
        })
    };
    let trace = &props.run.trace;
    let g = Geometry::of(&props.run.rows);
    html! {
        <div class="timeline-wrap">
            <canvas ref={stage.canvas.clone()} data-testid="timeline" class="timeline"
                    data-spans={trace.span_count().to_string()} data-threads={trace.threads.len().to_string()}
                    data-axis-h={g.axis_h} data-header-h={g.header_h} data-lane-h={g.lane_h}
                    data-label-w={g.label_w} data-rows={g.rows}
                    role="img" aria-label="Timeline of cores, threads and GIL lanes; the live state panel below describes the playhead in words."
                    onmousemove={on_move} onmousedown={on_down} onmouseup={on_up}
                    onmouseleave={on_leave} onwheel={on_wheel}></canvas>
            <div class="tooltip" ref={stage.tooltip.clone()} data-testid="tooltip" role="tooltip"></div>
        </div>
    }
}
