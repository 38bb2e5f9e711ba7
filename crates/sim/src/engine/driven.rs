//! Programs that unfold as they run. A scenario's threads follow steps fixed before the run; a
//! real program's threads do what its code computes. For those the engine asks a [`Driver`]
//! (real Python's interpreter, `gil-python`) for each thread's next slice of Python work as the
//! thread gets to run, and stays the one place that decides who runs: the GIL, the cores, the
//! OS's queue, the timers and the start handshake are the engine's, whatever the driver is.
//!
//! The driver runs a slice when the thread holds what Python work needs (the GIL, where there
//! is one): what the slice did (its output, the locks it released) happened by the time its
//! work ends, so the threads it unblocked are woken then. A slice ends where the program does
//! something the engine decides (a sleep, a wait, a new thread, the end).

use super::Engine;
use super::ids::{ProcId, ThreadId};
use super::state::{After, Kind, Pending, Th, Then, Until, Wait};
use super::{SimError, run_engine};
use crate::scenario::{Checked, GilMode, MAX_THREADS};
use crate::trace::{State, Trace};

/// A program that unfolds as it runs, for the threads of the scenario's main process (thread
/// `0` is its main thread; a thread the program starts gets the next number).
pub trait Driver {
    /// Thread `thread` runs Python from `now_ns` (it holds the GIL, if the run has one): it runs
    /// about `budget_ns` of work at most, and says what comes next.
    fn run(&mut self, thread: u32, now_ns: u64, budget_ns: u64) -> Slice;
    /// Thread `thread` waits ([`Next::Wait`]); at `now_ns` it was woken, or its deadline came.
    /// True: its wait is over (a free lock is its own from now, as a woken thread in CPython
    /// takes the lock before it takes the GIL back); false: it waits on.
    fn resume(&mut self, thread: u32, now_ns: u64) -> bool;
}

/// A slice of a thread's Python work, and what it leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slice {
    /// How long the Python work takes at full speed, ns.
    pub work_ns: u64,
    /// The waiting threads whose wait may be over after this work (a lock it released, a
    /// thread that ended): each is asked to [`Driver::resume`] when the work is done.
    pub wakes: Vec<u32>,
    /// What the thread does next.
    pub next: Next,
    /// The switch interval the program set in this slice (`sys.setswitchinterval`), ns.
    pub switch_interval_ns: Option<u64>,
}

/// What a thread does after a slice of work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    /// It goes on running Python (the engine may let another thread run first).
    Go,
    /// `time.sleep`: it releases the GIL and sleeps this long, ns.
    Sleep(u64),
    /// Blocking I/O (`input()`, a read): it releases the GIL and waits this long, ns.
    Io(u64),
    /// It releases the GIL and waits (a lock, a join, a condition) until a slice names it in
    /// `wakes`, or until `deadline` (ns on the run's clock).
    Wait {
        /// When a timeout ends the wait, if it has one.
        deadline: Option<u64>,
        /// A join (the trace shows it joining) rather than a lock or an event.
        join: bool,
    },
    /// `Thread.start()`: thread `thread` (the next number) is made; the starter pays the
    /// creation and waits for the new thread's bootstrap, as CPython's handshake does.
    Start {
        /// The new thread's number (the threads made so far).
        thread: u32,
        /// Its name (`Thread-1 (worker)`).
        name: String,
        /// A daemon thread is stopped when the main thread ends.
        daemon: bool,
    },
    /// The thread's code is done (its function returned, or an exception ended it).
    End,
    /// The run stops here: the driver does not run what the program does (it keeps why).
    Stop(String),
}

/// Runs a scenario whose main process's threads are `driver`'s program (the scenario gives the
/// machine, the OS and the runtime; its main thread's steps are not used). Returns the trace,
/// with the threads the program made.
pub fn simulate_driven(sc: Checked<'_>, driver: &mut dyn Driver) -> Result<Trace, SimError> {
    let sc = sc.scenario();
    let mut e = Engine::new(sc, true, Some(driver));
    for &t in &e.procs[0].threads {
        e.threads[t].driven = true;
    }
    run_engine(e)
}

