//! Runs the built `gil-sim` binary: every preset runs, output is deterministic per seed, errors
//! are one line on stderr with a non-zero exit code.

mod common;

use std::process::{Command, Output};

use common::{gil_sim, peak_rss_kib, stdout};

fn preset_names() -> Vec<String> {
    let o = gil_sim(&["list"]);
    assert!(o.status.success());
    stdout(&o)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

#[test]
fn list_shows_every_preset_with_its_lesson() {
    let names = preset_names();
    assert_eq!(names.len(), gil_sim::presets::FILES.len());
    assert!(names.contains(&"cpu-threads".to_string()));
    assert!(names.contains(&"convoy".to_string()));
}

#[test]
fn every_preset_runs_and_json_is_byte_identical_per_seed() {
    for name in preset_names() {
        let a = gil_sim(&["run", &name, "-s", "7", "--json"]);
        assert!(
            a.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&a.stderr)
        );
        let b = gil_sim(&["run", &name, "-s", "7", "--json"]);
        assert_eq!(a.stdout, b.stdout, "{name}: two runs with one seed differ");
        let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
        assert_eq!(v["scenario"]["seed"], 7);
        assert!(v["metrics"]["wall_ns"].as_u64().unwrap() > 0);
        assert_eq!(v["trace_hash"].as_str().unwrap().len(), 64);
        let c = gil_sim(&["run", &name, "-c"]);
        assert!(c.status.success());
        let text = stdout(&c);
        assert!(
            text.contains("wall time:") && text.contains("LESSON:"),
            "{name}: {text}"
        );
        let q = gil_sim(&["run", &name]);
        assert!(stdout(&q).contains("QUESTION:"));
        assert!(
            !stdout(&q).contains("wall time:"),
            "without -c the answer stays hidden"
        );
    }
}

#[test]
fn the_seed_changes_only_what_it_may() {
    // The convoy preset has I/O jitter and random waiter choice: seeds give different traces.
    let a = gil_sim(&["run", "convoy", "-s", "1", "--json"]);
    let b = gil_sim(&["run", "convoy", "-s", "2", "--json"]);
    let va: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    let vb: serde_json::Value = serde_json::from_slice(&b.stdout).unwrap();
    assert_ne!(va["trace_hash"], vb["trace_hash"]);
    // ... but the program and its work do not change.
    for v in [&va, &vb] {
        let threads = v["trace"]["threads"].as_array().unwrap();
        assert_eq!(threads[0]["work_ns"], 10 * 10_000);
    }
}

#[test]
fn compare_prints_four_modes() {
    let o = gil_sim(&["compare", "io-threads"]);
    assert!(o.status.success());
    let t = stdout(&o);
    for m in ["sequential", "threads", "processes", "asyncio"] {
        assert!(t.contains(m), "{t}");
    }
    let j = gil_sim(&["compare", "cpu-threads", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), 4);
}

