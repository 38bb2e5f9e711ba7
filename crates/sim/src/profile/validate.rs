//! A machine profile's figures, checked against what a machine can measure, each refusal naming
//! its field: short texts; 1 to 256 CPUs; the model's figures under the scenario's caps; the
//! cores' parallel efficiency (one core alone at full speed, k cores together never slower than
//! one); every measured figure finite, with min <= median <= max, at least one sample and no
//! negative time, times under an hour, and the ratios in the range a machine gives (the speedup
//! of k processes at most 1.25 k, the slowdown of threads 0.5 to 100).

use super::measured::{MAX_KERNEL_SOURCE, MAX_KERNELS};
use super::{MachineProfile, Measured, ProfileMeasured};
use crate::scenario::{MAX_CORES, MAX_SIM_NS, ScenarioError};

/// Cap: bytes of `host`.
const MAX_HOST: usize = 256;
/// Cap: bytes of `date`, `python`, `platform`, `implementation`.
const MAX_TEXT: usize = 64;
/// Cap: a measured time, ms (the model's cap on time, one hour).
const MAX_MEASURED_MS: f64 = (MAX_SIM_NS / 1_000_000) as f64;
/// Cap: any measured ratio (speedup or slowdown), its samples too.
const MAX_RATIO: f64 = 1000.0;
/// Cap: the samples behind one figure.
const MAX_SAMPLES: u64 = 1_000_000_000;
/// Cap: how long the calibration run took, s (a day).
const MAX_RUN_SECONDS: f64 = 86_400.0;

fn err(path: impl Into<String>, reason: impl Into<String>) -> ScenarioError {
    ScenarioError::new(path, reason)
}

/// Every check of a profile read from JSON (its version is checked before).
pub(super) fn validate(p: &MachineProfile) -> Result<(), ScenarioError> {
    texts(p)?;
    if let Some(c) = p.cpus
        && !(1..=MAX_CORES).contains(&c)
    {
        return Err(err("cpus", format!("must be 1 to {MAX_CORES}, got {c}")));
    }
    if let Some(r) = &p.run
        && !(r.seconds.is_finite() && (0.0..=MAX_RUN_SECONDS).contains(&r.seconds))
    {
        return Err(err(
            "run.seconds",
            format!("must be 0 to {MAX_RUN_SECONDS} s, got {}", r.seconds),
        ));
    }
    model_caps(p)?;
    efficiency(&p.model.parallel_efficiency_permille)?;
    measured(&p.measured)
}

fn texts(p: &MachineProfile) -> Result<(), ScenarioError> {
    let implementation = p.implementation.as_deref().unwrap_or("");
    for (field, text, max) in [
        ("host", p.host.as_str(), MAX_HOST),
        ("date", &p.date, MAX_TEXT),
        ("python", &p.python, MAX_TEXT),
        ("platform", &p.platform, MAX_TEXT),
        ("implementation", implementation, MAX_TEXT),
    ] {
        if text.len() > max {
            return Err(err(
                field,
                format!("is {} bytes, more than {max}", text.len()),
            ));
        }
    }
    Ok(())
}

/// The model's figures, under the caps a scenario takes.
fn model_caps(p: &MachineProfile) -> Result<(), ScenarioError> {
    let m = &p.model;
    let s = &m.start_costs;
    let second = 1_000_000_000;
    let checks: [(&str, u64, u64); 14] = [
        ("model.migration_ns", m.migration_ns.unwrap_or(0), second),
        ("model.timer_slack_ns", m.timer_slack_ns, second),
        ("model.thread_create_ns", m.thread_create_ns, MAX_SIM_NS),
        (
            "model.thread_bootstrap_ns",
            m.thread_bootstrap_ns,
            MAX_SIM_NS,
        ),
        (
            "model.start_costs.fork.parent_ns",
            s.fork.parent_ns,
            MAX_SIM_NS,
        ),
        (
            "model.start_costs.fork.child_ns",
            s.fork.child_ns,
            MAX_SIM_NS,
        ),
        (
            "model.start_costs.forkserver_first_ns",
            s.forkserver_first_ns,
            MAX_SIM_NS,
        ),
        (
            "model.start_costs.forkserver.parent_ns",
            s.forkserver.parent_ns,
            MAX_SIM_NS,
        ),
        (
            "model.start_costs.forkserver.child_ns",
            s.forkserver.child_ns,
            MAX_SIM_NS,
        ),
        (
            "model.start_costs.spawn.parent_ns",
            s.spawn.parent_ns,
            MAX_SIM_NS,
        ),
        (
            "model.start_costs.spawn.child_ns",
            s.spawn.child_ns,
            MAX_SIM_NS,
        ),
        (
            "model.start_costs.main_import_ns",
            s.main_import_ns,
            MAX_SIM_NS,
        ),
        (
            "model.start_costs.resource_tracker_ns",
            s.resource_tracker_ns,
            MAX_SIM_NS,
        ),
        (
            "model.parallel_efficiency_permille",
            m.parallel_efficiency_permille.len() as u64,
            u64::from(MAX_CORES),
        ),
    ];
    for (field, v, max) in checks {
        if v > max {
            return Err(err(field, format!("must be <= {max}, got {v}")));
        }
    }
    Ok(())
}

