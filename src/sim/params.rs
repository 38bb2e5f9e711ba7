//! The parameters form (cores, threads or processes, switch interval, GIL mode, start method,
//! seed): the choices it offers, and reading a field's raw value into [`Params`] with an error
//! that names the field. What the parameters mean is `gil_sim::params`.

use gil_sim::narrate::fmt_ns;
use gil_sim::params::MAX_PARAM_COUNT;
use gil_sim::{GilMode, Params, StartMethod};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// One field of the form, changed to a raw value as typed or chosen.
#[derive(Clone, Debug, PartialEq)]
pub enum ParamEdit {
    Cores(String),
    Workers(String),
    SwitchInterval(String),
    Gil(String),
    StartMethod(String),
    Seed(String),
}

/// GIL modes offered: (form value, mode, label).
pub const GIL_MODES: [(&str, GilMode, &str); 4] = [
    ("new", GilMode::New, "New GIL (3.2+)"),
    ("old", GilMode::Old, "Old GIL (≤ 3.1)"),
    (
        "free_threaded",
        GilMode::FreeThreaded,
        "Free-threaded (3.13t)",
    ),
    (
        "per_interpreter",
        GilMode::PerInterpreter,
        "Per-interpreter GIL (3.12)",
    ),
];

/// Start methods offered: (form value, method).
pub const START_METHODS: [(&str, StartMethod); 3] = [
    ("fork", StartMethod::Fork),
    ("forkserver", StartMethod::Forkserver),
    ("spawn", StartMethod::Spawn),
];

/// Switch intervals offered: (ns, label).
pub const SWITCH_INTERVALS: [(u64, &str); 7] = [
    (1_000, "1 µs"),
    (100_000, "0.1 ms"),
    (1_000_000, "1 ms"),
    (5_000_000, "5 ms (default)"),
    (10_000_000, "10 ms"),
    (20_000_000, "20 ms"),
    (50_000_000, "50 ms"),
];

/// A whole number from `min` to `max`, or an error naming the field.
fn whole(field: &str, raw: &str, min: u64, max: u64) -> Result<u64, String> {
    match raw.trim().parse::<u64>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(format!(
            "{field}: enter a whole number from {min} to {max} (got \"{raw}\")"
        )),
    }
}

/// `params` with one field changed; a number out of range is an error naming the
/// field. A choice the form does not offer leaves the field as it was.
pub fn edited(params: &Params, edit: &ParamEdit) -> Result<Params, String> {
    let mut p = params.clone();
    match edit {
        ParamEdit::Cores(raw) => p.cores = whole("cores", raw, 1, MAX_PARAM_COUNT as u64)? as u32,
        ParamEdit::Workers(raw) => {
            p.workers = Some(whole("threads / processes", raw, 1, MAX_PARAM_COUNT as u64)? as u32)
        }
        ParamEdit::Seed(raw) => p.seed = whole("seed", raw, 0, u64::MAX)?,
        ParamEdit::SwitchInterval(v) => {
            if let Ok(ns) = v.parse() {
                p.switch_interval_ns = ns;
            }
        }
        ParamEdit::Gil(v) => {
            if let Some((_, mode, _)) = GIL_MODES.iter().find(|(key, _, _)| key == v) {
                p.gil = *mode;
            }
        }
        ParamEdit::StartMethod(v) => {
            if let Some((_, m)) = START_METHODS.iter().find(|(key, _)| key == v) {
                p.start_method = Some(*m);
            }
        }
    }
    Ok(p)
}

#[derive(Properties, PartialEq)]
pub struct ParamsFormProps {
    pub params: Params,
    pub on_edit: Callback<ParamEdit>,
}

