//! The trace of one run: per-lane state spans (cores, threads, GILs), GIL and lifecycle events,
//! and the query API a UI needs on large traces (`snapshot_at`, `spans_in`,
//! `next_event_after`, `prev_event_before`), all by binary search.
//!
//! Storage is packed so that recording a long run stays cheap: a lane ([`Spans`]) holds one
//! `u64` per span (start time, state and the thread or core it names; a span ends where the
//! next begins), and [`Events`] holds 16 bytes per event. Both hand out plain [`Span`] and
//! [`Event`] values, and serialize exactly as a list of those would.

mod events;
mod packed;
mod record;
mod spans;
mod steps;

use serde::{Deserialize, Serialize};

pub use events::{EventIter, Events, MAX_EVENT_GIL, MAX_EVENT_PROCESS, MAX_EVENT_THREAD};
pub use packed::{Packed, PackedIter};
pub(crate) use record::LaneRec;
use spans::NO_SPANS;
pub use spans::{MAX_SPAN_AUX, SpanIter, Spans};
pub use steps::{DONE_STEP, StepMarks};

/// Times in a trace are below 2^42 ns (about 73 minutes): the packed formats keep 42 bits of
/// time. The engine's cap on simulated time (`MAX_SIM_NS`, one hour) is below it; larger
/// times given to [`Spans::push`] or [`Events::push`] are clamped to it.
pub const MAX_TRACE_NS: u64 = (1 << 42) - 1;
const _: () = assert!(crate::scenario::MAX_SIM_NS <= MAX_TRACE_NS);
const TIME_SHIFT: u32 = 64 - 42;

/// What a lane is doing during a span. Thread lanes use the thread states, core lanes use
/// `Idle` / `ContextSwitch` / `Running`, GIL lanes use `Free` / `Held`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
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

/// Every state, in declaration order (its packed code is its index).
const STATES: [State; 14] = [
    State::Starting,
    State::Running,
    State::Ready,
    State::WaitingGil,
    State::BlockedIo,
    State::Sleeping,
    State::WaitingLock,
    State::Joining,
    State::Done,
    State::Killed,
    State::Idle,
    State::ContextSwitch,
    State::Free,
    State::Held,
];

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
    /// Start, ns (inclusive).
    pub start_ns: u64,
    /// End, ns (exclusive); equal to `start_ns` only for a terminal `done` / `killed` span.
    pub end_ns: u64,
    /// What the lane is doing.
    pub state: State,
    /// Core lanes: the thread running / switched in. GIL lanes: the holder. Thread lanes: none.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub thread: Option<u32>,
    /// Thread lanes: the core the thread runs (or starts) on. Core and GIL lanes: none.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub core: Option<u32>,
}

/// A lane of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lane {
    /// CPU core `i`.
    Core(u32),
    /// Thread `i` (index into [`Trace::threads`], over all processes).
    Thread(u32),
    /// GIL `i` (index into [`Trace::gils`]).
    Gil(u32),
}

/// Kinds of events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
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
    /// `thread` finished its program (a main thread: after joining its children).
    ThreadExit,
    /// A daemon thread was killed at its process's exit.
    ThreadKilled,
    /// A process started; `thread` is its main thread, `other` the thread that started it
    /// (none for `processes[0]`).
    ProcessStart,
    /// A process exited; `thread` is its main thread.
    ProcessExit,
    /// The OS preempted `thread` at the end of its time slice.
    Preempt,
    /// `thread` began blocking I/O.
    IoStart,
    /// `thread`'s blocking I/O completed.
    IoEnd,
    /// `thread` entered `time.sleep`.
    SleepStart,
    /// `thread`'s sleep ended.
    SleepEnd,
    /// `thread` took the `threading.Lock` `other` (lock index).
    LockAcquire,
    /// `thread` released the `threading.Lock` `other` (lock index).
    LockRelease,
    /// An asyncio task (`other` = task index) was resumed by the event loop.
    TaskResume,
    /// An asyncio task (`other` = task index) awaited I/O or a sleep.
    TaskAwait,
    /// An asyncio task (`other` = task index) finished.
    TaskDone,
}

