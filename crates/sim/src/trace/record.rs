//! Recording: one lane's current state and since when, as the engine runs; finished spans go
//! to its [`Spans`](super::Spans).

use super::spans::{pack_span, span_tag, state_of_tag};
use super::*;

/// Records one lane as the engine runs: the current state since when, and the finished spans
/// (dropping empty spans, merging equal neighbours).
#[derive(Clone, Debug)]
pub(crate) struct LaneRec {
    /// The current span's tag and start, if the lane has begun.
    cur: Option<(u32, u64)>,
    spans: Spans,
    enabled: bool,
}

impl LaneRec {
    pub fn new(enabled: bool) -> Self {
        LaneRec {
            cur: None,
            spans: Spans::new(),
            enabled,
        }
    }

    /// From `now` on, the lane is in `state` (naming `thread` or `core`).
    #[inline]
    pub fn set(&mut self, now: u64, state: State, thread: Option<u32>, core: Option<u32>) {
        if !self.enabled {
            return;
        }
        let tag = span_tag(state, thread, core);
        if let Some((cur, since)) = self.cur {
            if cur == tag {
                return;
            }
            // The current span becomes a finished one unless it is empty.
            if now > since {
                self.spans.push_contiguous(since, cur);
            }
        }
        self.cur = Some((tag, now));
    }

    /// Ends the lane at `end` and hands over its spans.
    pub fn finish(&mut self, end: u64) -> Spans {
        if let Some((tag, since)) = self.cur.take() {
            if since < end {
                self.spans.push_contiguous(since, tag);
            } else if matches!(state_of_tag(tag), State::Done | State::Killed) {
                // A thread that ended exactly at the end of the run keeps a zero-length
                // terminal span, so "done" / "killed" stays visible at end_ns.
                self.spans.packed.push(pack_span(end, tag));
            }
        }
        let mut spans = std::mem::take(&mut self.spans);
        if !spans.is_empty() {
            spans.end_ns = end.min(MAX_TRACE_NS);
        }
        spans
    }
}
