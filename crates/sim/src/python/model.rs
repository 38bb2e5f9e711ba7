//! The keywords of `model(...)` (what the model needs that a Python program does not say: the
//! simulated machine, the OS, the runtime's costs, the seed, names) and of `workload(...)` (the
//! parameters a program was generated from). One table per call serves both directions:
//! [`model_kwargs`] writes the values that differ from the defaults, [`set_model`] reads one.

use std::collections::BTreeMap;

use super::literal::{fmt_seconds, parse_int, parse_seconds, quote};
use crate::scenario::workload::{Approach, Workload};
use crate::scenario::{GilMode, SCENARIO_VERSION, Scenario, StartMethod, WakePolicy};

/// A field of a scenario that `model()` sets.
enum F<'a> {
    /// A duration, written in seconds.
    Dur(&'a mut u64),
    /// A whole number.
    Int(&'a mut u64),
    /// A small whole number.
    U32(&'a mut u32),
}

impl F<'_> {
    fn show(&self) -> String {
        match self {
            F::Dur(v) => fmt_seconds(**v),
            F::Int(v) => v.to_string(),
            F::U32(v) => v.to_string(),
        }
    }
}

/// Every numeric keyword of `model()`, in the order it is written.
fn fields(sc: &mut Scenario) -> Vec<(&'static str, F<'_>)> {
    let r = &mut sc.runtime;
    let s = &mut sc.start_costs;
    vec![
        ("cores", F::U32(&mut sc.machine.cores)),
        ("seed", F::Int(&mut sc.seed)),
        ("time_slice", F::Dur(&mut sc.os.time_slice_ns)),
        ("context_switch", F::Dur(&mut sc.os.context_switch_ns)),
        ("switch_jitter", F::Dur(&mut sc.os.switch_jitter_ns)),
        ("timer_slack", F::Dur(&mut sc.os.timer_slack_ns)),
        ("migration", F::Dur(&mut sc.os.migration_ns)),
        ("eval_breaker", F::Dur(&mut r.eval_breaker_ns)),
        ("gil_switch", F::Dur(&mut r.gil_switch_ns)),
        ("old_gil_ticks", F::U32(&mut r.old_gil.ticks)),
        ("old_gil_tick", F::Dur(&mut r.old_gil.ns_per_tick)),
        ("old_gil_signal", F::Dur(&mut r.old_gil.signal_ns)),
        ("old_gil_contention", F::Dur(&mut r.old_gil.contention_ns)),
        (
            "old_gil_race_win_permille",
            F::U32(&mut r.old_gil.race_win_permille),
        ),
        (
            "free_threaded_overhead_permille",
            F::U32(&mut r.free_threaded_overhead_permille),
        ),
        ("thread_create", F::Dur(&mut r.thread_create_ns)),
        ("thread_bootstrap", F::Dur(&mut r.thread_bootstrap_ns)),
        ("asyncio_step", F::Dur(&mut r.asyncio_step_ns)),
        ("fork_parent", F::Dur(&mut s.fork.parent_ns)),
        ("fork_child", F::Dur(&mut s.fork.child_ns)),
        ("forkserver_first", F::Dur(&mut s.forkserver_first_ns)),
        ("forkserver_parent", F::Dur(&mut s.forkserver.parent_ns)),
        ("forkserver_child", F::Dur(&mut s.forkserver.child_ns)),
        ("spawn_parent", F::Dur(&mut s.spawn.parent_ns)),
        ("spawn_child", F::Dur(&mut s.spawn.child_ns)),
        ("main_import", F::Dur(&mut s.main_import_ns)),
        ("resource_tracker", F::Dur(&mut s.resource_tracker_ns)),
        ("max_events", F::Int(&mut sc.limits.max_events)),
        ("max_time", F::Dur(&mut sc.limits.max_sim_ns)),
    ]
}

/// A scenario with every default and nothing in it: what a program says nothing about is this
/// (the reader starts from it; the writer leaves out what equals it).
pub(super) fn blank() -> Scenario {
    Scenario {
        version: SCENARIO_VERSION,
        name: String::new(),
        question: String::new(),
        lesson: String::new(),
        seed: 0,
        machine: Default::default(),
        os: Default::default(),
        runtime: Default::default(),
        start_costs: Default::default(),
        limits: Default::default(),
        workload: None,
        processes: Vec::new(),
    }
}

/// An enum as its name in a scenario file (`"fork"`, `"free_threaded"`).
fn enum_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn enum_of<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

/// The keyword arguments of `model()` for this scenario (values that differ from the
/// defaults), as `(keyword, Python source)`; name, question and lesson are the caller's.
pub(super) fn model_kwargs(sc: &Scenario) -> Vec<(String, String)> {
    let mut def = blank();
    let mut cur = sc.clone();
    let mut out = Vec::new();
    let gil = sc.runtime.gil;
    if gil != GilMode::New {
        out.push(("gil".into(), quote(&enum_name(&gil))));
    }
    if sc.os.wake != WakePolicy::Random {
        out.push(("wake".into(), quote(&enum_name(&sc.os.wake))));
    }
    for ((k, a), (_, b)) in fields(&mut cur).into_iter().zip(fields(&mut def)) {
        let (a, b) = (a.show(), b.show());
        if a != b {
            out.push((k.to_string(), a));
        }
    }
    let eff = &sc.machine.parallel_efficiency_permille;
    if !eff.is_empty() {
        let items: Vec<String> = eff
            .iter()
            .enumerate()
            .map(|(i, e)| format!("{}: {e}", i + 1))
            .collect();
        out.push((
            "parallel_efficiency_permille".into(),
            format!("{{{}}}", items.join(", ")),
        ));
    }
    if let Some(p0) = sc.processes.first() {
        if p0.name != "main" {
            out.push(("main_process".into(), quote(&p0.name)));
        }
        if p0.start_method != StartMethod::Fork {
            out.push((
                "main_start_method".into(),
                quote(&enum_name(&p0.start_method)),
            ));
        }
    }
    let dict = |pairs: Vec<(String, String)>| {
        let items: Vec<String> = pairs
            .into_iter()
            .map(|(k, v)| format!("{}: {v}", quote(&k)))
            .collect();
        format!("{{{}}}", items.join(", "))
    };
    let interp: Vec<(String, String)> = sc
        .processes
        .iter()
        .filter(|p| p.interpreters != 1)
        .map(|p| (p.name.clone(), p.interpreters.to_string()))
        .collect();
    if !interp.is_empty() {
        out.push(("interpreters".into(), dict(interp)));
    }
    let names: Vec<(String, String)> = sc
        .processes
        .iter()
        .filter(|p| p.threads.first().is_some_and(|t| t.name != "MainThread"))
        .map(|p| (p.name.clone(), quote(&p.threads[0].name)))
        .collect();
    if !names.is_empty() {
        out.push(("main_threads".into(), dict(names)));
    }
    let mi: Vec<(String, String)> = sc
        .processes
        .iter()
        .filter(|p| p.threads.first().is_some_and(|t| t.interpreter != 0))
        .map(|p| (p.name.clone(), p.threads[0].interpreter.to_string()))
        .collect();
    if !mi.is_empty() {
        out.push(("main_thread_interpreters".into(), dict(mi)));
    }
    out
}

/// A value of a keyword argument, as `build` hands it over.
pub(super) enum Val {
    Str(String),
    Num(String),
    /// A dict keyed by strings.
    Dict(Vec<(String, Val)>),
    /// A dict keyed by numbers (their source text).
    NumDict(Vec<(String, Val)>),
    Other,
}

/// Per-process settings `model()` can carry, applied once the processes exist.
#[derive(Default)]
pub(super) struct ProcessExtras {
    pub main_process: Option<String>,
    pub main_start_method: Option<StartMethod>,
    pub interpreters: BTreeMap<String, u32>,
    pub main_threads: BTreeMap<String, String>,
    pub main_thread_interpreters: BTreeMap<String, u32>,
}

fn u32_of(v: &Val, what: &str) -> Result<u32, String> {
    match v {
        Val::Num(n) => parse_int(n)?
            .try_into()
            .map_err(|_| format!("{what} is too large")),
        _ => Err(format!("{what} must be a whole number")),
    }
}

fn str_of<'a>(v: &'a Val, what: &str) -> Result<&'a str, String> {
    match v {
        Val::Str(s) => Ok(s),
        _ => Err(format!("{what} must be a string in quotes")),
    }
}

