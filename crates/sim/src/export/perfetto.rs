//! The trace as Chrome Trace Event Format JSON (the object form), which Perfetto
//! (ui.perfetto.dev) and `chrome://tracing` open.
//!
//! Layout: one pid per simulated process (process index + 1) with one tid per thread (thread
//! index + 1) and one track per GIL of the process (tid = thread count + 1 + GIL index, named
//! `GIL` or `GIL (interpreter N)`); the cores are a process of their own, `CPU cores`
//! (pid = process count + 1), with one tid per core (core index + 1). Thread tracks carry the
//! thread states as complete (`X`) slices named by [`State::label`], and instants (`i`) for a
//! thread's end (`done` / `killed`), GIL drop requests, forced switches, thread creation and
//! exit and process start and exit; GIL tracks carry the `held` periods named by the holder;
//! core tracks carry `running` and `context switch` periods named by the thread
//! (`process/thread`). Times are microseconds written exactly (up to three decimals, from
//! integer nanoseconds).
//!
//! [`write_perfetto_json`] writes the document event by event to any [`std::io::Write`] (a trace
//! near the caps is millions of events: it is never held as JSON values or one string);
//! [`perfetto_json`] is the same text as a `String`.

use std::io::{self, Write};

use serde_json::{Map, Number, Value, json};

use super::gil_name;
use crate::scenario::Scenario;
use crate::trace::{EventKind, State, Trace};

