//! The calibration script's cases as model runs. For each figure
//! `calibration/machine_profile.py` measures (the speedup of 1..n CPU-bound processes, the
//! slowdown of 2..n CPU-bound threads, start+join of a thread and of a process per start
//! method, sleep overshoot, the GIL's holding period at 5 ms and 1 ms, the latency of a
//! GIL-releasing call beside a CPU-bound thread) this module builds the scenario that does
//! the same (`scenes`) and reads the same figure off the model's trace ([`cases`]). It also fits the
//! figures whose link to a measurement goes through the model's own mechanics ([`fit`]): the
//! timer slack (the model's wake-up adds to it), a thread's start costs (the model's
//! handshake adds context switches and GIL hand-offs) and the cost of a thread moving between
//! cores (from the slowdown of more CPU-bound threads than cores); [`load`] reads a profile
//! and fits it.

mod scenes;

use crate::profile::{MachineProfile, ProfileMeasured};
use crate::scenario::{ScenarioError, StartMethod};

pub use crate::profile::Measured;
use scenes::{
    MS, Scene, cpu_processes, cpu_threads, gil_turns, holding_median, model_run, ms,
    process_starts, ratio, release_latency, release_median, sleep_once, thread_start_join,
};

/// A profile read with [`MachineProfile::from_json`] and fitted ([`fit`]). What the app and
/// the CLI load.
pub fn load(text: &str) -> Result<MachineProfile, ScenarioError> {
    let mut p = MachineProfile::from_json(text)?;
    fit(&mut p)?;
    Ok(p)
}

/// Fits the profile's model figures to its measurements, where the measurement is there:
/// the timer slack so that the model's `time.sleep(0.001)` overshoots as measured, the
/// thread create and bootstrap costs (half each) so that the model's start+join of a thread
/// takes the measured time, the cores' parallel efficiency so that the model's speedup of
/// 2..n processes (start costs and all) is the measured one, and (when the profile gives
/// none) the migration cost ([`fit_migration`]). The script's own estimates stay where a
/// measurement is missing.
/// Errs, naming the measurement, when a fitted figure would be past what a scenario takes.
pub fn fit(p: &mut MachineProfile) -> Result<(), ScenarioError> {
    let cores = p.cpus.unwrap_or(2).clamp(1, 64);
    // Medians are finite, 0 to an hour of ms (`MachineProfile::from_json`): the cast is exact
    // enough and never saturates.
    let ns = |m: Option<Measured>| m.map(|m| (m.median * MS as f64).round().max(0.0) as u64);
    if let Some(over) = ns(p.measured.sleep_overshoot_ms) {
        let mut zero = p.clone();
        zero.model.timer_slack_ns = 0;
        if let Some(t) = model_run(&zero, cores, sleep_once()) {
            let base = t.wall_ns.saturating_sub(MS);
            p.model.timer_slack_ns = over.saturating_sub(base);
        }
    }
    if let Some(sj) = ns(p.measured.thread_start_join_ms) {
        let mut zero = p.clone();
        zero.model.thread_create_ns = 0;
        zero.model.thread_bootstrap_ns = 0;
        if let Some(t) = model_run(&zero, cores, thread_start_join()) {
            let total = sj.saturating_sub(t.wall_ns);
            p.model.thread_create_ns = total / 2;
            p.model.thread_bootstrap_ns = total - total / 2;
        }
    }
    let too_big = |field: &str, v: u64, max: u64| {
        (v > max).then(|| {
            ScenarioError::new(
                field,
                format!("gives {v} ns, more than the model takes ({max} ns)"),
            )
        })
    };
    if let Some(e) = too_big(
        "measured.sleep_overshoot_ms",
        p.model.timer_slack_ns,
        1_000_000_000,
    )
    .or_else(|| {
        too_big(
            "measured.thread_start_join_ms",
            p.model.thread_create_ns,
            crate::scenario::MAX_SIM_NS,
        )
    }) {
        return Err(e);
    }
    fit_efficiency(p, cores);
    if p.model.migration_ns.is_none() {
        p.model.migration_ns = Some(fit_migration(p));
    }
    Ok(())
}