fn dict_of<'a>(v: &'a Val, what: &str) -> Result<&'a [(String, Val)], String> {
    match v {
        Val::Dict(d) => Ok(d),
        _ => Err(format!(
            "{what} must be a dict of process names, like {{\"main\": 2}}"
        )),
    }
}

/// Sets one keyword of `model()`. Errs with what the keyword takes.
pub(super) fn set_model(
    sc: &mut Scenario,
    extras: &mut ProcessExtras,
    key: &str,
    v: &Val,
) -> Result<(), String> {
    match key {
        "name" => sc.name = str_of(v, "name")?.to_string(),
        "question" => sc.question = str_of(v, "question")?.to_string(),
        "lesson" => sc.lesson = str_of(v, "lesson")?.to_string(),
        "gil" => {
            sc.runtime.gil = enum_of(str_of(v, "gil")?)
                .ok_or("gil must be \"new\", \"old\", \"free_threaded\" or \"per_interpreter\"")?
        }
        "wake" => {
            sc.os.wake = enum_of(str_of(v, "wake")?).ok_or("wake must be \"random\" or \"fifo\"")?
        }
        "main_process" => extras.main_process = Some(str_of(v, "main_process")?.to_string()),
        "main_start_method" => {
            extras.main_start_method = Some(
                enum_of(str_of(v, "main_start_method")?)
                    .ok_or("must be \"fork\", \"forkserver\" or \"spawn\"")?,
            )
        }
        "interpreters" | "main_thread_interpreters" => {
            for (k, n) in dict_of(v, key)? {
                let n = u32_of(n, key)?;
                if key == "interpreters" {
                    extras.interpreters.insert(k.clone(), n);
                } else {
                    extras.main_thread_interpreters.insert(k.clone(), n);
                }
            }
        }
        "parallel_efficiency_permille" => {
            const HOW: &str = "parallel_efficiency_permille must be a dict of busy cores 1, 2, ... to per mille, like {1: 1000, 2: 930}";
            let Val::NumDict(d) = v else {
                return Err(HOW.into());
            };
            let mut eff = Vec::with_capacity(d.len());
            for (i, (k, e)) in d.iter().enumerate() {
                if parse_int(k).ok() != Some(i as u64 + 1) {
                    return Err(HOW.into());
                }
                eff.push(u32_of(e, key)?);
            }
            sc.machine.parallel_efficiency_permille = eff;
        }
        "main_threads" => {
            for (k, n) in dict_of(v, key)? {
                extras
                    .main_threads
                    .insert(k.clone(), str_of(n, "a thread name")?.to_string());
            }
        }
        _ => {
            let mut fs = fields(sc);
            let Some((_, f)) = fs.iter_mut().find(|(k, _)| *k == key) else {
                return Err(format!(
                    "model() has no keyword {key}= (it takes cores, seed, gil, wake, the OS and runtime costs: see docs/python.md)"
                ));
            };
            let Val::Num(n) = v else {
                return Err(format!("{key} must be a number"));
            };
            match f {
                F::Dur(x) => **x = parse_seconds(n)?,
                F::Int(x) => **x = parse_int(n)?,
                F::U32(x) => {
                    **x = parse_int(n)?
                        .try_into()
                        .map_err(|_| format!("{key} is too large"))?
                }
            }
        }
    }
    Ok(())
}

