//! The timeline's rows: a "CPU cores" section with one lane per core (unless the run has no
//! core lanes), then per process a header, one lane per thread and one per GIL; their heights
//! and vertical places in CSS pixels, and the same geometry as data for the page's tests.

use super::names::{gil_name, process_short, thread_label};
use gil_sim::{Lane, Trace};

/// Height of one lane, CSS pixels.
pub const LANE_H: f64 = 30.0;
/// Height of a section header row (the cores, or one process).
pub const HEADER_H: f64 = 26.0;
/// Height of the time axis band at the top.
pub const AXIS_H: f64 = 30.0;
/// Width of the label column on the left.
pub const LABEL_W: f64 = 210.0;

/// What one row of the timeline shows.
#[derive(Clone, Debug, PartialEq)]
pub enum RowKind {
    /// The "CPU cores" section header.
    CoresHeader,
    /// The header of process `p` (its threads and GIL lanes follow).
    ProcessHeader(u32),
    Lane(Lane),
}

/// One row of the timeline: its kind, its label, and its vertical placement (CSS pixels).
#[derive(Clone, Debug, PartialEq)]
pub struct LaneRow {
    pub kind: RowKind,
    pub label: String,
    pub y: f64,
    pub h: f64,
}

/// Whether the timeline has a "CPU cores" section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoreLanes {
    /// One lane per core of the trace, under a "CPU cores" header.
    Shown,
    /// No core section at all, e.g. for a measured run, whose trace knows no cores: the first
    /// process header sits right under the axis.
    Hidden,
}

/// The rows for a trace, from the top.
pub fn layout(trace: &Trace, cores: CoreLanes) -> Vec<LaneRow> {
    let mut rows = Vec::new();
    let mut y = AXIS_H;
    let mut push = |kind: RowKind, label: String, h: f64| {
        rows.push(LaneRow { kind, label, y, h });
        y += h;
    };
    if cores == CoreLanes::Shown {
        push(
            RowKind::CoresHeader,
            "CPU cores (the OS hands them out)".into(),
            HEADER_H,
        );
        for c in 0..trace.cores {
            push(RowKind::Lane(Lane::Core(c)), format!("Core {c}"), LANE_H);
        }
    }
    for (p, info) in trace.processes.iter().enumerate() {
        let p = p as u32;
        push(
            RowKind::ProcessHeader(p),
            format!("Process {}: {}", process_short(p), info.name),
            HEADER_H,
        );
        for &t in &info.threads {
            push(
                RowKind::Lane(Lane::Thread(t)),
                thread_label(trace, t),
                LANE_H,
            );
        }
        for &g in &info.gils {
            let name = gil_name(trace, g);
            push(
                RowKind::Lane(Lane::Gil(g)),
                format!("GIL{}", name.trim_start_matches("the GIL")),
                LANE_H,
            );
        }
    }
    rows
}

/// Total height of the rows (and of the canvas), CSS pixels.
pub fn height(rows: &[LaneRow]) -> f64 {
    rows.last().map(|r| r.y + r.h).unwrap_or(AXIS_H) + 4.0
}

/// The rows as JSON for a `data-rows` attribute, so tests find a lane without knowing the
/// geometry: `[{"row":"core","n":0,"y":56,"h":30}, ...]` (`row` is `cores`, `process`,
/// `core`, `thread` or `gil`; `n` numbers the process, core, thread or GIL from 0).
pub fn rows_json(rows: &[LaneRow]) -> String {
    let items: Vec<String> = rows
        .iter()
        .map(|r| {
            let (row, n) = match r.kind {
                RowKind::CoresHeader => ("cores", 0),
                RowKind::ProcessHeader(p) => ("process", p),
                RowKind::Lane(Lane::Core(c)) => ("core", c),
                RowKind::Lane(Lane::Thread(t)) => ("thread", t),
                RowKind::Lane(Lane::Gil(g)) => ("gil", g),
            };
            format!(r#"{{"row":"{row}","n":{n},"y":{},"h":{}}}"#, r.y, r.h)
        })
        .collect();
    format!("[{}]", items.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::default_trace;

    #[test]
    fn cores_come_first_then_each_process_with_its_threads_and_gils() {
        let trace = default_trace();
        let rows = layout(&trace, CoreLanes::Shown);
        assert_eq!(rows[0].kind, RowKind::CoresHeader);
        assert_eq!(rows[0].y, AXIS_H);
        assert_eq!(rows[1].kind, RowKind::Lane(Lane::Core(0)));
        assert_eq!(rows[1].y, AXIS_H + HEADER_H);
        let lanes = rows
            .iter()
            .filter(|r| matches!(r.kind, RowKind::Lane(_)))
            .count();
        assert_eq!(
            lanes,
            trace.cores as usize + trace.threads.len() + trace.gils.len()
        );
        // Rows touch: each starts where the one above ends.
        assert!(rows.windows(2).all(|w| w[1].y == w[0].y + w[0].h));
        assert_eq!(height(&rows), rows.last().unwrap().y + LANE_H + 4.0);
    }

    #[test]
    fn without_core_lanes_the_first_process_header_sits_under_the_axis() {
        let trace = default_trace();
        let full = layout(&trace, CoreLanes::Shown);
        let rows = layout(&trace, CoreLanes::Hidden);
        assert_eq!(rows.len(), full.len() - 1 - trace.cores as usize);
        assert_eq!(rows[0].y, AXIS_H, "the process header moves to the top");
        assert!(rows[0].label.starts_with("Process P1"), "{}", rows[0].label);
        assert!(
            rows.iter()
                .all(|r| !matches!(r.kind, RowKind::CoresHeader | RowKind::Lane(Lane::Core(_))))
        );
    }

    #[test]
    fn rows_json_names_every_row_with_its_place() {
        let trace = default_trace();
        let rows = layout(&trace, CoreLanes::Shown);
        let json = rows_json(&rows);
        assert!(
            json.starts_with(
                r#"[{"row":"cores","n":0,"y":30,"h":26},{"row":"core","n":0,"y":56,"h":30}"#
            ),
            "{json}"
        );
        let parsed: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(parsed.as_array().map(Vec::len), Some(rows.len()));
    }
}
