//! `gil-sim export` streams the trace's forms: a small scenario with a big trace is exported
//! in about the memory its run takes (not gigabytes of JSON values and one string), and the
//! streamed text is byte for byte the library's String form, on every preset.

mod common;

use common::{Scratch, gil_sim, peak_rss_kib};

/// 16 threads, each 1,000 times a short CPU step and a short I/O, on 2 cores: a 3 KB scenario
/// whose trace is hundreds of thousands of spans and events.
fn big_trace_scenario() -> String {
    let threads: Vec<String> = (0..16)
        .map(|i| {
            format!(
                r#"{{"name": "t{i}", "program": [{{"op": "repeat", "count": 1000, "body": [
                    {{"op": "cpu", "ns": 30000}}, {{"op": "io", "ns": 20000}}]}}]}}"#
            )
        })
        .collect();
    let starts: Vec<String> = (0..16)
        .map(|i| format!(r#"{{"op": "start_thread", "thread": "t{i}"}}"#))
        .collect();
    format!(
        r#"{{"version": 1, "machine": {{"cores": 2}}, "processes": [{{"name": "main", "threads": [
            {{"name": "MainThread", "program": [{}]}}, {}]}}]}}"#,
        starts.join(", "),
        threads.join(", ")
    )
}

#[test]
fn a_big_trace_is_exported_in_about_the_memory_of_its_run() {
    let t = Scratch::new("big");
    let file = t.file("big.json");
    std::fs::write(&file, big_trace_scenario()).unwrap();
    let run = peak_rss_kib(&["run", &file, "-c", "--max-rows", "1"]);
    for form in ["perfetto", "csv", "metrics-csv"] {
        let export = peak_rss_kib(&["export", form, &file]);
        println!("peak RSS: run -c {run} KiB, export {form} {export} KiB");
        assert!(
            export <= 2 * run,
            "export {form} peaked at {export} KiB, more than twice the {run} KiB of the run"
        );
    }
}

#[test]
fn the_streamed_exports_are_the_string_forms_byte_for_byte() {
    use gil_sim::export::{metrics_csv, perfetto_json, spans_csv};
    for p in gil_sim::presets::all() {
        let tr = gil_sim::simulate(&p.scenario).unwrap();
        let want = [
            ("perfetto", perfetto_json(&p.scenario, &tr) + "\n"),
            ("csv", spans_csv(&tr)),
            ("metrics-csv", metrics_csv(&p.scenario, &tr)),
        ];
        for (form, text) in want {
            let o = gil_sim(&["export", form, p.name, "--machine", "none"]);
            assert!(o.status.success(), "{}: {form}", p.name);
            assert!(o.stdout == text.as_bytes(), "{}: {form} differs", p.name);
        }
    }
}

/// The writer forms write exactly the String forms (the app and the tests use the latter).
#[test]
fn the_writer_functions_write_the_string_forms() {
    use gil_sim::export::*;
    for p in gil_sim::presets::all() {
        let tr = gil_sim::simulate(&p.scenario).unwrap();
        let mut buf = Vec::new();
        write_perfetto_json(&mut buf, &p.scenario, &tr).unwrap();
        assert_eq!(
            buf,
            perfetto_json(&p.scenario, &tr).into_bytes(),
            "{}",
            p.name
        );
        buf.clear();
        write_spans_csv(&mut buf, &tr).unwrap();
        assert_eq!(buf, spans_csv(&tr).into_bytes(), "{}", p.name);
        buf.clear();
        write_metrics_csv(&mut buf, &p.scenario, &tr).unwrap();
        assert_eq!(
            buf,
            metrics_csv(&p.scenario, &tr).into_bytes(),
            "{}",
            p.name
        );
    }
}
