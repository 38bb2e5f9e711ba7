//! Metrics derived from a trace: wall time, CPU time and GIL wait per thread, GIL switches, the
//! holding-period distribution (histogram, median, p95) and core utilisation (per mille).
//! Integer-only; f64 ratios are left to display code.

use serde::{Deserialize, Serialize};

use crate::trace::{EventKind, State, Trace};

/// Per-thread figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadMetrics {
    /// The thread's name in its process (e.g. `MainThread`).
    pub name: String,
    /// Index of the thread's process in the trace.
    pub process: u32,
    /// Time running (or starting) on a core, ns; includes overheads.
    pub cpu_ns: u64,
    /// Time waiting for the GIL (on its condition variable, or for a forced switch), ns.
    pub gil_wait_ns: u64,
    /// Time runnable but without a core (in the run queue or being switched in), ns.
    pub ready_ns: u64,
    /// Time blocked on I/O or sleeping, ns.
    pub blocked_ns: u64,
    /// From the thread's first span to its Done/Killed span (or the trace's end), ns.
    pub lifetime_ns: u64,
    /// Whether the thread was a daemon killed at its process's exit.
    pub killed: bool,
}

/// Holding-period distribution of the GILs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holding {
    /// Number of holding periods (`held` spans) over all GILs.
    pub count: u64,
    /// Median holding period (nearest rank), ns; 0 if none.
    pub median_ns: u64,
    /// 95th-percentile holding period (nearest rank), ns; 0 if none.
    pub p95_ns: u64,
    /// Longest holding period, ns; 0 if none.
    pub max_ns: u64,
    /// Histogram with power-of-two bucket bounds: `buckets[i]` counts periods in
    /// `[2^i, 2^(i+1))` ns (bucket 0 also holds 0 and 1 ns).
    pub buckets: Vec<u64>,
}

/// All metrics of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metrics {
    /// When the main process exited.
    pub wall_ns: u64,
    /// Per-thread figures, in the trace's thread order.
    pub threads: Vec<ThreadMetrics>,
    /// Times the GIL changed hands (a take by a thread other than the last holder).
    pub gil_switches: u64,
    /// Drop requests set by GIL waiters after a switch interval (`gil_drop_request` events).
    pub drop_requests: u64,
    /// Holders that dropped the GIL on a drop request (`gil_forced_switch` events).
    pub forced_switches: u64,
    /// Distribution of the GILs' holding periods.
    pub holding: Holding,
    /// Busy (running + context switch) time of each core over the wall time, per mille.
    pub core_utilisation_permille: Vec<u32>,
    /// Mean over cores, per mille.
    pub utilisation_permille: u32,
    /// Sum of the threads' `cpu_ns`.
    pub total_cpu_ns: u64,
    /// Sum of the threads' `gil_wait_ns`.
    pub total_gil_wait_ns: u64,
}

fn percentile(sorted: &[u64], p: u64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    // Nearest-rank.
    let n = sorted.len() as u64;
    let rank = (p * n).div_ceil(100).max(1);
    sorted[(rank - 1).min(n - 1) as usize]
}

/// Computes the metrics of a trace. Everything but `wall_ns` comes from the spans and events,
/// so an untraced run (`simulate_untraced`) gives zeros.
pub fn metrics(tr: &Trace) -> Metrics {
    let wall = tr.wall_ns.max(1);
    let threads: Vec<ThreadMetrics> = tr
        .threads
        .iter()
        .zip(tr.thread_spans.iter())
        .map(|(info, spans)| {
            let mut m = ThreadMetrics {
                name: info.name.clone(),
                process: info.process,
                cpu_ns: 0,
                gil_wait_ns: 0,
                ready_ns: 0,
                blocked_ns: 0,
                lifetime_ns: 0,
                killed: false,
            };
            for s in spans {
                let d = s.end_ns - s.start_ns;
                match s.state {
                    State::Running | State::Starting => m.cpu_ns += d,
                    State::WaitingGil => m.gil_wait_ns += d,
                    State::Ready => m.ready_ns += d,
                    State::BlockedIo | State::Sleeping => m.blocked_ns += d,
                    _ => {}
                }
            }
            if let Some(first) = spans.first() {
                let end = spans
                    .iter()
                    .find(|s| matches!(s.state, State::Done | State::Killed))
                    .map(|s| s.start_ns)
                    .unwrap_or(tr.end_ns);
                m.lifetime_ns = end.saturating_sub(first.start_ns);
                m.killed = spans.iter().any(|s| s.state == State::Killed);
            }
            m
        })
        .collect();
    let mut periods: Vec<u64> = tr
        .gil_spans
        .iter()
        .flat_map(|v| {
            v.iter()
                .filter(|s| s.state == State::Held)
                .map(|s| s.end_ns - s.start_ns)
        })
        .collect();
    periods.sort_unstable();
    let mut buckets = vec![0u64; 1];
    for &p in &periods {
        let b = if p <= 1 {
            0
        } else {
            63 - p.leading_zeros() as usize
        };
        if buckets.len() <= b {
            buckets.resize(b + 1, 0);
        }
        buckets[b] += 1;
    }
    let holding = Holding {
        count: periods.len() as u64,
        median_ns: percentile(&periods, 50),
        p95_ns: percentile(&periods, 95),
        max_ns: periods.last().copied().unwrap_or(0),
        buckets,
    };
    let count = |k: EventKind| tr.events.iter().filter(|e| e.kind == k).count() as u64;
    let gil_switches = tr
        .events
        .iter()
        .filter(|e| e.kind == EventKind::GilTake && e.other_thread().is_some())
        .count() as u64;
    let core_utilisation_permille: Vec<u32> = tr
        .core_spans
        .iter()
        .map(|spans| {
            let busy: u64 = spans
                .iter()
                .filter(|s| s.state != State::Idle && s.start_ns < wall)
                .map(|s| s.end_ns.min(wall) - s.start_ns)
                .sum();
            u32::try_from(u128::from(busy) * 1000 / u128::from(wall))
                .unwrap_or(1000)
                .min(1000)
        })
        .collect();
    let utilisation_permille = if core_utilisation_permille.is_empty() {
        0
    } else {
        (core_utilisation_permille
            .iter()
            .map(|&u| u64::from(u))
            .sum::<u64>()
            / core_utilisation_permille.len() as u64) as u32
    };
    Metrics {
        wall_ns: tr.wall_ns,
        total_cpu_ns: threads.iter().map(|t| t.cpu_ns).sum(),
        total_gil_wait_ns: threads.iter().map(|t| t.gil_wait_ns).sum(),
        threads,
        gil_switches,
        drop_requests: count(EventKind::GilDropRequest),
        forced_switches: count(EventKind::GilForcedSwitch),
        holding,
        core_utilisation_permille,
        utilisation_permille,
    }
}
