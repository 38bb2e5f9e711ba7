//! The measurements beside the model: speedup, parallel efficiency, the model's prediction for
//! the same job and core count (`gil_sim::predict`), and the results table's rows built from
//! them. Pure: no browser calls.

use super::measured::{Measurement, SWITCH_INTERVAL_NS};
use gil_sim::{LabJob, Prediction};
use gil_work::{Job, Strategy};
use std::rc::Rc;

/// One row of the results table: a measurement with its speedup and the model's prediction.
#[derive(Clone, Debug, PartialEq)]
pub struct ResultRow {
    pub m: Rc<Measurement>,
    pub speedup: Option<f64>,
    pub predicted_ns: Option<u64>,
}

/// The table's rows, one per result, in the results' order. Without a sequential baseline
/// there is no speedup and no prediction.
pub fn result_rows(results: &[Rc<Measurement>], cores: u32) -> Vec<ResultRow> {
    let seq = results.iter().find(|r| r.run.mode == Strategy::Sequential);
    let start_ns = results
        .iter()
        .find_map(|r| r.median_start_ns())
        .unwrap_or(0);
    results
        .iter()
        .map(|m| {
            let (speedup, predicted_ns) = match seq {
                Some(s) => {
                    let run = &m.run;
                    let p = predict(s.elapsed_ns(), &run.job, run.workers, cores, start_ns).ok();
                    (
                        Some(speedup(s.elapsed_ns(), m.elapsed_ns())),
                        p.map(|p| predicted_ns(&p, run.mode)),
                    )
                }
                None => (None, None),
            };
            ResultRow {
                m: m.clone(),
                speedup,
                predicted_ns,
            }
        })
        .collect()
}

/// Sequential time / this time (0 when either is 0).
pub fn speedup(sequential_ns: u64, ns: u64) -> f64 {
    if sequential_ns == 0 || ns == 0 {
        0.0
    } else {
        sequential_ns as f64 / ns as f64
    }
}

/// Speedup per worker: 1.0 means every worker was fully used.
pub fn efficiency(speedup: f64, workers: u32) -> f64 {
    speedup / f64::from(workers.max(1))
}

/// (measured - predicted) / predicted, in percent.
pub fn difference_percent(measured_ns: u64, predicted_ns: u64) -> Option<f64> {
    (predicted_ns > 0)
        .then(|| (measured_ns as f64 - predicted_ns as f64) / predicted_ns as f64 * 100.0)
}

/// The model's prediction for this job: the measured sequential time is the job's CPU work.
pub fn predict(
    sequential_ns: u64,
    job: &Job,
    workers: u32,
    cores: u32,
    process_start_ns: u64,
) -> Result<Prediction, String> {
    gil_sim::predict(&LabJob {
        job_ns: sequential_ns.max(1),
        chunks: job.chunks,
        workers: workers.max(1),
        cores: cores.max(1),
        switch_interval_ns: SWITCH_INTERVAL_NS,
        process_start_ns,
    })
    .map_err(|e| e.to_string())
}

/// The predicted time of one mode.
pub fn predicted_ns(p: &Prediction, mode: Strategy) -> u64 {
    match mode {
        Strategy::Sequential => p.sequential_ns,
        Strategy::Threads => p.threads_ns,
        Strategy::Gil => p.threads_gil_ns,
        Strategy::Processes => p.processes_ns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_work::Kernel;

    #[test]
    fn speedup_efficiency_and_difference() {
        assert_eq!(speedup(2_000, 1_000), 2.0);
        assert_eq!(speedup(0, 1_000), 0.0);
        assert_eq!(efficiency(1.8, 2), 0.9);
        assert_eq!(difference_percent(110, 100), Some(10.0));
        assert_eq!(difference_percent(110, 0), None);
    }

    #[test]
    fn prediction_follows_the_model() {
        let job = Job::new(Kernel::Primes, 1_000_000, 16).unwrap();
        let p = predict(400_000_000, &job, 2, 2, 30_000_000).unwrap();
        assert!(p.threads_ns < p.sequential_ns * 6 / 10, "{p:?}");
        assert!(p.threads_gil_ns >= p.sequential_ns * 9 / 10, "{p:?}");
        assert!(p.processes_ns > p.threads_ns, "{p:?}");
        assert_eq!(predicted_ns(&p, Strategy::Gil), p.threads_gil_ns);
    }

    #[test]
    fn rows_compare_each_mode_with_the_sequential_baseline_when_there_is_one() {
        use crate::lab::measured::fixtures::{measured, stamp};
        let threads = Rc::new(measured(Strategy::Threads, 2, vec![stamp(0, 0, 0, 1)]));
        let rows = result_rows(std::slice::from_ref(&threads), 2);
        assert_eq!((rows[0].speedup, rows[0].predicted_ns), (None, None));
        let mut seq = measured(Strategy::Sequential, 1, vec![stamp(0, 0, 0, 1)]);
        seq.run.end_ns = seq.run.start_ns + 20_000_000;
        let rows = result_rows(&[Rc::new(seq), threads], 2);
        assert_eq!(rows[1].speedup, Some(2.0), "20 ms against 10 ms");
        let p = rows[1].predicted_ns.expect("a prediction");
        assert!(p < 20_000_000, "two threads on two cores beat one: {p}");
    }
}
