//! Predict, then reveal (OSTEP's `-c`, in the browser): the lesson's question with the run
//! after the playhead, the metrics and the verdict hidden; the student answers (the wall time,
//! and for a workload lesson which way is fastest), reveals, and sees their answer beside the
//! model's with the error and one line drawn from the trace that explains it.

use super::run::ModelRun;
use gil_sim::narrate::{approach_title, fmt_ns};
use gil_sim::{Approach, State};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// A student's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Guess {
    /// The wall time they expect, ms.
    pub wall_ms: f64,
    /// The way they expect to be fastest (workload lessons).
    pub fastest: Option<Approach>,
}

/// Their answer beside the model's.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub guess: Guess,
    pub wall_ns: u64,
    /// (guess - model) / model, in percent.
    pub error_pct: f64,
    /// The model's fastest way, if the lesson has four.
    pub fastest: Option<Approach>,
    /// One line from the trace that explains the answer.
    pub why: String,
}

/// Reads an answer typed as milliseconds ("120", "120.5", "1e3"). Errs with what to type.
pub fn parse_ms(text: &str) -> Result<f64, String> {
    let v: f64 = text
        .trim()
        .trim_end_matches("ms")
        .trim()
        .parse()
        .map_err(|_| "type the wall time in milliseconds, like 120".to_string())?;
    if !v.is_finite() || v <= 0.0 || v > 3_600_000.0 {
        return Err("a wall time is more than 0 and at most an hour (3600000 ms)".into());
    }
    Ok(v)
}

/// The model's answer to `guess` on `run`.
pub fn verdict(run: &ModelRun, guess: Guess) -> Verdict {
    let wall_ns = run.metrics.wall_ns.max(1);
    let model_ms = wall_ns as f64 / 1e6;
    Verdict {
        error_pct: (guess.wall_ms - model_ms) / model_ms * 100.0,
        fastest: run
            .comparison
            .as_ref()
            .and_then(|c| c.as_ref().ok())
            .and_then(|c| c.best())
            .map(|b| b.mode),
        why: explain(run),
        guess,
        wall_ns,
    }
}

/// One sentence from the trace on why the run took as long as it did.
pub fn explain(run: &ModelRun) -> String {
    let m = &run.metrics;
    let tr = &run.trace;
    let killed = m.threads.iter().filter(|t| t.killed).count();
    let blocked: u64 = m.threads.iter().map(|t| t.blocked_ns).sum();
    let procs = tr.processes.iter().filter(|p| p.start_ns.is_some()).count();
    let cores = tr.cores;
    let busy = m.utilisation_permille as f64 / 10.0;
    if killed > 0 {
        return format!(
            "The program ended at {} when its main thread finished: Python joined the normal threads and killed {killed} daemon thread{} mid-work.",
            fmt_ns(m.wall_ns),
            if killed == 1 { "" } else { "s" }
        );
    }
    if !tr.gils.is_empty() && m.total_gil_wait_ns > m.total_cpu_ns / 2 && m.total_gil_wait_ns > 0 {
        return format!(
            "Threads spent {} waiting for the GIL while one at a time ran Python ({} GIL hand-offs); the {cores} cores were only {busy:.0}% busy.",
            fmt_ns(m.total_gil_wait_ns),
            m.gil_switches
        );
    }
    if blocked > m.total_cpu_ns.saturating_mul(2) {
        return format!(
            "The threads were mostly blocked on I/O or asleep ({} in total), which releases the GIL, so their waits overlapped.",
            fmt_ns(blocked)
        );
    }
    if procs > 1 {
        return format!(
            "{procs} processes, each with its own GIL, ran on {cores} cores at once ({busy:.0}% busy); starting them cost time too."
        );
    }
    if tr.gils.is_empty() {
        return format!(
            "With no GIL (free-threaded), threads ran Python on {cores} cores at once ({busy:.0}% busy)."
        );
    }
    let running = tr
        .thread_spans
        .iter()
        .flat_map(|s| s.iter())
        .filter(|s| s.state == State::Running)
        .count();
    format!(
        "The cores were {busy:.0}% busy over {} ({running} stretches of running Python).",
        fmt_ns(m.wall_ns)
    )
}

#[derive(Properties)]
pub struct PredictProps {
    pub run: Rc<ModelRun>,
    /// The revealed answer, if revealed.
    pub revealed: Option<Rc<Verdict>>,
    pub on_reveal: Callback<Guess>,
}

impl PartialEq for PredictProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
            && self.revealed == other.revealed
            && self.on_reveal == other.on_reveal
    }
}

