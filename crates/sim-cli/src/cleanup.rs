//! What gil-sim undoes when it is stopped while CPython runs (Ctrl+C: SIGINT; SIGTERM; the
//! terminal closing: SIGHUP; Ctrl+\: SIGQUIT; and the other signals whose default is to end a
//! process: SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU, SIGXFSZ), and when it panics: the registry below
//! holds the process groups of the running children and the private folders, and a thread of
//! our own waits for the signals (signal-hook's iterator: nothing runs in a signal handler),
//! kills every group, removes every folder, says so in one line and exits 128 + the signal
//! (130 for SIGINT, 143 for SIGTERM). A panic does the same from the panic hook before the
//! process aborts. Only SIGKILL (and SIGSTOP) cannot be followed: then the parent-death signal
//! stops CPython itself (`child`), and what it started and the folder stay.
//!
//! gil-sim is also made the "child subreaper" of its runs (Linux), so a process of a run whose
//! parent died is handed to gil-sim rather than to init: once a group is killed, gil-sim reaps
//! every process of it, and returns (or exits) only when the group is gone.
//!
//! The registry is the one global of the CLI, because a signal is: it is small (two lists),
//! private to this module, and every change to it (a folder made or removed, a child spawned or
//! reaped) happens under its lock, so the signal thread never sees a child that is not yet
//! registered or a folder half removed. Handlers are installed on the first CPython run only;
//! the other commands keep the default behaviour of the signals.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use rustix::process::{
    Pid, Signal, WaitId, WaitIdOptions, kill_process_group, test_kill_process_group, waitid,
};
use signal_hook::consts::{
    SIGALRM, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGXCPU, SIGXFSZ,
};
use signal_hook::iterator::Signals;

/// The running children's process groups and the private folders that exist now.
struct Registry {
    groups: Vec<Pid>,
    dirs: Vec<PathBuf>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    groups: Vec::new(),
    dirs: Vec::new(),
});

/// Whether the handlers are installed (and the error if they could not be).
static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();

fn registry() -> MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The signals that would end gil-sim without a word (their default action), as
/// (signal, name).
const ENDING: [(i32, &str); 9] = [
    (SIGINT, "SIGINT"),
    (SIGTERM, "SIGTERM"),
    (SIGHUP, "SIGHUP"),
    (SIGQUIT, "SIGQUIT"),
    (SIGALRM, "SIGALRM"),
    (SIGUSR1, "SIGUSR1"),
    (SIGUSR2, "SIGUSR2"),
    (SIGXCPU, "SIGXCPU"),
    (SIGXFSZ, "SIGXFSZ"),
];

/// Installs the handling of the [`ENDING`] signals and of a panic, once.
pub(crate) fn install() -> Result<(), String> {
    INSTALLED
        .get_or_init(|| {
            become_subreaper();
            let mut signals = Signals::new(ENDING.map(|(s, _)| s))
                .map_err(|e| format!("could not handle Ctrl+C: {e}"))?;
            let earlier = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                earlier(info);
                on_panic();
            }));
            std::thread::Builder::new()
                .name("gil-sim-signals".into())
                .spawn(move || {
                    if let Some(sig) = signals.forever().next() {
                        interrupted(sig);
                    }
                })
                .map(drop)
                .map_err(|e| format!("could not handle Ctrl+C: {e}"))
        })
        .clone()
}

/// The signal arrived: kill every group, remove every folder, exit 128 + the signal.
fn interrupted(sig: i32) -> ! {
    let reg = registry();
    undo(&reg);
    let name = ENDING
        .iter()
        .find(|(s, _)| *s == sig)
        .map_or("a signal", |(_, n)| n);
    if reg.groups.is_empty() && reg.dirs.is_empty() {
        eprintln!("gil-sim: interrupted ({name})");
    } else {
        eprintln!(
            "gil-sim: interrupted ({name}): stopped the Python run and every process it started, removed its working folder"
        );
    }
    std::process::exit(128 + sig)
}

/// Kills every registered group, reaps what it can, removes every registered folder.
fn undo(reg: &Registry) {
    for &g in &reg.groups {
        let _ = kill_process_group(g, Signal::KILL);
    }
    for &g in &reg.groups {
        reap_group(g);
    }
    for d in &reg.dirs {
        remove_all(d);
    }
}

/// A panic (the process aborts next): undo what is registered. The registry's lock is only
/// tried: a panic while it is held (by this thread) leaves the folder, never a deadlock.
fn on_panic() {
    if let Ok(reg) = REGISTRY.try_lock() {
        undo(&reg);
    }
}

/// Makes a folder with `create` and registers it, as one step.
pub(crate) fn new_dir(create: impl FnOnce() -> io::Result<PathBuf>) -> io::Result<PathBuf> {
    let mut reg = registry();
    let dir = create()?;
    reg.dirs.push(dir.clone());
    Ok(dir)
}

/// Removes a registered folder and forgets it, as one step.
pub(crate) fn remove_dir(dir: &Path) {
    let mut reg = registry();
    remove_all(dir);
    reg.dirs.retain(|d| d != dir);
}

/// Spawns `cmd` (which starts its own process group) and registers the group, as one step.
pub(crate) fn spawn(cmd: &mut Command) -> io::Result<Child> {
    let mut reg = registry();
    let child = cmd.spawn()?;
    reg.groups.push(Pid::from_child(&child));
    Ok(child)
}

/// Kills the child and its whole group (what it started is stopped with it), reaps the child
/// and the rest of the group, and forgets it. Call it only once the child has exited (seen
/// without reaping it: its pid, and so its group's id, cannot be reused meanwhile) or must be
/// stopped. The child itself is killed by its pid too (a `--python` wrapper may have left the
/// group), and the waits happen outside the registry's lock, so an interrupt is never kept
/// waiting behind them.
pub(crate) fn end_group(child: &mut Child) -> io::Result<ExitStatus> {
    let group = Pid::from_child(child);
    {
        let _reg = registry();
        let _ = kill_process_group(group, Signal::KILL);
        let _ = child.kill();
    }
    let status = child.wait();
    reap_group(group);
    registry().groups.retain(|&g| g != group);
    status
}

/// The most time a killed group is waited for.
const REAP: Duration = Duration::from_secs(2);

/// Waits until no process of the killed `group` is left (at most [`REAP`]), reaping those
/// that are gil-sim's (its children, and, as their subreaper, its orphaned descendants).
fn reap_group(group: Pid) {
    let deadline = Instant::now() + REAP;
    let opts = WaitIdOptions::EXITED | WaitIdOptions::NOHANG;
    loop {
        while let Ok(Some(_)) = waitid(WaitId::Pgid(Some(group)), opts) {}
        // ESRCH: nobody is left in the group (any error: nothing more to wait for).
        if test_kill_process_group(group).is_err() || Instant::now() >= deadline {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Makes gil-sim the subreaper of its descendants (Linux; elsewhere orphans go to init and a
/// killed group is only waited for).
fn become_subreaper() {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::process::set_child_subreaper(Some(rustix::process::getpid()));
}

/// `remove_dir_all`, tried again a few times: a process killed a moment ago may still finish
/// the system call that adds a file (after the folder is gone, no file can be added to it).
fn remove_all(dir: &Path) {
    for _ in 0..20 {
        match std::fs::remove_dir_all(dir) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                std::thread::sleep(Duration::from_millis(10));
            }
            _ => return,
        }
    }
    eprintln!(
        "gil-sim: warning: could not remove the working folder {}",
        crate::print::safe(&dir.display().to_string())
    );
}
