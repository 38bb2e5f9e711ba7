//! One simulated run of a scenario, with everything the simulator screen shows of it: the
//! trace, the metrics, the four-way comparison, and the timeline's rows. Refuses a run too
//! large for the browser, naming the cap.

use crate::timeline::{CoreLanes, LaneRow, layout};
use gil_sim::{Comparison, Metrics, Scenario, Trace, compare};

/// Engine events one browser simulation may take. About two trace spans per event, so this
/// keeps a trace near 3 M spans: far below the 1 GiB wasm memory, and well under a second of
/// simulation. Past it the run is refused with an error naming the cap, not truncated.
pub const BROWSER_MAX_EVENTS: u64 = 1_500_000;

/// A finished simulation of one scenario (the model's run, as opposed to the lab's measured
/// runs).
pub struct ModelRun {
    pub scenario: Scenario,
    pub trace: Trace,
    pub metrics: Metrics,
    /// The same workload four ways (presets built from a workload only).
    pub comparison: Option<Result<Comparison, String>>,
    pub rows: Vec<LaneRow>,
}

impl ModelRun {
    /// Simulates `scenario` (and, for a workload, the four-way comparison).
    pub fn new(mut scenario: Scenario) -> Result<ModelRun, String> {
        scenario.limits.max_events = scenario.limits.max_events.min(BROWSER_MAX_EVENTS);
        let trace = gil_sim::simulate(&scenario).map_err(|e| match e {
            gil_sim::SimError::Cap {
                cap: "limits.max_events",
                ..
            } => format!(
                "{e} (the browser's limit keeps the page responsive: try fewer threads or less switching)"
            ),
            other => other.to_string(),
        })?;
        let metrics = gil_sim::metrics(&trace);
        let comparison = scenario
            .workload
            .as_ref()
            .map(|w| compare(&w.work, &scenario.setup()).map_err(|e| e.to_string()));
        let rows = layout(&trace, CoreLanes::Shown);
        Ok(ModelRun {
            scenario,
            trace,
            metrics,
            comparison,
            rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workload_preset_runs_with_its_comparison_and_rows() {
        let p = gil_sim::presets::all()
            .into_iter()
            .find(|p| p.name == gil_sim::presets::DEFAULT)
            .unwrap();
        let run = ModelRun::new(p.scenario).expect("the default preset runs");
        assert!(run.trace.span_count() > 0);
        assert!(matches!(run.comparison, Some(Ok(_))));
        assert_eq!(run.rows, layout(&run.trace, CoreLanes::Shown));
        assert!(run.scenario.limits.max_events <= BROWSER_MAX_EVENTS);
    }
}