/// The question, the answer form, and after reveal the comparison.
#[function_component(PredictPanel)]
pub fn predict_panel(props: &PredictProps) -> Html {
    let wall = use_node_ref();
    let fastest = use_node_ref();
    let error = use_state_eq(String::new);
    let run = &props.run;
    let ways = run
        .comparison
        .as_ref()
        .and_then(|c| c.as_ref().ok())
        .is_some();
    let question = if run.scenario.question.is_empty() {
        "How long does this program take?".to_string()
    } else {
        run.scenario.question.clone()
    };
    let on_submit = {
        let (wall, fastest, error, cb) = (
            wall.clone(),
            fastest.clone(),
            error.clone(),
            props.on_reveal.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = wall
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            match parse_ms(&text) {
                Ok(wall_ms) => {
                    let fastest = fastest
                        .cast::<HtmlSelectElement>()
                        .map(|s| s.value())
                        .and_then(|v| Approach::ALL.into_iter().find(|a| a.label() == v));
                    error.set(String::new());
                    cb.emit(Guess { wall_ms, fastest });
                }
                Err(why) => error.set(why),
            }
        })
    };
    let result = props.revealed.as_ref().map(|v| {
        let close = v.error_pct.abs() <= 10.0;
        html! {
            <div class="predict-result" data-testid="predict-result" data-error-pct={format!("{:.1}", v.error_pct)}>
                <p>
                    { format!("You said {:.1} ms; the model says {} ", v.guess.wall_ms, fmt_ns(v.wall_ns)) }
                    <strong>{ format!("({}{:.0}%{})", if v.error_pct >= 0.0 { "+" } else { "" }, v.error_pct, if close { ", close" } else { "" }) }</strong>
                    { "." }
                </p>
                if let (Some(g), Some(m)) = (v.guess.fastest, v.fastest) {
                    <p data-testid="predict-fastest" data-right={(g == m).to_string()}>
                        { format!("You picked {} as fastest; the model's fastest is {}{}", approach_title(g), approach_title(m), if g == m { ": right." } else { "." }) }
                    </p>
                }
                <p class="why" data-testid="predict-why">{ v.why.clone() }</p>
            </div>
        }
    });
    html! {
        <section class="panel predict" aria-labelledby="predict-title" data-testid="predict-panel">
            <h3 id="predict-title">{ "Predict, then reveal" }</h3>
            <p class="question" data-testid="predict-question">{ question }</p>
            <form onsubmit={on_submit} class="predict-form">
                <label>
                    { "Wall time (ms)" }
                    <input type="text" inputmode="decimal" ref={wall} data-testid="predict-answer"
                           disabled={props.revealed.is_some()} aria-describedby="predict-error" />
                </label>
                if ways {
                    <label>
                        { "Fastest way" }
                        <select ref={fastest} data-testid="predict-fastest-choice" disabled={props.revealed.is_some()}>
                            <option value="" selected=true>{ "(pick one)" }</option>
                            { for Approach::ALL.iter().map(|a| html! { <option value={a.label()}>{ approach_title(*a) }</option> }) }
                        </select>
                    </label>
                }
                if props.revealed.is_none() {
                    <button type="submit" class="primary" data-testid="reveal">{ "Reveal" }</button>
                }
            </form>
            <p id="predict-error" class="field-error" role="alert">{ (*error).clone() }</p>
            { result.unwrap_or_default() }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(name: &str) -> ModelRun {
        ModelRun::new(gil_sim::presets::get(name).unwrap().scenario).unwrap()
    }

    #[test]
    fn answers_parse_as_milliseconds_and_bad_ones_say_what_to_type() {
        assert_eq!(parse_ms(" 120 "), Ok(120.0));
        assert_eq!(parse_ms("2.5ms"), Ok(2.5));
        assert!(parse_ms("soon").unwrap_err().contains("milliseconds"));
        assert!(parse_ms("0").is_err());
        assert!(parse_ms("-3").is_err());
        assert!(parse_ms("NaN").is_err());
    }

    #[test]
    fn the_verdict_gives_the_error_and_the_fastest_way() {
        let r = run("cpu-threads");
        let model_ms = r.metrics.wall_ns as f64 / 1e6;
        let v = verdict(
            &r,
            Guess {
                wall_ms: model_ms * 2.0,
                fastest: Some(Approach::Threads),
            },
        );
        assert!((v.error_pct - 100.0).abs() < 1e-6, "{}", v.error_pct);
        assert_eq!(v.fastest, Some(Approach::Processes));
        assert!(v.why.contains("waiting for the GIL"), "{}", v.why);
    }

    #[test]
    fn each_lesson_gets_an_explanation_that_fits_it() {
        assert!(explain(&run("daemon-threads")).contains("daemon"));
        assert!(explain(&run("io-threads")).contains("I/O"));
        assert!(explain(&run("cpu-processes")).contains("processes"));
        assert!(
            explain(&run("free-threaded"))
                .to_lowercase()
                .contains("no gil")
        );
        for p in gil_sim::presets::all() {
            let why = explain(&ModelRun::new(p.scenario.clone()).unwrap());
            assert!(!why.is_empty() && why.ends_with('.'), "{}: {why}", p.name);
        }
    }
}
