//! `gil-sim export`: a preset or scenario in another form, on stdout. The trace's forms
//! (Perfetto JSON, CSV) are written record by record through one buffer, never built whole in
//! memory: a small scenario can make a trace of millions of events. A closed pipe ends the
//! output quietly, as everywhere in the CLI. On a terminal (not a pipe or a file) every
//! control character but the line ends is escaped, as `ls` does with names: a file keeps a
//! thread's name exactly, a screen never runs it.

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
pub(crate) fn stream(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    use std::io::IsTerminal;
    let stdout = std::io::stdout();
    let screen = stdout.is_terminal();
    let mut w = BufWriter::new(stdout.lock());
    let done = if screen {
        let mut safe = Escaped::new(&mut w);
        write(&mut safe).and_then(|()| safe.finish())
    } else {
        write(&mut w)
    };
    if let Err(e) = done.and_then(|()| w.flush()) {
        crate::exit_on_write_error(&e);
    }
}

/// A writer that escapes every control character but `\n` (`gil_sim::one_line`), carrying an
/// incomplete UTF-8 sequence over to the next write.
struct Escaped<'a> {
    inner: &'a mut dyn Write,
    carry: Vec<u8>,
}

impl<'a> Escaped<'a> {
    fn new(inner: &'a mut dyn Write) -> Self {
        Escaped {
            inner,
            carry: Vec::new(),
        }
    }

    /// Writes what is carried (an incomplete sequence at the end: as U+FFFD).
    fn finish(&mut self) -> std::io::Result<()> {
        let rest = String::from_utf8_lossy(&self.carry).into_owned();
        self.carry.clear();
        self.emit(&rest)
    }

    fn emit(&mut self, text: &str) -> std::io::Result<()> {
        let mut lines = text.split('\n');
        if let Some(first) = lines.next() {
            self.inner.write_all(gil_sim::one_line(first).as_bytes())?;
        }
        for line in lines {
            self.inner.write_all(b"\n")?;
            self.inner.write_all(gil_sim::one_line(line).as_bytes())?;
        }
        Ok(())
    }
}

impl Write for Escaped<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.carry.extend_from_slice(buf);
        let cut = match std::str::from_utf8(&self.carry) {
            Ok(_) => self.carry.len(),
            // An invalid byte: written as U+FFFD with what is before it.
            Err(e) if e.error_len().is_some() => self.carry.len(),
            Err(e) => e.valid_up_to(),
        };
        let rest = self.carry.split_off(cut);
        let text = String::from_utf8_lossy(&self.carry).into_owned();
        self.carry = rest;
        self.emit(&text)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
