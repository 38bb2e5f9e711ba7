//! How the timeline, its tooltips and the simulator's sentences name a trace's things: `T2`,
//! `P1`, "the GIL of P1", `T2 worker-1 (daemon)`. Pure functions.

use gil_sim::Trace;

/// A thread's short label, e.g. `T2`, numbered from 1 as people count.
pub fn thread_short(t: u32) -> String {
    format!("T{}", t + 1)
}

/// A process's short label, e.g. `P1`.
pub fn process_short(p: u32) -> String {
    format!("P{}", p + 1)
}

/// The GIL's name for people: "the GIL of P1" (or "of P1, interpreter 2" with subinterpreters).
pub fn gil_name(trace: &Trace, gil: u32) -> String {
    match trace.gils.get(gil as usize) {
        Some(info) => {
            let p = process_short(info.process);
            let per_interp = trace
                .processes
                .get(info.process as usize)
                .is_some_and(|p| p.gils.len() > 1);
            if per_interp {
                format!("the GIL of {p}, interpreter {}", info.interpreter + 1)
            } else {
                format!("the GIL of {p}")
            }
        }
        None => "the GIL".to_string(),
    }
}

/// The label of a thread as the timeline shows it: `T2 worker-1 (daemon)`.
pub fn thread_label(trace: &Trace, t: u32) -> String {
    let Some(info) = trace.threads.get(t as usize) else {
        return thread_short(t);
    };
    let daemon = if info.daemon { " (daemon)" } else { "" };
    format!("{} {}{daemon}", thread_short(t), info.name)
}