/// Entry k-1: how fast each of k cores running at once works, per mille of one alone. One core
/// alone is the measure (1000); k cores together are never slower than one (at least
/// ceil(1000 / k)) nor faster than k alone (at most 1000).
fn efficiency(eff: &[u32]) -> Result<(), ScenarioError> {
    for (i, &e) in eff.iter().enumerate() {
        let k = i as u32 + 1;
        let least = 1000u32.div_ceil(k);
        let path = format!("model.parallel_efficiency_permille[{i}]");
        if i == 0 && e != 1000 {
            return Err(err(
                path,
                format!("one core alone is the measure: must be 1000, got {e}"),
            ));
        }
        if !(least..=1000).contains(&e) {
            return Err(err(
                path,
                format!(
                    "must be {least} to 1000 ({k} cores at once each work at most as fast as \
                     one alone, and together never slower than one), got {e}"
                ),
            ));
        }
    }
    Ok(())
}

/// Every measured figure: a sane figure, and the ratios in the range a machine gives.
fn measured(m: &ProfileMeasured) -> Result<(), ScenarioError> {
    for (&k, f) in &m.process_speedup {
        let path = format!("measured.process_speedup.{k}");
        figure(&path, f, MAX_RATIO)?;
        let most = f64::from(k) * 1.25;
        if !(f.median > 0.0 && f.median <= most) {
            return Err(err(
                format!("{path}.median"),
                format!(
                    "the speedup of {k} processes over one must be above 0 and at most {most}, \
                     got {}",
                    f.median
                ),
            ));
        }
    }
    for (&k, f) in &m.thread_slowdown {
        let path = format!("measured.thread_slowdown.{k}");
        figure(&path, f, MAX_RATIO)?;
        if !(0.5..=100.0).contains(&f.median) {
            return Err(err(
                format!("{path}.median"),
                format!(
                    "the slowdown of {k} threads over one must be 0.5 to 100, got {}",
                    f.median
                ),
            ));
        }
    }
    for (path, f) in times(m) {
        if let Some(f) = f {
            figure(&path, &f, MAX_MEASURED_MS)?;
        }
    }
    kernels(m)
}

/// The Python kernels: a few, named, short, each timed above 0 and under a second an iteration.
fn kernels(m: &ProfileMeasured) -> Result<(), ScenarioError> {
    if m.python_kernels.len() > MAX_KERNELS {
        return Err(err(
            "measured.python_kernels",
            format!(
                "at most {MAX_KERNELS} kernels, got {}",
                m.python_kernels.len()
            ),
        ));
    }
    for (i, k) in m.python_kernels.iter().enumerate() {
        let path = format!("measured.python_kernels[{i}]");
        if k.name.is_empty() || k.name.len() > 64 {
            return Err(err(format!("{path}.name"), "must be 1 to 64 bytes"));
        }
        if k.source.len() > MAX_KERNEL_SOURCE {
            return Err(err(
                format!("{path}.source"),
                format!("must be at most {MAX_KERNEL_SOURCE} bytes"),
            ));
        }
        if !(1..=100_000_000).contains(&k.n) {
            return Err(err(format!("{path}.n"), "must be 1 to 100000000"));
        }
        figure(&format!("{path}.ns_per_iter"), &k.ns_per_iter, 1e9)?;
        if k.ns_per_iter.median <= 0.0 {
            return Err(err(format!("{path}.ns_per_iter.median"), "must be above 0"));
        }
    }
    Ok(())
}

/// The measured times (ms) with their field paths.
fn times(m: &ProfileMeasured) -> Vec<(String, Option<Measured>)> {
    let mut out = vec![
        (
            "measured.thread_start_join_ms".into(),
            m.thread_start_join_ms,
        ),
        ("measured.sleep_overshoot_ms".into(), m.sleep_overshoot_ms),
        ("measured.release_latency_ms".into(), m.release_latency_ms),
    ];
    for (key, f) in m.process_start_join_ms.all() {
        out.push((format!("measured.process_start_join_ms.{key}"), f));
    }
    for (k, f) in &m.gil_hold_ms {
        out.push((format!("measured.gil_hold_ms.{k}"), Some(*f)));
    }
    out
}

/// One figure: finite, 0 <= min <= median <= max <= `cap`, 1 to [`MAX_SAMPLES`] samples.
fn figure(path: &str, f: &Measured, cap: f64) -> Result<(), ScenarioError> {
    if !(1..=MAX_SAMPLES).contains(&f.n) {
        return Err(err(
            format!("{path}.n"),
            format!("must be 1 to {MAX_SAMPLES} samples, got {}", f.n),
        ));
    }
    for (field, v) in [("median", f.median), ("min", f.min), ("max", f.max)] {
        if !v.is_finite() || v < 0.0 || v > cap {
            return Err(err(
                format!("{path}.{field}"),
                format!("must be 0 to {cap}, got {v}"),
            ));
        }
    }
    if !(f.min <= f.median && f.median <= f.max) {
        return Err(err(
            format!("{path}.median"),
            format!(
                "must be between min and max (min {}, median {}, max {})",
                f.min, f.median, f.max
            ),
        ));
    }
    Ok(())
}
