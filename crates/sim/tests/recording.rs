//! Recordings of real CPython runs as untrusted input: a recording names its program and is
//! refused beside another one; impossible times, a process tree that is not one, duplicate
//! names and pids, and times past what a trace holds are refused naming their field; nothing
//! overflows; and the helper module's own recordings (processes, asyncio, a killed daemon,
//! every start method, an unjoined process, runpy, the environment variable) pass every check.

use gil_sim::measured::{RecProcess, RecStep, RecThread, Recording, check, measured_trace};
use gil_sim::python::to_python;
use gil_sim::*;
use serde_json::{Value, json};

/// A valid recording: a main process (a main thread that starts a thread, a daemon and a
/// process, computes, awaits two overlapping asyncio tasks and joins) and one child.
fn base() -> Value {
    json!({
        "version": 1, "clock": "perf_counter_ns", "python": "3.11.7", "platform": "linux",
        "cpus": 2,
        "processes": [
            {"name": "main", "pid": 10, "start_ns": 1000, "end_ns": 100_000, "threads": [
                {"name": "MainThread", "daemon": false, "start_ns": 1000, "end_ns": 99_000,
                 "steps": [
                    ["start_thread", 20, 2000, 3000, "worker"],
                    ["start_process", 21, 3000, 9000, "child"],
                    ["cpu", 22, 9000, 20_000, null, 10_000, 11_000],
                    ["cpu", 22, 25_000, 30_000, null, 5000, 5000],
                    ["await_io", 23, 20_000, 40_000, "task-1"],
                    ["await_io", 23, 21_000, 41_000, "task-2"],
                    ["join_process", 24, 41_000, 90_000, "child"],
                    ["join_thread", 25, 90_000, 95_000, "worker"]],
                 "chunks": [10_000, 15_000, 20_000, 27_000, 30_000]},
                {"name": "worker", "daemon": false, "start_ns": 2500, "end_ns": 60_000,
                 "steps": [["io", 30, 3000, 50_000]], "chunks": []},
                {"name": "heartbeat", "daemon": true, "start_ns": 2600, "end_ns": null,
                 "steps": [["sleep", 40, 2700, 99_500]], "chunks": []}]},
            {"name": "child", "pid": 11, "start_ns": 5000, "end_ns": 80_000, "threads": [
                {"name": "MainThread", "daemon": false, "start_ns": 5000, "end_ns": 79_000,
                 "steps": [["cpu", 50, 6000, 70_000, null, 60_000, 64_000]],
                 "chunks": [30_000, 70_000]}]}
        ]
    })
}

fn read(v: &Value) -> Result<Recording, ScenarioError> {
    Recording::from_json(&v.to_string())
}

/// What is wrong with the refusal of `v` (none: refused at `path`, saying `why`, in one line).
fn refusal(v: &Value, path: &str, why: &str) -> Option<String> {
    match read(v) {
        Ok(_) => Some(format!("accepted, expected {path}: {why}")),
        Err(e)
            if e.path != path || !e.to_string().contains(why) || e.to_string().contains('\n') =>
        {
            Some(format!("expected {path}: {why}, got {e}"))
        }
        Err(_) => None,
    }
}

fn refused(v: &Value, path: &str, why: &str) {
    if let Some(wrong) = refusal(v, path, why) {
        panic!("{wrong}");
    }
}

fn edited(edit: impl Fn(&mut Value)) -> Value {
    let mut v = base();
    edit(&mut v);
    v
}

#[test]
fn the_base_recording_reads_and_draws() {
    let rec = read(&base()).unwrap();
    let tr = measured_trace(&rec);
    assert_eq!(tr.wall_ns, 99_000);
    assert_eq!(tr.threads.len(), 4);
}

