//! The exports (`gil_sim::export`): for every preset the Perfetto JSON is well-formed Chrome
//! Trace Event Format with one track per thread, GIL and core whose slices nest and add up to
//! the lanes they come from, and the CSV tables parse back (RFC 4180) to the trace's spans and
//! metrics, names with commas, quotes and newlines included.

use std::collections::BTreeMap;

use gil_sim::export::{metrics_csv, perfetto_json, spans_csv};
use gil_sim::*;
use serde_json::{Value, json};

fn runs() -> Vec<(String, Scenario, Trace)> {
    let presets = presets::all();
    assert_eq!(
        presets.len(),
        presets::FILES.len(),
        "a preset does not parse"
    );
    presets
        .into_iter()
        .map(|p| {
            let tr = simulate(&p.scenario).unwrap_or_else(|e| panic!("{}: {e}", p.name));
            (p.name.to_string(), p.scenario, tr)
        })
        .collect()
}

/// A scenario whose process and thread names need quoting in CSV: two threads fighting for
/// the GIL, so there are GIL and core spans naming them.
fn awkward() -> (Scenario, Trace) {
    let v = json!({
        "version": 1, "name": "odd, \"names\"", "machine": {"cores": 2},
        "processes": [{"name": "main, \"the\" one", "threads": [
            {"name": "MainThread", "program": [
                {"op": "start_thread", "thread": "say \"hi\", bye"},
                {"op": "start_thread", "thread": "two\nlines"},
                {"op": "cpu", "ns": 12_000_000},
                {"op": "join_thread", "thread": "say \"hi\", bye"},
                {"op": "join_thread", "thread": "two\nlines"}]},
            {"name": "say \"hi\", bye", "program": [{"op": "cpu", "ns": 12_000_000}]},
            {"name": "two\nlines", "program": [{"op": "cpu", "ns": 3_000_000}]}]}]
    });
    let sc = Scenario::from_json(&v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let tr = simulate(&sc).unwrap_or_else(|e| panic!("{e}"));
    (sc, tr)
}

// ---------- Perfetto ----------

/// A JSON number of microseconds (written with at most 3 decimals) back in ns, exactly.
fn ns(v: &Value, what: &str) -> u64 {
    let x = v
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: not a number: {v}"));
    assert!(x.is_finite() && x >= 0.0, "{what}: {x}");
    let n = (x * 1000.0).round();
    assert!(
        (x * 1000.0 - n).abs() < 1e-3,
        "{what}: {x} has more than 3 decimals"
    );
    n as u64
}

struct Slice {
    name: String,
    start: u64,
    end: u64,
}

/// The parsed events, checked field by field; returns them.
fn events_of(label: &str, text: &str) -> Vec<Value> {
    let doc: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{label}: {e}"));
    assert_eq!(doc["displayTimeUnit"], "ms", "{label}");
    let events = doc["traceEvents"]
        .as_array()
        .unwrap_or_else(|| panic!("{label}: no traceEvents array"))
        .clone();
    assert!(!events.is_empty(), "{label}");
    for e in &events {
        let ph = e["ph"]
            .as_str()
            .unwrap_or_else(|| panic!("{label}: no ph: {e}"));
        assert!(e["name"].is_string(), "{label}: no name: {e}");
        assert!(
            e["pid"].is_u64() && e["tid"].is_u64(),
            "{label}: pid/tid: {e}"
        );
        ns(&e["ts"], &format!("{label}: ts of {e}"));
        match ph {
            "X" => assert!(ns(&e["dur"], label) > 0, "{label}: empty X {e}"),
            "i" => assert!(
                matches!(e["s"].as_str(), Some("t" | "p" | "g")),
                "{label}: instant scope {e}"
            ),
            "M" => assert!(e["args"].is_object(), "{label}: metadata args {e}"),
            _ => panic!("{label}: unexpected ph {ph}"),
        }
    }
    // Times are plain decimals: no exponent (1e-7) anywhere a time is written.
    for key in ["\"ts\":", "\"dur\":"] {
        for (i, _) in text.match_indices(key) {
            let num: String = text[i + key.len()..]
                .chars()
                .take_while(|c| !matches!(c, ',' | '}'))
                .collect();
            assert!(
                num.chars().all(|c| c.is_ascii_digit() || c == '.'),
                "{label}: {key}{num}"
            );
        }
    }
    events
}

/// Metadata `name` -> (pid, tid) -> args.name.
fn names(events: &[Value], name: &str) -> BTreeMap<(u64, u64), String> {
    let mut out = BTreeMap::new();
    for e in events
        .iter()
        .filter(|e| e["ph"] == "M" && e["name"] == name)
    {
        let key = (e["pid"].as_u64().unwrap(), e["tid"].as_u64().unwrap());
        let v = e["args"]["name"].as_str().unwrap().to_string();
        assert!(out.insert(key, v).is_none(), "two {name} for {key:?}");
    }
    out
}

/// The X slices of each (pid, tid), sorted by start.
fn slices(events: &[Value]) -> BTreeMap<(u64, u64), Vec<Slice>> {
    let mut out: BTreeMap<(u64, u64), Vec<Slice>> = BTreeMap::new();
    for e in events.iter().filter(|e| e["ph"] == "X") {
        let key = (e["pid"].as_u64().unwrap(), e["tid"].as_u64().unwrap());
        let start = ns(&e["ts"], "ts");
        out.entry(key).or_default().push(Slice {
            name: e["name"].as_str().unwrap().to_string(),
            start,
            end: start + ns(&e["dur"], "dur"),
        });
    }
    for v in out.values_mut() {
        v.sort_by_key(|s| (s.start, s.end));
    }
    out
}

/// X slices on one track must not partially overlap (nesting is allowed, crossing is not).
fn assert_nested(label: &str, track: (u64, u64), v: &[Slice]) {
    let mut open: Vec<&Slice> = Vec::new();
    for s in v {
        while open.last().is_some_and(|o| o.end <= s.start) {
            open.pop();
        }
        if let Some(o) = open.last() {
            assert!(
                s.end <= o.end,
                "{label}: on {track:?} {} [{}, {}) crosses {} [{}, {})",
                s.name,
                s.start,
                s.end,
                o.name,
                o.start,
                o.end
            );
        }
        open.push(s);
    }
}

fn total(v: Option<&Vec<Slice>>) -> u64 {
    v.map_or(0, |v| v.iter().map(|s| s.end - s.start).sum())
}

fn check_perfetto(label: &str, sc: &Scenario, tr: &Trace) {
    let text = perfetto_json(sc, tr);
    assert_eq!(text, perfetto_json(sc, tr), "{label}: not deterministic");
    let events = events_of(label, &text);
    let processes = names(&events, "process_name");
    let threads = names(&events, "thread_name");
    let np = tr.processes.len() as u64;
    let nt = tr.threads.len() as u64;

    // One named pid per process, plus the cores.
    for (i, p) in tr.processes.iter().enumerate() {
        assert_eq!(processes.get(&(i as u64 + 1, 0)), Some(&p.name), "{label}");
    }
    assert_eq!(
        processes.get(&(np + 1, 0)).map(String::as_str),
        Some("CPU cores")
    );
    assert_eq!(processes.len() as u64, np + 1, "{label}: process tracks");
    // One thread_name per simulated thread, one GIL track per GIL, one track per core.
    for (t, th) in tr.threads.iter().enumerate() {
        let key = (u64::from(th.process) + 1, t as u64 + 1);
        assert_eq!(threads.get(&key), Some(&th.name), "{label}: thread {t}");
    }
    let gil_tracks: Vec<_> = threads
        .iter()
        .filter(|(k, n)| k.0 <= np && k.1 > nt && n.starts_with("GIL"))
        .collect();
    assert_eq!(gil_tracks.len(), tr.gils.len(), "{label}: GIL tracks");
    for (g, info) in tr.gils.iter().enumerate() {
        let key = (u64::from(info.process) + 1, nt + 1 + g as u64);
        assert!(
            threads.get(&key).is_some_and(|n| n.starts_with("GIL")),
            "{label}: GIL {g}"
        );
    }
    let core_tracks = threads.keys().filter(|k| k.0 == np + 1).count();
    assert_eq!(
        core_tracks as u64,
        u64::from(tr.cores),
        "{label}: core tracks"
    );
    assert_eq!(
        threads.len() as u64,
        nt + tr.gils.len() as u64 + u64::from(tr.cores),
        "{label}: tracks"
    );
    let mut sorted: Vec<(u64, u64)> = events
        .iter()
        .filter(|e| e["ph"] == "M" && e["name"] == "thread_sort_index")
        .filter(|e| e["args"]["sort_index"].is_u64())
        .map(|e| (e["pid"].as_u64().unwrap(), e["tid"].as_u64().unwrap()))
        .collect();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        sorted,
        threads.keys().copied().collect::<Vec<_>>(),
        "{label}: thread_sort_index"
    );

    // Every slice and instant is on a named track.
    for e in events.iter().filter(|e| e["ph"] != "M") {
        let key = (e["pid"].as_u64().unwrap(), e["tid"].as_u64().unwrap());
        assert!(
            threads.contains_key(&key),
            "{label}: event on an unnamed track {e}"
        );
    }

    let slices = slices(&events);
    for (track, v) in &slices {
        assert_nested(label, *track, v);
    }
    let m = metrics(tr);
    // Thread tracks: the states cover the thread's lifetime exactly (within 1 µs).
    for (t, th) in tr.threads.iter().enumerate() {
        let key = (u64::from(th.process) + 1, t as u64 + 1);
        let sum = total(slices.get(&key));
        assert!(
            sum.abs_diff(m.threads[t].lifetime_ns) <= 1_000,
            "{label}: thread {t}: slices {sum} ns, lifetime {} ns",
            m.threads[t].lifetime_ns
        );
        // ... and a thread that ended says so with one instant.
        let ends = events
            .iter()
            .filter(|e| e["ph"] == "i" && e["pid"] == key.0 && e["tid"] == key.1)
            .filter(|e| e["name"] == "done" || e["name"] == "killed")
            .count();
        let ended = tr.thread_spans[t]
            .iter()
            .any(|s| matches!(s.state, State::Done | State::Killed));
        assert_eq!(ends, usize::from(ended), "{label}: thread {t} end instants");
    }
    // GIL tracks: the held time, named by the holders.
    for (g, (info, spans)) in tr.gils.iter().zip(&tr.gil_spans).enumerate() {
        let key = (u64::from(info.process) + 1, nt + 1 + g as u64);
        let held: u64 = spans
            .iter()
            .filter(|s| s.state == State::Held)
            .map(|s| s.end_ns - s.start_ns)
            .sum();
        assert_eq!(total(slices.get(&key)), held, "{label}: GIL {g}");
        let holders: Vec<&str> = tr.threads.iter().map(|t| t.name.as_str()).collect();
        for s in slices.get(&key).into_iter().flatten() {
            assert!(
                holders.contains(&s.name.as_str()),
                "{label}: GIL holder {}",
                s.name
            );
        }
    }
    // Core tracks: the busy time.
    for (c, spans) in tr.core_spans.iter().enumerate() {
        let busy: u64 = spans
            .iter()
            .filter(|s| s.state != State::Idle)
            .map(|s| s.end_ns - s.start_ns)
            .sum();
        assert_eq!(
            total(slices.get(&(np + 1, c as u64 + 1))),
            busy,
            "{label}: core {c}"
        );
    }
    // Drop requests and forced switches appear as instants, one per event.
    for (kind, name) in [
        (EventKind::GilDropRequest, "GIL drop request"),
        (EventKind::GilForcedSwitch, "forced switch"),
        (EventKind::ThreadCreate, "thread created"),
        (EventKind::ProcessStart, "process start"),
    ] {
        let want = tr.events.iter().filter(|e| e.kind == kind).count();
        let got = events
            .iter()
            .filter(|e| e["ph"] == "i" && e["name"] == name)
            .count();
        assert_eq!(got, want, "{label}: {name} instants");
    }
}

