//! The cores' shared speed (`machine.parallel_efficiency_permille`): a work clock that every
//! running core follows, the ends of computations planned in that clock's time, and a change of
//! speed, which re-maps the one clock instead of re-planning every running thread.
//!
//! All running cores do work at the same speed, so one clock serves them all: the work a core
//! running all along would have done since the run began, in thousandths of a ns of work. A
//! core's next stop has a part in real time (the end of its slice, the eval-breaker check, fixed
//! costs with nothing after them) and, while its thread computes, a part in work time: the
//! clock's reading at which the computation (or the old GIL's ticks) ends. A change of speed
//! changes when the clock reaches each key, not the keys, and a thread's work is read off the
//! clock when it is next accounted, exactly (fractions of a ns of work included).
//!
//! A thread that first pays a fixed cost (a GIL hand-off, a move between cores, an event loop's
//! step) computes only once that ends, from the clock's reading then. Its key is first guessed
//! at the speed of the moment; a change of speed before the cost ends turns the guess into a
//! wait for that end, when the key is taken (not an engine event). Each stop is guessed once
//! and turned at most once, so a change of speed costs O(1) amortised, O(log n) per stop.

use super::Engine;
use super::ids::CoreId;
use super::state::{Phase, Th};
use crate::queue::EventQueue;

/// Work units per ns of work: a core at `speed` per mille does `speed` units per ns.
pub(super) const UNITS: u64 = 1000;

/// The work clock: its reading advances at `speed` units per ns of real time.
#[derive(Clone, Copy, Debug)]
pub(super) struct WorkClock {
    /// The real time of the last change of speed, and the clock's reading then.
    since: u64,
    read_since: u64,
    speed: u32,
}

impl WorkClock {
    /// The clock's reading at real time `t`, no earlier than its last change of speed (later
    /// ones are read at the current speed).
    #[inline]
    pub(super) fn at(&self, t: u64) -> u64 {
        let ns = t.saturating_sub(self.since);
        self.read_since
            .saturating_add(ns.saturating_mul(u64::from(self.speed)))
    }

    /// The clock's reading at real time `t`: `recorded` (the reading taken at `t`) if the speed
    /// changed since.
    #[inline]
    pub(super) fn at_or(&self, t: u64, recorded: u64) -> u64 {
        if t >= self.since {
            self.at(t)
        } else {
            recorded
        }
    }

    /// The clock's advance since thread `t` began computing, at `start` (after its fixed costs)
    /// or at its last accounting if it had none then, up to `now`; records the reading now.
    #[inline]
    pub(super) fn advance(&self, t: &mut Th, start: u64, now: u64) -> u64 {
        let began = if t.ovh_left == 0 {
            t.began
        } else {
            self.at_or(start, t.began)
        };
        t.began = self.at(now);
        t.began.saturating_sub(began)
    }

    /// The first real time, not before `now`, at which the clock reads `w` or more.
    #[inline]
    fn when(&self, w: u64, now: u64) -> u64 {
        let ns = w
            .saturating_sub(self.read_since)
            .div_ceil(u64::from(self.speed.max(1)));
        self.since.saturating_add(ns).max(now)
    }
}

/// A core's thread computes after fixed costs: when they end, the work it then does (ns at full
/// speed; 0 if its stop has no work part) and the sequence number of its stop.
#[derive(Clone, Copy, Debug, Default)]
struct Begin {
    at: u64,
    work: u64,
    seq: u64,
    /// The stop is still planned and its key (or the reading when its computing began) is not
    /// settled yet.
    open: bool,
    /// The core is in `Computing::guessed`.
    listed: bool,
}

/// The stops planned in work time, and the clock they are read by.
pub(super) struct Computing {
    /// Whether the speed can ever differ from full speed (an efficiency list with an entry
    /// below 1000). If not, the work clock reads 1000 per ns from 0 for the whole run and the
    /// end of a computation is planned as a real time in the core's own stop.
    varies: bool,
    /// The slowest and the fastest speed a running core can have: a stop's work part that
    /// cannot come before its real part (or the reverse) is left out.
    slowest: u32,
    fastest: u32,
    clock: WorkClock,
    /// Each core's work part (slot = core), keyed by the clock's reading at which it is due,
    /// with the sequence number of the stop it belongs to.
    due: EventQueue,
    /// Cores whose thread's fixed costs outlasted a change of speed (slot = core), by the real
    /// time they end; then the work part is keyed.
    begins: EventQueue,
    /// Per core: its thread's computing after fixed costs, if its stop has any.
    begin: Vec<Begin>,
    /// Cores whose `begin` was planned since the last change of speed, each once.
    guessed: Vec<u32>,
}

impl Computing {
    /// The clock at full speed for a machine of `cores` cores whose efficiency list is `eff`.
    pub(super) fn new(cores: u32, eff: &[u32]) -> Self {
        // The speeds a running core can have: entries 0..cores of the list.
        let reach = &eff[..eff.len().min(cores as usize)];
        let slowest = reach.iter().copied().min().unwrap_or(1000);
        let fastest = reach.iter().copied().max().unwrap_or(1000);
        Self::with(cores, (slowest, fastest))
    }

