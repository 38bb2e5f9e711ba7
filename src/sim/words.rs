//! What the simulator says in words: the live-state sentences in the seed's vocabulary (core,
//! process, thread, GIL, I/O), and the "right tool for the job" verdict derived from a
//! comparison. Pure functions, tested natively. Names (`T2`, "the GIL of P1") come from
//! `crate::timeline::names`, durations from `gil_sim::narrate`.

use crate::timeline::names::{gil_name, process_short, thread_short};
use gil_sim::narrate::fmt_ns;
use gil_sim::{Approach, Comparison, LaneNow, State, Trace};

/// The GIL a thread uses and who holds it at `now`, if anyone.
fn gil_holder(trace: &Trace, thread: u32, t_ns: u64) -> Option<(u32, Option<u32>)> {
    let gil = trace.threads.get(thread as usize)?.gil?;
    let holder = trace
        .lane_at(gil_sim::Lane::Gil(gil), t_ns)
        .and_then(|now| (now.state == State::Held).then_some(now.thread).flatten());
    Some((gil, holder))
}

/// "T2 is waiting for the GIL of P1 (held by T1) since 3.2 ms: I/O is not involved, ..."
pub fn describe_thread(trace: &Trace, thread: u32, now: &LaneNow, t_ns: u64) -> String {
    let who = thread_short(thread);
    let since = fmt_ns(now.since_ns);
    let core = now
        .core
        .map(|c| format!(" on core {c}"))
        .unwrap_or_default();
    match now.state {
        State::Running => match gil_holder(trace, thread, t_ns) {
            Some((gil, Some(h))) if h == thread => format!(
                "{who} is running{core} and holds {}: its Python code runs.",
                gil_name(trace, gil)
            ),
            Some(_) => format!(
                "{who} is running{core} without the GIL: C code that released it (or the thread is handing it over)."
            ),
            None => format!(
                "{who} is running{core}; this build has no GIL, so threads run in parallel."
            ),
        },
        State::Ready => format!(
            "{who} is ready since {since} but has no core: the OS scheduler has not given it a CPU yet."
        ),
        State::WaitingGil => {
            let (gil, holder) = gil_holder(trace, thread, t_ns).unwrap_or((0, None));
            let by = holder
                .map(|h| format!(" (held by {})", thread_short(h)))
                .unwrap_or_default();
            format!(
                "{who} is waiting for {}{by} since {since}: I/O is not involved, the interpreter has to switch.",
                gil_name(trace, gil)
            )
        }
        State::BlockedIo => format!(
            "{who} is blocked on I/O since {since}: it released the GIL, so another thread can run meanwhile."
        ),
        State::Sleeping => {
            format!("{who} is in time.sleep() since {since}: it released the GIL and uses no core.")
        }
        State::Starting => {
            format!("{who} is starting{core}: creating a thread or process costs time.")
        }
        State::WaitingLock => format!("{who} is waiting on a lock since {since}."),
        State::Joining => {
            format!("{who} is waiting (join) for another thread or process to finish.")
        }
        State::Done => format!("{who} has finished."),
        State::Killed => {
            format!("{who} was a daemon thread: it was stopped abruptly when its process exited.")
        }
        State::Idle | State::ContextSwitch | State::Free | State::Held => {
            format!("{who}: {}", now.state.label())
        }
    }
}

/// "Core 0 runs T1 (P1)." / "Core 1 is idle."
pub fn describe_core(trace: &Trace, core: u32, now: &LaneNow) -> String {
    let proc_of = |t: u32| {
        trace
            .threads
            .get(t as usize)
            .map(|i| format!(" of {}", process_short(i.process)))
            .unwrap_or_default()
    };
    match (now.state, now.thread) {
        (State::Running, Some(t)) => format!("Core {core} runs {}{}.", thread_short(t), proc_of(t)),
        (State::ContextSwitch, Some(t)) => format!(
            "Core {core} is switching to {}{} (a context switch).",
            thread_short(t),
            proc_of(t)
        ),
        _ => format!("Core {core} is idle."),
    }
}

/// "The GIL of P1 is held by T1 since 3.2 ms." / "... is free."
pub fn describe_gil(trace: &Trace, gil: u32, now: &LaneNow) -> String {
    let name = gil_name(trace, gil);
    let mut name_cap = name.clone();
    if let Some(first) = name_cap.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    match (now.state, now.thread) {
        (State::Held, Some(t)) => format!(
            "{name_cap} is held by {} since {}.",
            thread_short(t),
            fmt_ns(now.since_ns)
        ),
        _ => format!("{name_cap} is free."),
    }
}

