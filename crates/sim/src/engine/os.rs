//! The OS: waking threads onto idle cores or into the run queue, dispatch with context-switch
//! cost and jitter, time slices and preemption, accounting a running thread's progress, blocking,
//! and thread timers.

use super::Engine;
use super::gil::GilCheck;
use super::ids::{CoreId, ThreadId};
use super::speed::UNITS;
use super::state::{Kind, Pending, Phase, Until, Wait};
use crate::trace::{EventKind, State};

impl Engine<'_> {
    /// Makes a blocked (or new) thread runnable: onto an idle core, or into the run queue.
    pub(super) fn wake(&mut self, tid: ThreadId) {
        let t = &mut self.threads[tid];
        if t.done || t.in_runq || t.core.is_some() {
            return;
        }
        t.wait = Wait::None;
        self.cancel_timer(tid);
        self.set_state(tid, State::Ready);
        if self.idle_cores > 0 {
            let last = self.threads[tid].last_core;
            let c = match last {
                Some(l) if self.cores[l].phase == Phase::Idle => Some(l),
                _ => self
                    .cores
                    .iter()
                    .position(|c| c.phase == Phase::Idle)
                    .map(|i| CoreId::new(i as u32)),
            };
            if let Some(c) = c {
                self.dispatch(c, tid);
                return;
            }
        }
        self.threads[tid].in_runq = true;
        self.runq.push_back(tid);
    }

    pub(super) fn dispatch(&mut self, c: CoreId, tid: ThreadId) {
        // A context switch (or, from idle, the wake-up latency) before the thread runs, with a
        // seeded jitter: the OS's timing noise decides races between threads.
        let j = self.sc.os.switch_jitter_ns;
        let cs = self.sc.os.context_switch_ns.saturating_add(if j > 0 {
            self.rng.below(j + 1)
        } else {
            0
        });
        {
            let t = &mut self.threads[tid];
            t.core = Some(c);
            t.in_runq = false;
        }
        self.set_core(c, Phase::Switch(tid));
        self.set_state(tid, State::Ready);
        let at = self.now.saturating_add(cs);
        self.plan_core(at, c);
    }

    /// The thread on core `c` stopped using it (blocked, finished, preempted).
    pub(super) fn release_core(&mut self, c: CoreId) {
        let tid = match self.cores[c].phase {
            Phase::Run(t) | Phase::Switch(t) => Some(t),
            Phase::Idle => None,
        };
        if let Some(tid) = tid {
            let t = &mut self.threads[tid];
            t.core = None;
            t.last_core = Some(c);
            self.cores[c].last = Some(tid);
        }
        self.core_q.cancel(c.raw());
        self.comp.cancel(c);
        self.set_core(c, Phase::Idle);
        if let Some(next) = self.runq.pop_front() {
            self.dispatch(c, next);
        }
    }

    pub(super) fn core_event(&mut self, c: CoreId) {
        match self.cores[c].phase {
            Phase::Idle => {}
            Phase::Switch(tid) => {
                // A thread that moved cores pays the move once, before its next computation; one
                // still paying a move (or other overhead) when preempted is not charged again.
                let t = &mut self.threads[tid];
                if self.sc.os.migration_ns > 0
                    && t.ovh_left == 0
                    && t.last_core.is_some_and(|l| l != c)
                {
                    t.cold = true;
                }
                self.set_core(c, Phase::Run(tid));
                let slice = self.sc.os.time_slice_ns;
                self.cores[c].slice_end = self.now.saturating_add(slice);
                let now = self.now;
                let clock = self.comp.varying_clock();
                let t = &mut self.threads[tid];
                t.run_since = now;
                if let Some(k) = clock {
                    t.began = k.at(now);
                }
                self.exec(tid);
            }
            Phase::Run(tid) => {
                self.progress(tid);
                if self.now >= self.cores[c].slice_end {
                    if !self.runq.is_empty() {
                        self.event(EventKind::Preempt, tid, None, None);
                        self.release_core(c);
                        let t = &mut self.threads[tid];
                        t.in_runq = true;
                        self.runq.push_back(tid);
                        self.set_state(tid, State::Ready);
                        return;
                    }
                    let slice = self.sc.os.time_slice_ns;
                    self.cores[c].slice_end = self.now.saturating_add(slice);
                }
                if self.gil_check(tid) {
                    return;
                }
                self.exec(tid);
            }
        }
    }

    /// Accounts the time the thread on a core ran since `run_since`: first its fixed costs, then
    /// its computation, which did the work the work clock advanced meanwhile (at a speed below
    /// full, the rest of the time counts as overhead: the core ran, the computation did not
    /// advance).
    pub(super) fn progress(&mut self, tid: ThreadId) {
        let now = self.now;
        let clock = self.comp.varying_clock();
        let t = &mut self.threads[tid];
        let from = t.run_since;
        let mut elapsed = now.saturating_sub(from);
        t.run_since = now;
        if t.holds_gil {
            t.breaker_left = t.breaker_left.saturating_sub(elapsed);
        }
        let a = elapsed.min(t.ovh_left);
        // With a speed that varies, the computation did the work the clock advanced by.
        let advance = clock.map(|k| k.advance(t, from.saturating_add(a), now));
        t.ovh_left -= a;
        t.overhead_ns = t.overhead_ns.saturating_add(a);
        elapsed -= a;
        if let Pending::Compute { left, gil, kind } = t.pending {
            let c = match advance {
                None => elapsed.min(left),
                Some(done) => {
                    let c = (done / UNITS).min(left);
                    if c < left {
                        // A fraction of a ns of work done carries over to the rest: the
                        // computation ends when the clock has advanced by all of its work,
                        // however often it stops.
                        t.began -= done % UNITS;
                    }
                    c
                }
            };
            t.overhead_ns = t.overhead_ns.saturating_add(elapsed.saturating_sub(c));
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

    /// Schedules the next stop of the running thread `tid` (it has work left): when its fixed
    /// costs and computation are done, its slice ends or its GIL check is due, the first of them.
    pub(super) fn schedule_run(&mut self, tid: ThreadId) {
        let t = &self.threads[tid];
        let Some(c) = t.core else {
            return; // only a thread on a core runs
        };
        debug_assert_eq!(
            t.run_since, self.now,
            "a stop is planned right after accounting"
        );
        let (ovh, began) = (t.ovh_left, t.began);
        let mut work = match t.pending {
            Pending::Compute { left, .. } => left,
            _ => 0,
        };
        let slice_end = self.cores[c].slice_end;
        let mut d = slice_end.saturating_sub(self.now).max(1);
        if work == 0 {
            d = d.min(ovh);
        }
        match self.next_gil_check(tid) {
            GilCheck::After(check) => d = d.min(check),
            GilCheck::Ticks(0) => d = d.min(ovh.max(1)),
            GilCheck::Ticks(ticks) => work = work.min(ticks),
            GilCheck::None => {}
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
        self.plan_run(c, at, (ovh, began), work);
    }

    /// Blocks the thread currently on a core.
    pub(super) fn block(&mut self, tid: ThreadId, w: Wait, st: State) {
        if let Some(c) = self.threads[tid].core {
            self.progress(tid);
            self.release_core(c);
        }
        let t = &mut self.threads[tid];
        t.wait = w;
        self.set_state(tid, st);
    }

    pub(super) fn timer_event(&mut self, tid: ThreadId) {
        let w = self.threads[tid].wait;
        match w {
            Wait::Io | Wait::Select => {
                if w == Wait::Io {
                    self.event(EventKind::IoEnd, tid, None, None);
                }
                self.threads[tid].pending = Pending::Fetch;
                self.wake(tid);
            }
            Wait::Sleep => {
                self.event(EventKind::SleepEnd, tid, None, None);
                self.threads[tid].pending = Pending::Fetch;
                self.wake(tid);
            }
            Wait::Until(Until::Driver { .. }) => self.driven_woken(tid),
            Wait::GilCond => {
                if let Some(g) = self.threads[tid].gil {
                    self.gils[g].cond.retain(|&x| x != tid);
                }
                self.threads[tid].pending = Pending::TakeGil { timed_out: true };
                self.wake(tid);
            }
            _ => {}
        }
    }
}
