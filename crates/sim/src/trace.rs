//! The trace of one run: per-lane state spans (cores, threads, GILs), GIL and lifecycle events,
//! and the query API a UI needs on large traces (`snapshot_at`, `spans_in`,
//! `next_event_after`, `prev_event_before`), all by binary search.
//!
//! Storage is packed so that recording a long run stays cheap: a lane ([`Spans`]) holds one
//! `u64` per span (start time, state and the thread or core it names; a span ends where the
//! next begins), and [`Events`] holds 16 bytes per event. Both hand out plain [`Span`] and
//! [`Event`] values, and serialize exactly as a list of those would.

use std::ops::Range;

use serde::ser::SerializeSeq;
use serde::{Deserialize, Serialize, Serializer};

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

// ---------------------------------------------------------------------------------------------
// Packed lanes

/// Bits of a span's tag (the low bits of its packed word): state << 18 | is-core << 17 | aux+1.
const AUX_BITS: u32 = 17;
const AUX_IS_CORE: u32 = 1 << AUX_BITS;
const STATE_SHIFT: u32 = AUX_BITS + 1;
/// The largest thread or core index a span can name.
pub const MAX_SPAN_AUX: u32 = (1 << AUX_BITS) - 2;
const _: () = assert!(crate::scenario::MAX_THREADS <= MAX_SPAN_AUX);
const _: () = assert!(crate::scenario::MAX_CORES <= MAX_SPAN_AUX);

/// The packed tag of a span: its state and the thread (core and GIL lanes) or core (thread
/// lanes) it names. A span names at most one: given both, the thread is kept.
#[inline]
pub(crate) fn span_tag(state: State, thread: Option<u32>, core: Option<u32>) -> u32 {
    let aux = match (thread, core) {
        (Some(t), _) => t.min(MAX_SPAN_AUX) + 1,
        (None, Some(c)) => AUX_IS_CORE | (c.min(MAX_SPAN_AUX) + 1),
        (None, None) => 0,
    };
    ((state as u32) << STATE_SHIFT) | aux
}

#[inline]
fn pack_span(start_ns: u64, tag: u32) -> u64 {
    (start_ns.min(MAX_TRACE_NS) << TIME_SHIFT) | u64::from(tag)
}

#[inline]
fn span_start(w: u64) -> u64 {
    w >> TIME_SHIFT
}

#[inline]
fn span_tag_of(w: u64) -> u32 {
    (w & ((1 << TIME_SHIFT) - 1)) as u32
}

#[inline]
fn state_of_tag(tag: u32) -> State {
    STATES[(tag >> STATE_SHIFT) as usize]
}

/// The spans of one lane, in time order and contiguous: each span ends where the next one
/// begins, the last at [`Spans::end_ns`]. Stored as one `u64` per span.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spans {
    /// `start_ns << 22 | tag` (see [`span_tag`]).
    packed: Vec<u64>,
    /// The end of the last span (0 for an empty lane).
    end_ns: u64,
}

static NO_SPANS: Spans = Spans {
    packed: Vec::new(),
    end_ns: 0,
};

impl Spans {
    /// An empty lane.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of spans.
    pub fn len(&self) -> usize {
        self.packed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    /// The end of the last span (0 for an empty lane).
    pub fn end_ns(&self) -> u64 {
        self.end_ns
    }

    /// The end of span `i` (`i < len`): the next span's start, or the lane's end.
    #[inline]
    fn end_at(&self, i: usize) -> u64 {
        match self.packed.get(i + 1) {
            Some(&w) => span_start(w),
            None => self.end_ns,
        }
    }

    /// Span `i`, if there is one.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Span> {
        let w = *self.packed.get(i)?;
        let tag = span_tag_of(w);
        let aux = tag & ((1 << AUX_BITS) - 1);
        let (thread, core) = if aux == 0 {
            (None, None)
        } else if tag & AUX_IS_CORE != 0 {
            (None, Some(aux - 1))
        } else {
            (Some(aux - 1), None)
        };
        Some(Span {
            start_ns: span_start(w),
            end_ns: self.end_at(i),
            state: state_of_tag(tag),
            thread,
            core,
        })
    }

