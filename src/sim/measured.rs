//! "Measured in CPython": a recording of the shown program's run in real CPython (made with
//! `python3 program.py --record run.json`, or `gil-sim check`) opened by file picker or paste,
//! drawn on the same timeline beside the model's prediction (the same time scale), with the wall
//! time and every thread's lifetime predicted and measured and the error of each. A recording
//! of another program is refused (`Recording::of_program`); one that names no program and
//! matches this one only by its structure says so.

use super::files::read_first;
use super::run::ModelRun;
use crate::timeline::{CoreLanes, StaticTimeline};
use gil_sim::Trace;
use gil_sim::measured::{Check, Recording, check, measured_trace};
use gil_sim::narrate::fmt_ns;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// A recording, drawn and compared with a run.
pub struct Measured {
    pub trace: Rc<Trace>,
    pub check: Check,
    /// What to know before trusting the comparison (one line each).
    pub warnings: Vec<String>,
}

/// Reads a recording and compares it with `run`, if it is a recording of `run`'s program;
/// errors name the field.
pub fn measure(run: &ModelRun, text: &str) -> Result<Measured, String> {
    let rec = Recording::from_json(text).map_err(|e| format!("the recording: {e}"))?;
    let warnings = match run.program.as_ref() {
        Some(p) => rec
            .of_program(&p.text)
            .map_err(|e| format!("the recording: {e}"))?,
        None => Vec::new(),
    };
    let trace = measured_trace(&rec);
    let check = check(&run.trace, &run.metrics, &trace, &rec);
    Ok(Measured {
        trace: Rc::new(trace),
        check,
        warnings,
    })
}

#[derive(Properties)]
pub struct MeasuredProps {
    pub run: Rc<ModelRun>,
}

impl PartialEq for MeasuredProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
    }
}

#[function_component(MeasuredPanel)]
pub fn measured_panel(props: &MeasuredProps) -> Html {
    let shown: UseStateHandle<Option<Rc<Measured>>> = use_state(|| None);
    let error = use_state_eq(String::new);
    let paste = use_node_ref();
    {
        // Another run: the comparison was of the last one.
        let shown = shown.clone();
        use_effect_with(Rc::as_ptr(&props.run) as usize, move |_| shown.set(None));
    }
    let open = {
        let (run, shown, error) = (props.run.clone(), shown.clone(), error.clone());
        Callback::from(
            move |(name, text): (String, String)| match measure(&run, &text) {
                Ok(m) => {
                    error.set(String::new());
                    shown.set(Some(Rc::new(m)));
                }
                Err(why) => error.set(format!("{name}: {why}")),
            },
        )
    };
    let on_pick = {
        let (open, error) = (open.clone(), error.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let refuse = {
                let error = error.clone();
                Callback::from(move |why: String| error.set(why))
            };
            read_first(input.files(), open.clone(), refuse);
            input.set_value("");
        })
    };
    let on_paste = {
        let (open, paste) = (open.clone(), paste.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(t) = paste.cast::<HtmlTextAreaElement>() {
                open.emit(("pasted".into(), t.value()));
            }
        })
    };
    let end = shown
        .as_ref()
        .map_or(0, |m| m.trace.end_ns.max(props.run.trace.end_ns));
    html! {
        <section class="panel measured" aria-labelledby="measured-title" data-testid="measured-panel">
            <h3 id="measured-title">{ "Measured in CPython" }</h3>
            <p class="hint">
                { "Run this program in real Python with " }<code>{ "python3 program.py --record run.json" }</code>
                { " (export the program and gil_lab.py from Files), or " }<code>{ "gil-sim check program.py --keep run.json" }</code>
                { ", then open run.json here." }
            </p>
            <div class="measured-inputs">
                <label>{ "Open a recording " }
                    <input type="file" accept=".json,application/json" data-testid="import-run" onchange={on_pick} />
                </label>
                <details>
                    <summary>{ "…or paste it" }</summary>
                    <textarea ref={paste} data-testid="paste-run" rows="3" aria-label="A recording, pasted" />
                    <button onclick={on_paste} data-testid="paste-run-open">{ "Open" }</button>
                </details>
            </div>
            if !error.is_empty() {
                <p class="notice notice-error" role="alert" data-testid="run-error">{ (*error).clone() }</p>
            }
            if let Some(m) = shown.as_ref() {
                { for m.warnings.iter().map(|w| html! {
                    <p class="notice" role="status" data-testid="run-warning">{ sentence(w) }</p>
                }) }
                <table class="fidelity" data-testid="fidelity-table">
                    <caption>{ format!("The model beside CPython {} (error: predicted against measured)", m.check.python) }</caption>
                    <thead><tr><th scope="col">{ "What" }</th><th scope="col">{ "Predicted" }</th><th scope="col">{ "Measured" }</th><th scope="col">{ "Error" }</th></tr></thead>
                    <tbody>
                        { for m.check.rows.iter().map(|r| {
                            // A narrow panel breaks "process/thread" after the slash first.
                            let what = if r.thread.is_empty() { html! { { format!("Wall time ({})", r.process) } } } else { html! { <>{ format!("{}/", r.process) }<wbr />{ r.thread.clone() }</> } };
                            let ms = |v: Option<u64>| v.map(|v| format!("{:.3}", v as f64 / 1e6)).unwrap_or_default();
                            html! {
                                <tr data-predicted-ms={ms(r.predicted_ns)} data-measured-ms={ms(r.measured_ns)}>
                                    <th scope="row">{ what }</th>
                                    <td>{ r.predicted_ns.map_or("–".to_string(), fmt_ns) }</td>
                                    <td>{ r.measured_ns.map_or("–".to_string(), fmt_ns) }</td>
                                    <td>{ r.error_pct.map_or("–".to_string(), |e| format!("{e:+.1} %")) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                if let Some(r) = m.check.cpu_got_over_asked {
                    <p class="hint" data-testid="cpu-got">{ format!("The program's cpu() work got {r:.2}× the CPU time it asked for{}", if (r - 1.0).abs() > 0.1 { ": this machine's speed changed during the run, which no prediction knows." } else { "." }) }</p>
                }
                <p class="hint">{ "Measured lanes (no core lanes: a recording does not say which core ran what; a gap in a thread's work is drawn as waiting for the GIL), on the prediction's time scale:" }</p>
                <div data-testid="measured-lane">
                    <StaticTimeline trace={m.trace.clone()} cores={CoreLanes::Hidden} end_ns={end}
                        label="Measured run in CPython: thread lanes and the rebuilt GIL lanes" tooltip_testid="measured-tooltip" />
                </div>
            }
        </section>
    }
}

/// A warning of the model's (one line, lower case as the CLI prints it) as a sentence.
fn sentence(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect::<String>() + ".",
        None => String::new(),
    }
}
