//! The machine profile the simulator uses: the shipped profile of this machine kind unless the
//! user opened another (`machine_profile.py`'s output, by file or paste) or chose the model's
//! own defaults; the choice is remembered on this device. Every run applies its measured costs
//! ([`apply`]), and the panel says "Calibrated to: host, date". One app-wide setting, like a
//! preference, so it is kept here rather than in each run's state.

use gil_sim::Scenario;
use gil_sim::calibration;
use gil_sim::profile::MachineProfile;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Where the profile is remembered on this device.
const STORAGE_KEY: &str = "gil-lab:machine-profile";

thread_local! {
    /// The shipped profile, read and fitted once.
    static SHIPPED: Option<Rc<MachineProfile>> = calibration::shipped().map(Rc::new);
    static CURRENT: RefCell<Option<Rc<MachineProfile>>> = RefCell::new(remembered());
}

/// The shipped profile ([`calibration::shipped`]).
fn shipped() -> Option<Rc<MachineProfile>> {
    SHIPPED.with(Clone::clone)
}

fn storage() -> Option<web_sys::Storage> {
    // Natively (the unit tests) there is no browser to ask.
    if cfg!(target_arch = "wasm32") {
        web_sys::window()?.local_storage().ok()?
    } else {
        None
    }
}

/// What is remembered for "the model's own defaults, no profile".
const NO_PROFILE: &str = "none";

/// The profile remembered on this device; else the shipped one.
fn remembered() -> Option<Rc<MachineProfile>> {
    let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    match stored.as_deref() {
        Some(NO_PROFILE) => None,
        Some(text) => calibration::load(text).ok().map(Rc::new).or_else(shipped),
        None => shipped(),
    }
}

/// Whether the profile in use is the shipped one.
pub fn is_shipped() -> bool {
    current().is_some_and(|p| shipped().as_deref() == Some(&*p))
}

/// Back to the shipped profile (forgets the choice made on this device).
pub fn reset() {
    if let Some(s) = storage() {
        let _ = s.remove_item(STORAGE_KEY);
    }
    CURRENT.with(|c| *c.borrow_mut() = shipped());
}

/// The profile in use.
pub fn current() -> Option<Rc<MachineProfile>> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Uses `text` as the profile (remembered on this device if storage works), or the model's own
/// defaults for `None`. Errs naming the field.
pub fn set(text: Option<&str>) -> Result<(), String> {
    let p = match text {
        Some(t) => Some(Rc::new(
            calibration::load(t).map_err(|e| format!("the profile: {e}"))?,
        )),
        None => None,
    };
    if let Some(s) = storage() {
        let _ = s.set_item(STORAGE_KEY, text.unwrap_or(NO_PROFILE));
    }
    CURRENT.with(|c| *c.borrow_mut() = p);
    Ok(())
}

/// The scenario with the profile's costs, if one is in use.
pub fn apply(sc: &mut Scenario) {
    if let Some(p) = current() {
        p.apply(sc);
    }
}

/// The profile's figures in one sentence: what it changes in the runs.
fn summary(p: &MachineProfile) -> String {
    let m = &p.model;
    let ms = |ns: u64| format!("{:.1} ms", ns as f64 / 1e6);
    let cores = match m.parallel_efficiency_permille.last() {
        Some(&e) if m.parallel_efficiency_permille.len() > 1 => format!(
            "{} cores at once each run at {:.0} % of one alone",
            m.parallel_efficiency_permille.len(),
            f64::from(e) / 10.0
        ),
        _ => "cores at full speed together".to_string(),
    };
    let s = &m.start_costs;
    format!(
        "{}; a thread moving to another core costs {:.0} µs; sleeps wake {:.0} µs late; a thread starts in {:.0} µs; a process starts in {} (fork), {} (spawn, {} more to import a lesson's main module).",
        cores,
        m.migration_ns.unwrap_or(0) as f64 / 1e3,
        m.timer_slack_ns as f64 / 1e3,
        (m.thread_create_ns + m.thread_bootstrap_ns) as f64 / 1e3,
        ms(s.fork.parent_ns + s.fork.child_ns),
        ms(s.spawn.parent_ns + s.spawn.child_ns),
        ms(s.main_import_ns),
    )
}

#[derive(Properties, PartialEq)]
pub struct MachineProps {
    /// Called after the profile changed (the run is made again with it).
    pub on_change: Callback<()>,
}

