//! The commands that run real CPython: `check` (a program run with its helper module's
//! recording, and the model's prediction beside it) and `fidelity` (every preset, several
//! runs, as a Markdown report), and the recording run they share.

use crate::profile;
use gil_sim::narrate::fmt_ns;
use gil_sim::{metrics, presets, simulate};

/// `gil-sim check`: the program, its recording (made here or given), and the comparison.
pub(crate) fn check(
    program: &str,
    python: &str,
    run: Option<&str>,
    keep: Option<&str>,
    json: bool,
) -> Result<(), String> {
    use gil_sim::measured::{Recording, check, measured_trace};
    use gil_sim::python::{from_python, to_python};
    let text = if let Some(p) = presets::get(program) {
        to_python(&p.scenario).text
    } else {
        std::fs::read_to_string(program).map_err(|e| format!("{program}: {e}"))?
    };
    let (mut sc, _) = from_python(&text).map_err(|e| format!("{program}: {e}"))?;
    if let Some(p) = profile() {
        p.apply(&mut sc);
    }
    let recording = match run {
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?,
        None => record(&text, python)?,
    };
    if let Some(path) = keep {
        std::fs::write(path, &recording).map_err(|e| format!("{path}: {e}"))?;
    }
    let rec = Recording::from_json(&recording).map_err(|e| format!("the recording: {e}"))?;
    // The prediction for the machine that ran it: its cores, not the lesson's.
    if let Some(c) = rec.cpus {
        sc.machine.cores = c.clamp(1, gil_sim::MAX_CORES);
    }
    let predicted = simulate(&sc).map_err(|e| e.to_string())?;
    let m = metrics(&predicted);
    let measured = measured_trace(&rec);
    let c = check(&predicted, &m, &measured, &rec);
    if json {
        outln!("{}", serde_json::to_string(&c).map_err(|e| e.to_string())?);
        return Ok(());
    }
    outln!(
        "{} on Python {} ({}, {} CPUs; the model on as many cores): the model's prediction beside the measured run",
        program,
        rec.python,
        rec.platform,
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
            gil_sim::one_line(&what),
            f(r.predicted_ns),
            f(r.measured_ns),
            err
        );
    }
    Ok(())
}

/// Runs a program in real Python with `--record` (in a temporary folder with the helper module
/// beside it) and returns the recording's text.
fn record(text: &str, python: &str) -> Result<String, String> {
    use gil_sim::python::{HELPER_FILE, HELPER_MODULE};
    use std::sync::atomic::{AtomicU32, Ordering};
    static RUN: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "gil-sim-record-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("program.py"), text).map_err(|e| e.to_string())?;
    std::fs::write(dir.join(HELPER_FILE), HELPER_MODULE).map_err(|e| e.to_string())?;
    let out = std::process::Command::new(python)
        .current_dir(&dir)
        .args(["program.py", "--record", "run.json"])
        .output()
        .map_err(|e| format!("could not run {python}: {e}"));
    let rec = out.and_then(|out| {
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            let last = err.lines().last().unwrap_or("").to_string();
            return Err(format!(
                "{python} program.py failed ({}): {last}",
                out.status
            ));
        }
        std::fs::read_to_string(dir.join("run.json"))
            .map_err(|e| format!("the run wrote no recording: {e}"))
    });
    let _ = std::fs::remove_dir_all(&dir);
    rec
}

