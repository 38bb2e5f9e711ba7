//! Playback as a pure reducer: the playhead, play and pause, stepping event by event, seeking,
//! speed, the visible window (zoom, pan, drag, follow), animation frames, the end of the trace,
//! loading another run, and going back to a moment a link names. No DOM here:
//! [`super::stage`] applies these to the canvas.

use super::run::ModelRun;
use crate::timeline::View;
use std::rc::Rc;
use yew::Reducible;

/// Playback speeds, in simulated time per real time.
pub const SPEEDS: [f64; 12] = [
    0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0, 100.0,
];

/// With reduced motion, playback advances at most this often (ms of real time).
pub const REDUCED_MOTION_STEP_MS: f64 = 500.0;

/// The default speed for a trace: about 20 s of real time for the whole run.
pub fn default_speed(end_ns: u64) -> f64 {
    nearest_speed((end_ns as f64 / 20e9).max(1e-9))
}

/// The speed in [`SPEEDS`] nearest to `speed` (on a log scale).
pub fn nearest_speed(speed: f64) -> f64 {
    let want = if speed.is_finite() && speed > 0.0 {
        speed.ln()
    } else {
        0.0
    };
    SPEEDS
        .iter()
        .copied()
        .min_by(|a, b| (a.ln() - want).abs().total_cmp(&(b.ln() - want).abs()))
        .unwrap_or(1.0)
}

/// A moment of playback as a link names it: the playhead, the visible window (`None`: the
/// whole run) and the speed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlaybackAt {
    pub t: u64,
    pub window: Option<View>,
    pub speed: f64,
}

/// Where the playhead is, whether it moves, how fast, and which window of time is shown.
#[derive(Clone)]
pub struct Playback {
    pub run: Rc<ModelRun>,
    /// The playhead, ns.
    pub t: u64,
    pub playing: bool,
    /// Simulated time per real time.
    pub speed: f64,
    pub view: View,
    /// Counts loaded runs, so watchers see a new run even at the same playhead.
    pub generation: u32,
    /// The time stamp of the last animation frame that moved the playhead.
    last_ts: Option<f64>,
    /// Where a drag of the timeline is, CSS pixels.
    drag_x: Option<f64>,
}

/// One thing that happens to playback.
pub enum Action {
    Toggle,
    Pause,
    /// Moves the playhead to a time (clamped to the trace), keeping it in view.
    Seek(u64),
    /// Pauses and moves to the next (or previous) event.
    Step {
        forward: bool,
    },
    Faster,
    Slower,
    /// Zooms by a factor (< 1 zooms in) around a time (the playhead if `None`).
    Zoom {
        factor: f64,
        anchor: Option<u64>,
    },
    /// Shows the whole trace.
    Fit,
    /// Moves the window by ns (negative: earlier).
    Pan(i64),
    DragStart(f64),
    /// The pointer moved to `x` over a plot `plot_w` wide: pans if a drag is on.
    DragTo {
        x: f64,
        plot_w: f64,
    },
    DragEnd,
    /// An animation frame at time stamp `ts` (ms); `reduced`: the user prefers reduced motion.
    Frame {
        ts: f64,
        reduced: bool,
    },
    /// Shows another run: keeps the playhead (clamped) and speed if `keep_time`, else starts
    /// over at the new run's default speed. Pauses.
    Load {
        run: Rc<ModelRun>,
        keep_time: bool,
    },
    /// Goes to a moment (clamped to the trace; the speed snapped to [`SPEEDS`]). Pauses.
    Restore(PlaybackAt),
}

/// Whom to tell about a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tell {
    Nobody,
    /// Only what follows the playhead while playing (the live panel), throttled.
    Live,
    Everyone,
}

/// What an action did: whether the canvas must be redrawn, and whom to tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub redraw: bool,
    pub tell: Tell,
}

const NOTHING: Outcome = Outcome {
    redraw: false,
    tell: Tell::Nobody,
};
const REDRAW: Outcome = Outcome {
    redraw: true,
    tell: Tell::Nobody,
};
const TELL: Outcome = Outcome {
    redraw: false,
    tell: Tell::Everyone,
};
const BOTH: Outcome = Outcome {
    redraw: true,
    tell: Tell::Everyone,
};

impl Playback {
    /// A run at its start, paused, at its default speed, showing all of it.
    pub fn new(run: Rc<ModelRun>) -> Playback {
        let end = run.trace.end_ns();
        Playback {
            run,
            t: 0,
            playing: false,
            speed: default_speed(end),
            view: View::fit(end),
            generation: 0,
            last_ts: None,
            drag_x: None,
        }
    }

