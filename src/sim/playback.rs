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
mod tests {
    use super::*;

    fn run(name: &str) -> Rc<ModelRun> {
        let p = gil_sim::presets::all()
            .into_iter()
            .find(|p| p.name == name)
            .expect("preset");
        Rc::new(ModelRun::new(p.scenario).expect("it runs"))
    }

    fn playback() -> Playback {
        Playback::new(run(gil_sim::presets::DEFAULT))
    }

    #[test]
    fn a_new_run_starts_paused_at_zero_showing_everything() {
        let pb = playback();
        assert_eq!((pb.t, pb.playing), (0, false));
        assert_eq!(pb.view, View::fit(pb.end()));
        assert_eq!(pb.speed, default_speed(pb.end()));
        assert!(SPEEDS.contains(&pb.speed));
    }

    #[test]
    fn the_default_speed_plays_a_run_in_about_twenty_seconds() {
        assert_eq!(default_speed(20_000_000_000), 1.0);
        assert_eq!(default_speed(200_000_000), 0.01);
        assert_eq!(default_speed(u64::MAX), 100.0);
        assert_eq!(default_speed(0), 0.01);
    }

    #[test]
    fn toggle_plays_and_pauses_and_restarts_from_the_end() {
        let mut pb = playback();
        assert_eq!(pb.apply(Action::Toggle), TELL);
        assert!(pb.playing);
        pb.apply(Action::Toggle);
        assert!(!pb.playing);
        pb.apply(Action::Seek(u64::MAX));
        assert_eq!(pb.t, pb.end(), "seeking is clamped to the end");
        pb.apply(Action::Toggle);
        assert_eq!((pb.t, pb.playing), (0, true), "play at the end starts over");
    }

    #[test]
    fn steps_go_event_by_event_and_pause() {
        let mut pb = playback();
        pb.apply(Action::Toggle);
        assert_eq!(pb.apply(Action::Step { forward: true }), BOTH);
        assert!(!pb.playing, "stepping pauses");
        let a = pb.t;
        pb.apply(Action::Step { forward: true });
        let b = pb.t;
        assert!(0 < a && a < b, "{a} < {b}");
        assert_eq!(Some(a), pb.run.trace.next_event_after(0).map(|e| e.t_ns));
        pb.apply(Action::Step { forward: false });
        assert_eq!(pb.t, a);
        pb.apply(Action::Seek(0));
        pb.apply(Action::Step { forward: false });
        assert_eq!(pb.t, 0, "no event before the start");
        pb.apply(Action::Seek(u64::MAX));
        pb.apply(Action::Step { forward: true });
        assert_eq!(pb.t, pb.end(), "no event after the end");
    }

    #[test]
    fn seeking_outside_the_window_pages_it_to_the_playhead() {
        let mut pb = playback();
        pb.apply(Action::Zoom {
            factor: 0.1,
            anchor: Some(0),
        });
        let end = pb.end();
        assert_eq!(pb.apply(Action::Seek(end / 2)), BOTH);
        assert!(pb.view.t0 <= end / 2 && end / 2 <= pb.view.t1);
        assert_eq!(pb.view.span(), View::fit(end).zoom(0.1, 0, end).span());
    }

    #[test]
    fn speed_moves_along_the_ladder_and_stops_at_its_ends() {
        let mut pb = playback();
        pb.speed = 1.0;
        pb.apply(Action::Faster);
        assert_eq!(pb.speed, 2.0);
        pb.apply(Action::Slower);
        pb.apply(Action::Slower);
        assert_eq!(pb.speed, 0.5);
        for _ in 0..20 {
            pb.apply(Action::Faster);
        }
        assert_eq!(pb.speed, 100.0);
        for _ in 0..20 {
            pb.apply(Action::Slower);
        }
        assert_eq!(pb.speed, 0.01);
    }

    #[test]
    fn frames_advance_by_real_time_times_speed_and_stop_at_the_end() {
        let mut pb = playback();
        pb.speed = 0.01;
        assert_eq!(
            pb.apply(Action::Frame {
                ts: 0.0,
                reduced: false
            }),
            NOTHING,
            "paused"
        );
        pb.apply(Action::Toggle);
        let first = pb.apply(Action::Frame {
            ts: 1000.0,
            reduced: false,
        });
        assert_eq!(first.tell, Tell::Live);
        assert_eq!(pb.t, 0, "the first frame only notes the time");
        pb.apply(Action::Frame {
            ts: 1100.0,
            reduced: false,
        });
        assert_eq!(pb.t, 1_000_000, "100 ms at 0.01× is 1 ms");
        let last = pb.apply(Action::Frame {
            ts: 1e12,
            reduced: false,
        });
        assert_eq!(last, BOTH);
        assert_eq!((pb.t, pb.playing), (pb.end(), false), "stops at the end");
    }

