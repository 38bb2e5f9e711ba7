//! The engine's records: a thread's cursor and what it waits for, cores, GILs, processes, locks
//! and an asyncio event loop. Plain data; the behaviour lives in the sibling modules.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use super::driven::Next;
use super::ids::{CoreId, GilId, LockId, ProcId, TaskId, ThreadId};
use crate::scenario::GilMode;
use crate::trace::{LaneRec, StepMarks};

#[derive(Clone, Debug, Default)]
pub(super) struct Cursor {
    pub(super) prog: u32,
    pub(super) pc: u32,
    /// The iterations left of each enclosing `repeat`, innermost last.
    pub(super) stack: Vec<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Work,
    Overhead,
    Bootstrap,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Then {
    CWork(u64),
    Io(u64),
    Sleep(u64),
    /// Wait until the condition holds (at once if it already does).
    Until(Until),
    Select,
    ExitJoin,
    Exit,
    Retake,
}

/// What a thread can wait for that another thread brings about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Until {
    /// `lock.acquire()`: the lock is free (the thread then holds it).
    Lock(LockId),
    /// `thread.join()`: the thread is done.
    Thread(ThreadId),
    /// A wait of a program the engine runs as it goes (`driven`): the driver says when it is
    /// over; `join` (a join rather than a lock, an event or a queue) is for the trace's state.
    Driver { join: bool },
    /// `process.join()`: the process is done.
    Process(ProcId),
    /// `Thread.start()`'s handshake: the new thread has bootstrapped.
    Started(ThreadId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pending {
    Fetch,
    Compute { left: u64, gil: bool, kind: Kind },
    TakeGil { timed_out: bool },
    Then(Then),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Wait {
    None,
    Io,
    Sleep,
    Select,
    GilCond,
    Switch(Then),
    Until(Until),
    /// The main thread at its end, waiting for the non-daemon threads and child processes.
    Exit,
    Done,
}

pub(super) struct Aio {
    pub(super) tasks: Vec<Cursor>,
    pub(super) ready: VecDeque<TaskId>,
    pub(super) timers: BinaryHeap<Reverse<(u64, u64, TaskId)>>,
    pub(super) current: Option<TaskId>,
    pub(super) remaining: u32,
}

pub(super) struct Th {
    /// Its name for people (the scenario's, or the one the driver gave it).
    pub(super) name: String,
    pub(super) proc: ProcId,
    /// The thread's index in its process (0 is the main thread).
    pub(super) index: u32,
    pub(super) gil: Option<GilId>,
    pub(super) daemon: bool,
    pub(super) main: bool,
    pub(super) cur: Cursor,
    pub(super) aio: Option<Aio>,
    pub(super) pending: Pending,
    pub(super) after_gil: Option<Pending>,
    pub(super) wait: Wait,
    pub(super) holds_gil: bool,
    pub(super) wanting: bool,
    pub(super) gil_saved: u64,
    pub(super) core: Option<CoreId>,
    pub(super) last_core: Option<CoreId>,
    /// It moved to another core since it last computed: its next computation first pays
    /// `os.migration_ns` (cold caches), once it runs (holding the GIL if it needs it).
    pub(super) cold: bool,
    pub(super) in_runq: bool,
    pub(super) ovh_left: u64,
    pub(super) breaker_left: u64,
    pub(super) tick_left: u64,
    pub(super) run_since: u64,
    /// The work clock's reading from which its computation's progress counts: when it began
    /// computing or was last accounted (`progress`), less the fraction of a ns of work it had
    /// done then beyond whole ns.
    pub(super) began: u64,
    pub(super) started: bool,
    pub(super) bootstrapped: bool,
    pub(super) done: bool,
    pub(super) starter: Option<ThreadId>,
    pub(super) joiners: Vec<ThreadId>,
    pub(super) work_ns: u64,
    pub(super) overhead_ns: u64,
    pub(super) rec: LaneRec,
    /// When the thread began each step (recorded with the trace).
    pub(super) steps: StepMarks,
    /// Its program comes from the driver as it runs (`driven.rs`), not from `cur`.
    pub(super) driven: bool,
    /// What a driven thread does once its slice of work is done.
    pub(super) after: Option<Box<After>>,
    /// The deadline of a driven thread's wait, if it has one.
    pub(super) deadline: Option<u64>,
}

/// What a driven thread does after its slice of Python work.
pub(super) enum After {
    /// What the driver said: the waits it ended, then what comes next.
    Slice(Vec<u32>, Next),
    /// `Thread.start()` paid its cost: now the child starts and the handshake follows.
    Spawn(ThreadId),
}

impl Th {
    /// A thread not yet started, at the start of program `prog`.
    pub(super) fn new(
        name: String,
        proc: ProcId,
        index: u32,
        gil: Option<GilId>,
        prog: u32,
        record: bool,
    ) -> Th {
        Th {
            name,
            proc,
            index,
            gil,
            daemon: false,
            main: index == 0,
            cur: Cursor {
                prog,
                pc: 0,
                stack: Vec::new(),
            },
            aio: None,
            pending: Pending::Fetch,
            after_gil: None,
            wait: Wait::None,
            holds_gil: false,
            wanting: false,
            gil_saved: 0,
            core: None,
            last_core: None,
            cold: false,
            in_runq: false,
            ovh_left: 0,
            breaker_left: 0,
            tick_left: 0,
            run_since: 0,
            began: 0,
            started: false,
            bootstrapped: false,
            done: false,
            starter: None,
            joiners: Vec::new(),
            work_ns: 0,
            overhead_ns: 0,
            rec: LaneRec::new(record),
            steps: StepMarks::default(),
            driven: false,
            after: None,
            deadline: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Phase {
    Idle,
    Switch(ThreadId),
    Run(ThreadId),
}

pub(super) struct Core {
    pub(super) phase: Phase,
    pub(super) slice_end: u64,
    pub(super) last: Option<ThreadId>,
    pub(super) rec: LaneRec,
}

pub(super) struct Gil {
    pub(super) holder: Option<ThreadId>,
    pub(super) last_holder: Option<ThreadId>,
    pub(super) switch_number: u64,
    pub(super) drop_request: bool,
    pub(super) cond: Vec<ThreadId>,
    pub(super) switch_waiters: Vec<ThreadId>,
    pub(super) wanting: u32,
    pub(super) rec: LaneRec,
}

pub(super) struct Proc {
    pub(super) started: bool,
    pub(super) done: bool,
    pub(super) parent: Option<ProcId>,
    pub(super) threads: Vec<ThreadId>,
    pub(super) joiners: Vec<ThreadId>,
    pub(super) exit_waiter: Option<ThreadId>,
    pub(super) start_ns: Option<u64>,
    pub(super) end_ns: Option<u64>,
}

pub(super) struct Lock {
    pub(super) holder: Option<ThreadId>,
    pub(super) waiters: Vec<ThreadId>,
}

/// Which of CPython's GIL designs decides when the holder lets go, fixed per run by
/// `runtime.gil`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum GilRules {
    /// CPython 3.2+ (`new`, and `per_interpreter` with one such GIL per interpreter): timed
    /// waits, drop requests, eval-breaker checks and forced switches (`gil.rs`).
    Ceval,
    /// CPython 3.1 and earlier (`old`): a check every `ticks` bytecodes (`gil_old.rs`).
    Ticks,
    /// The free-threaded build: no GIL, Python work a little slower.
    Free,
}

impl GilRules {
    pub(super) fn of(mode: GilMode) -> GilRules {
        match mode {
            GilMode::New | GilMode::PerInterpreter => GilRules::Ceval,
            GilMode::Old => GilRules::Ticks,
            GilMode::FreeThreaded => GilRules::Free,
        }
    }
}
