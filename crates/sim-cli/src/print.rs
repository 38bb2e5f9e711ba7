//! The text of `run` (the question, or with `-c` the answer), `run --json`, `compare` and
//! `list`. Every name and text that comes from the input (a scenario's name, question and
//! lesson, process, thread, task and lock names, a profile's label) goes through [`safe`], so
//! no input can drive the terminal, fake a line or reorder one.

use gil_sim::narrate::{fmt_ns, start_method_name, workload_text};
use gil_sim::profile::MachineProfile;
use gil_sim::{
    EventKind, GilMode, Scenario, Step, Trace, check_invariants, compare as compare_modes, metrics,
    presets, simulate, trace_hash,
};

/// Text from the input, safe on a terminal: control characters, bidirectional controls and
/// line separators are written as escapes (`gil_sim::one_line`).
pub(crate) fn safe(text: &str) -> String {
    gil_sim::one_line(text)
}

/// What `run --json` prints, serialized field by field as it goes (the trace is never built as
/// a JSON value in memory). Keys in alphabetical order.
#[derive(serde::Serialize)]
struct RunJson<'a> {
    metrics: gil_sim::Metrics,
    scenario: &'a Scenario,
    trace: &'a Trace,
    trace_hash: String,
}

/// `run --json`: the scenario, metrics, trace hash and trace, streamed to stdout.
pub(crate) fn run_json(sc: &Scenario) -> Result<(), String> {
    let tr = simulate(sc).map_err(|e| e.to_string())?;
    let out = RunJson {
        metrics: metrics(&tr),
        scenario: sc,
        trace_hash: trace_hash(&tr),
        trace: &tr,
    };
    json_to_stdout(&out);
    Ok(())
}

/// Writes `value` as one line of JSON on stdout, as it is made (see [`write_json`]).
pub(crate) fn json_to_stdout<T: serde::Serialize>(value: &T) {
    use std::io::Write as _;
    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
    let written = write_json(&mut w, value).and_then(|()| {
        writeln!(w)?;
        w.flush()
    });
    if let Err(e) = written {
        crate::exit_on_write_error(&e);
    }
}

/// `run` without `-c`: the setup and the question.
pub(crate) fn question(sc: &Scenario, machine: Option<&MachineProfile>) {
    setup(sc, machine);
    outln!();
    let q = if sc.question.is_empty() {
        "What happens, and how long does it take?".to_string()
    } else {
        safe(&sc.question)
    };
    outln!("QUESTION: {q}");
    outln!("Think it through, then run again with -c to see the answer.");
}

/// `run -c`: the setup, the event table, the metrics and the lesson.
pub(crate) fn answer(
    sc: &Scenario,
    machine: Option<&MachineProfile>,
    max_rows: u64,
) -> Result<(), String> {
    setup(sc, machine);
    let tr = simulate(sc).map_err(|e| e.to_string())?;
    check_invariants(sc, &tr).map_err(|e| format!("internal error: invariant broken: {e}"))?;
    events(&tr, max_rows);
    metrics_table(&tr);
    if !sc.lesson.is_empty() {
        outln!();
        outln!("LESSON: {}", safe(&sc.lesson));
    }
    Ok(())
}

/// `list`: every preset and its lesson.
pub(crate) fn list() {
    for p in presets::all() {
        outln!("{:<18} {}", safe(p.name), safe(p.lesson()));
    }
}

/// `compare`: the scenario's workload four ways (`arg` is how the user named the scenario).
pub(crate) fn compare(arg: &str, sc: &Scenario, json: bool) -> Result<(), String> {
    let Some(w) = sc.workload.as_ref() else {
        let names: Vec<&str> = presets::all()
            .into_iter()
            .filter(|p| p.scenario.workload.is_some())
            .map(|p| p.name)
            .collect();
        return Err(format!(
            "{arg:?} has no `workload`, so there is nothing to run four ways (workload presets: {})",
            names.join(", ")
        ));
    };
    let c = compare_modes(&w.work, &sc.setup()).map_err(|e| e.to_string())?;
    if json {
        outln!("{}", json_text(&c)?);
        return Ok(());
    }
    outln!(
        "Same workload, four ways: {} tasks x {} repeats, {} cores, {} GIL, seed {}",
        w.work.tasks,
        w.work.repeats,
        sc.machine.cores,
        gil_name(sc.runtime.gil),
        sc.seed
    );
    outln!("{:<12} {:>12} {:>9}", "mode", "wall", "speedup");
    for r in &c.rows {
        outln!(
            "{:<12} {:>12} {:>8}x",
            r.mode.label(),
            fmt_ns(r.wall_ns),
            fmt_permille(r.speedup_permille)
        );
    }
    if let Some(b) = c.best() {
        outln!("fastest: {}", b.mode.label());
    }
    Ok(())
}

