//! What [`Spans`](super::Spans) and [`Events`](super::Events) share: handing out plain values by index, iterating
//! them, and serializing as the list of those values.

use std::ops::Range;

use serde::Serializer;
use serde::ser::SerializeSeq;

use super::*;

/// Packed storage that hands out plain values by index: [`Spans`] and [`Events`].
pub trait Packed {
    /// The plain value handed out ([`Span`] or [`Event`]).
    type Item;
    /// Number of values stored.
    fn len(&self) -> usize;
    /// Value `i`, unpacked, if there is one.
    fn get(&self, i: usize) -> Option<Self::Item>;
    /// Whether nothing is stored.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Packed for Spans {
    type Item = Span;
    fn len(&self) -> usize {
        Spans::len(self)
    }
    #[inline]
    fn get(&self, i: usize) -> Option<Span> {
        Spans::get(self, i)
    }
}

impl Packed for Events {
    type Item = Event;
    fn len(&self) -> usize {
        Events::len(self)
    }
    #[inline]
    fn get(&self, i: usize) -> Option<Event> {
        Events::get(self, i)
    }
}

/// Serializes packed storage as the list of its values.
pub(super) fn serialize_list<P: Packed, S: Serializer>(p: &P, ser: S) -> Result<S::Ok, S::Error>
where
    P::Item: Serialize,
{
    let mut seq = ser.serialize_seq(Some(p.len()))?;
    for i in 0..p.len() {
        if let Some(v) = p.get(i) {
            seq.serialize_element(&v)?;
        }
    }
    seq.end()
}

/// An iterator over an index range of packed storage, by value.
#[derive(Clone, Debug)]
pub struct PackedIter<'a, P> {
    packed: &'a P,
    range: Range<usize>,
}

impl<'a, P: Packed> PackedIter<'a, P> {
    /// The values with index in `range`, clipped to the storage.
    pub(super) fn new(packed: &'a P, range: Range<usize>) -> Self {
        let end = range.end.min(packed.len());
        PackedIter {
            packed,
            range: range.start.min(end)..end,
        }
    }
}

impl<P: Packed> Iterator for PackedIter<'_, P> {
    type Item = P::Item;
    #[inline]
    fn next(&mut self) -> Option<P::Item> {
        let i = self.range.next()?;
        self.packed.get(i)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

impl<P: Packed> DoubleEndedIterator for PackedIter<'_, P> {
    fn next_back(&mut self) -> Option<P::Item> {
        let i = self.range.next_back()?;
        self.packed.get(i)
    }
}

impl<P: Packed> ExactSizeIterator for PackedIter<'_, P> {}
