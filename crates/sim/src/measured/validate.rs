//! What a real run can record, checked: the caps (processes, threads, a run's length, short
//! texts), every time inside the span it belongs to (a step in its thread's, a thread in its
//! process's, a process in the main process's), the steps of a thread one after another (but
//! the `await_*` steps of asyncio tasks, which overlap), and the processes as a tree (each but
//! the first started by exactly one `start_process` step of another, no cycle, names and pids
//! unique). Every refusal names its field path.

use std::collections::HashMap;

use super::{RecProcess, RecStep, RecThread, Recording};
use crate::scenario::{MAX_PROCESSES, MAX_SIM_NS, MAX_THREADS, ScenarioError};

/// Cap: how long a recording may run (its main process's span), and any one step's CPU
/// figures, ns: the model's cap on simulated time (one hour), which a trace's packed 42-bit
/// times hold (`trace::MAX_TRACE_NS`, 4398 s).
pub const MAX_RECORDING_NS: u64 = MAX_SIM_NS;
const _: () = assert!(MAX_RECORDING_NS <= crate::trace::MAX_TRACE_NS);

/// The step kinds the helper module records.
pub const STEP_KINDS: [&str; 10] = [
    "cpu",
    "c_release",
    "io",
    "sleep",
    "await_io",
    "await_sleep",
    "start_thread",
    "join_thread",
    "start_process",
    "join_process",
];

/// Cap: bytes of a name (a process's, a thread's, a step's).
const MAX_REC_NAME: usize = 256;
/// Cap: bytes of the short texts (`clock`, `python`, `platform`).
const MAX_REC_TEXT: usize = 64;
/// Cap: `cpus`.
const MAX_REC_CPUS: u32 = 1 << 16;
/// The only clock a recording's times may be on (one monotonic clock for every process).
const CLOCK: &str = "perf_counter_ns";

fn err(path: impl Into<String>, reason: impl Into<String>) -> ScenarioError {
    ScenarioError::new(path, reason)
}

/// Every check of a recording read from JSON.
pub(super) fn validate(rec: &Recording) -> Result<(), ScenarioError> {
    header(rec)?;
    counts(rec)?;
    let main = &rec.processes[0];
    main_span(main)?;
    for (pi, p) in rec.processes.iter().enumerate() {
        process(pi, p, main)?;
    }
    tree(rec)
}

