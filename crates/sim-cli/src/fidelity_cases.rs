//! The calibration cases' section of the fidelity report: every figure of a run of the
//! calibration script (fresh, or a profile already measured) beside the model's figure for the
//! same case, run with the profile in use (`--machine`, the shipped one by default) on the
//! measured machine's cores, and the same case in the profile's own run (the machine's drift).

use gil_sim::calibration::{Measured, Unit, cases};
use gil_sim::profile::MachineProfile;

use crate::fidelity::listed;
use crate::print::safe;

/// The heading of the calibration cases' section.
pub(crate) const HEADING: &str = "## Calibration cases";

/// The section for `text`, a calibration run's profile (JSON).
pub(crate) fn section(text: &str, machine: Option<&MachineProfile>) -> Result<String, String> {
    // Read with the profile's checks: a run's figures are untrusted input like any profile's.
    let fresh = MachineProfile::from_json(text).map_err(|e| format!("the calibration run: {e}"))?;
    let measured = &fresh.measured;
    let model = model_for(text, &fresh, machine)?;
    let rounds = fresh.run.as_ref().map_or(0, |r| r.rounds);
    let when = safe(&fresh.date);
    let mut md = format!(
        "\n{HEADING}\n\nEvery figure `calibration/machine_profile.py` measures, from a run of it ({when}, {rounds} rounds, median and spread over its samples), beside the model's figure for the same case (the scenario that does what the script does, with the profile in use, on this machine's cores). Goal: within 10 %. The last column is the same case in the profile's own run (its date is in the first line) and how far this run is from it: the machine's own drift, which bounds what any prediction from one run can reach.\n\n| case | what | predicted | measured (median) | spread (min to max) | samples | error | in the profile's run (drift) |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
    );
    let mut outside = Vec::new();
    for c in cases(&model, measured) {
        // The same case as the profile in use measured it (when it has it): how far the
        // machine itself moved between the two runs of the script. None without a profile.
        let earlier = machine
            .and_then(|p| Measured::at(&p.measured, &c.name))
            .zip(c.measured)
            .filter(|(t, _)| t.median != 0.0)
            .map(|(t, now)| (t.median, (now.median - t.median) / t.median * 100.0));
        let show = |v: f64| match c.unit {
            Unit::Ms => format!("{v:.3} ms"),
            Unit::Ratio => format!("{v:.3}"),
        };
        let err = c.error().map(|e| e * 100.0);
        if let Some(e) = err
            && e.abs() > 10.0
        {
            outside.push(format!("{} ({e:+.0} %)", safe(&c.name)));
        }
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            safe(&c.name),
            safe(&c.what),
            c.predicted.map_or("–".into(), show),
            c.measured.map_or("–".into(), |m| show(m.median)),
            c.measured.map_or("–".into(), |m| format!(
                "{} to {}",
                show(m.min),
                show(m.max)
            )),
            c.measured.map_or("–".into(), |m| m.n.to_string()),
            err.map_or("–".into(), |e| format!("{e:+.1} %")),
            earlier.map_or("–".into(), |(v, d)| format!("{} ({d:+.0} %)", show(v))),
        ));
        outln!(
            "{:<44} predicted {:>12}  measured {:>12}  {}",
            safe(&c.name),
            c.predicted.map_or("–".into(), show),
            c.measured.map_or("–".into(), |m| show(m.median)),
            err.map_or("–".into(), |e| format!("{e:+.1} %"))
        );
    }
    md.push_str(&format!(
        "\nCalibration cases outside the goal: {}.\n",
        listed(&outside)
    ));
    Ok(md)
}

/// The model the cases run: the profile in use, or (without one) the model's own defaults;
/// either on the measured machine's cores.
fn model_for(
    text: &str,
    fresh: &MachineProfile,
    machine: Option<&MachineProfile>,
) -> Result<MachineProfile, String> {
    let mut model = match machine {
        Some(p) => p.clone(),
        None => {
            let mut m = gil_sim::calibration::load(text)
                .map_err(|e| format!("the calibration run: {e}"))?;
            let (os, rt) = (gil_sim::Os::default(), gil_sim::Runtime::default());
            m.model.parallel_efficiency_permille.clear();
            m.model.migration_ns = Some(os.migration_ns);
            m.model.timer_slack_ns = os.timer_slack_ns;
            m.model.thread_create_ns = rt.thread_create_ns;
            m.model.thread_bootstrap_ns = rt.thread_bootstrap_ns;
            m.model.start_costs = gil_sim::StartCosts::default();
            m
        }
    };
    if let Some(c) = fresh.cpus {
        model.cpus = Some(c.clamp(1, 64));
    }
    Ok(model)
}
