//! The real-work lab panel: real CPU-bound work on the user's own cores, run four ways
//! (sequential, threads sharing memory, threads behind a real GIL, separate "process" workers
//! sharing nothing), with a progress bar and live per-worker activity while it runs, a measured
//! timeline per mode drawn by the simulator's timeline, and a results table and chart that put
//! each measurement beside the model's prediction.
//!
//! Nothing here blocks the main thread: pool work is awaited through oneshot channels, process
//! workers through `postMessage`, and a timer polls the live progress.

pub mod clock;
pub mod exports;
pub mod measure;
pub mod run;
mod timeline_canvas;

use crate::pool::PoolStatus;
use crate::sim::words::fmt_ns;
use futures::channel::oneshot;
use gil_work::{Control, Job, Kernel, Strategy, WorkerState};
use gloo_timers::callback::Interval;
use measure::{Inputs, Measured, Place, SWITCH_INTERVAL_NS};
use run::{ProcLive, ProcState, RunError};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use timeline_canvas::LabTimeline;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Default kernel size: primes below 5 million, about half a second on one core.
pub const DEFAULT_SIZE: u64 = 5_000_000;
/// Default number of chunks.
pub const DEFAULT_CHUNKS: u32 = 64;
/// How often the live progress is polled while a run goes.
const POLL_MS: u32 = 100;

/// The lab's properties: the pool's status (threads modes need a ready pool) and the core count.
#[derive(Properties, PartialEq, Clone)]
pub struct LabProps {
    pub status: PoolStatus,
    pub cores: usize,
}

/// A mode's name for people.
pub fn strategy_title(mode: Strategy) -> &'static str {
    match mode {
        Strategy::Sequential => "Sequential",
        Strategy::Threads => "Threads (no GIL)",
        Strategy::Gil => "Threads with a GIL",
        Strategy::Processes => "Processes",
    }
}

/// What a mode is, in plain words.
pub fn mode_words(mode: Strategy) -> &'static str {
    match mode {
        Strategy::Sequential => "one thread does every chunk, one after the other: the baseline.",
        Strategy::Threads => {
            "N threads in one process share one memory and compute at the same time on different cores (like free-threaded Python, or C code that releases the GIL)."
        }
        Strategy::Gil => {
            "the same N threads, but a thread must hold one lock, the GIL, while it computes, like CPython: only one thread computes at a time, and a waiting thread asks the holder to let go after the switch interval (5 ms)."
        }
        Strategy::Processes => {
            "N separate workers, each with its own copy of the program and its own memory, like multiprocessing: they share nothing, so they really run in parallel, but each one takes time to start."
        }
    }
}

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

/// A run in progress.
struct Running {
    plan: Vec<Strategy>,
    step: usize,
    job: Job,
    workers: u32,
    /// The current step runs on the thread pool (else in process workers).
    on_pool: bool,
    control: Arc<Control>,
    procs: Rc<RefCell<ProcLive>>,
    cancel: Option<oneshot::Sender<()>>,
    cancelling: bool,
}

impl Running {
    fn mode(&self) -> Strategy {
        self.plan[self.step.min(self.plan.len().saturating_sub(1))]
    }

    fn step_workers(&self) -> u32 {
        if self.mode() == Strategy::Sequential {
            1
        } else {
            self.workers
        }
    }

    /// Chunks finished in the current step.
    fn chunks_done(&self) -> u32 {
        if self.on_pool {
            self.control.chunks_done()
        } else {
            self.procs.borrow().chunks_done.iter().sum()
        }
    }

