//! `run prog.py --stdout`: the program run by GIL Lab's Python alone (its threads taking
//! turns as under CPython's GIL), and only what it prints
//! on stdout (exact to a file or a pipe, escaped on a terminal, as `export` writes). An
//! uncaught exception ends it as CPython ends it: the traceback's frame and last line on
//! stderr, exit status 1. A construct GIL Lab does not run is an error naming its place.

use std::path::Path;

use gil_python::End;

use crate::input;

/// Runs the program at `path` and writes what it printed.
pub(crate) fn run(path: &str) -> Result<(), String> {
    if !path.ends_with(".py") {
        return Err(format!(
            "--stdout runs a Python program (a .py file), not {path:?}"
        ));
    }
    let text = input::read_text(Path::new(path), input::PROGRAM)?;
    let stdin = input::stdin_for(&text)?;
    let ran = gil_python::run_alone_input(&text, gil_python::Limits::default(), &stdin);
    crate::export::stream(|w| w.write_all(ran.stdout.as_bytes()));
    match ran.end {
        End::Finished => Ok(()),
        End::Refused(e) => Err(format!("{path}: {e}")),
        End::Raised(r) => {
            let last = match r.message.as_str() {
                "" => r.kind.clone(),
                m => format!("{}: {m}", r.kind),
            };
            eprintln!(
                "Traceback (most recent call last):\n  File \"{}\", line {}, in <module>\n{}",
                gil_sim::one_line(path),
                r.line,
                gil_sim::one_line(&last)
            );
            std::process::exit(1);
        }
    }
}
