//! A real implementation of CPython's "new GIL" (3.2+, `Python/ceval_gil.c`).
//!
//! It follows `take_gil` / `drop_gil` closely:
//! - `mutex` + `cond` guard `locked` and `switch_number`;
//! - a thread that wants a held GIL waits on `cond` for one switch interval; if the wait timed
//!   out, the GIL is still locked and no switch happened meanwhile, it sets the drop request
//!   (the per-GIL eval-breaker bit); otherwise it waits a full interval again;
//! - the holder notices the request at its next eval-breaker check ([`GilThread::eval_breaker`])
//!   and drops the GIL;
//! - with FORCE_SWITCHING the dropping thread then waits on `switch_cond` until another thread
//!   has taken the GIL (`last_holder` changed), and only then queues for it again;
//! - the taker updates `last_holder` and `switch_number` under `switch_mutex`, signals
//!   `switch_cond`, and resets the drop request.
//!
//! Only `Mutex`, `Condvar::wait` and `Condvar::wait_timeout` are used: they work on wasm32 with
//! atomics, where `Instant` (and so `wait_timeout_while`) panics. Timing stamps come from a
//! caller-supplied [`Clock`].

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::clock::Clock;

/// CPython's default `sys.getswitchinterval()`: 5 ms.
pub const DEFAULT_SWITCH_INTERVAL_NS: u64 = 5_000_000;

/// `last_holder` value meaning "nobody yet" (CPython's NULL thread state).
const NO_HOLDER: u32 = 0;

/// Parameters of one GIL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GilConfig {
    /// The switch interval in nanoseconds (CPython's `sys.setswitchinterval`). At least 1 µs
    /// is used, as CPython does.
    pub interval_ns: u64,
    /// CPython always compiles FORCE_SWITCHING in; turn it off only to show what it prevents
    /// (the dropping thread retaking the GIL at once).
    pub force_switching: bool,
}

impl Default for GilConfig {
    fn default() -> Self {
        Self {
            interval_ns: DEFAULT_SWITCH_INTERVAL_NS,
            force_switching: true,
        }
    }
}

impl GilConfig {
    /// Default config with another switch interval.
    pub fn with_interval_ns(interval_ns: u64) -> Self {
        Self {
            interval_ns,
            ..Self::default()
        }
    }
}

/// Why a holder released the GIL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DropReason {
    /// The holder saw the drop request at an eval-breaker check.
    DropRequest,
    /// A voluntary release (blocking I/O, `time.sleep`, C code releasing the GIL).
    Voluntary,
    /// The thread finished: CPython's `final_release`; no forced-switch wait.
    Exit,
}

/// State protected by `gil->mutex`.
#[derive(Debug)]
struct GilState {
    locked: bool,
    switch_number: u64,
    /// How the last holder released (for hand-off records).
    last_drop: DropReason,
}

/// What `take_gil` observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Taken {
    /// The previous holder (worker id) if this take was a switch, `None` if the taker held it
    /// last or nobody held it before.
    pub switched_from: Option<u32>,
    /// How the previous holder released the GIL.
    pub previous_drop: DropReason,
    /// Drop requests this taker set while it waited.
    pub requests_set: u32,
    /// Timed waits on the GIL's condition variable, and how many of them timed out.
    pub waits: u32,
    pub timeouts: u32,
}

/// One GIL (one per interpreter, so one per process). Thread ids are worker ids, 0-based.
#[derive(Debug)]
pub struct Gil {
    mutex: Mutex<GilState>,
    cond: Condvar,
    switch_mutex: Mutex<()>,
    switch_cond: Condvar,
    /// Worker id + 1 of the last thread that took the GIL, or [`NO_HOLDER`].
    last_holder: AtomicU32,
    /// The eval breaker: here only its GIL-drop-request bit.
    eval_breaker: AtomicBool,
    interval: Duration,
    force_switching: bool,
    drop_requests: AtomicU64,
    forced_waits: AtomicU64,
}