/// Entry k-1 of the parallel efficiency, for k = 2..=cores with a measured speedup of k
/// processes: the efficiency (bisection over ceil(1000 / k)..=1000 per mille, what k cores
/// can be: together never slower than one; the speedup grows with it) with which the model's
/// speedup matches. The script's estimate (speedup / k) leaves out that the processes' start
/// costs are part of the measured times.
fn fit_efficiency(p: &mut MachineProfile, cores: u32) {
    let targets: Vec<(u32, f64)> = (2..=cores.min(16))
        .filter_map(|k| Some((k, p.measured.process_speedup.get(&k)?.median)))
        .collect();
    if targets.is_empty() {
        return;
    }
    // The list as given, long enough for the cores measured (never cut).
    let mut eff = p.model.parallel_efficiency_permille.clone();
    let n = (cores.min(16) as usize).max(eff.len());
    eff.resize(n, *eff.last().unwrap_or(&1000));
    for (k, target) in targets {
        let speedup = |e: u32, eff: &mut Vec<u32>| {
            eff[k as usize - 1] = e;
            let mut q = p.clone();
            q.model.parallel_efficiency_permille = eff.clone();
            let one = model_run(&q, cores, cpu_processes(1)).map(|t| t.wall_ns);
            let n = model_run(&q, cores, cpu_processes(k)).map(|t| t.wall_ns);
            ratio(one, n).unwrap_or(0.0)
        };
        let least = 1000u32.div_ceil(k);
        let (mut lo, mut hi) = (least, 1000u32);
        eff[k as usize - 1] = if speedup(hi, &mut eff) <= target {
            hi
        } else if speedup(lo, &mut eff) >= target {
            lo
        } else {
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if speedup(mid, &mut eff) < target {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            hi
        };
    }
    p.model.parallel_efficiency_permille = eff;
}

/// The shipped profile ([`crate::profile::SHIPPED`]), fitted.
pub fn shipped() -> Option<MachineProfile> {
    load(crate::profile::SHIPPED).ok()
}

/// What a figure is measured in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Milliseconds.
    Ms,
    /// A ratio of two wall times.
    Ratio,
}

/// One calibration case: the model's figure beside the measured one.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    /// The case as the profile's `measured` names it (`process_speedup.2`).
    pub name: String,
    /// What it is, for people.
    pub what: String,
    /// What the figures are in.
    pub unit: Unit,
    /// The model's figure; `None` where the model cannot say (its text says why in `what`).
    pub predicted: Option<f64>,
    /// The measured figure; `None` when the measurement lacks the case.
    pub measured: Option<Measured>,
}

impl Case {
    /// (predicted − measured) / measured, when both are there.
    pub fn error(&self) -> Option<f64> {
        let (p, m) = (self.predicted?, self.measured?.median);
        (m != 0.0).then(|| (p - m) / m)
    }
}

