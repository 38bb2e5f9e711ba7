//! Exports of a trace for other tools: Chrome Trace Event Format JSON that opens in Perfetto
//! and `chrome://tracing` ([`perfetto_json`]), and CSV tables of the spans and the metrics
//! ([`spans_csv`], [`metrics_csv`]). Pure functions of a scenario and its trace; nothing here
//! feeds back into the model. Each also writes as it goes to any `std::io::Write`
//! ([`write_perfetto_json`], [`write_spans_csv`], [`write_metrics_csv`]): a trace near the caps
//! is millions of records, and a command-line export streams them.

pub mod csv;
pub mod perfetto;

pub use csv::{metrics_csv, spans_csv, write_metrics_csv, write_spans_csv};
pub use perfetto::{perfetto_json, write_perfetto_json};

use crate::trace::{GilInfo, Trace};

/// The display name of GIL `g`: `GIL`, or `GIL (interpreter N)` when its process has more than
/// one interpreter (N is the interpreter's index in the process, 0 for the main one).
pub(crate) fn gil_name(tr: &Trace, g: &GilInfo) -> String {
    let shared = tr
        .processes
        .get(g.process as usize)
        .is_some_and(|p| p.gils.len() > 1);
    if shared || g.interpreter > 0 {
        format!("GIL (interpreter {})", g.interpreter)
    } else {
        "GIL".to_string()
    }
}