/// What kind of work a comparison shows, from its own numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkKind {
    /// Needs the GIL: threads take turns, processes scale.
    CpuBound,
    /// Runs outside the GIL (C code that releases it, or no GIL): threads scale, asyncio cannot.
    ParallelWithoutGil,
    /// Mostly waiting: threads and asyncio both overlap the waits.
    IoBound,
    Mixed,
}

/// The one-sentence verdict, in the seed's spirit ("the right tool for the job"), derived from
/// the comparison's numbers: which mode won, by how much, and what the threads and processes
/// results say about the work.
pub fn verdict(cmp: &Comparison, cores: u32) -> String {
    let speed = |m: Approach| cmp.get(m).map(|r| r.speedup()).unwrap_or(0.0);
    let (threads, processes, asyncio) = (
        speed(Approach::Threads),
        speed(Approach::Processes),
        speed(Approach::Asyncio),
    );
    let Some(best) = cmp.best() else {
        return "No comparison is available for this scenario.".to_string();
    };
    let kind = if threads < 1.15 && processes > threads * 1.15 {
        WorkKind::CpuBound
    } else if threads >= 1.5 && asyncio < 1.15 && threads >= processes * 0.95 {
        WorkKind::ParallelWithoutGil
    } else if threads >= 1.5 && asyncio >= 1.5 && threads >= processes * 0.95 {
        WorkKind::IoBound
    } else {
        WorkKind::Mixed
    };
    let x = |v: f64| format!("{v:.2}×");
    match kind {
        WorkKind::CpuBound => format!(
            "CPU-bound work: threads gave {} (one GIL, so they take turns) while processes gave {} on {cores} core{}: use processes for CPU-bound work.",
            x(threads),
            x(processes),
            if cores == 1 { "" } else { "s" }
        ),
        WorkKind::ParallelWithoutGil => format!(
            "Work that runs outside the GIL (C code that releases it, or a build without a GIL): threads gave {} and processes {}, while asyncio gave {} because it runs one thing at a time: threads are the cheaper tool here.",
            x(threads),
            x(processes),
            x(asyncio)
        ),
        WorkKind::IoBound => format!(
            "I/O-bound work: threads gave {} and asyncio {} because waiting releases the GIL, while processes gave {} and cost more to start: use threads (or asyncio) for I/O-bound work.",
            x(threads),
            x(asyncio),
            x(processes)
        ),
        WorkKind::Mixed => format!(
            "Mixed result: {} was fastest at {} (threads {}, processes {}, asyncio {}): pick the tool that matches where the time goes.",
            best.mode.label(),
            x(best.speedup()),
            x(threads),
            x(processes),
            x(asyncio)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_sim::CompareRow;

    fn cmp(rows: &[(Approach, u64)]) -> Comparison {
        let seq = rows.iter().find(|r| r.0 == Approach::Sequential).unwrap().1;
        Comparison {
            rows: rows
                .iter()
                .map(|&(mode, wall_ns)| CompareRow {
                    mode,
                    wall_ns,
                    speedup_permille: seq * 1000 / wall_ns,
                    cpu_ns: 0,
                })
                .collect(),
        }
    }

    #[test]
    fn verdict_follows_the_numbers() {
        let cpu = cmp(&[
            (Approach::Sequential, 1000),
            (Approach::Threads, 1010),
            (Approach::Processes, 520),
            (Approach::Asyncio, 1000),
        ]);
        let v = verdict(&cpu, 2);
        assert!(v.starts_with("CPU-bound"), "{v}");
        assert!(v.contains("0.99×") && v.contains("1.92×"), "{v}");
        assert!(v.contains("use processes"), "{v}");

        let io = cmp(&[
            (Approach::Sequential, 4000),
            (Approach::Threads, 1010),
            (Approach::Processes, 1100),
            (Approach::Asyncio, 1005),
        ]);
        let v = verdict(&io, 2);
        assert!(v.starts_with("I/O-bound"), "{v}");
        assert!(v.contains("3.96×"), "{v}");

        // C code that releases the GIL (or no GIL): threads scale, asyncio does not.
        let c_release = cmp(&[
            (Approach::Sequential, 2000),
            (Approach::Threads, 1000),
            (Approach::Processes, 1015),
            (Approach::Asyncio, 2000),
        ]);
        let v = verdict(&c_release, 2);
        assert!(v.starts_with("Work that runs outside the GIL"), "{v}");
        assert!(!v.contains("I/O-bound"), "{v}");

        let mixed = cmp(&[
            (Approach::Sequential, 1000),
            (Approach::Threads, 700),
            (Approach::Processes, 650),
            (Approach::Asyncio, 900),
        ]);
        let v = verdict(&mixed, 2);
        assert!(v.starts_with("Mixed result: processes was fastest"), "{v}");
    }
}