    fn with(cores: u32, (slowest, fastest): (u32, u32)) -> Self {
        let varies = (slowest, fastest) != (1000, 1000);
        let slots = if varies { cores } else { 0 };
        Computing {
            varies,
            slowest,
            fastest,
            clock: WorkClock {
                since: 0,
                read_since: 0,
                speed: 1000,
            },
            due: EventQueue::new(slots),
            begins: EventQueue::new(slots),
            begin: vec![Begin::default(); slots as usize],
            guessed: Vec::new(),
        }
    }

    /// The work clock, if the speed can vary (else the work done is the time computed).
    #[inline(always)]
    pub(super) fn varying_clock(&self) -> Option<WorkClock> {
        self.varies.then_some(self.clock)
    }

    /// Drops core `c`'s work part, if any.
    #[inline(always)]
    pub(super) fn cancel(&mut self, c: CoreId) {
        if self.varies {
            self.drop_parts(c.raw(), None);
        }
    }

    /// Drops core `c`'s work part of the stop `id` if that stop is still the one planned.
    #[inline(always)]
    pub(super) fn retire(&mut self, c: u32, id: u64) {
        if self.varies {
            self.drop_parts(c, Some(id));
        }
    }

    /// Drops core `c`'s work part: any, or that of the stop `id` only.
    fn drop_parts(&mut self, c: u32, id: Option<u64>) {
        let b = &mut self.begin[c as usize];
        match id {
            None => {
                self.due.cancel(c);
                self.begins.cancel(c);
                b.open = false;
            }
            Some(id) => {
                self.due.retire(c, id);
                self.begins.retire(c, id);
                if crate::queue::id(c, b.seq) == id {
                    b.open = false;
                }
            }
        }
    }

    /// Core `slot`'s thread computes `work` after fixed costs that end at `at`, for its stop
    /// `seq`: its key was taken at the current speed, to be settled at a change of speed.
    fn guess(&mut self, slot: u32, at: u64, work: u64, seq: u64) {
        let b = &mut self.begin[slot as usize];
        let listed = b.listed;
        *b = Begin {
            at,
            work,
            seq,
            open: true,
            listed: true,
        };
        if !listed {
            self.guessed.push(slot);
        }
    }
}

