//! The machine profile the simulator uses (from `machine_profile.py`, opened by file or paste,
//! remembered on this device): every run applies its measured costs in place of the model's
//! defaults ([`apply`]), and the panel says "Calibrated to: host, date". One app-wide setting,
//! like a preference, so it is kept here rather than in each run's state.

use gil_sim::Scenario;
use gil_sim::profile::MachineProfile;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Where the profile is remembered on this device.
const STORAGE_KEY: &str = "gil-lab:machine-profile";

thread_local! {
    static CURRENT: RefCell<Option<Rc<MachineProfile>>> = RefCell::new(remembered());
}

fn storage() -> Option<web_sys::Storage> {
    // Natively (the unit tests) there is no browser to ask.
    if cfg!(target_arch = "wasm32") {
        web_sys::window()?.local_storage().ok()?
    } else {
        None
    }
}

/// The profile remembered on this device, if any (and still readable).
fn remembered() -> Option<Rc<MachineProfile>> {
    let text = storage()?.get_item(STORAGE_KEY).ok()??;
    MachineProfile::from_json(&text).ok().map(Rc::new)
}

/// The profile in use.
pub fn current() -> Option<Rc<MachineProfile>> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Uses `text` as the profile (remembered on this device if storage works), or the model's
/// defaults for `None`. Errs naming the field.
pub fn set(text: Option<&str>) -> Result<(), String> {
    let p = match text {
        Some(t) => Some(Rc::new(
            MachineProfile::from_json(t).map_err(|e| format!("the profile: {e}"))?,
        )),
        None => None,
    };
    if let Some(s) = storage() {
        let _ = match text {
            Some(t) => s.set_item(STORAGE_KEY, t),
            None => s.remove_item(STORAGE_KEY),
        };
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
    let p = current();
    html! {
        <details class="files machine" data-testid="machine-profile" data-host={p.as_ref().map(|p| p.host.clone()).unwrap_or_default()}>
            <summary data-testid="machine-label">{ match &p {
                Some(p) => format!("Calibrated to: {}", p.label()),
                None => "Costs: the model's defaults".to_string(),
            } }</summary>
            <p class="hint">{ "A machine profile (python3 machine_profile.py --out profile.json) replaces the model's costs of timers, thread starts and process starts with your machine's." }</p>
            <label class="import">{ "Open a profile" }
                <input type="file" accept=".json,application/json" data-testid="machine-file" onchange={on_pick} />
            </label>
            <textarea ref={paste} rows="2" data-testid="machine-paste" aria-label="A machine profile, pasted" />
            <div class="files-buttons">
                <button onclick={on_paste} data-testid="machine-paste-use">{ "Use pasted" }</button>
                if p.is_some() {
                    <button onclick={on_default} data-testid="machine-default">{ "Use the model's defaults" }</button>
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
        let before = crate::sim::run::ModelRun::new(base.clone()).unwrap();
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
        let back = crate::sim::run::ModelRun::new(base).unwrap();
        assert_eq!(back.metrics.wall_ns, before.metrics.wall_ns);
    }
}
