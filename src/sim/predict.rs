//! Predict, then reveal (OSTEP's `-c`, in the browser): the lesson's question with the run
//! after the playhead, the metrics and the verdict hidden; the student answers the wall time and
//! the lesson's own second question ([`Ask`]: which way is fastest for a workload lesson, which
//! process starts working first, how many threads run at once, how long a thread holds the
//! GIL), reveals, and sees their answers beside the model's with the error and one line drawn
//! from the trace that explains it.

use super::run::ModelRun;
use gil_sim::narrate::{approach_title, fmt_ns};
use gil_sim::{Approach, Lane, State};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// A lesson's second question, beside the wall time.
#[derive(Clone, Debug, PartialEq)]
pub enum Ask {
    /// Which of sequential / threads / processes / asyncio is fastest (workload lessons).
    Fastest,
    /// Which of these processes starts working first.
    FirstProcess(Vec<String>),
    /// How many threads run at once, at most.
    MaxParallel,
    /// How long a thread holds the GIL before it hands it over, ms (median).
    Holding,
}

impl Ask {
    /// The question asked.
    pub fn question(&self) -> &'static str {
        match self {
            Ask::Fastest => "Fastest way",
            Ask::FirstProcess(_) => "Starts working first",
            Ask::MaxParallel => "Threads running at once (at most)",
            Ask::Holding => "GIL held per turn (ms)",
        }
    }
}

/// The second question that fits a lesson, if any.
pub fn ask_of(run: &ModelRun) -> Option<Ask> {
    let sc = &run.scenario;
    match sc.name.as_str() {
        "start-methods" => Some(Ask::FirstProcess(
            sc.processes
                .iter()
                .skip(1)
                .map(|p| p.name.clone())
                .collect(),
        )),
        "per-interpreter" => Some(Ask::MaxParallel),
        "switch-interval" => Some(Ask::Holding),
        _ if matches!(run.comparison, Some(Ok(_))) => Some(Ask::Fastest),
        _ => None,
    }
}

/// A student's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Guess {
    /// The wall time they expect, ms.
    pub wall_ms: f64,
    /// Their answer to the lesson's second question, as typed or picked.
    pub extra: Option<String>,
}

/// Their answer to the second question beside the model's.
#[derive(Clone, Debug, PartialEq)]
pub struct ExtraVerdict {
    pub ask: Ask,
    pub guess: String,
    pub model: String,
    pub right: bool,
}

/// Their answers beside the model's.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub guess: Guess,
    pub wall_ns: u64,
    /// (guess - model) / model, in percent.
    pub error_pct: f64,
    pub extra: Option<ExtraVerdict>,
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

/// The most threads in the state `Running` at one time.
fn max_parallel(run: &ModelRun) -> u32 {
    let mut edges: Vec<(u64, i32)> = Vec::new();
    for (t, lane) in run.trace.thread_spans.iter().enumerate() {
        let _ = t;
        for s in lane
            .iter()
            .filter(|s| s.state == State::Running && s.end_ns > s.start_ns)
        {
            edges.push((s.start_ns, 1));
            edges.push((s.end_ns, -1));
        }
    }
    // Ends before starts at one instant: a hand-off is not two at once.
    edges.sort_by_key(|&(t, d)| (t, d));
    let (mut now, mut best) = (0i32, 0i32);
    for (_, d) in edges {
        now += d;
        best = best.max(now);
    }
    best.max(0) as u32
}

/// The model's answer to a second question.
fn model_answer(run: &ModelRun, ask: &Ask) -> String {
    match ask {
        Ask::Fastest => run
            .comparison
            .as_ref()
            .and_then(|c| c.as_ref().ok())
            .and_then(|c| c.best())
            .map(|b| b.mode.label().to_string())
            .unwrap_or_default(),
        Ask::FirstProcess(_) => {
            let tr = &run.trace;
            tr.processes
                .iter()
                .skip(1)
                .filter_map(|p| {
                    let main = *p.threads.first()?;
                    let first = tr
                        .lane(Lane::Thread(main))
                        .iter()
                        .find(|s| s.state == State::Running)?;
                    Some((first.start_ns, p.name.clone()))
                })
                .min()
                .map(|(_, n)| n)
                .unwrap_or_default()
        }
        Ask::MaxParallel => max_parallel(run).to_string(),
        Ask::Holding => format!("{:.2}", run.metrics.holding.median_ns as f64 / 1e6),
    }
}

/// Whether a second answer is right: the same choice or number; a holding time within 25 %.
fn is_right(ask: &Ask, guess: &str, model: &str) -> bool {
    match ask {
        Ask::Holding => match (guess.trim().parse::<f64>(), model.parse::<f64>()) {
            (Ok(g), Ok(m)) if m > 0.0 => ((g - m) / m).abs() <= 0.25,
            _ => false,
        },
        _ => guess.trim() == model,
    }
}

