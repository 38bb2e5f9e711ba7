//! Files in and out of the simulator: the run's program as `.py` with its helper module, the
//! trace for Perfetto (Chrome Trace Event JSON), the spans and the metrics as CSV, the timeline
//! as PNG; and a `.py` program or scenario `.json` imported by file picker or dropped on the
//! page (refused with the line or field, above a size cap, keeping the last good run).

use super::run::ModelRun;
use super::stage::Stage;
use gil_sim::export::{csv, perfetto};
use gil_sim::python::{HELPER_FILE, HELPER_MODULE};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlInputElement};
use yew::prelude::*;

/// Cap: size of an imported file, bytes (a classroom program is a few KB).
pub const MAX_IMPORT_BYTES: f64 = 2.0 * 1024.0 * 1024.0;

/// Saves `href` (a data or blob URL) as a file named `name`.
fn save_href(href: &str, name: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(a) = doc.create_element("a") else {
        return;
    };
    let _ = a.set_attribute("href", href);
    let _ = a.set_attribute("download", name);
    if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
        a.click();
    }
}

/// Saves `text` as a file named `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    save_href(&url, name);
    // Revoked after the click has been handled.
    let later = gloo_timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    later.forget();
}

/// A file name from the run's scenario: `convoy`, or `program` for an unnamed one.
fn stem(run: &ModelRun) -> String {
    let n: String = run
        .scenario
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    if n.is_empty() { "program".into() } else { n }
}

#[derive(Properties)]
pub struct FilesProps {
    pub stage: Rc<Stage>,
    pub run: Rc<ModelRun>,
    /// A file's name and text, to open.
    pub on_import: Callback<(String, String)>,
    /// Why a file could not be read.
    pub on_refuse: Callback<String>,
}

impl PartialEq for FilesProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.stage, &other.stage)
            && Rc::ptr_eq(&self.run, &other.run)
            && self.on_import == other.on_import
            && self.on_refuse == other.on_refuse
    }
}

/// Reads the first file of a list and hands it to `on_import` (or says why not).
pub fn read_first(
    files: Option<web_sys::FileList>,
    on_import: Callback<(String, String)>,
    on_refuse: Callback<String>,
) {
    let Some(file) = files.and_then(|f| f.get(0)) else {
        return;
    };
    let name = file.name();
    if file.size() > MAX_IMPORT_BYTES {
        on_refuse.emit(format!(
            "{name}: the file is {:.0} KB, more than the {:.0} KB a program or scenario may have",
            file.size() / 1024.0,
            MAX_IMPORT_BYTES / 1024.0
        ));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(file.text()).await {
            Ok(text) => on_import.emit((name, text.as_string().unwrap_or_default())),
            Err(_) => on_refuse.emit(format!("{name}: the file could not be read")),
        }
    });
}

/// Export buttons and the import picker.
#[function_component(Files)]
pub fn files(props: &FilesProps) -> Html {
    let run = props.run.clone();
    let stem = stem(&run);
    let export = |what: &'static str| {
        let (run, stage, stem) = (run.clone(), props.stage.clone(), stem.clone());
        Callback::from(move |_: MouseEvent| match what {
            "py" => {
                if let Some(p) = run.program.as_ref() {
                    download(&format!("{stem}.py"), "text/x-python", &p.text);
                }
            }
            "helper" => download(HELPER_FILE, "text/x-python", HELPER_MODULE),
            "perfetto" => download(
                &format!("{stem}.perfetto.json"),
                "application/json",
                &perfetto::perfetto_json(&run.scenario, &run.trace),
            ),
            "csv" => download(
                &format!("{stem}.spans.csv"),
                "text/csv",
                &csv::spans_csv(&run.trace),
            ),
            "metrics" => download(
                &format!("{stem}.metrics.csv"),
                "text/csv",
                &csv::metrics_csv(&run.scenario, &run.trace),
            ),
            _ => {
                if let Some(url) = stage
                    .canvas
                    .cast::<HtmlCanvasElement>()
                    .and_then(|c| c.to_data_url_with_type("image/png").ok())
                {
                    save_href(&url, &format!("{stem}.png"));
                }
            }
        })
    };
    let on_pick = {
        let (on_import, on_refuse) = (props.on_import.clone(), props.on_refuse.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            read_first(input.files(), on_import.clone(), on_refuse.clone());
            input.set_value("");
        })
    };
    html! {
        <details class="files">
            <summary>{ "Files: export, import…" }</summary>
            <div class="files-buttons">
                <button onclick={export("py")} data-testid="export-py" disabled={run.program.is_none()}
                        title="The program, runnable in CPython with gil_lab.py beside it">{ "Program (.py)" }</button>
                <button onclick={export("helper")} data-testid="export-helper" title="The helper module the program imports">{ "gil_lab.py" }</button>
                <button onclick={export("perfetto")} data-testid="export-perfetto"
                        title="Open in ui.perfetto.dev or chrome://tracing">{ "Trace (Perfetto)" }</button>
                <button onclick={export("csv")} data-testid="export-csv">{ "Spans (CSV)" }</button>
                <button onclick={export("metrics")} data-testid="export-metrics-csv">{ "Metrics (CSV)" }</button>
                <button onclick={export("png")} data-testid="export-png">{ "Timeline (PNG)" }</button>
            </div>
            <label class="import">
                { "Open a .py program or scenario .json (or drop it on the page)" }
                <input type="file" accept=".py,.json,text/x-python,application/json" data-testid="import-file" onchange={on_pick} />
            </label>
        </details>
    }
}
