//! A lane's spans, packed: one `u64` per span (start time in 42 bits, the state, and the thread
//! or core it names); a span ends where the next begins.

use std::ops::Range;

use serde::{Serialize, Serializer};

use super::packed::{PackedIter, serialize_list};
use super::*;

/// Bits of a span's tag (the low bits of its packed word): state << 18 | is-core << 17 | aux+1.
const AUX_BITS: u32 = 17;
const AUX_IS_CORE: u32 = 1 << AUX_BITS;
const STATE_SHIFT: u32 = AUX_BITS + 1;
/// The largest thread or core index a span can name.
pub const MAX_SPAN_AUX: u32 = (1 << AUX_BITS) - 2;
const _: () = assert!(crate::scenario::MAX_THREADS <= MAX_SPAN_AUX);
const _: () = assert!(crate::scenario::MAX_CORES <= MAX_SPAN_AUX);

/// The packed tag of a span: its state and the thread (core and GIL lanes) or core (thread
/// lanes) it names. A span names at most one: given both, the thread is kept.
#[inline]
pub(crate) fn span_tag(state: State, thread: Option<u32>, core: Option<u32>) -> u32 {
    let aux = match (thread, core) {
        (Some(t), _) => t.min(MAX_SPAN_AUX) + 1,
        (None, Some(c)) => AUX_IS_CORE | (c.min(MAX_SPAN_AUX) + 1),
        (None, None) => 0,
    };
    ((state as u32) << STATE_SHIFT) | aux
}

#[inline]
pub(super) fn pack_span(start_ns: u64, tag: u32) -> u64 {
    (start_ns.min(MAX_TRACE_NS) << TIME_SHIFT) | u64::from(tag)
}

#[inline]
pub(super) fn span_start(w: u64) -> u64 {
    w >> TIME_SHIFT
}

#[inline]
pub(super) fn span_tag_of(w: u64) -> u32 {
    (w & ((1 << TIME_SHIFT) - 1)) as u32
}

#[inline]
pub(super) fn state_of_tag(tag: u32) -> State {
    STATES[(tag >> STATE_SHIFT) as usize]
}

/// The spans of one lane, in time order and contiguous: each span ends where the next one
/// begins, the last at [`Spans::end_ns`]. Stored as one `u64` per span.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spans {
    /// `start_ns << 22 | tag` (see [`span_tag`]).
    pub(super) packed: Vec<u64>,
    /// The end of the last span (0 for an empty lane).
    pub(super) end_ns: u64,
}

pub(super) static NO_SPANS: Spans = Spans {
    packed: Vec::new(),
    end_ns: 0,
};

impl Spans {
    /// An empty lane.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of spans.
    pub fn len(&self) -> usize {
        self.packed.len()
    }

    /// Whether the lane has no spans.
    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    /// The end of the last span (0 for an empty lane).
    pub fn end_ns(&self) -> u64 {
        self.end_ns
    }

    /// The end of span `i` (`i < len`): the next span's start, or the lane's end.
    #[inline]
    fn end_at(&self, i: usize) -> u64 {
        match self.packed.get(i + 1) {
            Some(&w) => span_start(w),
            None => self.end_ns,
        }
    }