    #[test]
    fn reduced_motion_moves_in_half_second_steps() {
        let mut pb = playback();
        pb.speed = 0.01;
        pb.apply(Action::Toggle);
        pb.apply(Action::Frame {
            ts: 0.0,
            reduced: true,
        });
        assert_eq!(
            pb.apply(Action::Frame {
                ts: 100.0,
                reduced: true
            }),
            NOTHING
        );
        assert_eq!(pb.t, 0);
        pb.apply(Action::Frame {
            ts: 500.0,
            reduced: true,
        });
        assert_eq!(pb.t, 5_000_000, "one step of 500 ms at 0.01×");
    }

    #[test]
    fn zoom_pan_drag_and_fit_move_the_window_only() {
        let mut pb = playback();
        let end = pb.end();
        assert_eq!(
            pb.apply(Action::Zoom {
                factor: 0.5,
                anchor: None
            }),
            REDRAW
        );
        assert_eq!(pb.view, View::fit(end).zoom(0.5, 0, end));
        pb.apply(Action::Pan(1_000));
        assert_eq!(pb.view.t0, 1_000);
        assert_eq!(
            pb.apply(Action::DragTo {
                x: 50.0,
                plot_w: 500.0
            }),
            NOTHING,
            "no drag on"
        );
        pb.apply(Action::DragStart(100.0));
        pb.apply(Action::DragTo {
            x: 90.0,
            plot_w: 500.0,
        });
        let dragged = View {
            t0: 1_000,
            t1: 1_000 + pb.view.span(),
        }
        .drag(-10.0, 500.0, end);
        assert_eq!(pb.view, dragged);
        pb.apply(Action::DragEnd);
        assert_eq!(
            pb.apply(Action::DragTo {
                x: 0.0,
                plot_w: 500.0
            }),
            NOTHING
        );
        pb.apply(Action::Fit);
        assert_eq!(pb.view, View::fit(end));
        assert_eq!(pb.t, 0, "the playhead never moved");
    }

    #[test]
    fn loading_a_run_keeps_the_time_for_a_parameter_change_and_not_for_a_lesson() {
        let mut pb = playback();
        pb.apply(Action::Seek(5_000_000));
        pb.apply(Action::Faster);
        let speed = pb.speed;
        pb.apply(Action::Toggle);
        let same = run(gil_sim::presets::DEFAULT);
        assert_eq!(
            pb.apply(Action::Load {
                run: same,
                keep_time: true
            }),
            BOTH
        );
        assert_eq!((pb.t, pb.playing, pb.speed), (5_000_000, false, speed));
        assert_eq!(pb.generation, 1);
        let other = gil_sim::presets::all()
            .into_iter()
            .find(|p| p.name != gil_sim::presets::DEFAULT)
            .unwrap();
        let other = Rc::new(ModelRun::new(other.scenario).unwrap());
        let end = other.trace.end_ns();
        pb.apply(Action::Load {
            run: other,
            keep_time: false,
        });
        assert_eq!(
            (pb.t, pb.speed, pb.view),
            (0, default_speed(end), View::fit(end))
        );
    }

    #[test]
    fn a_moment_restores_clamped_and_reads_back() {
        let mut pb = playback();
        let end = pb.end();
        let at = PlaybackAt {
            t: end / 3,
            window: Some(View {
                t0: end / 4,
                t1: end / 2,
            }),
            speed: 0.05,
        };
        pb.apply(Action::Toggle);
        assert_eq!(pb.apply(Action::Restore(at)), BOTH);
        assert!(!pb.playing);
        assert_eq!(pb.at(), at);
        // Past the end, an empty window and an odd speed: clamped, the whole run, snapped.
        pb.apply(Action::Restore(PlaybackAt {
            t: u64::MAX,
            window: Some(View { t0: 7, t1: 7 }),
            speed: 0.03,
        }));
        assert_eq!(pb.t, end);
        assert_eq!(pb.view, View::fit(end));
        assert_eq!(pb.at().window, None);
        assert_eq!(pb.speed, 0.02);
        pb.apply(Action::Restore(PlaybackAt {
            t: 0,
            window: Some(View { t0: 5, t1: 6 }),
            speed: 1.0,
        }));
        assert_eq!(pb.view.span(), 1_000, "never narrower than 1 µs");
        for bad in [f64::NAN, -1.0, 0.0, f64::INFINITY] {
            pb.apply(Action::Restore(PlaybackAt {
                t: 0,
                window: None,
                speed: bad,
            }));
            assert!(SPEEDS.contains(&pb.speed), "{bad}: {}", pb.speed);
        }
    }

    #[test]
    fn it_is_a_yew_reducer() {
        let pb = Rc::new(playback());
        let next = pb.reduce(Action::Step { forward: true });
        assert!(next.t > 0);
    }
}
