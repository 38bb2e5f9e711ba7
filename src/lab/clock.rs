//! The lab's clock: `performance.timeOrigin + performance.now()` in nanoseconds.
//!
//! Every agent (the page, each rayon worker thread, each "process" worker) has its own
//! `performance` with its own time origin, so `performance.now()` alone is not comparable across
//! workers. Adding the agent's `timeOrigin` puts every stamp on one shared time line (ns since
//! the Unix epoch, which fits in a `u64` until the year 2554), so chunk stamps and GIL holding
//! periods from different threads and workers can be merged on one timeline.

use gil_work::Clock;
use wasm_bindgen::JsCast;
use web_sys::Performance;

thread_local! {
    /// This agent's `performance` and its time origin in ns (read once per thread).
    static PERF: Option<(Performance, u64)> = {
        js_sys::Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .and_then(|p| p.dyn_into::<Performance>().ok())
            .map(|p| {
                let origin = ms_to_ns(p.time_origin());
                (p, origin)
            })
    };
}

/// Milliseconds (a `DOMHighResTimeStamp`) to whole nanoseconds, clamped at 0.
pub fn ms_to_ns(ms: f64) -> u64 {
    if ms.is_finite() && ms > 0.0 {
        // Whole and fractional milliseconds apart: an epoch-sized `ms * 1e6` would lose
        // precision (an f64 ulp near 1.8e18 is 256 ns).
        (ms.trunc() as u64) * 1_000_000 + (ms.fract() * 1e6).round() as u64
    } else {
        0
    }
}

/// A [`Clock`] that every thread and worker of the page can share (it holds no JS value; each
/// thread reads its own `performance`).
#[derive(Debug, Clone, Copy, Default)]
pub struct PerfClock;

impl Clock for PerfClock {
    fn now_ns(&self) -> u64 {
        PERF.with(|p| match p {
            Some((perf, origin)) => origin + ms_to_ns(perf.now()),
            None => 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milliseconds_become_nanoseconds() {
        assert_eq!(ms_to_ns(1.5), 1_500_000);
        assert_eq!(ms_to_ns(0.0), 0);
        assert_eq!(ms_to_ns(-3.0), 0);
        assert_eq!(ms_to_ns(f64::NAN), 0);
        // An epoch-based origin (Nov 2026) keeps microsecond precision.
        let t = ms_to_ns(1_795_000_000_000.125);
        assert_eq!(t / 1_000, 1_795_000_000_000_125);
    }
}
