//! What is under the pointer on the timeline, and what the tooltip says about it:
//! "T2 waiting for the GIL of P1 since 3.2 ms". A span that knows no core (a measured run)
//! is described without one.

use super::layout::{LABEL_W, LaneRow, RowKind};
use super::names::{gil_name, thread_short};
use super::view::{View, plot_width};
use gil_sim::narrate::fmt_ns;
use gil_sim::{Lane, State, Trace};

/// The lane and time under a point of a canvas `width` CSS pixels wide (point in CSS pixels
/// from its top left), if the point is over a lane.
pub fn hit(rows: &[LaneRow], view: &View, width: f64, x: f64, y: f64) -> Option<(Lane, u64)> {
    if x < LABEL_W {
        return None;
    }
    let row = rows.iter().find(|r| y >= r.y && y < r.y + r.h)?;
    match row.kind {
        RowKind::Lane(lane) => Some((lane, view.t_of(x, plot_width(width)))),
        RowKind::CoresHeader | RowKind::ProcessHeader(_) => None,
    }
}

/// The tooltip text for a lane at a time: "T2 waiting for the GIL of P1 since 3.2 ms",
/// "T1 running on core 0 since 1 ms" (or "T1 running since 1 ms" when the span has no core).
pub fn tooltip(trace: &Trace, lane: Lane, t: u64) -> Option<String> {
    let now = trace.lane_at(lane, t)?;
    let since = fmt_ns(now.since_ns);
    Some(match lane {
        Lane::Thread(th) => match now.state {
            State::WaitingGil => {
                let gil = trace
                    .threads
                    .get(th as usize)
                    .and_then(|i| i.gil)
                    .unwrap_or(0);
                format!(
                    "{} waiting for {} since {since}",
                    thread_short(th),
                    gil_name(trace, gil)
                )
            }
            State::Running => match now.core {
                Some(c) => format!("{} running on core {c} since {since}", thread_short(th)),
                None => format!("{} running since {since}", thread_short(th)),
            },
            other => format!("{} {} since {since}", thread_short(th), other.label()),
        },
        Lane::Core(c) => match now.thread {
            Some(th) if now.state != State::Idle => {
                format!(
                    "Core {c}: {} {} since {since}",
                    now.state.label(),
                    thread_short(th)
                )
            }
            _ => format!("Core {c} idle since {since}"),
        },
        Lane::Gil(g) => match now.thread {
            Some(th) if now.state == State::Held => {
                format!(
                    "{} held by {} since {since}",
                    gil_name(trace, g),
                    thread_short(th)
                )
            }
            _ => format!("{} free since {since}", gil_name(trace, g)),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::default_trace;
    use crate::timeline::layout::{AXIS_H, CoreLanes, HEADER_H, LANE_H, layout};

    #[test]
    fn a_point_over_a_lane_hits_it_and_headers_and_labels_do_not() {
        let trace = default_trace();
        let rows = layout(&trace, CoreLanes::Shown);
        let view = View::fit(1_000_000);
        let width = 1000.0;
        let core0_y = AXIS_H + HEADER_H + LANE_H / 2.0;
        let (lane, t) = hit(&rows, &view, width, LABEL_W, core0_y).expect("core 0");
        assert_eq!((lane, t), (Lane::Core(0), 0));
        let right = LABEL_W + plot_width(width);
        assert_eq!(
            hit(&rows, &view, width, right, core0_y).map(|h| h.1),
            Some(1_000_000)
        );
        assert_eq!(
            hit(&rows, &view, width, LABEL_W - 1.0, core0_y),
            None,
            "the label column"
        );
        assert_eq!(
            hit(&rows, &view, width, 500.0, AXIS_H + 1.0),
            None,
            "the cores header"
        );
        assert_eq!(hit(&rows, &view, width, 500.0, 1.0), None, "the axis");
    }

    #[test]
    fn tooltips_speak_of_threads_cores_and_the_gil() {
        let trace = default_trace();
        let gil = tooltip(&trace, Lane::Gil(0), 0).expect("a GIL lane");
        assert!(gil.starts_with("the GIL of P1 "), "{gil}");
        let t = trace
            .lane(Lane::Thread(0))
            .iter()
            .find(|s| s.state == State::Running);
        let t = t.expect("T1 runs at some point").start_ns;
        let run = tooltip(&trace, Lane::Thread(0), t).expect("T1");
        assert!(run.starts_with("T1 running on core "), "{run}");
    }

    #[test]
    fn a_running_span_without_a_core_is_described_without_one() {
        let mut trace = default_trace();
        let mut lane = gil_sim::Spans::new();
        lane.push(0, 5_000, State::Running, None, None);
        lane.push(5_000, 9_000, State::Done, None, None);
        trace.thread_spans[0] = lane;
        assert_eq!(
            tooltip(&trace, Lane::Thread(0), 1_000).as_deref(),
            Some("T1 running since 0 ns")
        );
    }
}
