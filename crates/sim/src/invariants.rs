//! The invariant checker every test trace passes: one GIL holder at a time, a thread runs on at
//! most one core and a core runs at most one thread, work is conserved (a finished thread
//! executed exactly its program's work), and time only moves forward.

use crate::scenario::{GilMode, Scenario, Step};
use crate::trace::{EventKind, Lane, Spans, State, Trace};

fn scaled(sc: &Scenario, ns: u64) -> u128 {
    if sc.runtime.gil == GilMode::FreeThreaded {
        let p = u128::from(sc.runtime.free_threaded_overhead_permille) + 1000;
        (u128::from(ns) * p / 1000).min(u128::from(crate::scenario::MAX_SIM_NS))
    } else {
        u128::from(ns)
    }
}

/// Program work (CPU + GIL-releasing C work) of a step list, computed from the scenario alone.
fn program_work(sc: &Scenario, steps: &[Step]) -> u128 {
    steps
        .iter()
        .map(|s| match s {
            Step::Cpu { ns } => scaled(sc, *ns),
            Step::CRelease { ns } => u128::from(*ns),
            Step::Repeat { count, body } => u128::from(*count) * program_work(sc, body),
            Step::Asyncio { tasks } => tasks.iter().map(|t| program_work(sc, &t.program)).sum(),
            _ => 0,
        })
        .sum()
}

fn check_lane(name: &str, spans: &Spans, end: u64) -> Result<(), String> {
    if !spans.is_empty() && spans.end_ns() != end {
        return Err(format!(
            "{name}: the lane ends at {}, not at the end of the trace {end}",
            spans.end_ns()
        ));
    }
    let mut prev_end = 0u64;
    for (i, s) in spans.iter().enumerate() {
        let terminal_at_end = i + 1 == spans.len()
            && s.start_ns == end
            && s.end_ns == end
            && matches!(s.state, State::Done | State::Killed);
        if s.start_ns >= s.end_ns && !terminal_at_end {
            return Err(format!(
                "{name} span {i}: empty or reversed [{}, {})",
                s.start_ns, s.end_ns
            ));
        }
        if s.start_ns < prev_end {
            return Err(format!(
                "{name} span {i}: overlaps the previous span (starts {} < {prev_end})",
                s.start_ns
            ));
        }
        if s.end_ns > end {
            return Err(format!(
                "{name} span {i}: ends after the trace ({} > {end})",
                s.end_ns
            ));
        }
        prev_end = s.end_ns;
    }
    Ok(())
}

/// Checks a trace of `sc`; the error says which invariant broke, where.
pub fn check_invariants(sc: &Scenario, tr: &Trace) -> Result<(), String> {
    check_trace(tr)?;
    check_programs(sc, tr)
}

