//! The trace of one run: per-lane state spans (cores, threads, GILs), GIL and lifecycle events,
//! and the query API a UI needs on large traces (`snapshot_at`, `spans_in`,
//! `next_event_after`, `prev_event_before`), all by binary search on sorted,
//! non-overlapping spans.

use serde::{Deserialize, Serialize};

/// What a lane is doing during a span. Thread lanes use the thread states, core lanes use
/// `Idle` / `ContextSwitch` / `Running`, GIL lanes use `Free` / `Held`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Thread: bootstrapping (new thread) or starting its interpreter (new process), on a core.
    Starting,
    /// Thread: executing on a core. Core: running a thread.
    Running,
    /// Thread: runnable, but no core (in the OS run queue or being switched in).
    Ready,
    /// Thread: waiting for the GIL on its condition variable (uses no core).
    WaitingGil,
    /// Thread: blocked on I/O, or an event loop waiting in `select` (uses no core).
    BlockedIo,
    /// Thread: in `time.sleep` (uses no core).
    Sleeping,
    /// Thread: blocked on a `threading.Lock`, or in `Thread.start()` waiting for the new
    /// thread's bootstrap handshake.
    WaitingLock,
    /// Thread: in `join()` (a thread, a process, or at interpreter exit).
    Joining,
    /// Thread: finished.
    Done,
    /// Thread: a daemon thread killed when its process exited.
    Killed,
    /// Core: no thread.
    Idle,
    /// Core: switching to a thread (context-switch cost).
    ContextSwitch,
    /// GIL: nobody holds it.
    Free,
    /// GIL: held by `thread`.
    Held,
}

impl State {
    /// A short human label.
    pub fn label(self) -> &'static str {
        match self {
            State::Starting => "starting",
            State::Running => "running",
            State::Ready => "ready",
            State::WaitingGil => "waiting for the GIL",
            State::BlockedIo => "blocked on I/O",
            State::Sleeping => "sleeping",
            State::WaitingLock => "waiting on a lock",
            State::Joining => "joining",
            State::Done => "done",
            State::Killed => "killed",
            State::Idle => "idle",
            State::ContextSwitch => "context switch",
            State::Free => "free",
            State::Held => "held",
        }
    }
}

/// A half-open interval `[start_ns, end_ns)` of one state on one lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start_ns: u64,
    pub end_ns: u64,
    pub state: State,
    /// Core lanes: the thread running / switched in. GIL lanes: the holder. Thread lanes: none.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub thread: Option<u32>,
    /// Thread lanes: the core the thread runs on.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub core: Option<u32>,
}

/// A lane of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lane {
    Core(u32),
    Thread(u32),
    Gil(u32),
}

/// Kinds of events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// `thread` starts waiting for the GIL (`gil`).
    GilRequest,
    /// `thread` timed out after one switch interval with no switch meanwhile and set the drop
    /// request on the holder `other`.
    GilDropRequest,
    /// The holder `thread` noticed the drop request at an eval-breaker check and dropped the GIL.
    GilForcedSwitch,
    /// `thread` released the GIL voluntarily (I/O, sleep, C code, lock wait, exit; or the old
    /// GIL's periodic check).
    GilRelease,
    /// `thread` took the GIL; `other` is the previous holder if this was a switch.
    GilTake,
    /// Old GIL: the holder `thread` released and re-took the GIL at its tick check and
    /// signalled the waiter `other` (who usually loses the race).
    OldGilCheck,
    /// A thread was created by `other`.
    ThreadCreate,
    /// A thread finished bootstrapping; its `start()` can return.
    ThreadStarted,
    ThreadExit,
    /// A daemon thread was killed at its process's exit.
    ThreadKilled,
    ProcessStart,
    ProcessExit,
    /// The OS preempted `thread` at the end of its time slice.
    Preempt,
    IoStart,
    IoEnd,
    SleepStart,
    SleepEnd,
    LockAcquire,
    LockRelease,
    /// An asyncio task (`other` = task index) was resumed by the event loop.
    TaskResume,
    /// An asyncio task (`other` = task index) awaited I/O or a sleep.
    TaskAwait,
    /// An asyncio task (`other` = task index) finished.
    TaskDone,
}