fn gil_name(g: GilMode) -> &'static str {
    match g {
        GilMode::New => "new (3.2+)",
        GilMode::Old => "old (<= 3.1)",
        GilMode::FreeThreaded => "no (free-threaded)",
        GilMode::PerInterpreter => "per-interpreter",
    }
}

fn fmt_permille(p: u64) -> String {
    format!("{}.{:02}", p / 1000, (p % 1000) / 10)
}

/// A step in words, its names escaped.
fn step_text(s: &Step) -> String {
    let all = |steps: &[Step]| steps.iter().map(step_text).collect::<Vec<_>>().join("; ");
    match s {
        Step::Cpu { ns } => format!("cpu {}", fmt_ns(*ns)),
        Step::CRelease { ns } => format!("C code releasing the GIL {}", fmt_ns(*ns)),
        Step::Io { ns, jitter_ns } if *jitter_ns > 0 => {
            format!("io {} (+0..{})", fmt_ns(*ns), fmt_ns(*jitter_ns))
        }
        Step::Io { ns, .. } => format!("io {}", fmt_ns(*ns)),
        Step::Sleep { ns } => format!("time.sleep {}", fmt_ns(*ns)),
        Step::StartThread { thread } => format!("start thread {}", safe(thread)),
        Step::JoinThread { thread } => format!("join thread {}", safe(thread)),
        Step::StartProcess { process } => format!("start process {}", safe(process)),
        Step::JoinProcess { process } => format!("join process {}", safe(process)),
        Step::Acquire { lock } => format!("acquire lock {}", safe(lock)),
        Step::Release { lock } => format!("release lock {}", safe(lock)),
        Step::Repeat { count, body } => format!("repeat {count}x [{}]", all(body)),
        Step::Asyncio { tasks } => format!(
            "asyncio.run({})",
            tasks
                .iter()
                .map(|t| format!("{}: [{}]", safe(&t.name), all(&t.program)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Step::AwaitIo { ns, .. } => format!("await io {}", fmt_ns(*ns)),
        Step::AwaitSleep { ns } => format!("await asyncio.sleep {}", fmt_ns(*ns)),
    }
}

/// The machine, the runtime, the workload and every thread's program.
fn setup(sc: &Scenario, machine: Option<&MachineProfile>) {
    if !sc.name.is_empty() {
        outln!("SCENARIO {} (seed {})", safe(&sc.name), sc.seed);
    } else {
        outln!("SCENARIO (seed {})", sc.seed);
    }
    setup_machine(sc, machine);
    if let Some(w) = &sc.workload {
        outln!("workload ({}): {}", w.mode.label(), workload_text(&w.work));
    }
    for p in &sc.processes {
        outln!(
            "process {} (start method {}):",
            safe(&p.name),
            start_method_name(p.start_method)
        );
        for t in &p.threads {
            let prog = t
                .program
                .iter()
                .map(step_text)
                .collect::<Vec<_>>()
                .join("; ");
            let prog = if prog.len() > 200 {
                format!("{}...", &prog[..prog.floor_char_boundary(200)])
            } else {
                prog
            };
            outln!(
                "  thread {}{}: {}",
                safe(&t.name),
                if t.daemon { " (daemon)" } else { "" },
                prog
            );
        }
    }
}

/// The machine profile, the machine and the runtime.
pub(crate) fn setup_machine(sc: &Scenario, machine: Option<&MachineProfile>) {
    if let Some(p) = machine {
        outln!(
            "calibrated to: {} (--machine none: the model's own defaults)",
            safe(&p.label())
        );
    }
    outln!(
        "machine: {} cores; OS time slice {}, context switch {}",
        sc.machine.cores,
        fmt_ns(sc.os.time_slice_ns),
        fmt_ns(sc.os.context_switch_ns)
    );
    outln!(
        "runtime: {} GIL, switch interval {}",
        gil_name(sc.runtime.gil),
        fmt_ns(sc.runtime.switch_interval_ns)
    );
}

/// A thread as `process/thread`, escaped.
fn label(tr: &Trace, t: u32) -> String {
    safe(&tr.thread_label(t))
}

fn event_text(tr: &Trace, e: &gil_sim::Event) -> String {
    let who = e.thread.map(|t| label(tr, t)).unwrap_or_default();
    let other = e.other_thread().map(|t| label(tr, t)).unwrap_or_default();
    match e.kind {
        EventKind::GilRequest => format!("{who} waits for the GIL"),
        EventKind::GilDropRequest => format!("{who} timed out and asks {other} to drop the GIL"),
        EventKind::GilForcedSwitch => format!("{who} drops the GIL (forced switch)"),
        EventKind::GilRelease => format!("{who} releases the GIL"),
        EventKind::GilTake if e.other_thread().is_some() => {
            format!("{who} takes the GIL from {other}")
        }
        EventKind::GilTake => format!("{who} takes the GIL"),
        EventKind::OldGilCheck => format!("{who} releases+re-takes the GIL, waking {other}"),
        EventKind::ThreadCreate => format!("{other} creates thread {who}"),
        EventKind::ThreadStarted => format!("{who} bootstrapped; start() returns"),
        EventKind::ThreadExit => format!("{who} exits"),
        EventKind::ThreadKilled => format!("{who} (daemon) is killed"),
        EventKind::ProcessStart if e.other_thread().is_some() => {
            format!("process of {who} starts (started by {other})")
        }
        EventKind::ProcessStart => format!("process of {who} starts"),
        EventKind::ProcessExit => format!("process of {who} exits"),
        EventKind::Preempt => format!("the OS preempts {who}"),
        EventKind::IoStart => format!("{who} starts blocking I/O"),
        EventKind::IoEnd => format!("{who}'s I/O completes"),
        EventKind::SleepStart => format!("{who} sleeps"),
        EventKind::SleepEnd => format!("{who} wakes up"),
        EventKind::LockAcquire => format!("{who} acquires lock {}", e.lock().unwrap_or(0)),
        EventKind::LockRelease => format!("{who} releases lock {}", e.lock().unwrap_or(0)),
        EventKind::TaskResume => {
            format!("event loop of {who} resumes task {}", e.task().unwrap_or(0))
        }
        EventKind::TaskAwait => format!("task {} awaits", e.task().unwrap_or(0)),
        EventKind::TaskDone => format!("task {} finishes", e.task().unwrap_or(0)),
    }
}

/// The event table: the first `max_rows` events (0: all).
pub(crate) fn events(tr: &Trace, max_rows: u64) {
    outln!();
    outln!("{:>14}  event", "time");
    let n = tr.events.len() as u64;
    let shown = if max_rows == 0 { n } else { n.min(max_rows) };
    for e in tr.events.iter().take(shown as usize) {
        outln!("{:>14}  {}", fmt_ns(e.t_ns), event_text(tr, &e));
    }
    if shown < n {
        outln!(
            "{:>14}  ... {} more events (--max-rows 0 shows all)",
            "",
            n - shown
        );
    }
}

/// The run's metrics: the wall time, the GIL's turns, the cores, and every thread.
pub(crate) fn metrics_table(tr: &Trace) {
    let m = metrics(tr);
    outln!();
    outln!("wall time: {}", fmt_ns(m.wall_ns));
    outln!(
        "GIL switches: {}, drop requests: {}, forced switches: {}",
        m.gil_switches,
        m.drop_requests,
        m.forced_switches
    );
    outln!(
        "GIL holding periods: {} periods, median {}, p95 {}",
        m.holding.count,
        fmt_ns(m.holding.median_ns),
        fmt_ns(m.holding.p95_ns)
    );
    let per_core: Vec<String> = m
        .core_utilisation_permille
        .iter()
        .map(|u| format!("{}.{}%", u / 10, u % 10))
        .collect();
    outln!(
        "core utilisation: {} (mean {}.{}%)",
        per_core.join(" "),
        m.utilisation_permille / 10,
        m.utilisation_permille % 10
    );
    outln!(
        "{:<24} {:>12} {:>12} {:>12} {:>12}",
        "thread",
        "cpu",
        "GIL wait",
        "ready",
        "blocked"
    );
    for (i, t) in m.threads.iter().enumerate() {
        outln!(
            "{:<24} {:>12} {:>12} {:>12} {:>12}{}",
            label(tr, i as u32),
            fmt_ns(t.cpu_ns),
            fmt_ns(t.gil_wait_ns),
            fmt_ns(t.ready_ns),
            fmt_ns(t.blocked_ns),
            if t.killed { "  (killed)" } else { "" }
        );
    }
}

/// Writes `value` as JSON with every character that can drive a terminal or reorder a line
/// (`gil_sim::unsafe_on_screen`: serde_json escapes C0 only; DEL, C1 controls, the
/// bidirectional controls and the line and paragraph separators pass through) written as a
/// `\uXXXX` escape: the same JSON for any parser, and safe on a screen.
pub(crate) fn write_json<W: std::io::Write, T: serde::Serialize>(
    w: W,
    value: &T,
) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, ScreenSafe);
    value.serialize(&mut ser).map_err(std::io::Error::from)
}

/// [`write_json`] into a string.
pub(crate) fn json_text<T: serde::Serialize>(value: &T) -> Result<String, String> {
    let mut out = Vec::new();
    write_json(&mut out, value).map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// serde_json's compact output, with [`gil_sim::unsafe_on_screen`] characters escaped.
struct ScreenSafe;

impl serde_json::ser::Formatter for ScreenSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if gil_sim::unsafe_on_screen(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                // Every such character is in the Basic Multilingual Plane: one escape.
                write!(writer, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}
