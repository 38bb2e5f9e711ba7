//! Programs run under the model (`gil_python::simulate`): the engine decides who runs, on its
//! cores and its GIL, and the interpreter runs what it is asked for. What a program prints is
//! what it prints run alone (and in CPython); its time is the model's: Python work takes the
//! GIL, a sleep lets it go, the free-threaded build runs threads side by side.

mod common;

use std::path::Path;

use gil_python::{End, OpCosts, Simulated, Simulation, default_scenario, run_alone, simulate};
use gil_sim::{GilMode, Scenario, check_trace};

/// The model's cost of one operation in these tests, ns, whatever its kind (so that the
/// trace's work can be checked against the operations run).
const NS_PER_OP: u64 = 25;

fn scenario(gil: GilMode) -> Scenario {
    let mut sc = default_scenario();
    sc.runtime.gil = gil;
    sc
}

fn run(text: &str, gil: GilMode) -> Simulated {
    let setup = Simulation {
        costs: OpCosts::flat(NS_PER_OP * 1000),
        ..Simulation::new(scenario(gil))
    };
    let s = simulate(text, &setup);
    if let Some(tr) = &s.trace {
        check_trace(tr).unwrap_or_else(|e| panic!("{e}\n{text}"));
    }
    s
}

/// The seconds a program printed after `label ` (its own measure on the model's clock).
fn printed_secs(s: &Simulated, label: &str) -> f64 {
    let line = s
        .lines
        .iter()
        .find(|l| l.text.starts_with(label))
        .unwrap_or_else(|| panic!("no line {label:?} in {:?}", s.stdout));
    line.text[label.len()..].trim().parse().unwrap()
}

#[test]
fn every_language_program_prints_under_the_model_what_it_prints_alone() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lang");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    names.sort();
    assert!(names.len() >= 100, "{}", names.len());
    for path in names {
        let text = std::fs::read_to_string(&path).unwrap();
        let alone = run_alone(&text);
        let model = run(&text, GilMode::New);
        assert_eq!(model.stdout, alone.stdout, "{}", path.display());
        assert_eq!(model.end, alone.end, "{}", path.display());
        let joined: String = model.lines.iter().map(|l| l.text.clone() + "\n").collect();
        assert!(
            joined.starts_with(model.stdout.trim_end_matches(|c| c != '\n')),
            "{}",
            path.display()
        );
    }
}

const COUNTDOWN: &str = "\
import threading
import time

def count(n):
    while n > 0:
        n -= 1

start = time.perf_counter()
count(400_000)
print('one thread', round(time.perf_counter() - start, 4))

