//! A machine profile: what `crates/sim/calibration/machine_profile.py` measured on one machine
//! (its host, date and Python; the figures the model uses, in the scenario's own field names;
//! and the raw measurements, kept for the record), read with checks ([`MachineProfile::from_json`])
//! and applied to a scenario ([`MachineProfile::apply`]) in place of the model's defaults: the
//! cores' parallel efficiency, the cost of a thread moving between cores, the timer slack, the
//! cost of starting a thread, and the cost of each process start method (with the main
//! module's re-import and the resource tracker). The lesson's own machine (its cores) stays the
//! lesson's. `gil_sim::calibration` fits what a profile does not give directly.
//!
//! A profile is untrusted input: every field is typed (`measured`: the measurements, typed
//! too) and unknown fields are refused, so errors name the field; `validate` checks that
//! every figure is one a machine can measure.

mod measured;
mod validate;

use serde::{Deserialize, Serialize};

use crate::scenario::{Scenario, ScenarioError, StartCosts};

pub use measured::{
    MAX_KERNEL_SOURCE, MAX_KERNELS, MAX_MEASURED_COUNT, MAX_MEASURED_INTERVAL_MS, Measured,
    ProfileMeasured, PythonKernel, StartJoins,
};

/// The profile of this machine kind (2 vCPUs, CPython 3.11), measured by
/// `calibration/machine_profile.py` and shipped: the app and the CLI use it unless told
/// otherwise. `tests/profile.rs` checks that it reads.
pub const SHIPPED: &str = include_str!("../../calibration/profiles/this-machine.json");

/// The calibration script itself (stdlib only), shipped with the app and the CLI so that a
/// machine can be measured offline: `python3 machine_profile.py --out profile.json`.
pub const SCRIPT: &str = include_str!("../../calibration/machine_profile.py");
/// Its file name.
pub const SCRIPT_FILE: &str = "machine_profile.py";

/// The profile format version this crate reads.
pub const PROFILE_VERSION: u32 = 1;
/// Cap: size of a profile's text, bytes.
pub const MAX_PROFILE_BYTES: usize = 1 << 20;

/// A machine profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MachineProfile {
    /// Format version, 1.
    pub version: u32,
    /// The machine's host name.
    pub host: String,
    /// When it was measured (ISO 8601).
    pub date: String,
    /// The Python measured (`3.11.7`).
    pub python: String,
    /// `sys.implementation.name` (`cpython`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementation: Option<String>,
    /// `sys.platform`.
    #[serde(default)]
    pub platform: String,
    /// `os.cpu_count()`.
    #[serde(default)]
    pub cpus: Option<u32>,
    /// What the model uses.
    pub model: ProfileModel,
    /// Everything measured (medians, spreads): what `calibration::fit` fits the model to, and
    /// the calibration cases and the fidelity report compare with.
    #[serde(default)]
    pub measured: ProfileMeasured,
    /// How the calibration script ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<ProfileRun>,
}

/// How the calibration script ran (for the record).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileRun {
    /// Its quick mode (`--quick`).
    pub quick: bool,
    /// Rounds of every case, interleaved.
    pub rounds: u32,
    /// How long it measured, s.
    pub seconds: f64,
}

/// The figures of a profile the model uses, in the scenario's field names (ns).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileModel {
    /// `machine.parallel_efficiency_permille`: from the speedup of 1..n CPU-bound processes.
    #[serde(default)]
    pub parallel_efficiency_permille: Vec<u32>,
    /// `os.migration_ns`. The calibration script does not write it: `gil_sim::calibration`
    /// fits it to the measured slowdown of more CPU-bound threads than cores.
    #[serde(default)]
    pub migration_ns: Option<u64>,
    /// `os.timer_slack_ns`: how late a timed wait wakes.
    pub timer_slack_ns: u64,
    /// `runtime.thread_create_ns`.
    pub thread_create_ns: u64,
    /// `runtime.thread_bootstrap_ns`.
    pub thread_bootstrap_ns: u64,
    /// `start_costs`: each start method's cost.
    pub start_costs: StartCosts,
}

impl MachineProfile {
    /// Reads a profile; errors name the field or the cap. Refused: another version, unknown
    /// fields, and figures no machine measures (`validate`: the parallel efficiency, the
    /// measurements' ranges, the caps).
    pub fn from_json(text: &str) -> Result<MachineProfile, ScenarioError> {
        let p: MachineProfile =
            crate::scenario::read_json(text, "profile", MAX_PROFILE_BYTES, "MAX_PROFILE_BYTES")?;
        if p.version != PROFILE_VERSION {
            return Err(ScenarioError::new(
                "version",
                format!(
                    "unsupported profile version {} (this build reads {PROFILE_VERSION})",
                    p.version
                ),
            ));
        }
        validate::validate(&p)?;
        Ok(p)
    }

    /// The shipped profile ([`SHIPPED`]); `None` only if it were unreadable (a test rules it out).
    pub fn shipped() -> Option<MachineProfile> {
        MachineProfile::from_json(SHIPPED).ok()
    }

    /// The scenario with this machine's costs in place of the model's defaults.
    pub fn apply(&self, sc: &mut Scenario) {
        let m = &self.model;
        sc.machine.parallel_efficiency_permille = m.parallel_efficiency_permille.clone();
        sc.os.migration_ns = m.migration_ns.unwrap_or(0);
        sc.os.timer_slack_ns = m.timer_slack_ns;
        sc.runtime.thread_create_ns = m.thread_create_ns;
        sc.runtime.thread_bootstrap_ns = m.thread_bootstrap_ns;
        sc.start_costs = m.start_costs.clone();
    }

    /// "host, date" for people ("calibrated to: build-vm, 2026-12-01").
    pub fn label(&self) -> String {
        let day = self.date.get(..10).unwrap_or(&self.date);
        format!("{}, {day}", crate::scenario::one_line(&self.host))
    }
}
