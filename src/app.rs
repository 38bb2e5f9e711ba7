//! The app shell: header, the machine status bar (cross-origin isolation and real worker
//! threads), and the two main areas, the simulator and the real-work lab.

use crate::pool::{self, PoolStatus};
use yew::prelude::*;

/// The root component.
#[function_component(App)]
pub fn app() -> Html {
    let cores = pool::hardware_concurrency();
    let isolated = pool::is_cross_origin_isolated();
    let status = use_state(move || {
        if isolated {
            PoolStatus::Starting { requested: cores }
        } else {
            PoolStatus::NotIsolated
        }
    });

    {
        let status = status.clone();
        use_effect_with((), move |_| {
            remove_boot_placeholder();
            if isolated {
                wasm_bindgen_futures::spawn_local(async move {
                    status.set(match pool::start(cores).await {
                        Ok(threads) => PoolStatus::Ready { threads },
                        Err(why) => PoolStatus::Failed(why),
                    });
                });
            }
        });
    }

    html! {
        <div class="app" data-testid="app-root">
            <header class="app-header">
                <h1>{ "GIL Lab" }</h1>
                <p class="tagline">
                    { "How a computer runs Python work: CPU cores, the OS scheduler, processes, threads and CPython's GIL." }
                </p>
            </header>
            <MachineStatus status={(*status).clone()} {isolated} {cores} />
            <main class="areas">
                <section class="area" id="simulator" aria-labelledby="simulator-title" data-testid="simulator-area">
                    <h2 id="simulator-title">{ "Simulator" }</h2>
                    <p class="intro">
                        { "A deterministic model of cores, the OS run queue and CPython's GIL. Pick a lesson, press play, and watch threads take turns on the GIL while processes run side by side." }
                    </p>
                    <crate::sim::Simulator />
                </section>
                <section class="area" id="lab" aria-labelledby="lab-title" data-testid="lab-area">
                    <h2 id="lab-title">{ "Real-work lab" }</h2>
                    <p class="intro">
                        { "Real CPU-bound work on your own cores, run sequentially, on threads, on threads behind a real GIL, and in separate workers like processes, measured next to the model's prediction." }
                    </p>
                    <crate::lab::Lab status={(*status).clone()} {cores} />
                </section>
            </main>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct MachineStatusProps {
    status: PoolStatus,
    isolated: bool,
    cores: usize,
}

/// The status bar: is the page isolated, how many real worker threads are there, and why not.
#[function_component(MachineStatus)]
fn machine_status(props: &MachineStatusProps) -> Html {
    let threads = props.status.threads();
    let (isolation_text, isolation_class) = if props.isolated {
        ("Cross-origin isolated: yes", "pill pill-on")
    } else {
        ("Cross-origin isolated: no", "pill pill-off")
    };
    let thread_text = match &props.status {
        PoolStatus::Starting { requested } => format!("Worker threads: starting {requested}…"),
        PoolStatus::Ready { threads } => format!("Worker threads: {threads}"),
        PoolStatus::NotIsolated => "Worker threads: off".to_string(),
        PoolStatus::Failed(_) => "Worker threads: failed".to_string(),
    };
    html! {
        <section class="status" aria-label="Your machine">
            <span class={isolation_class} data-testid="isolation-status"
                  data-isolated={props.isolated.to_string()}>
                { isolation_text }
            </span>
            <span class="pill" data-testid="thread-count" data-threads={threads.to_string()}
                  aria-live="polite">
                { thread_text }
            </span>
            <span class="pill" data-testid="core-count" data-cores={props.cores.to_string()}>
                { format!("Logical cores: {}", props.cores) }
            </span>
            { explanation(&props.status) }
        </section>
    }
}

fn explanation(status: &PoolStatus) -> Html {
    match status {
        PoolStatus::NotIsolated => html! {
            <div class="notice" role="note" data-testid="threads-off">
                <p>
                    <strong>{ "Real threads are off on this page. " }</strong>
                    { "The browser only shares memory between threads on pages that are cross-origin isolated, and pages embedded in a course site usually are not. The simulator, and the lab's separate-worker mode (like Python processes), still work." }
                </p>
                <p>
                    <a href={crate::dom::current_url()} onclick={crate::dom::to_current_url} target="_blank" rel="noopener" data-testid="open-new-tab">
                        { "Open GIL Lab in a new tab" }
                    </a>
                    { " to use real threads." }
                </p>
            </div>
        },
        PoolStatus::Failed(why) => html! {
            <div class="notice notice-error" role="alert" data-testid="threads-failed">
                <p>
                    <strong>{ "Real threads could not start: " }</strong>
                    { why.clone() }
                    { ". The simulator still works." }
                </p>
            </div>
        },
        _ => Html::default(),
    }
}

fn remove_boot_placeholder() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}
