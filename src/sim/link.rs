//! The simulator's state in the page's URL, so that a link reopens exactly what was on screen.
//! What a link carries and its codec are `gil-link`'s; this module maps the screen's state to a
//! [`SimLink`] and back, opens the page's link at start, and keeps the address bar in step
//! ([`use_address_bar`]): a new lesson or parameter is a new history entry (back and forward
//! move between them and reopen them); a moved playhead, zoom or speed replaces the current
//! entry, 300 ms after it settles (a change within 300 ms of Back is not written). A state whose
//! link would be too long leaves `#/sim` (no state) rather than an older link. Writing the URL
//! can fail (some sandboxed frames): then the app simply keeps working without it.

use super::playback::PlaybackAt;
use super::stage::Stage;
use super::state::{Refusal, SimAction, SimState};
use gil_link::{Lesson, SimLink, Window};
use gil_sim::presets;
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// After the last playhead, zoom or speed change, the address bar is updated this much later
/// (ms), so a wheel zoom or a drag writes the history once.
const SETTLE_MS: u32 = 300;

/// The first state: what the page's link carries, else the default lesson (with the reason
/// the link could not be opened, if it could not).
pub fn opening_state() -> Option<SimState> {
    let presets = Rc::new(presets::all());
    let fallback = |why: String| {
        SimState::new(presets.clone()).map(|mut s| {
            s.error = Some(Refusal::Link(why));
            s
        })
    };
    match gil_link::decode(&current_hash()) {
        Ok(None) => SimState::new(presets.clone()),
        Ok(Some(opened)) => SimState::opened(presets.clone(), &opened).map_or_else(&fallback, Some),
        Err(e) => fallback(e.to_string()),
    }
}

/// The hash for what is shown, in the view the page shows (`#/sim`, `#/embed` or `#/lab`), or
/// the view alone (no state) when its link would be too long.
fn hash_of(state: &SimState, at: &PlaybackAt) -> String {
    let view = crate::route::current_view();
    gil_link::encode_view(view, &link_of(state, at))
        .unwrap_or_else(|_| format!("#/{}", view.path()))
}

