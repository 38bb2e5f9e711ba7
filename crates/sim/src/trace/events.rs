//! A trace's events, packed in 16 bytes each, in time order.

use std::ops::Range;

use serde::{Serialize, Serializer};

use super::packed::{PackedIter, serialize_list};
use super::*;

const KIND_SHIFT: u32 = 17;
/// The largest GIL index an event can name.
pub const MAX_EVENT_GIL: u32 = (1 << KIND_SHIFT) - 2;
const THREAD_SHIFT: u32 = 44;
const PROCESS_SHIFT: u32 = 32;
/// The largest thread index an event can name.
pub const MAX_EVENT_THREAD: u32 = (1 << (64 - THREAD_SHIFT)) - 2;
/// The largest process index an event can name.
pub const MAX_EVENT_PROCESS: u32 = (1 << (THREAD_SHIFT - PROCESS_SHIFT)) - 2;
const _: () = assert!(crate::scenario::MAX_THREADS <= MAX_EVENT_THREAD);
const _: () = assert!(crate::scenario::MAX_PROCESSES <= MAX_EVENT_PROCESS);
const _: () =
    assert!(crate::scenario::MAX_PROCESSES * crate::scenario::MAX_INTERPRETERS <= MAX_EVENT_GIL);

/// One event in 16 bytes: `t_ns << 22 | kind << 17 | gil+1` and
/// `thread+1 << 44 | process+1 << 32 | other+1` (0 for none).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct PackedEvent {
    a: u64,
    b: u64,
}

#[inline]
fn field(v: Option<u32>, max: u32) -> u64 {
    v.map_or(0, |v| u64::from(v.min(max)) + 1)
}

#[inline]
fn unfield(v: u64) -> Option<u32> {
    (v != 0).then(|| (v - 1) as u32)
}

impl PackedEvent {
    #[inline]
    fn pack(e: &Event) -> Self {
        PackedEvent {
            a: (e.t_ns.min(MAX_TRACE_NS) << TIME_SHIFT)
                | (u64::from(e.kind as u8) << KIND_SHIFT)
                | field(e.gil, MAX_EVENT_GIL),
            b: (field(e.thread, MAX_EVENT_THREAD) << THREAD_SHIFT)
                | (field(e.process, MAX_EVENT_PROCESS) << PROCESS_SHIFT)
                | field(e.other, u32::MAX - 1),
        }
    }

    #[inline]
    fn t_ns(self) -> u64 {
        self.a >> TIME_SHIFT
    }

    #[inline]
    fn unpack(self) -> Event {
        Event {
            t_ns: self.t_ns(),
            kind: EVENT_KINDS[((self.a >> KIND_SHIFT) & 0x1f) as usize],
            thread: unfield(self.b >> THREAD_SHIFT),
            process: unfield(
                (self.b >> PROCESS_SHIFT) & ((1 << (THREAD_SHIFT - PROCESS_SHIFT)) - 1),
            ),
            gil: unfield(self.a & ((1 << KIND_SHIFT) - 1)),
            other: unfield(self.b & 0xffff_ffff),
        }
    }
}

/// The events of a trace in time order (ties in the order they happened), 16 bytes each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Events {
    packed: Vec<PackedEvent>,
}

impl Events {
    /// No events.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of events.
    pub fn len(&self) -> usize {
        self.packed.len()
    }

    /// Whether there are no events.
    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    /// Event `i`, if there is one.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Event> {
        self.packed.get(i).map(|p| p.unpack())
    }

    /// The earliest event, if any.
    pub fn first(&self) -> Option<Event> {
        self.get(0)
    }

    /// The latest event, if any.
    pub fn last(&self) -> Option<Event> {
        self.packed.last().map(|p| p.unpack())
    }

    /// The events in order.
    pub fn iter(&self) -> EventIter<'_> {
        PackedIter::new(self, 0..self.len())
    }

    /// The events with index in `range` (clipped).
    pub fn range(&self, range: Range<usize>) -> EventIter<'_> {
        PackedIter::new(self, range)
    }

    /// The number of events before `t` (with `inclusive`, at or before `t`).
    #[inline]
    pub fn count_before(&self, t: u64, inclusive: bool) -> usize {
        if inclusive {
            self.packed.partition_point(|p| p.t_ns() <= t)
        } else {
            self.packed.partition_point(|p| p.t_ns() < t)
        }
    }

    /// Appends an event. Events must come in time order (a trace's queries rely on it);
    /// [`crate::check_invariants`] reports any that do not.
    #[inline]
    pub fn push(&mut self, e: Event) {
        self.packed.push(PackedEvent::pack(&e));
    }
}

impl<'a> IntoIterator for &'a Events {
    type Item = Event;
    type IntoIter = EventIter<'a>;
    fn into_iter(self) -> EventIter<'a> {
        self.iter()
    }
}

impl FromIterator<Event> for Events {
    fn from_iter<I: IntoIterator<Item = Event>>(iter: I) -> Self {
        let mut v = Events::new();
        for e in iter {
            v.push(e);
        }
        v
    }
}

impl Serialize for Events {
    /// As a list of [`Event`]s.
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        serialize_list(self, ser)
    }
}

/// An iterator over some of a trace's events.
pub type EventIter<'a> = PackedIter<'a, Events>;
