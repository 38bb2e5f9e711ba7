//! The results of the job in the table: whether every mode got the same answer, the table and
//! bar chart of measured against predicted times, the GIL and process start-up figures, and one
//! measured timeline per mode.

use super::compare::{ResultRow, difference_percent, efficiency};
use super::measured::{Measurement, Place, SWITCH_INTERVAL_NS};
use super::strategy_title;
use super::timeline_canvas::LabTimeline;
use gil_sim::narrate::fmt_ns;
use gil_work::{Kernel, Strategy};
use std::rc::Rc;
use yew::prelude::*;

/// A number with thin thousands separators.
fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn ms(ns: u64) -> String {
    format!("{:.1}", ns as f64 / 1e6)
}

/// "–" for a missing figure.
fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "–".into())
}

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    /// One row per finished mode, in `Strategy::ALL` order.
    pub rows: Rc<[ResultRow]>,
    /// Logical cores (the model's core count).
    pub cores: u32,
}

/// Everything under "Results", or a hint while there is none.
#[function_component(Results)]
pub fn results(props: &ResultsProps) -> Html {
    let rows = &props.rows;
    let Some(first_row) = rows.first() else {
        return html! {
            <p class="hint" data-testid="lab-no-results">{ "Results appear here, one row per mode, with the model's prediction beside each measurement." }</p>
        };
    };
    let first = &first_row.m.run;
    let all_equal = rows.iter().all(|r| r.m.run.result == first.result);
    let kernel_words = match first.job.kernel {
        Kernel::Primes => format!("primes below {}", group(first.job.size)),
        Kernel::Countdown => format!("decrements counting down from {}", group(first.job.size)),
    };
    let check = if all_equal {
        html! {
            <p class="lab-equal" data-testid="lab-results-equal" data-result={first.result.to_string()}>
                { format!("✔ Every mode got the same result: {} {kernel_words}.", group(first.result)) }
            </p>
        }
    } else {
        html! {
            <p class="lab-error lab-mismatch" role="alert" data-testid="lab-mismatch">
                { "✖ THE RESULTS DIFFER BETWEEN MODES. A correct parallel program must give the same answer as the sequential one: see the Result column." }
            </p>
        }
    };
    let measurements: Vec<Rc<Measurement>> = rows.iter().map(|r| r.m.clone()).collect();
    html! {
        <div class="lab-results">
            <h3>{ "Results" }</h3>
            { check }
            { table(rows, first.result) }
            <p class="hint">{ format!("Speedup = sequential time ÷ this time. Efficiency = speedup ÷ workers (100 % means every worker was fully used). The model gets the measured sequential time, the chunks, the workers, your {} cores, a 5 ms switch interval and the measured process start-up.", props.cores) }</p>
            { chart(rows) }
            { figures(&measurements) }
            { timelines(&measurements) }
        </div>
    }
}

/// The results table; a row whose result differs from `expected` is marked.
fn table(rows: &[ResultRow], expected: u64) -> Html {
    html! {
        // Scrolls sideways on a narrow screen (the page itself never does): focusable, so the
        // keyboard can scroll it too.
        <div class="lab-table-wrap" tabindex="0" role="region" aria-label="Results table">
        <table class="lab-table" data-testid="lab-results">
            <thead><tr>
                <th scope="col">{ "Strategy" }</th>
                <th scope="col">{ "Workers" }</th>
                <th scope="col">{ "Measured" }</th>
                <th scope="col">{ "Speedup" }</th>
                <th scope="col">{ "Efficiency" }</th>
                <th scope="col">{ "Model predicts" }</th>
                <th scope="col">{ "Difference" }</th>
                <th scope="col">{ "Result" }</th>
            </tr></thead>
            <tbody>
            { for rows.iter().map(|r| row(r, expected)) }
            </tbody>
        </table>
        </div>
    }
}

fn row(r: &ResultRow, expected: u64) -> Html {
    let (m, run) = (&r.m, &r.m.run);
    let eff = r.speedup.map(|s| efficiency(s, run.workers));
    let diff = r
        .predicted_ns
        .and_then(|p| difference_percent(m.elapsed_ns(), p));
    let mismatch = run.result != expected;
    let place = match (run.mode, m.place) {
        (Strategy::Sequential, Place::SeparateWorker) => " (in a separate worker)",
        _ => "",
    };
    html! {
        <tr data-testid="lab-result" data-mode={run.mode.name()} data-workers={run.workers.to_string()}
            data-ms={ms(m.elapsed_ns())} data-result={run.result.to_string()}
            data-predicted-ms={r.predicted_ns.map(ms).unwrap_or_default()}
            data-parallel-ms={ms(m.parallel_ns())}
            data-busy-ms={ms(m.busy_ns())}
            data-speedup={r.speedup.map(|s| format!("{s:.3}")).unwrap_or_default()}
            class={classes!(mismatch.then_some("lab-row-mismatch"))}>
            <th scope="row"><span class={classes!("lab-key", format!("lab-key-{}", run.mode.name()))} aria-hidden="true"></span>
                { strategy_title(run.mode) }{ place }</th>
            <td>{ run.workers }</td>
            <td>{ fmt_ns(m.elapsed_ns()) }</td>
            <td>{ or_dash(r.speedup.map(|s| format!("{s:.2}×"))) }</td>
            <td>{ or_dash(eff.map(|e| format!("{:.0} %", e * 100.0))) }</td>
            <td>{ or_dash(r.predicted_ns.map(fmt_ns)) }</td>
            <td>{ or_dash(diff.map(|d| if d.abs() < 0.5 { "0 %".to_string() } else { format!("{d:+.0} %") })) }</td>
            <td>{ if mismatch { format!("{} ✖ differs", group(run.result)) } else { format!("{} ✔", group(run.result)) } }</td>
        </tr>
    }
}