    pub fn first(&self) -> Option<Span> {
        self.get(0)
    }

    pub fn last(&self) -> Option<Span> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// The spans in order.
    pub fn iter(&self) -> SpanIter<'_> {
        PackedIter::new(self, 0..self.len())
    }

    /// The spans with index in `range` (clipped to the lane).
    pub fn range(&self, range: Range<usize>) -> SpanIter<'_> {
        PackedIter::new(self, range)
    }

    /// The index of the first span at or after `from` that ends after `t` (`len` if none): the
    /// span that covers `t`, or the next one. Binary search over `from..len`.
    #[inline]
    pub fn first_ending_after(&self, from: usize, t: u64) -> usize {
        let from = from.min(self.len());
        // Spans starting at or before t, from `from` on: the last of them is the candidate.
        let j = from + self.packed[from..].partition_point(|&w| span_start(w) <= t);
        if j == from {
            return from;
        }
        if j < self.len() || self.end_ns > t {
            j - 1
        } else {
            j
        }
    }

    /// The index of the first span that starts at or after `t` (`len` if none).
    #[inline]
    pub fn first_starting_from(&self, t: u64) -> usize {
        self.packed.partition_point(|&w| span_start(w) < t)
    }

    /// The indices of the spans that overlap `[t0, t1)`.
    pub fn window(&self, t0: u64, t1: u64) -> Range<usize> {
        if t1 <= t0 {
            return 0..0;
        }
        let a = self.first_ending_after(0, t0);
        let b = self.first_starting_from(t1);
        if a >= b { 0..0 } else { a..b }
    }

    /// Appends `[start_ns, end_ns)` in `state`. The lane stays contiguous: a span that starts
    /// after the lane's end first gets an [`State::Idle`] span for the gap, and the part of a
    /// span before the lane's end is clipped off. Empty spans are dropped, except a `done` or
    /// `killed` one at the lane's end (a thread that ended exactly when the run did), which the
    /// next span replaces; a span that continues the last one's state, thread and core extends
    /// it. Times are clamped to [`MAX_TRACE_NS`].
    pub fn push(
        &mut self,
        start_ns: u64,
        end_ns: u64,
        state: State,
        thread: Option<u32>,
        core: Option<u32>,
    ) {
        let end_ns = end_ns.min(MAX_TRACE_NS);
        let start_ns = if self.is_empty() {
            start_ns.min(MAX_TRACE_NS)
        } else {
            start_ns.max(self.end_ns)
        };
        let terminal = end_ns == start_ns
            && matches!(state, State::Done | State::Killed)
            && (self.is_empty() || start_ns == self.end_ns);
        if end_ns <= start_ns && !terminal {
            return;
        }
        // A zero-length terminal span is superseded by whatever follows it.
        if let Some(&last) = self.packed.last()
            && span_start(last) == self.end_ns
        {
            self.packed.pop();
        }
        if terminal {
            self.packed
                .push(pack_span(start_ns, span_tag(state, thread, core)));
            self.end_ns = end_ns;
            return;
        }
        if !self.is_empty() && start_ns > self.end_ns {
            let idle = span_tag(State::Idle, None, None);
            self.push_contiguous(self.end_ns, idle);
        }
        self.push_contiguous(start_ns, span_tag(state, thread, core));
        self.end_ns = end_ns;
    }

    /// Appends a span with `tag` starting at `start_ns`, the current end (or anywhere on an
    /// empty lane), merged into the last span if the tag is the same. The caller sets the end.
    #[inline]
    fn push_contiguous(&mut self, start_ns: u64, tag: u32) {
        if let Some(&last) = self.packed.last()
            && span_tag_of(last) == tag
        {
            return;
        }
        self.packed.push(pack_span(start_ns, tag));
    }

    /// The span covering `t`, or the last span if `t` is exactly the lane's end.
    fn at(&self, t: u64) -> Option<Span> {
        let i = self.first_ending_after(0, t);
        let i = if i < self.len() {
            i
        } else if self.end_ns == t {
            self.len().checked_sub(1)?
        } else {
            return None;
        };
        let s = self.get(i)?;
        (s.start_ns <= t).then_some(s)
    }
}

