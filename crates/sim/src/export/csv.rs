//! The trace as CSV tables: every span of every lane ([`spans_csv`]) and the per-thread and
//! whole-run metrics ([`metrics_csv`]). Fields are quoted as RFC 4180 asks (a field holding a
//! comma, a double quote, CR or LF is enclosed in double quotes, its quotes doubled); records
//! end with LF. [`write_spans_csv`] and [`write_metrics_csv`] write record by record to any
//! [`std::io::Write`]; [`spans_csv`] and [`metrics_csv`] are the same text as a `String`.

use std::io::{self, Write};

use super::gil_name;
use crate::metrics::metrics;
use crate::scenario::Scenario;
use crate::trace::{Lane, State, Trace};

/// One CSV field, quoted if it has to be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// An optional index as a field (empty for none).
fn opt(v: Option<u32>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A state as it is spelled in the trace's JSON: `running`, `waiting_gil`, `context_switch`...
fn state_name(s: State) -> String {
    match serde_json::to_value(s) {
        Ok(serde_json::Value::String(n)) => n,
        _ => s.label().to_string(),
    }
}

/// Every span of every lane (cores, then threads, then GILs, each lane in time order), one
/// record per span after the header
/// `lane,lane_index,name,process,state,start_ns,end_ns,duration_ns,thread,core`:
///
/// - `lane`: `core`, `thread` or `gil`; `lane_index`: the core, thread or GIL index;
/// - `name`: the lane's name (`CPU 0`, the thread's name, `GIL` or `GIL (interpreter N)`);
/// - `process`: the name of the lane's process (empty for cores);
/// - `state`: the state as the trace's JSON spells it (`running`, `waiting_gil`, `held`...);
/// - `start_ns`, `end_ns`, `duration_ns`: the half-open span `[start_ns, end_ns)` and its
///   length (0 only for a terminal `done` / `killed` span);
/// - `thread`: the thread index the span names (core and GIL lanes), `core`: the core index it
///   names (thread lanes); empty when none.
pub fn spans_csv(tr: &Trace) -> String {
    text_of(|w| write_spans_csv(w, tr))
}

/// Writes [`spans_csv`]'s table record by record.
pub fn write_spans_csv<W: Write + ?Sized>(out: &mut W, tr: &Trace) -> io::Result<()> {
    out.write_all(b"lane,lane_index,name,process,state,start_ns,end_ns,duration_ns,thread,core\n")?;
    let process_name = |p: u32| {
        tr.processes
            .get(p as usize)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    };
    for lane in tr.lanes() {
        let (kind, index, name, process) = match lane {
            Lane::Core(c) => ("core", c, format!("CPU {c}"), String::new()),
            Lane::Thread(t) => match tr.threads.get(t as usize) {
                Some(th) => ("thread", t, th.name.clone(), process_name(th.process)),
                None => ("thread", t, format!("thread#{t}"), String::new()),
            },
            Lane::Gil(g) => match tr.gils.get(g as usize) {
                Some(info) => ("gil", g, gil_name(tr, info), process_name(info.process)),
                None => ("gil", g, "GIL".to_string(), String::new()),
            },
        };
        let (name, process) = (field(&name), field(&process));
        for s in tr.lane(lane) {
            writeln!(
                out,
                "{kind},{index},{name},{process},{},{},{},{},{},{}",
                state_name(s.state),
                s.start_ns,
                s.end_ns,
                s.end_ns - s.start_ns,
                opt(s.thread),
                opt(s.core),
            )?;
        }
    }
    Ok(())
}

/// The run's metrics ([`crate::metrics()`]) as two CSV tables separated by one empty line.
///
/// The first has one record per thread (in thread-index order) after the header
/// `thread,name,process,daemon,killed,cpu_ns,gil_wait_ns,ready_ns,blocked_ns,lifetime_ns`:
/// `thread` is the thread index, `name` and `process` the thread's and its process's names,
/// `daemon` and `killed` are `true` / `false`, and the rest are the [`crate::ThreadMetrics`]
/// fields of the same names.
///
/// The second has the header `metric,value` and one record per whole-run figure, in this
/// order: `scenario` (its name), `seed`, `cores`, `end_ns`, `wall_ns`, `total_cpu_ns`,
/// `total_gil_wait_ns`, `gil_switches`, `drop_requests`, `forced_switches`, `holding_count`,
/// `holding_median_ns`, `holding_p95_ns`, `holding_max_ns`, `utilisation_permille`, then
/// `core_N_utilisation_permille` for each core N.
pub fn metrics_csv(sc: &Scenario, tr: &Trace) -> String {
    text_of(|w| write_metrics_csv(w, sc, tr))
}

/// Writes [`metrics_csv`]'s two tables record by record.
pub fn write_metrics_csv<W: Write + ?Sized>(
    out: &mut W,
    sc: &Scenario,
    tr: &Trace,
) -> io::Result<()> {
    let m = metrics(tr);
    out.write_all(
        b"thread,name,process,daemon,killed,cpu_ns,gil_wait_ns,ready_ns,blocked_ns,lifetime_ns\n",
    )?;
    for (i, t) in m.threads.iter().enumerate() {
        let process = tr
            .processes
            .get(t.process as usize)
            .map(|p| p.name.as_str())
            .unwrap_or("");
        let daemon = tr.threads.get(i).is_some_and(|th| th.daemon);
        writeln!(
            out,
            "{i},{},{},{daemon},{},{},{},{},{},{}",
            field(&t.name),
            field(process),
            t.killed,
            t.cpu_ns,
            t.gil_wait_ns,
            t.ready_ns,
            t.blocked_ns,
            t.lifetime_ns,
        )?;
    }
    out.write_all(b"\nmetric,value\n")?;
    writeln!(out, "scenario,{}", field(&sc.name))?;
    let rows: [(&str, u64); 14] = [
        ("seed", sc.seed),
        ("cores", u64::from(tr.cores)),
        ("end_ns", tr.end_ns),
        ("wall_ns", m.wall_ns),
        ("total_cpu_ns", m.total_cpu_ns),
        ("total_gil_wait_ns", m.total_gil_wait_ns),
        ("gil_switches", m.gil_switches),
        ("drop_requests", m.drop_requests),
        ("forced_switches", m.forced_switches),
        ("holding_count", m.holding.count),
        ("holding_median_ns", m.holding.median_ns),
        ("holding_p95_ns", m.holding.p95_ns),
        ("holding_max_ns", m.holding.max_ns),
        ("utilisation_permille", u64::from(m.utilisation_permille)),
    ];
    for (k, v) in rows {
        writeln!(out, "{k},{v}")?;
    }
    for (c, u) in m.core_utilisation_permille.iter().enumerate() {
        writeln!(out, "core_{c}_utilisation_permille,{u}")?;
    }
    Ok(())
}

/// The text a writer function writes (to memory, which cannot fail; CSV is UTF-8).
fn text_of(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
    let mut buf = Vec::new();
    let _ = write(&mut buf);
    String::from_utf8(buf).unwrap_or_default()
}
