//! The browser side of a run: executes the steps the state plans (on the pool or in process
//! workers, awaited without blocking the main thread), reports each step's end to the reducer,
//! cancels the step in flight, and polls the live progress while a run goes.

use super::progress::{Live, WorkerActivity, process_words, thread_words};
use super::run::{self, ProcLive};
use super::state::{Action, LabState, Plan, Step};
use futures::channel::oneshot;
use gil_work::Control;
use gloo_timers::callback::Interval;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use yew::prelude::*;

/// How often the live progress is polled while a run goes.
const POLL_MS: u32 = 100;

/// The step in flight and its handles.
#[derive(Default)]
pub struct Driver {
    /// The step executing (or last executed).
    step: Option<Step>,
    /// Cancels a pool step and counts its progress.
    control: Arc<Control>,
    /// Progress of a step in process workers.
    procs: Rc<RefCell<ProcLive>>,
    /// Cancels a step in process workers (dropping them terminates them).
    cancel: Option<oneshot::Sender<()>>,
    /// Re-renders the lab every `POLL_MS` while a run goes.
    timer: Option<Interval>,
}

impl Driver {
    /// Starts `step`; its end is dispatched as [`Action::StepEnded`].
    fn start(&mut self, step: Step, dispatch: UseReducerDispatcher<LabState>) {
        let (tx, rx) = oneshot::channel();
        self.step = Some(step);
        self.control = Arc::new(Control::new());
        self.procs = Rc::new(RefCell::new(ProcLive::default()));
        self.cancel = Some(tx);
        let run = run::execute(step, self.control.clone(), self.procs.clone(), rx);
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = run.await;
            dispatch.dispatch(Action::StepEnded {
                plan: step.plan,
                step: step.index,
                outcome,
            });
        });
    }

    /// Asks the step in flight to stop; it then ends as cancelled.
    pub fn cancel(&mut self) {
        self.control.cancel();
        if let Some(tx) = self.cancel.take() {
            let _ = tx.send(());
        }
    }

    /// The live counters of `plan`'s current step (zero until the step has started).
    pub fn live(&self, plan: &Plan) -> Live {
        let now = plan.current();
        if self.step.map(|s| (s.plan, s.index)) != Some((now.plan, now.index)) {
            return Live::default();
        }
        if now.on_pool {
            let c = &self.control;
            Live {
                chunks_done: c.chunks_done(),
                workers: (0..now.workers)
                    .map(|w| {
                        let (text, class) = thread_words(c.worker_state(w));
                        WorkerActivity {
                            text,
                            class,
                            chunks_done: c.worker_chunks_done(w),
                        }
                    })
                    .collect(),
            }
        } else {
            let p = self.procs.borrow();
            Live {
                chunks_done: p.chunks_done.iter().sum(),
                workers: p
                    .states
                    .iter()
                    .zip(&p.chunks_done)
                    .map(|(&s, &chunks_done)| {
                        let (text, class) = process_words(s);
                        WorkerActivity {
                            text,
                            class,
                            chunks_done,
                        }
                    })
                    .collect(),
            }
        }
    }
}

/// Runs what `state` plans: starts each step when the state asks for it, and re-renders the
/// component every `POLL_MS` while a run goes so that the progress moves.
#[hook]
pub fn use_driver(state: &UseReducerHandle<LabState>) -> Rc<RefCell<Driver>> {
    let driver = use_mut_ref(Driver::default);
    let update = use_force_update();
    {
        let driver = driver.clone();
        let dispatch = state.dispatcher();
        use_effect_with(state.step_to_start(), move |step| {
            if let Some(step) = *step {
                driver.borrow_mut().start(step, dispatch.clone());
                dispatch.dispatch(Action::StepStarted {
                    plan: step.plan,
                    step: step.index,
                });
            }
        });
    }
    {
        let driver = driver.clone();
        use_effect_with(state.plan.is_some(), move |&going| {
            driver.borrow_mut().timer =
                going.then(|| Interval::new(POLL_MS, move || update.force_update()));
        });
    }
    driver
}

// `InstantClock` (std::time) is native only.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::lab::inputs::Inputs;
    use crate::lab::run::ProcState;
    use crate::lab::state::Request;
    use gil_work::{InstantClock, Kernel, Strategy, run_sequential};
    use yew::Reducible;

    fn plan(pool_threads: u32) -> Plan {
        let start = Action::Start(Request {
            inputs: Inputs {
                kernel: Kernel::Primes,
                size: "1000".into(),
                chunks: "4".into(),
                workers: "2".into(),
            },
            choice: Some(Strategy::Processes),
            cores: 2,
            pool_threads,
        });
        let state = Rc::new(LabState::default()).reduce(start);
        state.plan.clone().expect("a plan")
    }

    #[test]
    fn live_progress_reads_the_step_in_flight_and_only_that_step() {
        let plan = plan(2);
        let mut driver = Driver::default();
        assert_eq!(driver.live(&plan), Live::default(), "not started yet");
        let step = plan.current();
        assert_eq!((step.mode, step.on_pool), (Strategy::Sequential, true));
        driver.step = Some(step);
        run_sequential(&step.job, &InstantClock::new(), &driver.control).unwrap();
        let live = driver.live(&plan);
        assert_eq!(live.chunks_done, 4);
        assert_eq!(
            live.workers,
            [WorkerActivity {
                text: "done",
                class: "done",
                chunks_done: 4
            }]
        );
        let mut next = plan.clone();
        next.step = 1;
        assert_eq!(driver.live(&next), Live::default(), "an old step's counts");
    }

    #[test]
    fn live_progress_of_process_workers_comes_from_their_messages() {
        let plan = plan(0);
        let driver = Driver {
            step: Some(plan.current()),
            ..Driver::default()
        };
        *driver.procs.borrow_mut() = ProcLive {
            states: vec![ProcState::Computing],
            chunks_done: vec![3],
        };
        let live = driver.live(&plan);
        assert_eq!(live.chunks_done, 3);
        assert_eq!(live.workers[0].text, "computing");
    }
}