/// Keeps the address bar in step with the screen (see the module doc), and returns what the
/// Share panel calls to make the link to this moment. Call it in the simulator's screen after
/// the effect that puts a new run on the stage.
#[hook]
pub fn use_address_bar(
    stage: &Rc<Stage>,
    state: &UseReducerHandle<SimState>,
) -> Callback<(), Result<String, String>> {
    // The latest state, for callbacks made once.
    let latest = use_mut_ref(|| Rc::new((**state).clone()));
    *latest.borrow_mut() = Rc::new((**state).clone());
    let mounted = use_mut_ref(|| false);
    // A replace waiting for the playhead to settle: the timer, and the link of that moment
    // (written at once if a new entry comes first).
    let pending = use_mut_ref(|| None::<(Timeout, String)>);
    // The last hash written or opened here: back or forward to an entry with the same state in
    // another view (the lab's) is a change of view only.
    let last = use_mut_ref(current_hash);
    {
        // A new run: a user's change is a new entry; a link's (or Home's) replaces this one.
        let (stage, state, mounted, pending, last) = (
            stage.clone(),
            (**state).clone(),
            mounted.clone(),
            pending.clone(),
            last.clone(),
        );
        use_effect_with(Rc::as_ptr(&state.run) as usize, move |_| {
            let first = !std::mem::replace(&mut *mounted.borrow_mut(), true);
            // The entry being left gets its last moment before the new one is pushed.
            let flushed = pending.borrow_mut().take();
            if let Some((_timer, old_hash)) = flushed
                && state.restore.is_none()
            {
                write_kept(&last, &old_hash, Entry::Replace);
            }
            // The first run of a page opened without a link leaves the address alone.
            if !(first && state.restore.is_none()) {
                let entry = if state.restore.is_some() {
                    Entry::Replace
                } else {
                    Entry::Push
                };
                write_kept(&last, &hash_of(&state, &stage.at()), entry);
            }
        });
    }
    {
        // Another panel in the embed (not the one the page opened with): the same entry, updated.
        let (stage, latest, last) = (stage.clone(), latest.clone(), last.clone());
        let opened = use_mut_ref(|| false);
        use_effect_with(state.panel, move |_| {
            if std::mem::replace(&mut *opened.borrow_mut(), true)
                && crate::route::current_view() == gil_link::View::Embed
            {
                write_kept(
                    &last,
                    &hash_of(&latest.borrow(), &stage.at()),
                    Entry::Replace,
                );
            }
        });
    }
    {
        // The playhead, zoom or speed settled: update this history entry, once.
        let (stage, latest, pending, last) =
            (stage.clone(), latest.clone(), pending.clone(), last.clone());
        use_effect_with((), move |_| {
            let s = stage.clone();
            stage.on_settle(Some(Callback::from(move |()| {
                // Made now (a few µs for a lesson) for a new entry that may come first; made
                // again when the changes stop, in the view shown then (the lab's, say).
                let hash = hash_of(&latest.borrow(), &s.at());
                let timer = Timeout::new(SETTLE_MS, {
                    let (pending, latest, s, last) =
                        (pending.clone(), latest.clone(), s.clone(), last.clone());
                    move || {
                        pending.borrow_mut().take();
                        write_kept(&last, &hash_of(&latest.borrow(), &s.at()), Entry::Replace);
                    }
                });
                *pending.borrow_mut() = Some((timer, hash));
            })));
            move || stage.on_settle(None)
        });
    }
    {
        // Back and forward (and a link pasted into the address bar) reopen what the link says;
        // the bare page goes back to the default lesson; plain anchors (#lab) change nothing.
        // Moving between views (the lab's hash carries the same state) reopens nothing.
        let (state, pending, last) = (state.clone(), pending.clone(), last.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "popstate", move |_| {
                    // The entry changed already: a waiting replace would land in the wrong one.
                    pending.borrow_mut().take();
                    let hash = current_hash();
                    let before = std::mem::replace(&mut *last.borrow_mut(), hash.clone());
                    if same_state(&hash, &before) {
                        return;
                    }
                    match gil_link::decode(&hash) {
                        Ok(Some(opened)) => state.dispatch(SimAction::Open(Box::new(opened))),
                        Ok(None)
                            if matches!(hash.as_str(), "" | "#" | "#/" | "#/sim" | "#/embed") =>
                        {
                            state.dispatch(SimAction::Home)
                        }
                        Ok(None) => {}
                        Err(e) => state.dispatch(SimAction::BadLink(e.to_string())),
                    }
                })
            });
            move || drop(listener)
        });
    }
    let stage = stage.clone();
    Callback::from(move |()| {
        let state = latest.borrow().clone();
        let hash = gil_link::encode(&link_of(&state, &stage.at())).map_err(|e| e.to_string())?;
        Ok(page_url(&hash))
    })
}

/// The link to what is shown: the lesson (a preset and its parameters, or the custom
/// scenario as it runs) and the moment of playback.
pub fn link_of(state: &SimState, at: &PlaybackAt) -> SimLink {
    let users = state
        .run
        .program
        .as_ref()
        .filter(|_| state.run.users_program && state.custom.is_some());
    let lesson = match (state.lesson(), &state.custom, &state.params) {
        // A person's program: its text, comments and all.
        _ if users.is_some() => Lesson::Program {
            program: users.map(|p| p.text.clone()).unwrap_or_default(),
        },
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
        panel: state.panel,
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

/// Whether two hashes carry the same state, whatever their views (`#/lab?X` and `#/sim?X`;
/// `#/lab` and the bare page).
fn same_state(a: &str, b: &str) -> bool {
    use gil_link::{View, with_view};
    with_view(a, View::Sim) == with_view(b, View::Sim)
}

/// [`write_hash`], remembering the hash as the last one this screen wrote.
fn write_kept(last: &std::cell::RefCell<String>, hash: &str, entry: Entry) {
    write_hash(hash, entry);
    *last.borrow_mut() = hash.to_string();
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
    fn a_change_of_view_is_not_a_change_of_state() {
        assert!(same_state("#/lab?v=1&s=X", "#/sim?v=1&s=X"));
        assert!(same_state("#/lab", ""));
        assert!(same_state("#/lab", "#/sim"));
        assert!(!same_state("#/lab?v=1&s=X", "#/sim?v=1&s=Y"));
        assert!(!same_state("", "#/sim?v=1&s=Y"));
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
            panel: None,
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
            panel: None,
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