impl Engine<'_> {
    /// Plans the next stop of core `c`, whose thread runs: at real time `at` at the latest, and
    /// earlier if it does `work` ns of work (at full speed; none if 0) after `ovh` ns of fixed
    /// costs first (without any, its computing began at the clock's reading `began`, now or a
    /// fraction of a ns of work before). Replaces the core's pending stop.
    #[inline]
    pub(super) fn plan_run(&mut self, c: CoreId, at: u64, (ovh, began): (u64, u64), work: u64) {
        let start = self.now.saturating_add(ovh);
        if work == 0 || at <= start {
            self.plan_core(at, c);
        } else if !self.comp.varies {
            // Full speed for the whole run: the work ends at a known real time.
            self.plan_core(at.min(start.saturating_add(work)), c);
        } else {
            self.plan_in_work_time(c, at, (ovh, began), work);
        }
    }

    /// [`Engine::plan_run`] of a stop with a work part, when the speed can vary.
    fn plan_in_work_time(&mut self, c: CoreId, at: u64, (ovh, began): (u64, u64), work: u64) {
        let (now, slot) = (self.now, c.raw());
        let start = now.saturating_add(ovh);
        // The work's key, and the work units it needs from `start`.
        let clock = self.comp.clock;
        let units = work.saturating_mul(UNITS);
        let (key, to_do) = if ovh == 0 {
            let key = began.saturating_add(units);
            (key, key.saturating_sub(clock.at(now)))
        } else {
            (clock.at(start).saturating_add(units), units)
        };
        // It ends between its end at the fastest speed a running core can have and its end at
        // the slowest: a part that cannot come first is left out.
        let d = at - start;
        let has_work = to_do <= (d - 1).saturating_mul(u64::from(self.comp.fastest));
        if has_work {
            self.seq += 1;
            let seq = self.seq;
            if to_do <= d.saturating_mul(u64::from(self.comp.slowest)) {
                self.core_q.cancel(slot);
            } else {
                self.core_q.schedule(slot, at, seq);
            }
            let comp = &mut self.comp;
            comp.begins.cancel(slot);
            comp.begin[slot as usize].open = false;
            comp.due.schedule(slot, key, seq);
        } else {
            self.plan_core(at, c);
        }
        if ovh > 0 {
            let work = if has_work { work } else { 0 };
            self.comp.guess(slot, start, work, self.seq);
        }
    }

    /// The earliest engine event, given `next`, the earliest of the queues in real time: a
    /// core's work part may be due sooner. The work parts of threads whose fixed costs end by
    /// then are keyed first (not an engine event): until then the speed cannot change.
    #[inline(always)]
    pub(super) fn with_work_parts(
        &mut self,
        next: Option<(u64, bool, u32, u64)>,
    ) -> Option<(u64, bool, u32, u64)> {
        if self.comp.varies {
            self.first_with_work_parts(next)
        } else {
            next
        }
    }

    /// [`Engine::with_work_parts`] when the speed can vary.
    fn first_with_work_parts(
        &mut self,
        mut next: Option<(u64, bool, u32, u64)>,
    ) -> Option<(u64, bool, u32, u64)> {
        if let Some((w, slot, id)) = self.comp.due.peek() {
            next = self.sooner(next, w, slot, id);
        }
        while let Some((t, slot, _)) = self.comp.begins.peek() {
            if next.is_some_and(|n| t > n.0) {
                break;
            }
            if let Some((w, id)) = self.begin_work(slot, t) {
                next = self.sooner(next, w, slot, id);
            }
        }
        next
    }

    /// `next`, or the work part `id` of core `slot`, due when the clock reads `w`, if that is
    /// sooner.
    #[inline]
    fn sooner(
        &self,
        next: Option<(u64, bool, u32, u64)>,
        w: u64,
        slot: u32,
        id: u64,
    ) -> Option<(u64, bool, u32, u64)> {
        let clock = &self.comp.clock;
        if let Some(n) = next
            && w > clock.at(n.0)
        {
            return next; // the clock reads `w` only after `next`
        }
        let t = clock.when(w, self.now);
        match next {
            Some(n) if (n.0, n.3) <= (t, id) => next,
            _ => Some((t, true, slot, id)),
        }
    }

    /// The thread on core `slot` paid its fixed costs at `t` (not before the clock's last
    /// change of speed) and computes from then on: the clock's reading then is recorded, and
    /// its work part keyed. Returns the key and the stop's id, if it has a work part.
    fn begin_work(&mut self, slot: u32, t: u64) -> Option<(u64, u64)> {
        let comp = &mut self.comp;
        comp.begins.cancel(slot);
        let read = comp.clock.at(t);
        let b = &mut comp.begin[slot as usize];
        b.open = false;
        let (work, seq) = (b.work, b.seq);
        if let Phase::Run(tid) = self.cores[CoreId::new(slot)].phase {
            self.threads[tid].began = read;
        }
        if work == 0 {
            return None;
        }
        let key = read.saturating_add(work.saturating_mul(UNITS));
        self.comp.due.schedule(slot, key, seq);
        Some((key, crate::queue::id(slot, seq)))
    }

    /// The count of running cores changed: the cores' speed follows the efficiency list from
    /// now on. Every computing thread's end follows, since it is keyed in work time; the work
    /// each did so far is read off the clock when it is next accounted.
    pub(super) fn set_speed(&mut self) {
        let speed = self.sc.machine.speed_permille(self.running_cores);
        let clock = self.comp.clock;
        if speed == clock.speed {
            return;
        }
        let now = self.now;
        // Fixed costs that ended by now are keyed at the old speed (none usually are: the run
        // loop keys them before each event).
        while let Some((t, slot, _)) = self.comp.begins.peek()
            && t <= now
        {
            self.begin_work(slot, t);
        }
        self.settle_guesses();
        self.comp.clock = WorkClock {
            since: now,
            read_since: clock.at(now),
            speed,
        };
    }

    /// Before a change of speed: a stop whose thread began computing by now keeps the key
    /// guessed at the old speed, and its reading then is recorded; one whose fixed costs last
    /// beyond now waits for their end to be keyed.
    fn settle_guesses(&mut self) {
        let now = self.now;
        let guessed = std::mem::take(&mut self.comp.guessed);
        for &slot in &guessed {
            let b = &mut self.comp.begin[slot as usize];
            b.listed = false;
            if !b.open {
                continue;
            }
            if b.at <= now {
                b.open = false;
                let read = self.comp.clock.at(b.at);
                if let Phase::Run(tid) = self.cores[CoreId::new(slot)].phase {
                    self.threads[tid].began = read;
                }
            } else {
                let (at, seq) = (b.at, b.seq);
                self.comp.due.cancel(slot);
                self.comp.begins.schedule(slot, at, seq);
            }
        }
        self.comp.guessed = guessed;
        self.comp.guessed.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Trace, presets, trace_hash};

    /// Runs a scenario with every stop's work part planned in work time, as if the speed could
    /// change (anywhere from 1 to 1000 per mille, so that most stops keep both parts).
    fn run_in_work_time(sc: &crate::Scenario) -> Trace {
        let mut e = Engine::new(sc, true, None);
        e.comp = Computing::with(sc.machine.cores, (1, 1000));
        e.run().unwrap();
        e.finish()
    }

    #[test]
    fn at_full_speed_work_time_plans_every_stop_as_real_time_does() {
        // Without an efficiency list the work clock reads 1000 per ns for the whole run: the
        // stops keyed in work time must fall at the same instants, in the same order.
        for p in presets::all() {
            let plain = trace_hash(&crate::simulate(&p.scenario).unwrap());
            let keyed = trace_hash(&run_in_work_time(&p.scenario));
            assert_eq!(plain, keyed, "{}", p.name);
        }
    }
}
