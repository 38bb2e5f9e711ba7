//! gil-sim: a deterministic discrete-event model of CPU cores, the OS run queue, processes,
//! threads and CPython's GIL. A [`Scenario`] (JSON, versioned) and its seed go in; a [`Trace`]
//! and [`Metrics`] come out, identical on every run and platform (integer time, one seeded
//! PRNG, no `usize` or floats in anything serialized).
//!
//! ```
//! let sc = gil_sim::Scenario::from_json(r#"{
//!   "version": 1, "machine": {"cores": 2},
//!   "processes": [{"name": "main", "threads": [
//!     {"name": "MainThread", "program": [
//!       {"op": "start_thread", "thread": "worker"},
//!       {"op": "cpu", "ns": 20000000},
//!       {"op": "join_thread", "thread": "worker"}]},
//!     {"name": "worker", "program": [{"op": "cpu", "ns": 20000000}]}]}]
//! }"#).unwrap();
//! let trace = gil_sim::simulate(&sc).unwrap();
//! let m = gil_sim::metrics(&trace);
//! assert!(m.wall_ns >= 40_000_000); // two CPU-bound threads, one GIL: no speedup
//! gil_sim::check_invariants(&sc, &trace).unwrap();
//! ```
//!
//! The scenario format is documented in `docs/model.md`.

#![warn(missing_docs)]

pub mod calibration;
pub mod compare;
pub mod engine;
pub mod export;
pub mod invariants;
pub mod measured;
pub mod metrics;
pub mod narrate;
pub mod params;
pub mod presets;
pub mod profile;
pub mod python;
mod queue;
pub mod rng;
pub mod scenario;
pub mod stress;
pub mod trace;

pub use scenario::workload;

pub use compare::{CompareRow, Comparison, LabJob, Prediction, compare, compare_modes, predict};
pub use engine::{
    Driver, Next, SimError, Slice, simulate, simulate_checked, simulate_checked_untraced,
    simulate_driven, simulate_untraced,
};
pub use invariants::{check_invariants, check_trace};
pub use metrics::{Holding, Metrics, ThreadMetrics, metrics};
pub use params::Params;
pub use scenario::*;
pub use trace::{
    Event, EventIter, EventKind, Events, Lane, LaneNow, Snapshot, Span, SpanIter, Spans, State,
    Trace,
};
pub use workload::{Approach, MAX_TASKS, Setup, Workload};

use sha2::{Digest, Sha256};

struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// SHA-256 (lower-case hex) of the canonical JSON of a trace (serde_json, compact, fields in
/// declaration order). Equal on every platform for equal traces.
pub fn trace_hash(tr: &Trace) -> String {
    let mut w = HashWriter(Sha256::new());
    // Serializing plain structs of integers, strings and enums cannot fail.
    let _ = serde_json::to_writer(&mut w, tr);
    let digest = w.0.finalize();
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Parses, validates and runs a scenario given as JSON.
pub fn run_json(text: &str) -> Result<(Scenario, Trace), SimError> {
    let sc = Scenario::from_json(text)?;
    let tr = simulate(&sc)?;
    Ok((sc, tr))
}