/// Steps, threads, processes and chunks whose times a real run cannot have.
#[test]
fn impossible_times_are_refused_naming_the_field() {
    let main = "processes[0].threads[0]";
    let cases: Vec<(Value, String, &str)> = vec![
        (
            edited(|v| {
                v["processes"][0]["threads"][0]["steps"][2] = json!(["cpu", 22, 20_000, 9000])
            }),
            format!("{main}.steps[2]"),
            "ends (9000) before it starts",
        ),
        (
            edited(|v| v["processes"][0]["threads"][0]["steps"][3][2] = json!(15_000)),
            format!("{main}.steps[3]"),
            "starts before steps[2] ends",
        ),
        (
            edited(|v| {
                let steps = v["processes"][0]["threads"][0]["steps"]
                    .as_array_mut()
                    .unwrap();
                steps.swap(6, 7);
            }),
            format!("{main}.steps[7]"),
            "ends before steps[6] ends",
        ),
        (
            edited(|v| v["processes"][0]["threads"][1]["steps"][0][3] = json!(65_000)),
            "processes[0].threads[1].steps[0]".into(),
            "outside its thread's span",
        ),
        (
            edited(|v| v["processes"][0]["threads"][1]["steps"][0] = json!(["io", 30, 1500, 2000])),
            "processes[0].threads[1].steps[0]".into(),
            "outside its thread's span",
        ),
        (
            edited(|v| v["processes"][0]["threads"][2]["steps"][0][3] = json!(100_500)),
            "processes[0].threads[2].steps[0]".into(),
            "outside its thread's span",
        ),
        (
            edited(|v| v["processes"][0]["threads"][1]["start_ns"] = json!(500)),
            "processes[0].threads[1].start_ns".into(),
            "outside its process's span",
        ),
        (
            edited(|v| v["processes"][0]["threads"][1]["end_ns"] = json!(200_000)),
            "processes[0].threads[1].end_ns".into(),
            "outside",
        ),
        (
            edited(|v| v["processes"][1]["end_ns"] = json!(150_000)),
            "processes[1].end_ns".into(),
            "ends after the main process",
        ),
        (
            edited(|v| v["processes"][1]["start_ns"] = json!(500)),
            "processes[1].start_ns".into(),
            "starts before the main process",
        ),
        (
            edited(|v| v["processes"][0]["threads"][0]["chunks"][1] = json!(9000)),
            format!("{main}.chunks[1]"),
            "before chunks[0]",
        ),
        (
            edited(|v| v["processes"][1]["threads"][0]["chunks"][1] = json!(79_500)),
            "processes[1].threads[0].chunks[1]".into(),
            "after its thread's end",
        ),
        (
            edited(|v| v["processes"][0]["threads"][0]["steps"][3][0] = json!("spin")),
            format!("{main}.steps[3]"),
            "unknown step kind",
        ),
        (
            edited(|v| v["processes"][0]["threads"][0]["steps"][1][4] = Value::Null),
            format!("{main}.steps[1]"),
            "names the process it starts",
        ),
        (
            edited(|v| v["clock"] = json!("time_ns")),
            "clock".into(),
            "perf_counter_ns",
        ),
        (
            edited(|v| v["program_sha256"] = json!("abc")),
            "program_sha256".into(),
            "64 lowercase hex",
        ),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(v, path, why)| refusal(v, path, why))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every process but the first is started by exactly one `start_process` step of another;
/// names and pids are unique; no cycle.
#[test]
fn a_process_tree_that_is_not_one_is_refused() {
    let mut wrong = Vec::new();
    wrong.extend(refusal(
        &edited(|v| {
            v["processes"][1]["name"] = json!("main");
            v["processes"][0]["threads"][0]["steps"][1][4] = json!("main");
        }),
        "processes[1].name",
        "processes[0]'s name too",
    ));
    wrong.extend(refusal(
        &edited(|v| v["processes"][1]["pid"] = json!(10)),
        "processes[1].pid",
        "processes[0]'s pid too",
    ));
    wrong.extend(refusal(
        &edited(|v| v["processes"][0]["threads"][0]["steps"][1][4] = json!("other")),
        "processes[1]",
        "no start_process step starts it",
    ));
    wrong.extend(refusal(
        &edited(|v| {
            let steps = v["processes"][0]["threads"][1]["steps"]
                .as_array_mut()
                .unwrap();
            steps.insert(0, json!(["start_process", 31, 2800, 2900, "child"]));
        }),
        "processes[1]",
        "started by 2 start_process steps",
    ));
    wrong.extend(refusal(
        &edited(|v| {
            let steps = v["processes"][1]["threads"][0]["steps"]
                .as_array_mut()
                .unwrap();
            steps.insert(0, json!(["start_process", 51, 5000, 5500, "main"]));
        }),
        "processes[1].threads[0].steps[0]",
        "starts the main process",
    ));
    wrong.extend(refusal(
        &edited(|v| v["processes"][1]["start_ns"] = json!(2500)),
        "processes[1].start_ns",
        "before processes[0].threads[0].steps[1] that starts it began",
    ));
    // Two processes that start each other, at one instant, and the main process neither.
    let cycle = edited(|v| {
        v["processes"][0]["threads"][0]["steps"][1][4] = json!("nobody");
        let twin = |name: &str, other: &str, pid: u64| {
            json!({"name": name, "pid": pid, "start_ns": 5000, "end_ns": 6000, "threads": [
                {"name": "MainThread", "daemon": false, "start_ns": 5000, "end_ns": 6000,
                 "steps": [["start_process", 1, 5000, 5000, other]], "chunks": []}]})
        };
        v["processes"] = json!([
            v["processes"][0].clone(),
            twin("a", "b", 20),
            twin("b", "a", 21)
        ]);
    });
    wrong.extend(refusal(&cycle, "processes[1]", "cycle"));
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A run longer than the model and its trace hold, and CPU figures past any real step, are
/// refused naming the cap; a recording built by hand with such values still draws without
/// overflow (debug builds used to panic summing them).
#[test]
fn times_past_the_cap_are_refused_and_never_overflow() {
    let hour = gil_sim::measured::MAX_RECORDING_NS;
    refused(
        &edited(|v| {
            // 5000 s: past the trace's 42-bit times (4398 s), which clamped the lifetimes.
            v["processes"][0]["end_ns"] = json!(1000u64 + 5_000_000_000_000);
            v["processes"][0]["threads"][0]["end_ns"] = json!(1000u64 + 5_000_000_000_000);
        }),
        "processes[0].end_ns",
        "MAX_RECORDING_NS",
    );
    refused(
        &edited(|v| {
            v["processes"][0]["threads"][0]["steps"][2][5] = json!(u64::MAX);
            v["processes"][0]["threads"][0]["steps"][3][5] = json!(u64::MAX);
        }),
        "processes[0].threads[0].steps[2]",
        "cpu_ns",
    );
    refused(
        &edited(|v| v["processes"][1]["threads"][0]["steps"][0][6] = json!(hour + 1)),
        "processes[1].threads[0].steps[0]",
        "asked_ns",
    );
    // Exactly an hour is a run the model can simulate: accepted.
    let v = edited(|v| {
        v["processes"][0]["end_ns"] = json!(1000 + hour);
        v["processes"][0]["threads"][0]["end_ns"] = json!(1000 + hour);
    });
    read(&v).unwrap();
    // Built by hand, past every check: no panic, and the ratio is the truth.
    let big = u64::MAX / 2 + 1;
    let step = |t0: u64, t1: u64| RecStep("cpu".into(), 1, t0, t1, None, Some(big), Some(big));
    let rec = Recording {
        version: 1,
        clock: "perf_counter_ns".into(),
        python: "3.11.7".into(),
        platform: "linux".into(),
        cpus: None,
        program_sha256: None,
        processes: vec![RecProcess {
            name: "main".into(),
            pid: 1,
            start_ns: 0,
            end_ns: u64::MAX,
            threads: vec![RecThread {
                name: "MainThread".into(),
                daemon: false,
                start_ns: 0,
                end_ns: Some(u64::MAX),
                steps: vec![step(0, 10), step(10, u64::MAX)],
                chunks: vec![5, u64::MAX / 2, u64::MAX - 1, u64::MAX],
            }],
        }],
    };
    assert_eq!(rec.cpu_got_over_asked(), Some(1.0));
    let tr = measured_trace(&rec);
    assert!(tr.end_ns <= gil_sim::trace::MAX_TRACE_NS);
}

/// A recording says which program it records; beside another program it is refused, naming
/// the field. Without the hash (older helpers), the recorded names must be the program's, and
/// steps at lines with no such step are a warning.
#[test]
fn a_recording_is_compared_with_its_own_program_only() {
    use gil_sim::measured::program_sha256;
    let threads = to_python(&presets::get("cpu-threads").unwrap().scenario).text;
    let asyncio = to_python(&presets::get("io-asyncio").unwrap().scenario).text;
    // What the helper writes for io-asyncio: one main thread, a cpu step and an await.
    let line_of = |kind: &str| {
        let text: Vec<&str> = asyncio.lines().collect();
        let want = match kind {
            "cpu" => "cpu(",
            _ => "await async_io(",
        };
        1 + text
            .iter()
            .position(|l| l.trim_start().starts_with(want))
            .unwrap() as u32
    };
    let rec = |hash: Option<String>, thread: &str, io_line: u32| {
        json!({
            "version": 1, "clock": "perf_counter_ns", "python": "3.11.7", "platform": "linux",
            "program_sha256": hash,
            "processes": [{"name": "main", "pid": 1, "start_ns": 0, "end_ns": 100, "threads": [
                {"name": thread, "daemon": false, "start_ns": 0, "end_ns": 90,
                 "steps": [["cpu", line_of("cpu"), 1, 10], ["await_io", io_line, 10, 50, "task-1"]],
                 "chunks": []}]}]
        })
    };
    let io = line_of("await_io");
    // With its hash: this program only.
    let own = read(&rec(Some(program_sha256(&asyncio)), "MainThread", io)).unwrap();
    assert_eq!(own.of_program(&asyncio), Ok(vec![]));
    // An editor's line ends and last newline do not change the program.
    let crlf = format!("\u{feff}{}\r\n\r\n", asyncio.replace('\n', "\r\n"));
    assert_eq!(own.of_program(&crlf), Ok(vec![]));
    let e = own.of_program(&threads).unwrap_err();
    assert_eq!(e.path, "program_sha256");
    assert!(e.to_string().contains("another program"), "{e}");
    // Without: matched by structure.
    let old = read(&rec(None, "MainThread", io)).unwrap();
    let w = old.of_program(&asyncio).unwrap();
    assert!(
        w.len() == 1 && w[0].contains("does not name its program"),
        "{w:?}"
    );
    // cpu-threads has a main process and a main thread too, but no step at these lines.
    let e = old.of_program(&threads).unwrap_err();
    assert_eq!(e.path, "processes[0].threads[0].steps[0]", "{e}");
    assert!(e.to_string().contains("another program"), "{e}");
    let e = read(&rec(None, "worker-9", io))
        .unwrap()
        .of_program(&asyncio)
        .unwrap_err();
    assert!(
        e.to_string().contains("no thread named \"worker-9\""),
        "{e}"
    );
    let moved = read(&rec(None, "MainThread", io + 1)).unwrap();
    let e = moved.of_program(&asyncio).unwrap_err();
    assert_eq!(e.path, "processes[0].threads[0].steps[1]", "{e}");
    assert!(e.to_string().contains("await_io step at line"), "{e}");
    // A join at a line with none: multiprocessing's own join at exit, a warning.
    let mut join = rec(None, "MainThread", io);
    join["processes"][0]["threads"][0]["steps"]
        .as_array_mut()
        .unwrap()
        .push(json!(["join_process", 357, 60, 80, "child"]));
    let w = read(&join).unwrap().of_program(&asyncio).unwrap();
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w[1].contains("processes[0].threads[0].steps[2], line 357"),
        "{w:?}"
    );
}

/// The helper module's own recordings pass every check, and match their program.
#[test]
fn real_recordings_pass_every_check() {
    let dir = std::env::temp_dir().join(format!("gil-lab-recording-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("gil_lab.py"), gil_sim::python::HELPER_MODULE).unwrap();
    let mut programs: Vec<(String, String)> = [
        "cpu-processes",
        "io-asyncio",
        "daemon-threads",
        "start-methods",
    ]
    .iter()
    .map(|n| {
        let text = to_python(&presets::get(n).unwrap().scenario).text;
        (n.to_string(), text)
    })
    .collect();
    programs.push(("edge".into(), EDGE.into()));
    for (name, text) in &programs {
        let prog = format!("{name}.py");
        std::fs::write(dir.join(&prog), text).unwrap();
        let runs: [(&str, Vec<String>, Option<&str>); 3] = [
            (
                "argv",
                vec![prog.clone(), "--record".into(), "run.json".into()],
                None,
            ),
            (
                "runpy",
                vec![
                    "-c".into(),
                    format!("import runpy; runpy.run_path('{prog}', run_name='__main__')"),
                    "--record".into(),
                    "run.json".into(),
                ],
                None,
            ),
            ("env", vec![prog.clone()], Some("run.json")),
        ];
        for (how, args, env) in runs {
            if how != "argv" && name != "edge" && name != "io-asyncio" {
                continue;
            }
            let _ = std::fs::remove_file(dir.join("run.json"));
            let mut cmd = std::process::Command::new("python3");
            cmd.current_dir(&dir)
                .args(&args)
                .env_remove("GIL_LAB_RECORD");
            cmd.env_remove("GIL_LAB_RECORD_MAIN");
            if let Some(path) = env {
                cmd.env("GIL_LAB_RECORD", path);
            }
            let out = cmd.output().expect("python3 runs");
            assert!(
                out.status.success(),
                "{name} ({how}): {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let json = std::fs::read_to_string(dir.join("run.json"))
                .unwrap_or_else(|e| panic!("{name} ({how}): no recording: {e}"));
            let rec = Recording::from_json(&json).unwrap_or_else(|e| panic!("{name} ({how}): {e}"));
            assert_eq!(
                rec.program_sha256.as_deref(),
                Some(gil_sim::measured::program_sha256(text).as_str()),
                "{name} ({how})"
            );
            assert_eq!(rec.of_program(text), Ok(vec![]), "{name} ({how})");
            // The same run as an older helper wrote it: its structure is the program's (but
            // the join of an unjoined process at exit, taken in `multiprocessing`'s code).
            let mut old = rec.clone();
            old.program_sha256 = None;
            let w = old
                .of_program(text)
                .unwrap_or_else(|e| panic!("{name} ({how}): {e}"));
            assert!(
                w[0].contains("does not name its program")
                    && w[1..]
                        .iter()
                        .all(|w| name == "edge" && w.contains("join_process step")),
                "{name} ({how}): {w:?}"
            );
            // The helper notes every thread from its start (a forked child's main thread too,
            // first in its process, ended when its target returned).
            for (pi, p) in rec.processes.iter().enumerate() {
                for t in &p.threads {
                    let first = t.steps.first().map_or(u64::MAX, |s| s.t0());
                    assert!(t.start_ns <= first, "{name} ({how}): {}/{}", p.name, t.name);
                }
                if pi > 0 && !p.threads.is_empty() {
                    assert_eq!(p.threads[0].name, "MainThread", "{name} ({how})");
                    assert!(p.threads[0].end_ns.is_some(), "{name} ({how}): {}", p.name);
                }
            }
            // What the app and the CLI do next.
            let (sc, _) = gil_sim::python::from_python(text).unwrap();
            let predicted = simulate(&sc).unwrap();
            let measured = measured_trace(&rec);
            let c = check(&predicted, &metrics(&predicted), &measured, &rec);
            assert!(c.rows.len() > 1, "{name} ({how})");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A process's record is written as it stood at its end: a daemon thread still running while
/// the record is written adds steps and chunks after that end (and may end or start a thread),
/// which are not part of the run.
#[test]
fn the_helper_writes_a_process_as_it_stood_at_its_end() {
    let dir = std::env::temp_dir().join(format!("gil-lab-part-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("gil_lab.py"), gil_sim::python::HELPER_MODULE).unwrap();
    let script = r#"
import json, gil_lab
me = gil_lab._me()
later = gil_lab._now() + 10**9
me["steps"] += [["cpu", 1, gil_lab._now(), gil_lab._now()], ["cpu", 2, later, later + 5]]
me["chunks"] += [gil_lab._now(), later + 1]
gil_lab._threads["late"] = {"name": "late", "daemon": True, "start_ns": later, "end_ns": None,
                            "steps": [], "chunks": []}
gil_lab._threads["ended"] = {"name": "ended", "daemon": True, "start_ns": gil_lab._now(),
                             "end_ns": later, "steps": [], "chunks": []}
part = gil_lab._part()
print(json.dumps(part))
"#;
    let out = std::process::Command::new("python3")
        .current_dir(&dir)
        .args(["-c", script])
        .env("GIL_LAB_RECORD", dir.join("run.json"))
        .env_remove("GIL_LAB_RECORD_MAIN")
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let part: Value = serde_json::from_slice(&out.stdout).unwrap();
    let end = part["end_ns"].as_u64().unwrap();
    let threads = part["threads"].as_array().unwrap();
    assert_eq!(
        threads.len(),
        2,
        "the thread that starts after the end is left out: {part}"
    );
    let main = &threads[0];
    assert_eq!(main["steps"].as_array().unwrap().len(), 1, "{part}");
    assert_eq!(main["chunks"].as_array().unwrap().len(), 1, "{part}");
    assert!(main["chunks"][0].as_u64().unwrap() <= end);
    assert_eq!(
        threads[1]["end_ns"],
        Value::Null,
        "it had not ended at the end: {part}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A program whose main process leaves its child unjoined (`multiprocessing` joins it at exit)
/// and a CPU-bound daemon running while the records are written; its child starts a thread
/// that outlives the child's main function.
const EDGE: &str = r#"import multiprocessing
import threading

from gil_lab import cpu, model

model(seed=1)


def spin():
    for _ in range(1000):
        cpu(0.01)


def helper():
    cpu(0.03)


def work():
    t_helper = threading.Thread(target=helper, name="helper")
    t_helper.start()
    cpu(0.01)


def main():
    t_spin = threading.Thread(target=spin, name="spin", daemon=True)
    p_child = multiprocessing.get_context("fork").Process(target=work, name="child")
    t_spin.start()
    p_child.start()
    cpu(0.01)


if __name__ == "__main__":
    main()
"#;

/// However long a thread computes, its chunk timestamps stay under the helper's cap (here set
/// to 64 through `GIL_LAB_MAX_CHUNKS`): at the cap every second one goes and from then on
/// every second chunk is noted, so they stay evenly spaced, and the recording reads and draws.
#[test]
fn a_long_run_keeps_its_chunks_under_the_cap_evenly_spaced() {
    let dir = std::env::temp_dir().join(format!("gil-lab-chunks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("gil_lab.py"), gil_sim::python::HELPER_MODULE).unwrap();
    let program = "from gil_lab import cpu, model\n\nmodel(seed=1)\n\n\ndef main():\n    cpu(0.05)\n    cpu(0.05)\n\n\nif __name__ == \"__main__\":\n    main()\n";
    std::fs::write(dir.join("long.py"), program).unwrap();
    let out = std::process::Command::new("python3")
        .current_dir(&dir)
        .args(["long.py", "--record", "run.json"])
        .env("GIL_LAB_MAX_CHUNKS", "64")
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join("run.json")).unwrap();
    let rec = Recording::from_json(&text).unwrap();
    let chunks = &rec.processes[0].threads[0].chunks;
    // About 1000 chunks of ~100 us of CPU were computed (a count, not a time): the cap
    // halved the list and doubled the stride several times.
    assert!(chunks.len() < 64 && chunks.len() >= 16, "{}", chunks.len());
    assert!(chunks.windows(2).all(|w| w[0] <= w[1]));
    assert!(rec.of_program(program).is_ok());
    let _ = gil_sim::measured::measured_trace(&rec);
    let _ = std::fs::remove_dir_all(&dir);
}
