//! What a name on the command line means: a preset, or a file (a scenario's JSON, a `.py`
//! program, a machine profile), each file read with its own cap (`input`). The machine
//! profile is read once, in `main`, and passed to the commands that use it.

use std::path::Path;

use gil_sim::profile::MachineProfile;
use gil_sim::{Scenario, presets};

use crate::input;

/// The scenario a preset name or a file names (JSON, or a `.py` program), with `seed` if given.
pub(crate) fn scenario(arg: &str, seed: Option<u64>) -> Result<Scenario, String> {
    let mut sc = if let Some(p) = presets::get(arg) {
        p.scenario
    } else if exists(arg) {
        if arg.ends_with(".py") {
            let text = input::read_text(Path::new(arg), input::PROGRAM)?;
            gil_sim::python::from_python(&text)
                .map_err(|e| format!("{arg}: {e}"))?
                .0
        } else {
            let text = input::read_text(Path::new(arg), input::SCENARIO)?;
            Scenario::from_json(&text).map_err(|e| format!("{arg}: {e}"))?
        }
    } else {
        return Err(format!(
            "no preset or file named {arg:?} (see `gil-sim list`; a file is scenario JSON or a .py program)"
        ));
    };
    if let Some(s) = seed {
        sc.seed = s;
    }
    Ok(sc)
}

/// The text of `arg` if it names a real Python program (a `.py` file that is not a GIL Lab
/// scenario program: `real::is_real`).
pub(crate) fn real_program(arg: &str) -> Result<Option<String>, String> {
    if !arg.ends_with(".py") || presets::get(arg).is_some() || !exists(arg) {
        return Ok(None);
    }
    let text = input::read_text(Path::new(arg), input::PROGRAM)?;
    Ok(crate::real::is_real(&text).then_some(text))
}

/// The machine, OS and runtime a real program runs on before the machine profile: the
/// model's defaults, with `seed` if given.
pub(crate) fn real_setup(seed: Option<u64>) -> Scenario {
    let mut sc = gil_python::default_scenario();
    sc.seed = seed.unwrap_or(0);
    sc
}

/// The text of a program: a preset's, written as Python, or a `.py` file's.
pub(crate) fn program(arg: &str) -> Result<String, String> {
    match presets::get(arg) {
        Some(p) => Ok(gil_sim::python::to_python(&p.scenario).text),
        None => input::read_text(Path::new(arg), input::PROGRAM),
    }
}

/// The machine profile `--machine` names: none given, the shipped one; `none`, none; else
/// the file's.
pub(crate) fn machine(arg: Option<&str>) -> Result<Option<MachineProfile>, String> {
    match arg {
        None => Ok(gil_sim::calibration::shipped()),
        Some("none") => Ok(None),
        Some(path) => {
            let text = input::read_text(Path::new(path), input::PROFILE)?;
            let p = gil_sim::calibration::load(&text).map_err(|e| format!("{path}: {e}"))?;
            Ok(Some(p))
        }
    }
}

/// A scenario to simulate: with the machine profile's costs (exports stay the lesson's own).
pub(crate) fn calibrated(mut sc: Scenario, machine: Option<&MachineProfile>) -> Scenario {
    if let Some(p) = machine {
        p.apply(&mut sc);
    }
    sc
}

/// Whether something may be at `path` (a file of any kind: the reader says what it is, or why
/// it cannot be read); opens nothing.
fn exists(path: &str) -> bool {
    !matches!(std::fs::metadata(path), Err(e) if e.kind() == std::io::ErrorKind::NotFound)
}