/// Every event kind, in declaration order (its packed code is its index).
const EVENT_KINDS: [EventKind; 22] = [
    EventKind::GilRequest,
    EventKind::GilDropRequest,
    EventKind::GilForcedSwitch,
    EventKind::GilRelease,
    EventKind::GilTake,
    EventKind::OldGilCheck,
    EventKind::ThreadCreate,
    EventKind::ThreadStarted,
    EventKind::ThreadExit,
    EventKind::ThreadKilled,
    EventKind::ProcessStart,
    EventKind::ProcessExit,
    EventKind::Preempt,
    EventKind::IoStart,
    EventKind::IoEnd,
    EventKind::SleepStart,
    EventKind::SleepEnd,
    EventKind::LockAcquire,
    EventKind::LockRelease,
    EventKind::TaskResume,
    EventKind::TaskAwait,
    EventKind::TaskDone,
];

/// One event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// When, ns.
    pub t_ns: u64,
    /// What happened.
    pub kind: EventKind,
    /// The thread it happened to (thread index).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub thread: Option<u32>,
    /// The process of `thread` (process index).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub process: Option<u32>,
    /// The GIL concerned (GIL events only).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub gil: Option<u32>,
    /// A second index whose meaning depends on `kind`: read it with [`Event::other_thread`],
    /// [`Event::lock`] or [`Event::task`], which say which it is.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub other: Option<u32>,
}

impl Event {
    /// The other thread this event names: the holder asked to drop the GIL, the thread the
    /// GIL was taken from, the waiter woken by an old-GIL check, the thread that called
    /// `start()`, or the thread that started a process.
    pub fn other_thread(&self) -> Option<u32> {
        match self.kind {
            EventKind::GilDropRequest
            | EventKind::GilTake
            | EventKind::OldGilCheck
            | EventKind::ThreadCreate
            | EventKind::ProcessStart => self.other,
            _ => None,
        }
    }

    /// The lock of a lock event (lock index, numbered over all processes).
    pub fn lock(&self) -> Option<u32> {
        match self.kind {
            EventKind::LockAcquire | EventKind::LockRelease => self.other,
            _ => None,
        }
    }

    /// The asyncio task of a task event (its index in its event loop).
    pub fn task(&self) -> Option<u32> {
        match self.kind {
            EventKind::TaskResume | EventKind::TaskAwait | EventKind::TaskDone => self.other,
            _ => None,
        }
    }
}

/// Static description of a thread in the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadInfo {
    /// The thread's name in its process.
    pub name: String,
    /// Index of its process.
    pub process: u32,
    /// The GIL this thread uses (none in the free-threaded build).
    pub gil: Option<u32>,
    /// Whether it is a daemon thread (killed, not joined, at its process's exit).
    pub daemon: bool,
    /// Program work executed (CPU and GIL-releasing C work), ns.
    pub work_ns: u64,
    /// Overhead executed (start costs, GIL hand-offs, event-loop steps, old-GIL signals), ns.
    pub overhead_ns: u64,
}

/// Static description of a process in the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessInfo {
    /// The process's name.
    pub name: String,
    /// Thread indices of this process; the first is its main thread.
    pub threads: Vec<u32>,
    /// GIL indices of this process (one per interpreter in per-interpreter mode).
    pub gils: Vec<u32>,
    /// When it started, ns (none if it was never started).
    pub start_ns: Option<u64>,
    /// When it exited, ns (none if it had not exited when the run ended).
    pub end_ns: Option<u64>,
}

/// Static description of a GIL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GilInfo {
    /// Index of the process the GIL belongs to.
    pub process: u32,
    /// Index of its interpreter in that process (0 unless per-interpreter mode).
    pub interpreter: u32,
}

