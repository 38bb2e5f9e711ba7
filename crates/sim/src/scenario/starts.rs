//! Who starts whom: every thread but a main one, and every process but the first, must be
//! started exactly once, and must be able to start: reachable from the main thread of
//! `processes[0]` through `start_thread` and `start_process` steps (a process's main thread
//! starts with its process). A cycle of starts, or a start only from a thread that can never
//! start, is refused naming the thread or process. Linear in the number of threads.

use super::{Scenario, ScenarioError};

/// The starts the programs make, counted after expanding repeats, with the thread that makes
/// each (the last one seen; only one is left once each is started exactly once).
pub(super) struct Starts {
    /// Per process, per thread: how often it is started, and by which thread of its process.
    threads: Vec<Vec<(u64, usize)>>,
    /// Per process: how often it is started, and by which thread (process, thread).
    procs: Vec<(u64, (usize, usize))>,
}

/// A thread, as (process, thread) indices.
type At = (usize, usize);

impl Starts {
    /// No starts yet, for the processes and threads of `sc`.
    pub(super) fn new(sc: &Scenario) -> Self {
        Starts {
            threads: sc
                .processes
                .iter()
                .map(|p| vec![(0, 0); p.threads.len()])
                .collect(),
            procs: vec![(0, (0, 0)); sc.processes.len()],
        }
    }

    /// Thread `by` starts thread `ti` of process `pi` (its own), `times` times.
    pub(super) fn thread(&mut self, (pi, ti): At, by: usize, times: u64) {
        let s = &mut self.threads[pi][ti];
        *s = (s.0.saturating_add(times), by);
    }

    /// Thread `by` starts process `pi`, `times` times.
    pub(super) fn process(&mut self, pi: usize, by: At, times: u64) {
        let s = &mut self.procs[pi];
        *s = (s.0.saturating_add(times), by);
    }

    /// Every thread but a main one and every process but the first is started exactly once,
    /// and can start.
    pub(super) fn check(&self, sc: &Scenario) -> Result<(), ScenarioError> {
        self.check_counts()?;
        let can = self.can_start();
        for (pi, p) in sc.processes.iter().enumerate() {
            if !can[pi][0] {
                let (by, cycle) = self.why(&can, (pi, 0));
                let by = format!(
                    "thread `{}` of process `{}`",
                    sc.processes[by.0].threads[by.1].name, sc.processes[by.0].name
                );
                return Err(never(format!("processes[{pi}]"), "process", &by, cycle));
            }
            for ti in 1..p.threads.len() {
                if !can[pi][ti] {
                    let (by, cycle) = self.why(&can, (pi, ti));
                    let by = format!("thread `{}`", p.threads[by.1].name);
                    let path = format!("processes[{pi}].threads[{ti}]");
                    return Err(never(path, "thread", &by, cycle));
                }
            }
        }
        Ok(())
    }

    /// Every thread but a main one and every process but the first is started exactly once.
    fn check_counts(&self) -> Result<(), ScenarioError> {
        for (pi, ts) in self.threads.iter().enumerate() {
            for (ti, &(n, _)) in ts.iter().enumerate().skip(1) {
                if n != 1 {
                    return Err(ScenarioError::new(
                        format!("processes[{pi}].threads[{ti}]"),
                        if n == 0 {
                            "this thread is never started (add a start_thread step)".to_string()
                        } else {
                            format!(
                                "this thread is started {n} times; a thread can be started only once"
                            )
                        },
                    ));
                }
            }
            let n = self.procs[pi].0;
            if pi > 0 && n != 1 {
                return Err(ScenarioError::new(
                    format!("processes[{pi}]"),
                    if n == 0 {
                        "this process is never started (add a start_process step)".to_string()
                    } else {
                        format!(
                            "this process is started {n} times; a process can be started only once"
                        )
                    },
                ));
            }
        }
        Ok(())
    }

    /// The thread that starts thread `at` (for a main thread, the one that starts its
    /// process); none for the main thread of the main process.
    fn starter(&self, (pi, ti): At) -> Option<At> {
        match (pi, ti) {
            (0, 0) => None,
            (_, 0) => Some(self.procs[pi].1),
            _ => Some((pi, self.threads[pi][ti].1)),
        }
    }

    /// Which threads can start: each follows its chain of starters until a thread whose answer
    /// is known, the main thread of the main process (yes) or one on the chain (a cycle: no).
    /// Every thread is on one chain only once, so this is linear.
    fn can_start(&self) -> Vec<Vec<bool>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            Unknown,
            OnChain,
            Known(bool),
        }
        let mut mark: Vec<Vec<Mark>> = self
            .threads
            .iter()
            .map(|ts| vec![Mark::Unknown; ts.len()])
            .collect();
        let mut chain = Vec::new();
        for pi in 0..self.threads.len() {
            for ti in 0..self.threads[pi].len() {
                let mut at = (pi, ti);
                let answer = loop {
                    match mark[at.0][at.1] {
                        Mark::Known(yes) => break yes,
                        Mark::OnChain => break false,
                        Mark::Unknown => {}
                    }
                    mark[at.0][at.1] = Mark::OnChain;
                    chain.push(at);
                    match self.starter(at) {
                        Some(next) => at = next,
                        None => break true,
                    }
                };
                for (p, t) in chain.drain(..) {
                    mark[p][t] = Mark::Known(answer);
                }
            }
        }
        mark.iter()
            .map(|ms| ms.iter().map(|&m| m == Mark::Known(true)).collect())
            .collect()
    }

    /// Why thread `at` can never start: its starter, and whether its chain of starters leads
    /// back to it (a cycle) rather than into a cycle elsewhere.
    fn why(&self, can: &[Vec<bool>], at: At) -> (At, bool) {
        let by = self
            .starter(at)
            .expect("the main thread of the main process can start");
        let total: usize = can.iter().map(Vec::len).sum();
        let mut next = Some(by);
        for _ in 0..total {
            match next {
                Some(n) if n == at => return (by, true),
                Some(n) => next = self.starter(n),
                None => break,
            }
        }
        (by, false)
    }
}

/// The error of a `what` (thread or process) at `path` that only `by` starts, which can never
/// start either, on a cycle of starts with it or not.
fn never(path: String, what: &str, by: &str, cycle: bool) -> ScenarioError {
    let reason = if cycle {
        format!("{by}, which can only start after it (a cycle of starts)")
    } else {
        format!("{by}, which can never start itself")
    };
    ScenarioError::new(
        path,
        format!("this {what} can never start: it is started only by {reason}"),
    )
}