    /// Per-worker (state words, css class, chunks done) of the current step.
    fn activity(&self) -> Vec<(&'static str, &'static str, u32)> {
        let n = self.step_workers();
        if self.on_pool {
            (0..n)
                .map(|w| {
                    let (text, class) = match self.control.worker_state(w) {
                        WorkerState::Idle => ("waiting to start", "idle"),
                        WorkerState::Computing => ("computing", "computing"),
                        WorkerState::WaitingForGil => ("waiting for the GIL", "waiting"),
                        WorkerState::Done => ("done", "done"),
                    };
                    (text, class, self.control.worker_chunks_done(w))
                })
                .collect()
        } else {
            let p = self.procs.borrow();
            p.states
                .iter()
                .zip(&p.chunks_done)
                .map(|(s, &c)| {
                    let (text, class) = match s {
                        ProcState::Starting => ("starting (loading its own copy)", "starting"),
                        ProcState::Computing => ("computing", "computing"),
                        ProcState::Done => ("done", "done"),
                    };
                    (text, class, c)
                })
                .collect()
        }
    }
}

/// What outlives one render.
#[derive(Default)]
struct Core {
    running: Option<Running>,
    /// Finished modes of the job in the table, in `Strategy::ALL` order.
    results: Vec<Rc<Measured>>,
    /// The table's rows with speedups and predictions (recomputed when a result comes in,
    /// never per render: a prediction runs the model).
    rows: Vec<Row>,
    cores: u32,
    /// (is an error, text)
    message: Option<(bool, String)>,
    timer: Option<Interval>,
    /// Runs that ended (finished, cancelled or failed): lets tests wait for the end of a run.
    runs_ended: u32,
}

impl Core {
    fn insert(&mut self, m: Measured) {
        self.results.retain(|r| r.mode != m.mode);
        self.results.push(Rc::new(m));
        self.results
            .sort_by_key(|r| Strategy::ALL.iter().position(|&x| x == r.mode));
        self.rows = rows(&self.results, self.cores);
    }

    fn clear(&mut self) {
        self.results.clear();
        self.rows.clear();
    }

    fn baseline(&self) -> Option<&Rc<Measured>> {
        self.results.iter().find(|r| r.mode == Strategy::Sequential)
    }
}

type Shared = Rc<RefCell<Core>>;

/// Runs the plan, one mode after another; stops at a cancel or an error.
async fn drive(core: Shared, redraw: Callback<()>, pool_threads: u32) {
    loop {
        let (mode, job, workers, control, procs, on_pool, cancel_rx) = {
            let mut c = core.borrow_mut();
            let Some(r) = c.running.as_mut() else { return };
            if r.step >= r.plan.len() || r.cancelling {
                break;
            }
            let mode = r.mode();
            r.on_pool = pool_threads > 0 && mode != Strategy::Processes;
            r.control.reset();
            let (tx, rx) = oneshot::channel();
            r.cancel = Some(tx);
            (
                mode,
                r.job,
                r.step_workers(),
                r.control.clone(),
                r.procs.clone(),
                r.on_pool,
                rx,
            )
        };
        redraw.emit(());
        let result = if on_pool {
            run::run_on_pool(mode, job, workers, control).await
        } else {
            run::run_processes(job, workers, procs, cancel_rx)
                .await
                .map(|m| {
                    if mode == Strategy::Sequential {
                        m.into_sequential()
                    } else {
                        m
                    }
                })
        };
        let mut c = core.borrow_mut();
        match result {
            Ok(m) => {
                c.insert(m);
                if let Some(r) = c.running.as_mut() {
                    r.step += 1;
                }
            }
            Err(RunError::Cancelled) => {
                c.message = Some((false, format!("Cancelled during {}.", strategy_title(mode))));
                break;
            }
            Err(RunError::Failed(why)) => {
                c.message = Some((true, format!("{} failed: {why}", strategy_title(mode))));
                break;
            }
        }
    }
    {
        let mut c = core.borrow_mut();
        if let Some(r) = c.running.as_ref()
            && r.cancelling
            && c.message.is_none()
        {
            c.message = Some((false, "Cancelled.".into()));
        }
        c.running = None;
        c.timer = None;
        c.runs_ended += 1;
    }
    redraw.emit(());
}

