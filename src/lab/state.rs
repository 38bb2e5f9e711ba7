//! The lab's state as a pure reducer (`Reducible`, driven by `use_reducer`): the run plan (which
//! modes run, in which order, on which job), the checks of a request to start one (errors name
//! the limit), its progress step by step, cancelling, what a failed or cancelled mode leaves,
//! and the finished results. No browser calls: the driver executes the steps this plans.

use super::compare::{ResultRow, result_rows};
use super::inputs::{Inputs, parse};
use super::measured::{Measurement, RunError};
use super::strategy_title;
use gil_work::{Job, Strategy};
use std::rc::Rc;
use yew::Reducible;

/// Which modes a run does, in order. A single mode other than sequential needs a sequential
/// baseline of the same job first (for speedups and the model's prediction).
pub fn plan(choice: Option<Strategy>, threads_ok: bool, have_baseline: bool) -> Vec<Strategy> {
    let allowed = |m: &Strategy| threads_ok || !matches!(m, Strategy::Threads | Strategy::Gil);
    match choice {
        None => Strategy::ALL.into_iter().filter(allowed).collect(),
        Some(Strategy::Sequential) => vec![Strategy::Sequential],
        Some(m) if allowed(&m) && have_baseline => vec![m],
        Some(m) if allowed(&m) => vec![Strategy::Sequential, m],
        Some(_) => Vec::new(),
    }
}

/// A line for people under the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    Error(String),
    Status(String),
}

/// One mode of a plan, as the driver executes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The plan it belongs to ([`Plan::id`]).
    pub plan: u32,
    /// Its place in the plan, from 0.
    pub index: usize,
    pub mode: Strategy,
    pub job: Job,
    pub workers: u32,
    /// On the page's thread pool (else in separate "process" workers).
    pub on_pool: bool,
}

/// The run plan being carried out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Distinguishes this plan from earlier ones, so a late report of an old step is ignored.
    pub id: u32,
    pub modes: Vec<Strategy>,
    /// The current mode, an index into `modes`.
    pub step: usize,
    pub job: Job,
    /// Workers of every mode but sequential.
    pub workers: u32,
    /// The page has a thread pool: every mode but processes runs on it.
    pub pool: bool,
    /// The driver has started the current step.
    pub started: bool,
    /// Cancel was pressed; the current step is being stopped.
    pub cancelling: bool,
}

impl Plan {
    pub fn mode(&self) -> Strategy {
        self.modes[self.step.min(self.modes.len().saturating_sub(1))]
    }

    /// The current step.
    pub fn current(&self) -> Step {
        let mode = self.mode();
        Step {
            plan: self.id,
            index: self.step,
            mode,
            job: self.job,
            workers: if mode == Strategy::Sequential {
                1
            } else {
                self.workers
            },
            on_pool: self.pool && mode != Strategy::Processes,
        }
    }
}

/// A request to run: the form's inputs and strategy, and what the page offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub inputs: Inputs,
    /// `None`: all four modes.
    pub choice: Option<Strategy>,
    /// Logical cores: the most workers, and the model's core count.
    pub cores: u32,
    /// Threads of the page's pool (0: no pool, the threads modes are off).
    pub pool_threads: u32,
}

/// What can happen to the lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Run was pressed.
    Start(Request),
    /// Cancel was pressed.
    Cancel,
    /// The driver started step `step` of plan `plan`.
    StepStarted { plan: u32, step: usize },
    /// Step `step` of plan `plan` ended, with a measurement or why not.
    StepEnded {
        plan: u32,
        step: usize,
        outcome: Result<Measurement, RunError>,
    },
}

/// Everything the lab shows that outlives one render, except the live progress counters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabState {
    /// The run going on, if any.
    pub plan: Option<Plan>,
    /// Finished modes of the job in the table, in `Strategy::ALL` order.
    results: Vec<Rc<Measurement>>,
    /// The table's rows with speedups and predictions (recomputed when a result comes in,
    /// never per render: a prediction runs the model).
    pub rows: Rc<[ResultRow]>,
    cores: u32,
    pub message: Option<Message>,
    /// Runs that ended (finished, cancelled or failed): lets tests wait for the end of a run.
    pub runs_ended: u32,
    /// Plans made so far: the next plan's id.
    plans_made: u32,
}

