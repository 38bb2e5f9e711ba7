//! The parameters a teacher changes in place on a lesson (cores, threads or processes, switch
//! interval, GIL mode, start method, seed): read off a scenario, checked, and applied to a
//! lesson's scenario. Shared by the simulator's form and by links, so both mean the same.

use crate::scenario::{GilMode, MIN_SWITCH_INTERVAL_NS, Scenario, ScenarioError, StartMethod};
use serde::{Deserialize, Serialize};

/// The most cores, and threads or processes, the parameters offer (a lesson, not a server).
pub const MAX_PARAM_COUNT: u32 = 64;
/// The longest switch interval the parameters offer, ns (1 s).
pub const MAX_PARAM_SWITCH_INTERVAL_NS: u64 = 1_000_000_000;

/// The parameters of one run of a lesson.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// CPU cores, 1..=[`MAX_PARAM_COUNT`].
    pub cores: u32,
    /// Threads or processes of a workload lesson, 1..=[`MAX_PARAM_COUNT`] (`None`: the lesson
    /// fixes its own threads).
    pub workers: Option<u32>,
    /// `sys.setswitchinterval`, ns.
    pub switch_interval_ns: u64,
    /// Which GIL.
    pub gil: GilMode,
    /// `multiprocessing`'s start method of a workload lesson (`None`: the lesson has none).
    pub start_method: Option<StartMethod>,
    /// The run's seed.
    pub seed: u64,
}

impl Params {
    /// The parameters a scenario runs with.
    pub fn of(sc: &Scenario) -> Params {
        Params {
            cores: sc.machine.cores,
            workers: sc.workload.as_ref().map(|w| w.work.worker_count()),
            switch_interval_ns: sc.runtime.switch_interval_ns,
            gil: sc.runtime.gil,
            start_method: sc.workload.as_ref().map(|w| w.work.start_method),
            seed: sc.seed,
        }
    }

    /// Whether every number is in the range the parameters offer; the error names the field.
    pub fn check(&self) -> Result<(), ScenarioError> {
        let count = |field: &str, v: u32| {
            if (1..=MAX_PARAM_COUNT).contains(&v) {
                Ok(())
            } else {
                Err(ScenarioError::new(
                    field,
                    format!("{v} is out of range (1 to {MAX_PARAM_COUNT})"),
                ))
            }
        };
        count("cores", self.cores)?;
        if let Some(w) = self.workers {
            count("workers", w)?;
        }
        let si = self.switch_interval_ns;
        if !(MIN_SWITCH_INTERVAL_NS..=MAX_PARAM_SWITCH_INTERVAL_NS).contains(&si) {
            return Err(ScenarioError::new(
                "switch_interval_ns",
                format!(
                    "{si} is out of range ({MIN_SWITCH_INTERVAL_NS} to {MAX_PARAM_SWITCH_INTERVAL_NS})"
                ),
            ));
        }
        Ok(())
    }

    /// The lesson's scenario with these parameters, validated; errors name the field.
    /// `workers` and `start_method` apply to a workload lesson only.
    pub fn apply(&self, base: &Scenario) -> Result<Scenario, ScenarioError> {
        self.check()?;
        let mut sc = base.clone();
        sc.machine.cores = self.cores;
        sc.runtime.gil = self.gil;
        sc.runtime.switch_interval_ns = self.switch_interval_ns;
        sc.seed = self.seed;
        if let Some(w) = sc.workload.as_mut() {
            if let Some(n) = self.workers {
                // One task per worker at least, so n threads (or processes) really run.
                w.work.workers = n;
                w.work.tasks = w.work.tasks.max(n);
            }
            if let Some(m) = self.start_method {
                w.work.start_method = m;
            }
        }
        let sc = match sc.rebuild(None, &sc.setup()) {
            Some(rebuilt) => rebuilt?,
            None => sc,
        };
        sc.validate()?;
        Ok(sc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    #[test]
    fn every_lesson_reads_back_its_own_parameters() {
        for p in presets::all() {
            let params = Params::of(&p.scenario);
            params.check().unwrap_or_else(|e| panic!("{}: {e}", p.name));
            let sc = params.apply(&p.scenario).expect(p.name);
            assert_eq!(Params::of(&sc), params, "{}", p.name);
        }
    }

    #[test]
    fn out_of_range_numbers_name_the_field() {
        let base = presets::get(presets::DEFAULT).unwrap().scenario;
        let good = Params::of(&base);
        for (bad, field) in [
            (
                Params {
                    cores: 0,
                    ..good.clone()
                },
                "cores",
            ),
            (
                Params {
                    cores: 65,
                    ..good.clone()
                },
                "cores",
            ),
            (
                Params {
                    workers: Some(0),
                    ..good.clone()
                },
                "workers",
            ),
            (
                Params {
                    switch_interval_ns: 999,
                    ..good.clone()
                },
                "switch_interval_ns",
            ),
            (
                Params {
                    switch_interval_ns: 1_000_000_001,
                    ..good.clone()
                },
                "switch_interval_ns",
            ),
        ] {
            let e = bad.apply(&base).unwrap_err();
            assert_eq!(e.path, field, "{e}");
        }
        let sc = Params {
            cores: 3,
            workers: Some(5),
            ..good
        }
        .apply(&base)
        .unwrap();
        assert_eq!(sc.machine.cores, 3);
        assert_eq!(Params::of(&sc).workers, Some(5));
    }
}
