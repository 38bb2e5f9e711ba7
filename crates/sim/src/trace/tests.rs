//! Unit tests of the trace: packing, queries against a linear scan, recording, serialization.

use super::events::PackedEvent;
use super::*;

fn sp(a: u64, b: u64, state: State, thread: Option<u32>, core: Option<u32>) -> Span {
    Span {
        start_ns: a,
        end_ns: b,
        state,
        thread,
        core,
    }
}

#[test]
fn spans_round_trip_every_state_and_the_largest_indices() {
    let mut want = Vec::new();
    let mut t = 0;
    for (i, &st) in STATES.iter().enumerate() {
        let (thread, core) = match i % 3 {
            0 => (Some(MAX_SPAN_AUX - i as u32), None),
            1 => (None, Some(i as u32)),
            _ => (None, None),
        };
        want.push(sp(t, t + 7 + i as u64, st, thread, core));
        t += 7 + i as u64;
    }
    want.push(sp(t, MAX_TRACE_NS, State::Held, Some(0), None));
    let lane: Spans = want.iter().copied().collect();
    assert_eq!(lane.iter().collect::<Vec<_>>(), want);
    assert_eq!(lane.end_ns(), MAX_TRACE_NS);
    assert_eq!(lane.iter().next_back(), want.last().copied());
    assert_eq!(
        serde_json::to_string(&lane).unwrap(),
        serde_json::to_string(&want).unwrap(),
        "a lane serializes as its list of spans"
    );
}

#[test]
fn push_fills_gaps_with_idle_clips_overlaps_and_merges() {
    let mut l = Spans::new();
    l.push(10, 20, State::Running, None, None);
    l.push(20, 30, State::Running, None, None); // merged
    l.push(25, 40, State::Ready, None, None); // clipped to 30..40
    l.push(50, 60, State::Running, None, Some(1)); // gap 40..50 -> idle
    l.push(55, 55, State::Ready, None, None); // empty: dropped
    l.push(60, 60, State::Done, None, None); // empty, but a terminal "done": kept
    l.push(60, 60, State::Running, None, None); // empty: dropped
    let got: Vec<_> = l.iter().map(|s| (s.start_ns, s.end_ns, s.state)).collect();
    assert_eq!(
        got,
        [
            (10, 30, State::Running),
            (30, 40, State::Ready),
            (40, 50, State::Idle),
            (50, 60, State::Running),
            (60, 60, State::Done)
        ]
    );
    assert_eq!(l.get(3).unwrap().core, Some(1));
}

#[test]
fn lane_queries_match_a_scan() {
    let lane: Spans = [
        sp(5, 10, State::Running, None, Some(0)),
        sp(10, 10, State::Ready, None, None), // dropped
        sp(10, 25, State::WaitingGil, None, None),
        sp(25, 40, State::Running, None, Some(1)),
    ]
    .into_iter()
    .collect();
    let all: Vec<Span> = lane.iter().collect();
    for t in 0..45u64 {
        let scan = all.iter().position(|s| s.end_ns > t).unwrap_or(all.len());
        assert_eq!(lane.first_ending_after(0, t), scan, "t={t}");
        for from in 0..=all.len() {
            assert_eq!(
                lane.first_ending_after(from, t),
                scan.max(from),
                "t={t} from={from}"
            );
        }
        let starting = all
            .iter()
            .position(|s| s.start_ns >= t)
            .unwrap_or(all.len());
        assert_eq!(lane.first_starting_from(t), starting);
        for t1 in t + 1..45 {
            let w: Vec<Span> = lane.range(lane.window(t, t1)).collect();
            let scan: Vec<Span> = all
                .iter()
                .copied()
                .filter(|s| s.start_ns < t1 && s.end_ns > t)
                .collect();
            assert_eq!(w, scan, "[{t}, {t1})");
        }
        let at = lane.at(t);
        let scan = all
            .iter()
            .copied()
            .find(|s| s.start_ns <= t && t < s.end_ns)
            .or_else(|| all.last().copied().filter(|s| s.end_ns == t));
        assert_eq!(at, scan, "at {t}");
    }
}

#[test]
fn events_round_trip_every_kind_and_the_largest_indices() {
    let want: Vec<Event> = EVENT_KINDS
        .iter()
        .enumerate()
        .map(|(i, &kind)| Event {
            t_ns: if i == 21 { MAX_TRACE_NS } else { i as u64 * 3 },
            kind,
            thread: (i % 2 == 0).then_some(MAX_EVENT_THREAD - i as u32),
            process: (i % 3 == 0).then_some(MAX_EVENT_PROCESS),
            gil: (i % 4 == 0).then_some(MAX_EVENT_GIL),
            other: (i % 5 != 0).then_some(u32::MAX - 1 - i as u32),
        })
        .collect();
    let ev: Events = want.iter().copied().collect();
    assert_eq!(ev.iter().collect::<Vec<_>>(), want);
    assert_eq!(
        serde_json::to_string(&ev).unwrap(),
        serde_json::to_string(&want).unwrap()
    );
    assert_eq!(ev.count_before(3, false), 1);
    assert_eq!(ev.count_before(3, true), 2);
    assert_eq!(std::mem::size_of::<PackedEvent>(), 16);
}

#[test]
fn lane_recorder_drops_empty_spans_and_keeps_a_terminal_done() {
    let mut r = LaneRec::new(true);
    r.set(0, State::Ready, None, None);
    r.set(0, State::Running, None, Some(2)); // the empty "ready" span is dropped
    r.set(4, State::Ready, None, None);
    r.set(4, State::Running, None, Some(2)); // merges back into the first running span
    r.set(9, State::Done, None, None);
    let l = r.finish(9);
    let got: Vec<_> = l.iter().map(|s| (s.start_ns, s.end_ns, s.state)).collect();
    assert_eq!(got, [(0, 9, State::Running), (9, 9, State::Done)]);
    // Rebuilding the lane from its spans keeps the terminal span...
    let again: Spans = l.iter().collect();
    assert_eq!(again, l);
    // ...and a span pushed after it replaces it.
    let mut more = again.clone();
    more.push(9, 12, State::Running, None, Some(2));
    let got: Vec<_> = more
        .iter()
        .map(|s| (s.start_ns, s.end_ns, s.state))
        .collect();
    assert_eq!(got, [(0, 12, State::Running)]);
}
