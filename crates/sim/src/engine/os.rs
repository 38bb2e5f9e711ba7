//! The OS: waking threads onto idle cores or into the run queue, dispatch with context-switch
//! cost and jitter, time slices and preemption, accounting a running thread's progress, blocking,
//! and thread timers.

use super::state::{Kind, Pending, Phase, Wait};
use super::{Engine, NONE};
use crate::trace::{EventKind, State};

impl Engine<'_> {
    /// Makes a blocked (or new) thread runnable: onto an idle core, or into the run queue.
    pub(super) fn wake(&mut self, tid: u32) {
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

    pub(super) fn dispatch(&mut self, c: u32, tid: u32) {
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
    pub(super) fn release_core(&mut self, c: u32) {
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

    pub(super) fn core_event(&mut self, c: u32) {
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
                if self.gil_check(tid) {
                    return;
                }
                self.exec(tid);
            }
        }
    }

    /// Accounts the time the thread on a core ran since `run_since`.
    pub(super) fn progress(&mut self, tid: u32) {
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
    pub(super) fn schedule_run(&mut self, tid: u32) {
        let c = self.threads[tid as usize].core;
        let t = &self.threads[tid as usize];
        let compute_left = match t.pending {
            Pending::Compute { left, .. } => left,
            _ => 0,
        };
        let mut d = t.ovh_left.saturating_add(compute_left);
        let slice_end = self.cores[c as usize].slice_end;
        d = d.min(slice_end.saturating_sub(self.now).max(1));
        if let Some(check) = self.next_gil_check(tid) {
            d = d.min(check);
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
    pub(super) fn block(&mut self, tid: u32, w: Wait, st: State) {
        let c = self.threads[tid as usize].core;
        if c != NONE {
            self.progress(tid);
            self.release_core(c);
        }
        let t = &mut self.threads[tid as usize];
        t.wait = w;
        self.set_state(tid, st);
    }

    pub(super) fn timer_event(&mut self, tid: u32) {
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
}
