//! The simulator's state in the page's URL, so that a link reopens exactly what was on screen.
//! What a link carries and its codec are `gil-link`'s; this module maps the screen's state to a
//! [`SimLink`] and back, and keeps the address bar in step: a new lesson or parameter is a new
//! history entry (back and forward move between them), a moved playhead, zoom or speed
//! replaces the current one. Writing the URL can fail (some sandboxed frames): then the app
//! simply keeps working without it.

use super::playback::PlaybackAt;
use super::state::SimState;
use gil_link::{Lesson, SimLink, Window};
use wasm_bindgen::JsValue;

/// The link to what is shown: the lesson (a preset and its parameters, or the custom
/// scenario as it runs) and the moment of playback.
pub fn link_of(state: &SimState, at: &PlaybackAt) -> SimLink {
    let lesson = match (state.lesson(), &state.custom, &state.params) {
        (Some(p), _, Some(params)) => Lesson::Preset {
            name: p.name.to_string(),
            params: params.clone(),
        },
        // The custom scenario with the parameters (not the run's copy, which carries the
        // browser's event cap).
        (_, Some(custom), Some(params)) => Lesson::Custom {
            scenario: params
                .apply(custom)
                .map_or_else(|_| custom.to_json(), |sc| sc.to_json()),
        },
        (_, Some(custom), None) => Lesson::Custom {
            scenario: custom.to_json(),
        },
        (Some(_), _, None) | (None, None, _) => Lesson::Custom {
            scenario: state.run.scenario.to_json(),
        },
    };
    SimLink {
        lesson,
        t_ns: at.t,
        window: at.window.map(|v| Window {
            t0_ns: v.t0,
            t1_ns: v.t1,
        }),
        speed_milli: speed_milli(at.speed),
    }
}

/// A speed as the link writes it, in thousandths (every offered speed is a whole number of
/// them).
pub fn speed_milli(speed: f64) -> u32 {
    let m = (speed * 1000.0).round();
    if m.is_finite() {
        (m as u32).clamp(*gil_link::SPEED_MILLI.start(), *gil_link::SPEED_MILLI.end())
    } else {
        1_000
    }
}

/// The page's hash (`#...`), or empty.
pub fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The page's address without its hash, followed by `hash`: the link to copy.
pub fn page_url(hash: &str) -> String {
    let href = crate::dom::current_url();
    let base = href.split('#').next().unwrap_or_default();
    format!("{base}{hash}")
}

/// How a new hash goes into the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A new entry (a lesson or parameter change): back returns to the one before.
    Push,
    /// The same entry, updated (the playhead, zoom or speed moved).
    Replace,
}

