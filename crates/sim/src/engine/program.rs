//! A thread's program: running it on a core until it computes or blocks, the ops of threads and
//! asyncio tasks, and the blocking actions that follow a GIL release.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::compile::Op;
use super::state::{Aio, Cursor, Kind, Pending, Then, Wait};
use super::{Engine, NONE};
use crate::scenario::{GilMode, MAX_SIM_NS, StartMethod};
use crate::trace::{EventKind, State};

impl Engine<'_> {
    /// Runs the thread that is on a core until it computes (schedules a stop) or blocks.
    pub(super) fn exec(&mut self, tid: u32) {
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
    pub(super) fn fetch(&mut self, tid: u32) -> bool {
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

    pub(super) fn fetch_aio(&mut self, tid: u32) -> bool {
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

    pub(super) fn task_await(&mut self, tid: u32, k: u32, d: u64) {
        self.seq += 1;
        let seq = self.seq;
        let at = self.now.saturating_add(d);
        if let Some(aio) = self.threads[tid as usize].aio.as_mut() {
            aio.timers.push(Reverse((at, seq, k)));
            aio.current = None;
        }
        self.event(EventKind::TaskAwait, tid, NONE, k);
    }

    pub(super) fn scale_cpu(&self, ns: u64) -> u64 {
        if self.mode == GilMode::FreeThreaded {
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
    pub(super) fn do_then(&mut self, tid: u32, then: Then) -> bool {
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
}
