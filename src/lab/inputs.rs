//! The lab's form: kernel, size, chunks, workers and strategy as typed, Run and Cancel, the
//! note on why the threads modes are off, and the checked parsing of what was typed into a job
//! (errors name the field or the limit).

use crate::pool::PoolStatus;
use gil_work::{Job, JobError, Kernel, MAX_CHUNKS, Strategy};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Default kernel size: primes below 5 million, about half a second on one core.
pub const DEFAULT_SIZE: u64 = 5_000_000;
/// Default number of chunks.
pub const DEFAULT_CHUNKS: u32 = 64;

/// The lab's inputs, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inputs {
    pub kernel: Kernel,
    pub size: String,
    pub chunks: String,
    pub workers: String,
}

/// A whole number from a text field, or an error that names the field.
fn whole(field: &str, text: &str) -> Result<u64, String> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| *c != '_' && *c != ',')
        .collect();
    t.parse::<u64>()
        .map_err(|_| format!("{field} must be a whole number, got \"{}\"", text.trim()))
}

/// Checks the inputs: a job (its size bounded by the kernel's limit, named in the error) and
/// a worker count between 1 and `max_workers` (the core count).
pub fn parse(inputs: &Inputs, max_workers: u32) -> Result<(Job, u32), String> {
    let size = whole("Kernel size", &inputs.size)?;
    let chunks = whole("Chunks", &inputs.chunks)?;
    // The model predicts at most MAX_TASKS chunks; more would leave the prediction column empty.
    let max_chunks = MAX_CHUNKS.min(gil_sim::workload::MAX_TASKS);
    let chunks = u32::try_from(chunks)
        .ok()
        .filter(|c| (1..=max_chunks).contains(c))
        .ok_or_else(|| format!("Chunks must be between 1 and {max_chunks}, got {chunks}"))?;
    let workers = whole("Workers", &inputs.workers)?;
    let max_workers = max_workers.max(1);
    let workers = u32::try_from(workers)
        .ok()
        .filter(|w| (1..=max_workers).contains(w))
        .ok_or_else(|| {
            format!(
                "Workers must be between 1 and {max_workers} (your logical cores), got {workers}"
            )
        })?;
    let job = Job::new(inputs.kernel, size, chunks).map_err(|e| match e {
        JobError::SizeTooLarge { .. } => format!("Kernel size: {e}"),
        other => other.to_string(),
    })?;
    Ok((job, workers))
}

/// What the form needs from the lab.
#[derive(Properties, PartialEq)]
pub struct FormProps {
    /// Logical cores: the most workers.
    pub cores: u32,
    /// The threads modes can run (the pool is ready).
    pub threads_ok: bool,
    /// A run is going: the inputs and Run are off.
    pub busy: bool,
    /// The run is being cancelled: Cancel is off too.
    pub cancelling: bool,
    /// Run was pressed with these inputs and this strategy (`None`: all four).
    pub on_run: Callback<(Inputs, Option<Strategy>)>,
    pub on_cancel: Callback<()>,
}

/// The form and the limits hint under it. It keeps what is typed; the lab checks it on Run.
#[function_component(LabForm)]
pub fn lab_form(props: &FormProps) -> Html {
    let cores = props.cores;
    let kernel = use_state(|| Kernel::Primes);
    let size = use_state(|| DEFAULT_SIZE.to_string());
    let chunks = use_state(|| DEFAULT_CHUNKS.to_string());
    let workers = use_state(move || cores.min(4).to_string());
    let choice = use_state(|| None::<Strategy>);

    let on_kernel = {
        let kernel = kernel.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            kernel.set(Kernel::from_name(&v).unwrap_or(Kernel::Primes));
        })
    };
    let text_input = |h: &UseStateHandle<String>| {
        let h = h.clone();
        Callback::from(move |e: InputEvent| {
            h.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_mode = {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            choice.set(Strategy::from_name(&v));
        })
    };
    let on_run = {
        let inputs = Inputs {
            kernel: *kernel,
            size: (*size).clone(),
            chunks: (*chunks).clone(),
            workers: (*workers).clone(),
        };
        let choice = *choice;
        props
            .on_run
            .reform(move |_: MouseEvent| (inputs.clone(), choice))
    };
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());

    let threads_ok = props.threads_ok;
    let mode_option = |value: &str, mode: Option<Strategy>| {
        let needs_threads = matches!(mode, Some(Strategy::Threads | Strategy::Gil));
        let disabled = needs_threads && !threads_ok;
        let title = mode.map_or("All four modes, one after the other", super::strategy_title);
        let text = if disabled {
            format!("{title} (needs real threads)")
        } else {
            title.to_string()
        };
        html! {
            <option value={value.to_string()} selected={*choice == mode} {disabled}>{ text }</option>
        }
    };
    let busy = props.busy;

    html! {
        <>
            <form class="lab-controls" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                <label>{ "Kernel" }
                    <select data-testid="lab-kernel" onchange={on_kernel} disabled={busy}>
                        <option value="primes" selected={*kernel == Kernel::Primes}>{ "Count primes below N" }</option>
                        <option value="countdown" selected={*kernel == Kernel::Countdown}>{ "Count down from N (Beazley)" }</option>
                    </select>
                </label>
                <label>{ "Kernel size N" }
                    <input data-testid="lab-size" type="text" inputmode="numeric" value={(*size).clone()}
                           oninput={text_input(&size)} disabled={busy} size="12"
                           aria-describedby="lab-size-hint" />
                </label>
                <label>{ "Chunks" }
                    <input data-testid="lab-chunks" class="lab-narrow" type="text" inputmode="numeric" size="6"
                           value={(*chunks).clone()} oninput={text_input(&chunks)} disabled={busy} />
                </label>
                <label>{ format!("Workers (1 to {cores})") }
                    <input data-testid="lab-workers" class="lab-narrow" type="text" inputmode="numeric" size="4"
                           value={(*workers).clone()} oninput={text_input(&workers)} disabled={busy} />
                </label>
                <label>{ "Strategy" }
                    <select data-testid="lab-mode" onchange={on_mode} disabled={busy}>
                        { mode_option("all", None) }
                        { for Strategy::ALL.iter().map(|&m| mode_option(m.name(), Some(m))) }
                    </select>
                </label>
                <div class="lab-buttons">
                    <button type="button" class="primary" data-testid="lab-run" onclick={on_run} disabled={busy}
                            title={if busy { "A run is going: wait for it or press Cancel" } else { "Run" }}>
                        { if busy { "Running…" } else { "Run" } }
                    </button>
                    <button type="button" data-testid="lab-cancel" onclick={on_cancel}
                            disabled={!busy || props.cancelling}>{ "Cancel" }</button>
                </div>
            </form>
            <p class="hint" id="lab-size-hint">
                { format!("Limits: N up to {} for primes, {} for countdown. While a run goes, Run is off until it ends or you cancel it.",
                    gil_work::MAX_PRIMES_SIZE, gil_work::MAX_COUNTDOWN_SIZE) }
            </p>
        </>
    }
}

