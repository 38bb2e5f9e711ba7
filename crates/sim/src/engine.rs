//! The discrete-event engine: integer nanoseconds, one seeded PRNG, an event queue ordered by
//! (time, sequence) with one pending event per core, per thread timer and per process boot. It
//! models N cores and the OS run queue (round-robin time slice, context-switch cost), and CPython's GIL as `Python/ceval_gil.c` implements it: a timed
//! condition-variable wait of one switch interval, the drop request when no switch happened
//! meanwhile, the eval-breaker check latency, the forced switch (the dropper waits until another
//! thread took the GIL, then queues again), voluntary release on I/O, sleep, C code and lock
//! waits. Also the old GIL, the free-threaded build, per-interpreter GILs, asyncio event loops,
//! `Thread.start()`'s handshake, process start methods, joins and daemon threads.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::fmt;

use crate::queue::EventQueue;
use crate::rng::SplitMix64;
use crate::scenario::{GilMode, MAX_EVENTS, MAX_SIM_NS, Scenario, StartMethod, Step, WakePolicy};
use crate::trace::{
    Event, EventKind, Events, GilInfo, LaneRec, ProcessInfo, State, ThreadInfo, Trace,
};

const NONE: u32 = u32::MAX;

/// A run that could not complete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimError {
    /// The scenario is invalid.
    Scenario(crate::scenario::ScenarioError),
    /// A cap was hit (named).
    Cap {
        cap: &'static str,
        at_ns: u64,
        detail: String,
    },
    /// Every remaining thread is blocked forever.
    Deadlock { at_ns: u64, blocked: Vec<String> },
    /// A Python-level error (e.g. releasing an unheld lock).
    Runtime {
        at_ns: u64,
        thread: String,
        message: String,
    },
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::Scenario(e) => write!(f, "{e}"),
            SimError::Cap { cap, at_ns, detail } => {
                write!(f, "cap {cap} reached at {at_ns} ns: {detail}")
            }
            SimError::Deadlock { at_ns, blocked } => {
                write!(
                    f,
                    "deadlock at {at_ns} ns: blocked forever: {}",
                    blocked.join(", ")
                )
            }
            SimError::Runtime {
                at_ns,
                thread,
                message,
            } => {
                write!(f, "at {at_ns} ns in thread {thread}: {message}")
            }
        }
    }
}

impl std::error::Error for SimError {}

impl From<crate::scenario::ScenarioError> for SimError {
    fn from(e: crate::scenario::ScenarioError) -> Self {
        SimError::Scenario(e)
    }
}

// ---------------------------------------------------------------------------------------------
// Compiled programs

#[derive(Clone, Copy, Debug)]
enum Op {
    Cpu(u64),
    CRelease(u64),
    Io(u64, u64),
    Sleep(u64),
    AwaitIo(u64, u64),
    AwaitSleep(u64),
    ThreadCost,
    SpawnThread(u32),
    JoinThread(u32),
    ProcCost(u32),
    SpawnProcess(u32),
    JoinProcess(u32),
    Acquire(u32),
    Release(u32),
    RepStart { count: u32, end: u32 },
    RepEnd { start: u32 },
    Asyncio(u32),
    End,
}

struct Compiler<'a> {
    sc: &'a Scenario,
    progs: Vec<Vec<Op>>,
    loops: Vec<Vec<(String, u32)>>,
    locks: Vec<(u32, String)>,
    thread_base: Vec<u32>,
}

