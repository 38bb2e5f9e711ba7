//! A thread's program: running it on a core until it computes or blocks, the ops of threads and
//! asyncio tasks, and the blocking actions that follow a GIL release.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::Engine;
use super::compile::Op;
use super::ids::{TaskId, ThreadId};
use super::state::GilRules;
use super::state::{Aio, Cursor, Kind, Pending, Th, Then, Until, Wait};
use crate::scenario::{MAX_SIM_NS, StartMethod};
use crate::trace::{EventKind, State};

impl Engine<'_> {
    /// Runs the thread that is on a core until it computes (schedules a stop) or blocks.
    pub(super) fn exec(&mut self, tid: ThreadId) {
        loop {
            if self.error.is_some() {
                return;
            }
            let t = &self.threads[tid];
            if t.core.is_none() || t.done {
                return;
            }
            if t.ovh_left > 0 {
                self.schedule_run(tid);
                return;
            }
            match t.pending {
                Pending::Compute { left, gil, kind } => {
                    if left > 0 {
                        if gil && self.must_drop(tid) {
                            self.forced_drop(tid);
                            return;
                        }
                        let t = &mut self.threads[tid];
                        if t.cold {
                            // Moved cores: the caches refill before the work gets going. At most
                            // half a time slice, so that a thread moved every slice still works.
                            t.cold = false;
                            let os = &self.sc.os;
                            let cost = os.migration_ns.min(os.time_slice_ns / 2);
                            t.ovh_left = t.ovh_left.saturating_add(cost);
                        }
                        self.schedule_run(tid);
                        return;
                    }
                    if kind == Kind::Bootstrap {
                        self.bootstrapped(tid);
                    }
                    self.threads[tid].pending = Pending::Fetch;
                }
                Pending::TakeGil { timed_out } => {
                    if !self.attempt_take(tid, timed_out) {
                        return;
                    }
                }
                Pending::Then(then) => {
                    self.threads[tid].pending = Pending::Fetch;
                    if !self.do_then(tid, then) {
                        return;
                    }
                }
                Pending::Fetch => {
                    // Python code runs only with the GIL.
                    if t.gil.is_some() && !t.holds_gil {
                        self.threads[tid].after_gil = Some(Pending::Fetch);
                        self.threads[tid].pending = Pending::TakeGil { timed_out: false };
                        continue;
                    }
                    if self.must_drop(tid) {
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

    /// Records that thread `tid` is on the step of op `pc` of program `prog` (with the trace).
    fn mark_step(&mut self, tid: ThreadId, prog: u32, pc: u32) {
        if self.record {
            let step = self.step_of[prog as usize][pc as usize];
            let now = self.now;
            self.threads[tid].steps.mark(now, step);
        }
    }

    /// Executes the next op of the thread, or of the asyncio task it is running: one
    /// interpreter for both. Returns false if the thread left its core.
    pub(super) fn fetch(&mut self, tid: ThreadId) -> bool {
        if !self.charge() {
            return false;
        }
        if self.threads[tid].driven {
            return self.fetch_driven(tid);
        }
        let task = match &self.threads[tid].aio {
            Some(aio) => match aio.current {
                Some(k) => Some(k),
                None => {
                    // In the event loop: on the `asyncio.run` step.
                    let c = &self.threads[tid].cur;
                    self.mark_step(tid, c.prog, c.pc);
                    return self.event_loop(tid);
                }
            },
            None => None,
        };
        let cur = cursor(&mut self.threads, tid, task);
        let (prog, pc) = (cur.prog, cur.pc);
        let op = self.progs[prog as usize][pc as usize];
        self.mark_step(tid, prog, pc);
        let cur = cursor(&mut self.threads, tid, task);
        if !matches!(op, Op::End | Op::Asyncio(_)) {
            cur.pc += 1;
        }
        match op {
            Op::Cpu(ns) => {
                let ns = self.scale_cpu(ns);
                self.compute(tid, ns, true, Kind::Work);
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
                self.task_await(tid, task, d);
                true
            }
            Op::AwaitSleep(ns) => {
                self.task_await(tid, task, ns);
                true
            }
            Op::RepStart { count, .. } => {
                let cur = cursor(&mut self.threads, tid, task);
                cur.stack.push(count);
                true
            }
            Op::RepEnd { start } => {
                let cur = cursor(&mut self.threads, tid, task);
                if let Some(left) = cur.stack.last_mut() {
                    *left = left.saturating_sub(1);
                    if *left > 0 {
                        cur.pc = start + 1;
                        return true;
                    }
                }
                cur.stack.pop();
                true
            }
            Op::End => match task {
                Some(k) => {
                    self.task_done(tid, k);
                    true
                }
                None if self.threads[tid].main => self.release_gil(tid, Then::ExitJoin, false),
                None => self.release_gil(tid, Then::Exit, false),
            },
            // Validation keeps every op below out of asyncio tasks.
            Op::ThreadCost => {
                self.compute(tid, self.sc.runtime.thread_create_ns, true, Kind::Overhead);
                true
            }
            Op::SpawnThread(child) => {
                self.spawn_thread(child, tid);
                self.until(tid, Until::Started(child))
            }
            Op::JoinThread(other) => {
                if !self.threads[other].started {
                    let name = self.label(other);
                    self.runtime_err(
                        tid,
                        format!("RuntimeError: cannot join thread {name} before it is started"),
                    );
                    return false;
                }
                self.until(tid, Until::Thread(other))
            }
            Op::ProcCost(p) => {
                let m = self.sc.processes[p.raw() as usize].start_method;
                let mut ns = self.sc.start_costs.of(m).parent_ns;
                if m == StartMethod::Forkserver && !self.forkserver_started {
                    self.forkserver_started = true;
                    ns = ns.saturating_add(self.sc.start_costs.forkserver_first_ns);
                }
                self.compute(tid, ns, true, Kind::Overhead);
                true
            }
            Op::SpawnProcess(p) => {
                self.start_process(p, Some(tid));
                true
            }
            Op::JoinProcess(p) => {
                if !self.procs[p].started {
                    let name = self.sc.processes[p.raw() as usize].name.clone();
                    self.runtime_err(
                        tid,
                        format!("AssertionError: can only join a started process ({name})"),
                    );
                    return false;
                }
                self.until(tid, Until::Process(p))
            }
            Op::Acquire(l) => self.until(tid, Until::Lock(l)),
            Op::Release(l) => {
                if self.locks[l].holder != Some(tid) {
                    self.runtime_err(
                        tid,
                        "RuntimeError: release unlocked lock (or a lock held by another thread)"
                            .into(),
                    );
                    return false;
                }
                self.locks[l].holder = None;
                self.event(EventKind::LockRelease, tid, None, Some(l.raw()));
                if !self.locks[l].waiters.is_empty() {
                    let n = self.locks[l].waiters.len();
                    let i = self.pick(n);
                    let w = self.locks[l].waiters.remove(i);
                    self.threads[w].pending = Pending::Then(Then::Until(Until::Lock(l)));
                    self.wake(w);
                }
                true
            }
            Op::Asyncio(l) => {
                let n = self.loops[l as usize].len() as u32;
                let tasks = self.loops[l as usize]
                    .iter()
                    .map(|&(_, prog)| Cursor {
                        prog,
                        pc: 0,
                        stack: Vec::new(),
                    })
                    .collect();
                self.threads[tid].aio = Some(Aio {
                    tasks,
                    ready: (0..n).map(TaskId::new).collect(),
                    timers: BinaryHeap::new(),
                    current: None,
                    remaining: n,
                });
                true
            }
        }
    }

    /// `u` already holds: go on with the GIL held; else release it and wait (see `do_then`).
    pub(super) fn until(&mut self, tid: ThreadId, u: Until) -> bool {
        if self.holds(tid, u) {
            true
        } else {
            self.release_gil(tid, Then::Until(u), false)
        }
    }

    /// Whether `u` holds now; for a free lock, `tid` takes it.
    fn holds(&mut self, tid: ThreadId, u: Until) -> bool {
        match u {
            Until::Lock(l) => {
                if self.locks[l].holder.is_some() {
                    return false;
                }
                self.locks[l].holder = Some(tid);
                self.event(EventKind::LockAcquire, tid, None, Some(l.raw()));
                true
            }
            Until::Thread(o) => self.threads[o].done,
            Until::Process(p) => self.procs[p].done,
            Until::Started(child) => self.threads[child].bootstrapped,
            Until::Driver { .. } => self.driven_resume(tid),
        }
    }

    /// Sets the thread computing for `ns` (with or without the GIL).
    fn compute(&mut self, tid: ThreadId, ns: u64, gil: bool, kind: Kind) {
        self.threads[tid].pending = Pending::Compute {
            left: ns,
            gil,
            kind,
        };
    }

    /// The event loop of `asyncio.run` between tasks: moves due timers to the ready queue and
    /// resumes the next ready task; when every task is done the thread goes on after the
    /// `asyncio` step; otherwise it waits in `select()` for the next timer.
    fn event_loop(&mut self, tid: ThreadId) -> bool {
        let now = self.now;
        let step_ns = self.sc.runtime.asyncio_step_ns;
        let Some(aio) = self.threads[tid].aio.as_mut() else {
            return true;
        };
        while let Some(Reverse((t, _, k))) = aio.timers.peek().copied() {
            if t > now {
                break;
            }
            aio.timers.pop();
            aio.ready.push_back(k);
        }
        if let Some(k) = aio.ready.pop_front() {
            aio.current = Some(k);
            self.threads[tid].ovh_left = step_ns;
            self.event(EventKind::TaskResume, tid, None, Some(k.raw()));
            return true;
        }
        if aio.remaining == 0 {
            let t = &mut self.threads[tid];
            t.aio = None;
            t.cur.pc += 1;
            return true;
        }
        self.release_gil(tid, Then::Select, false)
    }

    /// Task `k` awaits for `d` ns: it yields to the event loop until its timer is due. Outside a
    /// task (which validation forbids) an await does nothing.
    fn task_await(&mut self, tid: ThreadId, task: Option<TaskId>, d: u64) {
        let Some(k) = task else { return };
        self.seq += 1;
        let seq = self.seq;
        let at = self.now.saturating_add(d);
        if let Some(aio) = self.threads[tid].aio.as_mut() {
            aio.timers.push(Reverse((at, seq, k)));
            aio.current = None;
        }
        self.event(EventKind::TaskAwait, tid, None, Some(k.raw()));
    }

    /// Task `k` reached its end.
    fn task_done(&mut self, tid: ThreadId, k: TaskId) {
        if let Some(aio) = self.threads[tid].aio.as_mut() {
            aio.current = None;
            aio.remaining = aio.remaining.saturating_sub(1);
        }
        self.event(EventKind::TaskDone, tid, None, Some(k.raw()));
    }

    pub(super) fn scale_cpu(&self, ns: u64) -> u64 {
        if self.rules == GilRules::Free {
            let p = u128::from(self.sc.runtime.free_threaded_overhead_permille) + 1000;
            let v = u128::from(ns) * p / 1000;
            u64::try_from(v).unwrap_or(u64::MAX).min(MAX_SIM_NS)
        } else {
            ns
        }
    }

    pub(super) fn jitter(&mut self, ns: u64, j: u64) -> u64 {
        if j == 0 {
            ns
        } else {
            ns.saturating_add(self.rng.below(j.saturating_add(1)))
        }
    }

    /// After the GIL was released (and any forced-switch wait): start the blocking action.
    /// Returns false if the thread left its core.
    pub(super) fn do_then(&mut self, tid: ThreadId, then: Then) -> bool {
        match then {
            Then::CWork(ns) => {
                self.threads[tid].pending = Pending::Compute {
                    left: ns,
                    gil: false,
                    kind: Kind::Work,
                };
                true
            }
            Then::Io(ns) => {
                self.event(EventKind::IoStart, tid, None, None);
                self.block(tid, Wait::Io, State::BlockedIo);
                let at = self.now.saturating_add(ns);
                self.set_timer(tid, at);
                false
            }
            Then::Sleep(ns) => {
                self.event(EventKind::SleepStart, tid, None, None);
                self.block(tid, Wait::Sleep, State::Sleeping);
                let at = self
                    .now
                    .saturating_add(ns)
                    .saturating_add(self.sc.os.timer_slack_ns);
                self.set_timer(tid, at);
                false
            }
            Then::Select => {
                let at = self.threads[tid]
                    .aio
                    .as_ref()
                    .and_then(|a| a.timers.peek().map(|r| r.0.0))
                    .unwrap_or(self.now);
                self.block(tid, Wait::Select, State::BlockedIo);
                let at = at.max(self.now).saturating_add(self.sc.os.timer_slack_ns);
                self.set_timer(tid, at);
                false
            }
            Then::Until(u) => {
                if self.holds(tid, u) {
                    return true;
                }
                if let Until::Driver { join } = u {
                    self.driven_block(tid, join);
                    return false;
                }
                match u {
                    Until::Lock(l) => self.locks[l].waiters.push(tid),
                    Until::Thread(o) => self.threads[o].joiners.push(tid),
                    Until::Process(p) => self.procs[p].joiners.push(tid),
                    Until::Started(child) => self.threads[child].starter = Some(tid),
                    Until::Driver { .. } => {}
                }
                let st = match u {
                    Until::Lock(_) | Until::Started(_) => State::WaitingLock,
                    Until::Thread(_) | Until::Process(_) | Until::Driver { .. } => State::Joining,
                };
                self.block(tid, Wait::Until(u), st);
                false
            }
            Then::ExitJoin => {
                let p = self.threads[tid].proc;
                if self.exit_ready(p) {
                    self.exit_process(p, tid);
                    false
                } else {
                    self.procs[p].exit_waiter = Some(tid);
                    self.block(tid, Wait::Exit, State::Joining);
                    false
                }
            }
            Then::Exit => {
                self.thread_exit(tid, State::Done);
                false
            }
            Then::Retake => {
                self.threads[tid].pending = Pending::TakeGil { timed_out: false };
                true
            }
        }
    }
}

/// The cursor that `fetch` advances: the running task's, else the thread's own.
fn cursor(threads: &mut [Th], tid: ThreadId, task: Option<TaskId>) -> &mut Cursor {
    let t = &mut threads[tid.raw() as usize];
    match (task, t.aio.as_mut()) {
        (Some(k), Some(aio)) => &mut aio.tasks[k.raw() as usize],
        _ => &mut t.cur,
    }
}
