//! A supervised child process (CPython): it starts in a process group of its own, so it and
//! every process it starts (multiprocessing's children, the forkserver, the resource tracker)
//! are stopped together; it dies with gil-sim if gil-sim is killed outright (the parent-death
//! signal, for the child itself); its stdout and stderr are read as they come (dropped, or
//! forwarded escaped to stderr with `--show-output`), keeping only the last 64 KiB of stderr for
//! the error message; and it runs under a time limit. When it exits (or the limit passes) the
//! whole group is killed before the child is reaped, so no process of the run outlives it.

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Child, ChildStderr, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal, WaitId, WaitIdOptions};

use crate::cleanup;

/// How much of the end of stderr is kept for the error message.
const STDERR_TAIL: usize = 64 << 10;

/// How often the running child is looked at.
const POLL: Duration = Duration::from_millis(10);

/// How long the output's readers may take to finish once the group is gone.
const DRAIN: Duration = Duration::from_secs(5);

/// The limits of one run: its time, the flag that set it (for the message), and whether its
/// output is shown.
#[derive(Clone, Copy)]
pub(crate) struct Limits {
    timeout: Duration,
    flag: &'static str,
    show_output: bool,
}

impl Limits {
    /// `seconds` of run time, set by `flag`; the output forwarded if `show_output`.
    pub(crate) fn new(seconds: u64, flag: &'static str, show_output: bool) -> Limits {
        Limits {
            timeout: Duration::from_secs(seconds),
            flag,
            show_output,
        }
    }
}

/// Runs `cmd` to its end under `limits`: `Ok` if it exits with status 0, else one line saying
/// why (`what` names it: `python3 program.py`), with the last line of its stderr.
pub(crate) fn run(mut cmd: Command, what: &str, limits: Limits) -> Result<(), String> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    die_with_parent(&mut cmd);
    let mut child = cleanup::spawn(&mut cmd).map_err(|e| format!("could not run {what}: {e}"))?;
    let out = child
        .stdout
        .take()
        .map(|s| drain_stdout(s, limits.show_output));
    let err = child
        .stderr
        .take()
        .map(|s| tail_of_stderr(s, limits.show_output));
    let timed_out = !wait_until_exit(&child, limits.timeout);
    let status = cleanup::end_group(&mut child).map_err(|e| format!("{what}: {e}"));
    if let Some(rx) = out {
        let _ = rx.recv_timeout(DRAIN);
    }
    let tail = err
        .and_then(|rx| rx.recv_timeout(DRAIN).ok())
        .unwrap_or_default();
    if timed_out {
        return Err(format!(
            "{what} ran longer than {} {} s: stopped it and every process it started",
            limits.flag,
            limits.timeout.as_secs()
        ));
    }
    verdict(what, status?, &tail)
}

/// `Ok` for status 0, else the status and the last line the program wrote to stderr.
fn verdict(what: &str, status: ExitStatus, tail: &[u8]) -> Result<(), String> {
    if status.success() {
        return Ok(());
    }
    let text = String::from_utf8_lossy(tail);
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    Err(format!("{what} failed ({status}): {last}"))
}

/// Sets the parent-death signal in the child: if gil-sim is killed outright (SIGKILL, which
/// no cleanup can follow), the kernel kills the child too. (Its own children are not covered:
/// they are in its group, which `cleanup` kills on every exit gil-sim lives to see.)
#[cfg(any(target_os = "linux", target_os = "android"))]
fn die_with_parent(cmd: &mut Command) {
    let parent = rustix::process::getpid();
    // SAFETY: the closure runs in the forked child before exec; it only makes two system calls
    // (prctl, getppid), which are async-signal-safe, and allocates nothing (an `Errno` becomes
    // an `io::Error` without allocating).
    unsafe {
        cmd.pre_exec(move || {
            rustix::process::set_parent_process_death_signal(Some(Signal::KILL))?;
            // gil-sim died before the prctl: nobody would kill this child.
            if rustix::process::getppid() != Some(parent) {
                return Err(rustix::io::Errno::SRCH.into());
            }
            Ok(())
        });
    }
}

/// Elsewhere there is no parent-death signal.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn die_with_parent(_cmd: &mut Command) {}

/// Waits until the child exits (seen, not reaped) or `timeout` passes: true if it exited.
fn wait_until_exit(child: &Child, timeout: Duration) -> bool {
    let deadline = Instant::now().checked_add(timeout);
    let pid = Pid::from_child(child);
    let opts = WaitIdOptions::EXITED | WaitIdOptions::NOHANG | WaitIdOptions::NOWAIT;
    loop {
        match rustix::process::waitid(WaitId::Pid(pid), opts) {
            Ok(None) | Err(rustix::io::Errno::INTR) => {}
            // Exited, or cannot be waited for (then nothing is left to wait for).
            Ok(Some(_)) | Err(_) => return true,
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return false;
        }
        std::thread::sleep(POLL);
    }
}

/// Reads the child's stdout to its end on a thread: dropped, or forwarded escaped to stderr.
/// The receiver hears when the end is reached.
fn drain_stdout(out: ChildStdout, show: bool) -> Receiver<()> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = show.then(Lines::default);
        read_chunks(out, |chunk| {
            if let Some(l) = lines.as_mut() {
                l.push(chunk);
            }
        });
        if let Some(mut l) = lines {
            l.finish();
        }
        let _ = tx.send(());
    });
    rx
}

/// Reads the child's stderr to its end on a thread, keeping its last [`STDERR_TAIL`] bytes
/// (and forwarding it escaped if `show`); the receiver gets the tail.
fn tail_of_stderr(err: ChildStderr, show: bool) -> Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut lines = show.then(Lines::default);
        let mut tail = Vec::new();
        read_chunks(err, |chunk| {
            if let Some(l) = lines.as_mut() {
                l.push(chunk);
            }
            tail.extend_from_slice(chunk);
            if tail.len() > 2 * STDERR_TAIL {
                tail.drain(..tail.len() - STDERR_TAIL);
            }
        });
        if let Some(mut l) = lines {
            l.finish();
        }
        let start = tail.len().saturating_sub(STDERR_TAIL);
        let _ = tx.send(tail.split_off(start));
    });
    rx
}

/// Calls `each` with every chunk read, to the end or the first error.
fn read_chunks(mut r: impl Read, mut each: impl FnMut(&[u8])) {
    let mut buf = [0u8; 8192];
    loop {
        match r.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => each(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

/// The longest line forwarded as one (a longer one is cut into several).
const MAX_LINE: usize = 4096;

/// The child's output forwarded to gil-sim's stderr line by line, each line escaped.
#[derive(Default)]
struct Lines {
    pending: Vec<u8>,
}

impl Lines {
    fn push(&mut self, chunk: &[u8]) {
        for &b in chunk {
            if b == b'\n' {
                self.flush();
            } else {
                self.pending.push(b);
                if self.pending.len() >= MAX_LINE {
                    self.flush();
                }
            }
        }
    }

    fn finish(&mut self) {
        if !self.pending.is_empty() {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let line = crate::print::safe(&String::from_utf8_lossy(&self.pending));
        self.pending.clear();
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }
}
