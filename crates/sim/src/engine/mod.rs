//! The discrete-event engine: integer nanoseconds, one seeded PRNG, an event queue ordered by
//! (time, sequence) with one pending event per core, per thread timer and per process boot. It
//! models N cores and the OS run queue (round-robin time slice, context-switch cost), and CPython's GIL as `Python/ceval_gil.c` implements it: a timed
//! condition-variable wait of one switch interval, the drop request when no switch happened
//! meanwhile, the eval-breaker check latency, the forced switch (the dropper waits until another
//! thread took the GIL, then queues again), voluntary release on I/O, sleep, C code and lock
//! waits. Also the old GIL, the free-threaded build, per-interpreter GILs, asyncio event loops,
//! `Thread.start()`'s handshake, process start methods, joins and daemon threads.

mod compile;
mod error;
mod gil;
mod gil_old;
mod lifecycle;
mod os;
mod program;
mod state;

use std::collections::VecDeque;

pub use error::SimError;

use crate::queue::EventQueue;
use crate::rng::SplitMix64;
use crate::scenario::{Checked, GilMode, MAX_EVENTS, MAX_SIM_NS, Scenario, WakePolicy};
use crate::trace::{
    Event, EventKind, Events, GilInfo, LaneRec, ProcessInfo, State, ThreadInfo, Trace,
};
use compile::{Compiler, Op};
use state::{Core, Cursor, Gil, GilRules, Lock, Pending, Phase, Proc, Th, Wait};

const NONE: u32 = u32::MAX;

/// Validates a scenario and runs it to completion; returns its trace.
pub fn simulate(sc: &Scenario) -> Result<Trace, SimError> {
    simulate_checked(sc.check()?)
}

/// Runs a validated scenario to completion and returns its trace.
pub fn simulate_checked(sc: Checked<'_>) -> Result<Trace, SimError> {
    run(sc, true)
}

/// Runs a scenario like [`simulate`] (the same decisions, the same times) but records no spans
/// and no events: the returned trace has `wall_ns`, `end_ns`, `engine_events` and the per-thread
/// `work_ns` / `overhead_ns`, with empty lanes. Several times faster; [`crate::compare`] and
/// [`crate::predict`] use it.
pub fn simulate_untraced(sc: &Scenario) -> Result<Trace, SimError> {
    simulate_checked_untraced(sc.check()?)
}

/// [`simulate_untraced`] of a validated scenario.
pub fn simulate_checked_untraced(sc: Checked<'_>) -> Result<Trace, SimError> {
    run(sc, false)
}

fn run(sc: Checked<'_>, record: bool) -> Result<Trace, SimError> {
    let mut e = Engine::new(sc.scenario(), record);
    e.run()?;
    Ok(e.finish())
}

struct Engine<'a> {
    sc: &'a Scenario,
    rules: GilRules,
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
    pub(super) fn new(sc: &'a Scenario, record: bool) -> Self {
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
            rules: GilRules::of(mode),
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
    pub(super) fn plan_core(&mut self, at: u64, c: u32) {
        self.seq += 1;
        self.core_q.schedule(c, at, self.seq);
    }

    /// Plans thread `tid`'s timer, replacing its pending one.
    pub(super) fn set_timer(&mut self, tid: u32, at: u64) {
        self.plan_timer_slot(tid, at);
    }

    /// Plans an event in the timer queue: a thread's timer (slot = thread) or a process's boot
    /// (slot = threads + its main thread).
    pub(super) fn plan_timer_slot(&mut self, slot: u32, at: u64) {
        self.seq += 1;
        self.timer_q.schedule(slot, at, self.seq);
    }

    /// The earliest engine event of both queues: `(time, is-core, slot, id)`.
    #[inline]
    pub(super) fn next_event(&mut self) -> Option<(u64, bool, u32, u64)> {
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

    pub(super) fn event(&mut self, kind: EventKind, thread: u32, gil: u32, other: u32) {
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

    pub(super) fn set_state(&mut self, tid: u32, st: State) {
        let now = self.now;
        let t = &mut self.threads[tid as usize];
        let core = if matches!(st, State::Running | State::Starting) {
            opt(t.core)
        } else {
            None
        };
        t.rec.set(now, st, None, core);
    }

    pub(super) fn set_core(&mut self, c: u32, phase: Phase) {
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

    pub(super) fn pick(&mut self, n: usize) -> usize {
        match self.sc.os.wake {
            WakePolicy::Fifo => 0,
            WakePolicy::Random => self.rng.below(n as u64) as usize,
        }
    }

    pub(super) fn runtime_err(&mut self, tid: u32, message: String) {
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

    pub(super) fn run(&mut self) -> Result<(), SimError> {
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

    pub(super) fn label(&self, tid: u32) -> String {
        let th = &self.threads[tid as usize];
        let p = &self.sc.processes[th.proc as usize];
        let ti = self.procs[th.proc as usize]
            .threads
            .iter()
            .position(|&x| x == tid)
            .unwrap_or(0);
        format!("{}/{}", p.name, p.threads[ti].name)
    }

    pub(super) fn finish(mut self) -> Trace {
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
}

fn opt(v: u32) -> Option<u32> {
    if v == NONE { None } else { Some(v) }
}
