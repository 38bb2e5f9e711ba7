//! A recording drawn as a trace: per thread, its recorded steps in the model's states (CPU work
//! running, I/O blocked, `time.sleep` sleeping, joins joining), a chunk of CPU work that took
//! much longer than the thread's usual chunk split into waiting for the GIL then running, other
//! gaps as waiting for the GIL (a lock's wait looks the same: locks are not recorded); per
//! process, the GIL lane rebuilt from the running chunks of its threads (who held it when).
//! No core lanes: a recording does not say which core ran what. The arithmetic saturates, so
//! that a recording built by hand (not read with its checks) draws without overflow.

use super::{RecThread, Recording};
use crate::trace::{Events, GilInfo, MAX_TRACE_NS, ProcessInfo, Spans, State, ThreadInfo, Trace};

/// Gaps between steps up to this long are the thread's own Python (drawn as running).
const OWN_GAP_NS: u64 = 50_000;

/// A thread's lane, and the stretches it ran Python holding the GIL.
struct Lane {
    spans: Spans,
    held: Vec<(u64, u64)>,
}

impl Lane {
    fn push(&mut self, a: u64, b: u64, state: State) {
        if b > a || matches!(state, State::Done | State::Killed) {
            self.spans.push(a, b, state, None, None);
        }
    }

    fn run(&mut self, a: u64, b: u64, holds_gil: bool) {
        self.push(a, b, State::Running);
        if holds_gil && b > a {
            self.held.push((a, b));
        }
    }

    /// A gap: its own Python if short, else waiting (for the GIL, or an event loop's select
    /// while its tasks await).
    fn gap(&mut self, a: u64, b: u64, awaiting: &[(u64, u64)]) {
        if b <= a {
            return;
        }
        if b - a <= OWN_GAP_NS {
            self.run(a, b, true);
        } else if awaiting
            .iter()
            .any(|&(x, y)| x <= a.saturating_add(OWN_GAP_NS) && y.saturating_add(OWN_GAP_NS) >= b)
        {
            self.push(a, b, State::BlockedIo);
        } else {
            self.push(a, b, State::WaitingGil);
        }
    }
}

/// One thread's lane, times relative to `origin`, ending at `end` (its process's end).
fn thread_lane(t: &RecThread, origin: u64, end: u64, is_main: bool) -> Lane {
    let rel = |x: u64| rel_ns(x, origin);
    let mut lane = Lane {
        spans: Spans::new(),
        held: Vec::new(),
    };
    let mut steps: Vec<_> = t.steps.iter().collect();
    steps.sort_by_key(|s| (s.t0(), s.t1()));
    let awaiting: Vec<(u64, u64)> = steps
        .iter()
        .filter(|s| s.kind().starts_with("await_"))
        .map(|s| (rel(s.t0()), rel(s.t1())))
        .collect();
    // The usual length of one chunk of CPU work (the median), to tell waits inside a chunk.
    let mut lens: Vec<u64> = t
        .chunks
        .windows(2)
        .map(|w| w[1].saturating_sub(w[0]))
        .collect();
    lens.sort_unstable();
    let usual = lens.get(lens.len() / 2).copied().unwrap_or(100_000).max(1);
    let mut at = rel(t.start_ns);
    let mut chunk_i = 0;
    for s in steps.iter().filter(|s| !s.kind().starts_with("await_")) {
        let (a, b) = (rel(s.t0()).max(at), rel(s.t1()).max(at));
        lane.gap(at, a, &awaiting);
        match s.kind() {
            "cpu" => {
                let mut prev = a;
                while chunk_i < t.chunks.len() && rel(t.chunks[chunk_i]) <= b {
                    let c = rel(t.chunks[chunk_i]).max(prev);
                    if c - prev > usual.saturating_mul(2).saturating_add(OWN_GAP_NS) {
                        // The chunk took far longer than usual: the thread lost the GIL in it.
                        lane.push(prev, c - usual, State::WaitingGil);
                        lane.run(c - usual, c, true);
                    } else {
                        lane.run(prev, c, true);
                    }
                    prev = c;
                    chunk_i += 1;
                }
                lane.run(prev, b, true);
            }
            "c_release" => lane.run(a, b, false),
            "io" => lane.push(a, b, State::BlockedIo),
            "sleep" => lane.push(a, b, State::Sleeping),
            "join_thread" | "join_process" => lane.push(a, b, State::Joining),
            _ => lane.run(a, b, true),
        }
        at = b;
    }
    match t.end_ns {
        Some(e) => {
            let e = rel(e).max(at);
            lane.gap(at, e, &awaiting);
            if is_main {
                // A main thread's program returned: then the interpreter joins its threads.
                lane.push(e, end.max(e), State::Joining);
                lane.push(end.max(e), end.max(e), State::Done);
            } else {
                lane.push(e, e, State::Done);
            }
        }
        None => {
            lane.gap(at, end, &awaiting);
            lane.push(end, end, State::Killed);
        }
    }
    lane
}