/// Puts `hash` in the address bar, unless it is there already. Fails quietly where the
/// history cannot be written.
pub fn write_hash(hash: &str, entry: Entry) {
    if current_hash() == hash {
        return;
    }
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    let _ = match entry {
        Entry::Push => history.push_state_with_url(&JsValue::NULL, "", Some(hash)),
        Entry::Replace => history.replace_state_with_url(&JsValue::NULL, "", Some(hash)),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::playback::SPEEDS;
    use crate::sim::state::{Refusal, SimAction};
    use crate::timeline::View;
    use gil_sim::presets;
    use std::rc::Rc;
    use yew::Reducible;

    fn open(state: &SimState, at: &PlaybackAt) -> SimState {
        let hash = gil_link::encode(&link_of(state, at)).expect("short enough");
        let opened = gil_link::decode(&hash).unwrap().expect("a state");
        SimState::opened(state.presets.clone(), &opened).expect("opens")
    }

    #[test]
    fn every_offered_speed_is_a_whole_number_of_thousandths() {
        for s in SPEEDS {
            assert_eq!(f64::from(speed_milli(s)) / 1000.0, s);
        }
        assert_eq!(speed_milli(f64::NAN), 1_000);
        assert_eq!(speed_milli(1e12), *gil_link::SPEED_MILLI.end());
    }

    #[test]
    fn every_lesson_with_changed_parameters_and_a_moment_reopens_exactly() {
        let first = Rc::new(SimState::new(Rc::new(presets::all())).unwrap());
        for i in 0..first.presets.len() {
            let mut s = first.clone().reduce(SimAction::Pick(i));
            for edit in [
                crate::sim::params::ParamEdit::Cores("3".into()),
                crate::sim::params::ParamEdit::Seed("77".into()),
                crate::sim::params::ParamEdit::Gil("old".into()),
            ] {
                s = s.reduce(SimAction::Edit(edit));
            }
            assert_eq!(s.error, None, "{}", s.presets[i].name);
            let end = s.run.trace.end_ns();
            let at = PlaybackAt {
                t: end / 2,
                window: Some(View {
                    t0: end / 3,
                    t1: end / 3 * 2,
                }),
                speed: 0.05,
            };
            let back = open(&s, &at);
            assert_eq!(back.preset, i);
            assert!(back.custom.is_none());
            assert_eq!(back.params, s.params, "{}", s.presets[i].name);
            assert_eq!(back.restore, Some(at));
            assert_eq!(back.run.trace.end_ns(), end);
            assert_eq!(
                gil_sim::trace_hash(&back.run.trace),
                gil_sim::trace_hash(&s.run.trace),
                "{}: the same run",
                s.presets[i].name
            );
        }
    }

    #[test]
    fn a_custom_scenario_reopens_as_itself_and_takes_parameters() {
        let first = SimState::new(Rc::new(presets::all())).unwrap();
        let sc = presets::get("convoy").unwrap().scenario;
        let link = SimLink {
            lesson: Lesson::Custom {
                scenario: sc.to_json(),
            },
            t_ns: 1_000,
            window: None,
            speed_milli: 100,
        };
        let opened = gil_link::decode(&gil_link::encode(&link).unwrap())
            .unwrap()
            .unwrap();
        let s = Rc::new(SimState::opened(first.presets.clone(), &opened).unwrap());
        assert!(s.custom.is_some() && s.lesson().is_none());
        let at = s.restore.unwrap();
        assert_eq!(link_of(&s, &at), link, "reads back to the same link");
        let edited = s.reduce(SimAction::Edit(crate::sim::params::ParamEdit::Cores(
            "4".into(),
        )));
        assert_eq!(edited.error, None);
        assert_eq!(edited.run.scenario.machine.cores, 4);
        assert!(edited.custom.is_some(), "still the custom scenario");
    }

    #[test]
    fn a_link_too_big_for_the_browser_names_the_cap_and_keeps_the_last_good_run() {
        let s = Rc::new(SimState::new(Rc::new(presets::all())).unwrap());
        let mut sc = s.run.scenario.clone();
        let mut params = gil_sim::Params::of(&sc);
        params.workers = Some(64);
        params.switch_interval_ns = 1_000;
        sc = params.apply(&sc).unwrap();
        let link = SimLink {
            lesson: Lesson::Custom {
                scenario: sc.to_json(),
            },
            t_ns: 0,
            window: None,
            speed_milli: 1_000,
        };
        let opened = gil_link::decode(&gil_link::encode(&link).unwrap())
            .unwrap()
            .unwrap();
        let next = s.clone().reduce(SimAction::Open(Box::new(opened)));
        let why = next.error.as_ref().map(Refusal::why).unwrap_or_default();
        assert!(why.contains("max_events"), "{why}");
        assert!(Rc::ptr_eq(&next.run, &s.run));
        let bad = s
            .clone()
            .reduce(SimAction::BadLink("link field `s`: damaged".into()));
        assert!(Rc::ptr_eq(&bad.run, &s.run));
        assert_eq!(
            bad.error,
            Some(Refusal::Link("link field `s`: damaged".into()))
        );
    }
}