impl Reducible for LabState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        if next.apply(action) {
            Rc::new(next)
        } else {
            self
        }
    }
}

impl LabState {
    /// The step the driver should start now, if any.
    pub fn step_to_start(&self) -> Option<Step> {
        self.plan
            .as_ref()
            .filter(|p| !p.started && !p.cancelling)
            .map(Plan::current)
    }

    /// The finished results, in `Strategy::ALL` order.
    pub fn results(&self) -> &[Rc<Measurement>] {
        &self.results
    }

    /// Applies `action`; false if it changed nothing.
    pub fn apply(&mut self, action: Action) -> bool {
        match action {
            Action::Start(request) => {
                self.start(request);
                true
            }
            Action::Cancel => self.cancel(),
            Action::StepStarted { plan, step } => match self.plan.as_mut() {
                Some(p) if p.id == plan && p.step == step && !p.started => {
                    p.started = true;
                    true
                }
                _ => false,
            },
            Action::StepEnded {
                plan,
                step,
                outcome,
            } => self.step_ended(plan, step, outcome),
        }
    }

    fn refuse(&mut self, why: String) {
        self.message = Some(Message::Error(why));
    }

    fn start(&mut self, r: Request) {
        if self.plan.is_some() {
            return self
                .refuse("A run is already going: wait for it to finish or press Cancel.".into());
        }
        let (job, workers) = match parse(&r.inputs, r.cores) {
            Ok(v) => v,
            Err(e) => return self.refuse(e),
        };
        let threads_ok = r.pool_threads > 0;
        let wants_threads = matches!(
            r.choice,
            None | Some(Strategy::Threads) | Some(Strategy::Gil)
        );
        if threads_ok && wants_threads && workers > r.pool_threads {
            return self.refuse(format!(
                "Workers must be at most {} for the threads modes (the size of the thread pool), got {workers}",
                r.pool_threads
            ));
        }
        let same_job = self.results.first().is_some_and(|m| m.run.job == job);
        if !same_job || r.choice.is_none() {
            self.results.clear();
            self.rows = Rc::default();
        }
        self.cores = r.cores;
        let have_baseline = self
            .results
            .iter()
            .any(|m| m.run.mode == Strategy::Sequential);
        let modes = plan(r.choice, threads_ok, have_baseline);
        if modes.is_empty() {
            return self.refuse("This mode needs real threads, which are off on this page.".into());
        }
        self.message = None;
        self.plans_made += 1;
        self.plan = Some(Plan {
            id: self.plans_made,
            modes,
            step: 0,
            job,
            workers,
            pool: threads_ok,
            started: false,
            cancelling: false,
        });
    }

    fn cancel(&mut self) -> bool {
        let Some(p) = self.plan.as_mut().filter(|p| !p.cancelling) else {
            return false;
        };
        p.cancelling = true;
        if !p.started {
            // Nothing is executing: the run ends here.
            self.end();
        }
        true
    }

    fn step_ended(&mut self, id: u32, step: usize, outcome: Result<Measurement, RunError>) -> bool {
        let Some(p) = self.plan.as_ref().filter(|p| p.id == id && p.step == step) else {
            return false;
        };
        let mode = p.mode();
        match outcome {
            Ok(m) => {
                self.insert(m);
                let p = self.plan.as_mut().expect("checked above");
                p.step += 1;
                p.started = false;
                if p.step < p.modes.len() && !p.cancelling {
                    return true;
                }
            }
            Err(RunError::Cancelled) => {
                let text = format!("Cancelled during {}.", strategy_title(mode));
                self.message = Some(Message::Status(text));
            }
            Err(RunError::Failed(why)) => {
                self.refuse(format!("{} failed: {why}", strategy_title(mode)));
            }
        }
        self.end();
        true
    }

