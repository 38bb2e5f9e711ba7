//! The scenario as a Python program: every preset and random valid scenarios survive
//! scenario -> Python -> scenario unchanged; bad programs get their line and column; no text
//! panics the reader; every preset's program runs in real CPython.

use gil_sim::python::{from_python, to_python};
use gil_sim::trace::DONE_STEP;
use gil_sim::*;

#[test]
fn every_preset_round_trips_exactly() {
    for p in presets::all() {
        let text = to_python(&p.scenario).text;
        let (back, map) = from_python(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", p.name));
        assert_eq!(back, p.scenario, "{}\n{text}", p.name);
        let a = trace_hash(&simulate(&p.scenario).unwrap());
        let b = trace_hash(&simulate(&back).unwrap());
        assert_eq!(a, b, "{}", p.name);
        assert_eq!(
            map.threads.len(),
            back.processes
                .iter()
                .map(|p| p.threads.len())
                .sum::<usize>()
        );
        // Every step a thread begins in the run is on a line of the program.
        let tr = simulate(&back).unwrap();
        for (t, marks) in tr.steps.iter().enumerate() {
            assert!(
                marks.marks().windows(2).all(|w| w[0].0 < w[1].0),
                "{}: marks out of order",
                p.name
            );
            for &(_, s) in marks.marks() {
                assert!(
                    s == DONE_STEP || map.line_of(t as u32, s).is_some(),
                    "{}: thread {t} step {s} has no line",
                    p.name
                );
            }
        }
    }
}

mod common;
use common::*;
use proptest::prelude::*;

fn round_trip(sc: &Scenario) -> Result<(), TestCaseError> {
    let text = to_python(sc).text;
    let back = from_python(&text);
    prop_assert!(back.is_ok(), "{}\n{text}", back.unwrap_err());
    let (back, map) = back.unwrap();
    prop_assert_eq!(&back, sc, "{}", text);
    // Every step has a line, and the line holds that step's kind of statement.
    for (t, lines) in map.threads.iter().enumerate() {
        let (pi, ti) = locate(&back, t);
        let n = gil_sim::python::step_count(&back.processes[pi].threads[ti].program);
        prop_assert_eq!(lines.len() as u32, n);
        let total = text.lines().count() as u32;
        prop_assert!(lines.iter().all(|&l| l >= 1 && l <= total));
    }
    Ok(())
}

fn locate(sc: &Scenario, t: usize) -> (usize, usize) {
    let mut k = t;
    for (pi, p) in sc.processes.iter().enumerate() {
        if k < p.threads.len() {
            return (pi, k);
        }
        k -= p.threads.len();
    }
    panic!("thread {t} out of range");
}

/// Names with quotes, backslashes, newlines, spaces, non-ASCII and Python keywords.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z_][a-zA-Z0-9_-]{0,12}",
        Just("class".to_string()),
        Just("main".to_string()),
        Just("t_x".to_string()),
        ".{1,12}",
        "[ \"'\\\\\n\r\tåé中-]{1,8}",
    ]
    .prop_filter("1..=64 bytes", |s| !s.is_empty() && s.len() <= 64)
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z ,.?]{1,200}",
        ".{0,80}",
        "[ \"'\\\\\n]{0,10}",
        Just("ends with a quote\"".to_string()),
        Just("has \"\"\" inside".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, .. ProptestConfig::default() })]

    #[test]
    fn random_valid_scenarios_round_trip(g in gen_strategy()) {
        let sc = Scenario::from_json(&build(&g)).unwrap();
        round_trip(&sc)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, .. ProptestConfig::default() })]

    #[test]
    fn any_names_and_texts_round_trip(
        g in gen_strategy(),
        names in prop::collection::vec(name(), 12),
        texts in prop::collection::vec(text(), 3),
        lock in name(),
    ) {
        let mut sc = Scenario::from_json(&build(&g)).unwrap();
        sc.name = texts[0].chars().take(60).collect();
        sc.question = texts[1].clone();
        sc.lesson = texts[2].clone();
        // Rename processes, threads and locks (unique names), keeping references consistent.
        let mut k = 0;
        let mut pmap = std::collections::HashMap::new();
        for (pi, p) in sc.processes.iter_mut().enumerate() {
            let new = format!("{}{pi}", names[k % names.len()]).chars().take(60).collect::<String>();
            k += 1;
            pmap.insert(p.name.clone(), new.clone());
            p.name = new;
        }
        for p in sc.processes.iter_mut() {
            let mut tmap = std::collections::HashMap::new();
            for (ti, t) in p.threads.iter_mut().enumerate().skip(1) {
                let new = format!("{}{ti}", names[k % names.len()]).chars().take(60).collect::<String>();
                k += 1;
                tmap.insert(t.name.clone(), new.clone());
                t.name = new;
            }
            for t in p.threads.iter_mut() {
                rename(&mut t.program, &pmap, &tmap, &lock);
            }
        }
        prop_assume!(sc.validate().is_ok());
        round_trip(&sc)?;
    }

    #[test]
    fn random_text_never_panics(s in ".{0,300}") {
        let _ = from_python(&s);
    }

    #[test]
    fn mutated_preset_programs_never_panic(idx in 0usize..64, cuts in prop::collection::vec((any::<u16>(), any::<u8>(), 0u8..6), 1..4)) {
        let all = presets::all();
        let p = &all[idx % all.len()];
        let mut text: Vec<char> = to_python(&p.scenario).text.chars().collect();
        for (pos, byte, kind) in cuts {
            if text.is_empty() { break; }
            let at = pos as usize % text.len();
            match kind {
                0 => { text.remove(at); }
                1 => text.insert(at, byte as char),
                2 => text[at] = b"0123456789"[byte as usize % 10] as char,
                3 => text[at] = b"()[]\",:.= \n"[byte as usize % 11] as char,
                4 => text.splice(at..at, "99999999999".chars()).for_each(drop),
                _ => text.splice(at..at, "    ".chars()).for_each(drop),
            }
        }
        let text: String = text.into_iter().collect();
        if let Ok((sc, _)) = from_python(&text) {
            // Whatever it accepted, written back, reads to the same scenario.
            let again = from_python(&to_python(&sc).text).map(|(s, _)| s);
            prop_assert_eq!(again, Ok(sc));
        }
    }
}

