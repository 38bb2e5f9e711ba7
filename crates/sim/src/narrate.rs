//! Words for people, shared by the CLI and the UI: durations, the names of the four approaches
//! and of the start methods, and a workload in one sentence. Pure functions; nothing here feeds
//! back into the model.

use crate::scenario::StartMethod;
use crate::workload::{Approach, Workload};

/// Formats nanoseconds for people, with at most three significant digits:
/// `850 ns`, `1.5 µs`, `150 µs`, `3.2 ms`, `12.3 ms`, `1.25 s`.
pub fn fmt_ns(ns: u64) -> String {
    fn trim(v: f64, unit: &str) -> String {
        let digits = if v >= 100.0 {
            0
        } else if v >= 10.0 {
            1
        } else {
            2
        };
        let s = format!("{v:.digits$}");
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        };
        format!("{s} {unit}")
    }
    match ns {
        0..1_000 => format!("{ns} ns"),
        1_000..1_000_000 => trim(ns as f64 / 1e3, "µs"),
        1_000_000..1_000_000_000 => trim(ns as f64 / 1e6, "ms"),
        _ => trim(ns as f64 / 1e9, "s"),
    }
}

/// An approach's name as a heading: "Sequential", "Threads", "Processes", "asyncio".
pub fn approach_title(a: Approach) -> &'static str {
    match a {
        Approach::Sequential => "Sequential",
        Approach::Threads => "Threads",
        Approach::Processes => "Processes",
        Approach::Asyncio => "asyncio",
    }
}

/// A start method as Python spells it: `fork`, `forkserver`, `spawn`.
pub fn start_method_name(m: StartMethod) -> &'static str {
    match m {
        StartMethod::Fork => "fork",
        StartMethod::Forkserver => "forkserver",
        StartMethod::Spawn => "spawn",
    }
}

/// A workload in one sentence, e.g. "4 tasks on one worker per task (processes start with
/// fork); each task: Python CPU work 100 ms".
pub fn workload_text(w: &Workload) -> String {
    let plural = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let workers = if w.workers == 0 {
        "one worker per task".to_string()
    } else {
        plural(w.workers, "worker", "workers")
    };
    let mut each: Vec<String> = Vec::new();
    for (ns, what) in [
        (w.cpu_ns, "Python CPU work"),
        (w.c_release_ns, "C code releasing the GIL"),
        (w.io_ns, "blocking I/O"),
        (w.sleep_ns, "time.sleep"),
    ] {
        if ns > 0 {
            each.push(format!("{what} {}", fmt_ns(ns)));
        }
    }
    let each = if each.is_empty() {
        "nothing".to_string()
    } else {
        each.join(", then ")
    };
    let times = if w.repeats > 1 {
        format!(", {} times", w.repeats)
    } else {
        String::new()
    };
    format!(
        "{} on {workers} (processes start with {}); each task: {each}{times}",
        plural(w.tasks, "task", "tasks"),
        start_method_name(w.start_method)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_each_unit() {
        assert_eq!(fmt_ns(0), "0 ns");
        assert_eq!(fmt_ns(850), "850 ns");
        assert_eq!(fmt_ns(1_500), "1.5 µs");
        assert_eq!(fmt_ns(150_000), "150 µs");
        assert_eq!(fmt_ns(3_200_000), "3.2 ms");
        assert_eq!(fmt_ns(5_000_000), "5 ms");
        assert_eq!(fmt_ns(12_340_000), "12.3 ms");
        assert_eq!(fmt_ns(1_250_000_000), "1.25 s");
    }

    #[test]
    fn every_approach_has_a_distinct_title() {
        let titles: std::collections::BTreeSet<_> =
            Approach::ALL.iter().map(|&a| approach_title(a)).collect();
        assert_eq!(titles.len(), Approach::ALL.len());
    }

    #[test]
    fn a_workload_reads_as_a_sentence() {
        let w = Workload {
            tasks: 4,
            workers: 0,
            cpu_ns: 100_000_000,
            c_release_ns: 0,
            io_ns: 2_000_000,
            sleep_ns: 0,
            repeats: 3,
            start_method: StartMethod::Spawn,
        };
        assert_eq!(
            workload_text(&w),
            "4 tasks on one worker per task (processes start with spawn); each task: Python CPU work 100 ms, then blocking I/O 2 ms, 3 times"
        );
        let one = Workload {
            tasks: 1,
            workers: 1,
            repeats: 1,
            ..w
        };
        assert!(workload_text(&one).starts_with("1 task on 1 worker "));
    }
}