#[test]
fn perfetto_json_of_every_preset_is_well_formed_and_adds_up() {
    let mut drops = 0;
    for (name, sc, tr) in runs() {
        check_perfetto(&name, &sc, &tr);
        drops += tr
            .events
            .iter()
            .filter(|e| e.kind == EventKind::GilDropRequest)
            .count();
    }
    assert!(
        drops > 0,
        "no preset has a drop request: the instant check is vacuous"
    );
}

#[test]
fn perfetto_json_keeps_awkward_names() {
    let (sc, tr) = awkward();
    check_perfetto("awkward", &sc, &tr);
    let threads = names(
        &events_of("awkward", &perfetto_json(&sc, &tr)),
        "thread_name",
    );
    assert!(threads.values().any(|n| n == "say \"hi\", bye"));
    assert!(threads.values().any(|n| n == "two\nlines"));
}

#[test]
fn microseconds_are_exact_decimals() {
    let (sc, tr) = awkward();
    let events = events_of("awkward", &perfetto_json(&sc, &tr));
    let mut fractional = 0;
    for e in events.iter().filter(|e| e["ph"] == "X") {
        let start = ns(&e["ts"], "ts");
        fractional += usize::from(!start.is_multiple_of(1000));
        // The slice starts where some span of the trace does.
        let found = tr
            .lanes()
            .iter()
            .any(|&l| tr.lane(l).iter().any(|s| s.start_ns == start));
        assert!(found, "no span starts at {start} ns ({e})");
    }
    assert!(
        fractional > 0,
        "no sub-microsecond time: the exactness check is vacuous"
    );
}