/// Why the threads modes are off, when they are.
#[derive(Properties, PartialEq)]
pub struct ThreadsNoteProps {
    pub status: PoolStatus,
}

/// A note above the form when the page has no thread pool (yet).
#[function_component(ThreadsNote)]
pub fn threads_note(props: &ThreadsNoteProps) -> Html {
    if props.status.threads() > 0 {
        return Html::default();
    }
    let why = match &props.status {
        PoolStatus::NotIsolated => html! {
            <>
                <strong>{ "The two threads modes are off on this page. " }</strong>
                { "Threads share one memory, and a browser only lets threads share memory on pages that are cross-origin isolated; a page inside a course site usually is not. The processes mode still runs in real parallel here, because separate workers share nothing. " }
                <a href={crate::dom::current_url()} onclick={crate::dom::to_current_url} target="_blank" rel="noopener" data-testid="lab-open-new-tab">
                    { "Open GIL Lab in a new tab" }
                </a>
                { " to run the threads modes." }
            </>
        },
        PoolStatus::Starting { .. } => html! {
            <><strong>{ "The threads modes wait for the worker threads to start. " }</strong>
              { "Sequential and processes already work." }</>
        },
        PoolStatus::Failed(why) => html! {
            <><strong>{ "The threads modes are off: " }</strong>{ why.clone() }
              { ". The processes mode still works." }</>
        },
        PoolStatus::Ready { .. } => Html::default(),
    };
    html! { <p class="notice lab-notice" role="note" data-testid="lab-threads-off">{ why }</p> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_checked_and_errors_name_the_field_or_limit() {
        let inputs = |size: &str, chunks: &str, workers: &str| Inputs {
            kernel: Kernel::Primes,
            size: size.into(),
            chunks: chunks.into(),
            workers: workers.into(),
        };
        let (job, w) = parse(&inputs("5_000_000", "64", "2"), 4).unwrap();
        assert_eq!((job.size, job.chunks, w), (5_000_000, 64, 2));
        let e = parse(&inputs("60000000", "64", "2"), 4).unwrap_err();
        assert!(
            e.contains("Kernel size") && e.contains("the limit is 50000000"),
            "{e}"
        );
        let e = parse(&inputs("abc", "64", "2"), 4).unwrap_err();
        assert!(e.starts_with("Kernel size must be a whole number"), "{e}");
        let e = parse(&inputs("1000", "0", "2"), 4).unwrap_err();
        assert!(e.starts_with("Chunks must be between 1 and 4096"), "{e}");
        // More chunks than the model can predict are refused, not silently unpredicted.
        let e = parse(&inputs("1000", "5000", "2"), 4).unwrap_err();
        assert!(
            e.starts_with("Chunks must be between 1 and 4096, got 5000"),
            "{e}"
        );
        let e = parse(&inputs("1000", "8", "5"), 4).unwrap_err();
        assert!(e.starts_with("Workers must be between 1 and 4"), "{e}");
        let e = parse(&inputs("1000", "8", "-1"), 4).unwrap_err();
        assert!(e.starts_with("Workers must be a whole number"), "{e}");
    }
}