/// The model's figure for every case the calibration script measures, on the machine
/// `profile` describes (its costs and its cores), beside `measured` (a profile's
/// measurements: the shipped one's, or a fresh run's read with `MachineProfile::from_json`).
pub fn cases(profile: &MachineProfile, measured: &ProfileMeasured) -> Vec<Case> {
    let cores = profile.cpus.unwrap_or(2).clamp(1, 64);
    let m = |name: &str| measured.get(name);
    let mut out = Vec::new();
    let run = |case: Scene| model_run(profile, cores, case);
    let one_proc = run(cpu_processes(1)).map(|t| t.wall_ns);
    for k in 1..=cores {
        let tk = run(cpu_processes(k)).map(|t| t.wall_ns);
        out.push(Case {
            name: format!("process_speedup.{k}"),
            what: format!("speedup of {k} CPU-bound processes (fork) over 1, 80 ms of work"),
            unit: Unit::Ratio,
            predicted: ratio(one_proc, tk),
            measured: m(&format!("process_speedup.{k}")),
        });
    }
    let one_thread = run(cpu_threads(1)).map(|t| t.wall_ns);
    let top = measured
        .thread_slowdown
        .keys()
        .max()
        .copied()
        .unwrap_or(cores)
        .clamp(2, 16);
    for k in 2..=top {
        let tk = run(cpu_threads(k)).map(|t| t.wall_ns);
        out.push(Case {
            name: format!("thread_slowdown.{k}"),
            what: format!("{k} CPU-bound threads over 1, the same work"),
            unit: Unit::Ratio,
            predicted: ratio(tk, one_thread),
            measured: m(&format!("thread_slowdown.{k}")),
        });
    }
    out.push(Case {
        name: "thread_start_join_ms".into(),
        what: "Thread(target=noop): start() + join()".into(),
        unit: Unit::Ms,
        predicted: run(thread_start_join()).map(|t| ms(t.wall_ns)),
        measured: m("thread_start_join_ms"),
    });
    use StartMethod::{Fork, Forkserver, Spawn};
    for (key, what, method, starts, tiny) in [
        ("fork", "fork: start + join", Fork, 1, true),
        (
            "forkserver_first",
            "forkserver, first start (starts the server and the resource tracker)",
            Forkserver,
            1,
            true,
        ),
        (
            "forkserver",
            "forkserver, later starts",
            Forkserver,
            2,
            true,
        ),
        (
            "spawn_first",
            "spawn, first start (starts the resource tracker)",
            Spawn,
            1,
            true,
        ),
        (
            "spawn",
            "spawn, later starts, empty main module",
            Spawn,
            2,
            true,
        ),
        (
            "spawn_lesson_main",
            "spawn, later starts, a main module importing what a lesson's does",
            Spawn,
            2,
            false,
        ),
    ] {
        // A later start is the second of two in a row, less the first.
        let mut p = profile.clone();
        if tiny {
            p.model.start_costs.main_import_ns = 0;
        }
        let wall = |n: u32| model_run(&p, cores, process_starts(method, n)).map(|t| t.wall_ns);
        let predicted = if starts == 1 {
            wall(1).map(ms)
        } else {
            wall(2).zip(wall(1)).map(|(b, a)| ms(b.saturating_sub(a)))
        };
        out.push(Case {
            name: format!("process_start_join_ms.{key}"),
            what: what.into(),
            unit: Unit::Ms,
            predicted,
            measured: m(&format!("process_start_join_ms.{key}")),
        });
    }
    out.push(Case {
        name: "process_start_join_ms.spawn_heavy_import".into(),
        what: "spawn, a main module importing json, email, http, xml, asyncio, unittest (not \
               predicted: the model knows the import cost of a lesson's main module only)"
            .into(),
        unit: Unit::Ms,
        predicted: None,
        measured: m("process_start_join_ms.spawn_heavy_import"),
    });
    out.push(Case {
        name: "sleep_overshoot_ms".into(),
        what: "time.sleep(0.001): how late it returns".into(),
        unit: Unit::Ms,
        predicted: run(sleep_once()).map(|t| ms(t.wall_ns.saturating_sub(MS))),
        measured: m("sleep_overshoot_ms"),
    });
    for (key, interval, seconds) in [("5", 5 * MS, 150 * MS), ("1", MS, 50 * MS)] {
        out.push(Case {
            name: format!("gil_hold_ms.{key}"),
            what: format!("GIL holding period of 2 CPU-bound threads, switch interval {key} ms"),
            unit: Unit::Ms,
            predicted: run(gil_turns(interval, seconds)).and_then(|t| holding_median(&t)),
            measured: m(&format!("gil_hold_ms.{key}")),
        });
    }
    out.push(Case {
        name: "release_latency_ms".into(),
        what: "an I/O wait's end to the reader running Python again, beside a CPU-bound thread"
            .into(),
        unit: Unit::Ms,
        predicted: run(release_latency()).and_then(|t| release_median(&t)),
        measured: m("release_latency_ms"),
    });
    out
}

/// The migration cost (ns) with which the model's slowdown of the most CPU-bound threads the
/// profile measured (more than its cores) matches the measured one; 0 when the profile has no
/// such figure or the model is already as slow without it. Bisection over 0..=2 ms (the
/// slowdown grows with the cost).
pub fn fit_migration(profile: &MachineProfile) -> u64 {
    let cores = profile.cpus.unwrap_or(2).clamp(1, 64);
    let Some((k, target)) = profile
        .measured
        .thread_slowdown
        .iter()
        .map(|(&k, m)| (k, m.median))
        .filter(|&(k, _)| k > cores && k <= 16)
        .max_by_key(|&(k, _)| k)
    else {
        return 0;
    };
    let slowdown = |mig: u64| {
        let mut p = profile.clone();
        p.model.migration_ns = Some(mig);
        let one = model_run(&p, cores, cpu_threads(1)).map(|t| t.wall_ns);
        let n = model_run(&p, cores, cpu_threads(k)).map(|t| t.wall_ns);
        ratio(n, one).unwrap_or(0.0)
    };
    if slowdown(0) >= target {
        return 0;
    }
    let (mut lo, mut hi) = (0u64, 2 * MS);
    if slowdown(hi) < target {
        return hi;
    }
    while hi - lo > 1_000 {
        let mid = lo + (hi - lo) / 2;
        if slowdown(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}
