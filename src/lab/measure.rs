//! What one measured run of the lab is, and everything derived from it without a browser: the
//! timeline trace built from real `performance.now()` stamps (thread lanes, the GIL lane with its
//! holding periods, a start-up span for each "process" worker), speedup and parallel efficiency,
//! the model's prediction beside the measurement, and the checked parsing of the lab's inputs.

use gil_sim::trace::{GilInfo, ProcessInfo, ThreadInfo};
use gil_sim::{Event, EventKind, LabJob, Prediction, Spans, State, Trace};
use gil_work::{ChunkStamp, DropReason, GilTrace, Job, JobError, Kernel, MAX_CHUNKS, Strategy};

/// The switch interval of the lab's "threads with a GIL" mode: CPython's default, 5 ms.
pub const SWITCH_INTERVAL_NS: u64 = gil_work::DEFAULT_SWITCH_INTERVAL_NS;

/// Where a sequential run happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// On one thread of the page's worker pool.
    PoolThread,
    /// In one separate worker (no pool: the page is not cross-origin isolated).
    SeparateWorker,
}

/// When one "process" worker was created and when its own wasm instance was ready to compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcessStart {
    pub worker: u32,
    pub spawn_ns: u64,
    pub ready_ns: u64,
}

impl ProcessStart {
    /// The start-up cost: creating the worker, loading the module, a fresh memory, warm-up.
    pub fn cost_ns(&self) -> u64 {
        self.ready_ns.saturating_sub(self.spawn_ns)
    }
}

/// One finished, measured run of one mode. Times are on the shared clock (`PerfClock`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Measured {
    pub mode: Strategy,
    pub workers: u32,
    pub job: Job,
    pub result: u64,
    pub start_ns: u64,
    pub end_ns: u64,
    pub chunks: Vec<ChunkStamp>,
    pub gil: Option<GilTrace>,
    /// Processes mode: one entry per worker.
    pub starts: Vec<ProcessStart>,
    pub place: Place,
}

impl Measured {
    /// From a `gil-work` run on the pool.
    pub fn from_run(run: gil_work::Run) -> Measured {
        Measured {
            mode: run.mode,
            workers: run.workers,
            job: run.job,
            result: run.result,
            start_ns: run.start_ns,
            end_ns: run.end_ns,
            chunks: run.chunks,
            gil: run.gil,
            starts: Vec::new(),
            place: Place::PoolThread,
        }
    }

    /// A one-worker processes run seen as a sequential run: only its computing time counts
    /// (first chunk start to last chunk end), not the worker's start-up.
    pub fn into_sequential(mut self) -> Measured {
        let start = self
            .chunks
            .iter()
            .map(|c| c.start_ns)
            .min()
            .unwrap_or(self.start_ns);
        let end = self.chunks.iter().map(|c| c.end_ns).max().unwrap_or(start);
        self.mode = Strategy::Sequential;
        self.workers = 1;
        self.start_ns = start;
        self.end_ns = end.max(start);
        self.starts.clear();
        self.place = Place::SeparateWorker;
        self
    }

    /// Wall time of the run.
    pub fn elapsed_ns(&self) -> u64 {
        self.end_ns.saturating_sub(self.start_ns)
    }

    /// Median start-up cost of the process workers (`None` for other modes).
    pub fn median_start_ns(&self) -> Option<u64> {
        let mut v: Vec<u64> = self.starts.iter().map(ProcessStart::cost_ns).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_unstable();
        Some(v[v.len() / 2])
    }

    /// Time during which at least two workers were computing a chunk at once: proof from the
    /// stamps alone that the workers ran side by side.
    pub fn parallel_ns(&self) -> u64 {
        let mut edges: Vec<(u64, i32)> = self
            .chunks
            .iter()
            .flat_map(|c| [(c.start_ns, 1), (c.end_ns, -1)])
            .collect();
        // Ends before starts at the same instant: touching chunks do not overlap.
        edges.sort_unstable();
        let (mut depth, mut since, mut total) = (0i32, 0u64, 0u64);
        for (t, d) in edges {
            if depth >= 2 {
                total += t - since;
            }
            depth += d;
            since = t;
        }
        total
    }

