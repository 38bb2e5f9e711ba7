//! The engine's event queue: at most one pending engine event per slot (a core's next stop, a
//! thread's timer, a process's boot), popped in (time, sequence number) order. It is an indexed
//! 4-ary heap: re-planning a slot moves its entry and cancelling removes it, so the queue never
//! holds superseded events and stays as small as the number of live slots.

/// Low bits of an entry's tie-breaker that hold the slot; the sequence number sits above them.
const SLOT_BITS: u32 = 24;
/// Slots the queue can address.
pub(crate) const MAX_SLOTS: u32 = 1 << SLOT_BITS;
const ABSENT: u32 = u32::MAX;
/// Children per node: a 4-ary heap is half as deep as a binary one.
const ARITY: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    time: u64,
    /// `seq << SLOT_BITS | slot`: ties in time run in the order they were scheduled.
    tie: u64,
}

impl Entry {
    /// `(time, tie)` as one number, so a comparison is a single wide compare.
    #[inline]
    fn key(self) -> u128 {
        (u128::from(self.time) << 64) | u128::from(self.tie)
    }

    fn slot(self) -> u32 {
        (self.tie & u64::from(MAX_SLOTS - 1)) as u32
    }
}

/// The id that [`EventQueue::peek`] gives the event of `slot` planned with `seq`.
#[inline]
pub(crate) fn id(slot: u32, seq: u64) -> u64 {
    (seq << SLOT_BITS) | u64::from(slot)
}

#[derive(Clone, Debug)]
pub(crate) struct EventQueue {
    heap: Vec<Entry>,
    /// Slot -> index in `heap`, or `ABSENT`.
    pos: Vec<u32>,
}

impl EventQueue {
    /// A queue for slots `0..slots` (at most `MAX_SLOTS`).
    pub fn new(slots: u32) -> Self {
        assert!(slots <= MAX_SLOTS, "event queue: too many slots");
        EventQueue {
            heap: Vec::new(),
            pos: vec![ABSENT; slots as usize],
        }
    }

    /// Makes room for slots `0..slots` (at most `MAX_SLOTS`); never shrinks.
    pub fn grow(&mut self, slots: u32) {
        assert!(slots <= MAX_SLOTS, "event queue: too many slots");
        if self.pos.len() < slots as usize {
            self.pos.resize(slots as usize, ABSENT);
        }
    }

    /// Plans `slot`'s event at `time`, replacing any event the slot had pending. `seq` must grow
    /// with every call (it orders events of equal time) and stay below 2^40.
    #[inline]
    pub fn schedule(&mut self, slot: u32, time: u64, seq: u64) {
        let e = Entry {
            time,
            tie: id(slot, seq),
        };
        let p = self.pos[slot as usize];
        if p == ABSENT {
            let i = self.heap.len();
            self.heap.push(e);
            self.sift_up(i, e);
        } else {
            let i = p as usize;
            let old = self.heap[i];
            if e < old {
                self.sift_up(i, e);
            } else {
                self.sift_down(i, e);
            }
        }
    }

    /// Drops `slot`'s pending event, if any.
    #[inline]
    pub fn cancel(&mut self, slot: u32) {
        let p = self.pos[slot as usize];
        if p == ABSENT {
            return;
        }
        self.pos[slot as usize] = ABSENT;
        let last = self.heap.pop().expect("a present slot has an entry");
        let i = p as usize;
        if i < self.heap.len() {
            if last < self.heap[i] {
                self.sift_up(i, last);
            } else {
                self.sift_down(i, last);
            }
        }
    }

    /// Removes and returns the earliest event as `(time, slot)`.
    #[cfg(test)]
    pub fn pop(&mut self) -> Option<(u64, u32)> {
        let (time, slot, id) = self.peek()?;
        self.retire(slot, id);
        Some((time, slot))
    }

    /// The earliest event as `(time, slot, id)`, left in the queue. The engine handles it and
    /// then calls [`EventQueue::retire`]: an event the handler re-planned for the same slot (a
    /// core's next stop, usually) is then moved once instead of removed and re-inserted. Events
    /// planned meanwhile never precede it: they are at or after its time, with a larger `seq`.
    #[inline]
    pub fn peek(&mut self) -> Option<(u64, u32, u64)> {
        let top = *self.heap.first()?;
        Some((top.time, top.slot(), top.tie))
    }

    /// Removes the event `id` of `slot` if it is still pending (not re-planned or cancelled).
    #[inline]
    pub fn retire(&mut self, slot: u32, id: u64) {
        let p = self.pos[slot as usize];
        if p != ABSENT && self.heap[p as usize].tie == id {
            self.cancel(slot);
        }
    }