/// Checks what holds of any trace, whatever made it (a scenario's steps, or a program run as it
/// goes): time moves forward, one GIL holder, one thread per core and one core per thread,
/// lanes that agree, and each thread's running time accounted as work or overhead.
pub fn check_trace(tr: &Trace) -> Result<(), String> {
    let end = tr.end_ns;
    // Time only moves forward.
    for (a, b) in tr.events.iter().zip(tr.events.iter().skip(1)) {
        if b.t_ns < a.t_ns {
            return Err(format!("events out of order: {} after {}", b.t_ns, a.t_ns));
        }
    }
    if tr.events.last().is_some_and(|e| e.t_ns > end) {
        return Err("an event lies after end_ns".into());
    }
    if tr.wall_ns > end {
        return Err("wall_ns after end_ns".into());
    }
    for (i, l) in tr.core_spans.iter().enumerate() {
        check_lane(&format!("core {i}"), l, end)?;
    }
    for (i, l) in tr.thread_spans.iter().enumerate() {
        check_lane(&format!("thread {i}"), l, end)?;
    }
    for (i, l) in tr.gil_spans.iter().enumerate() {
        check_lane(&format!("gil {i}"), l, end)?;
    }

    // One GIL holder at a time, replayed from the events.
    let mut holder: Vec<Option<u32>> = vec![None; tr.gils.len()];
    for e in &tr.events {
        let Some(g) = e.gil else { continue };
        let Some(h) = holder.get_mut(g as usize) else {
            return Err(format!("event names unknown GIL {g}"));
        };
        match e.kind {
            EventKind::GilTake => {
                if let Some(x) = *h {
                    return Err(format!(
                        "t={}: thread {:?} took GIL {g} held by thread {x}",
                        e.t_ns, e.thread
                    ));
                }
                *h = e.thread;
            }
            EventKind::GilRelease | EventKind::GilForcedSwitch => {
                if *h != e.thread || h.is_none() {
                    return Err(format!(
                        "t={}: thread {:?} released GIL {g} held by {:?}",
                        e.t_ns, e.thread, h
                    ));
                }
                *h = None;
            }
            _ => {}
        }
    }
    for (g, spans) in tr.gil_spans.iter().enumerate() {
        for s in spans {
            if (s.state == State::Held) != s.thread.is_some()
                || !matches!(s.state, State::Held | State::Free)
            {
                return Err(format!("gil {g}: bad span {s:?}"));
            }
        }
    }

    // A core runs at most one thread (one lane per core, non-overlapping) and a thread runs on
    // at most one core at a time.
    let mut runs: Vec<(u32, u64, u64, u32)> = Vec::new();
    for (c, spans) in tr.core_spans.iter().enumerate() {
        for s in spans {
            match s.state {
                State::Running => {
                    let t = s
                        .thread
                        .ok_or_else(|| format!("core {c}: running span without a thread"))?;
                    runs.push((t, s.start_ns, s.end_ns, c as u32));
                }
                State::Idle | State::ContextSwitch => {}
                other => return Err(format!("core {c}: unexpected state {other:?}")),
            }
        }
    }
    runs.sort_unstable();
    for w in runs.windows(2) {
        if w[0].0 == w[1].0 && w[1].1 < w[0].2 {
            return Err(format!(
                "thread {} runs on cores {} and {} at t={}",
                w[0].0, w[0].3, w[1].3, w[1].1
            ));
        }
    }
    // Thread lanes agree with core lanes.
    for (t, spans) in tr.thread_spans.iter().enumerate() {
        for s in spans {
            if matches!(s.state, State::Running | State::Starting) {
                let c = s.core.ok_or_else(|| {
                    format!("thread {t}: running without a core at {}", s.start_ns)
                })?;
                let cs = tr.spans_in(Lane::Core(c), s.start_ns, s.end_ns);
                let covered: u64 = cs
                    .filter(|x| x.state == State::Running && x.thread == Some(t as u32))
                    .map(|x| x.end_ns.min(s.end_ns) - x.start_ns.max(s.start_ns))
                    .sum();
                if covered != s.end_ns - s.start_ns {
                    return Err(format!(
                        "thread {t} running on core {c} at {} but the core disagrees",
                        s.start_ns
                    ));
                }
            }
        }
    }

    // Running time is accounted.
    for (ti, info) in tr.threads.iter().enumerate() {
        let ran: u64 = tr.thread_spans[ti]
            .iter()
            .filter(|s| matches!(s.state, State::Running | State::Starting))
            .map(|s| s.end_ns - s.start_ns)
            .sum();
        if ran != info.work_ns + info.overhead_ns {
            return Err(format!(
                "thread {ti} ({}): ran {ran} ns but accounted {} work + {} overhead",
                info.name, info.work_ns, info.overhead_ns
            ));
        }
    }
    Ok(())
}

/// Checks that each thread did its program's work: all of it if it finished, no more if not.
fn check_programs(sc: &Scenario, tr: &Trace) -> Result<(), String> {
    let mut ti = 0usize;
    for p in &sc.processes {
        for th in &p.threads {
            let info = tr
                .threads
                .get(ti)
                .ok_or("trace has fewer threads than the scenario")?;
            let spans = &tr.thread_spans[ti];
            let expected = program_work(sc, &th.program);
            let done = spans.last().is_some_and(|s| s.state == State::Done);
            let killed = spans.iter().any(|s| s.state == State::Killed);
            if done && u128::from(info.work_ns) != expected {
                return Err(format!(
                    "thread {ti} ({}): finished after {} ns of work, its program has {expected}",
                    th.name, info.work_ns
                ));
            }
            if (killed || !done) && u128::from(info.work_ns) > expected {
                return Err(format!(
                    "thread {ti} ({}): did more work than its program",
                    th.name
                ));
            }
            ti += 1;
        }
    }
    Ok(())
}
