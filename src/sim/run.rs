//! One simulated run of a scenario, with everything the simulator screen shows of it: the
//! trace, the metrics, the four-way comparison, and the timeline's rows. Refuses a run too
//! large for the browser, naming the cap.

use crate::timeline::{CoreLanes, LaneRow, layout};
use gil_sim::python::{SourceMap, from_python, to_python};
use gil_sim::{Comparison, Metrics, Scenario, Trace, compare};
use std::rc::Rc;

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
    /// The scenario as a Python program, with the line of every step (`None` only if the
    /// program could not be read back, which the round-trip tests rule out for valid
    /// scenarios).
    pub program: Option<Rc<Program>>,
    /// Whether `program` is a person's text (edited, imported, from a link), not written from
    /// the scenario: a link then carries the text itself.
    pub users_program: bool,
}

/// A run's program: its text, split in lines, and where each thread's steps are.
#[derive(Debug, PartialEq, Eq)]
pub struct Program {
    pub text: String,
    pub lines: Vec<String>,
    pub map: SourceMap,
}

impl Program {
    /// The program that writes `scenario` (before the browser's cap on events, so the program
    /// does not show it), with its source map.
    pub fn of(scenario: &Scenario) -> Option<Program> {
        let text = to_python(scenario).text;
        let (back, map) = from_python(&text).ok()?;
        // The map indexes threads in the order the program declares them.
        (back.processes == scenario.processes).then(|| Program {
            lines: text.lines().map(str::to_string).collect(),
            text,
            map,
        })
    }
}

impl ModelRun {
    /// Simulates `scenario` (and, for a workload, the four-way comparison).
    pub fn new(scenario: Scenario) -> Result<ModelRun, String> {
        let program = Program::of(&scenario).map(Rc::new);
        ModelRun::run(scenario, program, false)
    }

    /// Reads a person's program and simulates it (errors name the line and column).
    pub fn of_program(text: &str) -> Result<ModelRun, String> {
        let (sc, map) = gil_sim::python::from_python(text).map_err(|e| e.to_string())?;
        ModelRun::with_program(sc, text.to_string(), map)
    }

    /// Simulates a program's scenario, keeping the program's own text and map.
    pub fn with_program(
        scenario: Scenario,
        text: String,
        map: SourceMap,
    ) -> Result<ModelRun, String> {
        let program = Program {
            lines: text.lines().map(str::to_string).collect(),
            text,
            map,
        };
        ModelRun::run(scenario, Some(Rc::new(program)), true)
    }

    fn run(
        mut scenario: Scenario,
        program: Option<Rc<Program>>,
        users_program: bool,
    ) -> Result<ModelRun, String> {
        // This machine's costs, if a profile is in use (the program shows the lesson's).
        super::machine::apply(&mut scenario);
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
            program,
            users_program,
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
        let program = run.program.expect("every preset has its program");
        assert!(program.text.contains("threading.Thread(target="));
        assert!(
            !program.text.contains("max_events"),
            "the browser's cap is not the lesson's"
        );
    }
}
