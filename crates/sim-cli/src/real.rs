//! `run prog.py` for a real Python program (one that does not import `gil_lab`, the helpers of
//! GIL Lab's scenario programs): GIL Lab's Python runs it under the model
//! (`gil_python::simulate`), the engine deciding which thread runs on the scenario's machine.
//! Without `-c` the setup and the question; with `-c` what the program printed (each line at
//! its time, on its thread), the event table and the metrics; `--json` all of it with the trace.

use gil_python::{End, OpCosts, Simulated, Simulation};
use gil_sim::narrate::fmt_ns;
use gil_sim::profile::MachineProfile;
use gil_sim::{Scenario, Trace, metrics, trace_hash};

use crate::print::{events, json_to_stdout, metrics_table, safe, setup_machine};

/// Whether `text` is a real Python program (not a GIL Lab scenario program): it reads as
/// Python and imports no `gil_lab`. A program that does not read is real Python with an error.
pub(crate) fn is_real(text: &str) -> bool {
    gil_python::parse(text).map_or(true, |p| !p.imports("gil_lab"))
}

/// What to print.
pub(crate) struct Show {
    pub(crate) compute: bool,
    pub(crate) json: bool,
    pub(crate) max_rows: u64,
}

/// Runs the real program `text` (read from `path`) on `sc`'s machine.
pub(crate) fn run(
    path: &str,
    text: &str,
    sc: Scenario,
    machine: Option<&MachineProfile>,
    show: &Show,
) -> Result<(), String> {
    if !show.compute && !show.json {
        outln!("PROGRAM {} (real Python, seed {})", safe(path), sc.seed);
        setup_machine(&sc, machine);
        outln!();
        outln!("QUESTION: What does the program print, and how long does it take on this machine?");
        outln!("Think it through, then run again with -c to see the answer.");
        return Ok(());
    }
    let costs = match machine {
        Some(p) => gil_python::calib::costs_of(p).map_err(|e| format!("--machine: {e}"))?,
        None => OpCosts::default(),
    };
    let setup = Simulation {
        costs,
        stdin: crate::input::stdin_for(text)?,
        ..Simulation::new(sc.clone())
    };
    let s = gil_python::simulate(text, &setup);
    let trace = match (&s.end, &s.trace) {
        (End::Refused(e), _) => return Err(format!("{path}: {e}")),
        (_, Some(tr)) => tr,
        (_, None) => return Err(format!("{path}: the model gave no trace")),
    };
    gil_sim::check_trace(trace).map_err(|e| format!("internal error: invariant broken: {e}"))?;
    if show.json {
        return json(path, &s, trace);
    }
    outln!("PROGRAM {} (real Python, seed {})", safe(path), sc.seed);
    setup_machine(&sc, machine);
    output(&s, trace, show.max_rows);
    events(trace, show.max_rows);
    metrics_table(trace);
    Ok(())
}

/// What the program printed, each line at its time and on its thread, then how it ended.
fn output(s: &Simulated, tr: &Trace, max_rows: u64) {
    outln!();
    outln!("OUTPUT ({} lines)", s.lines.len());
    let shown = if max_rows == 0 {
        s.lines.len()
    } else {
        s.lines.len().min(max_rows as usize)
    };
    for l in &s.lines[..shown] {
        outln!(
            "{:>12}  {:<24} {}",
            fmt_ns(l.at_ns),
            safe(&tr.thread_label(l.thread)),
            safe(&l.text)
        );
    }
    if shown < s.lines.len() {
        outln!(
            "... {} more lines (--max-rows 0 shows all)",
            s.lines.len() - shown
        );
    }
    if let End::Raised(r) = &s.end {
        let last = match r.message.as_str() {
            "" => r.kind.clone(),
            m => format!("{}: {m}", r.kind),
        };
        outln!(
            "the main thread ended with {} (line {})",
            safe(&last),
            r.line
        );
    }
}

/// `--json`: the output lines, the ending, the metrics, the trace's hash and the trace.
fn json(path: &str, s: &Simulated, tr: &Trace) -> Result<(), String> {
    let out = RunJson {
        end: match &s.end {
            End::Finished => EndJson::Finished,
            End::Raised(r) => EndJson::Raised {
                exception: &r.kind,
                message: &r.message,
                line: r.line,
            },
            End::Refused(_) => unreachable!("a refusal is an error"),
        },
        metrics: metrics(tr),
        output: s
            .lines
            .iter()
            .map(|l| LineJson {
                at_ns: l.at_ns,
                thread: l.thread,
                text: &l.text,
            })
            .collect(),
        program: path,
        trace_hash: trace_hash(tr),
        trace: tr,
    };
    json_to_stdout(&out);
    Ok(())
}

/// What `run prog.py --json` prints. Keys in alphabetical order.
#[derive(serde::Serialize)]
struct RunJson<'a> {
    end: EndJson<'a>,
    metrics: gil_sim::Metrics,
    output: Vec<LineJson<'a>>,
    program: &'a str,
    trace_hash: String,
    trace: &'a Trace,
}

/// A printed line: when (ns), on which thread (its index in the trace), its text.
#[derive(serde::Serialize)]
struct LineJson<'a> {
    at_ns: u64,
    thread: u32,
    text: &'a str,
}

#[derive(serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum EndJson<'a> {
    Finished,
    Raised {
        exception: &'a str,
        message: &'a str,
        line: u32,
    },
}
