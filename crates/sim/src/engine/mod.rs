//! The discrete-event engine: integer nanoseconds, one seeded PRNG, an event queue ordered by
//! (time, sequence) with one pending event per core, per thread timer and per process boot. It
//! models N cores and the OS run queue (round-robin time slice, context-switch cost), and CPython's GIL as `Python/ceval_gil.c` implements it: a timed
//! condition-variable wait of one switch interval, the drop request when no switch happened
//! meanwhile, the eval-breaker check latency, the forced switch (the dropper waits until another
//! thread took the GIL, then queues again), voluntary release on I/O, sleep, C code and lock
//! waits. Also the old GIL, the free-threaded build, per-interpreter GILs, asyncio event loops,
//! `Thread.start()`'s handshake, process start methods, joins and daemon threads.

mod compile;
mod driven;
mod error;
mod gil;
mod gil_old;
mod ids;
mod lifecycle;
mod os;
mod program;
mod speed;
mod state;

use std::collections::VecDeque;

pub use driven::{Driver, Next, Slice, simulate_driven};
pub use error::SimError;

use crate::queue::EventQueue;
use crate::rng::SplitMix64;
use crate::scenario::{Checked, GilMode, MAX_EVENTS, MAX_SIM_NS, MAX_WORK, Scenario, WakePolicy};
use crate::trace::{
    Event, EventKind, Events, GilInfo, LaneRec, ProcessInfo, State, ThreadInfo, Trace,
};
use compile::{Compiler, DONE_STEP, Op};
use ids::{CoreId, GilId, ProcId, ThreadId};
use speed::Computing;
use state::{Core, Gil, GilRules, Lock, Phase, Proc, Th};

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
    run_engine(Engine::new(sc.scenario(), record, None))
}

fn run_engine(mut e: Engine<'_>) -> Result<Trace, SimError> {
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
    /// Thread `t`'s timer (slot `2t`) and the boot of the process whose main thread is `t`
    /// (slot `2t + 1`): the slots of a thread made during the run come after the others'.
    timer_q: EventQueue,
    rng: SplitMix64,
    progs: Vec<Vec<Op>>,
    /// The step number of each op of each program (parallel to `progs`).
    step_of: Vec<Vec<u32>>,
    loops: Vec<Vec<(String, u32)>>,
    threads: Vec<Th>,
    cores: Vec<Core>,
    idle_cores: u32,
    /// Cores running a thread (not idle, not switching); their speed at that count
    /// (`machine.parallel_efficiency_permille`) drives the work clock.
    running_cores: u32,
    /// The work clock and the ends of computations planned in its time.
    comp: Computing,
    gils: Vec<Gil>,
    gil_info: Vec<GilInfo>,
    procs: Vec<Proc>,
    locks: Vec<Lock>,
    runq: VecDeque<ThreadId>,
    events: Events,
    engine_events: u64,
    /// Units of work charged so far, and the budget (`MAX_WORK`).
    work: u64,
    work_cap: u64,
    forkserver_started: bool,
    /// A spawn or forkserver start has launched the resource tracker.
    tracker_started: bool,
    error: Option<SimError>,
    wall_ns: u64,
    record: bool,
    /// The program that unfolds as it runs, for the threads of the main process (`driven.rs`).
    driver: Option<&'a mut (dyn Driver + 'a)>,
    /// How long a GIL waiter waits before it asks for the GIL: the scenario's, until a driven
    /// program sets its own (`sys.setswitchinterval`).
    switch_interval_ns: u64,
}

