//! Tests of the playback reducer.

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
