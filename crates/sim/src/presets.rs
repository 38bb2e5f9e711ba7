//! Presets: one scenario file per lesson of the seed, under `crates/sim/presets/`, embedded at
//! compile time with `include_str!`. Each has a stable name (= file name = scenario `name`), a
//! question (what `gil-sim run` asks) and a one-line lesson.

use crate::scenario::{Scenario, ScenarioError};

/// The preset the UI shows first.
pub const DEFAULT: &str = "cpu-threads";

/// The preset files: (name, JSON text), in teaching order.
pub const FILES: &[(&str, &str)] = &[
    ("cpu-threads", include_str!("../presets/cpu-threads.json")),
    (
        "cpu-processes",
        include_str!("../presets/cpu-processes.json"),
    ),
    ("io-threads", include_str!("../presets/io-threads.json")),
    ("io-processes", include_str!("../presets/io-processes.json")),
    ("io-asyncio", include_str!("../presets/io-asyncio.json")),
    ("convoy", include_str!("../presets/convoy.json")),
    (
        "switch-interval",
        include_str!("../presets/switch-interval.json"),
    ),
    (
        "daemon-threads",
        include_str!("../presets/daemon-threads.json"),
    ),
    (
        "start-methods",
        include_str!("../presets/start-methods.json"),
    ),
    (
        "free-threaded",
        include_str!("../presets/free-threaded.json"),
    ),
    (
        "old-gil-multicore",
        include_str!("../presets/old-gil-multicore.json"),
    ),
    (
        "asyncio-blocking",
        include_str!("../presets/asyncio-blocking.json"),
    ),
    ("c-release", include_str!("../presets/c-release.json")),
    (
        "per-interpreter",
        include_str!("../presets/per-interpreter.json"),
    ),
];

/// A parsed preset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Stable name (= file name without `.json` = the scenario's `name`).
    pub name: &'static str,
    /// The embedded scenario file.
    pub json: &'static str,
    /// The file parsed and validated.
    pub scenario: Scenario,
}

impl Preset {
    /// The one-line lesson.
    pub fn lesson(&self) -> &str {
        &self.scenario.lesson
    }

    /// The question asked before the answer is shown.
    pub fn question(&self) -> &str {
        &self.scenario.question
    }
}

/// Parses one preset file.
pub fn parse(name: &'static str, json: &'static str) -> Result<Preset, ScenarioError> {
    let scenario = Scenario::from_json(json)
        .map_err(|e| ScenarioError::new(format!("preset {name}: {}", e.path), e.reason))?;
    Ok(Preset {
        name,
        json,
        scenario,
    })
}

/// Every preset, in teaching order. (The test suite checks that every file parses; a preset
/// that does not is left out rather than panicking.)
pub fn all() -> Vec<Preset> {
    FILES.iter().filter_map(|(n, j)| parse(n, j).ok()).collect()
}

/// The preset with this name.
pub fn get(name: &str) -> Option<Preset> {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(n, j)| parse(n, j).ok())
}

/// The names of all presets.
pub fn names() -> Vec<&'static str> {
    FILES.iter().map(|(n, _)| *n).collect()
}