/// One event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub t_ns: u64,
    pub kind: EventKind,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub thread: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub process: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub gil: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub other: Option<u32>,
}

/// Static description of a thread in the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadInfo {
    pub name: String,
    pub process: u32,
    /// The GIL this thread uses (none in the free-threaded build).
    pub gil: Option<u32>,
    pub daemon: bool,
    /// Program work executed (CPU and GIL-releasing C work), ns.
    pub work_ns: u64,
    /// Overhead executed (start costs, GIL hand-offs, event-loop steps, old-GIL signals), ns.
    pub overhead_ns: u64,
}

/// Static description of a process in the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessInfo {
    pub name: String,
    /// Thread indices of this process; the first is its main thread.
    pub threads: Vec<u32>,
    /// GIL indices of this process (one per interpreter in per-interpreter mode).
    pub gils: Vec<u32>,
    pub start_ns: Option<u64>,
    pub end_ns: Option<u64>,
}

/// Static description of a GIL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GilInfo {
    pub process: u32,
    pub interpreter: u32,
}

/// The complete trace of one run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    /// Time of the last event; every lane's spans end here.
    pub end_ns: u64,
    /// When the main process exited (the program's wall time).
    pub wall_ns: u64,
    pub cores: u32,
    pub processes: Vec<ProcessInfo>,
    pub threads: Vec<ThreadInfo>,
    pub gils: Vec<GilInfo>,
    pub core_spans: Vec<Vec<Span>>,
    pub thread_spans: Vec<Vec<Span>>,
    pub gil_spans: Vec<Vec<Span>>,
    /// Every event, sorted by time (stable: in the order the engine produced them).
    pub events: Vec<Event>,
    /// Engine events processed (for the events/s benchmark).
    pub engine_events: u64,
}

/// What one lane is doing at a time, and since when.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaneNow {
    pub state: State,
    pub since_ns: u64,
    pub thread: Option<u32>,
    pub core: Option<u32>,
}

/// What every core, thread and GIL is doing at one time. `None` for a thread that does not
/// exist yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub t_ns: u64,
    pub cores: Vec<Option<LaneNow>>,
    pub threads: Vec<Option<LaneNow>>,
    pub gils: Vec<Option<LaneNow>>,
}

fn span_at(spans: &[Span], t: u64) -> Option<LaneNow> {
    // First span whose end is > t.
    let i = spans.partition_point(|s| s.end_ns <= t);
    let s = spans.get(i).or_else(|| {
        // At exactly end_ns, report the last span.
        spans.last().filter(|s| s.end_ns == t && s.start_ns <= t)
    })?;
    if s.start_ns > t {
        return None;
    }
    // Walk back over merged-equal neighbours is unnecessary: spans are merged when recorded.
    Some(LaneNow {
        state: s.state,
        since_ns: s.start_ns,
        thread: s.thread,
        core: s.core,
    })
}

impl Trace {
    /// The time of the last event.
    pub fn end_ns(&self) -> u64 {
        self.end_ns
    }