/// The keyword arguments of `workload()` for a workload and its mode.
pub(super) fn workload_kwargs(mode: Approach, w: &Workload) -> Vec<(String, String)> {
    let mut out = vec![
        ("mode".to_string(), quote(mode.label())),
        ("tasks".to_string(), w.tasks.to_string()),
    ];
    if w.workers != 0 {
        out.push(("workers".into(), w.workers.to_string()));
    }
    for (k, d) in [
        ("cpu", w.cpu_ns),
        ("c_release", w.c_release_ns),
        ("io", w.io_ns),
        ("sleep", w.sleep_ns),
    ] {
        if d != 0 {
            out.push((k.into(), fmt_seconds(d)));
        }
    }
    if w.repeats != 1 {
        out.push(("repeats".into(), w.repeats.to_string()));
    }
    if w.start_method != StartMethod::Fork {
        out.push(("start_method".into(), quote(&enum_name(&w.start_method))));
    }
    out
}

/// Reads `workload()`'s keyword arguments.
pub(super) fn workload_of(kwargs: &[(String, Val)]) -> Result<(Approach, Workload), String> {
    let mut mode = None;
    let mut w = Workload {
        tasks: 0,
        workers: 0,
        cpu_ns: 0,
        c_release_ns: 0,
        io_ns: 0,
        sleep_ns: 0,
        repeats: 1,
        start_method: StartMethod::Fork,
    };
    for (k, v) in kwargs {
        let dur = |v: &Val| match v {
            Val::Num(n) => parse_seconds(n),
            _ => Err(format!("{k} must be a number of seconds")),
        };
        match k.as_str() {
            "mode" => {
                mode = Some(enum_of::<Approach>(str_of(v, "mode")?).ok_or(
                    "mode must be \"sequential\", \"threads\", \"processes\" or \"asyncio\"",
                )?)
            }
            "tasks" => w.tasks = u32_of(v, "tasks")?,
            "workers" => w.workers = u32_of(v, "workers")?,
            "repeats" => w.repeats = u32_of(v, "repeats")?,
            "cpu" => w.cpu_ns = dur(v)?,
            "c_release" => w.c_release_ns = dur(v)?,
            "io" => w.io_ns = dur(v)?,
            "sleep" => w.sleep_ns = dur(v)?,
            "start_method" => {
                w.start_method = enum_of(str_of(v, "start_method")?)
                    .ok_or("start_method must be \"fork\", \"forkserver\" or \"spawn\"")?
            }
            _ => {
                return Err(format!(
                    "workload() has no keyword {k}= (it takes mode, tasks, workers, cpu, c_release, io, sleep, repeats, start_method)"
                ));
            }
        }
    }
    let mode = mode.ok_or("workload() needs mode=")?;
    Ok((mode, w))
}
