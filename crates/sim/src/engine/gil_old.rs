//! The old GIL (CPython 3.1 and earlier): a check every `ticks` bytecodes that, when another
//! thread waits, releases and re-takes the GIL, and the race the woken waiter may win.

use super::Engine;
use super::ids::ThreadId;
use super::state::Pending;
use crate::trace::EventKind;

impl Engine<'_> {
    /// Old GIL: the holder reached its tick check (every `ticks` bytecodes).
    pub(super) fn old_gil_check(&mut self, tid: ThreadId) {
        let Some(g) = self.threads[tid].gil else {
            return;
        };
        let gi = g;
        let og = self.sc.runtime.old_gil.clone();
        let t = &mut self.threads[tid];
        t.tick_left = u64::from(og.ticks).saturating_mul(og.ns_per_tick);
        if self.gils[gi].wanting == 0 {
            return;
        }
        // A contended release + re-acquire costs the holder a signal.
        t.ovh_left = t.ovh_left.saturating_add(og.signal_ns);
        let Some(w) = self.signal_cond(g) else {
            return;
        };
        self.event(EventKind::OldGilCheck, tid, Some(g), Some(w.raw()));
        if self.idle_cores > 0 {
            if self.rng.chance_permille(og.race_win_permille) {
                // The woken waiter wins the race: it gets the GIL, the old holder queues.
                self.free_gil(tid, EventKind::GilRelease);
                self.take(w);
                let wt = &mut self.threads[w];
                wt.pending = wt.after_gil.take().unwrap_or(Pending::Fetch);
                self.wake(w);
                let t = &mut self.threads[tid];
                t.after_gil = Some(t.pending);
                t.pending = Pending::TakeGil { timed_out: false };
                return;
            }
            let t = &mut self.threads[tid];
            t.ovh_left = t.ovh_left.saturating_add(og.contention_ns);
        }
        self.wake(w);
    }
}