// ---------- CSV ----------

/// A small RFC 4180 reader: records of fields; quoted fields may hold commas, doubled quotes
/// and line breaks; records end with LF or CRLF. An empty line is a record of one empty field.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                assert!(
                    field.is_empty(),
                    "quote inside an unquoted field: {field:?}"
                );
                quoted = true;
            }
            ',' => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quoted field");
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

#[test]
fn the_csv_reader_follows_rfc_4180() {
    let r = read_csv("a,\"b,\"\"c\"\"\",\"x\ny\"\r\n,\n\nz\n");
    assert_eq!(r[0], ["a", "b,\"c\"", "x\ny"]);
    assert_eq!(r[1], ["", ""]);
    assert_eq!(r[2], [""]);
    assert_eq!(r[3], ["z"]);
    assert_eq!(r.len(), 4);
}

const SPANS_HEADER: [&str; 10] = [
    "lane",
    "lane_index",
    "name",
    "process",
    "state",
    "start_ns",
    "end_ns",
    "duration_ns",
    "thread",
    "core",
];

fn check_spans_csv(label: &str, tr: &Trace) {
    let rows = read_csv(&spans_csv(tr));
    assert_eq!(rows[0], SPANS_HEADER, "{label}");
    assert_eq!(
        rows.len() as u64,
        tr.span_count() + 1,
        "{label}: one row per span"
    );
    let num = |s: &str| -> u64 { s.parse().unwrap_or_else(|_| panic!("{label}: {s:?}")) };
    let mut lanes: BTreeMap<(String, u64), Vec<&Vec<String>>> = BTreeMap::new();
    for r in &rows[1..] {
        assert_eq!(r.len(), SPANS_HEADER.len(), "{label}: {r:?}");
        assert_eq!(num(&r[7]), num(&r[6]) - num(&r[5]), "{label}: {r:?}");
        lanes.entry((r[0].clone(), num(&r[1]))).or_default().push(r);
    }
    for lane in tr.lanes() {
        let (kind, i, name) = match lane {
            Lane::Core(c) => ("core", c, format!("CPU {c}")),
            Lane::Thread(t) => ("thread", t, tr.threads[t as usize].name.clone()),
            Lane::Gil(g) => ("gil", g, String::new()),
        };
        let spans: Vec<Span> = tr.lane(lane).iter().collect();
        let got = lanes
            .remove(&(kind.to_string(), u64::from(i)))
            .unwrap_or_default();
        assert_eq!(got.len(), spans.len(), "{label}: {lane:?}");
        // The durations add up to the lane's length.
        let sum: u64 = got.iter().map(|r| num(&r[7])).sum();
        let len = spans
            .first()
            .map_or(0, |f| tr.lane(lane).end_ns() - f.start_ns);
        assert_eq!(sum, len, "{label}: {lane:?}");
        for (r, s) in got.iter().zip(&spans) {
            assert_eq!((num(&r[5]), num(&r[6])), (s.start_ns, s.end_ns), "{label}");
            let state = serde_json::to_value(s.state).unwrap();
            assert_eq!(r[4], state.as_str().unwrap(), "{label}");
            assert_eq!(r[8], s.thread.map(|t| t.to_string()).unwrap_or_default());
            assert_eq!(r[9], s.core.map(|c| c.to_string()).unwrap_or_default());
            if let Lane::Gil(_) = lane {
                assert!(r[2].starts_with("GIL"), "{label}: {r:?}");
            } else {
                assert_eq!(r[2], name, "{label}");
            }
        }
    }
    assert!(
        lanes.is_empty(),
        "{label}: rows of no lane: {:?}",
        lanes.keys()
    );
}

