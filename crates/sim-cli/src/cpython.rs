//! Running real CPython: a program with its helper module and `--record` (`check`,
//! `fidelity`), and the calibration script (`fidelity --calibration full|quick`). Each run:
//!
//! - is in a private folder of its own (`workdir`), removed on every way out;
//! - starts CPython isolated (`-I`: no `PYTHON*` variables, no user site-packages, neither the
//!   script's folder nor the working folder on `sys.path`), so the standard library comes first
//!   and nothing planted beside the program, in the working folder or on `PYTHONPATH` is
//!   imported in its place. `-I` also stops `python3 program.py` from finding the helper module
//!   beside it, so the program starts from [`BOOTSTRAP`], which puts the folder (given as an
//!   argument, never written into the code) on `sys.path` after the standard library and before
//!   site-packages, and runs `program.py` as `__main__`. multiprocessing's spawn and
//!   forkserver children inherit `-I` and the parent's `sys.path`, and import the main module
//!   by its path, so they find the helper too;
//! - is supervised (`child`): its own process group, streamed output, a time limit;
//! - hands back its output file (the recording, the profile) read with its cap (`input`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::child::{self, Limits};
use crate::input;
use crate::workdir::Workdir;
use crate::{cleanup, print::safe};

/// The code CPython starts with (`python3 -I -c BOOTSTRAP FOLDER`): the helper module's folder
/// on `sys.path` after the standard library and before site-packages (so the standard library
/// comes first, and no `gil_lab` installed in the interpreter's site-packages is taken for the
/// shipped one), the program's arguments, and the program as `__main__`.
pub(crate) const BOOTSTRAP: &str = "import sys\n\
    at = [i for i, p in enumerate(sys.path) if p.endswith(('site-packages', 'dist-packages'))]\n\
    sys.path.insert(at[0] if at else len(sys.path), sys.argv[1])\n\
    sys.argv = ['program.py', '--record', 'run.json']\n\
    import runpy\n\
    runpy.run_path('program.py', run_name='__main__')\n";

/// The interpreter and the limits of its runs.
#[derive(Clone, Copy)]
pub(crate) struct Python<'a> {
    /// The interpreter: a name looked up on `PATH`, or a path (relative to gil-sim's folder).
    pub(crate) exe: &'a str,
    pub(crate) limits: Limits,
}

/// Runs a program in CPython with `--record` and returns the recording's text.
pub(crate) fn record(text: &str, py: Python) -> Result<String, String> {
    use gil_sim::python::{HELPER_FILE, HELPER_MODULE};
    cleanup::install()?;
    let dir = Workdir::new()?;
    dir.write("program.py", text)?;
    dir.write(HELPER_FILE, HELPER_MODULE)?;
    let mut cmd = command(py.exe, dir.path())?;
    cmd.arg("-c").arg(BOOTSTRAP).arg(dir.path());
    child::run(cmd, &format!("{} program.py", safe(py.exe)), py.limits)?;
    input::read_text(&dir.path().join("run.json"), input::RECORDING)
        .map_err(|e| format!("the run's recording: {e}"))
}

/// Runs the calibration script (shipped in the binary) and returns the profile it writes.
pub(crate) fn calibrate(py: Python, quick: bool) -> Result<String, String> {
    use gil_sim::profile::{SCRIPT, SCRIPT_FILE};
    cleanup::install()?;
    let dir = Workdir::new()?;
    dir.write(SCRIPT_FILE, SCRIPT)?;
    let mut cmd = command(py.exe, dir.path())?;
    cmd.args([SCRIPT_FILE, "--out", "profile.json"]);
    if quick {
        cmd.arg("--quick");
    }
    child::run(cmd, &format!("{} {SCRIPT_FILE}", safe(py.exe)), py.limits)?;
    input::read_text(&dir.path().join("profile.json"), input::PROFILE)
        .map_err(|e| format!("the calibration run's profile: {e}"))
}

/// `python -I` in `dir`, without the helper module's own variables from gil-sim's
/// environment (a stale `GIL_LAB_RECORD` or `GIL_LAB_LOOPS` would change the run), and with
/// `dir` as its temporary directory (multiprocessing's `pymp-*` folders and the forkserver's
/// socket go there, and go with it, even when the run is killed).
fn command(exe: &str, dir: &Path) -> Result<Command, String> {
    let mut cmd = Command::new(interpreter(exe)?);
    cmd.current_dir(dir)
        .arg("-I")
        .env("TMPDIR", dir)
        .env_remove("GIL_LAB_RECORD")
        .env_remove("GIL_LAB_RECORD_MAIN")
        .env_remove("GIL_LAB_LOOPS");
    Ok(cmd)
}

/// The interpreter to start: a bare name as given (found on `PATH`), a path made absolute
/// against gil-sim's own folder (the child starts in the private folder, where a relative
/// path would mean something else).
fn interpreter(exe: &str) -> Result<PathBuf, String> {
    if !exe.contains('/') {
        return Ok(PathBuf::from(exe));
    }
    std::path::absolute(exe).map_err(|e| format!("--python {exe}: {e}"))
}
