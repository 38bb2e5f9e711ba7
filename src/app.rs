//! The app shell: the header (the views, and the machine's status: cross-origin isolation and
//! real worker threads) and the views of `crate::route`: the simulator (`#/sim`), the real-work
//! lab (`#/lab`, whose note says why real threads are off where they are), or the compact embed
//! (`#/embed`). Both full views stay mounted, so moving between them loses nothing.

use crate::pool::{self, PoolStatus};
use crate::route::{self, View};
use yew::prelude::*;

/// What GIL Lab shows, in one sentence (the header's tooltip, and the simulator's intro).
const TAGLINE: &str = "How a computer runs Python work: CPU cores, the OS scheduler, processes, threads and CPython's GIL.";

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

    let (view, go) = route::use_view();
    if view == View::Embed {
        return html! {
            <div class="app app-embed" data-testid="app-root" data-view="embed">
                <crate::sim::Simulator embed=true />
            </div>
        };
    }
    let tab = |to: View, label: &'static str, testid: &'static str| {
        let go = go.clone();
        let onclick = Callback::from(move |e: MouseEvent| {
            if e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0 {
                // A new tab or window: the link carries the state as it is now.
                crate::dom::set_link_href(&e, &route::address_of(to));
                return;
            }
            e.prevent_default();
            go.emit(to);
        });
        html! {
            <a href={route::address_of(to)} {onclick} data-testid={testid}
               aria-current={(view == to).then_some("page")}>{ label }</a>
        }
    };
    html! {
        <div class="app" data-testid="app-root" data-view={view.path()}>
            <header class="app-header">
                <h1 title={TAGLINE}>{ "GIL Lab" }</h1>
                <nav class="views" aria-label="Views">
                    { tab(View::Sim, "Simulator", "nav-sim") }
                    { tab(View::Lab, "Real-work lab", "nav-lab") }
                </nav>
                <MachineStatus status={(*status).clone()} {isolated} {cores} />
            </header>
            <main class="areas">
                <section class="area" id="simulator" aria-label="Simulator" data-testid="simulator-area"
                         hidden={view != View::Sim}>
                    <crate::sim::Simulator shown={view == View::Sim} />
                    <p class="intro">
                        { TAGLINE }
                        { " The simulator is a deterministic model of cores, the OS run queue and CPython's GIL: pick a lesson, press play, and watch threads take turns on the GIL while processes run side by side." }
                    </p>
                </section>
                <section class="area" id="lab" aria-labelledby="lab-title" data-testid="lab-area"
                         hidden={view != View::Lab}>
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

/// The status pills: is the page isolated, how many real worker threads are there, how many
/// cores. (Why threads are off, where they are, the lab says: only its threads modes need them.)
#[function_component(MachineStatus)]
fn machine_status(props: &MachineStatusProps) -> Html {
    let threads = props.status.threads();
    let (isolation_text, isolation_class) = if props.isolated {
        ("Isolated: yes", "pill pill-on")
    } else {
        ("Isolated: no", "pill pill-off")
    };
    let thread_text = match &props.status {
        PoolStatus::Starting { requested } => format!("Threads: starting {requested}…"),
        PoolStatus::Ready { threads } => format!("Threads: {threads}"),
        PoolStatus::NotIsolated => "Threads: off".to_string(),
        PoolStatus::Failed(_) => "Threads: failed".to_string(),
    };
    html! {
        <div class="status" role="group" aria-label="Your machine">
            <span class={isolation_class} data-testid="isolation-status"
                  title="Cross-origin isolated: the browser lets this page share memory between threads"
                  data-isolated={props.isolated.to_string()}>
                { isolation_text }
            </span>
            <span class="pill" data-testid="thread-count" data-threads={threads.to_string()}
                  title="Real worker threads running for the lab"
                  aria-live="polite">
                { thread_text }
            </span>
            <span class="pill" data-testid="core-count" data-cores={props.cores.to_string()}
                  title="Logical cores the browser reports">
                { format!("Cores: {}", props.cores) }
            </span>
        </div>
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
