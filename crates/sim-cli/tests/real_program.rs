//! `gil-sim run prog.py` for a real Python program (one that imports no `gil_lab`): GIL Lab's
//! Python runs it under the model. Without `-c` the question; with `-c` the program's output
//! (each line at its time and on its thread), the events and the metrics; `--json` the same
//! with the trace. A GIL Lab scenario program still reads as a scenario.

mod common;

use common::gil_sim;

fn write(name: &str, text: &str) -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("gil-sim-real-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.py"));
    std::fs::write(&path, text).unwrap();
    let s = path.to_str().unwrap().to_string();
    (dir, s)
}

const SLEEPERS: &str = "\
import threading
import time

def download(n):
    time.sleep(0.5)
    print(f'page {n} done')

start = time.perf_counter()
threads = [threading.Thread(target=download, args=(n,)) for n in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f'all done in {time.perf_counter() - start:.1f} s')
";

#[test]
fn a_real_program_asks_first_then_shows_its_output_on_the_models_clock() {
    let (dir, path) = write("sleepers", SLEEPERS);
    let q = gil_sim(&["run", &path]);
    let text = String::from_utf8_lossy(&q.stdout);
    assert!(q.status.success(), "{}", String::from_utf8_lossy(&q.stderr));
    assert!(
        text.contains("QUESTION:") && text.contains("real Python"),
        "{text}"
    );
    assert!(!text.contains("page 0 done"), "{text}");

    let a = gil_sim(&["run", &path, "-c"]);
    let text = String::from_utf8_lossy(&a.stdout);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert!(text.contains("OUTPUT (4 lines)"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("Thread-2 (download)") && l.ends_with("page 1 done")),
        "{text}"
    );
    assert!(text.contains("all done in 0.5 s"), "{text}");
    assert!(text.contains("wall time: 50"), "{text}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn json_carries_each_line_with_its_time_and_thread() {
    let (dir, path) = write("json", SLEEPERS);
    let o = gil_sim(&["run", &path, "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let lines = v["output"].as_array().unwrap();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[3]["text"], "all done in 0.5 s");
    assert_eq!(lines[3]["thread"], 0);
    let t = lines[0]["at_ns"].as_u64().unwrap();
    assert!((500_000_000..510_000_000).contains(&t), "{t}");
    assert_eq!(v["end"]["kind"], "finished");
    assert_eq!(v["trace"]["threads"].as_array().unwrap().len(), 4);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn an_error_in_a_real_program_is_one_line_at_its_place() {
    let (dir, path) = write("bad", "import threading\n\ndef f(:\n    pass\n");
    let o = gil_sim(&["run", &path, "-c"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("line 3"), "{err}");
    let (dir2, path) = write(
        "raises",
        "import threading\nprint('before')\nraise ValueError('no')\n",
    );
    let o = gil_sim(&["run", &path, "-c"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        text.contains("ended with ValueError: no (line 3)"),
        "{text}"
    );
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_dir_all(dir2).unwrap();
}

#[test]
fn a_gil_lab_scenario_program_still_reads_as_a_scenario() {
    let py = gil_sim(&["export", "py", "io-threads"]);
    assert!(py.status.success());
    let (dir, path) = write("scenario", &String::from_utf8_lossy(&py.stdout));
    let o = gil_sim(&["run", &path]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(text.starts_with("SCENARIO"), "{text}");
    std::fs::remove_dir_all(dir).unwrap();
}