    /// The spans of one lane (empty for an unknown lane).
    pub fn lane(&self, lane: Lane) -> &[Span] {
        let v = match lane {
            Lane::Core(i) => self.core_spans.get(i as usize),
            Lane::Thread(i) => self.thread_spans.get(i as usize),
            Lane::Gil(i) => self.gil_spans.get(i as usize),
        };
        v.map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// Every lane of the trace: cores, then threads, then GILs.
    pub fn lanes(&self) -> Vec<Lane> {
        let mut v = Vec::new();
        v.extend((0..self.core_spans.len() as u32).map(Lane::Core));
        v.extend((0..self.thread_spans.len() as u32).map(Lane::Thread));
        v.extend((0..self.gil_spans.len() as u32).map(Lane::Gil));
        v
    }

    /// The spans of `lane` that overlap `[t0, t1)` (a slice found by binary search).
    pub fn spans_in(&self, lane: Lane, t0: u64, t1: u64) -> &[Span] {
        let spans = self.lane(lane);
        if t1 <= t0 {
            return &[];
        }
        let a = spans.partition_point(|s| s.end_ns <= t0);
        let b = spans.partition_point(|s| s.start_ns < t1);
        if a >= b { &[] } else { &spans[a..b] }
    }

    /// What one lane is doing at `t`.
    pub fn lane_at(&self, lane: Lane, t: u64) -> Option<LaneNow> {
        span_at(self.lane(lane), t)
    }

    /// What every core, thread and GIL is doing at `t`, with since-when.
    pub fn snapshot_at(&self, t: u64) -> Snapshot {
        Snapshot {
            t_ns: t,
            cores: self.core_spans.iter().map(|s| span_at(s, t)).collect(),
            threads: self.thread_spans.iter().map(|s| span_at(s, t)).collect(),
            gils: self.gil_spans.iter().map(|s| span_at(s, t)).collect(),
        }
    }

    /// The first event strictly after `t`.
    pub fn next_event_after(&self, t: u64) -> Option<&Event> {
        let i = self.events.partition_point(|e| e.t_ns <= t);
        self.events.get(i)
    }

    /// The last event strictly before `t`.
    pub fn prev_event_before(&self, t: u64) -> Option<&Event> {
        let i = self.events.partition_point(|e| e.t_ns < t);
        if i == 0 { None } else { self.events.get(i - 1) }
    }

    /// The events in `[t0, t1)`.
    pub fn events_in(&self, t0: u64, t1: u64) -> &[Event] {
        let a = self.events.partition_point(|e| e.t_ns < t0);
        let b = self.events.partition_point(|e| e.t_ns < t1);
        if a >= b { &[] } else { &self.events[a..b] }
    }

    /// Total number of spans over all lanes.
    pub fn span_count(&self) -> u64 {
        let c = |v: &Vec<Vec<Span>>| v.iter().map(|s| s.len() as u64).sum::<u64>();
        c(&self.core_spans) + c(&self.thread_spans) + c(&self.gil_spans)
    }

    /// Display name of a thread: `process/thread`.
    pub fn thread_label(&self, t: u32) -> String {
        match self.threads.get(t as usize) {
            Some(th) => {
                let p = self
                    .processes
                    .get(th.process as usize)
                    .map(|p| p.name.as_str())
                    .unwrap_or("?");
                format!("{p}/{}", th.name)
            }
            None => format!("thread#{t}"),
        }
    }
}

/// Records spans for one lane, merging equal neighbours and dropping empty spans.
#[derive(Clone, Debug)]
pub(crate) struct LaneRec {
    pub cur: Option<(State, u64, Option<u32>, Option<u32>)>,
    pub spans: Vec<Span>,
    pub enabled: bool,
}

impl LaneRec {
    pub fn new(enabled: bool) -> Self {
        LaneRec {
            cur: None,
            spans: Vec::new(),
            enabled,
        }
    }

    #[inline]
    pub fn set(&mut self, now: u64, state: State, thread: Option<u32>, core: Option<u32>) {
        if !self.enabled {
            return;
        }
        if let Some((s, since, th, c)) = self.cur {
            if s == state && th == thread && c == core {
                return;
            }
            self.push(since, now, s, th, c);
        }
        self.cur = Some((state, now, thread, core));
    }

    fn push(&mut self, start: u64, end: u64, state: State, thread: Option<u32>, core: Option<u32>) {
        if end <= start {
            return;
        }
        if let Some(last) = self.spans.last_mut()
            && last.end_ns == start
            && last.state == state
            && last.thread == thread
            && last.core == core
        {
            last.end_ns = end;
            return;
        }
        self.spans.push(Span {
            start_ns: start,
            end_ns: end,
            state,
            thread,
            core,
        });
    }

    pub fn finish(&mut self, end: u64) -> Vec<Span> {
        if let Some((s, since, th, c)) = self.cur.take() {
            if since >= end && matches!(s, State::Done | State::Killed) {
                // A thread that ended exactly at the end of the run keeps a zero-length
                // terminal span, so "done" / "killed" stays visible at end_ns.
                self.spans.push(Span {
                    start_ns: end,
                    end_ns: end,
                    state: s,
                    thread: th,
                    core: c,
                });
            } else {
                self.push(since, end, s, th, c);
            }
        }
        std::mem::take(&mut self.spans)
    }
}
