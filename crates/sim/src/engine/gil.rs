//! The GIL as `Python/ceval_gil.c` implements it (3.2+): take, the timed condition-variable wait,
//! the drop request, the eval-breaker check and the forced switch, and release.

use super::Engine;
use super::ids::{GilId, ThreadId};
use super::state::{GilRules, Pending, Phase, Then, Wait};
use crate::trace::{EventKind, State};

/// When a running holder's next GIL check is due.
pub(super) enum GilCheck {
    /// No check is due (no GIL held, no drop request, not computing under the old GIL).
    None,
    /// New GIL, a drop request pending: the eval breaker sees it after this long (real time).
    After(u64),
    /// Old GIL: after this much Python work (ns at full speed), once its fixed costs are paid.
    /// Ticks count Python work: at a core speed below full they take longer.
    Ticks(u64),
}

impl Engine<'_> {
    /// The holder's check at a core stop in the middle of Python work (CPython's eval breaker):
    /// with the new GIL, a pending drop request makes it drop (returns true: the thread was
    /// dealt with); with the old GIL, the tick count may have run out. Without a GIL, nothing.
    pub(super) fn gil_check(&mut self, tid: ThreadId) -> bool {
        let t = &self.threads[tid];
        let in_gil_compute =
            matches!(t.pending, Pending::Compute { left, gil: true, .. } if left > 0);
        if !t.holds_gil || t.gil.is_none() || t.ovh_left != 0 || !in_gil_compute {
            return false;
        }
        match self.rules {
            GilRules::Ceval if self.must_drop(tid) => {
                self.forced_drop(tid);
                true
            }
            GilRules::Ticks if t.tick_left == 0 => {
                self.old_gil_check(tid);
                false
            }
            _ => false,
        }
    }

    /// New GIL: the holder `tid` has seen the drop request at an eval-breaker check.
    pub(super) fn must_drop(&self, tid: ThreadId) -> bool {
        let t = &self.threads[tid];
        self.rules == GilRules::Ceval
            && t.holds_gil
            && t.gil.is_some_and(|g| self.gils[g].drop_request)
            && t.breaker_left == 0
    }

    /// When the running holder `tid`'s next GIL check is due.
    pub(super) fn next_gil_check(&self, tid: ThreadId) -> GilCheck {
        let t = &self.threads[tid];
        let Some(g) = t.gil.filter(|_| t.holds_gil) else {
            return GilCheck::None;
        };
        match self.rules {
            GilRules::Ceval if self.gils[g].drop_request => {
                GilCheck::After(t.breaker_left.saturating_add(t.ovh_left).max(1))
            }
            GilRules::Ticks if matches!(t.pending, Pending::Compute { gil: true, .. }) => {
                GilCheck::Ticks(t.tick_left)
            }
            _ => GilCheck::None,
        }
    }

    /// `take_gil` on a core. Returns false if the thread went to wait on the condition variable.
    pub(super) fn attempt_take(&mut self, tid: ThreadId, timed_out: bool) -> bool {
        let Some(g) = self.threads[tid].gil else {
            let t = &mut self.threads[tid];
            t.pending = t.after_gil.take().unwrap_or(Pending::Fetch);
            return true;
        };
        let gi = g;
        let Some(holder) = self.gils[gi].holder else {
            self.take(tid);
            let t = &mut self.threads[tid];
            t.pending = t.after_gil.take().unwrap_or(Pending::Fetch);
            return true;
        };
        if holder == tid {
            // Already handed over (old GIL race won).
            let t = &mut self.threads[tid];
            t.pending = t.after_gil.take().unwrap_or(Pending::Fetch);
            return true;
        }
        if !self.threads[tid].wanting {
            self.threads[tid].wanting = true;
            self.gils[gi].wanting += 1;
            self.event(EventKind::GilRequest, tid, Some(g), None);
        }
        let new_gil = self.rules == GilRules::Ceval;
        if new_gil
            && timed_out
            && self.gils[gi].switch_number == self.threads[tid].gil_saved
            && !self.gils[gi].drop_request
        {
            // SET_GIL_DROP_REQUEST
            self.gils[gi].drop_request = true;
            let h = holder;
            self.event(EventKind::GilDropRequest, tid, Some(g), Some(h.raw()));
            let eb = self.sc.runtime.eval_breaker_ns;
            let running = self.threads[h]
                .core
                .is_some_and(|hc| self.cores[hc].phase == Phase::Run(h));
            if running {
                self.progress(h);
            }
            self.threads[h].breaker_left = eb;
            if running {
                self.schedule_run(h);
            }
        }
        self.threads[tid].gil_saved = self.gils[gi].switch_number;
        self.threads[tid].pending = Pending::TakeGil { timed_out: false };
        self.gils[gi].cond.push(tid);
        self.block(tid, Wait::GilCond, State::WaitingGil);
        if new_gil {
            let at = self
                .now
                .saturating_add(self.switch_interval_ns)
                .saturating_add(self.sc.os.timer_slack_ns);
            self.set_timer(tid, at);
        }
        false
    }

    /// Thread `tid` takes its GIL (which is free).
    pub(super) fn take(&mut self, tid: ThreadId) {
        let Some(g) = self.threads[tid].gil else {
            return;
        };
        let gi = g;
        let prev = self.gils[gi].last_holder;
        {
            let gil = &mut self.gils[gi];
            gil.holder = Some(tid);
            gil.drop_request = false;
        }
        let now = self.now;
        self.gils[gi]
            .rec
            .set(now, State::Held, Some(tid.raw()), None);
        if self.threads[tid].wanting {
            self.threads[tid].wanting = false;
            self.gils[gi].wanting = self.gils[gi].wanting.saturating_sub(1);
        }
        let switched = prev != Some(tid);
        if switched {
            self.gils[gi].last_holder = Some(tid);
            self.gils[gi].switch_number += 1;
            self.threads[tid].ovh_left = self.threads[tid]
                .ovh_left
                .saturating_add(self.sc.runtime.gil_switch_ns);
        }
        let from = if switched {
            prev.map(ThreadId::raw)
        } else {
            None
        };
        self.event(EventKind::GilTake, tid, Some(g), from);
        {
            let t = &mut self.threads[tid];
            t.holds_gil = true;
            t.breaker_left = 0;
            t.tick_left = u64::from(self.sc.runtime.old_gil.ticks)
                .saturating_mul(self.sc.runtime.old_gil.ns_per_tick);
        }
        // COND_SIGNAL(switch_cond): a forced dropper may continue.
        self.wake_switch_waiters(g);
    }

    /// COND_SIGNAL(switch_cond): the threads that dropped the GIL on request and wait until
    /// another thread took it go on with what they were doing.
    pub(super) fn wake_switch_waiters(&mut self, g: GilId) {
        let sw = std::mem::take(&mut self.gils[g].switch_waiters);
        for w in sw {
            if let Wait::Switch(then) = self.threads[w].wait {
                self.threads[w].pending = Pending::Then(then);
                self.wake(w);
            }
        }
    }

    /// The holder `tid` lets go of its GIL (`drop_gil`'s bookkeeping), recorded as `kind`.
    pub(super) fn free_gil(&mut self, tid: ThreadId, kind: EventKind) {
        let Some(g) = self.threads[tid].gil else {
            return;
        };
        self.threads[tid].holds_gil = false;
        self.gils[g].holder = None;
        let now = self.now;
        self.gils[g].rec.set(now, State::Free, None, None);
        self.event(kind, tid, Some(g), None);
    }

    /// Wakes one waiter of the GIL's condition variable (COND_SIGNAL).
    pub(super) fn signal_cond(&mut self, g: GilId) -> Option<ThreadId> {
        let gi = g;
        if self.gils[gi].cond.is_empty() {
            return None;
        }
        let n = self.gils[gi].cond.len();
        let i = self.pick(n);
        let w = self.gils[gi].cond.remove(i);
        self.threads[w].pending = Pending::TakeGil { timed_out: false };
        Some(w)
    }

    /// `drop_gil`, then (new GIL) the forced-switch wait if a drop request is pending, then
    /// the blocking action `then`. Returns false if the thread left its core.
    pub(super) fn release_gil(&mut self, tid: ThreadId, then: Then, forced: bool) -> bool {
        let Some(g) = self.threads[tid]
            .gil
            .filter(|_| self.threads[tid].holds_gil)
        else {
            return self.do_then(tid, then);
        };
        let gi = g;
        let kind = if forced {
            EventKind::GilForcedSwitch
        } else {
            EventKind::GilRelease
        };
        self.free_gil(tid, kind);
        if let Some(w) = self.signal_cond(g) {
            self.wake(w);
        }
        if self.rules == GilRules::Ceval && self.gils[gi].drop_request {
            self.gils[gi].drop_request = false;
            if self.gils[gi].wanting > 0 && self.gils[gi].last_holder == Some(tid) {
                self.gils[gi].switch_waiters.push(tid);
                self.block(tid, Wait::Switch(then), State::WaitingGil);
                return false;
            }
        }
        self.do_then(tid, then)
    }

    /// The holder noticed the drop request at an eval-breaker check.
    pub(super) fn forced_drop(&mut self, tid: ThreadId) {
        let t = &mut self.threads[tid];
        t.after_gil = Some(t.pending);
        t.pending = Pending::Fetch;
        if self.release_gil(tid, Then::Retake, true) {
            self.exec(tid);
        }
    }
}