impl<'a> IntoIterator for &'a Spans {
    type Item = Span;
    type IntoIter = SpanIter<'a>;
    fn into_iter(self) -> SpanIter<'a> {
        self.iter()
    }
}

impl Serialize for Spans {
    /// As a list of [`Span`]s.
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        serialize_list(self, ser)
    }
}

impl FromIterator<Span> for Spans {
    /// Pushes each span in turn (see [`Spans::push`]).
    fn from_iter<I: IntoIterator<Item = Span>>(iter: I) -> Self {
        let mut l = Spans::new();
        for s in iter {
            l.push(s.start_ns, s.end_ns, s.state, s.thread, s.core);
        }
        l
    }
}

/// Packed storage that hands out plain values by index: [`Spans`] and [`Events`].
pub trait Packed {
    type Item;
    fn len(&self) -> usize;
    fn get(&self, i: usize) -> Option<Self::Item>;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Packed for Spans {
    type Item = Span;
    fn len(&self) -> usize {
        Spans::len(self)
    }
    #[inline]
    fn get(&self, i: usize) -> Option<Span> {
        Spans::get(self, i)
    }
}

impl Packed for Events {
    type Item = Event;
    fn len(&self) -> usize {
        Events::len(self)
    }
    #[inline]
    fn get(&self, i: usize) -> Option<Event> {
        Events::get(self, i)
    }
}

/// Serializes packed storage as the list of its values.
fn serialize_list<P: Packed, S: Serializer>(p: &P, ser: S) -> Result<S::Ok, S::Error>
where
    P::Item: Serialize,
{
    let mut seq = ser.serialize_seq(Some(p.len()))?;
    for i in 0..p.len() {
        if let Some(v) = p.get(i) {
            seq.serialize_element(&v)?;
        }
    }
    seq.end()
}

/// An iterator over an index range of packed storage, by value.
#[derive(Clone, Debug)]
pub struct PackedIter<'a, P> {
    packed: &'a P,
    range: Range<usize>,
}

/// An iterator over some of a lane's spans.
pub type SpanIter<'a> = PackedIter<'a, Spans>;
/// An iterator over some of a trace's events.
pub type EventIter<'a> = PackedIter<'a, Events>;

impl<'a, P: Packed> PackedIter<'a, P> {
    /// The values with index in `range`, clipped to the storage.
    fn new(packed: &'a P, range: Range<usize>) -> Self {
        let end = range.end.min(packed.len());
        PackedIter {
            packed,
            range: range.start.min(end)..end,
        }
    }
}

impl<P: Packed> Iterator for PackedIter<'_, P> {
    type Item = P::Item;
    #[inline]
    fn next(&mut self) -> Option<P::Item> {
        let i = self.range.next()?;
        self.packed.get(i)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

impl<P: Packed> DoubleEndedIterator for PackedIter<'_, P> {
    fn next_back(&mut self) -> Option<P::Item> {
        let i = self.range.next_back()?;
        self.packed.get(i)
    }
}

impl<P: Packed> ExactSizeIterator for PackedIter<'_, P> {}

// ---------------------------------------------------------------------------------------------
// Packed events

const KIND_SHIFT: u32 = 17;
/// The largest GIL index an event can name.
pub const MAX_EVENT_GIL: u32 = (1 << KIND_SHIFT) - 2;
const THREAD_SHIFT: u32 = 44;
const PROCESS_SHIFT: u32 = 32;
/// The largest thread index an event can name.
pub const MAX_EVENT_THREAD: u32 = (1 << (64 - THREAD_SHIFT)) - 2;
/// The largest process index an event can name.
pub const MAX_EVENT_PROCESS: u32 = (1 << (THREAD_SHIFT - PROCESS_SHIFT)) - 2;
const _: () = assert!(crate::scenario::MAX_THREADS <= MAX_EVENT_THREAD);
const _: () = assert!(crate::scenario::MAX_PROCESSES <= MAX_EVENT_PROCESS);
const _: () =
    assert!(crate::scenario::MAX_PROCESSES * crate::scenario::MAX_INTERPRETERS <= MAX_EVENT_GIL);

