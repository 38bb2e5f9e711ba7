//! Words for people, shared by the CLI and the UI: durations and the names of the four
//! approaches. Pure functions; nothing here feeds back into the model.

use crate::workload::Approach;

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
}