fn rename(
    steps: &mut [Step],
    pmap: &std::collections::HashMap<String, String>,
    tmap: &std::collections::HashMap<String, String>,
    lock: &str,
) {
    for s in steps {
        match s {
            Step::StartThread { thread } | Step::JoinThread { thread } => {
                *thread = tmap[thread.as_str()].clone()
            }
            Step::StartProcess { process } | Step::JoinProcess { process } => {
                *process = pmap[process.as_str()].clone()
            }
            Step::Acquire { lock: l } | Step::Release { lock: l } => {
                *l = format!("{lock}{l}").chars().take(60).collect()
            }
            Step::Repeat { body, .. } => rename(body, pmap, tmap, lock),
            Step::Asyncio { tasks } => {
                for (i, t) in tasks.iter_mut().enumerate() {
                    t.name = format!("{lock}{i}").chars().take(60).collect();
                    rename(&mut t.program, pmap, tmap, lock);
                }
            }
            _ => {}
        }
    }
}

/// A small valid program the bad ones below are made from.
const GOOD: &str = r#"import threading
import time

from gil_lab import cpu, io

lock = threading.Lock()


def worker():
    for _ in range(3):
        cpu(0.01)
        with lock:
            io(0.002)


def main():
    t = threading.Thread(target=worker, name="worker")
    t.start()
    time.sleep(0.005)
    t.join()


if __name__ == "__main__":
    main()
"#;

#[test]
fn the_small_program_reads_and_maps_its_lines() {
    let (sc, map) = from_python(GOOD).unwrap();
    let p = &sc.processes[0];
    assert_eq!(p.name, "main");
    assert_eq!(p.threads[1].name, "worker");
    // main: start (18), sleep (19), join (20); worker: for (10), cpu (11), with (12), io (13), with (12).
    assert_eq!(map.threads[0], vec![18, 19, 20]);
    assert_eq!(map.threads[1], vec![10, 11, 12, 13, 12]);
    assert_eq!(map.defs, vec![16, 9]);
    assert_eq!(map.steps_on_line(12), vec![(1, 2), (1, 4)]);
}

