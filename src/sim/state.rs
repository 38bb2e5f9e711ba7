//! The simulator screen's state as a pure reducer: the lessons (presets), the chosen one (or a
//! custom scenario a link brought), its parameters, the shown run, the moment a link asks
//! playback to go to, and the error of the last change that could not be applied (the last
//! good run and parameters stay).

use super::params::{ParamEdit, edited};
use super::playback::{PlaybackAt, default_speed};
use super::predict::{Guess, Verdict, verdict};
use super::run::ModelRun;
use crate::timeline::View;
use gil_link::{Lesson, Opened, Panel};
use gil_sim::presets::{self, Preset};
use gil_sim::{Params, Scenario};
use std::rc::Rc;
use yew::Reducible;

/// What the screen shows, apart from playback.
#[derive(Clone)]
pub struct SimState {
    pub presets: Rc<Vec<Preset>>,
    /// The chosen lesson (an index into `presets`), unless `custom` is set.
    pub preset: usize,
    /// A whole scenario a link brought, shown instead of a preset.
    pub custom: Option<Rc<Scenario>>,
    pub params: Option<Params>,
    /// Why the last change or link was not applied (what was shown stays).
    pub error: Option<Refusal>,
    pub run: Rc<ModelRun>,
    /// Whether the playhead keeps its time on `run` (a parameter change) or starts over (a
    /// new lesson).
    pub keep_time: bool,
    /// Where playback goes once `run` is loaded (a link's moment), instead of `keep_time`.
    pub restore: Option<PlaybackAt>,
    /// The panel the embed view shows under its timeline (`None`: the first, the legend).
    pub panel: Option<Panel>,
    /// Predict mode: the run after the playhead, the metrics and the verdict stay hidden until
    /// the student reveals.
    pub predict: bool,
    /// The student's answer beside the model's, once revealed (reset by every new run).
    pub revealed: Option<Rc<Verdict>>,
    /// Why the program in the editor was not run (the last good run stays).
    pub program_error: Option<ProgramError>,
}

/// A program that could not be run: the line (if it names one) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramError {
    pub line: Option<u32>,
    pub col: u32,
    pub message: String,
}

/// Why something asked for was not done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A parameter or lesson change (the message names the field or the cap).
    Change(String),
    /// A link (the message names the link's field).
    Link(String),
    /// An imported file (the message names the file and its line or field).
    Import(String),
}

impl Refusal {
    pub fn why(&self) -> &str {
        match self {
            Refusal::Change(why) | Refusal::Link(why) | Refusal::Import(why) => why,
        }
    }
}

