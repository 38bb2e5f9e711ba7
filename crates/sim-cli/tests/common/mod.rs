//! What the CLI's test files share: running the built binary (with a guard against a run that
//! would block forever, and a bound on its address space, so that a regression fails a test
//! instead of stalling or exhausting the machine), its peak memory, fresh folders, and the
//! processes of a group.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// The built binary.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_gil-sim")
}

/// Runs gil-sim with `args` to its end.
pub fn gil_sim(args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .output()
        .expect("binary runs")
}

/// A command running gil-sim with at most 4 GiB of address space (`ulimit -v`): an input that
/// is read without a cap fails instead of taking the machine's memory.
pub fn bounded(args: &[&str]) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("ulimit -v 4194304; exec \"$0\" \"$@\"")
        .arg(bin())
        .args(args);
    cmd
}

/// Runs `cmd` to its end, but kills it and fails the test if it is still running after
/// `secs` seconds: the guard of a command that must not block (the thing under test).
pub fn within(mut cmd: Command, secs: u64, what: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let deadline = Instant::now() + Duration::from_secs(secs);
    while child.try_wait().expect("waits").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running after {secs} s (it blocks)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts a failed run: exit 1 and one line on stderr that has every one of `want`.
pub fn fails_with(o: &Output, want: &[&str], what: &str) {
    let err = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{what}: {:?}, stderr {err}",
        o.status
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{what}: one line: {err}");
    for w in want {
        assert!(err.contains(w), "{what}: want {w:?} in: {err}");
    }
}

/// Peak resident memory (KiB) of one run of the CLI (and of what it waited for), measured by
/// CPython's `resource` module (`getrusage(RUSAGE_CHILDREN)`).
pub fn peak_rss_kib(args: &[&str]) -> u64 {
    let script = "import resource, subprocess, sys\n\
        r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n\
        assert r.returncode == 0, r.returncode\n\
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)";
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(bin())
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().parse().unwrap()
}

/// A fresh, empty folder for one test (short: a forkserver's socket path must fit in 108
/// bytes), removed by [`Scratch`]'s drop.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(tag: &str) -> Scratch {
        static N: AtomicU32 = AtomicU32::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("gsc-{}-{n}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// `name` in the folder, as a string.
    pub fn file(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_string()
    }

    /// The names in the folder.
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes an executable shell script.
pub fn script(path: &str, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, format!("#!/bin/sh\n{body}")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The live (not zombie) processes whose `/proc/PID/stat` field `field` (after the command
/// name: 1 is the parent, 2 the process group) is `value`.
fn live_with(field: usize, value: u32) -> Vec<u32> {
    let mut live = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp ...: comm may hold spaces, so read after its ')'.
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if fields.len() > field && fields[0] != "Z" && fields[field] == value.to_string() {
            live.push(pid);
        }
    }
    live
}

/// The live (not zombie) processes of process group `pgid`.
pub fn live_in_group(pgid: u32) -> Vec<u32> {
    live_with(2, pgid)
}

/// The live (not zombie) children of `pid`.
pub fn live_children(pid: u32) -> Vec<u32> {
    live_with(1, pid)
}

/// `pid` and its live descendants.
pub fn tree(pid: u32) -> Vec<u32> {
    let mut all = vec![pid];
    let mut i = 0;
    while i < all.len() {
        let kids = live_children(all[i]);
        all.extend(kids);
        i += 1;
    }
    all
}

/// Kills the processes it holds when dropped: a test that fails leaves nothing running.
pub struct Reaper(pub Vec<u32>);

impl Drop for Reaper {
    fn drop(&mut self) {
        for &pid in &self.0 {
            if let Some(p) = rustix::process::Pid::from_raw(pid as i32) {
                let _ = rustix::process::kill_process(p, rustix::process::Signal::KILL);
            }
        }
    }
}

/// Whether process `pid` is alive (not gone, not a zombie).
pub fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')')
                .map(|(_, r)| r.trim_start().starts_with('Z'))
        })
        .is_some_and(|zombie| !zombie)
}

/// Waits (up to `secs`) until `ready` holds; false if it never did.
pub fn wait_for(secs: u64, mut ready: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    ready()
}

/// A program the reader accepts that runs for about 1000 s in CPython: its main process
/// waits on I/O while a forked and a spawned child do the same.
pub const LONG_PROGRAM: &str = r#"import multiprocessing

from gil_lab import io


def work():
    io(1000)


def main():
    p_a = multiprocessing.get_context("fork").Process(target=work, name="a")
    p_b = multiprocessing.get_context("spawn").Process(target=work, name="b")
    p_a.start()
    p_b.start()
    io(1000)
    p_a.join()
    p_b.join()


if __name__ == "__main__":
    main()
"#;
