//! Turns a [`Measurement`] into a `gil_sim::Trace`, so that the simulator's timeline can draw
//! real `performance.now()` stamps: thread lanes, the GIL lane with its holding periods and
//! forced switches, and a start-up span for each "process" worker. Pure: no browser calls.

use super::measured::{Measurement, Place, SWITCH_INTERVAL_NS};
use gil_sim::trace::{GilInfo, ProcessInfo, ThreadInfo};
use gil_sim::{Event, EventKind, Spans, State, Trace};
use gil_work::{ChunkStamp, DropReason, GilTrace, Strategy};

impl Measurement {
    /// The measured timeline as a `gil-sim` trace. Time 0 is the start of the run.
    pub fn trace(&self) -> Trace {
        build_trace(self)
    }
}

/// A lane under construction. `gil_sim::Spans::push` keeps it contiguous: overlaps are
/// clipped, equal neighbours merge, and a gap between measured spans becomes an "idle" span
/// (the worker was between chunks).
struct LaneBuf {
    spans: Spans,
}

impl LaneBuf {
    fn new() -> LaneBuf {
        LaneBuf {
            spans: Spans::new(),
        }
    }

    fn push(&mut self, a: u64, b: u64, state: State, thread: Option<u32>) {
        self.spans.push(a, b, state, thread, None);
    }

    fn end(&self) -> u64 {
        self.spans.end_ns()
    }
}

/// Chunk spans closer than this are drawn as one running bar (the gap is bookkeeping).
const MERGE_GAP_NS: u64 = 200_000;

fn build_trace(m: &Measurement) -> Trace {
    let r = &m.run;
    let rel = |t: u64| t.saturating_sub(r.start_ns);
    // Trace times are capped at MAX_TRACE_NS (73 minutes); clamp the end with them.
    let end = m.elapsed_ns().clamp(1, gil_sim::trace::MAX_TRACE_NS);
    let workers = r.workers.max(1);
    let mut threads = Vec::new();
    let mut processes = Vec::new();
    let mut thread_spans = Vec::new();
    let mut gil_spans = Vec::new();
    let mut gils = Vec::new();
    let mut events: Vec<Event> = Vec::new();

    let chunk_lane = |w: u32, lane: &mut LaneBuf| {
        let mut mine: Vec<&ChunkStamp> = r.chunks.iter().filter(|c| c.worker == w).collect();
        mine.sort_by_key(|c| c.start_ns);
        for c in mine {
            let (a, b) = (rel(c.start_ns), rel(c.end_ns));
            let a = if a.saturating_sub(lane.end()) < MERGE_GAP_NS && lane.end() > 0 {
                lane.end()
            } else {
                a
            };
            lane.push(a, b, State::Running, None);
        }
        let last = lane.end();
        if last > 0 {
            lane.push(last, end, State::Done, None);
        }
    };

    match r.mode {
        Strategy::Sequential | Strategy::Threads => {
            let name = match (r.mode, m.place) {
                (Strategy::Sequential, Place::SeparateWorker) => "one separate worker",
                (Strategy::Sequential, Place::PoolThread) => "this page: one thread",
                _ => "this page: threads sharing one memory",
            };
            processes.push(ProcessInfo {
                name: name.into(),
                threads: (0..workers).collect(),
                gils: Vec::new(),
                start_ns: Some(0),
                end_ns: Some(end),
            });
            for w in 0..workers {
                threads.push(thread_info(format!("worker {}", w + 1), 0, None));
                let mut lane = LaneBuf::new();
                chunk_lane(w, &mut lane);
                thread_spans.push(lane.spans);
            }
        }
        Strategy::Gil => {
            processes.push(ProcessInfo {
                name: "this page: threads sharing one GIL".into(),
                threads: (0..workers).collect(),
                gils: vec![0],
                start_ns: Some(0),
                end_ns: Some(end),
            });
            gils.push(GilInfo {
                process: 0,
                interpreter: 0,
            });
            let empty = GilTrace {
                interval_ns: SWITCH_INTERVAL_NS,
                holds: Vec::new(),
                handoffs: Vec::new(),
                drop_requests: 0,
                switches: 0,
                forced_switch_waits: 0,
            };
            let g = r.gil.as_ref().unwrap_or(&empty);
            for w in 0..workers {
                threads.push(thread_info(format!("worker {}", w + 1), 0, Some(0)));
                let mut lane = LaneBuf::new();
                for h in g.holds.iter().filter(|h| h.holder == w) {
                    let (a, b) = (rel(h.start_ns), rel(h.end_ns));
                    lane.push(lane.end(), a, State::WaitingGil, None);
                    lane.push(a, b, State::Running, None);
                }
                let last = lane.end();
                lane.push(last, end, State::Done, None);
                thread_spans.push(lane.spans);
            }
            let mut lane = LaneBuf::new();
            for h in &g.holds {
                let (a, b) = (rel(h.start_ns), rel(h.end_ns));
                lane.push(lane.end(), a, State::Free, None);
                lane.push(a, b, State::Held, Some(h.holder));
                if h.reason == DropReason::DropRequest {
                    events.push(Event {
                        t_ns: b,
                        kind: EventKind::GilForcedSwitch,
                        thread: Some(h.holder),
                        process: Some(0),
                        gil: Some(0),
                        other: None,
                    });
                }
            }
            let last = lane.end();
            lane.push(last, end, State::Free, None);
            gil_spans.push(lane.spans);
        }
        Strategy::Processes => {
            for w in 0..workers {
                processes.push(ProcessInfo {
                    name: format!("worker process {} (its own memory)", w + 1),
                    threads: vec![w],
                    gils: Vec::new(),
                    start_ns: Some(0),
                    end_ns: Some(end),
                });
                threads.push(thread_info("main thread".into(), w, None));
                let mut lane = LaneBuf::new();
                if let Some(s) = m.starts.iter().find(|s| s.worker == w) {
                    lane.push(rel(s.spawn_ns), rel(s.ready_ns), State::Starting, None);
                }
                chunk_lane(w, &mut lane);
                thread_spans.push(lane.spans);
            }
        }
    }
    events.sort_by_key(|e| e.t_ns);
    Trace {
        end_ns: end,
        wall_ns: end,
        cores: 0,
        processes,
        threads,
        gils,
        core_spans: Vec::new(),
        thread_spans,
        gil_spans,
        events: events.into_iter().collect(),
        engine_events: 0,
        steps: Vec::new(),
    }
}