start = time.perf_counter()
workers = [threading.Thread(target=count, args=(200_000,)) for _ in range(2)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print('two threads', round(time.perf_counter() - start, 4))
";

#[test]
fn cpu_bound_threads_take_turns_on_the_gil_and_run_side_by_side_without_it() {
    let gil = run(COUNTDOWN, GilMode::New);
    assert_eq!(gil.end, End::Finished, "{}", gil.stdout);
    let (one, two) = (
        printed_secs(&gil, "one thread"),
        printed_secs(&gil, "two threads"),
    );
    // The same work split in two threads is no faster with the GIL...
    assert!(two >= one * 0.95 && two <= one * 1.2, "one {one} two {two}");
    let free = run(COUNTDOWN, GilMode::FreeThreaded);
    let (one_f, two_f) = (
        printed_secs(&free, "one thread"),
        printed_secs(&free, "two threads"),
    );
    // ... and about twice as fast without it, on two cores.
    assert!(
        two_f <= one_f * 0.6,
        "free-threaded: one {one_f} two {two_f}"
    );
    // The free-threaded build's Python runs slower (the scenario's overhead).
    assert!(one_f > one * 1.2, "one {one} free {one_f}");
    // Every thread's work is the operations it ran: the trace accounts for all of them.
    let tr = gil.trace.as_ref().unwrap();
    let work: u64 = tr.threads.iter().map(|t| t.work_ns).sum();
    assert_eq!(work % NS_PER_OP, 0);
    assert!(work as f64 >= 2.0 * one * 1e9 * 0.95, "work {work}");
    assert_eq!(tr.threads.len(), 3);
    assert_eq!(tr.threads[1].name, "Thread-1 (count)");
}

#[test]
fn sleeping_threads_wait_together_and_each_line_comes_from_its_thread() {
    let text = "\
import threading
import time

def fetch(i):
    time.sleep(1 + i / 10)
    print('fetched', i)

start = time.perf_counter()
threads = [threading.Thread(target=fetch, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print('took', round(time.perf_counter() - start, 3))
";
    let s = run(text, GilMode::New);
    assert_eq!(s.end, End::Finished);
    let took = printed_secs(&s, "took");
    assert!((1.3..1.31).contains(&took), "{took}");
    let fetched: Vec<(u32, &str)> = s
        .lines
        .iter()
        .filter(|l| l.text.starts_with("fetched"))
        .map(|l| (l.thread, l.text.as_str()))
        .collect();
    assert_eq!(
        fetched,
        [
            (1, "fetched 0"),
            (2, "fetched 1"),
            (3, "fetched 2"),
            (4, "fetched 3")
        ]
    );
    let times: Vec<u64> = s.lines.iter().map(|l| l.at_ns).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    // The line about thread i comes when its sleep is over.
    assert!((1_300_000_000..1_310_000_000).contains(&s.lines[3].at_ns));
    let tr = s.trace.unwrap();
    assert!((1_300_000_000..1_310_000_000).contains(&tr.wall_ns));
}

#[test]
fn a_lock_with_a_timeout_gives_up_on_the_models_clock() {
    let text = "\
import threading
import time

lock = threading.Lock()

def holder():
    with lock:
        time.sleep(2)

t = threading.Thread(target=holder)
t.start()
time.sleep(0.1)
start = time.perf_counter()
print('got it', lock.acquire(timeout=0.5))
print('waited', round(time.perf_counter() - start, 2))
t.join()
print('then', lock.acquire(timeout=0.5))
";
    let s = run(text, GilMode::New);
    assert_eq!(s.end, End::Finished, "{}", s.stdout);
    assert_eq!(s.stdout, "got it False\nwaited 0.5\nthen True\n");
    assert_eq!(s.stdout, common::cpython(text));
}

#[test]
fn a_daemon_thread_is_stopped_when_the_main_thread_ends() {
    let text = "\
import threading
import time

def tick():
    while True:
        time.sleep(0.25)
        print('tick')

threading.Thread(target=tick, daemon=True).start()
time.sleep(1.1)
print('bye')
";
    let s = run(text, GilMode::New);
    assert_eq!(s.end, End::Finished);
    assert_eq!(s.stdout, "tick\ntick\ntick\ntick\nbye\n");
    let tr = s.trace.unwrap();
    assert!(
        (1_100_000_000..1_110_000_000).contains(&tr.wall_ns),
        "{}",
        tr.wall_ns
    );
}

#[test]
fn a_deadlock_and_a_refusal_in_a_thread_end_the_run_with_one_line() {
    let deadlock = "\
import threading

a = threading.Lock()
b = threading.Lock()

def one():
    with a:
        with b:
            pass

a.acquire()
t = threading.Thread(target=one)
t.start()
t.join()
";
    let s = run(deadlock, GilMode::New);
    let End::Refused(e) = &s.end else {
        panic!("{:?}", s.end)
    };
    assert!(e.message.contains("deadlock"), "{e}");
    assert!(s.trace.is_none());
    let refused = "\
import threading

def work():
    import socket

threading.Thread(target=work).start()
";
    let s = run(refused, GilMode::New);
    let End::Refused(e) = &s.end else {
        panic!("{:?}", s.end)
    };
    assert_eq!(e.line, 4, "{e}");
}

#[test]
fn an_uncaught_exception_in_the_main_thread_ends_the_program_after_its_threads() {
    let text = "\
import threading
import time

def late():
    time.sleep(0.5)
    print('late thread done')

threading.Thread(target=late).start()
print(1 / 0)
";
    let s = run(text, GilMode::New);
    assert_eq!(s.stdout, "late thread done\n");
    let End::Raised(r) = &s.end else {
        panic!("{:?}", s.end)
    };
    assert_eq!((r.kind.as_str(), r.line), ("ZeroDivisionError", 9));
    assert!(s.trace.unwrap().wall_ns >= 500_000_000);
}

#[test]
fn the_programs_switch_interval_is_the_engines() {
    let text = |interval: &str| {
        format!(
            "import sys\nimport threading\n\n{interval}\nprint(sys.getswitchinterval())\n\ndef spin(n):\n    while n > 0:\n        n -= 1\n\nts = [threading.Thread(target=spin, args=(400_000,)) for _ in range(2)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\n"
        )
    };
    let switches = |interval: &str| {
        let s = run(&text(interval), GilMode::New);
        assert_eq!(s.end, End::Finished);
        (
            s.stdout.clone(),
            gil_sim::metrics(&s.trace.unwrap()).gil_switches,
        )
    };
    let (default_out, default_switches) = switches("");
    let (short_out, short_switches) = switches("sys.setswitchinterval(0.001)");
    assert_eq!(default_out, "0.005\n");
    assert_eq!(short_out, "0.001\n");
    // A fifth of the interval: about five times as many hand-overs of the GIL.
    assert!(
        short_switches >= default_switches * 4,
        "{default_switches} at 5 ms, {short_switches} at 1 ms"
    );
}

#[test]
fn counter_updates_are_lost_without_the_gil_and_never_with_it() {
    let text = "import threading\n\ncounter = 0\n\ndef add(n):\n    global counter\n    for _ in range(n):\n        counter += 1\n\nts = [threading.Thread(target=add, args=(50_000,)) for _ in range(4)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint(counter)\n";
    let gil = run(text, GilMode::New);
    assert_eq!(gil.stdout, "200000\n");
    let free = run(text, GilMode::FreeThreaded);
    assert_eq!(free.end, End::Finished);
    let n: u64 = free.stdout.trim().parse().unwrap();
    // Threads on two cores interleave their reads and writes: updates are lost (CPython
    // 3.13t loses many on a machine like this one), the same number every run.
    assert!((50_000..200_000).contains(&n), "{n}");
    assert_eq!(run(text, GilMode::FreeThreaded).stdout, free.stdout);
}