#[test]
fn errors_are_one_line_with_non_zero_exit() {
    let dir = std::env::temp_dir().join(format!("gil-sim-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"version": 1, "processes": [{"name": "m", "threads": [{"name": "T", "program": [{"op": "cpu", "ns": 5}, {"op": "sleep", "ns": 0}]}]}]}"#,
    )
    .unwrap();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["run".into(), bad.display().to_string()],
            "processes[0].threads[0].program[1].ns: duration must be > 0",
        ),
        (
            vec!["run".into(), "no-such-preset".into()],
            "no preset or file named",
        ),
        (vec!["compare".into(), "convoy".into()], "has no `workload`"),
    ];
    for (args, want) in cases {
        let args: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
        let o = gil_sim(&args);
        assert!(!o.status.success(), "{args:?} should fail");
        let err = String::from_utf8(o.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(err.contains(want), "{err}");
    }
    let o = gil_sim(&["frobnicate"]);
    assert!(!o.status.success());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_setup_is_printed_in_words_not_as_rust_debug_output() {
    for name in preset_names() {
        let o = gil_sim(&["run", &name]);
        assert!(o.status.success(), "{name}");
        let out = stdout(&o);
        for debug in ["Workload {", "(Fork)", "(Spawn)", "(Forkserver)", "_ns:"] {
            assert!(
                !out.contains(debug),
                "{name}: the output shows Rust's Debug form ({debug:?}):\n{out}"
            );
        }
    }
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::BufReader;
    use std::process::Stdio;
    for args in [
        &["run", "convoy", "-c", "--max-rows", "0"][..],
        &["run", "convoy", "--json"],
        &["export", "perfetto", "convoy"],
        &["export", "csv", "convoy"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gil-sim"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read a little, as `| head -c 10` would, then close the pipe.
        let mut line = Vec::new();
        BufReader::new(child.stdout.take().unwrap()).take_until_len(&mut line, 10);
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            out.status.success() || out.status.code().is_none(),
            "{args:?}: exit {:?}, stderr {stderr}",
            out.status
        );
    }
}

/// Reads at least `n` bytes (or to the end) and drops the reader.
trait TakeUntil {
    fn take_until_len(self, buf: &mut Vec<u8>, n: usize);
}

impl<R: std::io::BufRead> TakeUntil for R {
    fn take_until_len(mut self, buf: &mut Vec<u8>, n: usize) {
        while buf.len() < n {
            let got = self.fill_buf().map(|b| b.to_vec()).unwrap_or_default();
            if got.is_empty() {
                break;
            }
            self.consume(got.len());
            buf.extend(got);
        }
    }
}

#[test]
fn json_output_streams_instead_of_building_the_trace_twice() {
    // 8 threads, each 4,000 times CPU then I/O, on 2 cores: about 200 k engine events.
    let threads: Vec<String> = (1..=8)
        .map(|i| {
            format!(
                r#"{{"name": "t{i}", "program": [{{"op": "repeat", "count": 4000, "body": [
                    {{"op": "cpu", "ns": 300000}}, {{"op": "io", "ns": 200000}}]}}]}}"#
            )
        })
        .collect();
    let starts: Vec<String> = (1..=8)
        .map(|i| format!(r#"{{"op": "start_thread", "thread": "t{i}"}}"#))
        .collect();
    let text = format!(
        r#"{{"version": 1, "machine": {{"cores": 2}}, "processes": [{{"name": "main", "threads": [
            {{"name": "MainThread", "program": [{}]}}, {}]}}]}}"#,
        starts.join(", "),
        threads.join(", ")
    );
    let dir = std::env::temp_dir().join(format!("gil-sim-cli-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("big.json");
    std::fs::write(&file, text).unwrap();
    let file = file.to_str().unwrap();
    let traced = peak_rss_kib(&["run", file, "-c", "--max-rows", "1"]);
    let json = peak_rss_kib(&["run", file, "--json"]);
    std::fs::remove_dir_all(&dir).ok();
    println!("peak RSS: traced run {traced} KiB, --json {json} KiB");
    assert!(
        json <= traced * 3,
        "--json peaked at {json} KiB, more than 3x the {traced} KiB of a traced run"
    );
}

/// A fresh temporary directory for one test.
fn temp_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gil-sim-cli-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The `wall time: ...` line of `run ... -c`.
fn wall_time_line(o: &Output) -> String {
    stdout(o)
        .lines()
        .find(|l| l.starts_with("wall time:"))
        .unwrap_or_else(|| panic!("no wall time line in:\n{}", stdout(o)))
        .to_string()
}

#[test]
fn export_py_reads_back_to_the_preset() {
    for name in preset_names() {
        let o = gil_sim(&["export", "py", &name]);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let text = stdout(&o);
        let (sc, _) = gil_sim::python::from_python(&text)
            .unwrap_or_else(|e| panic!("{name}: the exported program does not parse: {e}"));
        let want = gil_sim::presets::get(&name).unwrap().scenario;
        assert_eq!(
            sc, want,
            "{name}: the program reads back to another scenario"
        );
    }
}

#[test]
fn export_helper_is_the_helper_module() {
    let o = gil_sim(&["export", "helper"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o).trim_end(),
        gil_sim::python::HELPER_MODULE.trim_end()
    );
}

#[test]
fn export_json_perfetto_and_csv() {
    for name in preset_names() {
        let j = gil_sim(&["export", "json", &name]);
        assert!(j.status.success(), "{name}");
        let sc = gil_sim::Scenario::from_json(&stdout(&j))
            .unwrap_or_else(|e| panic!("{name}: exported JSON does not read back: {e}"));
        assert_eq!(sc, gil_sim::presets::get(&name).unwrap().scenario, "{name}");
    }
    let p = gil_sim(&["export", "perfetto", "convoy"]);
    assert!(p.status.success());
    let v: serde_json::Value = serde_json::from_slice(&p.stdout).unwrap();
    assert!(
        !v["traceEvents"].as_array().unwrap().is_empty(),
        "no traceEvents"
    );
    let c = gil_sim(&["export", "csv", "convoy"]);
    assert!(c.status.success());
    assert_eq!(
        stdout(&c).lines().next(),
        Some("lane,lane_index,name,process,state,start_ns,end_ns,duration_ns,thread,core")
    );
    assert!(stdout(&c).lines().count() > 1, "no spans");
}

#[test]
fn a_python_program_runs_like_its_preset() {
    let dir = temp_dir("py");
    for name in preset_names() {
        let prog = dir.join(format!("{name}.py"));
        std::fs::write(&prog, stdout(&gil_sim(&["export", "py", &name]))).unwrap();
        let from_py = gil_sim(&["run", prog.to_str().unwrap(), "-c"]);
        assert!(
            from_py.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&from_py.stderr)
        );
        let preset = gil_sim(&["run", &name, "-c"]);
        assert_eq!(wall_time_line(&from_py), wall_time_line(&preset), "{name}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_bad_python_program_is_one_error_with_its_line_and_column() {
    let dir = temp_dir("bad-py");
    let text = stdout(&gil_sim(&["export", "py", "cpu-threads"]));
    let line = text
        .lines()
        .position(|l| l.contains("cpu(0.1)"))
        .expect("cpu-threads has cpu(0.1)")
        + 1;
    let col = text
        .lines()
        .nth(line - 1)
        .unwrap()
        .find("cpu(0.1)")
        .unwrap()
        + 1;
    let prog = dir.join("bad.py");
    std::fs::write(&prog, text.replacen("cpu(0.1)", "print(1)", 1)).unwrap();
    let o = gil_sim(&["run", prog.to_str().unwrap(), "-c"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(
        err.contains(&format!("line {line}, col {col}:")),
        "want line {line}, col {col}: {err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_closed_pipe_after_one_line_ends_quietly() {
    use std::io::BufRead;
    use std::process::Stdio;
    for args in [&["run", "convoy", "-c"][..], &["export", "py", "convoy"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gil-sim"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty(), "{args:?}: no output");
        // The reader (and the pipe) is dropped here.
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        for bad in ["panicked", "Broken pipe"] {
            assert!(!stderr.contains(bad), "{args:?}: {stderr}");
        }
        use std::os::unix::process::ExitStatusExt;
        assert!(
            out.status.success() || out.status.signal() == Some(13),
            "{args:?}: {:?}, stderr {stderr}",
            out.status
        );
    }
}

#[test]
fn check_runs_the_program_in_python_and_prints_predicted_beside_measured() {
    let dir = std::env::temp_dir().join(format!("gil-sim-cli-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let keep = dir.join("run.json");
    let o = gil_sim(&[
        "check",
        "cpu-threads",
        "--json",
        "--keep",
        keep.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 6, "the wall time and five threads: {v}");
    for r in rows {
        assert!(r["predicted_ns"].as_u64().unwrap() > 0, "{r}");
        assert!(r["measured_ns"].as_u64().unwrap() > 0, "{r}");
        assert!(r["error_pct"].as_f64().is_some(), "{r}");
    }
    // The kept recording reads again, without running Python; the table names every thread.
    let o = gil_sim(&["check", "cpu-threads", "--run", keep.to_str().unwrap()]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(
        text.contains("wall time (main)") && text.contains("main/Thread-4"),
        "{text}"
    );
    // A damaged recording and a missing interpreter are one-line errors.
    std::fs::write(&keep, "{\"version\": 9}").unwrap();
    let o = gil_sim(&["check", "cpu-threads", "--run", keep.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("the recording"));
    let o = gil_sim(&["check", "cpu-threads", "--python", "/nonexistent/python9"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("could not run /nonexistent/python9"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_machine_profile_changes_the_run_and_says_so() {
    let profile = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../sim/calibration/profiles/this-machine.json"
    );
    let o = gil_sim(&["run", "start-methods", "-c", "--machine", profile]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout(&o).contains("calibrated to: "));
    let o = gil_sim(&["run", "start-methods", "--machine", "/nonexistent.json"]);
    assert_eq!(o.status.code(), Some(1));
}

/// `fidelity` runs every preset in python3 and compares every calibration case (here from the
/// shipped profile's own measurements, so the calibration script need not run), keeping the
/// report's hand-written sections.
#[test]
fn fidelity_writes_both_tables_and_keeps_the_hand_written_sections() {
    let dir = std::env::temp_dir().join(format!("gil-sim-cli-fidelity-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("fidelity.md");
    std::fs::write(
        &out,
        "# old\n\n| old table |\n\n## Why (hand-written)\n\nkept.\n",
    )
    .unwrap();
    let shipped = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../sim/calibration/profiles/this-machine.json"
    );
    let write = || {
        gil_sim(&[
            "fidelity",
            "--runs",
            "1",
            "--calibration",
            shipped,
            "--out",
            out.to_str().unwrap(),
        ])
    };
    let o = write();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = std::fs::read_to_string(&out).unwrap();
    for name in preset_names() {
        assert!(md.contains(&format!("| {name}")), "{name} missing:\n{md}");
    }
    for case in [
        "process_speedup.2",
        "thread_slowdown.4",
        "thread_start_join_ms",
        "process_start_join_ms.spawn_lesson_main",
        "process_start_join_ms.forkserver_first",
        "sleep_overshoot_ms",
        "gil_hold_ms.1",
        "release_latency_ms",
    ] {
        let row = md
            .lines()
            .find(|l| l.starts_with(&format!("| {case} |")))
            .unwrap_or_else(|| panic!("{case} missing:\n{md}"));
        // The error, and the same case in the profile's own run with the machine's drift.
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert!(cells[7].ends_with(" %"), "{row}");
        assert!(cells[8].ends_with(" %)"), "{row}");
    }
    assert!(md.contains("Calibration cases outside the goal:"));
    assert!(md.ends_with("## Why (hand-written)\n\nkept.\n"), "{md}");
    assert!(!md.contains("old table"));
    // Written again, the report has its tables once and the hand-written section once.
    let o = write();
    assert!(o.status.success());
    let again = std::fs::read_to_string(&out).unwrap();
    assert_eq!(again.matches("## Calibration cases").count(), 1, "{again}");
    assert_eq!(again.matches("## Why (hand-written)").count(), 1, "{again}");
    let o = gil_sim(&[
        "fidelity",
        "--runs",
        "1",
        "--python",
        "/nonexistent/python9",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The command list and each command's help show the command's own words (the doc of
/// `export` was once merged into `check`'s).
#[test]
fn help_shows_each_commands_own_text() {
    let o = gil_sim(&["--help"]);
    assert!(o.status.success());
    let text = stdout(&o);
    let line = |cmd: &str| {
        text.lines()
            .find(|l| l.trim_start().starts_with(&format!("{cmd} ")))
            .unwrap_or_else(|| panic!("no {cmd} in:\n{text}"))
            .to_string()
    };
    assert!(
        line("export").contains("Write a preset or scenario in another form"),
        "{text}"
    );
    let check = line("check");
    assert!(check.contains("Run a program in real CPython"), "{text}");
    assert!(!check.contains("Write a preset"), "{text}");
    for (cmd, want) in [
        (
            "export",
            &["in another form", "metrics-csv", "Perfetto"][..],
        ),
        (
            "check",
            &[
                "Run a program in real CPython",
                "--timeout <SECONDS>",
                "[default: 120]",
                "--show-output",
                "-I",
            ],
        ),
        (
            "fidelity",
            &["--timeout <SECONDS>", "--calibration-timeout"],
        ),
    ] {
        let o = gil_sim(&[cmd, "--help"]);
        let help = stdout(&o);
        for w in want {
            assert!(help.contains(w), "{cmd} --help lacks {w:?}:\n{help}");
        }
    }
}

/// The CLI follows the project's rules: no file over 600 lines, each opening with its module
/// doc, and no global but the signal cleanup's registry (inputs such as the machine profile are
/// passed explicitly).
#[test]
fn the_cli_has_short_documented_files_and_no_globals() {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    for e in std::fs::read_dir(src).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(text.starts_with("//!"), "{name}: no module doc");
        let n = text.lines().count();
        assert!(n <= 600, "{name}: {n} lines");
        for l in text.lines() {
            let l = l.trim_start();
            let global = l.starts_with("static ") || l.contains(" static ") && !l.starts_with("//");
            assert!(!global || name == "cleanup.rs", "{name}: a global: {l}");
        }
    }
}