/// One event in 16 bytes: `t_ns << 22 | kind << 17 | gil+1` and
/// `thread+1 << 44 | process+1 << 32 | other+1` (0 for none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct PackedEvent {
    a: u64,
    b: u64,
}

#[inline]
fn field(v: Option<u32>, max: u32) -> u64 {
    v.map_or(0, |v| u64::from(v.min(max)) + 1)
}

#[inline]
fn unfield(v: u64) -> Option<u32> {
    (v != 0).then(|| (v - 1) as u32)
}

impl PackedEvent {
    #[inline]
    fn pack(e: &Event) -> Self {
        PackedEvent {
            a: (e.t_ns.min(MAX_TRACE_NS) << TIME_SHIFT)
                | (u64::from(e.kind as u8) << KIND_SHIFT)
                | field(e.gil, MAX_EVENT_GIL),
            b: (field(e.thread, MAX_EVENT_THREAD) << THREAD_SHIFT)
                | (field(e.process, MAX_EVENT_PROCESS) << PROCESS_SHIFT)
                | field(e.other, u32::MAX - 1),
        }
    }

    #[inline]
    fn t_ns(self) -> u64 {
        self.a >> TIME_SHIFT
    }

    #[inline]
    fn unpack(self) -> Event {
        Event {
            t_ns: self.t_ns(),
            kind: EVENT_KINDS[((self.a >> KIND_SHIFT) & 0x1f) as usize],
            thread: unfield(self.b >> THREAD_SHIFT),
            process: unfield(
                (self.b >> PROCESS_SHIFT) & ((1 << (THREAD_SHIFT - PROCESS_SHIFT)) - 1),
            ),
            gil: unfield(self.a & ((1 << KIND_SHIFT) - 1)),
            other: unfield(self.b & 0xffff_ffff),
        }
    }
}

/// The events of a trace in time order (ties in the order they happened), 16 bytes each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Events {
    packed: Vec<PackedEvent>,
}

impl Events {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.packed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    /// Event `i`, if there is one.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Event> {
        self.packed.get(i).map(|p| p.unpack())
    }

    pub fn first(&self) -> Option<Event> {
        self.get(0)
    }

    pub fn last(&self) -> Option<Event> {
        self.packed.last().map(|p| p.unpack())
    }

    /// The events in order.
    pub fn iter(&self) -> EventIter<'_> {
        PackedIter::new(self, 0..self.len())
    }

    /// The events with index in `range` (clipped).
    pub fn range(&self, range: Range<usize>) -> EventIter<'_> {
        PackedIter::new(self, range)
    }

    /// The number of events before `t` (with `inclusive`, at or before `t`).
    #[inline]
    pub fn count_before(&self, t: u64, inclusive: bool) -> usize {
        if inclusive {
            self.packed.partition_point(|p| p.t_ns() <= t)
        } else {
            self.packed.partition_point(|p| p.t_ns() < t)
        }
    }

    /// Appends an event. Events must come in time order (a trace's queries rely on it);
    /// [`crate::check_invariants`] reports any that do not.
    #[inline]
    pub fn push(&mut self, e: Event) {
        self.packed.push(PackedEvent::pack(&e));
    }
}

impl<'a> IntoIterator for &'a Events {
    type Item = Event;
    type IntoIter = EventIter<'a>;
    fn into_iter(self) -> EventIter<'a> {
        self.iter()
    }
}

impl FromIterator<Event> for Events {
    fn from_iter<I: IntoIterator<Item = Event>>(iter: I) -> Self {
        let mut v = Events::new();
        for e in iter {
            v.push(e);
        }
        v
    }
}

impl Serialize for Events {
    /// As a list of [`Event`]s.
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        serialize_list(self, ser)
    }
}

// ---------------------------------------------------------------------------------------------
// The trace

/// The complete trace of one run. It serializes (to JSON, for the CLI and the golden hashes)
/// with every lane as a list of [`Span`]s and the events as a list of [`Event`]s.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Trace {
    /// Time of the last event; every lane's spans end here.
    pub end_ns: u64,
    /// When the main process exited (the program's wall time).
    pub wall_ns: u64,
    pub cores: u32,
    pub processes: Vec<ProcessInfo>,
    pub threads: Vec<ThreadInfo>,
    pub gils: Vec<GilInfo>,
    pub core_spans: Vec<Spans>,
    pub thread_spans: Vec<Spans>,
    pub gil_spans: Vec<Spans>,
    /// Every event, sorted by time (stable: in the order the engine produced them).
    pub events: Events,
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