impl Compiler<'_> {
    fn lock_id(&mut self, p: u32, name: &str) -> u32 {
        if let Some(i) = self.locks.iter().position(|(lp, n)| *lp == p && n == name) {
            return i as u32;
        }
        self.locks.push((p, name.to_string()));
        (self.locks.len() - 1) as u32
    }

    fn compile(&mut self, p: u32, steps: &[Step], out: &mut Vec<Op>) {
        let proc = &self.sc.processes[p as usize];
        for s in steps {
            match s {
                Step::Cpu { ns } => out.push(Op::Cpu(*ns)),
                Step::CRelease { ns } => out.push(Op::CRelease(*ns)),
                Step::Io { ns, jitter_ns } => out.push(Op::Io(*ns, *jitter_ns)),
                Step::Sleep { ns } => out.push(Op::Sleep(*ns)),
                Step::AwaitIo { ns, jitter_ns } => out.push(Op::AwaitIo(*ns, *jitter_ns)),
                Step::AwaitSleep { ns } => out.push(Op::AwaitSleep(*ns)),
                Step::StartThread { thread } => {
                    let ti = proc
                        .threads
                        .iter()
                        .position(|t| &t.name == thread)
                        .unwrap_or(0);
                    out.push(Op::ThreadCost);
                    out.push(Op::SpawnThread(self.thread_base[p as usize] + ti as u32));
                }
                Step::JoinThread { thread } => {
                    let ti = proc
                        .threads
                        .iter()
                        .position(|t| &t.name == thread)
                        .unwrap_or(0);
                    out.push(Op::JoinThread(self.thread_base[p as usize] + ti as u32));
                }
                Step::StartProcess { process } => {
                    let pj = self
                        .sc
                        .processes
                        .iter()
                        .position(|q| &q.name == process)
                        .unwrap_or(0);
                    out.push(Op::ProcCost(pj as u32));
                    out.push(Op::SpawnProcess(pj as u32));
                }
                Step::JoinProcess { process } => {
                    let pj = self
                        .sc
                        .processes
                        .iter()
                        .position(|q| &q.name == process)
                        .unwrap_or(0);
                    out.push(Op::JoinProcess(pj as u32));
                }
                Step::Acquire { lock } => {
                    let l = self.lock_id(p, lock);
                    out.push(Op::Acquire(l));
                }
                Step::Release { lock } => {
                    let l = self.lock_id(p, lock);
                    out.push(Op::Release(l));
                }
                Step::Repeat { count, body } => {
                    let start = out.len();
                    out.push(Op::RepStart {
                        count: *count,
                        end: 0,
                    });
                    self.compile(p, body, out);
                    let end = out.len();
                    out.push(Op::RepEnd {
                        start: start as u32,
                    });
                    out[start] = Op::RepStart {
                        count: *count,
                        end: end as u32,
                    };
                }
                Step::Asyncio { tasks } => {
                    let mut ids = Vec::new();
                    for t in tasks {
                        let mut body = Vec::new();
                        self.compile(p, &t.program, &mut body);
                        body.push(Op::End);
                        self.progs.push(body);
                        ids.push((t.name.clone(), (self.progs.len() - 1) as u32));
                    }
                    self.loops.push(ids);
                    out.push(Op::Asyncio((self.loops.len() - 1) as u32));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Runtime state

#[derive(Clone, Debug, Default)]
struct Cursor {
    prog: u32,
    pc: u32,
    stack: Vec<(u32, u32)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Work,
    Overhead,
    Bootstrap,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Then {
    CWork(u64),
    Io(u64),
    Sleep(u64),
    Lock(u32),
    JoinThread(u32),
    JoinProcess(u32),
    Handshake(u32),
    Select,
    ExitJoin,
    Exit,
    Retake,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pending {
    Fetch,
    Compute { left: u64, gil: bool, kind: Kind },
    TakeGil { timed_out: bool },
    Then(Then),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wait {
    None,
    Io,
    Sleep,
    Select,
    GilCond,
    Switch(Then),
    Lock,
    Join,
    Handshake,
    Done,
}

struct Aio {
    tasks: Vec<Cursor>,
    ready: VecDeque<u32>,
    timers: BinaryHeap<Reverse<(u64, u64, u32)>>,
    current: Option<u32>,
    remaining: u32,
}

struct Th {
    proc: u32,
    gil: u32,
    daemon: bool,
    main: bool,
    cur: Cursor,
    aio: Option<Aio>,
    pending: Pending,
    after_gil: Option<Pending>,
    wait: Wait,
    holds_gil: bool,
    wanting: bool,
    gil_saved: u64,
    core: u32,
    last_core: u32,
    in_runq: bool,
    ovh_left: u64,
    breaker_left: u64,
    tick_left: u64,
    run_since: u64,
    started: bool,
    bootstrapped: bool,
    done: bool,
    starter: u32,
    joiners: Vec<u32>,
    work_ns: u64,
    overhead_ns: u64,
    rec: LaneRec,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Idle,
    Switch(u32),
    Run(u32),
}

struct Core {
    phase: Phase,
    slice_end: u64,
    last: u32,
    rec: LaneRec,
}

struct Gil {
    holder: u32,
    last_holder: u32,
    switch_number: u64,
    drop_request: bool,
    cond: Vec<u32>,
    switch_waiters: Vec<u32>,
    wanting: u32,
    rec: LaneRec,
}

struct Proc {
    started: bool,
    done: bool,
    parent: u32,
    threads: Vec<u32>,
    joiners: Vec<u32>,
    exit_waiter: u32,
    start_ns: Option<u64>,
    end_ns: Option<u64>,
}

struct Lock {
    holder: u32,
    waiters: Vec<u32>,
}

/// Runs a scenario to completion and returns its trace.
pub fn simulate(sc: &Scenario) -> Result<Trace, SimError> {
    sc.validate()?;
    let mut e = Engine::new(sc, true);
    e.run()?;
    Ok(e.finish())
}

/// Runs a scenario like [`simulate`] (the same decisions, the same times) but records no spans
/// and no events: the returned trace has `wall_ns`, `end_ns`, `engine_events` and the per-thread
/// `work_ns` / `overhead_ns`, with empty lanes. Several times faster; [`crate::compare`] and
/// [`crate::predict`] use it.
pub fn simulate_untraced(sc: &Scenario) -> Result<Trace, SimError> {
    sc.validate()?;
    let mut e = Engine::new(sc, false);
    e.run()?;
    Ok(e.finish())
}

struct Engine<'a> {
    sc: &'a Scenario,
    mode: GilMode,
    now: u64,
    seq: u64,
    /// Each core's next stop (slot = core). Kept apart from the timers so that the frequent
    /// core events sift through a small heap.
    core_q: EventQueue,
    /// Thread `t`'s timer (slot `t`) and the boot of the process whose main thread is `t`
    /// (slot `threads + t`).
    timer_q: EventQueue,
    rng: SplitMix64,
    progs: Vec<Vec<Op>>,
    loops: Vec<Vec<(String, u32)>>,
    threads: Vec<Th>,
    cores: Vec<Core>,
    idle_cores: u32,
    gils: Vec<Gil>,
    gil_info: Vec<GilInfo>,
    procs: Vec<Proc>,
    locks: Vec<Lock>,
    runq: VecDeque<u32>,
    events: Events,
    engine_events: u64,
    forkserver_started: bool,
    error: Option<SimError>,
    wall_ns: u64,
    record: bool,
}

impl<'a> Engine<'a> {
    fn new(sc: &'a Scenario, record: bool) -> Self {
        let mode = sc.runtime.gil;
        let mut thread_base = Vec::new();
        let mut n = 0u32;
        for p in &sc.processes {
            thread_base.push(n);
            n += p.threads.len() as u32;
        }
        let mut comp = Compiler {
            sc,
            progs: Vec::new(),
            loops: Vec::new(),
            locks: Vec::new(),
            thread_base,
        };
        // Thread programs first, so thread i has program i; task programs are appended after.
        let mut thread_progs = Vec::new();
        for (pi, p) in sc.processes.iter().enumerate() {
            for t in &p.threads {
                let mut out = Vec::new();
                comp.compile(pi as u32, &t.program, &mut out);
                out.push(Op::End);
                thread_progs.push(out);
            }
        }
        let task_progs = std::mem::take(&mut comp.progs);
        let nthreads = thread_progs.len() as u32;
        let mut progs = thread_progs;
        progs.extend(task_progs);
        let loops: Vec<Vec<(String, u32)>> = comp
            .loops
            .iter()
            .map(|l| l.iter().map(|(n, id)| (n.clone(), id + nthreads)).collect())
            .collect();
        let locks = comp
            .locks
            .iter()
            .map(|_| Lock {
                holder: NONE,
                waiters: Vec::new(),
            })
            .collect();

        let mut gils = Vec::new();
        let mut gil_info = Vec::new();
        let mut procs = Vec::new();
        let mut threads = Vec::new();
        for (pi, p) in sc.processes.iter().enumerate() {
            let base_gil = gils.len() as u32;
            let ngils = match mode {
                GilMode::FreeThreaded => 0,
                GilMode::PerInterpreter => p.interpreters,
                _ => 1,
            };
            for i in 0..ngils {
                gils.push(Gil {
                    holder: NONE,
                    last_holder: NONE,
                    switch_number: 0,
                    drop_request: false,
                    cond: Vec::new(),
                    switch_waiters: Vec::new(),
                    wanting: 0,
                    rec: LaneRec::new(record),
                });
                gil_info.push(GilInfo {
                    process: pi as u32,
                    interpreter: i,
                });
            }
            let mut tids = Vec::new();
            for (ti, t) in p.threads.iter().enumerate() {
                let tid = threads.len() as u32;
                tids.push(tid);
                let gil = match mode {
                    GilMode::FreeThreaded => NONE,
                    GilMode::PerInterpreter => base_gil + t.interpreter,
                    _ => base_gil,
                };
                threads.push(Th {
                    proc: pi as u32,
                    gil,
                    daemon: t.daemon,
                    main: ti == 0,
                    cur: Cursor {
                        prog: tid,
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
                    core: NONE,
                    last_core: NONE,
                    in_runq: false,
                    ovh_left: 0,
                    breaker_left: 0,
                    tick_left: 0,
                    run_since: 0,
                    started: false,
                    bootstrapped: false,
                    done: false,
                    starter: NONE,
                    joiners: Vec::new(),
                    work_ns: 0,
                    overhead_ns: 0,
                    rec: LaneRec::new(record),
                });
            }
            procs.push(Proc {
                started: false,
                done: false,
                parent: NONE,
                threads: tids,
                joiners: Vec::new(),
                exit_waiter: NONE,
                start_ns: None,
                end_ns: None,
            });
        }
        let cores = (0..sc.machine.cores)
            .map(|_| {
                let mut rec = LaneRec::new(record);
                rec.set(0, State::Idle, None, None);
                Core {
                    phase: Phase::Idle,
                    slice_end: 0,
                    last: NONE,
                    rec,
                }
            })
            .collect();
        for g in gils.iter_mut() {
            g.rec.set(0, State::Free, None, None);
        }
        Engine {
            sc,
            mode,
            now: 0,
            seq: 0,
            core_q: EventQueue::new(sc.machine.cores),
            timer_q: EventQueue::new(2 * nthreads),
            rng: SplitMix64::new(sc.seed),
            progs,
            loops,
            threads,
            cores,
            idle_cores: sc.machine.cores,
            gils,
            gil_info,
            procs,
            locks,
            runq: VecDeque::new(),
            events: Events::new(),
            engine_events: 0,
            forkserver_started: false,
            error: None,
            wall_ns: 0,
            record,
        }
    }

    // ------------------------------------------------------------------ helpers

    /// Plans core `c`'s next stop, replacing its pending one. Engine events of equal time run
    /// in the order they were planned, across both queues.
    fn plan_core(&mut self, at: u64, c: u32) {
        self.seq += 1;
        self.core_q.schedule(c, at, self.seq);
    }

    /// Plans thread `tid`'s timer, replacing its pending one.
    fn set_timer(&mut self, tid: u32, at: u64) {
        self.plan_timer_slot(tid, at);
    }

    /// Plans an event in the timer queue: a thread's timer (slot = thread) or a process's boot
    /// (slot = threads + its main thread).
    fn plan_timer_slot(&mut self, slot: u32, at: u64) {
        self.seq += 1;
        self.timer_q.schedule(slot, at, self.seq);
    }

    /// The earliest engine event of both queues: `(time, is-core, slot, id)`.
    #[inline]
    fn next_event(&mut self) -> Option<(u64, bool, u32, u64)> {
        match (self.core_q.peek(), self.timer_q.peek()) {
            (Some(c), Some(t)) => Some(if (c.0, c.2) < (t.0, t.2) {
                (c.0, true, c.1, c.2)
            } else {
                (t.0, false, t.1, t.2)
            }),
            (Some(c), None) => Some((c.0, true, c.1, c.2)),
            (None, Some(t)) => Some((t.0, false, t.1, t.2)),
            (None, None) => None,
        }
    }

    fn event(&mut self, kind: EventKind, thread: u32, gil: u32, other: u32) {
        if !self.record {
            return;
        }
        let process = if thread != NONE {
            Some(self.threads[thread as usize].proc)
        } else {
            None
        };
        self.events.push(Event {
            t_ns: self.now,
            kind,
            thread: opt(thread),
            process,
            gil: opt(gil),
            other: opt(other),
        });
    }

    fn set_state(&mut self, tid: u32, st: State) {
        let now = self.now;
        let t = &mut self.threads[tid as usize];
        let core = if matches!(st, State::Running | State::Starting) {
            opt(t.core)
        } else {
            None
        };
        t.rec.set(now, st, None, core);
    }

    fn set_core(&mut self, c: u32, phase: Phase) {
        let now = self.now;
        let core = &mut self.cores[c as usize];
        let was_idle = core.phase == Phase::Idle;
        core.phase = phase;
        match phase {
            Phase::Idle => {
                core.rec.set(now, State::Idle, None, None);
                if !was_idle {
                    self.idle_cores += 1;
                }
            }
            Phase::Switch(t) => {
                core.rec.set(now, State::ContextSwitch, Some(t), None);
                if was_idle {
                    self.idle_cores -= 1;
                }
            }
            Phase::Run(t) => {
                core.rec.set(now, State::Running, Some(t), None);
                if was_idle {
                    self.idle_cores -= 1;
                }
            }
        }
    }

    fn pick(&mut self, n: usize) -> usize {
        match self.sc.os.wake {
            WakePolicy::Fifo => 0,
            WakePolicy::Random => self.rng.below(n as u64) as usize,
        }
    }

    fn runtime_err(&mut self, tid: u32, message: String) {
        if self.error.is_none() {
            let p = self.threads[tid as usize].proc as usize;
            let proc = &self.sc.processes[p];
            let ti = self.procs[p]
                .threads
                .iter()
                .position(|&x| x == tid)
                .unwrap_or(0);
            self.error = Some(SimError::Runtime {
                at_ns: self.now,
                thread: format!("{}/{}", proc.name, proc.threads[ti].name),
                message,
            });
        }
    }

    // ------------------------------------------------------------------ main loop

    fn run(&mut self) -> Result<(), SimError> {
        // The main process starts at time 0 with its main thread.
        self.start_process(0, NONE);
        let nthreads = self.threads.len() as u32;
        while let Some((t, is_core, slot, id)) = self.next_event() {
            let lim = &self.sc.limits;
            if t > lim.max_sim_ns {
                return Err(SimError::Cap {
                    cap: if lim.max_sim_ns == MAX_SIM_NS {
                        "MAX_SIM_NS"
                    } else {
                        "limits.max_sim_ns"
                    },
                    at_ns: self.now,
                    detail: format!("simulated time would pass {} ns", lim.max_sim_ns),
                });
            }
            self.engine_events += 1;
            if self.engine_events > lim.max_events {
                return Err(SimError::Cap {
                    cap: if lim.max_events == MAX_EVENTS {
                        "MAX_EVENTS"
                    } else {
                        "limits.max_events"
                    },
                    at_ns: self.now,
                    detail: format!("more than {} engine events", lim.max_events),
                });
            }
            self.now = t;
            if is_core {
                self.core_event(slot);
                self.core_q.retire(slot, id);
            } else {
                if slot < nthreads {
                    self.timer_event(slot);
                } else {
                    self.wake(slot - nthreads);
                }
                self.timer_q.retire(slot, id);
            }
            if let Some(e) = self.error.take() {
                return Err(e);
            }
        }
        let blocked: Vec<String> = (0..self.threads.len() as u32)
            .filter(|&t| {
                let th = &self.threads[t as usize];
                th.started && !th.done
            })
            .map(|t| self.label(t))
            .collect();
        if !blocked.is_empty() {
            return Err(SimError::Deadlock {
                at_ns: self.now,
                blocked,
            });
        }
        Ok(())
    }

    fn label(&self, tid: u32) -> String {
        let th = &self.threads[tid as usize];
        let p = &self.sc.processes[th.proc as usize];
        let ti = self.procs[th.proc as usize]
            .threads
            .iter()
            .position(|&x| x == tid)
            .unwrap_or(0);
        format!("{}/{}", p.name, p.threads[ti].name)
    }

    fn finish(mut self) -> Trace {
        let end = self.now;
        let threads_info = self
            .threads
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let p = &self.sc.processes[t.proc as usize];
                let ti = self.procs[t.proc as usize]
                    .threads
                    .iter()
                    .position(|&x| x == i as u32)
                    .unwrap_or(0);
                ThreadInfo {
                    name: p.threads[ti].name.clone(),
                    process: t.proc,
                    gil: opt(t.gil),
                    daemon: t.daemon,
                    work_ns: t.work_ns,
                    overhead_ns: t.overhead_ns,
                }
            })
            .collect();
        let processes = self
            .procs
            .iter()
            .enumerate()
            .map(|(pi, p)| ProcessInfo {
                name: self.sc.processes[pi].name.clone(),
                threads: p.threads.clone(),
                gils: self
                    .gil_info
                    .iter()
                    .enumerate()
                    .filter(|(_, g)| g.process == pi as u32)
                    .map(|(i, _)| i as u32)
                    .collect(),
                start_ns: p.start_ns,
                end_ns: p.end_ns,
            })
            .collect();
        Trace {
            end_ns: end,
            wall_ns: self.wall_ns,
            cores: self.sc.machine.cores,
            processes,
            threads: threads_info,
            gils: self.gil_info.clone(),
            core_spans: self.cores.iter_mut().map(|c| c.rec.finish(end)).collect(),
            thread_spans: self.threads.iter_mut().map(|t| t.rec.finish(end)).collect(),
            gil_spans: self.gils.iter_mut().map(|g| g.rec.finish(end)).collect(),
            events: std::mem::take(&mut self.events),
            engine_events: self.engine_events,
        }
    }

    // ------------------------------------------------------------------ OS: cores, run queue

    /// Makes a blocked (or new) thread runnable: onto an idle core, or into the run queue.
    fn wake(&mut self, tid: u32) {
        let t = &mut self.threads[tid as usize];
        if t.done || t.in_runq || t.core != NONE {
            return;
        }
        t.wait = Wait::None;
        self.timer_q.cancel(tid);
        self.set_state(tid, State::Ready);
        if self.idle_cores > 0 {
            let last = self.threads[tid as usize].last_core;
            let c = if last != NONE && self.cores[last as usize].phase == Phase::Idle {
                last
            } else {
                self.cores
                    .iter()
                    .position(|c| c.phase == Phase::Idle)
                    .map(|i| i as u32)
                    .unwrap_or(NONE)
            };
            if c != NONE {
                self.dispatch(c, tid);
                return;
            }
        }
        self.threads[tid as usize].in_runq = true;
        self.runq.push_back(tid);
    }

    fn dispatch(&mut self, c: u32, tid: u32) {
        // A context switch (or, from idle, the wake-up latency) before the thread runs, with a
        // seeded jitter: the OS's timing noise decides races between threads.
        let j = self.sc.os.switch_jitter_ns;
        let cs = self.sc.os.context_switch_ns.saturating_add(if j > 0 {
            self.rng.below(j + 1)
        } else {
            0
        });
        {
            let t = &mut self.threads[tid as usize];
            t.core = c;
            t.in_runq = false;
        }
        self.set_core(c, Phase::Switch(tid));
        self.set_state(tid, State::Ready);
        let at = self.now.saturating_add(cs);
        self.plan_core(at, c);
    }

    /// The thread on core `c` stopped using it (blocked, finished, preempted).
    fn release_core(&mut self, c: u32) {
        let tid = match self.cores[c as usize].phase {
            Phase::Run(t) | Phase::Switch(t) => t,
            Phase::Idle => NONE,
        };
        if tid != NONE {
            let t = &mut self.threads[tid as usize];
            t.core = NONE;
            t.last_core = c;
            self.cores[c as usize].last = tid;
        }
        self.core_q.cancel(c);
        self.set_core(c, Phase::Idle);
        if let Some(next) = self.runq.pop_front() {
            self.dispatch(c, next);
        }
    }

    fn core_event(&mut self, c: u32) {
        match self.cores[c as usize].phase {
            Phase::Idle => {}
            Phase::Switch(tid) => {
                self.set_core(c, Phase::Run(tid));
                let slice = self.sc.os.time_slice_ns;
                self.cores[c as usize].slice_end = self.now.saturating_add(slice);
                self.threads[tid as usize].run_since = self.now;
                self.exec(tid);
            }
            Phase::Run(tid) => {
                self.progress(tid);
                if self.now >= self.cores[c as usize].slice_end {
                    if !self.runq.is_empty() {
                        self.event(EventKind::Preempt, tid, NONE, NONE);
                        self.release_core(c);
                        let t = &mut self.threads[tid as usize];
                        t.in_runq = true;
                        self.runq.push_back(tid);
                        self.set_state(tid, State::Ready);
                        return;
                    }
                    let slice = self.sc.os.time_slice_ns;
                    self.cores[c as usize].slice_end = self.now.saturating_add(slice);
                }
                let t = &self.threads[tid as usize];
                let g = t.gil;
                if t.holds_gil && g != NONE && t.ovh_left == 0 {
                    let in_gil_compute =
                        matches!(t.pending, Pending::Compute { left, gil: true, .. } if left > 0);
                    if in_gil_compute {
                        if self.gils[g as usize].drop_request
                            && t.breaker_left == 0
                            && self.is_new_gil()
                        {
                            self.forced_drop(tid);
                            return;
                        }
                        if self.mode == GilMode::Old && t.tick_left == 0 {
                            self.old_gil_check(tid);
                        }
                    }
                }
                self.exec(tid);
            }
        }
    }

    fn is_new_gil(&self) -> bool {
        matches!(self.mode, GilMode::New | GilMode::PerInterpreter)
    }

    /// Accounts the time the thread on a core ran since `run_since`.
    fn progress(&mut self, tid: u32) {
        let now = self.now;
        let t = &mut self.threads[tid as usize];
        let mut elapsed = now.saturating_sub(t.run_since);
        t.run_since = now;
        if t.holds_gil {
            t.breaker_left = t.breaker_left.saturating_sub(elapsed);
        }
        let a = elapsed.min(t.ovh_left);
        t.ovh_left -= a;
        t.overhead_ns = t.overhead_ns.saturating_add(a);
        elapsed -= a;
        if let Pending::Compute { left, gil, kind } = t.pending {
            let c = elapsed.min(left);
            if t.holds_gil {
                // Old-GIL ticks count bytecodes, i.e. Python work, not overheads.
                t.tick_left = t.tick_left.saturating_sub(c);
            }
            t.pending = Pending::Compute {
                left: left - c,
                gil,
                kind,
            };
            if kind == Kind::Work {
                t.work_ns = t.work_ns.saturating_add(c);
            } else {
                t.overhead_ns = t.overhead_ns.saturating_add(c);
            }
        }
    }

    /// Schedules the next stop of the running thread `tid` (it has work left).
    fn schedule_run(&mut self, tid: u32) {
        let c = self.threads[tid as usize].core;
        let t = &self.threads[tid as usize];
        let compute_left = match t.pending {
            Pending::Compute { left, .. } => left,
            _ => 0,
        };
        let mut d = t.ovh_left.saturating_add(compute_left);
        let slice_end = self.cores[c as usize].slice_end;
        d = d.min(slice_end.saturating_sub(self.now).max(1));
        if t.holds_gil && t.gil != NONE {
            let in_gil_compute = matches!(t.pending, Pending::Compute { gil: true, .. });
            if self.gils[t.gil as usize].drop_request && self.is_new_gil() {
                d = d.min(t.breaker_left.saturating_add(t.ovh_left).max(1));
            }
            if self.mode == GilMode::Old && in_gil_compute {
                d = d.min(t.ovh_left.saturating_add(t.tick_left).max(1));
            }
        }
        let st = match t.pending {
            Pending::Compute {
                kind: Kind::Bootstrap,
                ..
            } => State::Starting,
            _ => State::Running,
        };
        self.set_state(tid, st);
        let at = self.now.saturating_add(d);
        self.plan_core(at, c);
    }

    /// Blocks the thread currently on a core.
    fn block(&mut self, tid: u32, w: Wait, st: State) {
        let c = self.threads[tid as usize].core;
        if c != NONE {
            self.progress(tid);
            self.release_core(c);
        }
        let t = &mut self.threads[tid as usize];
        t.wait = w;
        self.set_state(tid, st);
    }

    fn timer_event(&mut self, tid: u32) {
        let w = self.threads[tid as usize].wait;
        match w {
            Wait::Io | Wait::Select => {
                if w == Wait::Io {
                    self.event(EventKind::IoEnd, tid, NONE, NONE);
                }
                self.threads[tid as usize].pending = Pending::Fetch;
                self.wake(tid);
            }
            Wait::Sleep => {
                self.event(EventKind::SleepEnd, tid, NONE, NONE);
                self.threads[tid as usize].pending = Pending::Fetch;
                self.wake(tid);
            }
            Wait::GilCond => {
                let g = self.threads[tid as usize].gil as usize;
                self.gils[g].cond.retain(|&x| x != tid);
                self.threads[tid as usize].pending = Pending::TakeGil { timed_out: true };
                self.wake(tid);
            }
            _ => {}
        }
    }

    // ------------------------------------------------------------------ the thread's program

    /// Runs the thread that is on a core until it computes (schedules a stop) or blocks.
    fn exec(&mut self, tid: u32) {
        loop {
            if self.error.is_some() {
                return;
            }
            let t = &self.threads[tid as usize];
            if t.core == NONE || t.done {
                return;
            }
            if t.ovh_left > 0 {
                self.schedule_run(tid);
                return;
            }
            match t.pending {
                Pending::Compute { left, gil, kind } => {
                    if left > 0 {
                        if gil && t.holds_gil && t.gil != NONE && self.is_new_gil() {
                            let g = t.gil as usize;
                            if self.gils[g].drop_request && t.breaker_left == 0 {
                                self.forced_drop(tid);
                                return;
                            }
                        }
                        self.schedule_run(tid);
                        return;
                    }
                    if kind == Kind::Bootstrap {
                        self.bootstrapped(tid);
                    }
                    self.threads[tid as usize].pending = Pending::Fetch;
                }
                Pending::TakeGil { timed_out } => {
                    if !self.attempt_take(tid, timed_out) {
                        return;
                    }
                }
                Pending::Then(then) => {
                    self.threads[tid as usize].pending = Pending::Fetch;
                    if !self.do_then(tid, then) {
                        return;
                    }
                }
                Pending::Fetch => {
                    // Python code runs only with the GIL.
                    if t.gil != NONE && !t.holds_gil {
                        self.threads[tid as usize].after_gil = Some(Pending::Fetch);
                        self.threads[tid as usize].pending = Pending::TakeGil { timed_out: false };
                        continue;
                    }
                    if t.gil != NONE
                        && self.is_new_gil()
                        && self.gils[t.gil as usize].drop_request
                        && t.breaker_left == 0
                    {
                        self.forced_drop(tid);
                        return;
                    }
                    if !self.fetch(tid) {
                        return;
                    }
                }
            }
        }
    }

    /// Executes program ops until one takes time or blocks. Returns false if the thread
    /// left its core.
    fn fetch(&mut self, tid: u32) -> bool {
        if self.threads[tid as usize].aio.is_some() {
            return self.fetch_aio(tid);
        }
        let (prog, pc) = {
            let c = &self.threads[tid as usize].cur;
            (c.prog, c.pc)
        };
        let op = self.progs[prog as usize][pc as usize];
        let adv = |e: &mut Self| e.threads[tid as usize].cur.pc += 1;
        match op {
            Op::Cpu(ns) => {
                adv(self);
                let ns = self.scale_cpu(ns);
                self.threads[tid as usize].pending = Pending::Compute {
                    left: ns,
                    gil: true,
                    kind: Kind::Work,
                };
                true
            }
            Op::CRelease(ns) => {
                adv(self);
                self.release_gil(tid, Then::CWork(ns), false)
            }
            Op::Io(ns, j) => {
                adv(self);
                let d = self.jitter(ns, j);
                self.release_gil(tid, Then::Io(d), false)
            }
            Op::Sleep(ns) => {
                adv(self);
                self.release_gil(tid, Then::Sleep(ns), false)
            }
            Op::AwaitIo(..) | Op::AwaitSleep(..) => {
                // Validation keeps these inside tasks; outside, treat as no-ops.
                adv(self);
                true
            }
            Op::ThreadCost => {
                adv(self);
                let ns = self.sc.runtime.thread_create_ns;
                self.threads[tid as usize].pending = Pending::Compute {
                    left: ns,
                    gil: true,
                    kind: Kind::Overhead,
                };
                true
            }
            Op::SpawnThread(child) => {
                adv(self);
                self.spawn_thread(child, tid);
                if self.threads[child as usize].bootstrapped {
                    true
                } else {
                    self.release_gil(tid, Then::Handshake(child), false)
                }
            }
            Op::JoinThread(other) => {
                adv(self);
                let o = &self.threads[other as usize];
                if !o.started {
                    let name = self.label(other);
                    self.runtime_err(
                        tid,
                        format!("RuntimeError: cannot join thread {name} before it is started"),
                    );
                    return false;
                }
                if o.done {
                    true
                } else {
                    self.release_gil(tid, Then::JoinThread(other), false)
                }
            }
            Op::ProcCost(p) => {
                adv(self);
                let m = self.sc.processes[p as usize].start_method;
                let mut ns = self.sc.start_costs.of(m).parent_ns;
                if m == StartMethod::Forkserver && !self.forkserver_started {
                    self.forkserver_started = true;
                    ns = ns.saturating_add(self.sc.start_costs.forkserver_first_ns);
                }
                self.threads[tid as usize].pending = Pending::Compute {
                    left: ns,
                    gil: true,
                    kind: Kind::Overhead,
                };
                true
            }
            Op::SpawnProcess(p) => {
                adv(self);
                let me = self.threads[tid as usize].proc;
                self.start_process(p, me);
                true
            }
            Op::JoinProcess(p) => {
                adv(self);
                if !self.procs[p as usize].started {
                    let name = self.sc.processes[p as usize].name.clone();
                    self.runtime_err(
                        tid,
                        format!("AssertionError: can only join a started process ({name})"),
                    );
                    return false;
                }
                if self.procs[p as usize].done {
                    true
                } else {
                    self.release_gil(tid, Then::JoinProcess(p), false)
                }
            }
            Op::Acquire(l) => {
                adv(self);
                if self.locks[l as usize].holder == NONE {
                    self.locks[l as usize].holder = tid;
                    self.event(EventKind::LockAcquire, tid, NONE, l);
                    true
                } else {
                    self.release_gil(tid, Then::Lock(l), false)
                }
            }
            Op::Release(l) => {
                adv(self);
                if self.locks[l as usize].holder != tid {
                    self.runtime_err(
                        tid,
                        "RuntimeError: release unlocked lock (or a lock held by another thread)"
                            .into(),
                    );
                    return false;
                }
                self.locks[l as usize].holder = NONE;
                self.event(EventKind::LockRelease, tid, NONE, l);
                if !self.locks[l as usize].waiters.is_empty() {
                    let n = self.locks[l as usize].waiters.len();
                    let i = self.pick(n);
                    let w = self.locks[l as usize].waiters.remove(i);
                    self.threads[w as usize].pending = Pending::Then(Then::Lock(l));
                    self.wake(w);
                }
                true
            }
            Op::RepStart { count, end } => {
                let c = &mut self.threads[tid as usize].cur;
                let _ = end;
                c.stack.push((pc + 1, count));
                c.pc += 1;
                true
            }
            Op::RepEnd { start } => {
                let c = &mut self.threads[tid as usize].cur;
                if let Some(top) = c.stack.last_mut() {
                    top.1 = top.1.saturating_sub(1);
                    if top.1 > 0 {
                        c.pc = start + 1;
                        return true;
                    }
                }
                c.stack.pop();
                c.pc += 1;
                true
            }
            Op::Asyncio(l) => {
                let ids: Vec<u32> = self.loops[l as usize].iter().map(|(_, id)| *id).collect();
                let n = ids.len() as u32;
                self.threads[tid as usize].aio = Some(Aio {
                    tasks: ids
                        .iter()
                        .map(|&p| Cursor {
                            prog: p,
                            pc: 0,
                            stack: Vec::new(),
                        })
                        .collect(),
                    ready: (0..n).collect(),
                    timers: BinaryHeap::new(),
                    current: None,
                    remaining: n,
                });
                true
            }
            Op::End => {
                let t = &self.threads[tid as usize];
                if t.main {
                    self.release_gil(tid, Then::ExitJoin, false)
                } else {
                    self.release_gil(tid, Then::Exit, false)
                }
            }
        }
    }

    fn fetch_aio(&mut self, tid: u32) -> bool {
        let now = self.now;
        let step_ns = self.sc.runtime.asyncio_step_ns;
        let Some(aio) = self.threads[tid as usize].aio.as_mut() else {
            return true;
        };
        let Some(k) = aio.current else {
            while let Some(Reverse((t, _, k))) = aio.timers.peek().copied() {
                if t > now {
                    break;
                }
                aio.timers.pop();
                aio.ready.push_back(k);
            }
            if let Some(k) = aio.ready.pop_front() {
                aio.current = Some(k);
                self.threads[tid as usize].ovh_left = step_ns;
                self.event(EventKind::TaskResume, tid, NONE, k);
                return true;
            }
            if aio.remaining == 0 {
                let t = &mut self.threads[tid as usize];
                t.aio = None;
                t.cur.pc += 1;
                return true;
            }
            return self.release_gil(tid, Then::Select, false);
        };
        let cur = &mut aio.tasks[k as usize];
        let op = self.progs[cur.prog as usize][cur.pc as usize];
        cur.pc += 1;
        match op {
            Op::Cpu(ns) => {
                let ns = self.scale_cpu(ns);
                self.threads[tid as usize].pending = Pending::Compute {
                    left: ns,
                    gil: true,
                    kind: Kind::Work,
                };
                true
            }
            Op::CRelease(ns) => self.release_gil(tid, Then::CWork(ns), false),
            Op::Io(ns, j) => {
                let d = self.jitter(ns, j);
                self.release_gil(tid, Then::Io(d), false)
            }
            Op::Sleep(ns) => self.release_gil(tid, Then::Sleep(ns), false),
            Op::AwaitIo(ns, j) => {
                let d = self.jitter(ns, j);
                self.task_await(tid, k, d);
                true
            }
            Op::AwaitSleep(ns) => {
                self.task_await(tid, k, ns);
                true
            }
            Op::RepStart { count, .. } => {
                cur.stack.push((cur.pc, count));
                true
            }
            Op::RepEnd { start } => {
                if let Some(top) = cur.stack.last_mut() {
                    top.1 = top.1.saturating_sub(1);
                    if top.1 > 0 {
                        cur.pc = start + 1;
                        return true;
                    }
                }
                cur.stack.pop();
                true
            }
            _ => {
                // End (or a step that validation keeps out of tasks): the task is done.
                aio.current = None;
                aio.remaining = aio.remaining.saturating_sub(1);
                self.event(EventKind::TaskDone, tid, NONE, k);
                true
            }
        }
    }

    fn task_await(&mut self, tid: u32, k: u32, d: u64) {
        self.seq += 1;
        let seq = self.seq;
        let at = self.now.saturating_add(d);
        if let Some(aio) = self.threads[tid as usize].aio.as_mut() {
            aio.timers.push(Reverse((at, seq, k)));
            aio.current = None;
        }
        self.event(EventKind::TaskAwait, tid, NONE, k);
    }

    fn scale_cpu(&self, ns: u64) -> u64 {
        if self.mode == GilMode::FreeThreaded {
            let p = u128::from(self.sc.runtime.free_threaded_overhead_permille) + 1000;
            let v = u128::from(ns) * p / 1000;
            u64::try_from(v).unwrap_or(u64::MAX).min(MAX_SIM_NS)
        } else {
            ns
        }
    }

    fn jitter(&mut self, ns: u64, j: u64) -> u64 {
        if j == 0 {
            ns
        } else {
            ns.saturating_add(self.rng.below(j.saturating_add(1)))
        }
    }

    /// After the GIL was released (and any forced-switch wait): start the blocking action.
    /// Returns false if the thread left its core.
    fn do_then(&mut self, tid: u32, then: Then) -> bool {
        match then {
            Then::CWork(ns) => {
                self.threads[tid as usize].pending = Pending::Compute {
                    left: ns,
                    gil: false,
                    kind: Kind::Work,
                };
                true
            }
            Then::Io(ns) => {
                self.event(EventKind::IoStart, tid, NONE, NONE);
                self.block(tid, Wait::Io, State::BlockedIo);
                let at = self.now.saturating_add(ns);
                self.set_timer(tid, at);
                false
            }
            Then::Sleep(ns) => {
                self.event(EventKind::SleepStart, tid, NONE, NONE);
                self.block(tid, Wait::Sleep, State::Sleeping);
                let at = self
                    .now
                    .saturating_add(ns)
                    .saturating_add(self.sc.os.timer_slack_ns);
                self.set_timer(tid, at);
                false
            }
            Then::Select => {
                let at = self.threads[tid as usize]
                    .aio
                    .as_ref()
                    .and_then(|a| a.timers.peek().map(|r| r.0.0))
                    .unwrap_or(self.now);
                self.block(tid, Wait::Select, State::BlockedIo);
                let at = at.max(self.now).saturating_add(self.sc.os.timer_slack_ns);
                self.set_timer(tid, at);
                false
            }
            Then::Lock(l) => {
                if self.locks[l as usize].holder == NONE {
                    self.locks[l as usize].holder = tid;
                    self.event(EventKind::LockAcquire, tid, NONE, l);
                    true
                } else {
                    self.locks[l as usize].waiters.push(tid);
                    self.block(tid, Wait::Lock, State::WaitingLock);
                    false
                }
            }
            Then::JoinThread(o) => {
                if self.threads[o as usize].done {
                    true
                } else {
                    self.threads[o as usize].joiners.push(tid);
                    self.block(tid, Wait::Join, State::Joining);
                    false
                }
            }
            Then::JoinProcess(p) => {
                if self.procs[p as usize].done {
                    true
                } else {
                    self.procs[p as usize].joiners.push(tid);
                    self.block(tid, Wait::Join, State::Joining);
                    false
                }
            }
            Then::Handshake(child) => {
                if self.threads[child as usize].bootstrapped {
                    true
                } else {
                    self.threads[child as usize].starter = tid;
                    self.block(tid, Wait::Handshake, State::WaitingLock);
                    false
                }
            }
            Then::ExitJoin => {
                let p = self.threads[tid as usize].proc;
                if self.exit_ready(p) {
                    self.exit_process(p, tid);
                    false
                } else {
                    self.procs[p as usize].exit_waiter = tid;
                    self.block(tid, Wait::Join, State::Joining);
                    false
                }
            }
            Then::Exit => {
                self.thread_exit(tid, State::Done);
                false
            }
            Then::Retake => {
                self.threads[tid as usize].pending = Pending::TakeGil { timed_out: false };
                true
            }
        }
    }

    // ------------------------------------------------------------------ the GIL

    /// `take_gil` on a core. Returns false if the thread went to wait on the condition variable.
    fn attempt_take(&mut self, tid: u32, timed_out: bool) -> bool {
        let g = self.threads[tid as usize].gil;
        if g == NONE {
            let t = &mut self.threads[tid as usize];
            t.pending = t.after_gil.take().unwrap_or(Pending::Fetch);
            return true;
        }
        let gi = g as usize;
        if self.gils[gi].holder == NONE {
            self.take(tid);
            let t = &mut self.threads[tid as usize];
            t.pending = t.after_gil.take().unwrap_or(Pending::Fetch);
            return true;
        }
        if self.gils[gi].holder == tid {
            // Already handed over (old GIL race won).
            let t = &mut self.threads[tid as usize];
            t.pending = t.after_gil.take().unwrap_or(Pending::Fetch);
            return true;
        }
        if !self.threads[tid as usize].wanting {
            self.threads[tid as usize].wanting = true;
            self.gils[gi].wanting += 1;
            self.event(EventKind::GilRequest, tid, g, NONE);
        }
        let new_gil = self.is_new_gil();
        if new_gil
            && timed_out
            && self.gils[gi].switch_number == self.threads[tid as usize].gil_saved
            && !self.gils[gi].drop_request
        {
            // SET_GIL_DROP_REQUEST
            self.gils[gi].drop_request = true;
            let h = self.gils[gi].holder;
            self.event(EventKind::GilDropRequest, tid, g, h);
            let eb = self.sc.runtime.eval_breaker_ns;
            let hc = self.threads[h as usize].core;
            let running = hc != NONE && self.cores[hc as usize].phase == Phase::Run(h);
            if running {
                self.progress(h);
            }
            self.threads[h as usize].breaker_left = eb;
            if running {
                self.schedule_run(h);
            }
        }
        self.threads[tid as usize].gil_saved = self.gils[gi].switch_number;
        self.threads[tid as usize].pending = Pending::TakeGil { timed_out: false };
        self.gils[gi].cond.push(tid);
        self.block(tid, Wait::GilCond, State::WaitingGil);
        if new_gil {
            let at = self
                .now
                .saturating_add(self.sc.runtime.switch_interval_ns)
                .saturating_add(self.sc.os.timer_slack_ns);
            self.set_timer(tid, at);
        }
        false
    }

    fn take(&mut self, tid: u32) {
        let g = self.threads[tid as usize].gil;
        let gi = g as usize;
        let prev = self.gils[gi].last_holder;
        {
            let gil = &mut self.gils[gi];
            gil.holder = tid;
            gil.drop_request = false;
        }
        let now = self.now;
        self.gils[gi].rec.set(now, State::Held, Some(tid), None);
        if self.threads[tid as usize].wanting {
            self.threads[tid as usize].wanting = false;
            self.gils[gi].wanting = self.gils[gi].wanting.saturating_sub(1);
        }
        let switched = prev != tid;
        if switched {
            self.gils[gi].last_holder = tid;
            self.gils[gi].switch_number += 1;
            self.threads[tid as usize].ovh_left = self.threads[tid as usize]
                .ovh_left
                .saturating_add(self.sc.runtime.gil_switch_ns);
        }
        self.event(
            EventKind::GilTake,
            tid,
            g,
            if switched { prev } else { NONE },
        );
        {
            let t = &mut self.threads[tid as usize];
            t.holds_gil = true;
            t.breaker_left = 0;
            t.tick_left = u64::from(self.sc.runtime.old_gil.ticks)
                .saturating_mul(self.sc.runtime.old_gil.ns_per_tick);
        }
        // COND_SIGNAL(switch_cond): a forced dropper may continue.
        let sw = std::mem::take(&mut self.gils[gi].switch_waiters);
        for w in sw {
            if let Wait::Switch(then) = self.threads[w as usize].wait {
                self.threads[w as usize].pending = Pending::Then(then);
                self.wake(w);
            }
        }
    }

    /// Wakes one waiter of the GIL's condition variable (COND_SIGNAL).
    fn signal_cond(&mut self, g: u32) -> u32 {
        let gi = g as usize;
        if self.gils[gi].cond.is_empty() {
            return NONE;
        }
        let n = self.gils[gi].cond.len();
        let i = self.pick(n);
        let w = self.gils[gi].cond.remove(i);
        self.threads[w as usize].pending = Pending::TakeGil { timed_out: false };
        w
    }

    /// `drop_gil`, then (new GIL) the forced-switch wait if a drop request is pending, then
    /// the blocking action `then`. Returns false if the thread left its core.
    fn release_gil(&mut self, tid: u32, then: Then, forced: bool) -> bool {
        let g = self.threads[tid as usize].gil;
        if g == NONE || !self.threads[tid as usize].holds_gil {
            return self.do_then(tid, then);
        }
        let gi = g as usize;
        self.threads[tid as usize].holds_gil = false;
        self.gils[gi].holder = NONE;
        let now = self.now;
        self.gils[gi].rec.set(now, State::Free, None, None);
        self.event(
            if forced {
                EventKind::GilForcedSwitch
            } else {
                EventKind::GilRelease
            },
            tid,
            g,
            NONE,
        );
        let w = self.signal_cond(g);
        if w != NONE {
            self.wake(w);
        }
        if self.is_new_gil() && self.gils[gi].drop_request {
            self.gils[gi].drop_request = false;
            if self.gils[gi].wanting > 0 && self.gils[gi].last_holder == tid {
                self.gils[gi].switch_waiters.push(tid);
                self.block(tid, Wait::Switch(then), State::WaitingGil);
                return false;
            }
        }
        self.do_then(tid, then)
    }

    /// The holder noticed the drop request at an eval-breaker check.
    fn forced_drop(&mut self, tid: u32) {
        let t = &mut self.threads[tid as usize];
        t.after_gil = Some(t.pending);
        t.pending = Pending::Fetch;
        if self.release_gil(tid, Then::Retake, true) {
            self.exec(tid);
        }
    }

    /// Old GIL: the holder reached its tick check (every `ticks` bytecodes).
    fn old_gil_check(&mut self, tid: u32) {
        let g = self.threads[tid as usize].gil;
        let gi = g as usize;
        let og = self.sc.runtime.old_gil.clone();
        let t = &mut self.threads[tid as usize];
        t.tick_left = u64::from(og.ticks).saturating_mul(og.ns_per_tick);
        if self.gils[gi].wanting == 0 {
            return;
        }
        // A contended release + re-acquire costs the holder a signal.
        t.ovh_left = t.ovh_left.saturating_add(og.signal_ns);
        let w = self.signal_cond(g);
        if w == NONE {
            return;
        }
        self.event(EventKind::OldGilCheck, tid, g, w);
        if self.idle_cores > 0 {
            if self.rng.chance_permille(og.race_win_permille) {
                // The woken waiter wins the race: it gets the GIL, the old holder queues.
                self.threads[tid as usize].holds_gil = false;
                self.gils[gi].holder = NONE;
                let now = self.now;
                self.gils[gi].rec.set(now, State::Free, None, None);
                self.event(EventKind::GilRelease, tid, g, NONE);
                self.take(w);
                let wt = &mut self.threads[w as usize];
                wt.pending = wt.after_gil.take().unwrap_or(Pending::Fetch);
                self.wake(w);
                let t = &mut self.threads[tid as usize];
                t.after_gil = Some(t.pending);
                t.pending = Pending::TakeGil { timed_out: false };
                return;
            }
            let t = &mut self.threads[tid as usize];
            t.ovh_left = t.ovh_left.saturating_add(og.contention_ns);
        }
        self.wake(w);
    }

    // ------------------------------------------------------------------ lifecycle

    fn start_process(&mut self, p: u32, parent_thread: u32) {
        let now = self.now;
        let parent = if parent_thread == NONE {
            NONE
        } else {
            self.threads[parent_thread as usize].proc
        };
        {
            let pr = &mut self.procs[p as usize];
            pr.started = true;
            pr.parent = parent;
            pr.start_ns = Some(now);
        }
        let main = self.procs[p as usize].threads[0];
        self.event(EventKind::ProcessStart, main, NONE, parent_thread);
        let child_ns = if p == 0 {
            0
        } else {
            self.sc
                .start_costs
                .of(self.sc.processes[p as usize].start_method)
                .child_ns
        };
        let t = &mut self.threads[main as usize];
        t.started = true;
        t.bootstrapped = true;
        t.after_gil = Some(if child_ns > 0 {
            Pending::Compute {
                left: child_ns,
                gil: true,
                kind: Kind::Bootstrap,
            }
        } else {
            Pending::Fetch
        });
        t.pending = Pending::TakeGil { timed_out: false };
        let boot = self.threads.len() as u32 + main;
        self.plan_timer_slot(boot, now);
        self.set_state(main, State::Ready);
    }

    fn spawn_thread(&mut self, child: u32, starter: u32) {
        self.event(EventKind::ThreadCreate, child, NONE, starter);
        let bs = self.sc.runtime.thread_bootstrap_ns;
        let t = &mut self.threads[child as usize];
        t.started = true;
        t.starter = starter;
        t.pending = Pending::TakeGil { timed_out: false };
        if bs > 0 {
            t.after_gil = Some(Pending::Compute {
                left: bs,
                gil: true,
                kind: Kind::Bootstrap,
            });
        } else {
            t.after_gil = Some(Pending::Fetch);
            t.bootstrapped = true;
            self.event(EventKind::ThreadStarted, child, NONE, NONE);
        }
        self.wake(child);
    }

    fn bootstrapped(&mut self, tid: u32) {
        let t = &mut self.threads[tid as usize];
        if t.bootstrapped {
            return;
        }
        t.bootstrapped = true;
        let s = t.starter;
        self.event(EventKind::ThreadStarted, tid, NONE, NONE);
        if s != NONE && self.threads[s as usize].wait == Wait::Handshake {
            self.threads[s as usize].pending = Pending::Fetch;
            self.wake(s);
        }
    }

    fn thread_exit(&mut self, tid: u32, st: State) {
        let c = self.threads[tid as usize].core;
        if c != NONE {
            if self.cores[c as usize].phase == Phase::Run(tid) {
                self.progress(tid);
            }
            self.release_core(c);
        }
        {
            let t = &mut self.threads[tid as usize];
            t.done = true;
            t.wait = Wait::Done;
        }
        self.timer_q.cancel(tid);
        self.set_state(tid, st);
        self.event(
            if st == State::Killed {
                EventKind::ThreadKilled
            } else {
                EventKind::ThreadExit
            },
            tid,
            NONE,
            NONE,
        );
        let joiners = std::mem::take(&mut self.threads[tid as usize].joiners);
        for j in joiners {
            if self.threads[j as usize].wait == Wait::Join {
                self.threads[j as usize].pending = Pending::Fetch;
                self.wake(j);
            }
        }
        let p = self.threads[tid as usize].proc;
        self.check_exit_waiter(p);
    }

    fn exit_ready(&self, p: u32) -> bool {
        let pr = &self.procs[p as usize];
        let threads_ok = pr.threads.iter().skip(1).all(|&t| {
            let th = &self.threads[t as usize];
            th.daemon || !th.started || th.done
        });
        let children_ok = self
            .procs
            .iter()
            .all(|q| q.parent != p || !q.started || q.done);
        threads_ok && children_ok
    }

    fn check_exit_waiter(&mut self, p: u32) {
        let w = self.procs[p as usize].exit_waiter;
        if w != NONE && self.exit_ready(p) {
            self.procs[p as usize].exit_waiter = NONE;
            self.threads[w as usize].pending = Pending::Then(Then::ExitJoin);
            self.wake(w);
        }
    }

    fn exit_process(&mut self, p: u32, main: u32) {
        // Daemon threads are stopped abruptly.
        let ts = self.procs[p as usize].threads.clone();
        for t in ts {
            if t != main && self.threads[t as usize].started && !self.threads[t as usize].done {
                self.kill(t);
            }
        }
        self.thread_exit(main, State::Done);
        let now = self.now;
        {
            let pr = &mut self.procs[p as usize];
            pr.done = true;
            pr.end_ns = Some(now);
        }
        if p == 0 {
            self.wall_ns = now;
        }
        self.event(EventKind::ProcessExit, main, NONE, NONE);
        let joiners = std::mem::take(&mut self.procs[p as usize].joiners);
        for j in joiners {
            if self.threads[j as usize].wait == Wait::Join {
                self.threads[j as usize].pending = Pending::Fetch;
                self.wake(j);
            }
        }
        let parent = self.procs[p as usize].parent;
        if parent != NONE {
            self.check_exit_waiter(parent);
        }
    }

    fn kill(&mut self, t: u32) {
        let g = self.threads[t as usize].gil;
        if self.threads[t as usize].in_runq {
            self.runq.retain(|&x| x != t);
            self.threads[t as usize].in_runq = false;
        }
        if g != NONE {
            let gi = g as usize;
            self.gils[gi].cond.retain(|&x| x != t);
            self.gils[gi].switch_waiters.retain(|&x| x != t);
            if self.threads[t as usize].wanting {
                self.threads[t as usize].wanting = false;
                self.gils[gi].wanting = self.gils[gi].wanting.saturating_sub(1);
            }
            if self.threads[t as usize].holds_gil {
                self.threads[t as usize].holds_gil = false;
                self.gils[gi].holder = NONE;
                let now = self.now;
                self.gils[gi].rec.set(now, State::Free, None, None);
                self.event(EventKind::GilRelease, t, g, NONE);
            }
        }
        for l in self.locks.iter_mut() {
            l.waiters.retain(|&x| x != t);
        }
        self.thread_exit(t, State::Killed);
        if g != NONE && self.gils[g as usize].wanting == 0 {
            // Nobody will take the GIL any more: a forced dropper must not wait forever.
            let sw = std::mem::take(&mut self.gils[g as usize].switch_waiters);
            for w in sw {
                if let Wait::Switch(then) = self.threads[w as usize].wait {
                    self.threads[w as usize].pending = Pending::Then(then);
                    self.wake(w);
                }
            }
        }
    }
}

fn opt(v: u32) -> Option<u32> {
    if v == NONE { None } else { Some(v) }
}