    pub fn end(&self) -> u64 {
        self.run.trace.end_ns()
    }

    /// Applies an action and says what it changed.
    pub fn apply(&mut self, action: Action) -> Outcome {
        let end = self.end();
        match action {
            Action::Toggle if self.playing => {
                self.pause();
                TELL
            }
            Action::Toggle => {
                if self.t >= end {
                    self.t = 0;
                }
                self.playing = true;
                self.last_ts = None;
                TELL
            }
            Action::Pause => {
                self.pause();
                NOTHING
            }
            Action::Seek(t) => {
                self.seek(t);
                BOTH
            }
            Action::Step { forward } => {
                self.pause();
                let trace = &self.run.trace;
                let next = if forward {
                    trace
                        .next_event_after(self.t)
                        .map(|e| e.t_ns)
                        .unwrap_or(end)
                } else {
                    trace.prev_event_before(self.t).map(|e| e.t_ns).unwrap_or(0)
                };
                self.seek(next);
                BOTH
            }
            Action::Faster | Action::Slower => {
                let i = SPEEDS
                    .iter()
                    .position(|&s| s >= self.speed)
                    .unwrap_or(SPEEDS.len() - 1);
                let j = if matches!(action, Action::Faster) {
                    (i + 1).min(SPEEDS.len() - 1)
                } else {
                    i.saturating_sub(1)
                };
                self.speed = SPEEDS[j];
                TELL
            }
            Action::Zoom { factor, anchor } => {
                self.view = self.view.zoom(factor, anchor.unwrap_or(self.t), end);
                REDRAW
            }
            Action::Fit => {
                self.view = View::fit(end);
                REDRAW
            }
            Action::Pan(dt) => {
                self.view = self.view.pan(dt, end);
                REDRAW
            }
            Action::DragStart(x) => {
                self.drag_x = Some(x);
                NOTHING
            }
            Action::DragTo { x, plot_w } => match self.drag_x {
                Some(x0) => {
                    self.view = self.view.drag(x - x0, plot_w, end);
                    self.drag_x = Some(x);
                    REDRAW
                }
                None => NOTHING,
            },
            Action::DragEnd => {
                self.drag_x = None;
                NOTHING
            }
            Action::Frame { ts, reduced } => self.frame(ts, reduced, end),
            Action::Load { run, keep_time } => {
                let end = run.trace.end_ns();
                self.pause();
                self.t = if keep_time { self.t.min(end) } else { 0 };
                self.view = View::fit(end);
                if !keep_time {
                    self.speed = default_speed(end);
                }
                self.run = run;
                self.generation = self.generation.wrapping_add(1);
                BOTH
            }
            Action::Restore(at) => {
                self.pause();
                self.t = at.t.min(end);
                self.view = match at.window {
                    // Never narrower than zooming allows (1 µs).
                    Some(w) if w.t0 < w.t1 => View {
                        t0: w.t0,
                        t1: w.t1.max(w.t0.saturating_add(1_000)),
                    }
                    .clamped(end),
                    _ => View::fit(end),
                };
                self.speed = nearest_speed(at.speed);
                BOTH
            }
        }
    }

    /// The moment shown, as a link names it (`window` is `None` when the whole run shows).
    pub fn at(&self) -> PlaybackAt {
        PlaybackAt {
            t: self.t,
            window: (self.view != View::fit(self.end())).then_some(self.view),
            speed: self.speed,
        }
    }

    fn pause(&mut self) {
        self.playing = false;
        self.last_ts = None;
    }

    fn seek(&mut self, t: u64) {
        let end = self.end();
        self.t = t.min(end);
        self.view = self.view.follow(self.t, end);
    }

    /// Advances simulated time by real time × speed (in half-second steps with reduced
    /// motion), keeps the playhead in view, and stops at the end.
    fn frame(&mut self, ts: f64, reduced: bool, end: u64) -> Outcome {
        if !self.playing {
            return NOTHING;
        }
        let dt_ms = self.last_ts.map(|l| (ts - l).max(0.0)).unwrap_or(0.0);
        if reduced && self.last_ts.is_some() && dt_ms < REDUCED_MOTION_STEP_MS {
            return NOTHING;
        }
        self.last_ts = Some(ts);
        let advance = (dt_ms * 1e6 * self.speed) as u64;
        self.t = self.t.saturating_add(advance).min(end);
        self.view = self.view.follow(self.t, end);
        if self.t >= end {
            self.pause();
            BOTH
        } else {
            Outcome {
                redraw: true,
                tell: Tell::Live,
            }
        }
    }
}

impl Reducible for Playback {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
#[path = "playback_tests.rs"]
mod tests;
