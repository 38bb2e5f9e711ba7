//! `gil-sim check`: a program, its recording in real CPython (made now, or read with `--run`),
//! and the model's prediction beside it: the wall time and every thread's lifetime, with the
//! error. The recording's own words (its Python version, its platform) and every name are
//! escaped before they reach the terminal.

use std::path::Path;

use gil_sim::measured::{Recording, check as compare, measured_trace};
use gil_sim::narrate::fmt_ns;
use gil_sim::profile::MachineProfile;
use gil_sim::{metrics, simulate};

use crate::cpython::{self, Python};
use crate::print::safe;
use crate::{input, load};

/// What `check` was asked.
pub(crate) struct Args<'a> {
    /// A preset name or a `.py` file.
    pub(crate) program: &'a str,
    /// A recording to read instead of running.
    pub(crate) run: Option<&'a str>,
    /// Where to keep the recording.
    pub(crate) keep: Option<&'a str>,
    pub(crate) json: bool,
    pub(crate) python: Python<'a>,
}

/// `gil-sim check`.
pub(crate) fn check(args: &Args, machine: Option<&MachineProfile>) -> Result<(), String> {
    let program = args.program;
    let text = load::program(program)?;
    let (sc, _) = gil_sim::python::from_python(&text).map_err(|e| format!("{program}: {e}"))?;
    let mut sc = load::calibrated(sc, machine);
    let recording = match args.run {
        Some(path) => input::read_text(Path::new(path), input::RECORDING)?,
        None => cpython::record(&text, args.python)?,
    };
    if let Some(path) = args.keep {
        std::fs::write(path, &recording).map_err(|e| format!("{path}: {e}"))?;
    }
    let rec = Recording::from_json(&recording).map_err(|e| format!("the recording: {e}"))?;
    // A recording of another program is refused; one that does not name its program is
    // matched by its processes, threads and lines, with a warning where that is all we know.
    let warnings = rec
        .of_program(&text)
        .map_err(|e| format!("the recording is not of {}: {e}", safe(program)))?;
    for w in &warnings {
        eprintln!("gil-sim check: warning: {}", safe(w));
    }
    // The prediction for the machine that ran it: its cores, not the lesson's.
    if let Some(c) = rec.cpus {
        sc.machine.cores = c.clamp(1, gil_sim::MAX_CORES);
    }
    let predicted = simulate(&sc).map_err(|e| e.to_string())?;
    let m = metrics(&predicted);
    let measured = measured_trace(&rec);
    let mut c = compare(&predicted, &m, &measured, &rec);
    c.warnings = warnings;
    if args.json {
        outln!("{}", crate::print::json_text(&c)?);
        return Ok(());
    }
    outln!(
        "{} on Python {} ({}, {} CPUs; the model on as many cores): the model's prediction beside the measured run",
        safe(program),
        safe(&rec.python),
        safe(&rec.platform),
        rec.cpus.map_or("?".to_string(), |c| c.to_string())
    );
    if let Some(r) = c.cpu_got_over_asked {
        outln!(
            "the cpu() work got {r:.2} of the CPU time it asked for{}",
            if (r - 1.0).abs() > 0.1 {
                " (the machine's speed changed under the helper's loop: a limit of any prediction)"
            } else {
                ""
            }
        );
    }
    outln!(
        "{:<36} {:>12} {:>12} {:>9}",
        "",
        "predicted",
        "measured",
        "error"
    );
    let f = |v: Option<u64>| v.map_or("-".to_string(), fmt_ns);
    for r in &c.rows {
        let what = if r.thread.is_empty() {
            format!("wall time ({})", r.process)
        } else {
            format!("{}/{}", r.process, r.thread)
        };
        let err = r
            .error_pct
            .map_or("-".to_string(), |e| format!("{e:+.1} %"));
        outln!(
            "{:<36} {:>12} {:>12} {:>9}",
            safe(&what),
            f(r.predicted_ns),
            f(r.measured_ns),
            err
        );
    }
    Ok(())
}