/// The model's answers to `guess` on `run`.
pub fn verdict(run: &ModelRun, guess: Guess) -> Verdict {
    let wall_ns = run.metrics.wall_ns.max(1);
    let model_ms = wall_ns as f64 / 1e6;
    let extra = ask_of(run).and_then(|ask| {
        let g = guess.extra.clone().filter(|g| !g.trim().is_empty())?;
        let model = model_answer(run, &ask);
        Some(ExtraVerdict {
            right: is_right(&ask, &g, &model),
            guess: g,
            model,
            ask,
        })
    });
    Verdict {
        error_pct: (guess.wall_ms - model_ms) / model_ms * 100.0,
        extra,
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

/// How a second answer reads: a mode's title, a process's name, a number.
fn shown(ask: &Ask, answer: &str) -> String {
    match ask {
        Ask::Fastest => Approach::ALL
            .into_iter()
            .find(|a| a.label() == answer)
            .map_or(answer.to_string(), |a| approach_title(a).to_string()),
        Ask::Holding => format!("{answer} ms"),
        _ => answer.to_string(),
    }
}

/// The question, the answer form, and after reveal the comparison.
#[function_component(PredictPanel)]
pub fn predict_panel(props: &PredictProps) -> Html {
    let wall = use_node_ref();
    let extra_select = use_node_ref();
    let extra_input = use_node_ref();
    let error = use_state_eq(String::new);
    let run = &props.run;
    let ask = ask_of(run);
    let question = if run.scenario.question.is_empty() {
        "How long does this program take?".to_string()
    } else {
        run.scenario.question.clone()
    };
    let on_submit = {
        let (wall, sel, inp, error, cb) = (
            wall.clone(),
            extra_select.clone(),
            extra_input.clone(),
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
                    let extra = sel
                        .cast::<HtmlSelectElement>()
                        .map(|s| s.value())
                        .or_else(|| inp.cast::<HtmlInputElement>().map(|i| i.value()))
                        .filter(|v| !v.is_empty());
                    error.set(String::new());
                    cb.emit(Guess { wall_ms, extra });
                }
                Err(why) => error.set(why),
            }
        })
    };
    let done = props.revealed.is_some();
    let extra_field = ask.as_ref().map(|a| {
        let field = match a {
            Ask::Fastest | Ask::FirstProcess(_) => {
                let options: Vec<(String, String)> = match a {
                    Ask::Fastest => Approach::ALL
                        .iter()
                        .map(|m| (m.label().to_string(), approach_title(*m).to_string()))
                        .collect(),
                    Ask::FirstProcess(names) => {
                        names.iter().map(|n| (n.clone(), n.clone())).collect()
                    }
                    _ => Vec::new(),
                };
                html! {
                    <select ref={extra_select.clone()} data-testid="predict-extra" disabled={done}>
                        <option value="" selected=true>{ "(pick one)" }</option>
                        { for options.into_iter().map(|(v, t)| html! { <option value={v}>{ t }</option> }) }
                    </select>
                }
            }
            _ => html! {
                <input type="text" inputmode="decimal" ref={extra_input.clone()} data-testid="predict-extra" disabled={done} />
            },
        };
        html! { <label>{ a.question() }{ field }</label> }
    });
    let result = props.revealed.as_ref().map(|v| {
        let close = v.error_pct.abs() <= 10.0;
        html! {
            <div class="predict-result" data-testid="predict-result" data-error-pct={format!("{:.1}", v.error_pct)}>
                <p>
                    { format!("You said {:.1} ms; the model says {} ", v.guess.wall_ms, fmt_ns(v.wall_ns)) }
                    <strong>{ format!("({}{:.0}%{})", if v.error_pct >= 0.0 { "+" } else { "" }, v.error_pct, if close { ", close" } else { "" }) }</strong>
                    { "." }
                </p>
                if let Some(x) = &v.extra {
                    <p data-testid="predict-extra-result" data-right={x.right.to_string()}>
                        { format!("{}: you said {}; the model says {}{}", x.ask.question(), shown(&x.ask, &x.guess), shown(&x.ask, &x.model), if x.right { ": right." } else { "." }) }
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
                           disabled={done} aria-describedby="predict-error" />
                </label>
                { extra_field.unwrap_or_default() }
                if !done {
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

    fn guess(wall_ms: f64, extra: &str) -> Guess {
        Guess {
            wall_ms,
            extra: Some(extra.to_string()),
        }
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
        let v = verdict(&r, guess(model_ms * 2.0, "threads"));
        assert!((v.error_pct - 100.0).abs() < 1e-6, "{}", v.error_pct);
        let x = v.extra.unwrap();
        assert_eq!(
            (x.ask, x.model.as_str(), x.right),
            (Ask::Fastest, "processes", false)
        );
        assert!(v.why.contains("waiting for the GIL"), "{}", v.why);
        assert!(verdict(&r, guess(1.0, "processes")).extra.unwrap().right);
    }

    #[test]
    fn each_lesson_asks_what_fits_it_and_the_trace_answers() {
        // fork starts working first; spawn last.
        let r = run("start-methods");
        assert!(matches!(ask_of(&r), Some(Ask::FirstProcess(ref n)) if n.len() == 3));
        let x = verdict(&r, guess(10.0, "forked")).extra.unwrap();
        assert_eq!(x.model, "forked");
        assert!(x.right);
        // Two interpreters, two GILs: two threads at once (not four, not one).
        let r = run("per-interpreter");
        assert_eq!(ask_of(&r), Some(Ask::MaxParallel));
        assert_eq!(model_answer(&r, &Ask::MaxParallel), "2");
        // One GIL: one at a time; no GIL on 4 cores: four.
        assert_eq!(model_answer(&run("cpu-threads"), &Ask::MaxParallel), "1");
        assert_eq!(model_answer(&run("free-threaded"), &Ask::MaxParallel), "4");
        // A 2 ms switch interval: a turn of about 2 ms; within 25 % is right.
        let r = run("switch-interval");
        assert_eq!(ask_of(&r), Some(Ask::Holding));
        let held: f64 = model_answer(&r, &Ask::Holding).parse().unwrap();
        assert!((1.9..2.6).contains(&held), "{held}");
        assert!(verdict(&r, guess(10.0, "2.1")).extra.unwrap().right);
        assert!(!verdict(&r, guess(10.0, "5")).extra.unwrap().right);
        // A lesson without a second question asks only the wall time.
        assert_eq!(ask_of(&run("convoy")), None);
        assert_eq!(verdict(&run("convoy"), guess(10.0, "x")).extra, None);
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