fn thread_info(name: String, process: u32, gil: Option<u32>) -> ThreadInfo {
    ThreadInfo {
        name,
        process,
        gil,
        daemon: false,
        work_ns: 0,
        overhead_ns: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::measured::ProcessStart;
    use crate::lab::measured::fixtures::{measured, stamp};
    use gil_sim::{Lane, Span};
    use gil_work::GilHold;

    fn well_formed(t: &Trace) {
        for lane in t.lanes() {
            let spans: Vec<Span> = t.lane(lane).iter().collect();
            for w in spans.windows(2) {
                assert!(w[0].end_ns <= w[1].start_ns, "{lane:?} overlaps: {w:?}");
            }
            for s in spans {
                assert!(
                    s.start_ns < s.end_ns && s.end_ns <= t.end_ns,
                    "{lane:?} {s:?}"
                );
            }
        }
        let times: Vec<u64> = t.events.iter().map(|e| e.t_ns).collect();
        assert!(times.is_sorted());
    }

    #[test]
    fn threads_trace_has_one_running_lane_per_worker() {
        let m = measured(
            Strategy::Threads,
            2,
            vec![
                stamp(0, 0, 1_000_000, 3_000_000),
                stamp(1, 1, 1_100_000, 3_500_000),
                stamp(0, 2, 3_005_000, 6_000_000),
                stamp(1, 3, 3_800_000, 7_000_000),
            ],
        );
        let t = m.trace();
        well_formed(&t);
        assert_eq!(t.end_ns, 10_000_000);
        assert_eq!(t.threads.len(), 2);
        // Worker 1: chunks 0 and 2 merge (5 µs gap), then done until the end.
        let w0: Vec<Span> = t.lane(Lane::Thread(0)).iter().collect();
        assert_eq!(w0.len(), 2);
        assert_eq!(
            (w0[0].start_ns, w0[0].end_ns, w0[0].state),
            (0, 5_000_000, State::Running)
        );
        assert_eq!((w0[1].end_ns, w0[1].state), (10_000_000, State::Done));
        // Worker 2: chunks 1 and 3 stay apart (the 300 µs gap shows as idle).
        let w1: Vec<(u64, u64, State)> = t
            .lane(Lane::Thread(1))
            .iter()
            .map(|s| (s.start_ns, s.end_ns, s.state))
            .collect();
        assert_eq!(
            w1,
            [
                (100_000, 2_500_000, State::Running),
                (2_500_000, 2_800_000, State::Idle),
                (2_800_000, 6_000_000, State::Running),
                (6_000_000, 10_000_000, State::Done)
            ]
        );
        assert!(t.gils.is_empty());
    }

    #[test]
    fn gil_trace_alternates_running_and_waiting_and_marks_forced_switches() {
        let hold = |holder, a, b, reason| GilHold {
            holder,
            start_ns: a,
            end_ns: b,
            reason,
        };
        let mut m = measured(Strategy::Gil, 2, vec![]);
        m.run.gil = Some(GilTrace {
            interval_ns: SWITCH_INTERVAL_NS,
            holds: vec![
                hold(0, 1_000_000, 6_000_000, DropReason::DropRequest),
                hold(1, 6_010_000, 9_000_000, DropReason::Exit),
                hold(0, 9_020_000, 10_500_000, DropReason::Exit),
            ],
            handoffs: Vec::new(),
            drop_requests: 1,
            switches: 2,
            forced_switch_waits: 1,
        });
        let t = m.trace();
        well_formed(&t);
        let states = |l| t.lane(l).iter().map(|s| s.state).collect::<Vec<_>>();
        assert_eq!(
            states(Lane::Thread(0)),
            [
                State::Running,
                State::WaitingGil,
                State::Running,
                State::Done
            ]
        );
        assert_eq!(
            states(Lane::Thread(1)),
            [State::WaitingGil, State::Running, State::Done]
        );
        let gil = t.lane(Lane::Gil(0));
        let held: Vec<_> = gil
            .iter()
            .filter(|s| s.state == State::Held)
            .map(|s| s.thread)
            .collect();
        assert_eq!(held, [Some(0), Some(1), Some(0)]);
        assert_eq!(t.threads[1].gil, Some(0));
        assert_eq!(t.events.len(), 1, "one forced switch");
        assert_eq!(t.events.first().map(|e| e.t_ns), Some(5_000_000));
    }

    #[test]
    fn process_trace_starts_each_worker_then_computes() {
        let mut m = measured(
            Strategy::Processes,
            2,
            vec![
                stamp(0, 0, 4_000_000, 8_000_000),
                stamp(1, 1, 5_000_000, 9_000_000),
            ],
        );
        m.starts = vec![
            ProcessStart {
                worker: 0,
                spawn_ns: 1_000_000,
                ready_ns: 3_900_000,
            },
            ProcessStart {
                worker: 1,
                spawn_ns: 1_200_000,
                ready_ns: 4_900_000,
            },
        ];
        assert_eq!(m.median_start_ns(), Some(3_700_000));
        assert_eq!(
            m.parallel_ns(),
            3_000_000,
            "both computed from 5 ms to 8 ms"
        );
        let one = measured(
            Strategy::Sequential,
            1,
            vec![stamp(0, 0, 0, 5), stamp(0, 1, 5, 9)],
        );
        assert_eq!(
            one.parallel_ns(),
            0,
            "touching chunks of one worker never overlap"
        );
        let t = m.trace();
        well_formed(&t);
        assert_eq!(t.processes.len(), 2);
        let l0: Vec<_> = t.lane(Lane::Thread(0)).iter().map(|s| s.state).collect();
        assert_eq!(l0, [State::Starting, State::Running, State::Done]);
        let seq = m.clone().into_sequential();
        assert_eq!(seq.run.mode, Strategy::Sequential);
        assert_eq!(
            seq.elapsed_ns(),
            5_000_000,
            "computing time only, no start-up"
        );
        assert_eq!(seq.place, Place::SeparateWorker);
    }
}
