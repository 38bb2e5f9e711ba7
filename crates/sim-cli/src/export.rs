//! `gil-sim export`: a preset or scenario in another form, on stdout. The trace's forms
//! (Perfetto JSON, CSV) are written record by record through one buffer, never built whole in
//! memory: a small scenario can make a trace of millions of events. A closed pipe ends the
//! output quietly, as everywhere in the CLI.

use std::io::{BufWriter, Write};

use gil_sim::profile::MachineProfile;
use gil_sim::{Scenario, Trace, simulate};

use crate::load;

/// The forms `export` writes.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum Kind {
    Py,
    Helper,
    Json,
    Perfetto,
    Csv,
    MetricsCsv,
}

/// `export WHAT [SCENARIO]`: the trace's forms run the scenario with the machine profile's
/// costs; the program and the JSON stay the lesson's own.
pub(crate) fn export(
    what: Kind,
    arg: Option<&str>,
    seed: Option<u64>,
    machine: Option<&MachineProfile>,
) -> Result<(), String> {
    if let Kind::Helper = what {
        return write_text(gil_sim::python::HELPER_MODULE);
    }
    let Some(arg) = arg else {
        return Err("export needs a preset name or a file (see `gil-sim list`)".into());
    };
    let sc = load::scenario(arg, seed)?;
    match what {
        Kind::Py => write_text(&gil_sim::python::to_python(&sc).text),
        Kind::Json => write_text(&sc.to_json()),
        Kind::Helper => Ok(()),
        Kind::Perfetto | Kind::Csv | Kind::MetricsCsv => {
            let tr = simulate(&load::calibrated(sc.clone(), machine)).map_err(|e| e.to_string())?;
            stream(|w| trace_form(w, what, &sc, &tr));
            Ok(())
        }
    }
}

/// One of the trace's forms: Perfetto JSON and its closing line end, or a CSV (whose records
/// end with their own).
fn trace_form(w: &mut dyn Write, what: Kind, sc: &Scenario, tr: &Trace) -> std::io::Result<()> {
    use gil_sim::export::{write_metrics_csv, write_perfetto_json, write_spans_csv};
    match what {
        Kind::Perfetto => {
            write_perfetto_json(w, sc, tr)?;
            w.write_all(b"\n")
        }
        Kind::Csv => write_spans_csv(w, tr),
        _ => write_metrics_csv(w, sc, tr),
    }
}

/// A text form, its trailing white space as one line end.
fn write_text(text: &str) -> Result<(), String> {
    stream(|w| writeln!(w, "{}", text.trim_end()));
    Ok(())
}

/// Runs `write` on a buffered, locked stdout and flushes it; a write error ends the program
/// (quietly on a closed pipe).
fn stream(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    let mut w = BufWriter::new(std::io::stdout().lock());
    if let Err(e) = write(&mut w).and_then(|()| w.flush()) {
        crate::exit_on_write_error(&e);
    }
}
