//! The model's prediction beside a measured run: for every thread (matched by process and
//! thread name) its lifetime predicted and measured, and the program's wall time, each with
//! the error in percent.

use serde::Serialize;

use super::Recording;
use crate::metrics::Metrics;
use crate::trace::Trace;

/// One thread, or the whole program (`thread` empty), predicted and measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckRow {
    /// The process's name.
    pub process: String,
    /// The thread's name (empty for the whole program's wall time).
    pub thread: String,
    /// The model's figure, ns (none: the model has no such thread).
    pub predicted_ns: Option<u64>,
    /// The measured figure, ns (none: the run had no such thread).
    pub measured_ns: Option<u64>,
    /// (predicted - measured) / measured, percent, when both exist.
    pub error_pct: Option<f64>,
}

/// Prediction against measurement: the program's wall time first, then every thread.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    /// The rows.
    pub rows: Vec<CheckRow>,
    /// The Python that was measured.
    pub python: String,
    /// The CPU time the run's `cpu()` work got over what it asked for (far from 1: the
    /// machine's speed changed under the helper's loop, which the model does not know).
    pub cpu_got_over_asked: Option<f64>,
    /// What `Recording::of_program` warned about (a recording that does not name its program,
    /// matched by its structure); empty, and left out of the JSON, when nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

fn row(process: &str, thread: &str, p: Option<u64>, m: Option<u64>) -> CheckRow {
    CheckRow {
        process: process.to_string(),
        thread: thread.to_string(),
        predicted_ns: p,
        measured_ns: m,
        error_pct: match (p, m) {
            (Some(p), Some(m)) if m > 0 => Some((p as f64 - m as f64) / m as f64 * 100.0),
            _ => None,
        },
    }
}

/// Compares the model's run (`predicted`, its `metrics`) with a recording of the same program
/// (`measured` = `measured_trace(rec)`).
pub fn check(predicted: &Trace, metrics: &Metrics, measured: &Trace, rec: &Recording) -> Check {
    let main = predicted
        .processes
        .first()
        .map_or("main", |p| p.name.as_str());
    let mut rows = vec![row(main, "", Some(metrics.wall_ns), Some(measured.wall_ns))];
    let lifetime = |tr: &Trace, i: usize| -> Option<u64> {
        tr.thread_spans.get(i).and_then(|s| {
            let first = s.first()?;
            // Up to the thread's end (done or killed), else the lane's end.
            let end = s
                .iter()
                .find(|x| {
                    matches!(
                        x.state,
                        crate::trace::State::Done | crate::trace::State::Killed
                    )
                })
                .map_or(s.end_ns(), |x| x.start_ns);
            Some(end.saturating_sub(first.start_ns))
        })
    };
    let key = |tr: &Trace, i: usize| {
        let t = &tr.threads[i];
        let p = tr
            .processes
            .get(t.process as usize)
            .map_or("", |p| p.name.as_str());
        (p.to_string(), t.name.clone())
    };
    let mut seen = vec![false; measured.threads.len()];
    for i in 0..predicted.threads.len() {
        let k = key(predicted, i);
        let j = (0..measured.threads.len()).find(|&j| !seen[j] && key(measured, j) == k);
        if let Some(j) = j {
            seen[j] = true;
        }
        rows.push(row(
            &k.0,
            &k.1,
            lifetime(predicted, i),
            j.and_then(|j| lifetime(measured, j)),
        ));
    }
    for (j, s) in seen.iter().enumerate() {
        if !s {
            let k = key(measured, j);
            rows.push(row(&k.0, &k.1, None, lifetime(measured, j)));
        }
    }
    Check {
        rows,
        python: rec.python.clone(),
        cpu_got_over_asked: rec.cpu_got_over_asked(),
        warnings: Vec::new(),
    }
}
