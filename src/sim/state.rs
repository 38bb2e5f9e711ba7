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
            Lesson::Program { program } => {
                let (sc, map) = gil_sim::python::from_python(program).map_err(|e| e.to_string())?;
                ModelRun::with_program(sc, program.clone(), map)?
            }
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
        match ModelRun::with_program(sc.clone(), text.to_string(), map) {
            Ok(run) => Rc::new(SimState {
                presets: self.presets.clone(),
                preset: self.preset,
                params: Some(Params::of(&sc)),
                custom: Some(Rc::new(sc)),
                error: None,
                run: Rc::new(run),
                keep_time: true,
                restore: None,
                panel: self.panel,
                predict: self.predict,
                revealed: None,
                program_error: None,
            }),
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
            gil_sim::python::from_python(text)
                .map_err(|e| e.to_string())
                .and_then(|(sc, map)| ModelRun::with_program(sc, text.to_string(), map))
        };
        match run {
            Ok(run) => Rc::new(SimState {
                presets: self.presets.clone(),
                preset: self.preset,
                params: Some(Params::of(&run.scenario)),
                custom: Some(Rc::new(run.scenario.clone())),
                error: None,
                run: Rc::new(run),
                keep_time: false,
                restore: None,
                panel: self.panel,
                predict: self.predict,
                revealed: None,
                program_error: None,
            }),
            Err(why) => self.with_error(Refusal::Import(format!("{name}: {why}"))),
        }
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
                    Ok(run) => Rc::new(SimState {
                        presets: self.presets.clone(),
                        preset: i,
                        custom: None,
                        params: Some(Params::of(&p.scenario)),
                        error: None,
                        run: Rc::new(run),
                        keep_time: false,
                        restore: None,
                        panel: self.panel,
                        predict: self.predict,
                        revealed: None,
                        program_error: None,
                    }),
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
                    Ok((params, run)) => Rc::new(SimState {
                        presets: self.presets.clone(),
                        preset: self.preset,
                        custom: self.custom.clone(),
                        params: Some(params),
                        error: None,
                        run: Rc::new(run),
                        keep_time: true,
                        restore: None,
                        panel: self.panel,
                        predict: self.predict,
                        revealed: None,
                        program_error: None,
                    }),
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_runs_as_a_custom_lesson_and_a_bad_one_keeps_the_last_good_run() {
        let s = state();
        let text = s.run.program.as_ref().unwrap().text.clone();
        // One more thread: a new lane.
        let more = text.replace(
            "    t_thread_1.start()",
            "    t_extra = threading.Thread(target=work, name=\"extra\")\n    t_extra.start()\n    t_thread_1.start()",
        );
        let next = s
            .clone()
            .reduce(SimAction::RunProgram(Rc::new(more.clone())));
        assert_eq!(next.program_error, None);
        assert_eq!(next.run.trace.threads.len(), s.run.trace.threads.len() + 1);
        assert!(next.custom.is_some() && next.lesson().is_none());
        assert_eq!(
            next.run.program.as_ref().unwrap().text,
            more,
            "the editor's text is kept"
        );
        // A syntax error: its line, and the last good run stays.
        let bad = more.replace("cpu(0.1)", "cpu(0.1");
        let refused = next.clone().reduce(SimAction::RunProgram(Rc::new(bad)));
        let e = refused.program_error.clone().unwrap();
        assert_eq!(e.line, Some(18), "{e:?}");
        assert!(Rc::ptr_eq(&refused.run, &next.run));
    }

    #[test]
    fn imported_files_open_or_name_their_line_or_field() {
        let s = state();
        let py =
            gil_sim::python::to_python(&gil_sim::presets::get("convoy").unwrap().scenario).text;
        let opened = s
            .clone()
            .reduce(SimAction::Import("convoy.py".into(), py.clone()));
        assert_eq!(opened.error, None);
        assert_eq!(opened.run.scenario.name, "convoy");
        let json = gil_sim::presets::get("io-threads")
            .unwrap()
            .scenario
            .to_json();
        let opened = s.clone().reduce(SimAction::Import("x.json".into(), json));
        assert_eq!(opened.run.scenario.name, "io-threads");
        let bad = s.clone().reduce(SimAction::Import(
            "bad.py".into(),
            py.replace("cpu(10)", "cpu("),
        ));
        let why = bad
            .error
            .as_ref()
            .map(Refusal::why)
            .unwrap_or_default()
            .to_string();
        assert!(why.starts_with("bad.py: line "), "{why}");
        assert!(Rc::ptr_eq(&bad.run, &s.run), "the last good run stays");
        let bad = s.clone().reduce(SimAction::Import(
            "b.json".into(),
            "{\"version\": 1, \"machine\": {\"cores\": 0}, \"processes\": []}".into(),
        ));
        let why = bad
            .error
            .as_ref()
            .map(Refusal::why)
            .unwrap_or_default()
            .to_string();
        assert!(why.contains("machine.cores"), "{why}");
    }

    #[test]
    fn predict_mode_hides_until_revealed_and_a_new_run_hides_again() {
        let s = state().reduce(SimAction::SetPredict(true));
        assert!(s.predict && s.revealed.is_none());
        let r = s.reduce(SimAction::Reveal(Guess {
            wall_ms: 100.0,
            extra: None,
        }));
        assert!(r.revealed.is_some());
        let again = edit(&r, ParamEdit::Cores("2".into()));
        assert!(again.predict && again.revealed.is_none());
    }

    #[test]
    fn showing_a_panel_keeps_the_run_and_the_legend_is_no_panel() {
        let s = state();
        let m = s.clone().reduce(SimAction::ShowPanel(Panel::Metrics));
        assert!(Rc::ptr_eq(&s.run, &m.run), "the same run");
        assert_eq!(m.panel, Some(Panel::Metrics));
        let back = m.reduce(SimAction::ShowPanel(Panel::Legend));
        assert_eq!(back.panel, None);
    }

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
                .as_ref()
                .map(Refusal::why)
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
        let why = refused.error.as_ref().map(Refusal::why).unwrap_or_default();
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

    #[test]
    fn home_goes_back_to_the_default_lesson_at_its_start_as_a_moment() {
        let s = edit(&state(), ParamEdit::Cores("3".into()));
        let home = s.reduce(SimAction::Home);
        assert_eq!(home.lesson().map(|p| p.name), Some(presets::DEFAULT));
        assert_eq!(home.params, home.lesson().map(|p| Params::of(&p.scenario)));
        let at = home
            .restore
            .expect("a moment, so the history entry is replaced");
        assert_eq!((at.t, at.window), (0, None));
    }
}
