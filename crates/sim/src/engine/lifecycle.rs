//! Lifecycles: starting a process (start-method costs) and a thread (`Thread.start()`'s
//! handshake), joining, a thread's exit, a process's exit that waits for non-daemon threads and
//! children, and killing daemon threads.

use super::state::{Kind, Pending, Phase, Then, Until, Wait};
use super::{Engine, NONE};
use crate::trace::{EventKind, State};

impl Engine<'_> {
    pub(super) fn start_process(&mut self, p: u32, parent_thread: u32) {
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

    pub(super) fn spawn_thread(&mut self, child: u32, starter: u32) {
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

    pub(super) fn bootstrapped(&mut self, tid: u32) {
        let t = &mut self.threads[tid as usize];
        if t.bootstrapped {
            return;
        }
        t.bootstrapped = true;
        let s = t.starter;
        self.event(EventKind::ThreadStarted, tid, NONE, NONE);
        if s != NONE && self.threads[s as usize].wait == Wait::Until(Until::Started(tid)) {
            self.threads[s as usize].pending = Pending::Fetch;
            self.wake(s);
        }
    }

    pub(super) fn thread_exit(&mut self, tid: u32, st: State) {
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
        self.wake_joiners(joiners, Until::Thread(tid));
        let p = self.threads[tid as usize].proc;
        self.check_exit_waiter(p);
    }

    /// Wakes the threads that were joining (waiting for `u`) and still are.
    fn wake_joiners(&mut self, joiners: Vec<u32>, u: Until) {
        for j in joiners {
            if self.threads[j as usize].wait == Wait::Until(u) {
                self.threads[j as usize].pending = Pending::Fetch;
                self.wake(j);
            }
        }
    }

    pub(super) fn exit_ready(&self, p: u32) -> bool {
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

    pub(super) fn check_exit_waiter(&mut self, p: u32) {
        let w = self.procs[p as usize].exit_waiter;
        if w != NONE && self.exit_ready(p) {
            self.procs[p as usize].exit_waiter = NONE;
            self.threads[w as usize].pending = Pending::Then(Then::ExitJoin);
            self.wake(w);
        }
    }

    pub(super) fn exit_process(&mut self, p: u32, main: u32) {
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
        self.wake_joiners(joiners, Until::Process(p));
        let parent = self.procs[p as usize].parent;
        if parent != NONE {
            self.check_exit_waiter(parent);
        }
    }

    pub(super) fn kill(&mut self, t: u32) {
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
                self.free_gil(t, EventKind::GilRelease);
            }
        }
        for l in self.locks.iter_mut() {
            l.waiters.retain(|&x| x != t);
        }
        self.thread_exit(t, State::Killed);
        if g != NONE && self.gils[g as usize].wanting == 0 {
            // Nobody will take the GIL any more: a forced dropper must not wait forever.
            self.wake_switch_waiters(g);
        }
    }
}
