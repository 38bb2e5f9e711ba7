//! `gil-sim fidelity`: every preset run several times in real CPython, the median measured wall
//! time (and its spread) beside the prediction, and every case of the calibration script beside
//! the model's figure for it, as a Markdown report (docs/fidelity.md). Each CPython run is
//! private, isolated, supervised and under its own time limit (`cpython`).

use std::path::Path;

use gil_sim::measured::{Recording, measured_trace};
use gil_sim::narrate::fmt_ns;
use gil_sim::profile::MachineProfile;
use gil_sim::{metrics, presets, simulate};

use crate::child::Limits;
use crate::cpython::{self, Python};
use crate::input;
use crate::print::safe;

/// What `fidelity` was asked.
pub(crate) struct Args<'a> {
    pub(crate) runs: u32,
    /// `full`, `quick`, `none` or the path of a profile.
    pub(crate) calibration: &'a str,
    pub(crate) out: Option<&'a str>,
    pub(crate) python: &'a str,
    /// The limits of one run of a preset.
    pub(crate) run_limits: Limits,
    /// The limits of the calibration script's run.
    pub(crate) calibration_limits: Limits,
}

/// One preset's line of the report.
struct Row {
    line: String,
    /// Whether the lesson models another runtime than CPython 3.11's.
    other: bool,
    err: f64,
}

/// `gil-sim fidelity`.
pub(crate) fn fidelity(args: &Args, machine: Option<&MachineProfile>) -> Result<(), String> {
    let runs = args.runs;
    // A profile given as a file is read first: a bad path fails before minutes of runs.
    let given = match args.calibration {
        "none" | "quick" | "full" => None,
        path => Some(input::read_text(Path::new(path), input::PROFILE)?),
    };
    let py = Python {
        exe: args.python,
        limits: args.run_limits,
    };
    let mut python_version = String::new();
    let mut table = String::from(
        "| preset | predicted | measured (median) | spread (min to max) | error | CPU got / asked |\n|---|---:|---:|---:|---:|---:|\n",
    );
    let mut outside = Vec::new();
    for p in presets::all() {
        let row = preset_row(&p, runs, py, machine, &mut python_version)?;
        let bound = if p.name == "convoy" { 25.0 } else { 10.0 };
        // A lesson of another runtime is shown, not judged.
        if !row.other && row.err.abs() > bound {
            outside.push(format!("{} ({:+.0} %)", p.name, row.err));
        }
        table.push_str(&row.line);
    }
    let profile_line = match machine {
        Some(p) => format!("calibrated to: {}", safe(&p.label())),
        None => "the model's default costs".to_string(),
    };
    let mut md = String::from("# Fidelity: the model against real CPython on this machine\n\n");
    md.push_str(&format!(
        "Written by `gil-sim fidelity --runs {runs}` ({profile_line}; CPython {}). Each preset's program ran {runs} times in real CPython with `--record`; the wall time is from the helper module's import to the main process's exit (interpreter start-up and the helper's one-off measurement of the loop speed excluded, as the model starts there too); the model runs each lesson on this machine's cores. \"CPU got / asked\": the CPU time (`time.thread_time_ns`) the program's `cpu()` steps really got, over what they asked for (a value far from 1 is the machine's speed changing under the helper's loop, not the model). Goal: within 10 % (convoy: 25 %).\n\n",
        safe(&python_version)
    ));
    md.push_str(&table);
    md.push_str(&format!("\nOutside the goal: {}.\n", listed(&outside)));
    let fresh = match (given, args.calibration) {
        (Some(text), _) => Some(text),
        (None, "none") => None,
        (None, how) => Some(cpython::calibrate(
            Python {
                exe: args.python,
                limits: args.calibration_limits,
            },
            how == "quick",
        )?),
    };
    if let Some(text) = fresh {
        md.push_str(&crate::fidelity_cases::section(&text, machine)?);
    }
    write_report(md, args.out)
}

/// Runs preset `p` `runs` times and predicts it on this machine: its line of the table.
fn preset_row(
    p: &presets::Preset,
    runs: u32,
    py: Python,
    machine: Option<&MachineProfile>,
    python_version: &mut String,
) -> Result<Row, String> {
    let text = gil_sim::python::to_python(&p.scenario).text;
    let (mut walls, mut got, mut cpus) = (Vec::new(), Vec::new(), None);
    for _ in 0..runs.max(1) {
        let rec = Recording::from_json(&cpython::record(&text, py)?)
            .map_err(|e| format!("{}: the recording: {e}", p.name))?;
        python_version.clone_from(&rec.python);
        cpus = rec.cpus;
        walls.push(measured_trace(&rec).wall_ns);
        if let Some(r) = rec.cpu_got_over_asked() {
            got.push(r);
        }
    }
    // The prediction for this machine: its costs (with --machine) and its cores.
    let mut sc = crate::load::calibrated(p.scenario.clone(), machine);
    if let Some(c) = cpus {
        sc.machine.cores = c.clamp(1, gil_sim::MAX_CORES);
    }
    let predicted = metrics(&simulate(&sc).map_err(|e| e.to_string())?).wall_ns;
    walls.sort_unstable();
    got.sort_by(f64::total_cmp);
    let cpu_ratio = got
        .get(got.len() / 2)
        .map_or("–".to_string(), |r| format!("{r:.2}"));
    let median = walls[walls.len() / 2];
    let err = (predicted as f64 - median as f64) / median.max(1) as f64 * 100.0;
    // CPython 3.11 has the new GIL: a lesson of another runtime is shown, not judged.
    let other = sc.runtime.gil != gil_sim::GilMode::New;
    let line = format!(
        "| {}{} | {} | {} | {} to {} | {err:+.1} % | {cpu_ratio} |\n",
        p.name,
        if other { " (other runtime)" } else { "" },
        fmt_ns(predicted),
        fmt_ns(median),
        fmt_ns(walls[0]),
        fmt_ns(walls[walls.len() - 1]),
    );
    outln!(
        "{:<18} predicted {:>10}  measured {:>10}  {err:+.1} %",
        p.name,
        fmt_ns(predicted),
        fmt_ns(median)
    );
    Ok(Row { line, other, err })
}

/// Writes the report to `out` (keeping the old report's hand-written sections, `## ...` after
/// the tables) or prints it.
fn write_report(mut md: String, out: Option<&str>) -> Result<(), String> {
    let Some(path) = out else {
        outln!("{}", md.trim_end());
        return Ok(());
    };
    if std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        let old = input::read_text(Path::new(path), input::REPORT)?;
        if let Some(i) = hand_written(&old) {
            md.push_str(&old[i..]);
        }
    }
    std::fs::write(path, md).map_err(|e| format!("{path}: {e}"))
}

/// Where a report's hand-written sections begin: the first `## ` heading that is not one this
/// command writes.
fn hand_written(report: &str) -> Option<usize> {
    report
        .match_indices("\n## ")
        .map(|(i, _)| i)
        .find(|&i| !report[i + 1..].starts_with(crate::fidelity_cases::HEADING))
}

/// "a, b, c", or "none".
pub(crate) fn listed(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}