#[test]
fn spans_csv_of_every_preset_has_one_row_per_span() {
    for (name, _, tr) in runs() {
        check_spans_csv(&name, &tr);
    }
}

#[test]
fn names_with_commas_quotes_and_newlines_round_trip_through_the_csv() {
    let (sc, tr) = awkward();
    check_spans_csv("awkward", &tr);
    let text = spans_csv(&tr);
    assert!(
        text.contains("\"say \"\"hi\"\", bye\""),
        "not quoted per RFC 4180"
    );
    let rows = read_csv(&text);
    for t in ["say \"hi\", bye", "two\nlines"] {
        assert!(rows.iter().any(|r| r[2] == t), "{t:?} lost");
    }
    assert!(
        rows[1..]
            .iter()
            .filter(|r| r[0] != "core")
            .all(|r| r[3] == "main, \"the\" one")
    );
    let rows = read_csv(&metrics_csv(&sc, &tr));
    assert_eq!(rows[2][1], "say \"hi\", bye");
    assert_eq!(rows[3][1], "two\nlines");
    assert!(rows.iter().any(|r| r[..] == ["scenario", "odd, \"names\""]));
}

fn check_metrics_csv(label: &str, sc: &Scenario, tr: &Trace) {
    let m = metrics(tr);
    let rows = read_csv(&metrics_csv(sc, tr));
    let blank = rows
        .iter()
        .position(|r| r[..] == [""])
        .unwrap_or_else(|| panic!("{label}: no blank line between the tables"));
    let (threads, rest) = (&rows[..blank], &rows[blank + 1..]);
    assert_eq!(
        threads[0],
        [
            "thread",
            "name",
            "process",
            "daemon",
            "killed",
            "cpu_ns",
            "gil_wait_ns",
            "ready_ns",
            "blocked_ns",
            "lifetime_ns"
        ],
        "{label}"
    );
    assert_eq!(
        threads.len() - 1,
        tr.threads.len(),
        "{label}: one row per thread"
    );
    for (i, (r, t)) in threads[1..].iter().zip(&m.threads).enumerate() {
        let p = &tr.processes[t.process as usize].name;
        let want = [
            i.to_string(),
            t.name.clone(),
            p.clone(),
            tr.threads[i].daemon.to_string(),
            t.killed.to_string(),
            t.cpu_ns.to_string(),
            t.gil_wait_ns.to_string(),
            t.ready_ns.to_string(),
            t.blocked_ns.to_string(),
            t.lifetime_ns.to_string(),
        ];
        assert_eq!(r[..], want, "{label}");
    }
    assert_eq!(rest[0], ["metric", "value"], "{label}");
    let table: BTreeMap<&str, &str> = rest[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), 2, "{label}: {r:?}");
            (r[0].as_str(), r[1].as_str())
        })
        .collect();
    assert_eq!(table.len(), rest.len() - 1, "{label}: a metric twice");
    let mut want = vec![
        ("scenario", sc.name.clone()),
        ("seed", sc.seed.to_string()),
        ("wall_ns", m.wall_ns.to_string()),
        ("end_ns", tr.end_ns.to_string()),
        ("total_cpu_ns", m.total_cpu_ns.to_string()),
        ("total_gil_wait_ns", m.total_gil_wait_ns.to_string()),
        ("gil_switches", m.gil_switches.to_string()),
        ("drop_requests", m.drop_requests.to_string()),
        ("forced_switches", m.forced_switches.to_string()),
        ("holding_count", m.holding.count.to_string()),
        ("holding_median_ns", m.holding.median_ns.to_string()),
        ("holding_p95_ns", m.holding.p95_ns.to_string()),
        ("holding_max_ns", m.holding.max_ns.to_string()),
        ("utilisation_permille", m.utilisation_permille.to_string()),
    ];
    for (c, u) in m.core_utilisation_permille.iter().enumerate() {
        want.push((
            format!("core_{c}_utilisation_permille").leak(),
            u.to_string(),
        ));
    }
    for (k, v) in want {
        assert_eq!(table.get(k).copied(), Some(v.as_str()), "{label}: {k}");
    }
}

#[test]
fn metrics_csv_of_every_preset_matches_the_metrics() {
    for (name, sc, tr) in runs() {
        check_metrics_csv(&name, &sc, &tr);
    }
    let (sc, tr) = awkward();
    check_metrics_csv("awkward", &sc, &tr);
}
