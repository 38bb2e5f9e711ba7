//! `gil-sim check` against a hostile machine and a careless user: the run's folder is private
//! (new, random, 0700, never one that exists) and removed on every way out; CPython imports
//! nothing planted beside the program, in the working folder or through `PYTHON*` variables;
//! a run that does not end is stopped with every process it started (time limit, Ctrl+C,
//! SIGTERM); a flood of output is not kept; the recording is read with its cap.
//!
//! Each test gives gil-sim a `TMPDIR` of its own, so the folders it makes can be looked at,
//! and runs CPython through a `--python` wrapper script where it needs to see inside the run.

mod common;

use std::process::{Command, Stdio};

use common::*;

/// `gil-sim check ARGS` with `TMPDIR` set to `tmp`.
fn check_in(tmp: &Scratch, args: &[&str]) -> std::process::Output {
    Command::new(bin())
        .env("TMPDIR", tmp.path())
        .arg("check")
        .args(args)
        .output()
        .expect("binary runs")
}

#[test]
fn the_working_folder_is_new_private_and_removed_after_success_and_failure() {
    let tmp = Scratch::new("tmp");
    let t = Scratch::new("spy");
    let (spy, report) = (t.file("spy.sh"), t.file("report"));
    script(
        &spy,
        &format!("stat -c '%a %u' . > {report}\npwd -P >> {report}\nexec python3 \"$@\"\n"),
    );
    let o = check_in(&tmp, &["cpu-threads", "--python", &spy, "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let seen = std::fs::read_to_string(&report).unwrap();
    let mut lines = seen.lines();
    let uid = rustix::process::getuid().as_raw();
    assert_eq!(lines.next(), Some(format!("700 {uid}").as_str()), "{seen}");
    let folder = std::path::PathBuf::from(lines.next().unwrap());
    let tmp_real = tmp.path().canonicalize().unwrap();
    assert_eq!(folder.parent(), Some(tmp_real.as_path()), "{seen}");
    assert!(tmp.names().is_empty(), "left behind: {:?}", tmp.names());
    // A failing program: the error names it, with the last line of its stderr.
    let fail = t.file("fail.sh");
    script(&fail, "echo 'it broke' >&2\nexit 3\n");
    let o = check_in(&tmp, &["cpu-threads", "--python", &fail]);
    fails_with(&o, &["failed (exit status: 3): it broke"], "failing");
    assert!(tmp.names().is_empty(), "left behind: {:?}", tmp.names());
}

/// The attack on the old predictable folder (`$TMPDIR/gil-sim-record-<pid>-0`, accepted if it
/// existed): planted before gil-sim starts (a shell plants it for its own pid, then becomes
/// gil-sim with `exec`), with a `hashlib.py` the helper would import and a `gil_lab.py`
/// symlink to a file gil-sim would overwrite.
#[test]
fn a_planted_folder_is_never_used() {
    let tmp = Scratch::new("tmp");
    let t = Scratch::new("plant");
    let (marker, victim) = (t.file("marker"), t.file("victim"));
    std::fs::write(&victim, "precious\n").unwrap();
    let planted = format!("open({marker:?}, 'a').write('planted hashlib ran\\n')\n");
    std::fs::write(t.file("hashlib.py"), planted).unwrap();
    let plant = format!(
        "d=\"$TMPDIR/gil-sim-record-$$-0\"; mkdir -p \"$d\" && cp {} \"$d/\" && ln -s {victim} \"$d/gil_lab.py\" && exec \"$0\" \"$@\"",
        t.file("hashlib.py")
    );
    let o = Command::new("sh")
        .env("TMPDIR", tmp.path())
        .arg("-c")
        .arg(plant)
        .arg(bin())
        .args(["check", "cpu-threads", "--json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !std::path::Path::new(&marker).exists(),
        "the planted hashlib.py ran"
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    // Only the planted folder is left (untouched): gil-sim's own is gone.
    let left = tmp.names();
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].starts_with("gil-sim-record-"), "{left:?}");
}

#[test]
fn cpython_imports_nothing_planted_beside_the_program_in_the_cwd_or_through_the_environment() {
    let t = Scratch::new("iso");
    let marker = t.file("marker");
    let planted = |dir: &std::path::Path, names: &[&str]| {
        std::fs::create_dir_all(dir).unwrap();
        for n in names {
            let code = format!("open({marker:?}, 'a').write('planted {n} ran\\n')\n");
            std::fs::write(dir.join(format!("{n}.py")), code).unwrap();
        }
    };
    let stdlib = [
        "hashlib",
        "socket",
        "select",
        "json",
        "threading",
        "runpy",
        "asyncio",
        "multiprocessing",
        "sitecustomize",
        "usercustomize",
        "gil_lab",
    ];
    // The program's own folder, and gil-sim's working folder.
    let prog_dir = t.path().join("prog");
    planted(&prog_dir, &stdlib);
    let cwd = t.path().join("cwd");
    planted(&cwd, &stdlib);
    let program = prog_dir.join("program.py");
    std::fs::write(&program, stdout(&gil_sim(&["export", "py", "cpu-threads"]))).unwrap();
    // PYTHONPATH, PYTHONSTARTUP and a user site (PYTHONUSERBASE).
    let env_dir = t.path().join("env");
    planted(&env_dir, &stdlib);
    let user_site = t.path().join("user/lib/python3.11/site-packages");
    planted(&user_site, &["usercustomize"]);
    let o = Command::new(bin())
        .current_dir(&cwd)
        .env("PYTHONPATH", &env_dir)
        .env("PYTHONSTARTUP", env_dir.join("hashlib.py"))
        .env("PYTHONUSERBASE", t.path().join("user"))
        .args(["check", program.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    let ran = std::fs::read_to_string(&marker).unwrap_or_default();
    assert!(ran.is_empty(), "planted modules ran:\n{ran}");
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 6, "{v}");
}

/// Under the bootstrap, spawn and forkserver children still find the helper module and
/// record (they inherit `-I` and the parent's `sys.path`, and re-run the main module by path).
#[test]
fn spawn_and_forkserver_children_still_record() {
    for (preset, processes) in [
        (
            "start-methods",
            &["parent", "forked", "via-forkserver", "spawned"][..],
        ),
        (
            "cpu-processes",
            &["main", "Process-1", "Process-2", "Process-3", "Process-4"],
        ),
    ] {
        let o = gil_sim(&["check", preset, "--json"]);
        assert!(o.status.success(), "{preset}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        for p in processes {
            let row = v["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["process"] == *p && r["thread"] == "MainThread")
                .unwrap_or_else(|| panic!("{preset}: no row of {p}: {v}"));
            assert!(row["measured_ns"].as_u64().unwrap() > 0, "{preset}: {row}");
        }
    }
}

/// A `--python` wrapper that starts a background process, writes its own pid (which CPython
/// keeps: `exec`) and the background one's to `dir`, then runs CPython.
fn slow_python(t: &Scratch) -> String {
    let wrapper = t.file("python.sh");
    script(
        &wrapper,
        &format!(
            "sleep 1000 &\necho $! > {}\necho $$ > {}\nexec python3 \"$@\"\n",
            t.file("bg.pid"),
            t.file("py.pid")
        ),
    );
    wrapper
}

fn pid_in(t: &Scratch, name: &str) -> u32 {
    std::fs::read_to_string(t.file(name))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn the_time_limit_stops_the_program_and_every_process_it_started() {
    let tmp = Scratch::new("tmp");
    let t = Scratch::new("slow");
    let prog = t.file("long.py");
    std::fs::write(&prog, LONG_PROGRAM).unwrap();
    let python = slow_python(&t);
    let o = check_in(&tmp, &[&prog, "--python", &python, "--timeout", "3"]);
    fails_with(
        &o,
        &[
            "ran longer than --timeout 3 s",
            "stopped it and every process it started",
        ],
        "timeout",
    );
    let left = live_in_group(pid_in(&t, "py.pid"));
    let _reaper = Reaper(left.clone());
    assert!(left.is_empty(), "survivors: {left:?}");
    assert!(!alive(pid_in(&t, "bg.pid")), "the background process lives");
    assert!(tmp.names().is_empty(), "left behind: {:?}", tmp.names());
    // The same limit for fidelity, per run.
    let o = Command::new(bin())
        .env("TMPDIR", tmp.path())
        .args(["fidelity", "--runs", "1", "--calibration", "none"])
        .args(["--python", &python, "--timeout", "1"])
        .output()
        .unwrap();
    fails_with(&o, &["ran longer than --timeout 1 s"], "fidelity timeout");
    assert!(tmp.names().is_empty(), "left behind: {:?}", tmp.names());
}

/// Ctrl+C (SIGINT), SIGTERM, the terminal closing (SIGHUP) or Ctrl+\ (SIGQUIT) to gil-sim
/// during a run: the folder is removed, no process of the run survives, and gil-sim exits
/// 128 + the signal with one line.
#[test]
fn an_interrupt_stops_the_run_removes_the_folder_and_exits_128_plus_the_signal() {
    use rustix::process::{Pid, Signal, kill_process};
    for (signal, code, name) in [
        (Signal::INT, 130, "SIGINT"),
        (Signal::TERM, 143, "SIGTERM"),
        (Signal::HUP, 129, "SIGHUP"),
        (Signal::QUIT, 131, "SIGQUIT"),
    ] {
        let tmp = Scratch::new("tmp");
        let t = Scratch::new("sig");
        let prog = t.file("long.py");
        std::fs::write(&prog, LONG_PROGRAM).unwrap();
        let python = slow_python(&t);
        let child = Command::new(bin())
            .env("TMPDIR", tmp.path())
            .args(["check", &prog, "--python", &python])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut reaper = Reaper(vec![child.id()]);
        // Wait until the program's children have started (CPython has the background process,
        // its forked and spawned children and the resource tracker), then interrupt gil-sim
        // alone.
        let started = wait_for(60, || {
            std::fs::read_to_string(t.file("py.pid"))
                .ok()
                .and_then(|s| s.trim().parse::<u32>().ok())
                .is_some_and(|py| live_children(py).len() >= 4)
        });
        assert!(started, "{name}: the program did not start its children");
        let run = tree(pid_in(&t, "py.pid"));
        reaper.0.extend(&run);
        assert_eq!(tmp.names().len(), 1, "{name}: {:?}", tmp.names());
        let pid = Pid::from_raw(child.id() as i32).unwrap();
        kill_process(pid, signal).unwrap();
        let o = child.wait_with_output().unwrap();
        let survivors: Vec<u32> = run.iter().copied().filter(|&p| alive(p)).collect();
        assert!(survivors.is_empty(), "{name}: survivors {survivors:?}");
        assert_eq!(o.status.code(), Some(code), "{name}: {:?}", o.status);
        let err = stderr(&o);
        assert_eq!(err.trim_end().lines().count(), 1, "{name}: {err}");
        assert!(err.contains(&format!("interrupted ({name})")), "{err}");
        assert!(tmp.names().is_empty(), "{name}: left {:?}", tmp.names());
    }
}

#[test]
fn a_flood_of_output_is_streamed_not_kept() {
    let t = Scratch::new("loud");
    let loud = t.file("loud.sh");
    // 200 MB on stdout and 20 MB on stderr before CPython starts.
    script(
        &loud,
        "head -c 200000000 /dev/zero | tr '\\0' x\nhead -c 20000000 /dev/zero | tr '\\0' y >&2\nexec python3 \"$@\"\n",
    );
    let kib = peak_rss_kib(&["check", "cpu-threads", "--python", &loud]);
    println!("peak RSS of check with 220 MB of output: {kib} KiB");
    assert!(
        kib < 100 * 1024,
        "check peaked at {kib} KiB: the output is kept"
    );
}

#[test]
fn show_output_forwards_the_programs_output_escaped_to_stderr() {
    let t = Scratch::new("show");
    let noisy = t.file("noisy.sh");
    script(
        &noisy,
        "printf 'out \\033[2J\\r\\342\\200\\256 fake\\n'\nprintf 'err \\033]0;title\\007\\n' >&2\nexec python3 \"$@\"\n",
    );
    let o = gil_sim(&["check", "cpu-threads", "--python", &noisy, "--show-output"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("out \\u{1b}[2J\\r\\u{202e} fake"), "{err}");
    assert!(err.contains("err \\u{1b}]0;title\\u{7}"), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\r'), "{err:?}");
    assert!(!stdout(&o).contains("fake"), "the table stays clean");
    // Without the flag, the output is dropped.
    let o = gil_sim(&["check", "cpu-threads", "--python", &noisy]);
    assert!(o.status.success());
    assert!(!stderr(&o).contains("fake"), "{}", stderr(&o));
}

/// The recording the run leaves is read like any input: a FIFO is refused without blocking,
/// an oversized file without reading it.
#[test]
fn the_runs_recording_is_read_with_its_cap() {
    let t = Scratch::new("rec");
    let fifo = t.file("fifo.sh");
    script(&fifo, "mkfifo run.json\n");
    let o = within(
        {
            let mut c = bounded(&["check", "cpu-threads", "--python", &fifo]);
            c.env("TMPDIR", t.path());
            c
        },
        60,
        "a FIFO recording",
    );
    fails_with(&o, &["run.json: a FIFO, not a regular file"], "FIFO");
    let huge = t.file("huge.sh");
    script(&huge, "truncate -s 8G run.json\n");
    let o = within(
        bounded(&["check", "cpu-threads", "--python", &huge]),
        60,
        "an 8 GB recording",
    );
    fails_with(
        &o,
        &["run.json: more than 67108864 bytes (cap MAX_SCENARIO_BYTES)"],
        "huge",
    );
}

/// A recording made by the helper module from one of `fuzz/seeds/recording_json/`.
fn seed_recording(name: &str) -> String {
    format!(
        "{}/../../fuzz/seeds/recording_json/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn another_programs_recording_is_refused_and_its_own_is_compared() {
    // Before, any recording was compared with any program (+301 % for the wrong one).
    let other = gil_sim(&[
        "check",
        "io-threads",
        "--run",
        &seed_recording("real-cpu-threads.json"),
    ]);
    assert!(!other.status.success());
    let err = String::from_utf8_lossy(&other.stderr);
    assert!(err.contains("is not of io-threads"), "{err}");
    let own = gil_sim(&[
        "check",
        "cpu-threads",
        "--run",
        &seed_recording("real-cpu-threads.json"),
        "--json",
    ]);
    assert!(
        own.status.success(),
        "{}",
        String::from_utf8_lossy(&own.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&own.stdout).unwrap();
    assert!(v["rows"].as_array().is_some_and(|r| !r.is_empty()));
    // An older recording, without its program's hash: matched by structure, with a warning.
    let older = gil_sim(&[
        "check",
        "start-methods",
        "--run",
        &seed_recording("older-helper-start-methods.json"),
        "--json",
    ]);
    assert!(
        older.status.success(),
        "{}",
        String::from_utf8_lossy(&older.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&older.stdout).unwrap();
    assert!(!v["warnings"].as_array().unwrap().is_empty(), "{v}");
    assert!(String::from_utf8_lossy(&older.stderr).contains("warning"));
}

/// A `gil_lab` installed in the interpreter's own site-packages (a venv where an older helper
/// was installed) is not the one the run imports: the shipped helper comes before
/// site-packages, and the standard library before both.
#[test]
fn a_gil_lab_in_site_packages_is_not_taken_for_the_shipped_helper() {
    let t = Scratch::new("venv");
    let venv = t.path().join("env");
    let made = Command::new("python3")
        .args(["-m", "venv", "--without-pip"])
        .arg(&venv)
        .status()
        .unwrap();
    assert!(made.success());
    let site = std::fs::read_dir(venv.join("lib"))
        .unwrap()
        .flatten()
        .map(|e| e.path().join("site-packages"))
        .find(|p| p.is_dir())
        .expect("the venv's site-packages");
    let marker = t.file("marker");
    std::fs::write(
        site.join("gil_lab.py"),
        format!("open({marker:?}, 'a').write('installed gil_lab ran\\n')\n"),
    )
    .unwrap();
    let python = venv.join("bin/python3");
    let o = gil_sim(&[
        "check",
        "cpu-threads",
        "--python",
        python.to_str().unwrap(),
        "--json",
    ]);
    let ran = std::fs::read_to_string(&marker).unwrap_or_default();
    assert!(ran.is_empty(), "{ran}");
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v.get("warnings").is_none(),
        "the shipped helper names its program: {v}"
    );
}