/// `last_holder` value of thread `id`.
fn tag(id: u32) -> u32 {
    id.checked_add(1)
        .expect("GIL thread id u32::MAX is reserved")
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Gil {
    /// A new, unlocked GIL.
    pub fn new(config: GilConfig) -> Self {
        Self {
            mutex: Mutex::new(GilState {
                locked: false,
                switch_number: 0,
                last_drop: DropReason::Exit,
            }),
            cond: Condvar::new(),
            switch_mutex: Mutex::new(()),
            switch_cond: Condvar::new(),
            last_holder: AtomicU32::new(NO_HOLDER),
            eval_breaker: AtomicBool::new(false),
            interval: Duration::from_nanos(config.interval_ns.max(1_000)),
            force_switching: config.force_switching,
            drop_requests: AtomicU64::new(0),
            forced_waits: AtomicU64::new(0),
        }
    }

    /// CPython's `take_gil`: block until thread `me` holds the GIL. Each thread must use its
    /// own id (below `u32::MAX`) and must not take the GIL twice.
    pub fn take_gil(&self, me: u32) -> Taken {
        let me_tag = tag(me);
        let mut gil = lock(&self.mutex);
        let mut requests_set = 0;
        let mut timeouts = 0;
        let mut waits = 0;
        while gil.locked {
            waits += 1;
            let saved_switchnum = gil.switch_number;
            let (guard, res) = self
                .cond
                .wait_timeout(gil, self.interval)
                .unwrap_or_else(PoisonError::into_inner);
            gil = guard;
            if res.timed_out() {
                timeouts += 1;
            }
            // If we timed out and no switch occurred in the meantime, it is time to ask the
            // GIL-holding thread to drop it.
            if res.timed_out() && gil.locked && gil.switch_number == saved_switchnum {
                self.eval_breaker.store(true, Ordering::SeqCst); // SET_GIL_DROP_REQUEST
                self.drop_requests.fetch_add(1, Ordering::Relaxed);
                requests_set += 1;
            }
        }
        // This mutex must be taken before modifying last_holder: see drop_gil().
        let switch_guard = self.force_switching.then(|| lock(&self.switch_mutex));
        // We now hold the GIL.
        gil.locked = true;
        let prev = self.last_holder.load(Ordering::SeqCst);
        let switched_from = if prev != me_tag {
            self.last_holder.store(me_tag, Ordering::SeqCst);
            gil.switch_number += 1;
            prev.checked_sub(1)
        } else {
            None
        };
        if let Some(guard) = switch_guard {
            self.switch_cond.notify_one();
            drop(guard);
        }
        // RESET_GIL_DROP_REQUEST: a request aimed at the previous holder is served.
        self.eval_breaker.store(false, Ordering::SeqCst);
        let previous_drop = gil.last_drop;
        drop(gil);
        Taken {
            switched_from,
            previous_drop,
            requests_set,
            waits,
            timeouts,
        }
    }

    /// CPython's `drop_gil`. The caller must hold the GIL.
    ///
    /// # Panics
    /// If the GIL is not locked ("drop_gil: GIL is not locked").
    pub fn drop_gil(&self, me: u32, reason: DropReason) {
        let me_tag = tag(me);
        debug_assert_eq!(self.last_holder.load(Ordering::SeqCst), me_tag);
        {
            let mut gil = lock(&self.mutex);
            assert!(gil.locked, "drop_gil: GIL is not locked");
            gil.locked = false;
            gil.last_drop = reason;
            self.cond.notify_one();
        }
        let final_release = reason == DropReason::Exit;
        if self.force_switching && !final_release && self.eval_breaker.load(Ordering::SeqCst) {
            let mut sw = lock(&self.switch_mutex);
            // Not switched yet => wait.
            if self.last_holder.load(Ordering::SeqCst) == me_tag {
                self.eval_breaker.store(false, Ordering::SeqCst); // RESET_GIL_DROP_REQUEST
                self.forced_waits.fetch_add(1, Ordering::Relaxed);
                // CPython waits once; the loop only absorbs spurious wake-ups. It ends because
                // the thread that set the request is still in take_gil and will take the GIL.
                while self.last_holder.load(Ordering::SeqCst) == me_tag {
                    sw = self
                        .switch_cond
                        .wait(sw)
                        .unwrap_or_else(PoisonError::into_inner);
                }
            }
            drop(sw);
        }
    }

    /// The eval-breaker check's cheap part: is a drop request pending?
    #[inline]
    pub fn drop_requested(&self) -> bool {
        self.eval_breaker.load(Ordering::Relaxed)
    }

    /// Number of switches so far (`gil->switch_number`).
    pub fn switch_number(&self) -> u64 {
        lock(&self.mutex).switch_number
    }

    /// Whether some thread holds the GIL now.
    pub fn is_locked(&self) -> bool {
        lock(&self.mutex).locked
    }

    /// The last thread that took the GIL, if any.
    pub fn last_holder(&self) -> Option<u32> {
        self.last_holder.load(Ordering::SeqCst).checked_sub(1)
    }

    /// Drop requests set so far.
    pub fn drop_requests(&self) -> u64 {
        self.drop_requests.load(Ordering::Relaxed)
    }

    /// Times a dropping holder waited on the switch condition (FORCE_SWITCHING).
    pub fn forced_switch_waits(&self) -> u64 {
        self.forced_waits.load(Ordering::Relaxed)
    }

    /// The switch interval in nanoseconds.
    pub fn interval_ns(&self) -> u64 {
        u64::try_from(self.interval.as_nanos()).unwrap_or(u64::MAX)
    }
}

/// One holding period of the GIL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GilHold {
    pub holder: u32,
    pub start_ns: u64,
    pub end_ns: u64,
    /// Why it ended.
    pub reason: DropReason,
}

