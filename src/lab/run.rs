//! Runs one lab mode for real without ever blocking the page's main thread ([`execute`]).
//!
//! - sequential, threads and threads-with-a-GIL run inside `rayon::spawn` on the page's
//!   wasm-bindgen-rayon pool (threads that share one memory) and are awaited through a oneshot
//!   channel; a shared [`Control`] cancels them and reports live progress;
//! - processes: N independent Web Workers, each instantiating the app's module with its own
//!   fresh memory (`process_worker.js`), sharing nothing and talking only by `postMessage`.
//!   Their start-up (worker creation, module instantiation, warm-up) is measured: this app's
//!   analogue of multiprocessing's spawn. Without cross-origin isolation this still works,
//!   because no memory crosses threads.

use super::clock::PerfClock;
use super::measured::{Measurement, Place, ProcessStart, RunError, SWITCH_INTERVAL_NS};
use super::state::Step;
use futures::StreamExt;
use futures::channel::{mpsc, oneshot};
use gil_work::{
    ChunkSet, ChunkStamp, Clock, Control, GilConfig, Job, JobError, Run, Strategy, run_gil,
    run_sequential, run_threads,
};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Blob, BlobPropertyBag, MessageEvent, Url, Worker, WorkerOptions, WorkerType};

/// Warms the kernels up until their timing is steady, so that the engine runs optimised code
/// before a timed run (V8 tiers a wasm function up in the background and never switches a
/// running call over): at least 4 and at most 40 rounds of about a millisecond each, stopping
/// when a round is no faster than 0.95 of the previous one three times in a row. Returns the
/// rounds done.
pub fn warm_up_until_steady(clock: &dyn Clock) -> u32 {
    let mut steady = 0;
    let mut last = u64::MAX;
    for round in 1..=40 {
        std::hint::black_box(gil_work::warm_up());
        let t0 = clock.now_ns();
        std::hint::black_box(gil_work::Kernel::Primes.run_units(0, std::hint::black_box(40_000)));
        std::hint::black_box(
            gil_work::Kernel::Countdown.run_units(0, std::hint::black_box(400_000)),
        );
        let t = clock.now_ns().saturating_sub(t0);
        steady = if t.saturating_mul(100) >= last.saturating_mul(95) {
            steady + 1
        } else {
            0
        };
        last = t;
        if round >= 4 && steady >= 3 {
            return round;
        }
    }
    40
}

/// Runs `f` on a pool thread and awaits its value; the main thread stays free.
pub async fn on_pool<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, RunError> {
    let (tx, rx) = oneshot::channel();
    rayon::spawn(move || {
        let _ = tx.send(f());
    });
    rx.await
        .map_err(|_| RunError::Failed("the thread pool dropped the job".into()))
}

/// Runs a sequential, threads or GIL mode on the pool (`workers` <= pool size).
pub async fn run_on_pool(
    mode: Strategy,
    job: Job,
    workers: u32,
    control: Arc<Control>,
) -> Result<Measurement, RunError> {
    let run = on_pool(move || {
        let clock = PerfClock;
        warm_up_until_steady(&clock);
        match mode {
            Strategy::Sequential => run_sequential(&job, &clock, &control),
            Strategy::Threads => run_threads(&job, workers, &clock, &control),
            Strategy::Gil => run_gil(
                &job,
                workers,
                GilConfig::with_interval_ns(SWITCH_INTERVAL_NS),
                &clock,
                &control,
            ),
            Strategy::Processes => Err(JobError::BadWorkers { workers: 0, max: 0 }),
        }
    })
    .await??;
    Ok(Measurement::on_pool(run))
}