pub enum SimAction {
    /// Choose lesson `i`.
    Pick(usize),
    /// Change one parameter.
    Edit(ParamEdit),
    /// Open what a link carries (back/forward, or a link pasted into the address bar).
    Open(Box<Opened>),
    /// A link that could not be opened: say why, keep everything.
    BadLink(String),
    /// Back to the page as it opens without a link (the default lesson at its start).
    Home,
    /// Show another panel under the embed's timeline.
    ShowPanel(Panel),
    /// Turn predict mode on or off.
    SetPredict(bool),
    /// The student's answer: reveal the run and compare.
    Reveal(Guess),
    /// Run this program (the editor's text).
    RunProgram(Rc<String>),
    /// Open a file: a `.py` program or a scenario `.json` (name, text).
    Import(String, String),
    /// A file that could not be read: say why, keep everything.
    Refuse(String),
    /// The machine profile changed: the same lesson, run again with it.
    Recalibrate,
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
            custom: None,
            error: None,
            run: Rc::new(run),
            keep_time: false,
            restore: None,
            panel: None,
            predict: false,
            revealed: None,
            program_error: None,
        })
    }

    /// What a link carries, simulated; or why not (then the caller keeps what it had).
    pub fn opened(presets: Rc<Vec<Preset>>, opened: &Opened) -> Result<SimState, String> {
        let (preset, custom) = match &opened.link.lesson {
            Lesson::Preset { name, .. } => (
                presets
                    .iter()
                    .position(|p| p.name == name)
                    .ok_or_else(|| format!("no lesson named \"{name}\""))?,
                None,
            ),
            Lesson::Custom { .. } | Lesson::Program { .. } => {
                (0, Some(Rc::new(opened.scenario.clone())))
            }
        };
        let run = match &opened.link.lesson {
            Lesson::Program { program } => ModelRun::of_program(program)?,
            _ => ModelRun::new(opened.scenario.clone())?,
        };
        let l = &opened.link;
        Ok(SimState {
            params: Some(Params::of(&opened.scenario)),
            presets,
            preset,
            custom,
            error: None,
            run: Rc::new(run),
            keep_time: false,
            restore: Some(PlaybackAt {
                t: l.t_ns,
                window: l.window.map(|w| View {
                    t0: w.t0_ns,
                    t1: w.t1_ns,
                }),
                speed: f64::from(l.speed_milli) / 1000.0,
            }),
            panel: l.panel,
            predict: false,
            revealed: None,
            program_error: None,
        })
    }

    /// The preset shown, unless a custom scenario is.
    pub fn lesson(&self) -> Option<&Preset> {
        match self.custom {
            Some(_) => None,
            None => self.presets.get(self.preset),
        }
    }

    /// The scenario the parameters apply to: the custom one, or the preset's.
    fn base(&self) -> Option<&Scenario> {
        match &self.custom {
            Some(sc) => Some(sc),
            None => self.presets.get(self.preset).map(|p| &p.scenario),
        }
    }

    /// The editor's program, run: a new custom lesson, or the error at its line (the last good
    /// run stays).
    fn run_program(self: Rc<Self>, text: &str) -> Rc<Self> {
        let fail = |me: Rc<Self>, e: ProgramError| {
            let mut next = Rc::unwrap_or_clone(me);
            next.program_error = Some(e);
            next.restore = None;
            Rc::new(next)
        };
        let (sc, map) = match gil_sim::python::from_python(text) {
            Ok(x) => x,
            Err(e) => {
                return fail(
                    self,
                    ProgramError {
                        line: Some(e.line),
                        col: e.col,
                        message: e.message,
                    },
                );
            }
        };
        let params = Params::of(&sc);
        match ModelRun::with_program(sc.clone(), text.to_string(), map) {
            Ok(run) => self.showing(self.preset, Some(Rc::new(sc)), params, run, true),
            Err(why) => fail(
                self,
                ProgramError {
                    line: None,
                    col: 1,
                    message: why,
                },
            ),
        }
    }

    /// A file opened: a program (`.py`, or any text that is not JSON) or a scenario.
    fn import(self: Rc<Self>, name: &str, text: &str) -> Rc<Self> {
        let is_json = name.ends_with(".json") || text.trim_start().starts_with('{');
        let run = if is_json {
            Scenario::from_json(text)
                .map_err(|e| e.to_string())
                .and_then(ModelRun::new)
        } else {
            ModelRun::of_program(text)
        };
        match run {
            Ok(run) => {
                let sc = Rc::new(run.scenario.clone());
                self.showing(self.preset, Some(sc), Params::of(&run.scenario), run, false)
            }
            Err(why) => self.with_error(Refusal::Import(format!("{name}: {why}"))),
        }
    }

    /// The same lesson (a person's program, the custom scenario or the preset with its
    /// parameters), run again: `ModelRun` applies the machine profile now in use.
    fn recalibrate(self: Rc<Self>) -> Rc<Self> {
        let run = match (&self.run.program, self.run.users_program) {
            (Some(p), true) => ModelRun::of_program(&p.text),
            _ => match (self.base(), &self.params) {
                (Some(base), Some(params)) => params
                    .apply(base)
                    .map_err(|e| e.to_string())
                    .and_then(ModelRun::new),
                (Some(base), None) => ModelRun::new(base.clone()),
                (None, _) => ModelRun::new(self.run.scenario.clone()),
            },
        };
        match run {
            Ok(run) => Rc::new(SimState {
                run: Rc::new(run),
                keep_time: true,
                restore: None,
                revealed: None,
                error: None,
                ..(*self).clone()
            }),
            Err(why) => self.with_error(Refusal::Change(why)),
        }
    }

    /// A new run on screen: lesson `preset` (or the `custom` scenario) with `params`; no error,
    /// nothing to restore, a revealed answer hidden again. The panel and predict mode stay.
    /// `keep_time`: the playhead keeps its time.
    fn showing(
        &self,
        preset: usize,
        custom: Option<Rc<Scenario>>,
        params: Params,
        run: ModelRun,
        keep_time: bool,
    ) -> Rc<Self> {
        Rc::new(SimState {
            presets: self.presets.clone(),
            preset,
            custom,
            params: Some(params),
            error: None,
            run: Rc::new(run),
            keep_time,
            restore: None,
            panel: self.panel,
            predict: self.predict,
            revealed: None,
            program_error: None,
        })
    }

    fn with_error(self: Rc<Self>, why: Refusal) -> Rc<Self> {
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
                    Ok(run) => self.showing(i, None, Params::of(&p.scenario), run, false),
                    Err(why) => {
                        let why = format!("preset {}: {why}", p.name);
                        self.with_error(Refusal::Change(why))
                    }
                }
            }
            SimAction::Edit(edit) => {
                let (Some(current), Some(base)) = (self.params.as_ref(), self.base()) else {
                    return self;
                };
                let next = edited(current, &edit).and_then(|next| {
                    let sc = next.apply(base).map_err(|e| e.to_string())?;
                    let run = ModelRun::new(sc)?;
                    Ok((next, run))
                });
                match next {
                    Ok((params, run)) => {
                        self.showing(self.preset, self.custom.clone(), params, run, true)
                    }
                    // Keep the last good run and parameters; say which field is wrong.
                    Err(why) => self.with_error(Refusal::Change(why)),
                }
            }
            SimAction::Open(opened) => match SimState::opened(self.presets.clone(), &opened) {
                // Predict mode is the student's, not the link's: it stays as it was.
                Ok(next) => Rc::new(SimState {
                    predict: self.predict,
                    ..next
                }),
                Err(why) => self.with_error(Refusal::Link(why)),
            },
            SimAction::BadLink(why) => self.with_error(Refusal::Link(why)),
            SimAction::Home => match SimState::new(self.presets.clone()) {
                Some(mut home) => {
                    let end = home.run.trace.end_ns();
                    // A moment, so that it replaces the history entry instead of adding one.
                    home.restore = Some(PlaybackAt {
                        t: 0,
                        window: None,
                        speed: default_speed(end),
                    });
                    Rc::new(home)
                }
                None => self,
            },
            // The same run: only the address bar's entry changes (see `sim::link`).
            SimAction::ShowPanel(panel) => Rc::new(SimState {
                panel: (panel != Panel::Legend).then_some(panel),
                restore: None,
                ..(*self).clone()
            }),
            SimAction::SetPredict(on) => Rc::new(SimState {
                predict: on,
                revealed: None,
                restore: None,
                ..(*self).clone()
            }),
            SimAction::Reveal(guess) => {
                let v = verdict(&self.run, guess);
                Rc::new(SimState {
                    revealed: Some(Rc::new(v)),
                    restore: None,
                    ..(*self).clone()
                })
            }
            SimAction::RunProgram(text) => self.run_program(&text),
            SimAction::Import(name, text) => self.import(&name, &text),
            SimAction::Refuse(why) => self.with_error(Refusal::Import(why)),
            SimAction::Recalibrate => self.recalibrate(),
        }
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
