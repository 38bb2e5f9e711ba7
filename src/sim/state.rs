//! The simulator screen's state as a pure reducer: the lessons (presets), the chosen one, its
//! parameters, the shown run, and the error of the last change that could not be applied (the
//! last good run and parameters stay).

use super::params::{ParamEdit, Params};
use super::run::ModelRun;
use gil_sim::presets::{self, Preset};
use std::rc::Rc;
use yew::Reducible;

/// What the screen shows, apart from playback.
#[derive(Clone)]
pub struct SimState {
    pub presets: Rc<Vec<Preset>>,
    /// The chosen lesson (an index into `presets`).
    pub preset: usize,
    pub params: Option<Params>,
    /// Why the last change was not applied.
    pub error: Option<String>,
    pub run: Rc<ModelRun>,
    /// Whether the playhead keeps its time on `run` (a parameter change) or starts over (a
    /// new lesson).
    pub keep_time: bool,
}

pub enum SimAction {
    /// Choose lesson `i`.
    Pick(usize),
    /// Change one parameter.
    Edit(ParamEdit),
}

impl SimState {
    /// The default lesson, simulated (or, should it fail, the first lesson that runs). `None`
    /// if no lesson runs at all.
    pub fn new(presets: Rc<Vec<Preset>>) -> Option<SimState> {
        let preset = presets
            .iter()
            .position(|p| p.name == presets::DEFAULT)
            .unwrap_or(0);
        let run = presets
            .get(preset)
            .and_then(|p| ModelRun::new(p.scenario.clone()).ok())
            .or_else(|| {
                presets
                    .iter()
                    .find_map(|p| ModelRun::new(p.scenario.clone()).ok())
            })?;
        Some(SimState {
            params: presets.get(preset).map(|p| Params::of(&p.scenario)),
            presets,
            preset,
            error: None,
            run: Rc::new(run),
            keep_time: false,
        })
    }

    pub fn lesson(&self) -> Option<&Preset> {
        self.presets.get(self.preset)
    }

    fn with_error(self: Rc<Self>, why: String) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.error = Some(why);
        Rc::new(next)
    }
}

impl Reducible for SimState {
    type Action = SimAction;

    fn reduce(self: Rc<Self>, action: SimAction) -> Rc<Self> {
        match action {
            SimAction::Pick(i) => {
                let Some(p) = self.presets.get(i) else {
                    return self;
                };
                match ModelRun::new(p.scenario.clone()) {
                    Ok(run) => Rc::new(SimState {
                        presets: self.presets.clone(),
                        preset: i,
                        params: Some(Params::of(&p.scenario)),
                        error: None,
                        run: Rc::new(run),
                        keep_time: false,
                    }),
                    Err(why) => {
                        let why = format!("preset {}: {why}", p.name);
                        self.with_error(why)
                    }
                }
            }
            SimAction::Edit(edit) => {
                let (Some(current), Some(base)) = (self.params.as_ref(), self.lesson()) else {
                    return self;
                };
                let next = current.edited(&edit).and_then(|next| {
                    let run = next.apply(&base.scenario).and_then(ModelRun::new)?;
                    Ok((next, run))
                });
                match next {
                    Ok((params, run)) => Rc::new(SimState {
                        presets: self.presets.clone(),
                        preset: self.preset,
                        params: Some(params),
                        error: None,
                        run: Rc::new(run),
                        keep_time: true,
                    }),
                    // Keep the last good run and parameters; say which field is wrong.
                    Err(why) => self.with_error(why),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> Rc<SimState> {
        Rc::new(SimState::new(Rc::new(presets::all())).expect("the default lesson runs"))
    }

    fn edit(s: &Rc<SimState>, e: ParamEdit) -> Rc<SimState> {
        s.clone().reduce(SimAction::Edit(e))
    }

    #[test]
    fn it_opens_on_the_default_lesson() {
        let s = state();
        assert_eq!(s.lesson().map(|p| p.name), Some(presets::DEFAULT));
        assert_eq!(s.params, s.lesson().map(|p| Params::of(&p.scenario)));
        assert_eq!(s.error, None);
    }

    #[test]
    fn a_good_change_re_simulates_and_keeps_the_time() {
        let s = state();
        let wall = s.run.metrics.wall_ns;
        let next = edit(&s, ParamEdit::Gil("free_threaded".into()));
        assert_eq!(next.error, None);
        assert!(next.keep_time);
        assert!(
            next.run.metrics.wall_ns < wall,
            "free-threaded threads run in parallel"
        );
        assert_eq!(
            next.params.as_ref().map(|p| p.gil),
            Some(gil_sim::GilMode::FreeThreaded)
        );
    }

    #[test]
    fn a_bad_value_names_the_field_and_keeps_the_last_good_run() {
        let s = state();
        let bad = edit(&s, ParamEdit::Cores("0".into()));
        assert!(
            bad.error
                .as_deref()
                .is_some_and(|e| e.starts_with("cores:"))
        );
        assert!(Rc::ptr_eq(&bad.run, &s.run), "the last good run stays");
        assert_eq!(bad.params, s.params);
        let good = edit(&bad, ParamEdit::Cores("2".into()));
        assert_eq!(good.error, None, "a good value clears the error");
    }

    #[test]
    fn a_run_too_big_for_the_browser_is_refused_naming_the_cap() {
        let s = state();
        let big = edit(&s, ParamEdit::Workers("64".into()));
        assert_eq!(big.error, None, "64 workers is a valid run");
        let refused = edit(&big, ParamEdit::SwitchInterval("1000".into()));
        let why = refused.error.clone().unwrap_or_default();
        assert!(why.contains("max_events"), "{why}");
        assert!(why.contains("the browser's limit"), "{why}");
        assert!(Rc::ptr_eq(&refused.run, &big.run));
    }

    #[test]
    fn picking_a_lesson_starts_it_over_with_its_own_parameters() {
        let s = edit(&state(), ParamEdit::Cores("0".into()));
        let i = s
            .presets
            .iter()
            .position(|p| p.name != presets::DEFAULT)
            .unwrap();
        let picked = s.clone().reduce(SimAction::Pick(i));
        assert_eq!(picked.preset, i);
        assert!(!picked.keep_time);
        assert_eq!(picked.error, None);
        assert_eq!(picked.params, Some(Params::of(&picked.presets[i].scenario)));
        let same = picked.clone().reduce(SimAction::Pick(usize::MAX));
        assert!(
            Rc::ptr_eq(&same, &picked),
            "no such lesson: nothing changes"
        );
    }
}