/// Runs one step of a plan: on the pool, or in `step.workers` process workers (a sequential
/// step there is one worker, counted without its start-up). `live` and `cancel` serve the
/// process workers; `control` the pool.
pub async fn execute(
    step: Step,
    control: Arc<Control>,
    live: Rc<RefCell<ProcLive>>,
    cancel: oneshot::Receiver<()>,
) -> Result<Measurement, RunError> {
    if step.on_pool {
        return run_on_pool(step.mode, step.job, step.workers, control).await;
    }
    let m = run_processes(step.job, step.workers, live, cancel).await?;
    Ok(if step.mode == Strategy::Sequential {
        m.into_sequential()
    } else {
        m
    })
}

/// What a "process" worker is doing, for the live activity list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcState {
    Starting,
    Computing,
    Done,
}

/// Live progress of a processes run, read by the page's poll timer.
#[derive(Clone, Debug, Default)]
pub struct ProcLive {
    pub states: Vec<ProcState>,
    pub chunks_done: Vec<u32>,
}

thread_local! {
    static SCRIPT_URL: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A Blob URL for `process_worker.js` (made once). A Blob keeps the worker independent of
/// where the site is deployed; the worker imports the app's JS by its absolute URL.
fn script_url() -> Result<String, RunError> {
    if let Some(url) = SCRIPT_URL.with(|u| u.borrow().clone()) {
        return Ok(url);
    }
    let parts = js_sys::Array::of1(&JsValue::from_str(include_str!("process_worker.js")));
    let bag = BlobPropertyBag::new();
    bag.set_type("text/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &bag).map_err(js_failed)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(js_failed)?;
    SCRIPT_URL.with(|u| *u.borrow_mut() = Some(url.clone()));
    Ok(url)
}

/// The absolute URL of this app's wasm-bindgen JS module.
fn main_js_url() -> String {
    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
        static URL: js_sys::JsString;
    }
    URL.with(|u| String::from(u.clone()))
}

fn js_failed(e: JsValue) -> RunError {
    RunError::Failed(crate::pool::js_error_text(&e))
}

/// The process workers of one run; dropping it terminates them (that is how a run is
/// cancelled: like killing processes).
struct Fleet {
    workers: Vec<Worker>,
    _handlers: Vec<Closure<dyn FnMut(web_sys::Event)>>,
}

impl Drop for Fleet {
    fn drop(&mut self) {
        for w in &self.workers {
            w.set_onmessage(None);
            w.set_onerror(None);
            w.terminate();
        }
    }
}

fn field(obj: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn field_u32(obj: &JsValue, name: &str) -> u32 {
    field(obj, name).as_f64().map_or(u32::MAX, |v| v as u32)
}

fn field_u64(obj: &JsValue, name: &str) -> Result<u64, RunError> {
    u64::try_from(field(obj, name))
        .map_err(|_| RunError::Failed(format!("a worker sent a bad \"{name}\"")))
}

/// Runs `job` in `workers` independent "process" workers, each taking every `workers`-th
/// chunk. The run's time counts from creating the first worker to the last result, so it
/// includes their start-up, as a Python `multiprocessing.Pool` does.
pub async fn run_processes(
    job: Job,
    workers: u32,
    live: Rc<RefCell<ProcLive>>,
    cancel: oneshot::Receiver<()>,
) -> Result<Measurement, RunError> {
    let url = script_url()?;
    let main_js = main_js_url();
    let module = wasm_bindgen::module();
    let (tx, mut rx) = mpsc::unbounded::<JsValue>();
    *live.borrow_mut() = ProcLive {
        states: vec![ProcState::Starting; workers as usize],
        chunks_done: vec![0; workers as usize],
    };
    let mut fleet = Fleet {
        workers: Vec::new(),
        _handlers: Vec::new(),
    };
    let mut starts: Vec<ProcessStart> = Vec::new();
    let start_ns = PerfClock.now_ns();
    for w in 0..workers {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        options.set_name(&format!("gil-lab process {}", w + 1));
        let spawn_ns = PerfClock.now_ns();
        let worker = Worker::new_with_options(&url, &options).map_err(js_failed)?;
        let on_message = {
            let tx = tx.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
                if let Some(m) = e.dyn_ref::<MessageEvent>() {
                    let _ = tx.unbounded_send(m.data());
                }
            })
        };
        let on_error = {
            let tx = tx.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
                let text = e
                    .dyn_ref::<web_sys::ErrorEvent>()
                    .map(|e| e.message())
                    .unwrap_or_else(|| "the worker script could not load".into());
                let msg = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&msg, &"type".into(), &"error".into());
                let _ = js_sys::Reflect::set(&msg, &"worker".into(), &w.into());
                let _ = js_sys::Reflect::set(&msg, &"message".into(), &text.into());
                let _ = tx.unbounded_send(msg.into());
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        fleet._handlers.push(on_message);
        fleet._handlers.push(on_error);
        let set = ChunkSet::strided(&job, workers, w);
        let msg = js_sys::Object::new();
        for (k, v) in [
            ("type", JsValue::from_str("gil-lab-process")),
            ("mainJS", JsValue::from_str(&main_js)),
            ("module", module.clone()),
            ("worker", w.into()),
            ("kernel", job.kernel.name().into()),
            ("size", job.size.into()),
            ("chunks", job.chunks.into()),
            ("start", set.start.into()),
            ("end", set.end.into()),
            ("step", set.step.into()),
        ] {
            let _ = js_sys::Reflect::set(&msg, &k.into(), &v);
        }
        worker.post_message(&msg).map_err(js_failed)?;
        fleet.workers.push(worker);
        starts.push(ProcessStart {
            worker: w,
            spawn_ns,
            ready_ns: spawn_ns,
        });
    }
    drop(tx);

    let mut chunks: Vec<ChunkStamp> = Vec::new();
    let mut done = 0;
    let mut cancel = cancel;
    while done < workers {
        let msg = futures::select! {
            m = rx.next() => m,
            _ = cancel => return Err(RunError::Cancelled),
        };
        let Some(msg) = msg else {
            return Err(RunError::Failed("the workers stopped answering".into()));
        };
        let w = field_u32(&msg, "worker");
        if w >= workers {
            return Err(RunError::Failed(
                "a message came from an unknown worker".into(),
            ));
        }
        let i = w as usize;
        match field(&msg, "type").as_string().as_deref() {
            Some("ready") => {
                starts[i].ready_ns = field_u64(&msg, "at")?;
                live.borrow_mut().states[i] = ProcState::Computing;
            }
            Some("chunks") => {
                // Flat [chunk, start_ns, end_ns, result] quadruples.
                let flat = field(&msg, "stamps")
                    .dyn_into::<js_sys::BigUint64Array>()
                    .map_err(|_| RunError::Failed("a worker sent bad stamps".into()))?
                    .to_vec();
                for q in flat.chunks_exact(4) {
                    chunks.push(ChunkStamp {
                        worker: w,
                        chunk: u32::try_from(q[0]).unwrap_or(u32::MAX),
                        start_ns: q[1],
                        end_ns: q[2],
                        result: q[3],
                    });
                    live.borrow_mut().chunks_done[i] += 1;
                }
            }
            Some("done") => {
                done += 1;
                live.borrow_mut().states[i] = ProcState::Done;
            }
            Some("error") => {
                let text = field(&msg, "message").as_string().unwrap_or_default();
                return Err(RunError::Failed(format!(
                    "worker process {} failed: {text}",
                    w + 1
                )));
            }
            _ => {}
        }
    }
    let end_ns = PerfClock.now_ns();
    drop(fleet);
    chunks.sort_by_key(|c| (c.start_ns, c.chunk));
    if chunks.len() != job.chunks as usize {
        return Err(RunError::Failed(format!(
            "the workers returned {} of {} chunks",
            chunks.len(),
            job.chunks
        )));
    }
    Ok(Measurement {
        run: Run {
            mode: Strategy::Processes,
            workers,
            job,
            result: chunks.iter().map(|c| c.result).sum(),
            start_ns,
            end_ns,
            chunks,
            gil: None,
        },
        starts,
        place: Place::SeparateWorker,
    })
}