    /// Span `i`, if there is one.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Span> {
        let w = *self.packed.get(i)?;
        let tag = span_tag_of(w);
        let aux = tag & ((1 << AUX_BITS) - 1);
        let (thread, core) = if aux == 0 {
            (None, None)
        } else if tag & AUX_IS_CORE != 0 {
            (None, Some(aux - 1))
        } else {
            (Some(aux - 1), None)
        };
        Some(Span {
            start_ns: span_start(w),
            end_ns: self.end_at(i),
            state: state_of_tag(tag),
            thread,
            core,
        })
    }

    /// The first span, if any.
    pub fn first(&self) -> Option<Span> {
        self.get(0)
    }

    /// The last span (it ends at [`Spans::end_ns`]), if any.
    pub fn last(&self) -> Option<Span> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// The spans in order.
    pub fn iter(&self) -> SpanIter<'_> {
        PackedIter::new(self, 0..self.len())
    }

    /// The spans with index in `range` (clipped to the lane).
    pub fn range(&self, range: Range<usize>) -> SpanIter<'_> {
        PackedIter::new(self, range)
    }

    /// The index of the first span at or after `from` that ends after `t` (`len` if none): the
    /// span that covers `t`, or the next one. Binary search over `from..len`.
    #[inline]
    pub fn first_ending_after(&self, from: usize, t: u64) -> usize {
        let from = from.min(self.len());
        // Spans starting at or before t, from `from` on: the last of them is the candidate.
        let j = from + self.packed[from..].partition_point(|&w| span_start(w) <= t);
        if j == from {
            return from;
        }
        if j < self.len() || self.end_ns > t {
            j - 1
        } else {
            j
        }
    }

    /// The index of the first span that starts at or after `t` (`len` if none).
    #[inline]
    pub fn first_starting_from(&self, t: u64) -> usize {
        self.packed.partition_point(|&w| span_start(w) < t)
    }

    /// The indices of the spans that overlap `[t0, t1)`.
    pub fn window(&self, t0: u64, t1: u64) -> Range<usize> {
        if t1 <= t0 {
            return 0..0;
        }
        let a = self.first_ending_after(0, t0);
        let b = self.first_starting_from(t1);
        if a >= b { 0..0 } else { a..b }
    }

    /// Appends `[start_ns, end_ns)` in `state`. The lane stays contiguous: a span that starts
    /// after the lane's end first gets an [`State::Idle`] span for the gap, and the part of a
    /// span before the lane's end is clipped off. Empty spans are dropped, except a `done` or
    /// `killed` one at the lane's end (a thread that ended exactly when the run did), which the
    /// next span replaces; a span that continues the last one's state, thread and core extends
    /// it. Times are clamped to [`MAX_TRACE_NS`].
    pub fn push(
        &mut self,
        start_ns: u64,
        end_ns: u64,
        state: State,
        thread: Option<u32>,
        core: Option<u32>,
    ) {
        let end_ns = end_ns.min(MAX_TRACE_NS);
        let start_ns = if self.is_empty() {
            start_ns.min(MAX_TRACE_NS)
        } else {
            start_ns.max(self.end_ns)
        };
        let terminal = end_ns == start_ns
            && matches!(state, State::Done | State::Killed)
            && (self.is_empty() || start_ns == self.end_ns);
        if end_ns <= start_ns && !terminal {
            return;
        }
        // A zero-length terminal span is superseded by whatever follows it.
        if let Some(&last) = self.packed.last()
            && span_start(last) == self.end_ns
        {
            self.packed.pop();
        }
        if terminal {
            self.packed
                .push(pack_span(start_ns, span_tag(state, thread, core)));
            self.end_ns = end_ns;
            return;
        }
        if !self.is_empty() && start_ns > self.end_ns {
            let idle = span_tag(State::Idle, None, None);
            self.push_contiguous(self.end_ns, idle);
        }
        self.push_contiguous(start_ns, span_tag(state, thread, core));
        self.end_ns = end_ns;
    }

    /// Appends a span with `tag` starting at `start_ns`, the current end (or anywhere on an
    /// empty lane), merged into the last span if the tag is the same. The caller sets the end.
    #[inline]
    pub(super) fn push_contiguous(&mut self, start_ns: u64, tag: u32) {
        if let Some(&last) = self.packed.last()
            && span_tag_of(last) == tag
        {
            return;
        }
        self.packed.push(pack_span(start_ns, tag));
    }

    /// The span covering `t`, or the last span if `t` is exactly the lane's end.
    pub(super) fn at(&self, t: u64) -> Option<Span> {
        let i = self.first_ending_after(0, t);
        let i = if i < self.len() {
            i
        } else if self.end_ns == t {
            self.len().checked_sub(1)?
        } else {
            return None;
        };
        let s = self.get(i)?;
        (s.start_ns <= t).then_some(s)
    }
}

impl<'a> IntoIterator for &'a Spans {
    type Item = Span;
    type IntoIter = SpanIter<'a>;
    fn into_iter(self) -> SpanIter<'a> {
        self.iter()
    }
}

impl Serialize for Spans {
    /// As a list of [`Span`]s.
    fn serialize<S: Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        serialize_list(self, ser)
    }
}

impl FromIterator<Span> for Spans {
    /// Pushes each span in turn (see [`Spans::push`]).
    fn from_iter<I: IntoIterator<Item = Span>>(iter: I) -> Self {
        let mut l = Spans::new();
        for s in iter {
            l.push(s.start_ns, s.end_ns, s.state, s.thread, s.core);
        }
        l
    }
}

/// An iterator over some of a lane's spans.
pub type SpanIter<'a> = PackedIter<'a, Spans>;