/// Nanoseconds as a JSON number of microseconds, exact: `1234567` ns -> `1234.567`. The
/// decimal is built with integer arithmetic; the nearest `f64` of a decimal with at most 15
/// significant digits (trace times are below 2^42 ns) prints back as that same decimal.
fn us(ns: u64) -> Value {
    if ns.is_multiple_of(1000) {
        return Value::from(ns / 1000);
    }
    let text = format!("{}.{:03}", ns / 1000, ns % 1000);
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

/// A metadata (`M`) event.
fn meta(name: &str, pid: u64, tid: u64, args: Value) -> Value {
    json!({"name": name, "ph": "M", "pid": pid, "tid": tid, "ts": 0, "args": args})
}

/// A complete (`X`) slice `[start_ns, end_ns)`.
fn slice(
    name: &str,
    cat: &str,
    pid: u64,
    tid: u64,
    start_ns: u64,
    end_ns: u64,
    args: Value,
) -> Value {
    json!({
        "name": name, "cat": cat, "ph": "X", "pid": pid, "tid": tid,
        "ts": us(start_ns), "dur": us(end_ns - start_ns), "args": args,
    })
}

/// A thread-scoped instant (`i`) at `t_ns`.
fn instant(name: &str, cat: &str, pid: u64, tid: u64, t_ns: u64, args: Value) -> Value {
    json!({
        "name": name, "cat": cat, "ph": "i", "s": "t", "pid": pid, "tid": tid,
        "ts": us(t_ns), "args": args,
    })
}

/// `args` naming another thread, or none.
fn by(tr: &Trace, key: &str, t: Option<u32>) -> Value {
    let mut m = Map::new();
    if let Some(t) = t {
        m.insert(key.to_string(), Value::from(tr.thread_label(t)));
    }
    Value::Object(m)
}

/// The trace as Chrome Trace Event Format JSON, as a string: the text [`write_perfetto_json`]
/// writes.
pub fn perfetto_json(sc: &Scenario, tr: &Trace) -> String {
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail, and JSON is UTF-8.
    let _ = write_perfetto_json(&mut buf, sc, tr);
    String::from_utf8(buf).unwrap_or_default()
}

/// Writes the trace as Chrome Trace Event Format JSON:
/// `{"displayTimeUnit":"ms","otherData":{...},"traceEvents":[...]}` (see the module doc for the
/// tracks; keys in alphabetical order, as serde_json writes a map). `otherData` names the
/// scenario, its seed and GIL mode, the core count and the trace's end and wall times in ns.
/// Deterministic: equal inputs give equal text. One event at a time is built; the writer's
/// errors are returned (wrap a file or stdout in a `BufWriter`).
pub fn write_perfetto_json<W: Write + ?Sized>(
    w: &mut W,
    sc: &Scenario,
    tr: &Trace,
) -> io::Result<()> {
    let other = json!({
        "scenario": sc.name,
        "seed": sc.seed,
        "gil": sc.runtime.gil,
        "cores": tr.cores,
        "end_ns": tr.end_ns,
        "wall_ns": tr.wall_ns,
    });
    w.write_all(br#"{"displayTimeUnit":"ms","otherData":"#)?;
    serde_json::to_writer(&mut *w, &other)?;
    w.write_all(br#","traceEvents":["#)?;
    let mut out = Events { w, first: true };
    tracks(&mut out, tr)?;
    thread_states(&mut out, tr)?;
    gil_holders(&mut out, tr)?;
    cores(&mut out, tr)?;
    instants(&mut out, tr)?;
    out.w.write_all(b"]}")
}

/// The `traceEvents` array being written: a comma before every event but the first.
struct Events<'w, W: Write + ?Sized> {
    w: &'w mut W,
    first: bool,
}

impl<W: Write + ?Sized> Events<'_, W> {
    fn push(&mut self, event: Value) -> io::Result<()> {
        if !self.first {
            self.w.write_all(b",")?;
        }
        self.first = false;
        serde_json::to_writer(&mut *self.w, &event)?;
        Ok(())
    }
}

/// The pid and tid of thread `t`'s track.
fn thread_track(tr: &Trace, t: u32) -> Option<(u64, u64)> {
    let th = tr.threads.get(t as usize)?;
    Some((u64::from(th.process) + 1, u64::from(t) + 1))
}

/// The pid of the cores' process.
fn core_pid(tr: &Trace) -> u64 {
    tr.processes.len() as u64 + 1
}

/// The tracks' names and order: the cores first, then the processes in scenario order; within
/// a process its GIL tracks on top, then its threads in order.
fn tracks<W: Write + ?Sized>(ev: &mut Events<W>, tr: &Trace) -> io::Result<()> {
    let nthreads = tr.threads.len() as u64;
    let core_pid = core_pid(tr);
    ev.push(meta(
        "process_name",
        core_pid,
        0,
        json!({"name": "CPU cores"}),
    ))?;
    ev.push(meta(
        "process_sort_index",
        core_pid,
        0,
        json!({"sort_index": 0}),
    ))?;
    for c in 0..u64::from(tr.cores) {
        let name = json!({"name": format!("CPU {c}")});
        ev.push(meta("thread_name", core_pid, c + 1, name))?;
        let sort = json!({"sort_index": c});
        ev.push(meta("thread_sort_index", core_pid, c + 1, sort))?;
    }
    for (i, p) in tr.processes.iter().enumerate() {
        let pid = i as u64 + 1;
        ev.push(meta("process_name", pid, 0, json!({"name": p.name})))?;
        let sort = json!({"sort_index": pid});
        ev.push(meta("process_sort_index", pid, 0, sort))?;
    }
    for (g, info) in tr.gils.iter().enumerate() {
        let (pid, tid) = (u64::from(info.process) + 1, nthreads + 1 + g as u64);
        let name = json!({"name": gil_name(tr, info)});
        ev.push(meta("thread_name", pid, tid, name))?;
        let sort = json!({"sort_index": info.interpreter});
        ev.push(meta("thread_sort_index", pid, tid, sort))?;
    }
    for p in &tr.processes {
        for (k, &t) in p.threads.iter().enumerate() {
            let Some((pid, tid)) = thread_track(tr, t) else {
                continue;
            };
            let name = &tr.threads[t as usize].name;
            ev.push(meta("thread_name", pid, tid, json!({"name": name})))?;
            let sort = json!({"sort_index": tr.gils.len() + k});
            ev.push(meta("thread_sort_index", pid, tid, sort))?;
        }
    }
    Ok(())
}

/// The thread states: slices, and an instant for a thread's end.
fn thread_states<W: Write + ?Sized>(ev: &mut Events<W>, tr: &Trace) -> io::Result<()> {
    for (t, spans) in tr.thread_spans.iter().enumerate() {
        let Some((pid, tid)) = thread_track(tr, t as u32) else {
            continue;
        };
        for s in spans {
            let args = match s.core {
                Some(c) => json!({"core": c}),
                None => json!({}),
            };
            let name = s.state.label();
            if matches!(s.state, State::Done | State::Killed) {
                ev.push(instant(name, "thread_state", pid, tid, s.start_ns, args))?;
            } else if s.end_ns > s.start_ns {
                let (start, end) = (s.start_ns, s.end_ns);
                ev.push(slice(name, "thread_state", pid, tid, start, end, args))?;
            }
        }
    }
    Ok(())
}

/// The GILs' holders.
fn gil_holders<W: Write + ?Sized>(ev: &mut Events<W>, tr: &Trace) -> io::Result<()> {
    let nthreads = tr.threads.len() as u64;
    for (g, spans) in tr.gil_spans.iter().enumerate() {
        let Some(info) = tr.gils.get(g) else {
            continue;
        };
        let (pid, tid) = (u64::from(info.process) + 1, nthreads + 1 + g as u64);
        for s in spans {
            if s.state != State::Held || s.end_ns <= s.start_ns {
                continue;
            }
            let name = match s.thread.and_then(|h| tr.threads.get(h as usize)) {
                Some(th) => th.name.as_str(),
                None => s.state.label(),
            };
            let args = by(tr, "thread", s.thread);
            ev.push(slice(name, "gil", pid, tid, s.start_ns, s.end_ns, args))?;
        }
    }
    Ok(())
}

/// The cores: who runs, and context switches.
fn cores<W: Write + ?Sized>(ev: &mut Events<W>, tr: &Trace) -> io::Result<()> {
    let core_pid = core_pid(tr);
    for (c, spans) in tr.core_spans.iter().enumerate() {
        let tid = c as u64 + 1;
        for s in spans {
            if s.state == State::Idle || s.end_ns <= s.start_ns {
                continue;
            }
            let name = match s.thread {
                Some(t) => tr.thread_label(t),
                None => s.state.label().to_string(),
            };
            let args = json!({"state": s.state.label()});
            let (start, end) = (s.start_ns, s.end_ns);
            ev.push(slice(&name, "core", core_pid, tid, start, end, args))?;
        }
    }
    Ok(())
}

/// Instants on the thread concerned (a process's events on its main thread).
fn instants<W: Write + ?Sized>(ev: &mut Events<W>, tr: &Trace) -> io::Result<()> {
    for e in &tr.events {
        let (name, args) = match e.kind {
            EventKind::GilDropRequest => ("GIL drop request", by(tr, "holder", e.other_thread())),
            EventKind::GilForcedSwitch => ("forced switch", json!({})),
            EventKind::ThreadCreate => ("thread created", by(tr, "by", e.other_thread())),
            EventKind::ThreadExit => ("thread exit", json!({})),
            EventKind::ThreadKilled => ("thread killed", json!({})),
            EventKind::ProcessStart => ("process start", by(tr, "by", e.other_thread())),
            EventKind::ProcessExit => ("process exit", json!({})),
            _ => continue,
        };
        let main = || {
            let p = tr.processes.get(e.process? as usize)?;
            p.threads.first().copied()
        };
        let track = e.thread.or_else(main).and_then(|t| thread_track(tr, t));
        let Some((pid, tid)) = track else {
            continue;
        };
        ev.push(instant(name, "event", pid, tid, e.t_ns, args))?;
    }
    Ok(())
}