/// The lab panel.
#[function_component(Lab)]
pub fn lab(props: &LabProps) -> Html {
    let cores = u32::try_from(props.cores).unwrap_or(1).max(1);
    let pool_threads = u32::try_from(props.status.threads()).unwrap_or(0);
    let threads_ok = pool_threads > 0;
    let core = use_mut_ref(Core::default);
    let update = use_force_update();
    let redraw = {
        let update = update.clone();
        use_callback((), move |_: (), _| update.force_update())
    };

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
        let core = core.clone();
        let redraw = redraw.clone();
        let inputs = Inputs {
            kernel: *kernel,
            size: (*size).clone(),
            chunks: (*chunks).clone(),
            workers: (*workers).clone(),
        };
        let choice = *choice;
        Callback::from(move |_: MouseEvent| {
            let mut c = core.borrow_mut();
            if c.running.is_some() {
                c.message = Some((
                    true,
                    "A run is already going: wait for it to finish or press Cancel.".into(),
                ));
                drop(c);
                redraw.emit(());
                return;
            }
            let (job, workers) = match measure::parse(&inputs, cores) {
                Ok(v) => v,
                Err(e) => {
                    c.message = Some((true, e));
                    drop(c);
                    redraw.emit(());
                    return;
                }
            };
            let wants_threads =
                matches!(choice, None | Some(Strategy::Threads) | Some(Strategy::Gil));
            if threads_ok && wants_threads && workers > pool_threads {
                c.message = Some((
                    true,
                    format!(
                        "Workers must be at most {pool_threads} for the threads modes (the size of the thread pool), got {workers}"
                    ),
                ));
                drop(c);
                redraw.emit(());
                return;
            }
            let same_job = c.results.first().is_some_and(|r| r.job == job);
            if !same_job || choice.is_none() {
                c.clear();
            }
            c.cores = cores;
            let modes = plan(choice, threads_ok, c.baseline().is_some());
            if modes.is_empty() {
                c.message = Some((
                    true,
                    "This mode needs real threads, which are off on this page.".into(),
                ));
                drop(c);
                redraw.emit(());
                return;
            }
            c.message = None;
            c.running = Some(Running {
                plan: modes,
                step: 0,
                job,
                workers,
                on_pool: false,
                control: Arc::new(Control::new()),
                procs: Rc::new(RefCell::new(ProcLive::default())),
                cancel: None,
                cancelling: false,
            });
            let tick = redraw.clone();
            c.timer = Some(Interval::new(POLL_MS, move || tick.emit(())));
            drop(c);
            wasm_bindgen_futures::spawn_local(drive(core.clone(), redraw.clone(), pool_threads));
        })
    };

    let on_cancel = {
        let core = core.clone();
        let redraw = redraw.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(r) = core.borrow_mut().running.as_mut() {
                r.cancelling = true;
                r.control.cancel();
                if let Some(tx) = r.cancel.take() {
                    let _ = tx.send(());
                }
            }
            redraw.emit(());
        })
    };

    let c = core.borrow();
    let running = c.running.as_ref();
    let busy = running.is_some();

    let progress = match running {
        Some(r) => {
            let total = r.job.chunks;
            let done = r.chunks_done().min(total);
            let label = format!(
                "{}{}: {done} of {total} chunks (mode {} of {})",
                if r.cancelling {
                    "Cancelling "
                } else {
                    "Running "
                },
                strategy_title(r.mode()),
                r.step + 1,
                r.plan.len()
            );
            html! {
                <div class="lab-progress-wrap">
                    <progress data-testid="lab-progress" data-state="running" max={total.to_string()}
                              value={done.to_string()} aria-label="Progress of the current mode"></progress>
                    <span class="lab-progress-text" aria-live="polite">{ label }</span>
                    <ul class="lab-activity" data-testid="lab-activity" aria-label="What each worker is doing">
                        { for r.activity().into_iter().enumerate().map(|(w, (text, class, n))| html! {
                            <li class={classes!("lab-worker", format!("lab-worker-{class}"))} data-state={class}>
                                <span class="lab-dot" aria-hidden="true"></span>
                                <strong>{ if r.mode() == Strategy::Processes || !r.on_pool { format!("Process {}", w + 1) } else { format!("Thread {}", w + 1) } }</strong>
                                { format!(": {text} · {n} chunks") }
                            </li>
                        }) }
                    </ul>
                </div>
            }
        }
        None => html! {
            <div class="lab-progress-wrap">
                <progress data-testid="lab-progress" data-state="idle" max="1" value="0"
                          aria-label="Progress of the current mode"></progress>
                <span class="lab-progress-text">{ "Not running." }</span>
            </div>
        },
    };

    let threads_note = if threads_ok {
        Html::default()
    } else {
        let why = match &props.status {
            PoolStatus::NotIsolated => html! {
                <>
                    <strong>{ "The two threads modes are off on this page. " }</strong>
                    { "Threads share one memory, and a browser only lets threads share memory on pages that are cross-origin isolated; a page inside a course site usually is not. The processes mode still runs in real parallel here, because separate workers share nothing. " }
                    <a href={crate::dom::current_url()} target="_blank" rel="noopener" data-testid="lab-open-new-tab">
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
    };

    let message = match &c.message {
        Some((true, text)) => {
            html! { <p class="lab-error" role="alert" data-testid="lab-error">{ text.clone() }</p> }
        }
        Some((false, text)) => {
            html! { <p class="lab-status" role="status" data-testid="lab-status">{ text.clone() }</p> }
        }
        None => Html::default(),
    };

    let mode_option = |value: &str, mode: Option<Strategy>| {
        let needs_threads = matches!(mode, Some(Strategy::Threads | Strategy::Gil));
        let disabled = needs_threads && !threads_ok;
        let title = mode.map_or("All four modes, one after the other", strategy_title);
        let text = if disabled {
            format!("{title} (needs real threads)")
        } else {
            title.to_string()
        };
        html! {
            <option value={value.to_string()} selected={*choice == mode} {disabled}>{ text }</option>
        }
    };

    html! {
        <div class="lab" data-testid="lab" data-runs-ended={c.runs_ended.to_string()}>
            <ul class="lab-modes">
                { for Strategy::ALL.iter().map(|&m| html! {
                    <li><strong>{ format!("{}: ", strategy_title(m)) }</strong>{ mode_words(m) }</li>
                }) }
            </ul>
            { threads_note }
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
                            disabled={!busy || running.is_some_and(|r| r.cancelling)}>{ "Cancel" }</button>
                </div>
            </form>
            <p class="hint" id="lab-size-hint">
                { format!("Limits: N up to {} for primes, {} for countdown. While a run goes, Run is off until it ends or you cancel it.",
                    gil_work::MAX_PRIMES_SIZE, gil_work::MAX_COUNTDOWN_SIZE) }
            </p>
            { message }
            { progress }
            { results_view(&c.results, &c.rows, cores) }
        </div>
    }
}

/// A number with thin thousands separators.
fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn ms(ns: u64) -> String {
    format!("{:.1}", ns as f64 / 1e6)
}

/// One row of the results table, with the model's prediction.
struct Row {
    m: Rc<Measured>,
    speedup: Option<f64>,
    predicted_ns: Option<u64>,
}

fn rows(results: &[Rc<Measured>], cores: u32) -> Vec<Row> {
    let seq = results.iter().find(|r| r.mode == Strategy::Sequential);
    let start_ns = results
        .iter()
        .find_map(|r| r.median_start_ns())
        .unwrap_or(0);
    results
        .iter()
        .map(|m| {
            let (speedup, predicted_ns) = match seq {
                Some(s) => {
                    let p =
                        measure::predict(s.elapsed_ns(), &m.job, m.workers, cores, start_ns).ok();
                    (
                        Some(measure::speedup(s.elapsed_ns(), m.elapsed_ns())),
                        p.map(|p| measure::predicted_ns(&p, m.mode)),
                    )
                }
                None => (None, None),
            };
            Row {
                m: m.clone(),
                speedup,
                predicted_ns,
            }
        })
        .collect()
}

fn results_view(results: &[Rc<Measured>], rows: &[Row], cores: u32) -> Html {
    if results.is_empty() {
        return html! {
            <p class="hint" data-testid="lab-no-results">{ "Results appear here, one row per mode, with the model's prediction beside each measurement." }</p>
        };
    }
    let first = results[0].result;
    let all_equal = results.iter().all(|r| r.result == first);
    let kernel_words = match results[0].job.kernel {
        Kernel::Primes => format!("primes below {}", group(results[0].job.size)),
        Kernel::Countdown => format!(
            "decrements counting down from {}",
            group(results[0].job.size)
        ),
    };
    let check = if all_equal {
        html! {
            <p class="lab-equal" data-testid="lab-results-equal" data-result={first.to_string()}>
                { format!("✔ Every mode got the same result: {} {kernel_words}.", group(first)) }
            </p>
        }
    } else {
        html! {
            <p class="lab-error lab-mismatch" role="alert" data-testid="lab-mismatch">
                { "✖ THE RESULTS DIFFER BETWEEN MODES. A correct parallel program must give the same answer as the sequential one: see the Result column." }
            </p>
        }
    };
    let max_ns = rows
        .iter()
        .flat_map(|r| [Some(r.m.elapsed_ns()), r.predicted_ns])
        .flatten()
        .max()
        .unwrap_or(1)
        .max(1);
    let end_ns = results.iter().map(|r| r.elapsed_ns()).max().unwrap_or(1);
    let figures = figures_view(results);
    html! {
        <div class="lab-results">
            <h3>{ "Results" }</h3>
            { check }
            <div class="lab-table-wrap">
            <table class="lab-table" data-testid="lab-results">
                <thead><tr>
                    <th scope="col">{ "Strategy" }</th>
                    <th scope="col">{ "Workers" }</th>
                    <th scope="col">{ "Measured" }</th>
                    <th scope="col">{ "Speedup" }</th>
                    <th scope="col">{ "Efficiency" }</th>
                    <th scope="col">{ "Model predicts" }</th>
                    <th scope="col">{ "Difference" }</th>
                    <th scope="col">{ "Result" }</th>
                </tr></thead>
                <tbody>
                { for rows.iter().map(|r| {
                    let m = &r.m;
                    let eff = r.speedup.map(|s| measure::efficiency(s, m.workers));
                    let diff = r.predicted_ns.and_then(|p| measure::difference_percent(m.elapsed_ns(), p));
                    let mismatch = m.result != first;
                    let place = match (m.mode, m.place) {
                        (Strategy::Sequential, Place::SeparateWorker) => " (in a separate worker)",
                        _ => "",
                    };
                    html! {
                        <tr data-testid="lab-result" data-mode={m.mode.name()} data-workers={m.workers.to_string()}
                            data-ms={ms(m.elapsed_ns())} data-result={m.result.to_string()}
                            data-predicted-ms={r.predicted_ns.map(ms).unwrap_or_default()}
                            data-parallel-ms={ms(m.parallel_ns())}
                            data-busy-ms={ms(m.chunks.iter().map(|c| c.end_ns.saturating_sub(c.start_ns)).sum())}
                            data-speedup={r.speedup.map(|s| format!("{s:.3}")).unwrap_or_default()}
                            class={classes!(mismatch.then_some("lab-row-mismatch"))}>
                            <th scope="row"><span class={classes!("lab-key", format!("lab-key-{}", m.mode.name()))} aria-hidden="true"></span>
                                { strategy_title(m.mode) }{ place }</th>
                            <td>{ m.workers }</td>
                            <td>{ fmt_ns(m.elapsed_ns()) }</td>
                            <td>{ r.speedup.map(|s| format!("{s:.2}×")).unwrap_or_else(|| "–".into()) }</td>
                            <td>{ eff.map(|e| format!("{:.0} %", e * 100.0)).unwrap_or_else(|| "–".into()) }</td>
                            <td>{ r.predicted_ns.map(fmt_ns).unwrap_or_else(|| "–".into()) }</td>
                            <td>{ diff.map(|d| if d.abs() < 0.5 { "0 %".to_string() } else { format!("{d:+.0} %") }).unwrap_or_else(|| "–".into()) }</td>
                            <td>{ if mismatch { format!("{} ✖ differs", group(m.result)) } else { format!("{} ✔", group(m.result)) } }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
            <p class="hint">{ format!("Speedup = sequential time ÷ this time. Efficiency = speedup ÷ workers (100 % means every worker was fully used). The model gets the measured sequential time, the chunks, the workers, your {cores} cores, a 5 ms switch interval and the measured process start-up.") }</p>
            <figure class="lab-chart" data-testid="lab-chart">
                <figcaption>{ "Measured time (solid) and the model's prediction (outlined), shorter is faster" }</figcaption>
                <ul class="lab-bars">
                { for rows.iter().map(|r| {
                    let pct = |ns: u64| format!("width: {:.1}%", ns as f64 / max_ns as f64 * 100.0);
                    let name = r.m.mode.name();
                    html! {
                        <li>
                            <span class="lab-bar-label">{ strategy_title(r.m.mode) }</span>
                            <span class="lab-bar-track">
                                <span class={classes!("lab-bar", format!("lab-key-{name}"))} style={pct(r.m.elapsed_ns())}></span>
                                { r.predicted_ns.map(|p| html! {
                                    <span class={classes!("lab-bar", "lab-bar-predicted")} style={pct(p)}></span>
                                }).unwrap_or_default() }
                            </span>
                            <span class="lab-bar-value">{ format!("{} / {}", fmt_ns(r.m.elapsed_ns()),
                                r.predicted_ns.map(fmt_ns).unwrap_or_else(|| "–".into())) }</span>
                        </li>
                    }
                }) }
                </ul>
            </figure>
            { figures }
            <h3>{ "Measured timelines" }</h3>
            <p class="hint">{ "Real performance.now() stamps per chunk and per GIL hand-off, on one time scale. Running is solid blue; waiting for the GIL is orange with crosses; a process starting is yellow with stripes; ◆ marks a forced switch of the GIL." }</p>
            { for results.iter().map(|m| html! {
                <section class="lab-timeline" data-testid="lab-timeline" data-mode={m.mode.name()}>
                    <h4>{ format!("{} · {} worker{} · {}", strategy_title(m.mode), m.workers,
                        if m.workers == 1 { "" } else { "s" }, fmt_ns(m.elapsed_ns())) }</h4>
                    <LabTimeline measured={m.clone()} end_ns={end_ns} />
                </section>
            }) }
        </div>
    }
}

/// The GIL's holding periods against the switch interval, and the processes' start-up cost.
fn figures_view(results: &[Rc<Measured>]) -> Html {
    let gil = results
        .iter()
        .find(|r| r.mode == Strategy::Gil)
        .and_then(|r| r.gil.as_ref());
    let procs = results.iter().find(|r| r.mode == Strategy::Processes);
    html! {
        <ul class="lab-figures">
            { gil.map(|g| {
                let med = g.median_requested_hold_ns().or(g.median_hold_ns()).unwrap_or(0);
                html! {
                    <li data-testid="lab-gil-stats" data-median-hold-ns={med.to_string()}
                        data-holds={g.holds.len().to_string()} data-interval-ns={SWITCH_INTERVAL_NS.to_string()}>
                        { format!("GIL: {} holding periods, {} hand-offs between threads; a holder asked to let go had held it for {} (median), the switch interval is {}. The handover itself took {} (median).",
                            g.holds.len(), g.handoffs.len(), fmt_ns(med), fmt_ns(g.interval_ns),
                            fmt_ns(g.median_handoff_gap_ns().unwrap_or(0))) }
                    </li>
                }
            }).unwrap_or_default() }
            { procs.and_then(|p| p.median_start_ns().map(|s| html! {
                <li data-testid="lab-process-start" data-ns={s.to_string()}>
                    { format!("Processes: starting one worker with its own copy of the program took {} (median of {}), the analogue of Python's spawn start method.",
                        fmt_ns(s), p.starts.len()) }
                </li>
            })).unwrap_or_default() }
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn numbers_are_grouped_for_reading() {
        assert_eq!(group(0), "0");
        assert_eq!(group(348_513), "348,513");
        assert_eq!(group(1_000_000), "1,000,000");
        assert_eq!(ms(1_234_567), "1.2");
    }
}