impl Engine<'_> {
    /// A driven thread's next op: what follows its last slice, or a new slice.
    pub(super) fn fetch_driven(&mut self, tid: ThreadId) -> bool {
        if let Some(after) = self.threads[tid].after.take() {
            return self.after_slice(tid, *after);
        }
        let index = self.threads[tid].index;
        let budget = self.switch_interval_ns.min(MAX_SLICE_NS);
        let now = self.now;
        let Some(driver) = self.driver.as_mut() else {
            return false;
        };
        let s = driver.run(index, now, budget);
        if let Some(ns) = s.switch_interval_ns {
            // Within what a scenario may set (1 µs to 10 s).
            self.switch_interval_ns = ns.clamp(1_000, 10_000_000_000);
        }
        let after = After::Slice(s.wakes, s.next);
        let ns = self.scale_cpu(s.work_ns);
        if ns == 0 {
            return self.after_slice(tid, after);
        }
        self.threads[tid].after = Some(Box::new(after));
        self.threads[tid].pending = Pending::Compute {
            left: ns,
            gil: true,
            kind: Kind::Work,
        };
        true
    }

    fn after_slice(&mut self, tid: ThreadId, after: After) -> bool {
        let (wakes, next) = match after {
            After::Slice(wakes, next) => (wakes, next),
            After::Spawn(child) => {
                self.spawn_thread(child, tid);
                return self.until(tid, Until::Started(child));
            }
        };
        for w in wakes {
            self.driven_wake(w);
        }
        match next {
            Next::Go => true,
            Next::Sleep(ns) => self.release_gil(tid, Then::Sleep(ns), false),
            Next::Io(ns) => self.release_gil(tid, Then::Io(ns), false),
            Next::Wait { deadline, join } => {
                self.threads[tid].deadline = deadline;
                self.release_gil(tid, Then::Until(Until::Driver { join }), false)
            }
            Next::Start {
                thread,
                name,
                daemon,
            } => self.start_driven(tid, thread, name, daemon),
            Next::End if self.threads[tid].main => self.release_gil(tid, Then::ExitJoin, false),
            Next::End => self.release_gil(tid, Then::Exit, false),
            Next::Stop(why) => {
                self.runtime_err(tid, why);
                false
            }
        }
    }

    /// `Thread.start()` in `starter`: the new thread's record, then the creation's cost.
    fn start_driven(&mut self, starter: ThreadId, number: u32, name: String, daemon: bool) -> bool {
        let p = ProcId::new(0);
        if number as usize != self.procs[p].threads.len() {
            self.runtime_err(
                starter,
                format!("the driver made thread {number} out of turn"),
            );
            return false;
        }
        if self.threads.len() >= MAX_THREADS as usize {
            self.runtime_err(
                starter,
                format!("more than {MAX_THREADS} threads: the model's cap (MAX_THREADS)"),
            );
            return false;
        }
        let tid = ThreadId::new(self.threads.len() as u32);
        let gil = match self.sc.runtime.gil {
            GilMode::FreeThreaded => None,
            _ => self.threads[starter].gil,
        };
        let mut th = Th::new(name, p, number, gil, 0, self.record);
        th.daemon = daemon;
        th.driven = true;
        self.threads.push(th);
        self.procs[p].threads.push(tid);
        self.timer_q.grow(2 * self.threads.len() as u32);
        self.threads[starter].after = Some(Box::new(After::Spawn(tid)));
        self.threads[starter].pending = Pending::Compute {
            left: self.sc.runtime.thread_create_ns,
            gil: true,
            kind: Kind::Overhead,
        };
        true
    }

    /// Whether driven thread `tid`'s wait is over now (the driver decides).
    pub(super) fn driven_resume(&mut self, tid: ThreadId) -> bool {
        let index = self.threads[tid].index;
        let now = self.now;
        self.driver.as_mut().is_some_and(|d| d.resume(index, now))
    }

    /// A driven wait: the thread blocks until a slice wakes it or its deadline comes.
    pub(super) fn driven_block(&mut self, tid: ThreadId, join: bool) {
        let st = if join {
            State::Joining
        } else {
            State::WaitingLock
        };
        self.block(tid, Wait::Until(Until::Driver { join }), st);
        if let Some(at) = self.threads[tid].deadline {
            self.set_timer(tid, at.max(self.now));
        }
    }

    /// Thread number `w` of the main process may stop waiting: if its wait is over, it runs.
    fn driven_wake(&mut self, w: u32) {
        let Some(&tid) = self.procs[ProcId::new(0)].threads.get(w as usize) else {
            return;
        };
        self.driven_woken(tid);
    }

    /// A driven thread woken (by another's slice, or by its deadline): it runs if its wait is
    /// over.
    pub(super) fn driven_woken(&mut self, tid: ThreadId) {
        if !matches!(self.threads[tid].wait, Wait::Until(Until::Driver { .. })) {
            return;
        }
        if self.driven_resume(tid) {
            self.threads[tid].pending = Pending::Fetch;
            self.wake(tid);
        }
    }
}

/// The most Python work one slice runs, ns. Where the engine cuts a slice's work (a drop
/// request seen at an eval-breaker check), what the slice did shows before its time is over:
/// this bounds how early.
const MAX_SLICE_NS: u64 = 1_000_000;