/// Records one lane as the engine runs: the current state since when, and the finished spans
/// (dropping empty spans, merging equal neighbours).
#[derive(Clone, Debug)]
pub(crate) struct LaneRec {
    /// The current span's tag and start, if the lane has begun.
    cur: Option<(u32, u64)>,
    spans: Spans,
    enabled: bool,
}

impl LaneRec {
    pub fn new(enabled: bool) -> Self {
        LaneRec {
            cur: None,
            spans: Spans::new(),
            enabled,
        }
    }

    /// From `now` on, the lane is in `state` (naming `thread` or `core`).
    #[inline]
    pub fn set(&mut self, now: u64, state: State, thread: Option<u32>, core: Option<u32>) {
        if !self.enabled {
            return;
        }
        let tag = span_tag(state, thread, core);
        if let Some((cur, since)) = self.cur {
            if cur == tag {
                return;
            }
            // The current span becomes a finished one unless it is empty.
            if now > since {
                self.spans.push_contiguous(since, cur);
            }
        }
        self.cur = Some((tag, now));
    }

    /// Ends the lane at `end` and hands over its spans.
    pub fn finish(&mut self, end: u64) -> Spans {
        if let Some((tag, since)) = self.cur.take() {
            if since < end {
                self.spans.push_contiguous(since, tag);
            } else if matches!(state_of_tag(tag), State::Done | State::Killed) {
                // A thread that ended exactly at the end of the run keeps a zero-length
                // terminal span, so "done" / "killed" stays visible at end_ns.
                self.spans.packed.push(pack_span(end, tag));
            }
        }
        let mut spans = std::mem::take(&mut self.spans);
        if !spans.is_empty() {
            spans.end_ns = end.min(MAX_TRACE_NS);
        }
        spans
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(a: u64, b: u64, state: State, thread: Option<u32>, core: Option<u32>) -> Span {
        Span {
            start_ns: a,
            end_ns: b,
            state,
            thread,
            core,
        }
    }

    #[test]
    fn spans_round_trip_every_state_and_the_largest_indices() {
        let mut want = Vec::new();
        let mut t = 0;
        for (i, &st) in STATES.iter().enumerate() {
            let (thread, core) = match i % 3 {
                0 => (Some(MAX_SPAN_AUX - i as u32), None),
                1 => (None, Some(i as u32)),
                _ => (None, None),
            };
            want.push(sp(t, t + 7 + i as u64, st, thread, core));
            t += 7 + i as u64;
        }
        want.push(sp(t, MAX_TRACE_NS, State::Held, Some(0), None));
        let lane: Spans = want.iter().copied().collect();
        assert_eq!(lane.iter().collect::<Vec<_>>(), want);
        assert_eq!(lane.end_ns(), MAX_TRACE_NS);
        assert_eq!(lane.iter().next_back(), want.last().copied());
        assert_eq!(
            serde_json::to_string(&lane).unwrap(),
            serde_json::to_string(&want).unwrap(),
            "a lane serializes as its list of spans"
        );
    }

    #[test]
    fn push_fills_gaps_with_idle_clips_overlaps_and_merges() {
        let mut l = Spans::new();
        l.push(10, 20, State::Running, None, None);
        l.push(20, 30, State::Running, None, None); // merged
        l.push(25, 40, State::Ready, None, None); // clipped to 30..40
        l.push(50, 60, State::Running, None, Some(1)); // gap 40..50 -> idle
        l.push(55, 55, State::Ready, None, None); // empty: dropped
        l.push(60, 60, State::Done, None, None); // empty, but a terminal "done": kept
        l.push(60, 60, State::Running, None, None); // empty: dropped
        let got: Vec<_> = l.iter().map(|s| (s.start_ns, s.end_ns, s.state)).collect();
        assert_eq!(
            got,
            [
                (10, 30, State::Running),
                (30, 40, State::Ready),
                (40, 50, State::Idle),
                (50, 60, State::Running),
                (60, 60, State::Done)
            ]
        );
        assert_eq!(l.get(3).unwrap().core, Some(1));
    }

    #[test]
    fn lane_queries_match_a_scan() {
        let lane: Spans = [
            sp(5, 10, State::Running, None, Some(0)),
            sp(10, 10, State::Ready, None, None), // dropped
            sp(10, 25, State::WaitingGil, None, None),
            sp(25, 40, State::Running, None, Some(1)),
        ]
        .into_iter()
        .collect();
        let all: Vec<Span> = lane.iter().collect();
        for t in 0..45u64 {
            let scan = all.iter().position(|s| s.end_ns > t).unwrap_or(all.len());
            assert_eq!(lane.first_ending_after(0, t), scan, "t={t}");
            for from in 0..=all.len() {
                assert_eq!(
                    lane.first_ending_after(from, t),
                    scan.max(from),
                    "t={t} from={from}"
                );
            }
            let starting = all
                .iter()
                .position(|s| s.start_ns >= t)
                .unwrap_or(all.len());
            assert_eq!(lane.first_starting_from(t), starting);
            for t1 in t + 1..45 {
                let w: Vec<Span> = lane.range(lane.window(t, t1)).collect();
                let scan: Vec<Span> = all
                    .iter()
                    .copied()
                    .filter(|s| s.start_ns < t1 && s.end_ns > t)
                    .collect();
                assert_eq!(w, scan, "[{t}, {t1})");
            }
            let at = lane.at(t);
            let scan = all
                .iter()
                .copied()
                .find(|s| s.start_ns <= t && t < s.end_ns)
                .or_else(|| all.last().copied().filter(|s| s.end_ns == t));
            assert_eq!(at, scan, "at {t}");
        }
    }

    #[test]
    fn events_round_trip_every_kind_and_the_largest_indices() {
        let want: Vec<Event> = EVENT_KINDS
            .iter()
            .enumerate()
            .map(|(i, &kind)| Event {
                t_ns: if i == 21 { MAX_TRACE_NS } else { i as u64 * 3 },
                kind,
                thread: (i % 2 == 0).then_some(MAX_EVENT_THREAD - i as u32),
                process: (i % 3 == 0).then_some(MAX_EVENT_PROCESS),
                gil: (i % 4 == 0).then_some(MAX_EVENT_GIL),
                other: (i % 5 != 0).then_some(u32::MAX - 1 - i as u32),
            })
            .collect();
        let ev: Events = want.iter().copied().collect();
        assert_eq!(ev.iter().collect::<Vec<_>>(), want);
        assert_eq!(
            serde_json::to_string(&ev).unwrap(),
            serde_json::to_string(&want).unwrap()
        );
        assert_eq!(ev.count_before(3, false), 1);
        assert_eq!(ev.count_before(3, true), 2);
        assert_eq!(std::mem::size_of::<PackedEvent>(), 16);
    }

    #[test]
    fn lane_recorder_drops_empty_spans_and_keeps_a_terminal_done() {
        let mut r = LaneRec::new(true);
        r.set(0, State::Ready, None, None);
        r.set(0, State::Running, None, Some(2)); // the empty "ready" span is dropped
        r.set(4, State::Ready, None, None);
        r.set(4, State::Running, None, Some(2)); // merges back into the first running span
        r.set(9, State::Done, None, None);
        let l = r.finish(9);
        let got: Vec<_> = l.iter().map(|s| (s.start_ns, s.end_ns, s.state)).collect();
        assert_eq!(got, [(0, 9, State::Running), (9, 9, State::Done)]);
        // Rebuilding the lane from its spans keeps the terminal span...
        let again: Spans = l.iter().collect();
        assert_eq!(again, l);
        // ...and a span pushed after it replaces it.
        let mut more = again.clone();
        more.push(9, 12, State::Running, None, Some(2));
        let got: Vec<_> = more
            .iter()
            .map(|s| (s.start_ns, s.end_ns, s.state))
            .collect();
        assert_eq!(got, [(0, 12, State::Running)]);
    }
}