impl GilHold {
    /// Length of the holding period.
    pub fn duration_ns(&self) -> u64 {
        self.end_ns.saturating_sub(self.start_ns)
    }
}

/// The GIL passing from one thread to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handoff {
    pub from: u32,
    pub to: u32,
    /// When the new holder had it (clock of the run).
    pub at_ns: u64,
    /// How `from` released it.
    pub reason: DropReason,
}

/// One thread's view of a GIL: takes, drops and eval-breaker checks, with its holding periods
/// and hand-offs recorded from the caller's clock.
pub struct GilThread<'a> {
    gil: &'a Gil,
    id: u32,
    clock: &'a dyn Clock,
    held_since: Option<u64>,
    holds: Vec<GilHold>,
    handoffs: Vec<Handoff>,
}

impl<'a> GilThread<'a> {
    /// Thread `id` (0-based worker id) of `gil`.
    pub fn new(gil: &'a Gil, id: u32, clock: &'a dyn Clock) -> Self {
        Self {
            gil,
            id,
            clock,
            held_since: None,
            holds: Vec::new(),
            handoffs: Vec::new(),
        }
    }

    /// This thread's id.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// Whether this thread holds the GIL.
    pub fn holds_gil(&self) -> bool {
        self.held_since.is_some()
    }

    /// Take the GIL (blocks).
    ///
    /// # Panics
    /// If this thread already holds it.
    pub fn take(&mut self) -> Taken {
        assert!(
            self.held_since.is_none(),
            "thread {} already holds the GIL",
            self.id
        );
        let taken = self.gil.take_gil(self.id);
        let now = self.clock.now_ns();
        if let Some(from) = taken.switched_from {
            self.handoffs.push(Handoff {
                from,
                to: self.id,
                at_ns: now,
                reason: taken.previous_drop,
            });
        }
        self.held_since = Some(now);
        taken
    }

    /// Release the GIL.
    ///
    /// # Panics
    /// If this thread does not hold it.
    pub fn release(&mut self, reason: DropReason) {
        let start_ns = self
            .held_since
            .take()
            .unwrap_or_else(|| panic!("thread {} does not hold the GIL", self.id));
        let end_ns = self.clock.now_ns();
        self.holds.push(GilHold {
            holder: self.id,
            start_ns,
            end_ns,
            reason,
        });
        self.gil.drop_gil(self.id, reason);
    }

    /// The eval-breaker check (between bytecodes in CPython; between small slices of a chunk
    /// here). If a drop request is pending, drop the GIL, let another thread run, and take it
    /// back. Returns whether the GIL was dropped.
    #[inline]
    pub fn eval_breaker(&mut self) -> bool {
        if self.gil.drop_requested() {
            self.release(DropReason::DropRequest);
            // Other threads may run now.
            self.take();
            true
        } else {
            false
        }
    }

    /// The recorded holding periods and hand-offs. Releases the GIL first if still held.
    pub fn finish(mut self) -> (Vec<GilHold>, Vec<Handoff>) {
        if self.held_since.is_some() {
            self.release(DropReason::Exit);
        }
        (
            std::mem::take(&mut self.holds),
            std::mem::take(&mut self.handoffs),
        )
    }
}

impl Drop for GilThread<'_> {
    /// A thread that unwinds while holding the GIL releases it, so the others do not hang.
    fn drop(&mut self) {
        if self.held_since.take().is_some() {
            self.gil.drop_gil(self.id, DropReason::Exit);
        }
    }
}