/// The short fields: the clock, texts, the program's hash, the CPU count.
fn header(rec: &Recording) -> Result<(), ScenarioError> {
    if rec.clock != CLOCK {
        return Err(err(
            "clock",
            format!("must be \"{CLOCK}\" (one clock for every process)"),
        ));
    }
    for (field, text) in [("python", &rec.python), ("platform", &rec.platform)] {
        if text.len() > MAX_REC_TEXT {
            return Err(err(field, format!("longer than {MAX_REC_TEXT} bytes")));
        }
    }
    if let Some(h) = &rec.program_sha256
        && !(h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
    {
        return Err(err(
            "program_sha256",
            "must be a SHA-256 as 64 lowercase hex digits",
        ));
    }
    if let Some(c) = rec.cpus
        && !(1..=MAX_REC_CPUS).contains(&c)
    {
        return Err(err("cpus", format!("must be 1 to {MAX_REC_CPUS}, got {c}")));
    }
    Ok(())
}

/// At least one process, at most as many processes and threads as a scenario may have.
fn counts(rec: &Recording) -> Result<(), ScenarioError> {
    if rec.processes.is_empty() || rec.processes.len() > MAX_PROCESSES as usize {
        return Err(err(
            "processes",
            format!("must hold 1 to {MAX_PROCESSES} processes"),
        ));
    }
    let threads: usize = rec.processes.iter().map(|p| p.threads.len()).sum();
    if threads > MAX_THREADS as usize {
        return Err(err(
            "processes",
            format!("{threads} threads, more than {MAX_THREADS}"),
        ));
    }
    Ok(())
}

/// The main process's span: the run's, at most [`MAX_RECORDING_NS`] long.
fn main_span(main: &RecProcess) -> Result<(), ScenarioError> {
    if main.end_ns < main.start_ns {
        return Err(err("processes[0].end_ns", "ends before it starts"));
    }
    let span = main.end_ns - main.start_ns;
    if span > MAX_RECORDING_NS {
        return Err(err(
            "processes[0].end_ns",
            format!(
                "the run lasts {:.0} s, longer than a recording may (MAX_RECORDING_NS: {} s, \
                 the model's and its trace's cap on time)",
                span as f64 / 1e9,
                MAX_RECORDING_NS / 1_000_000_000
            ),
        ));
    }
    Ok(())
}

/// One process: its name, its span inside the main process's, its threads.
fn process(pi: usize, p: &RecProcess, main: &RecProcess) -> Result<(), ScenarioError> {
    let at = format!("processes[{pi}]");
    name(&format!("{at}.name"), &p.name)?;
    if p.end_ns < p.start_ns {
        return Err(err(format!("{at}.end_ns"), "ends before it starts"));
    }
    if p.start_ns < main.start_ns {
        return Err(err(
            format!("{at}.start_ns"),
            format!(
                "starts before the main process ({} ns before)",
                main.start_ns - p.start_ns
            ),
        ));
    }
    if p.end_ns > main.end_ns {
        return Err(err(
            format!("{at}.end_ns"),
            format!(
                "ends after the main process ({} ns after): the main process merges every \
                 process's record when it exits",
                p.end_ns - main.end_ns
            ),
        ));
    }
    for (ti, t) in p.threads.iter().enumerate() {
        thread(&format!("{at}.threads[{ti}]"), t, p)?;
    }
    Ok(())
}

fn name(path: &str, name: &str) -> Result<(), ScenarioError> {
    if name.len() > MAX_REC_NAME {
        return Err(err(path, format!("longer than {MAX_REC_NAME} bytes")));
    }
    Ok(())
}

/// One thread: its span inside its process's, its steps and chunks inside its span.
fn thread(at: &str, t: &RecThread, p: &RecProcess) -> Result<(), ScenarioError> {
    name(&format!("{at}.name"), &t.name)?;
    if t.start_ns < p.start_ns || t.start_ns > p.end_ns {
        return Err(err(
            format!("{at}.start_ns"),
            format!(
                "{} is outside its process's span [{}, {}]",
                t.start_ns, p.start_ns, p.end_ns
            ),
        ));
    }
    if let Some(e) = t.end_ns
        && (e < t.start_ns || e > p.end_ns)
    {
        return Err(err(
            format!("{at}.end_ns"),
            format!(
                "{e} is outside [its start {}, its process's end {}]",
                t.start_ns, p.end_ns
            ),
        ));
    }
    // A thread still running at its process's end (a daemon) was killed there.
    let end = t.end_ns.unwrap_or(p.end_ns);
    steps(at, t, p.start_ns, end)?;
    chunks(at, t, end)
}

/// A thread's steps: known kinds, each inside the thread's span, in the order they ended, and
/// one at a time (but the `await_*` steps of asyncio tasks, which overlap the others).
/// A step may begin before its thread's `start_ns` (older helpers noted a forked child's
/// thread when its first step ended), not before its process's start, and must end after it.
fn steps(at: &str, t: &RecThread, p_start: u64, end: u64) -> Result<(), ScenarioError> {
    let mut last_end: Option<(usize, u64)> = None;
    let mut busy_until: Option<(usize, u64)> = None;
    for (si, s) in t.steps.iter().enumerate() {
        let path = format!("{at}.steps[{si}]");
        step_fields(&path, s)?;
        let (t0, t1) = (s.t0(), s.t1());
        if t1 < t0 {
            return Err(err(path, format!("ends ({t1}) before it starts ({t0})")));
        }
        if t0 < p_start || t1 < t.start_ns || t1 > end {
            return Err(err(
                path,
                format!(
                    "[{t0}, {t1}] is outside its thread's span [{}, {end}]",
                    t.start_ns
                ),
            ));
        }
        if let Some((k, e)) = last_end
            && t1 < e
        {
            return Err(err(
                path,
                format!("ends before steps[{k}] ends: steps are in the order they ended"),
            ));
        }
        last_end = Some((si, t1));
        if s.is_await() {
            continue;
        }
        if let Some((k, e)) = busy_until
            && t0 < e
        {
            return Err(err(
                path,
                format!(
                    "starts before steps[{k}] ends: a thread runs one step at a time (only the \
                     await_ steps of asyncio tasks overlap)"
                ),
            ));
        }
        busy_until = Some((si, t1));
    }
    Ok(())
}

/// A step's kind, name and CPU figures.
fn step_fields(path: &str, s: &RecStep) -> Result<(), ScenarioError> {
    if !STEP_KINDS.contains(&s.kind()) {
        return Err(err(
            path,
            format!(
                "unknown step kind \"{}\" (one of {})",
                s.kind(),
                STEP_KINDS.join(", ")
            ),
        ));
    }
    if let Some(n) = s.name() {
        name(path, n)?;
    }
    if s.kind() == "start_process" && s.name().is_none() {
        return Err(err(
            path,
            "a start_process step names the process it starts",
        ));
    }
    for (what, v) in [("cpu_ns", s.cpu_ns()), ("asked_ns", s.asked_ns())] {
        if let Some(v) = v
            && v > MAX_RECORDING_NS
        {
            return Err(err(
                path,
                format!("{what} {v} is more than MAX_RECORDING_NS ({MAX_RECORDING_NS})"),
            ));
        }
    }
    Ok(())
}

/// The ends of a thread's CPU chunks: in order, inside its span.
fn chunks(at: &str, t: &RecThread, end: u64) -> Result<(), ScenarioError> {
    let mut prev = t.start_ns;
    for (ci, &c) in t.chunks.iter().enumerate() {
        if c < prev {
            let what = if ci == 0 {
                "before its thread's start".to_string()
            } else {
                format!("before chunks[{}]: chunks are in time order", ci - 1)
            };
            return Err(err(format!("{at}.chunks[{ci}]"), what));
        }
        if c > end {
            return Err(err(
                format!("{at}.chunks[{ci}]"),
                format!("after its thread's end ({end})"),
            ));
        }
        prev = c;
    }
    Ok(())
}

/// The processes as a tree: unique names and pids; every process but the first started by
/// exactly one `start_process` step of another process, no earlier than that step began, and
/// every parent chain reaching the first.
fn tree(rec: &Recording) -> Result<(), ScenarioError> {
    let mut names: HashMap<&str, usize> = HashMap::new();
    let mut pids: HashMap<u64, usize> = HashMap::new();
    for (pi, p) in rec.processes.iter().enumerate() {
        if let Some(k) = names.insert(&p.name, pi) {
            return Err(err(
                format!("processes[{pi}].name"),
                format!("\"{}\" is processes[{k}]'s name too", p.name),
            ));
        }
        if let Some(k) = pids.insert(p.pid, pi) {
            return Err(err(
                format!("processes[{pi}].pid"),
                format!("{} is processes[{k}]'s pid too", p.pid),
            ));
        }
    }
    let parent = parents(rec, &names)?;
    for start in 1..rec.processes.len() {
        let mut at = start;
        for _ in 0..rec.processes.len() {
            match parent[at] {
                Some(up) => at = up,
                None => break,
            }
        }
        if at != 0 {
            return Err(err(
                format!("processes[{start}]"),
                "its start_process steps form a cycle that the main process does not start",
            ));
        }
    }
    Ok(())
}

/// Where a `start_process` step is: (process, thread, step).
type StepAt = (usize, usize, usize);

/// The process that starts each process (none for the first), from its one `start_process`
/// step.
fn parents(
    rec: &Recording,
    names: &HashMap<&str, usize>,
) -> Result<Vec<Option<usize>>, ScenarioError> {
    let mut starts: Vec<Vec<StepAt>> = vec![Vec::new(); rec.processes.len()];
    for (pi, p) in rec.processes.iter().enumerate() {
        for (ti, t) in p.threads.iter().enumerate() {
            for (si, s) in t.steps.iter().enumerate() {
                let Some(&child) = s
                    .name()
                    .filter(|_| s.kind() == "start_process")
                    .and_then(|n| names.get(n))
                else {
                    continue;
                };
                let path = format!("processes[{pi}].threads[{ti}].steps[{si}]");
                if child == 0 || child == pi {
                    let who = if child == 0 {
                        "the main process"
                    } else {
                        "its own process"
                    };
                    return Err(err(path, format!("starts {who}")));
                }
                if rec.processes[child].start_ns < s.t0() {
                    return Err(err(
                        format!("processes[{child}].start_ns"),
                        format!("before {path} that starts it began"),
                    ));
                }
                starts[child].push((pi, ti, si));
            }
        }
    }
    starts
        .iter()
        .enumerate()
        .map(|(ci, by)| parent_of(ci, by))
        .collect()
}

fn parent_of(ci: usize, by: &[StepAt]) -> Result<Option<usize>, ScenarioError> {
    match (ci, by) {
        (0, _) => Ok(None),
        (_, [(pi, _, _)]) => Ok(Some(*pi)),
        (_, []) => Err(err(
            format!("processes[{ci}]"),
            "no start_process step starts it (every process but the first is started by one)",
        )),
        (_, [a, b, ..]) => Err(err(
            format!("processes[{ci}]"),
            format!(
                "started by {} start_process steps (processes[{}].threads[{}].steps[{}] and \
                 processes[{}].threads[{}].steps[{}]); a process starts once",
                by.len(),
                a.0,
                a.1,
                a.2,
                b.0,
                b.1,
                b.2
            ),
        )),
    }
}