/// `gil-sim fidelity`: every preset run `runs` times in real Python, the median measured wall
/// time (and its spread) beside the prediction, as a Markdown report.
pub(crate) fn fidelity(
    runs: u32,
    python: &str,
    calibration: &str,
    out: Option<&str>,
) -> Result<(), String> {
    use gil_sim::measured::{Recording, measured_trace};
    use gil_sim::python::to_python;
    let mut md = String::new();
    let profile_line = match profile() {
        Some(p) => format!("calibrated to: {}", p.label()),
        None => "the model's default costs".to_string(),
    };
    let mut python_version = String::new();
    let mut table = String::from(
        "| preset | predicted | measured (median) | spread (min to max) | error | CPU got / asked |\n|---|---:|---:|---:|---:|---:|\n",
    );
    let mut outside = Vec::new();
    let mut not_comparable = Vec::new();
    for p in presets::all() {
        let text = to_python(&p.scenario).text;
        let mut walls = Vec::new();
        let mut got = Vec::new();
        let mut cpus = None;
        for _ in 0..runs.max(1) {
            let rec = Recording::from_json(&record(&text, python)?)
                .map_err(|e| format!("{}: the recording: {e}", p.name))?;
            python_version = rec.python.clone();
            cpus = rec.cpus;
            walls.push(measured_trace(&rec).wall_ns);
            if let Some(r) = rec.cpu_got_over_asked() {
                got.push(r);
            }
        }
        // The prediction for this machine: its costs (with --machine) and its cores.
        let mut sc = p.scenario.clone();
        if let Some(pr) = profile() {
            pr.apply(&mut sc);
        }
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
        let bound = if p.name == "convoy" { 25.0 } else { 10.0 };
        // CPython 3.11 has the new GIL: a lesson of another runtime is shown, not judged.
        let other = match sc.runtime.gil {
            gil_sim::GilMode::New => None,
            gil_sim::GilMode::Old => Some("models Python 2's old GIL"),
            gil_sim::GilMode::FreeThreaded => Some("models 3.13t without a GIL"),
            gil_sim::GilMode::PerInterpreter => Some("models 3.12 subinterpreters"),
        };
        match other {
            Some(why) => not_comparable.push(format!("{} ({why})", p.name)),
            None if err.abs() > bound => outside.push(format!("{} ({err:+.0} %)", p.name)),
            None => {}
        }
        table.push_str(&format!(
            "| {}{} | {} | {} | {} to {} | {err:+.1} % | {cpu_ratio} |\n",
            p.name,
            if other.is_some() {
                " (other runtime)"
            } else {
                ""
            },
            fmt_ns(predicted),
            fmt_ns(median),
            fmt_ns(walls[0]),
            fmt_ns(walls[walls.len() - 1]),
        ));
        outln!(
            "{:<18} predicted {:>10}  measured {:>10}  {err:+.1} %",
            p.name,
            fmt_ns(predicted),
            fmt_ns(median)
        );
    }
    md.push_str("# Fidelity: the model against real CPython on this machine\n\n");
    md.push_str(&format!(
        "Written by `gil-sim fidelity --runs {runs}` ({profile_line}; CPython {python_version}). Each preset's program ran {runs} times in real CPython with `--record`; the wall time is from the helper module's import to the main process's exit (interpreter start-up and the helper's one-off measurement of the loop speed excluded, as the model starts there too); the model runs each lesson on this machine's cores. \"CPU got / asked\": the CPU time (`time.thread_time_ns`) the program's `cpu()` steps really got, over what they asked for (a value far from 1 is the machine's speed changing under the helper's loop, not the model). Goal: within 10 % (convoy: 25 %).\n\n"
    ));
    md.push_str(&table);
    md.push_str(&format!("\nOutside the goal: {}.\n", listed(&outside)));
    if calibration != "none" {
        md.push_str(&calibration_section(python, calibration)?);
    }
    match out {
        Some(path) => {
            // The report's hand-written sections (`## ...`, after the tables) are kept.
            if let Ok(old) = std::fs::read_to_string(path)
                && let Some(i) = hand_written(&old)
            {
                md.push_str(&old[i..]);
            }
            std::fs::write(path, md).map_err(|e| format!("{path}: {e}"))?
        }
        None => outln!("{}", md.trim_end()),
    }
    Ok(())
}