    /// The run ends (finished, cancelled or failed).
    fn end(&mut self) {
        let cancelled = self.plan.take().is_some_and(|p| p.cancelling);
        if cancelled && self.message.is_none() {
            self.message = Some(Message::Status("Cancelled.".into()));
        }
        self.runs_ended += 1;
    }

    /// Adds a finished mode, replacing an earlier result of the same mode.
    fn insert(&mut self, m: Measurement) {
        self.results.retain(|r| r.run.mode != m.run.mode);
        self.results.push(Rc::new(m));
        self.results
            .sort_by_key(|r| Strategy::ALL.iter().position(|&x| x == r.run.mode));
        self.rows = result_rows(&self.results, self.cores).into();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::measured::fixtures::stamp;
    use gil_work::{Kernel, Run};

    fn request(choice: Option<Strategy>, size: &str, workers: &str, pool_threads: u32) -> Action {
        Action::Start(Request {
            inputs: Inputs {
                kernel: Kernel::Primes,
                size: size.into(),
                chunks: "4".into(),
                workers: workers.into(),
            },
            choice,
            cores: 4,
            pool_threads,
        })
    }

    /// What the driver would measure for `step`: `ms` milliseconds, result 4.
    fn measured(step: Step, ms: u64) -> Measurement {
        let end_ns = ms * 1_000_000;
        let chunks = (0..4)
            .map(|c| stamp(c % step.workers, c, 0, end_ns))
            .collect();
        let run = Run {
            mode: step.mode,
            workers: step.workers,
            job: step.job,
            result: 4,
            start_ns: 0,
            end_ns,
            chunks,
            gil: None,
        };
        Measurement::on_pool(run)
    }

    /// Starts the step the state asks for, as the driver does; returns it.
    fn start_step(s: &mut LabState) -> Step {
        let step = s.step_to_start().expect("a step to start");
        assert!(s.apply(Action::StepStarted {
            plan: step.plan,
            step: step.index,
        }));
        assert_eq!(
            s.step_to_start(),
            None,
            "a started step is not started twice"
        );
        step
    }

    fn end_step(s: &mut LabState, step: Step, outcome: Result<Measurement, RunError>) {
        assert!(s.apply(Action::StepEnded {
            plan: step.plan,
            step: step.index,
            outcome,
        }));
    }

    /// Runs every step of the plan to the end, each taking `ms` milliseconds.
    fn finish(s: &mut LabState, ms: u64) -> Vec<Step> {
        let mut steps = Vec::new();
        while s.plan.is_some() {
            let step = start_step(s);
            end_step(s, step, Ok(measured(step, ms)));
            steps.push(step);
        }
        steps
    }

    fn modes(s: &LabState) -> Vec<Strategy> {
        s.rows.iter().map(|r| r.m.mode).collect()
    }

    fn error(s: &LabState) -> &str {
        match &s.message {
            Some(Message::Error(e)) => e,
            other => panic!("no error: {other:?}"),
        }
    }

    #[test]
    fn a_run_plans_a_baseline_and_skips_threads_when_they_are_off() {
        use Strategy::*;
        assert_eq!(
            plan(None, true, false),
            [Sequential, Threads, Gil, Processes]
        );
        assert_eq!(plan(None, false, true), [Sequential, Processes]);
        assert_eq!(plan(Some(Gil), true, false), [Sequential, Gil]);
        assert_eq!(plan(Some(Gil), true, true), [Gil]);
        assert_eq!(plan(Some(Threads), false, true), []);
        assert_eq!(plan(Some(Processes), false, false), [Sequential, Processes]);
        assert_eq!(plan(Some(Sequential), false, true), [Sequential]);
    }

    #[test]
    fn all_four_modes_run_in_order_with_their_sizes_then_the_run_ends() {
        use Strategy::*;
        let mut s = LabState::default();
        assert!(s.apply(request(None, "1000", "2", 4)));
        let plan = s.plan.clone().unwrap();
        assert_eq!(plan.modes, [Sequential, Threads, Gil, Processes]);
        assert_eq!((plan.job.size, plan.job.chunks), (1000, 4));
        let steps = finish(&mut s, 10);
        let shape: Vec<_> = steps
            .iter()
            .map(|p| (p.index, p.mode, p.workers, p.on_pool))
            .collect();
        assert_eq!(
            shape,
            [
                (0, Sequential, 1, true),
                (1, Threads, 2, true),
                (2, Gil, 2, true),
                (3, Processes, 2, false),
            ],
            "sequential has one worker; processes never run on the pool"
        );
        assert_eq!((s.runs_ended, &s.message), (1, &None));
        assert_eq!(modes(&s), [Sequential, Threads, Gil, Processes]);
        assert!(
            s.rows
                .iter()
                .all(|r| r.speedup == Some(1.0) && r.predicted_ns.is_some()),
            "speedups and predictions against the sequential baseline"
        );
    }

    #[test]
    fn without_a_pool_the_threads_modes_are_skipped_and_sequential_runs_in_a_worker() {
        use Strategy::*;
        let mut s = LabState::default();
        s.apply(request(None, "1000", "3", 0));
        assert_eq!(s.plan.as_ref().unwrap().modes, [Sequential, Processes]);
        let steps = finish(&mut s, 10);
        assert!(steps.iter().all(|p| !p.on_pool));
        assert_eq!(steps[1].workers, 3, "up to the cores, not a pool's size");
        // A threads mode alone cannot run at all.
        s.apply(request(Some(Gil), "1000", "2", 0));
        assert_eq!(
            error(&s),
            "This mode needs real threads, which are off on this page."
        );
        assert_eq!(s.plan, None);
    }

    #[test]
    fn bad_requests_are_refused_with_errors_that_name_the_limit() {
        let mut s = LabState::default();
        s.apply(request(None, "60000000", "2", 4));
        assert!(
            error(&s).contains("the limit is 50000000"),
            "{:?}",
            s.message
        );
        s.apply(request(None, "1000", "5", 4));
        assert!(error(&s).starts_with("Workers must be between 1 and 4 (your logical cores)"));
        s.apply(request(Some(Strategy::Gil), "1000", "3", 2));
        assert_eq!(
            error(&s),
            "Workers must be at most 2 for the threads modes (the size of the thread pool), got 3"
        );
        // The pool's size does not bound processes.
        s.apply(request(Some(Strategy::Processes), "1000", "3", 2));
        assert_eq!((s.plan.is_some(), &s.message), (true, &None));
        // Nor does anything start while a run goes.
        let before = s.plan.clone();
        s.apply(request(None, "1000", "2", 2));
        assert!(error(&s).starts_with("A run is already going"));
        assert_eq!(s.plan, before, "the run goes on");
        assert_eq!(s.runs_ended, 0, "no refused request counts as a run");
    }

    #[test]
    fn one_mode_reuses_the_baseline_of_the_same_job_and_another_job_starts_afresh() {
        use Strategy::*;
        let mut s = LabState::default();
        s.apply(request(Some(Gil), "1000", "2", 2));
        assert_eq!(s.plan.as_ref().unwrap().modes, [Sequential, Gil]);
        finish(&mut s, 10);
        s.apply(request(Some(Threads), "1000", "2", 2));
        assert_eq!(s.plan.as_ref().unwrap().modes, [Threads], "baseline kept");
        finish(&mut s, 5);
        assert_eq!(modes(&s), [Sequential, Threads, Gil], "in table order");
        assert_eq!(s.rows[1].speedup, Some(2.0));
        s.apply(request(Some(Threads), "2000", "2", 2));
        assert_eq!(s.plan.as_ref().unwrap().modes, [Sequential, Threads]);
        assert!(s.rows.is_empty(), "a new job clears the old job's results");
        finish(&mut s, 10);
        s.apply(request(None, "2000", "2", 2));
        assert!(s.rows.is_empty(), "all four modes start afresh");
    }

    #[test]
    fn cancel_stops_the_step_in_flight_and_says_which_mode_it_stopped() {
        let mut s = LabState::default();
        s.apply(request(None, "1000", "2", 2));
        let seq = start_step(&mut s);
        end_step(&mut s, seq, Ok(measured(seq, 10)));
        let threads = start_step(&mut s);
        assert!(s.apply(Action::Cancel));
        let plan = s.plan.as_ref().unwrap();
        assert!(plan.cancelling);
        assert_eq!(
            s.step_to_start(),
            None,
            "nothing new starts while cancelling"
        );
        assert!(!s.apply(Action::Cancel), "a second cancel changes nothing");
        end_step(&mut s, threads, Err(RunError::Cancelled));
        assert_eq!(s.plan, None);
        assert_eq!(
            s.message,
            Some(Message::Status("Cancelled during Threads (no GIL).".into()))
        );
        assert_eq!(s.runs_ended, 1);
        assert_eq!(
            modes(&s),
            [Strategy::Sequential],
            "a cancelled mode leaves no result"
        );
    }

    #[test]
    fn a_step_that_finishes_despite_cancel_keeps_its_result_and_the_run_ends() {
        let mut s = LabState::default();
        s.apply(request(None, "1000", "2", 2));
        let seq = start_step(&mut s);
        s.apply(Action::Cancel);
        end_step(&mut s, seq, Ok(measured(seq, 10)));
        assert_eq!(s.plan, None, "no further mode starts");
        assert_eq!(s.message, Some(Message::Status("Cancelled.".into())));
        assert_eq!(modes(&s), [Strategy::Sequential]);
    }

    #[test]
    fn cancel_between_steps_ends_the_run_at_once() {
        let mut s = LabState::default();
        s.apply(request(None, "1000", "2", 2));
        let seq = start_step(&mut s);
        end_step(&mut s, seq, Ok(measured(seq, 10)));
        assert!(s.apply(Action::Cancel), "before the driver starts threads");
        assert_eq!((s.plan.is_none(), s.runs_ended), (true, 1));
        assert_eq!(s.message, Some(Message::Status("Cancelled.".into())));
        assert!(!s.apply(Action::Cancel), "nothing left to cancel");
    }

    #[test]
    fn a_failed_mode_ends_the_run_with_an_error_naming_the_mode() {
        let mut s = LabState::default();
        s.apply(request(Some(Strategy::Processes), "1000", "2", 0));
        let seq = start_step(&mut s);
        end_step(&mut s, seq, Ok(measured(seq, 10)));
        let procs = start_step(&mut s);
        let why = RunError::Failed("worker process 2 failed: out of memory".into());
        end_step(&mut s, procs, Err(why));
        assert_eq!(s.plan, None);
        assert_eq!(
            error(&s),
            "Processes failed: worker process 2 failed: out of memory"
        );
        assert_eq!(modes(&s), [Strategy::Sequential]);
        // Run works again, and a good start clears the error.
        s.apply(request(Some(Strategy::Processes), "1000", "2", 0));
        assert_eq!(s.message, None);
        assert_eq!(s.plan.as_ref().unwrap().modes, [Strategy::Processes]);
    }

    #[test]
    fn late_reports_of_an_old_plan_or_step_change_nothing() {
        let mut s = LabState::default();
        s.apply(request(None, "1000", "2", 2));
        let first = start_step(&mut s);
        s.apply(Action::Cancel);
        end_step(&mut s, first, Err(RunError::Cancelled));
        s.apply(request(None, "1000", "2", 2));
        let now = Rc::new(s);
        let stale = [
            Action::StepEnded {
                plan: first.plan,
                step: 0,
                outcome: Ok(measured(first, 1)),
            },
            Action::StepStarted {
                plan: first.plan,
                step: 0,
            },
            Action::StepEnded {
                plan: first.plan + 1,
                step: 3,
                outcome: Err(RunError::Cancelled),
            },
        ];
        for action in stale {
            let next = now.clone().reduce(action);
            assert!(Rc::ptr_eq(&now, &next), "no change, no re-render");
        }
    }
}