/// Bars of measured (solid) and predicted (outlined) times on one scale.
fn chart(rows: &[ResultRow]) -> Html {
    let max_ns = rows
        .iter()
        .flat_map(|r| [Some(r.m.elapsed_ns()), r.predicted_ns])
        .flatten()
        .max()
        .unwrap_or(1)
        .max(1);
    let pct = |ns: u64| format!("width: {:.1}%", ns as f64 / max_ns as f64 * 100.0);
    html! {
        <figure class="lab-chart" data-testid="lab-chart">
            <figcaption>{ "Measured time (solid) and the model's prediction (outlined), shorter is faster" }</figcaption>
            <ul class="lab-bars">
            { for rows.iter().map(|r| {
                let mode = r.m.run.mode;
                html! {
                    <li>
                        <span class="lab-bar-label">{ strategy_title(mode) }</span>
                        <span class="lab-bar-track">
                            <span class={classes!("lab-bar", format!("lab-key-{}", mode.name()))} style={pct(r.m.elapsed_ns())}></span>
                            { r.predicted_ns.map(|p| html! {
                                <span class={classes!("lab-bar", "lab-bar-predicted")} style={pct(p)}></span>
                            }).unwrap_or_default() }
                        </span>
                        <span class="lab-bar-value">{ format!("{} / {}", fmt_ns(r.m.elapsed_ns()),
                            or_dash(r.predicted_ns.map(fmt_ns))) }</span>
                    </li>
                }
            }) }
            </ul>
        </figure>
    }
}

/// The GIL's holding periods against the switch interval, and the processes' start-up cost.
fn figures(results: &[Rc<Measurement>]) -> Html {
    let of = |mode| results.iter().find(|r| r.run.mode == mode);
    let gil = of(Strategy::Gil).and_then(|r| r.run.gil.as_ref());
    let procs = of(Strategy::Processes);
    html! {
        <ul class="lab-figures">
            { gil.map(|g| {
                let med = g.median_requested_hold_ns().or(g.median_hold_ns()).unwrap_or(0);
                html! {
                    <li data-testid="lab-gil-stats" data-median-hold-ns={med.to_string()}
                        data-holds={g.holds.len().to_string()} data-interval-ns={SWITCH_INTERVAL_NS.to_string()}>
                        { format!("GIL: {} holding periods, {} hand-offs between threads; a holder asked to let go had held it for {} (median), the switch interval is {}. The handover itself took {} (median).",
                            g.holds.len(), g.handoffs.len(), fmt_ns(med), fmt_ns(g.interval_ns),
                            fmt_ns(g.median_handoff_gap_ns().unwrap_or(0))) }
                    </li>
                }
            }).unwrap_or_default() }
            { procs.and_then(|p| p.median_start_ns().map(|s| html! {
                <li data-testid="lab-process-start" data-ns={s.to_string()}>
                    { format!("Processes: starting one worker with its own copy of the program took {} (median of {}), the analogue of Python's spawn start method.",
                        fmt_ns(s), p.starts.len()) }
                </li>
            })).unwrap_or_default() }
        </ul>
    }
}

/// One measured timeline per mode, on the time scale of the slowest.
fn timelines(results: &[Rc<Measurement>]) -> Html {
    let end_ns = results.iter().map(|r| r.elapsed_ns()).max().unwrap_or(1);
    html! {
        <>
            <h3>{ "Measured timelines" }</h3>
            <p class="hint">{ "Real performance.now() stamps per chunk and per GIL hand-off, on one time scale. Running is solid blue; waiting for the GIL is orange with crosses; a process starting is yellow with stripes; ◆ marks a forced switch of the GIL." }</p>
            { for results.iter().map(|m| {
                let run = &m.run;
                html! {
                    <section class="lab-timeline" data-testid="lab-timeline" data-mode={run.mode.name()}>
                        <h4>{ format!("{} · {} worker{} · {}", strategy_title(run.mode), run.workers,
                            if run.workers == 1 { "" } else { "s" }, fmt_ns(m.elapsed_ns())) }</h4>
                        <LabTimeline measured={m.clone()} end_ns={end_ns} />
                    </section>
                }
            }) }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_for_reading() {
        assert_eq!(group(0), "0");
        assert_eq!(group(348_513), "348,513");
        assert_eq!(group(1_000_000), "1,000,000");
        assert_eq!(ms(1_234_567), "1.2");
    }
}