/// A recorded time relative to `origin`, within what a trace holds.
fn rel_ns(x: u64, origin: u64) -> u64 {
    x.saturating_sub(origin).min(MAX_TRACE_NS)
}

/// The recording as a trace (time 0: [`Recording::origin_ns`]).
pub fn measured_trace(rec: &Recording) -> Trace {
    let origin = rec.origin_ns();
    let rel = |x: u64| rel_ns(x, origin);
    let end_ns = rec
        .processes
        .iter()
        .map(|p| rel(p.end_ns))
        .max()
        .unwrap_or(0);
    let mut processes = Vec::new();
    let mut threads = Vec::new();
    let mut thread_spans = Vec::new();
    let mut gils = Vec::new();
    let mut gil_spans = Vec::new();
    for (pi, p) in rec.processes.iter().enumerate() {
        let gil = gils.len() as u32;
        gils.push(GilInfo {
            process: pi as u32,
            interpreter: 0,
        });
        let mut ids = Vec::new();
        let mut held: Vec<(u64, u64, u32)> = Vec::new();
        for (ti, t) in p.threads.iter().enumerate() {
            let id = threads.len() as u32;
            ids.push(id);
            let lane = thread_lane(t, origin, rel(p.end_ns), ti == 0);
            held.extend(lane.held.iter().map(|&(a, b)| (a, b, id)));
            let cpu = lane
                .held
                .iter()
                .fold(0u64, |n, &(a, b)| n.saturating_add(b - a));
            threads.push(ThreadInfo {
                name: t.name.clone(),
                process: pi as u32,
                gil: Some(gil),
                daemon: t.daemon,
                work_ns: cpu,
                overhead_ns: 0,
            });
            thread_spans.push(lane.spans);
        }
        // The GIL: held by whoever ran Python, free in between.
        held.sort_unstable();
        let mut g = Spans::new();
        let mut at = rel(p.start_ns);
        for (a, b, id) in held {
            let a = a.max(at);
            if a > at {
                g.push(at, a, State::Free, None, None);
            }
            if b > a {
                g.push(a, b, State::Held, Some(id), None);
                at = b;
            }
        }
        g.push(at, end_ns.max(at), State::Free, None, None);
        gil_spans.push(g);
        processes.push(ProcessInfo {
            name: p.name.clone(),
            threads: ids,
            gils: vec![gil],
            start_ns: Some(rel(p.start_ns)),
            end_ns: Some(rel(p.end_ns)),
        });
    }
    let main_end = rec.processes.first().map_or(0, |p| rel(p.end_ns));
    Trace {
        end_ns,
        wall_ns: main_end,
        cores: 0,
        processes,
        threads,
        gils,
        core_spans: Vec::new(),
        thread_spans,
        gil_spans,
        events: Events::new(),
        engine_events: 0,
        steps: Vec::new(),
    }
}
