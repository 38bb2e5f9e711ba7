//! The progress bar and the live per-worker activity list of the run going on.

use super::run::ProcState;
use super::state::Plan;
use super::strategy_title;
use gil_work::WorkerState;
use yew::prelude::*;

/// What one worker is doing now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkerActivity {
    /// In words, e.g. "waiting for the GIL".
    pub text: &'static str,
    /// The CSS class suffix and `data-state`, e.g. "waiting".
    pub class: &'static str,
    pub chunks_done: u32,
}

/// The live counters of the current step, read by the driver at each poll.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Live {
    /// Chunks finished in the current step, all workers together.
    pub chunks_done: u32,
    pub workers: Vec<WorkerActivity>,
}

/// A pool thread's state in words and its CSS class.
pub fn thread_words(state: WorkerState) -> (&'static str, &'static str) {
    match state {
        WorkerState::Idle => ("waiting to start", "idle"),
        WorkerState::Computing => ("computing", "computing"),
        WorkerState::WaitingForGil => ("waiting for the GIL", "waiting"),
        WorkerState::Done => ("done", "done"),
    }
}

/// A process worker's state in words and its CSS class.
pub fn process_words(state: ProcState) -> (&'static str, &'static str) {
    match state {
        ProcState::Starting => ("starting (loading its own copy)", "starting"),
        ProcState::Computing => ("computing", "computing"),
        ProcState::Done => ("done", "done"),
    }
}

/// The progress line, e.g. "Running Threads with a GIL: 13 of 64 chunks (mode 3 of 4)".
pub fn label(plan: &Plan, done: u32) -> String {
    format!(
        "{}{}: {done} of {} chunks (mode {} of {})",
        if plan.cancelling {
            "Cancelling "
        } else {
            "Running "
        },
        strategy_title(plan.mode()),
        plan.job.chunks,
        plan.step + 1,
        plan.modes.len()
    )
}

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    /// The run going on (`None`: idle).
    pub plan: Option<Plan>,
    pub live: Live,
}

/// "Running Threads (no GIL): 12 of 64 chunks (mode 2 of 4)", a bar, and one line per worker.
#[function_component(Progress)]
pub fn progress(props: &ProgressProps) -> Html {
    let Some(plan) = &props.plan else {
        return html! {
            <div class="lab-progress-wrap">
                <progress data-testid="lab-progress" data-state="idle" max="1" value="0"
                          aria-label="Progress of the current mode"></progress>
                <span class="lab-progress-text">{ "Not running." }</span>
            </div>
        };
    };
    let total = plan.job.chunks;
    let done = props.live.chunks_done.min(total);
    let label = label(plan, done);
    let who = if plan.current().on_pool {
        "Thread"
    } else {
        "Process"
    };
    html! {
        <div class="lab-progress-wrap">
            <progress data-testid="lab-progress" data-state="running" max={total.to_string()}
                      value={done.to_string()} aria-label="Progress of the current mode"></progress>
            <span class="lab-progress-text" aria-live="polite">{ label }</span>
            <ul class="lab-activity" data-testid="lab-activity" aria-label="What each worker is doing">
                { for props.live.workers.iter().enumerate().map(|(w, a)| html! {
                    <li class={classes!("lab-worker", format!("lab-worker-{}", a.class))} data-state={a.class}>
                        <span class="lab-dot" aria-hidden="true"></span>
                        <strong>{ format!("{who} {}", w + 1) }</strong>
                        { format!(": {} · {} chunks", a.text, a.chunks_done) }
                    </li>
                }) }
            </ul>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gil_work::{Job, Kernel, Strategy};

    #[test]
    fn the_progress_line_names_the_mode_its_place_and_the_chunks() {
        let mut plan = Plan {
            id: 1,
            modes: Strategy::ALL.to_vec(),
            step: 2,
            job: Job::new(Kernel::Primes, 1000, 64).unwrap(),
            workers: 2,
            pool: true,
            started: true,
            cancelling: false,
        };
        assert_eq!(
            label(&plan, 13),
            "Running Threads with a GIL: 13 of 64 chunks (mode 3 of 4)"
        );
        plan.cancelling = true;
        assert_eq!(
            label(&plan, 14),
            "Cancelling Threads with a GIL: 14 of 64 chunks (mode 3 of 4)"
        );
    }
}
