//! The metrics of a run: wall and CPU time, time waiting for the GIL, core utilisation, GIL
//! switches, drop requests and forced switches, the median GIL holding period, and per thread.

use super::RunProps;
use crate::timeline::names::{process_short, thread_short};
use gil_sim::narrate::fmt_ns;
use yew::prelude::*;

/// The run's metrics, with a per-thread table.
#[function_component(MetricsPanel)]
pub fn metrics_panel(props: &RunProps) -> Html {
    let m = &props.run.metrics;
    let pct = |permille: u32| format!("{:.1} %", f64::from(permille) / 10.0);
    let rows: Vec<(&str, String, &str)> = vec![
        ("Wall time", fmt_ns(m.wall_ns), "wall"),
        ("CPU time (all threads)", fmt_ns(m.total_cpu_ns), "cpu"),
        (
            "Waiting for the GIL (all threads)",
            fmt_ns(m.total_gil_wait_ns),
            "gil-wait",
        ),
        (
            "Core utilisation",
            pct(m.utilisation_permille),
            "utilisation",
        ),
        ("GIL switches", m.gil_switches.to_string(), "gil-switches"),
        (
            "Drop requests / forced switches",
            format!("{} / {}", m.drop_requests, m.forced_switches),
            "drops",
        ),
        (
            "Median GIL holding period",
            if m.holding.count > 0 {
                fmt_ns(m.holding.median_ns)
            } else {
                "—".into()
            },
            "holding",
        ),
    ];
    html! {
        <section class="panel metrics" aria-labelledby="metrics-title" data-testid="metrics"
                 data-wall-ns={m.wall_ns.to_string()} data-gil-switches={m.gil_switches.to_string()}>
            <h3 id="metrics-title">{ "Metrics" }</h3>
            <table>
                { for rows.into_iter().map(|(k, v, id)| html! {
                    <tr data-metric={id}><th scope="row">{ k }</th><td>{ v }</td></tr>
                }) }
            </table>
            <details>
                <summary>{ "Per thread" }</summary>
                <table class="per-thread">
                    <tr><th>{ "Thread" }</th><th>{ "Process" }</th><th>{ "CPU" }</th><th>{ "GIL wait" }</th></tr>
                    { for m.threads.iter().enumerate().map(|(i, th)| html! {
                        <tr>
                            <td>{ format!("{} {}", thread_short(i as u32), th.name) }</td>
                            <td>{ process_short(th.process) }</td>
                            <td>{ fmt_ns(th.cpu_ns) }</td>
                            <td>{ fmt_ns(th.gil_wait_ns) }</td>
                        </tr>
                    }) }
                </table>
            </details>
        </section>
    }
}
