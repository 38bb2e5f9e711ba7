//! The same work four ways: the run's workload simulated sequentially, on threads, on processes
//! and with asyncio, as bars with the speedup of each, and the one-sentence verdict.

use super::RunProps;
use crate::sim::words::verdict;
use gil_sim::narrate::{approach_title, fmt_ns};
use yew::prelude::*;

/// The run's workload four ways (sequential, threads, processes, asyncio): wall time, speedup
/// against sequential, and the verdict.
#[function_component(ComparePanel)]
pub fn compare_panel(props: &RunProps) -> Html {
    let cmp = props.run.comparison.as_ref();
    let cores = props.run.scenario.machine.cores;
    let body = match cmp {
        None => html! {
            <p data-testid="verdict" data-kind="none">
                { "This lesson is a single scenario, not one workload run four ways, so there is no four-way comparison. Pick a CPU-bound or I/O-bound lesson to compare." }
            </p>
        },
        Some(Err(why)) => {
            html! { <p class="notice notice-error" role="alert">{ format!("Comparison failed: {why}") }</p> }
        }
        Some(Ok(c)) => {
            let max = c.rows.iter().map(|r| r.wall_ns).max().unwrap_or(1).max(1);
            let best = c.best().map(|b| b.mode);
            html! {
                <>
                    <ul class="bars">
                        { for c.rows.iter().map(|r| {
                            let w = (r.wall_ns as f64 / max as f64 * 100.0).max(1.0);
                            html! {
                                <li data-mode={r.mode.label()} data-wall-ns={r.wall_ns.to_string()}
                                    data-speedup={format!("{:.3}", r.speedup())}
                                    class={classes!(if Some(r.mode) == best { Some("best") } else { None })}>
                                    <span class="bar-label">{ approach_title(r.mode) }</span>
                                    <span class="bar-track">
                                        <span class={classes!("bar", format!("bar-{}", r.mode.label()))} style={format!("width: {w:.1}%")}></span>
                                    </span>
                                    <span class="bar-value">{ format!("{} · {:.2}×", fmt_ns(r.wall_ns), r.speedup()) }</span>
                                </li>
                            }
                        }) }
                    </ul>
                    <p class="verdict" data-testid="verdict">{ verdict(c, cores) }</p>
                </>
            }
        }
    };
    html! {
        <section class="panel compare" aria-labelledby="compare-title" data-testid="compare">
            <h3 id="compare-title">{ "Same work, four ways" }</h3>
            <p class="hint">{ "Wall time of this lesson's workload, and speedup against running it sequentially. Shorter is better." }</p>
            { body }
        </section>
    }
}