    /// Whether `slot` has an event pending.
    #[cfg(test)]
    pub fn is_pending(&self, slot: u32) -> bool {
        self.pos[slot as usize] != ABSENT
    }

    /// Places `e` at the hole `i`, moving it towards the root while it beats its parent.
    #[inline]
    fn sift_up(&mut self, mut i: usize, e: Entry) {
        let k = e.key();
        while i > 0 {
            let parent = (i - 1) / ARITY;
            let p = self.heap[parent];
            if k >= p.key() {
                break;
            }
            self.heap[i] = p;
            self.pos[p.slot() as usize] = i as u32;
            i = parent;
        }
        self.heap[i] = e;
        self.pos[e.slot() as usize] = i as u32;
    }

    /// The index of the smallest of the children starting at `first` (`first < n`). With all
    /// four present (the common case) it is the smaller of two pairs, picked without branches:
    /// the order of event times is random.
    #[inline]
    fn smallest_child(&self, first: usize, n: usize) -> usize {
        if first + ARITY <= n {
            let h = &self.heap[first..first + ARITY];
            let a = usize::from(h[1].key() < h[0].key());
            let b = 2 + usize::from(h[3].key() < h[2].key());
            let m = if h[b].key() < h[a].key() { b } else { a };
            first + m
        } else {
            let mut m = first;
            for j in first + 1..n {
                if self.heap[j].key() < self.heap[m].key() {
                    m = j;
                }
            }
            m
        }
    }

    /// Places `e` at the hole `i`, moving it towards the leaves while a child beats it.
    #[inline]
    fn sift_down(&mut self, mut i: usize, e: Entry) {
        let n = self.heap.len();
        let k = e.key();
        loop {
            let first = ARITY * i + 1;
            if first >= n {
                break;
            }
            let c = self.smallest_child(first, n);
            let ce = self.heap[c];
            if ce.key() >= k {
                break;
            }
            self.heap[i] = ce;
            self.pos[ce.slot() as usize] = i as u32;
            i = c;
        }
        self.heap[i] = e;
        self.pos[e.slot() as usize] = i as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    /// The reference: a heap of every scheduled event, with superseded and cancelled ones
    /// skipped when popped (the engine's earlier design).
    struct Lazy {
        heap: BinaryHeap<Reverse<(u64, u64, u32)>>,
        live: Vec<u64>,
    }

    impl Lazy {
        fn pop(&mut self) -> Option<(u64, u32)> {
            while let Some(Reverse((t, seq, slot))) = self.heap.pop() {
                if self.live[slot as usize] == seq {
                    self.live[slot as usize] = 0;
                    return Some((t, slot));
                }
            }
            None
        }
    }

    #[derive(Clone, Debug)]
    enum Op {
        Schedule(u32, u64),
        Cancel(u32),
        Pop,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            4 => (0u32..12, 0u64..50).prop_map(|(s, t)| Op::Schedule(s, t)),
            1 => (0u32..12).prop_map(Op::Cancel),
            3 => Just(Op::Pop),
        ]
    }

    proptest! {
        /// Any mix of schedules, re-plans, cancels and pops gives the same sequence as the
        /// lazy-deletion heap.
        #[test]
        fn matches_lazy_deletion_heap(ops in prop::collection::vec(op(), 0..300)) {
            let mut q = EventQueue::new(12);
            let mut r = Lazy { heap: BinaryHeap::new(), live: vec![0; 12] };
            let mut seq = 0;
            for o in ops {
                match o {
                    Op::Schedule(s, t) => {
                        seq += 1;
                        q.schedule(s, t, seq);
                        r.heap.push(Reverse((t, seq, s)));
                        r.live[s as usize] = seq;
                    }
                    Op::Cancel(s) => {
                        q.cancel(s);
                        r.live[s as usize] = 0;
                    }
                    Op::Pop => prop_assert_eq!(q.pop(), r.pop()),
                }
                for s in 0..12 {
                    prop_assert_eq!(q.is_pending(s), r.live[s as usize] != 0);
                }
            }
            loop {
                let (a, b) = (q.pop(), r.pop());
                prop_assert_eq!(a, b);
                if a.is_none() {
                    break;
                }
            }
        }
    }

    #[test]
    fn ties_pop_in_schedule_order_and_replanning_moves_an_event() {
        let mut q = EventQueue::new(4);
        q.schedule(3, 10, 1);
        q.schedule(1, 10, 2);
        q.schedule(2, 5, 3);
        q.schedule(2, 20, 4); // re-planned later
        q.cancel(0); // nothing pending: no effect
        assert_eq!(q.pop(), Some((10, 3)));
        assert_eq!(q.pop(), Some((10, 1)));
        assert_eq!(q.pop(), Some((20, 2)));
        assert_eq!(q.pop(), None);
    }
}