/// The parameters form. Every change is sent as a [`ParamEdit`] with the field's raw value.
#[function_component(ParamsForm)]
pub fn params_form(props: &ParamsFormProps) -> Html {
    let p = &props.params;
    let input = |edit: fn(String) -> ParamEdit| {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: Event| {
            on_edit.emit(edit(e.target_unchecked_into::<HtmlInputElement>().value()))
        })
    };
    let select = |edit: fn(String) -> ParamEdit| {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: Event| {
            on_edit.emit(edit(e.target_unchecked_into::<HtmlSelectElement>().value()))
        })
    };
    html! {
        <fieldset class="params" data-testid="params">
            <legend>{ "Parameters" }</legend>
            <label>{ "Cores" }
                <input type="number" min="1" max="64" value={p.cores.to_string()} data-testid="param-cores"
                       onchange={input(ParamEdit::Cores)} />
            </label>
            <label>{ "Threads / processes" }
                <input type="number" min="1" max="64" disabled={p.workers.is_none()}
                       title={if p.workers.is_none() { "This lesson fixes its own threads" } else { "" }}
                       value={p.workers.map(|w| w.to_string()).unwrap_or_default()} data-testid="param-workers"
                       onchange={input(ParamEdit::Workers)} />
            </label>
            <label>{ "Switch interval" }
                <select data-testid="param-interval" onchange={select(ParamEdit::SwitchInterval)}>
                    { for SWITCH_INTERVALS.iter().map(|(ns, label)| html! {
                        <option value={ns.to_string()} selected={*ns == p.switch_interval_ns}>{ *label }</option>
                    }) }
                    if !SWITCH_INTERVALS.iter().any(|(ns, _)| *ns == p.switch_interval_ns) {
                        <option value={p.switch_interval_ns.to_string()} selected=true>{ fmt_ns(p.switch_interval_ns) }</option>
                    }
                </select>
            </label>
            <label>{ "GIL" }
                <select data-testid="param-gil" onchange={select(ParamEdit::Gil)}>
                    { for GIL_MODES.iter().map(|(v, m, label)| html! {
                        <option value={*v} selected={*m == p.gil}>{ *label }</option>
                    }) }
                </select>
            </label>
            <label>{ "Start method" }
                <select data-testid="param-start" onchange={select(ParamEdit::StartMethod)} disabled={p.start_method.is_none()}>
                    { for START_METHODS.iter().map(|(v, m)| html! {
                        <option value={*v} selected={Some(*m) == p.start_method}>{ *v }</option>
                    }) }
                </select>
            </label>
            <label>{ "Seed" }
                <input type="number" min="0" value={p.seed.to_string()} data-testid="param-seed"
                       onchange={input(ParamEdit::Seed)} />
            </label>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> Params {
        Params {
            cores: 2,
            workers: Some(2),
            switch_interval_ns: 5_000_000,
            gil: GilMode::New,
            start_method: Some(StartMethod::Fork),
            seed: 1,
        }
    }

    #[test]
    fn numbers_out_of_range_are_errors_that_name_the_field() {
        let p = params();
        let err = edited(&p, &ParamEdit::Cores("0".into())).unwrap_err();
        assert_eq!(err, "cores: enter a whole number from 1 to 64 (got \"0\")");
        let err = edited(&p, &ParamEdit::Workers("100000".into())).unwrap_err();
        assert!(err.starts_with("threads / processes: "), "{err}");
        let err = edited(&p, &ParamEdit::Seed("-1".into())).unwrap_err();
        assert!(err.starts_with("seed: "), "{err}");
        assert_eq!(
            edited(&p, &ParamEdit::Cores(" 4 ".into())).unwrap().cores,
            4
        );
        assert_eq!(
            edited(&p, &ParamEdit::Workers("64".into()))
                .unwrap()
                .workers,
            Some(64)
        );
        assert_eq!(
            edited(&p, &ParamEdit::Seed("18446744073709551615".into()))
                .unwrap()
                .seed,
            u64::MAX
        );
    }

    #[test]
    fn choices_set_their_field_and_unknown_ones_change_nothing() {
        let p = params();
        let q = edited(&p, &ParamEdit::SwitchInterval("1000".into())).unwrap();
        assert_eq!(q.switch_interval_ns, 1_000);
        let q = edited(&p, &ParamEdit::Gil("free_threaded".into())).unwrap();
        assert_eq!(q.gil, GilMode::FreeThreaded);
        let q = edited(&p, &ParamEdit::StartMethod("spawn".into())).unwrap();
        assert_eq!(q.start_method, Some(StartMethod::Spawn));
        for edit in [
            ParamEdit::SwitchInterval("soon".into()),
            ParamEdit::Gil("none".into()),
            ParamEdit::StartMethod("vfork".into()),
        ] {
            assert_eq!(edited(&p, &edit).unwrap(), p, "{edit:?}");
        }
    }

    #[test]
    fn applying_to_a_preset_sets_the_scenario_and_round_trips() {
        let preset = gil_sim::presets::all()
            .into_iter()
            .find(|p| p.name == gil_sim::presets::DEFAULT)
            .unwrap();
        let p = Params::of(&preset.scenario);
        let changed = edited(&p, &ParamEdit::Cores("3".into()))
            .and_then(|p| edited(&p, &ParamEdit::Workers("5".into())))
            .unwrap();
        let sc = changed.apply(&preset.scenario).expect("valid");
        assert_eq!(sc.machine.cores, 3);
        assert_eq!(Params::of(&sc), changed);
    }
}