    /// The measured timeline as a `gil-sim` trace, so the simulator's timeline can draw it.
    /// Time 0 is the start of the run.
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

fn build_trace(m: &Measured) -> Trace {
    let rel = |t: u64| t.saturating_sub(m.start_ns);
    // Trace times are capped at MAX_TRACE_NS (73 minutes); clamp the end with them.
    let end = m.elapsed_ns().clamp(1, gil_sim::trace::MAX_TRACE_NS);
    let workers = m.workers.max(1);
    let mut threads = Vec::new();
    let mut processes = Vec::new();
    let mut thread_spans = Vec::new();
    let mut gil_spans = Vec::new();
    let mut gils = Vec::new();
    let mut events: Vec<Event> = Vec::new();

    let chunk_lane = |w: u32, lane: &mut LaneBuf| {
        let mut mine: Vec<&ChunkStamp> = m.chunks.iter().filter(|c| c.worker == w).collect();
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

    match m.mode {
        Strategy::Sequential | Strategy::Threads => {
            let name = match (m.mode, m.place) {
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
            let g = m.gil.as_ref().unwrap_or(&empty);
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

/// Sequential time / this time (0 when either is 0).
pub fn speedup(sequential_ns: u64, ns: u64) -> f64 {
    if sequential_ns == 0 || ns == 0 {
        0.0
    } else {
        sequential_ns as f64 / ns as f64
    }
}

/// Speedup per worker: 1.0 means every worker was fully used.
pub fn efficiency(speedup: f64, workers: u32) -> f64 {
    speedup / f64::from(workers.max(1))
}

/// (measured - predicted) / predicted, in percent.
pub fn difference_percent(measured_ns: u64, predicted_ns: u64) -> Option<f64> {
    (predicted_ns > 0)
        .then(|| (measured_ns as f64 - predicted_ns as f64) / predicted_ns as f64 * 100.0)
}

/// The model's prediction for this job: the measured sequential time is the job's CPU work.
pub fn predict(
    sequential_ns: u64,
    job: &Job,
    workers: u32,
    cores: u32,
    process_start_ns: u64,
) -> Result<Prediction, String> {
    gil_sim::predict(&LabJob {
        job_ns: sequential_ns.max(1),
        chunks: job.chunks,
        workers: workers.max(1),
        cores: cores.max(1),
        switch_interval_ns: SWITCH_INTERVAL_NS,
        process_start_ns,
    })
    .map_err(|e| e.to_string())
}

/// The predicted time of one mode.
pub fn predicted_ns(p: &Prediction, mode: Strategy) -> u64 {
    match mode {
        Strategy::Sequential => p.sequential_ns,
        Strategy::Threads => p.threads_ns,
        Strategy::Gil => p.threads_gil_ns,
        Strategy::Processes => p.processes_ns,
    }
}

/// The lab's inputs, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inputs {
    pub kernel: Kernel,
    pub size: String,
    pub chunks: String,
    pub workers: String,
}

/// A whole number from a text field, or an error that names the field.
fn whole(field: &str, text: &str) -> Result<u64, String> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| *c != '_' && *c != ',')
        .collect();
    t.parse::<u64>()
        .map_err(|_| format!("{field} must be a whole number, got \"{}\"", text.trim()))
}

/// Checks the inputs: a job (its size bounded by the kernel's limit, named in the error) and
/// a worker count between 1 and `max_workers` (the core count).
pub fn parse(inputs: &Inputs, max_workers: u32) -> Result<(Job, u32), String> {
    let size = whole("Kernel size", &inputs.size)?;
    let chunks = whole("Chunks", &inputs.chunks)?;
    // The model predicts at most MAX_TASKS chunks; more would leave the prediction column empty.
    let max_chunks = MAX_CHUNKS.min(gil_sim::workload::MAX_TASKS);
    let chunks = u32::try_from(chunks)
        .ok()
        .filter(|c| (1..=max_chunks).contains(c))
        .ok_or_else(|| format!("Chunks must be between 1 and {max_chunks}, got {chunks}"))?;
    let workers = whole("Workers", &inputs.workers)?;
    let max_workers = max_workers.max(1);
    let workers = u32::try_from(workers)
        .ok()
        .filter(|w| (1..=max_workers).contains(w))
        .ok_or_else(|| {
            format!(
                "Workers must be between 1 and {max_workers} (your logical cores), got {workers}"
            )
        })?;
    let job = Job::new(inputs.kernel, size, chunks).map_err(|e| match e {
        JobError::SizeTooLarge { .. } => format!("Kernel size: {e}"),
        other => other.to_string(),
    })?;
    Ok((job, workers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::{Lane, Span};
    use gil_work::GilHold;

    fn stamp(worker: u32, chunk: u32, start_ns: u64, end_ns: u64) -> ChunkStamp {
        ChunkStamp {
            worker,
            chunk,
            start_ns,
            end_ns,
            result: 1,
        }
    }

    fn measured(mode: Strategy, workers: u32, chunks: Vec<ChunkStamp>) -> Measured {
        Measured {
            mode,
            workers,
            job: Job::new(Kernel::Primes, 1000, 4).unwrap(),
            result: chunks.iter().map(|c| c.result).sum(),
            start_ns: 1_000_000,
            end_ns: 11_000_000,
            chunks,
            gil: None,
            starts: Vec::new(),
            place: Place::PoolThread,
        }
    }

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
        m.gil = Some(GilTrace {
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
        assert_eq!(seq.mode, Strategy::Sequential);
        assert_eq!(
            seq.elapsed_ns(),
            5_000_000,
            "computing time only, no start-up"
        );
        assert_eq!(seq.place, Place::SeparateWorker);
    }

    #[test]
    fn speedup_efficiency_and_difference() {
        assert_eq!(speedup(2_000, 1_000), 2.0);
        assert_eq!(speedup(0, 1_000), 0.0);
        assert_eq!(efficiency(1.8, 2), 0.9);
        assert_eq!(difference_percent(110, 100), Some(10.0));
        assert_eq!(difference_percent(110, 0), None);
    }

    #[test]
    fn prediction_follows_the_model() {
        let job = Job::new(Kernel::Primes, 1_000_000, 16).unwrap();
        let p = predict(400_000_000, &job, 2, 2, 30_000_000).unwrap();
        assert!(p.threads_ns < p.sequential_ns * 6 / 10, "{p:?}");
        assert!(p.threads_gil_ns >= p.sequential_ns * 9 / 10, "{p:?}");
        assert!(p.processes_ns > p.threads_ns, "{p:?}");
        assert_eq!(predicted_ns(&p, Strategy::Gil), p.threads_gil_ns);
    }

    #[test]
    fn inputs_are_checked_and_errors_name_the_field_or_limit() {
        let inputs = |size: &str, chunks: &str, workers: &str| Inputs {
            kernel: Kernel::Primes,
            size: size.into(),
            chunks: chunks.into(),
            workers: workers.into(),
        };
        let (job, w) = parse(&inputs("5_000_000", "64", "2"), 4).unwrap();
        assert_eq!((job.size, job.chunks, w), (5_000_000, 64, 2));
        let e = parse(&inputs("60000000", "64", "2"), 4).unwrap_err();
        assert!(
            e.contains("Kernel size") && e.contains("the limit is 50000000"),
            "{e}"
        );
        let e = parse(&inputs("abc", "64", "2"), 4).unwrap_err();
        assert!(e.starts_with("Kernel size must be a whole number"), "{e}");
        let e = parse(&inputs("1000", "0", "2"), 4).unwrap_err();
        assert!(e.starts_with("Chunks must be between 1 and 4096"), "{e}");
        // More chunks than the model can predict are refused, not silently unpredicted.
        let e = parse(&inputs("1000", "5000", "2"), 4).unwrap_err();
        assert!(
            e.starts_with("Chunks must be between 1 and 4096, got 5000"),
            "{e}"
        );
        let e = parse(&inputs("1000", "8", "5"), 4).unwrap_err();
        assert!(e.starts_with("Workers must be between 1 and 4"), "{e}");
        let e = parse(&inputs("1000", "8", "-1"), 4).unwrap_err();
        assert!(e.starts_with("Workers must be a whole number"), "{e}");
    }
}