#[test]
fn bad_programs_name_their_line_and_column() {
    // (what to replace in GOOD, with what, expected line, col, words in the message)
    let cases: &[(&str, &str, u32, u32, &str)] = &[
        (
            "        cpu(0.01)",
            "        print(1)",
            11,
            9,
            "a function body may hold cpu(s)",
        ),
        (
            "        cpu(0.01)",
            "        cpu(0.01",
            11,
            12,
            "never closed",
        ),
        (
            "        cpu(0.01)",
            "        cpu(-1)",
            11,
            13,
            "expected a value, found '-'",
        ),
        (
            "        cpu(0.01)",
            "        cpu(1e-10)",
            11,
            13,
            "whole number of nanoseconds",
        ),
        (
            "        cpu(0.01)",
            "        cpu(0)",
            11,
            1,
            "duration must be > 0",
        ),
        (
            "        cpu(0.01)",
            "        cpu(\"x\")",
            11,
            13,
            "number of seconds",
        ),
        (
            "        with lock:",
            "      with lock:",
            12,
            7,
            "does not match any outer level",
        ),
        ("        cpu(0.01)", "\tcpu(0.01)", 11, 1, "tab"),
        (
            "    for _ in range(3):",
            "    for _ in range(0):",
            10,
            1,
            "must be > 0",
        ),
        (
            "    for _ in range(3):",
            "    while True:",
            10,
            5,
            "`while` is not part",
        ),
        (
            "        with lock:",
            "        with other:",
            12,
            14,
            "`other` is not a lock",
        ),
        (
            "import time\n",
            "",
            18,
            5,
            "`time` is used but not imported",
        ),
        (
            "from gil_lab import cpu, io",
            "from gil_lab import cpu, io, numpy",
            4,
            30,
            "gil_lab has no `numpy`",
        ),
        (
            "import threading",
            "import os",
            1,
            1,
            "imports only asyncio",
        ),
        (
            "    t.join()",
            "    u.join()",
            20,
            5,
            "`u` is not a thread or process",
        ),
        (
            "name=\"worker\")",
            "name=\"worker\", daemon=1)",
            17,
            63,
            "daemon= must be True or False",
        ),
        ("name=\"worker\")", ")", 17, 9, "name= is missing"),
        (
            "target=worker",
            "target=nobody",
            17,
            9,
            "no function named `nobody`",
        ),
        ("    t.start()\n", "", 17, 1, "never started"),
        (
            "    main()",
            "    mian()",
            24,
            5,
            "no function named `mian`",
        ),
        (
            "if __name__ == \"__main__\":\n    main()\n",
            "",
            16,
            1,
            "needs `if __name__ == \"__main__\":`",
        ),
        (
            "    time.sleep(0.005)",
            "    await async_io(0.005)",
            19,
            5,
            "`await` is only allowed inside `async def`",
        ),
        (
            "    time.sleep(0.005)",
            "    x = 5",
            19,
            5,
            "only threads and processes can be created here",
        ),
        (
            "    time.sleep(0.005)",
            "    time.sleep(0.005) time.sleep(1)",
            19,
            23,
            "one statement per line",
        ),
        (
            "def worker():",
            "def worker(n):",
            9,
            12,
            "take no parameters",
        ),
        (
            "lock = threading.Lock()",
            "lock = 5",
            6,
            8,
            "only locks are created",
        ),
    ];
    let mut wrong = Vec::new();
    for &(from, to, line, col, words) in cases {
        assert!(GOOD.contains(from), "{from:?} is not in the program");
        let text = GOOD.replacen(from, to, 1);
        let e = from_python(&text).expect_err(&format!("{to:?} should be refused"));
        if !e.message.contains(words) || (e.line, e.col) != (line, col) {
            wrong.push(format!(
                "{to:?}: got line {}, col {}: {}\n    wanted line {line}, col {col}: ...{words}...",
                e.line, e.col, e.message
            ));
        }
        assert_eq!(
            e.to_string(),
            format!("line {}, col {}: {}", e.line, e.col, e.message)
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Runs every preset's program in real python3 (with the helper module beside it) under a
/// harness that records which threads start (with their daemon flag) and are joined, and which
/// processes start with which start method, and checks them against the scenario.
#[test]
fn every_preset_program_runs_in_real_python() {
    let dir = std::env::temp_dir().join(format!("gil-lab-python-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("gil_lab.py"), gil_sim::python::HELPER_MODULE).unwrap();
    let harness = r#"
import json, multiprocessing, runpy, sys, threading
log = []
start, join = threading.Thread.start, threading.Thread.join
def s(self):
    log.append(["start", self.name, self.daemon]); return start(self)
def j(self, *a, **k):
    log.append(["join", self.name]); return join(self, *a, **k)
threading.Thread.start, threading.Thread.join = s, j
pstart = multiprocessing.process.BaseProcess.start
def ps(self):
    log.append(["process", self.name, type(self)._start_method or "fork"]); return pstart(self)
multiprocessing.process.BaseProcess.start = ps
sys.argv = [sys.argv[1]]
runpy.run_path(sys.argv[0], run_name="__main__")
print(json.dumps(log))
"#;
    for p in presets::all() {
        let prog = dir.join(format!("{}.py", p.name));
        std::fs::write(&prog, to_python(&p.scenario).text).unwrap();
        let out = std::process::Command::new("python3")
            .current_dir(&dir)
            .args(["-c", harness, prog.to_str().unwrap()])
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "{}: python3 exited with {}\n{}",
            p.name,
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        let log: Vec<serde_json::Value> =
            serde_json::from_str(stdout.lines().last().unwrap_or("[]")).unwrap();
        let main = &p.scenario.processes[0];
        for t in &main.threads[1..] {
            let started = log
                .iter()
                .any(|e| e[0] == "start" && e[1] == t.name.as_str() && e[2] == t.daemon);
            assert!(
                started,
                "{}: thread {} (daemon {}) did not start: {log:?}",
                p.name, t.name, t.daemon
            );
        }
        let joins = |name: &str| log.iter().any(|e| e[0] == "join" && e[1] == name);
        for t in &main.threads[1..] {
            let joined_in_model = main.threads[0]
                .program
                .iter()
                .any(|s| matches!(s, Step::JoinThread { thread } if *thread == t.name));
            assert_eq!(
                joins(&t.name),
                joined_in_model,
                "{}: join of {}",
                p.name,
                t.name
            );
        }
        for c in &p.scenario.processes[1..] {
            let m = serde_json::to_value(c.start_method).unwrap();
            let started = log
                .iter()
                .any(|e| e[0] == "process" && e[1] == c.name.as_str() && e[2] == m);
            assert!(
                started,
                "{}: process {} ({m}) did not start: {log:?}",
                p.name, c.name
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_trace_says_which_line_each_thread_is_on() {
    let (sc, map) = from_python(GOOD).unwrap();
    let tr = simulate(&sc).unwrap();
    let lines = |t: u32| -> Vec<Option<u32>> {
        tr.steps[t as usize]
            .marks()
            .iter()
            .map(|&(_, s)| map.line_of(t, s))
            .collect()
    };
    // The worker: cpu (11), io under the lock (13), three times; then done (no line).
    assert_eq!(
        lines(1),
        vec![
            Some(11),
            Some(13),
            Some(11),
            Some(13),
            Some(11),
            Some(13),
            None
        ]
    );
    // main: start (18), sleep (19), join (20), done.
    assert_eq!(lines(0), vec![Some(18), Some(19), Some(20), None]);
    // While the worker sleeps in io() it is on line 13.
    let (step, since) = tr.steps[1].at(tr.steps[1].marks()[1].0 + 1).unwrap();
    assert_eq!(map.line_of(1, step), Some(13));
    assert!(since > 0);
    // The next time line 11 starts after the first io began.
    let ids: Vec<u32> = map.steps_on_line(11).into_iter().map(|(_, s)| s).collect();
    assert_eq!(
        tr.steps[1].next_start(since, &ids),
        Some(tr.steps[1].marks()[2].0)
    );
    // An untraced run records none.
    assert!(
        simulate_untraced(&sc)
            .unwrap()
            .steps
            .iter()
            .all(|s| s.marks().is_empty())
    );
}

#[test]
fn a_thread_that_starts_another_uses_it_through_a_global_and_runs_in_python() {
    let sc = Scenario::from_json(
        r#"{"version": 1, "processes": [{"name": "main", "threads": [
            {"name": "MainThread", "program": [{"op": "start_thread", "thread": "a"}, {"op": "join_thread", "thread": "a"}]},
            {"name": "a", "program": [{"op": "start_thread", "thread": "b"}, {"op": "cpu", "ns": 1000000}, {"op": "join_thread", "thread": "b"}]},
            {"name": "b", "daemon": true, "program": [{"op": "sleep", "ns": 2000000}]}]}]}"#,
    )
    .unwrap();
    let text = to_python(&sc).text;
    assert!(text.contains("    global t_b\n"), "{text}");
    assert_eq!(from_python(&text).unwrap().0, sc);
    // Without the global, CPython would raise NameError: the reader says so first.
    let e = from_python(&text.replace("    global t_b\n", "")).unwrap_err();
    assert!(e.message.contains("add `global t_b`"), "{e}");
    let dir = std::env::temp_dir().join(format!("gil-lab-global-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("gil_lab.py"), gil_sim::python::HELPER_MODULE).unwrap();
    std::fs::write(dir.join("prog.py"), &text).unwrap();
    let out = std::process::Command::new("python3")
        .current_dir(&dir)
        .arg("prog.py")
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// docs/python.md's complete programs (```python blocks) read and run as the page says.
#[test]
fn the_docs_programs_read_and_run() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/python.md"))
        .unwrap();
    let mut n = 0;
    for block in doc.split("```python\n").skip(1) {
        let text = block.split("\n```").next().unwrap();
        let (sc, _) = from_python(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        simulate(&sc).unwrap();
        n += 1;
    }
    assert!(n >= 1, "docs/python.md has a complete program");
}

#[test]
fn hostile_programs_are_refused_without_deep_recursion_or_unbounded_work() {
    // A 200 KB chain of attributes or calls: refused at the cap, no stack overflow.
    for link in [".b", "()"] {
        let text = format!("x{}\n", link.repeat(100_000));
        let e = from_python(&text).unwrap_err();
        assert!(e.message.contains("nested more than 64"), "{e}");
    }
    let deep = format!("{}1{}\n", "(".repeat(63), ")".repeat(63));
    assert!(from_python(&deep).is_err());
    // A short text whose threads would copy one body past MAX_STEPS: refused while building.
    let mut text = String::from("import threading\nfrom gil_lab import cpu\n\ndef f():\n");
    for _ in 0..1000 {
        text.push_str("    cpu(1)\n");
    }
    text.push_str("\ndef main():\n");
    for i in 0..2100 {
        text.push_str(&format!(
            "    t{i} = threading.Thread(target=f, name=\"t{i}\")\n"
        ));
    }
    for i in 0..2100 {
        text.push_str(&format!("    t{i}.start()\n"));
    }
    text.push_str("\nif __name__ == \"__main__\":\n    main()\n");
    let e = from_python(&text).unwrap_err();
    assert!(e.message.contains("more than 2000000 steps"), "{e}");
    // A thread declared inside a loop is named as such.
    let looped = GOOD.replace(
        "    t = threading.Thread(target=worker, name=\"worker\")\n",
        "    for _ in range(2):\n        t = threading.Thread(target=worker, name=\"worker\")\n",
    );
    let e = from_python(&looped).unwrap_err();
    assert!(
        e.message
            .contains("at the top level of the process's main function"),
        "{e}"
    );
    // Names a program cannot use.
    for bad in ["__name__", "_", "time", "cpu"] {
        let text = GOOD.replace(
            "lock = threading.Lock()",
            &format!("{bad} = threading.Lock()"),
        );
        let e = from_python(&text).unwrap_err();
        assert!(e.message.contains("is taken"), "{bad}: {e}");
    }
}

#[test]
fn awkward_lock_names_get_distinct_variables_and_the_program_runs_in_python() {
    let names = [
        "a b", "lock_a_b", "_", "__name__", "main", "t_x", "work", "cpu",
    ];
    let mut body = Vec::new();
    for n in names {
        body.push(format!(r#"{{"op": "acquire", "lock": {n:?}}}"#));
        body.push(r#"{"op": "cpu", "ns": 1000000}"#.to_string());
        body.push(format!(r#"{{"op": "release", "lock": {n:?}}}"#));
    }
    let sc = Scenario::from_json(&format!(
        r#"{{"version": 1, "processes": [{{"name": "main", "threads": [{{"name": "MainThread", "program": [{}]}}]}}]}}"#,
        body.join(",")
    ))
    .unwrap();
    let text = to_python(&sc).text;
    let (back, _) = from_python(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, sc, "{text}");
    let dir = std::env::temp_dir().join(format!("gil-lab-locks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("gil_lab.py"), gil_sim::python::HELPER_MODULE).unwrap();
    std::fs::write(dir.join("prog.py"), &text).unwrap();
    let out = std::process::Command::new("python3")
        .current_dir(&dir)
        .args([
            "-c",
            // Counts the cpu() calls: main() must really run (a lock named `__name__` would
            // silently skip the `__main__` guard).
            "import runpy, gil_lab\nn = [0]\nreal = gil_lab.cpu\ndef cpu(s):\n    n[0] += 1\n    real(s)\ngil_lab.cpu = cpu\nrunpy.run_path('prog.py', run_name='__main__')\nprint('cpu calls', n[0])",
        ])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("cpu calls 8"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every preset's program runs in real python3 with `--record`, and its recording reads back
/// (every check passes), names its program, draws as a trace and matches every thread of the
/// model's run by process and thread name.
#[test]
fn every_preset_records_in_real_python_and_its_run_imports() {
    use gil_sim::measured::{Recording, check, measured_trace};
    let dir = std::env::temp_dir().join(format!("gil-lab-record-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("gil_lab.py"), gil_sim::python::HELPER_MODULE).unwrap();
    for p in presets::all() {
        let prog = format!("{}.py", p.name);
        let program = to_python(&p.scenario).text;
        std::fs::write(dir.join(&prog), &program).unwrap();
        let out = std::process::Command::new("python3")
            .current_dir(&dir)
            .args([prog.as_str(), "--record", "run.json"])
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "{}: {}",
            p.name,
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(dir.join("run.json")).unwrap();
        let rec = Recording::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        // It names its program, and its structure is the program's.
        assert_eq!(rec.of_program(&program), Ok(vec![]), "{}", p.name);
        let mut unnamed = rec.clone();
        unnamed.program_sha256 = None;
        let w = unnamed
            .of_program(&program)
            .unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert_eq!(
            w.len(),
            1,
            "{}: only the structural-match warning: {w:?}",
            p.name
        );
        assert!(
            !dir.join("run.json.parts").exists(),
            "{}: the parts are merged",
            p.name
        );
        let measured = measured_trace(&rec);
        let predicted = simulate(&p.scenario).unwrap();
        let c = check(&predicted, &metrics(&predicted), &measured, &rec);
        // The wall time, then one row per thread of the model, each measured too.
        assert_eq!(
            c.rows.len(),
            1 + predicted.threads.len(),
            "{}: {:?}",
            p.name,
            c.rows
        );
        for r in &c.rows {
            assert!(
                r.measured_ns.is_some_and(|m| m > 0),
                "{}: {r:?} was not measured",
                p.name
            );
            assert!(r.predicted_ns.is_some(), "{}: {r:?}", p.name);
        }
        // Every thread lane is contiguous and ends done or killed; the GIL lane names threads of
        // its own process.
        for (i, lane) in measured.thread_spans.iter().enumerate() {
            let last = lane
                .last()
                .unwrap_or_else(|| panic!("{}: thread {i} has no lane", p.name));
            assert!(
                matches!(last.state, State::Done | State::Killed),
                "{}: {last:?}",
                p.name
            );
        }
        for (g, lane) in measured.gil_spans.iter().enumerate() {
            for s in lane.iter().filter(|s| s.state == State::Held) {
                let t = s.thread.unwrap() as usize;
                assert_eq!(
                    measured.threads[t].process, measured.gils[g].process,
                    "{}",
                    p.name
                );
            }
        }
        // CPU-bound work shows as GIL holding. Not "most of it": on a machine busy with other
        // work (a newcomer's `./dev test` beside a build) the OS preempts the run, and the
        // measured lane cannot tell that wait from a GIL wait, so only a lane that draws almost
        // none of the work as holding is wrong whatever the load.
        let held: u64 = measured.threads.iter().map(|t| t.work_ns).sum();
        let cpu: u64 = p
            .scenario
            .processes
            .iter()
            .flat_map(|p| &p.threads)
            .map(|t| cpu_of(&t.program))
            .sum();
        if cpu >= 20_000_000 && !matches!(p.name, "convoy" | "daemon-threads") {
            assert!(
                held > cpu / 10,
                "{}: {held} ns held for {cpu} ns of CPU work",
                p.name
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// CPU work of a program, with repeats.
fn cpu_of(steps: &[Step]) -> u64 {
    steps
        .iter()
        .map(|s| match s {
            Step::Cpu { ns } => *ns,
            Step::Repeat { count, body } => u64::from(*count) * cpu_of(body),
            Step::Asyncio { tasks } => tasks.iter().map(|t| cpu_of(&t.program)).sum(),
            _ => 0,
        })
        .sum()
}

#[test]
fn bad_recordings_name_their_field() {
    use gil_sim::measured::Recording;
    let ok = r#"{"version": 1, "clock": "perf_counter_ns", "python": "3.11.7", "platform": "linux", "cpus": 2,
        "processes": [{"name": "main", "pid": 1, "start_ns": 10, "end_ns": 100, "threads": [
          {"name": "MainThread", "daemon": false, "start_ns": 10, "end_ns": 90, "steps": [["cpu", 5, 20, 80]], "chunks": [40, 60, 80]}]}]}"#;
    let rec = Recording::from_json(ok).unwrap();
    let tr = gil_sim::measured::measured_trace(&rec);
    assert_eq!(tr.wall_ns, 90);
    for (bad, field) in [
        (ok.replace("\"version\": 1", "\"version\": 2"), "version"),
        (
            ok.replace("[\"cpu\", 5, 20, 80]", "[\"cpu\", 5, 80, 20]"),
            "processes[0].threads[0].steps[0]",
        ),
        (
            ok.replace("\"end_ns\": 100", "\"end_ns\": 1"),
            "processes[0].end_ns",
        ),
        (
            ok.replace("\"pid\": 1", "\"pid\": \"x\""),
            "processes[0].pid",
        ),
        (
            ok.replace("\"daemon\": false,", "\"daemon\": false, \"extra\": 1,"),
            "processes[0].threads[0]",
        ),
    ] {
        let e = Recording::from_json(&bad).unwrap_err();
        assert!(e.path.starts_with(field), "{field}: {e}");
    }
}

/// A scenario calibrated to a machine (parallel efficiency, migration, the start path's
/// costs) keeps every figure through its program, and a bad efficiency names what it takes.
#[test]
fn a_calibrated_scenario_round_trips() {
    let p = gil_sim::calibration::shipped().unwrap();
    for name in ["start-methods", "cpu-processes", "io-processes"] {
        let mut sc = presets::get(name).unwrap().scenario;
        p.apply(&mut sc);
        sc.os.migration_ns = 12_000;
        sc.start_costs.resource_tracker_ns = 3_000_000;
        let text = to_python(&sc).text;
        assert!(
            text.contains("parallel_efficiency_permille={1: 1000, 2: "),
            "{text}"
        );
        assert!(text.contains("main_import="), "{text}");
        let (back, _) = from_python(&text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
        assert_eq!(back, sc, "{name}");
    }
    let bad = to_python(&presets::get("cpu-processes").unwrap().scenario)
        .text
        .replacen("model(", "model(parallel_efficiency_permille={2: 900}, ", 1);
    let e = from_python(&bad).unwrap_err().to_string();
    assert!(e.contains("busy cores 1, 2"), "{e}");
    // Busy cores are numbers, processes are names: neither dict takes the other's keys.
    let text = to_python(&presets::get("cpu-processes").unwrap().scenario).text;
    for (kwarg, what) in [
        ("parallel_efficiency_permille={\"1\": 1000}, ", "busy cores"),
        ("interpreters={1: 2}, ", "process names"),
    ] {
        let e = from_python(&text.replacen("model(", &format!("model({kwarg}"), 1))
            .unwrap_err()
            .to_string();
        assert!(e.contains(what), "{kwarg}: {e}");
    }
}