impl<'a> Engine<'a> {
    pub(super) fn new(
        sc: &'a Scenario,
        record: bool,
        driver: Option<&'a mut (dyn Driver + 'a)>,
    ) -> Self {
        let mode = sc.runtime.gil;
        let mut comp = Compiler::new(sc);
        // Thread programs first, so thread i has program i; task programs are appended after.
        let mut thread_progs = Vec::new();
        let mut step_of = Vec::new();
        for (pi, p) in sc.processes.iter().enumerate() {
            for t in &p.threads {
                let (mut out, mut ids, mut next) = (Vec::new(), Vec::new(), 0);
                comp.compile(pi as u32, &t.program, &mut out, &mut ids, &mut next);
                out.push(Op::End);
                ids.push(DONE_STEP);
                thread_progs.push(out);
                step_of.push(ids);
            }
        }
        let task_progs = std::mem::take(&mut comp.progs);
        step_of.append(&mut comp.prog_steps);
        let nthreads = thread_progs.len() as u32;
        let mut progs = thread_progs;
        progs.extend(task_progs);
        let loops: Vec<Vec<(String, u32)>> = comp
            .loops
            .iter()
            .map(|l| l.iter().map(|(n, id)| (n.clone(), id + nthreads)).collect())
            .collect();
        let locks = (0..comp.lock_count())
            .map(|_| Lock {
                holder: None,
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
                    holder: None,
                    last_holder: None,
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
                tids.push(ThreadId::new(tid));
                let gil = match mode {
                    GilMode::FreeThreaded => None,
                    GilMode::PerInterpreter => Some(GilId::new(base_gil + t.interpreter)),
                    _ => Some(GilId::new(base_gil)),
                };
                let mut th = Th::new(
                    t.name.clone(),
                    ProcId::new(pi as u32),
                    ti as u32,
                    gil,
                    tid,
                    record,
                );
                th.daemon = t.daemon;
                threads.push(th);
            }
            procs.push(Proc {
                started: false,
                done: false,
                parent: None,
                threads: tids,
                joiners: Vec::new(),
                exit_waiter: None,
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
                    last: None,
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
            step_of,
            loops,
            threads,
            cores,
            idle_cores: sc.machine.cores,
            running_cores: 0,
            comp: Computing::new(sc.machine.cores, &sc.machine.parallel_efficiency_permille),
            gils,
            gil_info,
            procs,
            locks,
            runq: VecDeque::new(),
            events: Events::new(),
            engine_events: 0,
            work: 0,
            work_cap: MAX_WORK,
            forkserver_started: false,
            tracker_started: false,
            error: None,
            wall_ns: 0,
            record,
            driver,
            switch_interval_ns: sc.runtime.switch_interval_ns,
        }
    }

    // ------------------------------------------------------------------ helpers

    /// Plans core `c`'s next stop, replacing its pending one. Engine events of equal time run
    /// in the order they were planned, across both queues.
    pub(super) fn plan_core(&mut self, at: u64, c: CoreId) {
        self.seq += 1;
        self.core_q.schedule(c.raw(), at, self.seq);
        self.comp.cancel(c);
    }

    /// Plans thread `tid`'s timer, replacing its pending one.
    pub(super) fn set_timer(&mut self, tid: ThreadId, at: u64) {
        self.plan_timer_slot(timer_slot(tid), at);
    }

    /// Cancels thread `tid`'s timer.
    pub(super) fn cancel_timer(&mut self, tid: ThreadId) {
        self.timer_q.cancel(timer_slot(tid));
    }

    /// Plans the boot of the process whose main thread is `main`.
    pub(super) fn plan_boot(&mut self, main: ThreadId, at: u64) {
        self.plan_timer_slot(timer_slot(main) + 1, at);
    }

    /// Plans an event in the timer queue: a thread's timer or a process's boot.
    fn plan_timer_slot(&mut self, slot: u32, at: u64) {
        self.seq += 1;
        self.timer_q.schedule(slot, at, self.seq);
    }

    /// The earliest engine event of both queues: `(time, is-core, slot, id)`.
    #[inline]
    pub(super) fn next_event(&mut self) -> Option<(u64, bool, u32, u64)> {
        let next = match (self.core_q.peek(), self.timer_q.peek()) {
            (Some(c), Some(t)) => Some(if (c.0, c.2) < (t.0, t.2) {
                (c.0, true, c.1, c.2)
            } else {
                (t.0, false, t.1, t.2)
            }),
            (Some(c), None) => Some((c.0, true, c.1, c.2)),
            (None, Some(t)) => Some((t.0, false, t.1, t.2)),
            (None, None) => None,
        };
        self.with_work_parts(next)
    }

    /// Records an event of thread `tid` (with its process); `other` is a thread, a lock or a
    /// task, by `kind`.
    pub(super) fn event(
        &mut self,
        kind: EventKind,
        tid: ThreadId,
        gil: Option<GilId>,
        other: Option<u32>,
    ) {
        if !self.record {
            return;
        }
        self.events.push(Event {
            t_ns: self.now,
            kind,
            thread: Some(tid.raw()),
            process: Some(self.threads[tid].proc.raw()),
            gil: gil.map(GilId::raw),
            other,
        });
    }

    /// Thread `tid`'s lane enters `st` now (on its core while it runs).
    pub(super) fn set_state(&mut self, tid: ThreadId, st: State) {
        let now = self.now;
        let t = &mut self.threads[tid];
        let core = if matches!(st, State::Running | State::Starting) {
            t.core.map(CoreId::raw)
        } else {
            None
        };
        t.rec.set(now, st, None, core);
    }

    /// Core `c` enters `phase` now; keeps the count of idle cores and of running ones.
    pub(super) fn set_core(&mut self, c: CoreId, phase: Phase) {
        let now = self.now;
        let was_running = matches!(self.cores[c].phase, Phase::Run(_));
        let running = matches!(phase, Phase::Run(_));
        if was_running != running {
            self.running_cores = if running {
                self.running_cores + 1
            } else {
                self.running_cores.saturating_sub(1)
            };
            self.set_speed();
        }
        let core = &mut self.cores[c];
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
                core.rec.set(now, State::ContextSwitch, Some(t.raw()), None);
                if was_idle {
                    self.idle_cores -= 1;
                }
            }
            Phase::Run(t) => {
                core.rec.set(now, State::Running, Some(t.raw()), None);
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

    pub(super) fn runtime_err(&mut self, tid: ThreadId, message: String) {
        if self.error.is_none() {
            self.error = Some(SimError::Runtime {
                at_ns: self.now,
                thread: self.label(tid),
                message,
            });
        }
    }

    // ------------------------------------------------------------------ main loop

    pub(super) fn run(&mut self) -> Result<(), SimError> {
        // The main process starts at time 0 with its main thread.
        self.start_process(ProcId::new(0), None);
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
            if !self.charge() {
                // The cap error is recorded; it is returned below.
            } else if is_core {
                self.core_event(CoreId::new(slot));
                self.core_q.retire(slot, id);
                self.comp.retire(slot, id);
            } else {
                let tid = ThreadId::new(slot / 2);
                if slot % 2 == 0 {
                    self.timer_event(tid);
                } else {
                    self.wake(tid);
                }
                self.timer_q.retire(slot, id);
            }
            if let Some(e) = self.error.take() {
                return Err(e);
            }
        }
        let blocked: Vec<String> = (0..self.threads.len() as u32)
            .map(ThreadId::new)
            .filter(|&t| self.threads[t].started && !self.threads[t].done)
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

    /// Charges one unit of work. Past the budget it records the cap error (the run loop returns
    /// it) and answers false.
    #[inline]
    pub(super) fn charge(&mut self) -> bool {
        self.work += 1;
        if self.work <= self.work_cap {
            return true;
        }
        if self.error.is_none() {
            self.error = Some(SimError::Cap {
                cap: "MAX_WORK",
                at_ns: self.now,
                detail: format!(
                    "more than {} units of engine work (events, program steps, task switches)",
                    self.work_cap
                ),
            });
        }
        false
    }

    /// A thread's name for people: `process/thread`.
    pub(super) fn label(&self, tid: ThreadId) -> String {
        let th = &self.threads[tid];
        let p = &self.sc.processes[th.proc.raw() as usize];
        format!("{}/{}", p.name, th.name)
    }

    pub(super) fn finish(mut self) -> Trace {
        let end = self.now;
        let threads_info = self
            .threads
            .iter()
            .map(|t| ThreadInfo {
                name: t.name.clone(),
                process: t.proc.raw(),
                gil: t.gil.map(GilId::raw),
                daemon: t.daemon,
                work_ns: t.work_ns,
                overhead_ns: t.overhead_ns,
            })
            .collect();
        let processes = self
            .procs
            .iter()
            .enumerate()
            .map(|(pi, p)| ProcessInfo {
                name: self.sc.processes[pi].name.clone(),
                threads: p.threads.iter().map(|t| t.raw()).collect(),
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
            steps: self
                .threads
                .iter_mut()
                .map(|t| std::mem::take(&mut t.steps))
                .collect(),
        }
    }
}

/// The timer slot of thread `tid` (its process's boot, if it is a main thread, is the next).
fn timer_slot(tid: ThreadId) -> u32 {
    tid.raw() * 2
}

#[cfg(test)]
mod tests;