/// "Calibrated to: …", with a file picker, a paste box and "Use the model's defaults".
#[function_component(MachinePanel)]
pub fn machine_panel(props: &MachineProps) -> Html {
    let error = use_state_eq(String::new);
    let version = use_state(|| 0u32); // re-render after a change
    let paste = use_node_ref();
    let take = {
        let (error, version, cb) = (error.clone(), version.clone(), props.on_change.clone());
        Callback::from(move |text: Option<String>| match set(text.as_deref()) {
            Ok(()) => {
                error.set(String::new());
                version.set(*version + 1);
                cb.emit(());
            }
            Err(why) => error.set(why),
        })
    };
    let on_pick = {
        let (take, error) = (take.clone(), error.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let refuse = {
                let error = error.clone();
                Callback::from(move |why: String| error.set(why))
            };
            let take = take.clone();
            super::files::read_first(
                input.files(),
                Callback::from(move |(_, text): (String, String)| take.emit(Some(text))),
                refuse,
            );
            input.set_value("");
        })
    };
    let on_paste = {
        let (take, paste) = (take.clone(), paste.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(t) = paste.cast::<HtmlTextAreaElement>() {
                take.emit(Some(t.value()));
            }
        })
    };
    let on_default = {
        let take = take.clone();
        Callback::from(move |_: MouseEvent| take.emit(None))
    };
    let on_shipped = {
        let (error, version, cb) = (error.clone(), version.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            reset();
            error.set(String::new());
            version.set(*version + 1);
            cb.emit(());
        })
    };
    let p = current();
    let figures = p.as_ref().map(|p| summary(p));
    html! {
        <details class="files machine" data-testid="machine-profile" data-host={p.as_ref().map(|p| p.host.clone()).unwrap_or_default()}>
            <summary data-testid="machine-label">{ match &p {
                Some(p) if is_shipped() => format!("Calibrated to: {} (shipped)", p.label()),
                Some(p) => format!("Calibrated to: {}", p.label()),
                None => "Costs: the model's own defaults".to_string(),
            } }</summary>
            <p class="machine-text">{ "A machine profile puts a machine's measured figures in place of the model's defaults: how fast cores run when several are busy, timers, thread starts and process starts. Measure yours with the calibration script (standard library only, about a minute): python3 machine_profile.py --out profile.json. GIL Lab ships the profile of a 2-vCPU machine with CPython 3.11." }</p>
            if let Some(f) = figures {
                <p class="machine-text" data-testid="machine-figures">{ f }</p>
            }
            <label class="import">{ "Open a profile" }
                <input type="file" accept=".json,application/json" data-testid="machine-file" onchange={on_pick} />
            </label>
            <textarea ref={paste} rows="2" data-testid="machine-paste" aria-label="A machine profile, pasted" />
            <div class="files-buttons">
                // The script is a file of the site (copied by Trunk, precached for offline use),
                // not text in the wasm module.
                <a class="button" href={gil_sim::profile::SCRIPT_FILE} download={gil_sim::profile::SCRIPT_FILE} data-testid="machine-script">{ "Download machine_profile.py" }</a>
                <button onclick={on_paste} data-testid="machine-paste-use">{ "Use pasted" }</button>
                if p.is_some() {
                    <button onclick={on_default} data-testid="machine-default">{ "Use the model's own defaults" }</button>
                }
                if !is_shipped() {
                    <button onclick={on_shipped} data-testid="machine-shipped">{ "Use the shipped profile" }</button>
                }
            </div>
            if !error.is_empty() {
                <p class="notice notice-error" role="alert" data-testid="machine-error">{ (*error).clone() }</p>
            }
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_changes_the_runs_and_the_defaults_come_back() {
        let base = gil_sim::presets::get("start-methods").unwrap().scenario;
        // The shipped profile is in use from the start.
        assert!(is_shipped());
        let before = crate::sim::run::ModelRun::new(base.clone()).unwrap();
        assert_eq!(
            before.scenario.start_costs,
            gil_sim::calibration::shipped().unwrap().model.start_costs
        );
        let mut text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/crates/sim/calibration/profiles/this-machine.json"
        ))
        .unwrap();
        // A machine whose spawn is ten times slower than the model's default.
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["model"]["start_costs"]["spawn"]["child_ns"] = serde_json::json!(420_000_000u64);
        text = v.to_string();
        set(Some(&text)).unwrap();
        let after = crate::sim::run::ModelRun::new(base.clone()).unwrap();
        assert_eq!(after.scenario.start_costs.spawn.child_ns, 420_000_000);
        assert!(after.metrics.wall_ns > before.metrics.wall_ns + 300_000_000);
        assert!(
            set(Some("{\"version\": 2}"))
                .unwrap_err()
                .contains("the profile")
        );
        set(None).unwrap();
        let own = crate::sim::run::ModelRun::new(base.clone()).unwrap();
        assert_eq!(
            own.scenario.start_costs,
            gil_sim::StartCosts::default(),
            "the model's own defaults"
        );
        reset();
        let back = crate::sim::run::ModelRun::new(base).unwrap();
        assert_eq!(back.metrics.wall_ns, before.metrics.wall_ns);
    }
}