/// The calibration cases: `calibration` is `quick` or `full` (a fresh run of the calibration
/// script here) or the path of a profile already measured; the model runs each case with the
/// profile in use (`--machine`, the shipped one by default) on the measured machine's cores.
fn calibration_section(python: &str, calibration: &str) -> Result<String, String> {
    use gil_sim::calibration::{Measured, Unit, cases};
    let text = match calibration {
        "quick" | "full" => run_calibration(python, calibration == "quick")?,
        path => std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?,
    };
    let fresh: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("the calibration run: {e}"))?;
    let measured = fresh.get("measured").cloned().unwrap_or_default();
    let mut model = match profile() {
        Some(p) => p.clone(),
        None => {
            gil_sim::calibration::load(&text).map_err(|e| format!("the calibration run: {e}"))?
        }
    };
    if profile().is_none() {
        // Without a profile: the model's own defaults, on the measured machine's cores.
        let (os, rt) = (gil_sim::Os::default(), gil_sim::Runtime::default());
        model.model.parallel_efficiency_permille.clear();
        model.model.migration_ns = Some(os.migration_ns);
        model.model.timer_slack_ns = os.timer_slack_ns;
        model.model.thread_create_ns = rt.thread_create_ns;
        model.model.thread_bootstrap_ns = rt.thread_bootstrap_ns;
        model.model.start_costs = gil_sim::StartCosts::default();
    }
    // The cases run on the measured machine's cores (the profile's costs, this machine's count).
    if let Some(c) = fresh.get("cpus").and_then(serde_json::Value::as_u64) {
        model.cpus = Some(c.clamp(1, 64) as u32);
    }
    let rounds = fresh
        .pointer("/run/rounds")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    let when = fresh.get("date").and_then(|d| d.as_str()).unwrap_or("?");
    let mut md = format!(
        "\n{CALIBRATION_HEADING}\n\nEvery figure `calibration/machine_profile.py` measures, from a run of it ({when}, {rounds} rounds, median and spread over its samples), beside the model's figure for the same case (the scenario that does what the script does, with the profile in use, on this machine's cores). Goal: within 10 %. The last column is the same case in the profile's own run (its date is in the first line) and how far this run is from it: the machine's own drift, which bounds what any prediction from one run can reach.\n\n| case | what | predicted | measured (median) | spread (min to max) | samples | error | in the profile's run (drift) |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
    );
    let mut outside = Vec::new();
    // The same case as the profile in use measured it (when it has it): how far the machine
    // itself moved between the two runs of the script.
    // (None without a profile: there is no other run.)
    for c in cases(&model, &measured) {
        let earlier = profile()
            .and_then(|p| Measured::at(&p.measured, &c.name))
            .zip(c.measured)
            .filter(|(t, _)| t.median != 0.0)
            .map(|(t, now)| (t.median, (now.median - t.median) / t.median * 100.0));
        let show = |v: f64| match c.unit {
            Unit::Ms => format!("{v:.3} ms"),
            Unit::Ratio => format!("{v:.3}"),
        };
        let err = c.error().map(|e| e * 100.0);
        if let Some(e) = err
            && e.abs() > 10.0
        {
            outside.push(format!("{} ({e:+.0} %)", c.name));
        }
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            c.name,
            c.what,
            c.predicted.map_or("–".into(), show),
            c.measured.map_or("–".into(), |m| show(m.median)),
            c.measured.map_or("–".into(), |m| format!(
                "{} to {}",
                show(m.min),
                show(m.max)
            )),
            c.measured.map_or("–".into(), |m| m.n.to_string()),
            err.map_or("–".into(), |e| format!("{e:+.1} %")),
            earlier.map_or("–".into(), |(v, d)| format!("{} ({d:+.0} %)", show(v))),
        ));
        outln!(
            "{:<44} predicted {:>12}  measured {:>12}  {}",
            c.name,
            c.predicted.map_or("–".into(), show),
            c.measured.map_or("–".into(), |m| show(m.median)),
            err.map_or("–".into(), |e| format!("{e:+.1} %"))
        );
    }
    md.push_str(&format!(
        "\nCalibration cases outside the goal: {}.\n",
        listed(&outside)
    ));
    Ok(md)
}

/// Runs the calibration script (shipped in the binary) and returns its profile.
fn run_calibration(python: &str, quick: bool) -> Result<String, String> {
    use gil_sim::profile::{SCRIPT, SCRIPT_FILE};
    let dir = std::env::temp_dir().join(format!("gil-sim-calibration-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::write(dir.join(SCRIPT_FILE), SCRIPT).map_err(|e| e.to_string())?;
    let mut cmd = std::process::Command::new(python);
    cmd.current_dir(&dir)
        .args([SCRIPT_FILE, "--out", "profile.json"]);
    if quick {
        cmd.arg("--quick");
    }
    let out = cmd
        .output()
        .map_err(|e| format!("could not run {python}: {e}"));
    let text = out.and_then(|out| {
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            return Err(format!(
                "{python} {SCRIPT_FILE} failed ({}): {}",
                out.status,
                err.lines().last().unwrap_or("")
            ));
        }
        std::fs::read_to_string(dir.join("profile.json")).map_err(|e| e.to_string())
    });
    let _ = std::fs::remove_dir_all(&dir);
    text
}

/// Where a report's hand-written sections begin: the first `## ` heading that is not one this
/// command writes.
fn hand_written(report: &str) -> Option<usize> {
    report
        .match_indices("\n## ")
        .map(|(i, _)| i)
        .find(|&i| !report[i + 1..].starts_with(CALIBRATION_HEADING))
}

/// The heading of the calibration cases' section.
const CALIBRATION_HEADING: &str = "## Calibration cases";

/// "a, b, c", or "none".
fn listed(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.join(", ")
    }
}
