//! Lifecycles: starting a process (start-method costs) and a thread (`Thread.start()`'s
//! handshake), joining, a thread's exit, a process's exit that waits for non-daemon threads and
//! children, and killing daemon threads.

use super::Engine;
use super::ids::{ProcId, ThreadId};
use super::state::{Kind, Pending, Phase, Then, Until, Wait};
use crate::scenario::{MAX_SIM_NS, StartMethod};
use crate::trace::{EventKind, State};

impl Engine<'_> {
    /// Process `p` starts, from `parent_thread` (none for the main process): its main thread
    /// boots now and pays the start method's child cost before its program.
    pub(super) fn start_process(&mut self, p: ProcId, parent_thread: Option<ThreadId>) {
        let now = self.now;
        let parent = parent_thread.map(|t| self.threads[t].proc);
        {
            let pr = &mut self.procs[p];
            pr.started = true;
            pr.parent = parent;
            pr.start_ns = Some(now);
        }
        let main = self.procs[p].threads[0];
        self.event(
            EventKind::ProcessStart,
            main,
            None,
            parent_thread.map(ThreadId::raw),
        );
        let child_ns = if p.raw() == 0 {
            0
        } else {
            let costs = &self.sc.start_costs;
            let method = self.sc.processes[p.raw() as usize].start_method;
            let mut ns = costs.of(method).child_ns;
            if method != StartMethod::Fork {
                // spawn and forkserver children import the main module again; the first of
                // them also meets the resource tracker's start-up.
                ns = ns.saturating_add(costs.main_import_ns);
                if !self.tracker_started {
                    self.tracker_started = true;
                    ns = ns.saturating_add(costs.resource_tracker_ns);
                }
            }
            ns.min(MAX_SIM_NS)
        };
        let t = &mut self.threads[main];
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
        self.plan_boot(main, now);
        self.set_state(main, State::Ready);
    }

    /// `Thread.start()` in `starter`: thread `child` becomes runnable and will bootstrap.
    pub(super) fn spawn_thread(&mut self, child: ThreadId, starter: ThreadId) {
        self.event(EventKind::ThreadCreate, child, None, Some(starter.raw()));
        let bs = self.sc.runtime.thread_bootstrap_ns;
        let t = &mut self.threads[child];
        t.started = true;
        t.starter = Some(starter);
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
            self.event(EventKind::ThreadStarted, child, None, None);
        }
        self.wake(child);
    }

    /// Thread `tid` finished its bootstrap: its starter's `start()` returns.
    pub(super) fn bootstrapped(&mut self, tid: ThreadId) {
        let t = &mut self.threads[tid];
        if t.bootstrapped {
            return;
        }
        t.bootstrapped = true;
        let s = t.starter;
        self.event(EventKind::ThreadStarted, tid, None, None);
        if let Some(s) = s
            && self.threads[s].wait == Wait::Until(Until::Started(tid))
        {
            self.threads[s].pending = Pending::Fetch;
            self.wake(s);
        }
    }

    /// Thread `tid` ends (`Done`, or `Killed` at its process's exit): joiners wake.
    pub(super) fn thread_exit(&mut self, tid: ThreadId, st: State) {
        if let Some(c) = self.threads[tid].core {
            if self.cores[c].phase == Phase::Run(tid) {
                self.progress(tid);
            }
            self.release_core(c);
        }
        {
            let t = &mut self.threads[tid];
            t.done = true;
            t.wait = Wait::Done;
        }
        self.cancel_timer(tid);
        self.set_state(tid, st);
        self.event(
            if st == State::Killed {
                EventKind::ThreadKilled
            } else {
                EventKind::ThreadExit
            },
            tid,
            None,
            None,
        );
        let joiners = std::mem::take(&mut self.threads[tid].joiners);
        self.wake_joiners(joiners, Until::Thread(tid));
        let p = self.threads[tid].proc;
        self.check_exit_waiter(p);
    }

    /// Wakes the threads that were joining (waiting for `u`) and still are.
    fn wake_joiners(&mut self, joiners: Vec<ThreadId>, u: Until) {
        for j in joiners {
            if self.threads[j].wait == Wait::Until(u) {
                self.threads[j].pending = Pending::Fetch;
                self.wake(j);
            }
        }
    }

    pub(super) fn exit_ready(&self, p: ProcId) -> bool {
        let pr = &self.procs[p];
        let threads_ok = pr.threads.iter().skip(1).all(|&t| {
            let th = &self.threads[t];
            th.daemon || !th.started || th.done
        });
        let children_ok = self
            .procs
            .iter()
            .all(|q| q.parent != Some(p) || !q.started || q.done);
        threads_ok && children_ok
    }

    pub(super) fn check_exit_waiter(&mut self, p: ProcId) {
        if let Some(w) = self.procs[p].exit_waiter
            && self.exit_ready(p)
        {
            self.procs[p].exit_waiter = None;
            self.threads[w].pending = Pending::Then(Then::ExitJoin);
            self.wake(w);
        }
    }

    pub(super) fn exit_process(&mut self, p: ProcId, main: ThreadId) {
        // Daemon threads are stopped abruptly.
        let ts = self.procs[p].threads.clone();
        for t in ts {
            if t != main && self.threads[t].started && !self.threads[t].done {
                self.kill(t);
            }
        }
        self.thread_exit(main, State::Done);
        let now = self.now;
        {
            let pr = &mut self.procs[p];
            pr.done = true;
            pr.end_ns = Some(now);
        }
        if p.raw() == 0 {
            self.wall_ns = now;
        }
        self.event(EventKind::ProcessExit, main, None, None);
        let joiners = std::mem::take(&mut self.procs[p].joiners);
        self.wake_joiners(joiners, Until::Process(p));
        if let Some(parent) = self.procs[p].parent {
            self.check_exit_waiter(parent);
        }
    }

    pub(super) fn kill(&mut self, t: ThreadId) {
        let g = self.threads[t].gil;
        if self.threads[t].in_runq {
            self.runq.retain(|&x| x != t);
            self.threads[t].in_runq = false;
        }
        if let Some(gi) = g {
            self.gils[gi].cond.retain(|&x| x != t);
            self.gils[gi].switch_waiters.retain(|&x| x != t);
            if self.threads[t].wanting {
                self.threads[t].wanting = false;
                self.gils[gi].wanting = self.gils[gi].wanting.saturating_sub(1);
            }
            if self.threads[t].holds_gil {
                self.free_gil(t, EventKind::GilRelease);
            }
        }
        for l in self.locks.iter_mut() {
            l.waiters.retain(|&x| x != t);
        }
        self.thread_exit(t, State::Killed);
        if let Some(g) = g
            && self.gils[g].wanting == 0
        {
            // Nobody will take the GIL any more: a forced dropper must not wait forever.
            self.wake_switch_waiters(g);
        }
    }
}