/// The complete trace of one run. It serializes (to JSON, for the CLI and the golden hashes)
/// with every lane as a list of [`Span`]s and the events as a list of [`Event`]s.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Trace {
    /// Time of the last event; every lane's spans end here.
    pub end_ns: u64,
    /// When the main process exited (the program's wall time).
    pub wall_ns: u64,
    /// Number of CPU cores.
    pub cores: u32,
    /// Every process, in scenario order.
    pub processes: Vec<ProcessInfo>,
    /// Every thread of every process, indexed by thread index.
    pub threads: Vec<ThreadInfo>,
    /// Every GIL (none in free-threaded mode), indexed by GIL index.
    pub gils: Vec<GilInfo>,
    /// One lane per core: `idle`, `context_switch`, `running`.
    pub core_spans: Vec<Spans>,
    /// One lane per thread: its thread states.
    pub thread_spans: Vec<Spans>,
    /// One lane per GIL: `free`, `held`.
    pub gil_spans: Vec<Spans>,
    /// Every event, sorted by time (stable: in the order the engine produced them).
    pub events: Events,
    /// Engine events processed (for the events/s benchmark).
    pub engine_events: u64,
    /// Indexed by thread: which step of its program the thread is on over time (not in the
    /// JSON or the hash; empty for an untraced run).
    #[serde(skip)]
    pub steps: Vec<StepMarks>,
}

/// What one lane is doing at a time, and since when.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaneNow {
    /// The lane's state.
    pub state: State,
    /// Start of the span in that state, ns.
    pub since_ns: u64,
    /// The thread named by the span (core and GIL lanes), as in [`Span::thread`].
    pub thread: Option<u32>,
    /// The core named by the span (thread lanes), as in [`Span::core`].
    pub core: Option<u32>,
}

/// What every core, thread and GIL is doing at one time. `None` for a thread that does not
/// exist yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The time of the snapshot, ns.
    pub t_ns: u64,
    /// Each core, by index.
    pub cores: Vec<Option<LaneNow>>,
    /// Each thread, by index.
    pub threads: Vec<Option<LaneNow>>,
    /// Each GIL, by index.
    pub gils: Vec<Option<LaneNow>>,
}

fn span_at(spans: &Spans, t: u64) -> Option<LaneNow> {
    spans.at(t).map(|s| LaneNow {
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
    pub fn lane(&self, lane: Lane) -> &Spans {
        let v = match lane {
            Lane::Core(i) => self.core_spans.get(i as usize),
            Lane::Thread(i) => self.thread_spans.get(i as usize),
            Lane::Gil(i) => self.gil_spans.get(i as usize),
        };
        v.unwrap_or(&NO_SPANS)
    }

    /// Every lane of the trace: cores, then threads, then GILs.
    pub fn lanes(&self) -> Vec<Lane> {
        let mut v = Vec::new();
        v.extend((0..self.core_spans.len() as u32).map(Lane::Core));
        v.extend((0..self.thread_spans.len() as u32).map(Lane::Thread));
        v.extend((0..self.gil_spans.len() as u32).map(Lane::Gil));
        v
    }

    /// The spans of `lane` that overlap `[t0, t1)` (found by binary search).
    pub fn spans_in(&self, lane: Lane, t0: u64, t1: u64) -> SpanIter<'_> {
        let spans = self.lane(lane);
        spans.range(spans.window(t0, t1))
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
    pub fn next_event_after(&self, t: u64) -> Option<Event> {
        self.events.get(self.events.count_before(t, true))
    }

    /// The last event strictly before `t`.
    pub fn prev_event_before(&self, t: u64) -> Option<Event> {
        let i = self.events.count_before(t, false);
        i.checked_sub(1).and_then(|i| self.events.get(i))
    }

    /// The events in `[t0, t1)`.
    pub fn events_in(&self, t0: u64, t1: u64) -> EventIter<'_> {
        let a = self.events.count_before(t0, false);
        let b = self.events.count_before(t1, false);
        self.events.range(a..b.max(a))
    }

    /// Total number of spans over all lanes.
    pub fn span_count(&self) -> u64 {
        let c = |v: &Vec<Spans>| v.iter().map(|s| s.len() as u64).sum::<u64>();
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

#[cfg(test)]
mod tests;
